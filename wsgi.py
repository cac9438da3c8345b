"""The WSGI entry point for gunicorn and the flask command."""
from caseworker import create_app

app = create_app()
