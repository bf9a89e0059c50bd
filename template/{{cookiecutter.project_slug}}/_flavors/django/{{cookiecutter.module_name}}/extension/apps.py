from django.apps import AppConfig


class ExtensionConfig(AppConfig):
    name = "{{ cookiecutter.module_name }}.extension"
    verbose_name = "{{ cookiecutter.project_name }}"
