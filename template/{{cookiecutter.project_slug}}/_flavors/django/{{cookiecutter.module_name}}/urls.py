"""The site's URLs: everything belongs to the extension app."""

from django.urls import include, path

from .extension import api, urls

urlpatterns = [
    path("", include(urls)),
]

# Errors of the API are answered as JSON, like the rest of the API's answers.
handler500 = api.server_error
