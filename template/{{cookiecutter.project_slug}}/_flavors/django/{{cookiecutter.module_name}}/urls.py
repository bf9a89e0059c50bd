"""The site's URLs: everything belongs to the extension app, and in development the Agent App
emulator is at /emulator/."""

from django.conf import settings
from django.urls import include, path

from .extension import api, urls
from .plumbing import emulator

urlpatterns = [
    path("", include(urls)),
]
if settings.AGENT_APP_EMULATOR:
    urlpatterns.append(path("emulator/", include(emulator)))

# Errors of the API are answered as JSON, like the rest of the API's answers.
handler500 = api.server_error
