from django.urls import path, re_path

from . import api, views

urlpatterns = [
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    # The widgets' pages, at the URLs you enter in the Developers Console.
{%- for widget in cookiecutter._livechat.widgets %}
    path("{{ widget.path }}", views.widget, {"name": "{{ widget.name }}"}, name="{{ widget.name }}"),
{%- endfor %}
{%- else %}
    path("", views.page, name="page"),
{%- endif %}
    path("healthz", views.healthz, name="healthz"),
{%- if cookiecutter.auth == "sign-in" %}
    path("api/session", views.create_session, name="session"),
{%- else %}
    # LiveChat fixes the path at /authorize/; the form without the slash is answered too,
    # directly rather than redirected, since a redirected POST may lose its body.
    path("authorize/", views.authorize, name="authorize"),
    path("authorize", views.authorize),
{%- endif %}
    path("api/me", views.me, name="me"),
{%- if cookiecutter._sdks[cookiecutter.sdk].widgets %}
    path(
        "api/customers/<str:customer_id>/details",
        views.customer_details,
        name="customer-details",
    ),
{%- endif %}
    # Last: any other path under api/ gets a JSON 404.
    re_path(r"^api(?:/|$)", api.not_found),
]
