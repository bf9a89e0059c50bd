"""gunicorn's settings for this app: gunicorn reads this file from the folder it starts in.

The command line (the README's "Deploy" section, the Dockerfile) sets the workers and the
address; this file holds what the app needs from every gunicorn that serves it.
"""

# Whether a request came in over HTTPS is the app's call (TRUST_PROXY, through Django's
# SECURE_PROXY_SSL_HEADER), not gunicorn's: by default gunicorn believes X-Forwarded-Proto from
# 127.0.0.1, which would turn on HSTS for a proxy the app was not told to trust.
forwarded_allow_ips = ""
