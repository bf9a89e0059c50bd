"""Django's bare endpoints in one file, the baseline for the generated Django app."""

import json

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only",  # noqa: S106 - a throwaway app on 127.0.0.1
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
)


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


@csrf_exempt
def authorize(request: HttpRequest) -> JsonResponse:
    json.loads(request.body)
    return JsonResponse({"session_id": "hello"})


urlpatterns = [path("", hello), path("authorize/", authorize)]
application = get_wsgi_application()
