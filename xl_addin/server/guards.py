"""Pure ASGI middlewares in front of the app (the request size limit, the script name check) and the token check.

The whole body is read (up to the limit) before the app sees it, so an upload that is too large
never reaches the multipart parser or a script, whether or not it declares its length. A call to
a script that does not exist is answered 404 in Chinese (xlwings-server would answer 500).
"""
from __future__ import annotations

import json
import secrets

# The clerk reads this (the VBA client shows a non-200 body in a MsgBox).
TOKEN_REQUIRED = ("访问口令不正确或未填写，服务器拒绝了请求。加载项请点“设置”填写县级信息化管理员提供的访问口令；"
                  "网页请在“访问口令”处填写；按钮版工作簿请向管理员索取新的工作簿。")


def token_ok(header: str | None, token: str | None) -> bool:
    """True when no token is configured, or the Authorization header carries it (optionally as Bearer)."""
    if not token:
        return True
    value = (header or "").strip()
    if value.lower().startswith("bearer "):
        value = value[7:].strip()
    return secrets.compare_digest(value.encode("utf-8"), token.encode("utf-8"))



def too_large_message(limit_mb: float) -> str:
    mb = f"{limit_mb:g}"
    return (f"上传的文件太大（超过{mb}MB），服务器拒绝处理。请确认选择的是年报工作簿；"
            f"如确需处理更大的文件，请联系县级信息化管理员。")


SCRIPT_PREFIX = "/xlwings/custom-scripts-call/"
UNKNOWN_SCRIPT = "服务器没有“{name}”这个功能。请向县级信息化管理员索取新版工作簿或加载项。"


async def _send_json(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class ScriptGuardMiddleware:
    """404 for ``/xlwings/custom-scripts-call/<name>`` unless ``name`` is one of ``scripts``."""

    def __init__(self, app, scripts):
        self.app, self.scripts = app, frozenset(scripts)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(SCRIPT_PREFIX):
            name = scope["path"][len(SCRIPT_PREFIX):]
            if name not in self.scripts:
                await _send_json(send, 404, UNKNOWN_SCRIPT.format(name=name[:40]))
                return
        await self.app(scope, receive, send)


class BodyLimitMiddleware:
    """``limit()`` gives the limit in force as (bytes, MB), read on every request."""

    def __init__(self, app, limit):
        self.app, self.limit = app, limit

    async def _refuse(self, scope, send, limit_mb: float):
        body = json.dumps({"detail": too_large_message(limit_mb)}, ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        max_bytes, limit_mb = self.limit()
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    if int(value) > max_bytes:
                        await self._refuse(scope, send, limit_mb)
                        return
                except ValueError:
                    pass
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > max_bytes:
                await self._refuse(scope, send, limit_mb)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
