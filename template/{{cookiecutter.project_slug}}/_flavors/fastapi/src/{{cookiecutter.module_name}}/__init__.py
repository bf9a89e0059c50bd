"""{{ cookiecutter.project_name }}.

A LiveChat Agent App extension built with FastAPI.
"""
