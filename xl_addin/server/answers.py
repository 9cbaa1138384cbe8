"""The answer the server's gates give before any route runs: ``{"detail": "…"}`` in Chinese, written
exactly as FastAPI writes its own (compact UTF-8 JSON), so that every client reads one shape.

Owns: ``send_detail`` (raw ASGI: the gates answer before a request reaches FastAPI).
"""
from __future__ import annotations

import json


def detail_body(detail: str) -> bytes:
    return json.dumps({"detail": detail}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def send_detail(send, status: int, detail: str, close: bool = False) -> None:
    """Answer ``status`` with the Chinese ``detail``; ``close``: the connection is not kept (a body
    that was not read must not be taken for the next request)."""
    body = detail_body(detail)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
