"""The HTTP API: django-ninja routers over the same read filters and write functions as the
web pages, authenticated by bearer tokens only (see auth.py)."""
