"""The floor of every HTTP figure: a bare Flask app answering a few bytes, under the same
gunicorn settings as the application."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def ok():
    return "ok"
