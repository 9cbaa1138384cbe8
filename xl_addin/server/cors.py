"""CORS for the WPS add-in installed as an offline package: its page is a ``file://`` page.

A page opened from ``file://`` sends ``Origin: null`` (Chromium, and so WPS's embedded browser;
some builds send ``Origin: file://``). Its button request is a cross-origin ``POST`` with a JSON
body and an ``Authorization`` header, so the browser first sends a preflight ``OPTIONS``. This
pure ASGI middleware answers exactly that and nothing more:

- only the button endpoints (``/xlwings/custom-scripts-call/<script>``),
- only for ``Origin: null`` or ``Origin: file://``,
- only ``POST`` with the headers ``Authorization`` and ``Content-Type``, no credentials (cookies).

The preflight itself carries no token (browsers never send one with it) and is answered before
the app; the ``POST`` that follows goes through the app and its token check unchanged, and its
answer (200, or the Chinese 401/404/413 message) gets ``Access-Control-Allow-Origin`` so the add-in
can read it. Every other origin and every other path is left exactly as before: no CORS headers.
The online add-in (served by this server at ``/wps/``) is same-origin and needs none of this.
"""
from __future__ import annotations

from xl_addin.server.guards import SCRIPT_PREFIX

ADDIN_ORIGINS = (b"null", b"file://")
ALLOW_METHODS = b"POST"
ALLOW_HEADERS = b"authorization, content-type"
MAX_AGE = b"600"


def _header(scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value
    return None


class AddinCorsMiddleware:
    """Answer the add-in's preflight and label its answers; leave every other request alone."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(SCRIPT_PREFIX):
            await self.app(scope, receive, send)
            return
        origin = _header(scope, b"origin")
        if origin not in ADDIN_ORIGINS:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await self._preflight(scope, send, origin)
            return

        async def labelled(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k not in (b"access-control-allow-origin", b"vary")]
                headers += [(b"access-control-allow-origin", origin), (b"vary", b"Origin")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, labelled)

    @staticmethod
    async def _preflight(scope, send, origin: bytes) -> None:
        method = _header(scope, b"access-control-request-method")
        asked = _header(scope, b"access-control-request-headers") or b""
        wanted = {h.strip().lower() for h in asked.split(b",") if h.strip()}
        allowed = {h.strip() for h in ALLOW_HEADERS.split(b",")}
        if method != ALLOW_METHODS or not wanted <= allowed:
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-length", b"0"), (b"vary", b"Origin")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 204, "headers": [
            (b"access-control-allow-origin", origin),
            (b"access-control-allow-methods", ALLOW_METHODS),
            (b"access-control-allow-headers", ALLOW_HEADERS),
            (b"access-control-max-age", MAX_AGE),
            (b"vary", b"Origin"),
            (b"content-length", b"0"),
        ]})
        await send({"type": "http.response.body", "body": b""})
