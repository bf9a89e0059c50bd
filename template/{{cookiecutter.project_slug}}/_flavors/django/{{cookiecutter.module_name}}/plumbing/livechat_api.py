{% include "python/livechat_api.py" %}

# The verdicts of this process, shared by its requests (and their threads: the cache has a lock).
# The view makes a client per request and hands it this cache; tests swap it for their own.
verdicts = VerdictCache()
