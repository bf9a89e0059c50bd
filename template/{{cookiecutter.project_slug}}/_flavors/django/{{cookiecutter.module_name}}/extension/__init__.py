"""The Django app of the extension, where your code goes.

The page (``templates/``, ``static/``), the views and their URLs, what the API's views share
(``api.py``){% if cookiecutter.auth == "basic" %} and who may use the extension (``authorization.py``){% endif %}.
"""
