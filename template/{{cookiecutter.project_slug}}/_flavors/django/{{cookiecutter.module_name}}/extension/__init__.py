"""The Django app of the extension: its page, its authorization endpoint and its API."""
