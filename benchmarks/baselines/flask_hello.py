"""Flask's bare endpoints, the baseline for the generated Flask app (served the same way)."""

from flask import Flask, request

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"


@app.post("/authorize/")
def authorize() -> dict[str, str]:
    request.get_json()
    return {"session_id": "hello"}
