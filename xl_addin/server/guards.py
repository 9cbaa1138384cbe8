"""Pure ASGI middlewares in front of the app (the token gate, the request size and pace limit, the
script name check) and the token check.

A request that carries a body (POST and the like) without the right token is refused (401) before a
byte of its body is read. The whole body is then read (up to the limit, at a minimum pace) before
the app sees it, so an upload that is too large or too slow never reaches the multipart parser or a
script, whether or not it declares its length. A call to a script that does not exist is answered
404 in Chinese (xlwings-server would answer 500).
"""
from __future__ import annotations

import asyncio
import json
import secrets

from xl_addin.server.answers import send_detail

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


class TokenGateMiddleware:
    """401 (in Chinese, connection closed) for a request with a body and without the right token,
    before its body is read; ``token()`` gives the token in force (None: no token required)."""

    def __init__(self, app, token):
        self.app, self.token = app, token

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            header = next((v for k, v in scope.get("headers", []) if k == b"authorization"), b"")
            if not token_ok(header.decode("latin-1"), self.token()):
                await send_detail(send, 401, TOKEN_REQUIRED, close=True)
                return
        await self.app(scope, receive, send)


BAD_PAYLOAD = ("按钮发来的数据无法识别（{detail}），服务器没有处理。请重试；如仍出错，"
               "请向县级信息化管理员索取新版加载项或按钮版工作簿。")


def payload_problem(body: bytes) -> str | None:
    """What is wrong with a button's JSON body, in Chinese; None when it has the shape the xlwings
    clients send (``{client, version, book: {name, active_sheet_index, selection}, names,
    sheets: [{name, values: [[…]], pictures, tables}]}``) as far as xlwings reads it."""
    try:
        api = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "不是有效的JSON"
    if not isinstance(api, dict):
        return "应为JSON对象"
    for key, kind in (("client", str), ("version", str), ("book", dict), ("names", list), ("sheets", list)):
        if not isinstance(api.get(key), kind):
            return f"缺少或不正确：{key}"
    book, sheets = api["book"], api["sheets"]
    if not isinstance(book.get("name"), str) or not isinstance(book.get("selection", ""), str):
        return "缺少或不正确：book.name"
    ix = book.get("active_sheet_index")
    if not sheets or not isinstance(ix, int) or isinstance(ix, bool) or not 0 <= ix < len(sheets):
        return "缺少或不正确：book.active_sheet_index"
    for sheet in sheets:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
            return "缺少或不正确：sheets.name"
        values = sheet.get("values")
        if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
            return "缺少或不正确：sheets.values"
        if not all(isinstance(sheet.get(k, []), list) for k in ("pictures", "tables")):
            return "缺少或不正确：sheets.pictures/tables"
    return None


class ScriptGuardMiddleware:
    """404 for ``/xlwings/custom-scripts-call/<name>`` unless ``name`` is one of ``scripts``; 400 (in
    Chinese) for a call whose body is not a button's JSON (xlwings-server would answer 500). Runs
    after the token gate and the body limit: the body is already in memory."""

    def __init__(self, app, scripts):
        self.app, self.scripts = app, frozenset(scripts)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(SCRIPT_PREFIX):
            name = scope["path"][len(SCRIPT_PREFIX):]
            if name not in self.scripts:
                await send_detail(send, 404, UNKNOWN_SCRIPT.format(name=name[:40]))
                return
            if scope["method"] == "POST":
                message = await receive()
                problem = payload_problem(message.get("body", b""))
                if problem:
                    await send_detail(send, 400, BAD_PAYLOAD.format(detail=problem))
                    return
                receive = _replaying(message, receive)
        await self.app(scope, receive, send)


def _replaying(first: dict, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return first
        return await receive()

    return replay


TOO_SLOW = "上传太慢或中途停止，服务器已中止这次上传。请检查网络后重试；如网络较慢，请联系县级信息化管理员。"
BUSY = "服务器正忙（同时上传的文件太多），请稍后重试。"
BUFFER_UPLOADS = 12                # bodies of the largest size held in memory at once, per process


class BodyLimitMiddleware:
    """The whole body read before the app sees it, bounded in size, pace and memory.

    ``limit()`` gives the size limit in force as (bytes, MB) and ``pace()`` the longest pause
    between two pieces of a body and the longest whole upload (seconds), read on every request:
    413 when too large, 408 when too slow, 503 when the bodies held in memory by this process
    would pass ``BUFFER_UPLOADS`` times the size limit.
    """

    def __init__(self, app, limit, pace=None):
        self.app, self.limit, self.pace = app, limit, pace or (lambda: (None, None))
        self.buffered = 0

    async def _refuse(self, send, status: int, detail: str):
        await send_detail(send, status, detail, close=True)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        max_bytes, limit_mb = self.limit()
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    if int(value) > max_bytes:
                        await self._refuse(send, 413, too_large_message(limit_mb))
                        return
                except ValueError:
                    pass
        idle, total = self.pace()
        loop = asyncio.get_running_loop()
        deadline = None if total is None else loop.time() + total
        chunks: list[bytes] = []
        held = 0                       # bytes of this body counted in self.buffered
        try:
            while True:
                waits = [w for w in (idle, None if deadline is None else max(0.0, deadline - loop.time()))
                         if w is not None]
                wait = min(waits) if waits else None
                try:
                    message = await asyncio.wait_for(receive(), wait) if wait is not None else await receive()
                except asyncio.TimeoutError:
                    await self._refuse(send, 408, TOO_SLOW)
                    return
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                if held + len(chunk) > max_bytes:
                    await self._refuse(send, 413, too_large_message(limit_mb))
                    return
                if self.buffered + len(chunk) > BUFFER_UPLOADS * max_bytes:
                    await self._refuse(send, 503, BUSY)
                    return
                self.buffered += len(chunk)
                held += len(chunk)
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            chunks.clear()
            sent = False

            async def replay():
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send)
        finally:
            self.buffered -= held
