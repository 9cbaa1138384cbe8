"""Assembling the ASGI app: xlwings-server's FastAPI app, our scripts, auth, web page, WPS add-in and limits.

Only imported by ``create_app()`` after ``configure()`` has set the XLWINGS_* environment.
"""
from __future__ import annotations

import logging
import re
import sys
import types

from xl_addin.server import buttons, context, scripts, web, wps
from xl_addin.server import settings as S
from xl_addin.server.cors import AddinCorsMiddleware
from xl_addin.server.guards import (
    TOKEN_REQUIRED,
    BodyLimitMiddleware,
    ScriptGuardMiddleware,
    TokenGateMiddleware,
    token_ok,
)
from xl_addin.server.paths import PathGuardMiddleware, contain_static_mounts
from xl_addin.server.versions import manifest_version

# Messages the clients show to the clerk (the VBA client shows a non-200 body in a MsgBox).
SERVER_ERROR = "服务器处理时出错，请稍后重试；如仍出错，请把工作簿发给县级信息化管理员。"
VERSION_MISMATCH = ("工作簿中的 xlwings 程序版本（{client}）与服务器（{server}）不一致，按钮无法使用。"
                    "请向县级信息化管理员索取新版工作簿，或改用网页校验。")
BAD_REQUEST = "服务器无法处理收到的工作簿数据，请重试（{detail}）"
_VERSION_RE = re.compile(r"Your xlwings version is different on the client \((.*?)\) and server \((.*?)\)")


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def exposed_scripts():
    """A module holding only the ``@script`` functions: xlwings-server calls ``getattr(module, name)``."""

    module = types.ModuleType("custom_scripts")
    for name, fn in scripts.scripts().items():
        setattr(module, name, fn)
    return module


def build(settings: S.Settings | None = None):
    settings = settings or S.load()
    runtime = context.install(settings)
    runtime.store.purge()

    sys.modules["custom_scripts"] = exposed_scripts()
    # Imported here on purpose: xlwings-server reads its settings from the environment when first
    # imported, so ``configure`` must run before (and ``nianbao --help`` stays fast).
    import xlwings_server.main as xs_main  # builds the app at import time
    from fastapi import Header, HTTPException, Request
    from fastapi.responses import JSONResponse, PlainTextResponse
    from xlwings import XlwingsError
    from xlwings_server import dependencies as dep
    from xlwings_server.models import User
    from xlwings_server.templates import env as templates_env


    app = xs_main.app
    if getattr(app.state, "nianbao_built", False):
        raise RuntimeError("create_app() may be called only once per process")
    app.state.nianbao_built = True
    app.title = "政务公开年报"

    async def authenticate(authorization: str = Header(default="")):
        if not token_ok(authorization, context.runtime().settings.token):
            raise HTTPException(status_code=401, detail=TOKEN_REQUIRED)
        return User(id="nianbao", name="nianbao")

    app.dependency_overrides[dep.authenticate] = authenticate
    # project/templates/manifest.xml and taskpane.html draw the ribbon from buttons.py (``gwnb``, read
    # when a page is rendered); the manifest's version is the package's
    templates_env.globals.update(gwnb_manifest_version=manifest_version(), gwnb=buttons)

    @app.exception_handler(XlwingsError)
    async def xlwings_error(request: Request, exc: XlwingsError):
        msg = str(exc)
        m = _VERSION_RE.search(msg)
        if m:
            msg = VERSION_MISMATCH.format(client=m.group(1), server=m.group(2))
        elif not _has_chinese(msg):
            msg = BAD_REQUEST.format(detail=msg[:200])
        return PlainTextResponse(msg, status_code=400)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):

        logging.getLogger("nianbao.server").exception("unhandled error on %s", request.url.path)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": SERVER_ERROR}, status_code=500)
        return PlainTextResponse(SERVER_ERROR, status_code=500)

    web.install(app)
    wps.install(app)
    contain_static_mounts(app)          # ours and xlwings-server's: only files inside their folders

    def limit() -> tuple[int, float]:
        s = context.runtime().settings
        return s.max_upload_bytes, s.max_upload_mb

    def pace() -> tuple[float, float]:
        s = context.runtime().settings
        return s.body_timeout, s.body_timeout * 10

    inner = ScriptGuardMiddleware(context.BaseURLMiddleware(xs_main.main_app), buttons.scripts())
    # outermost first: the path guard (nothing sees a path that climbs out), CORS (a 401/413 is
    # labelled too), the token before any body is read, then the body's size and pace
    gated = TokenGateMiddleware(BodyLimitMiddleware(inner, limit, pace), lambda: context.runtime().settings.token)
    return PathGuardMiddleware(AddinCorsMiddleware(wps.PageHeadersMiddleware(gated)))
