"""{{ cookiecutter.project_name }}: a LiveChat Agent App extension built with Django."""
