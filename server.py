"""WSGI entry point: ``gunicorn server:app`` serves the graph configured by LPSKG_* variables."""
from lpskg.web.app import create_app

app = create_app()
