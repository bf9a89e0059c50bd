"""The site's URLs: everything belongs to the extension app."""

from django.urls import include, path

urlpatterns = [
    path("", include("{{ cookiecutter.module_name }}.extension.urls")),
]
