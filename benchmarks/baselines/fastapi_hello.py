"""FastAPI's bare endpoints, the baseline for the generated FastAPI app (served the same way)."""

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.get("/", response_class=PlainTextResponse)
async def hello() -> str:
    return "hello"


@app.post("/authorize/")
async def authorize(request: Request) -> dict[str, str]:
    await request.json()
    return {"session_id": "hello"}
