"""The web page for users without Excel (or with WPS) and the download links.

Routes: ``GET /`` the page (static files in ``web/``, no CDN), ``GET /api/info``,
``POST /api/check`` (multipart field ``workbook``: findings plus download links),
``GET /files/<id>/<kind>`` (the report store) and ``GET /healthz``.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import APIRouter, Header, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile

from xl_addin.server import context, service
from xl_addin.server.guards import TOKEN_REQUIRED, token_ok

WEB_DIR = Path(__file__).resolve().parent / "web"
# The page loads nothing from elsewhere; say so to the browser too.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "Cache-Control": "no-cache",
}
NO_FILE = "请先选择要检查的年报工作簿。"
BAD_FORM = "上传的内容无法识别，请重新选择文件后上传。"
EXPIRED = "下载链接已过期或不存在。生成的文件只保留一段时间，请重新上传工作簿或重新点击“生成报告”。"

router = APIRouter()


def _expired_page() -> HTMLResponse:
    html = ("<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>链接已失效</title></head>"
            f"<body><h1>链接已失效</h1><p>{EXPIRED}</p><p><a href='/'>返回在线校验页面</a></p></body></html>")
    return HTMLResponse(html, status_code=404, headers=PAGE_HEADERS)


@router.get("/", include_in_schema=False)
async def page():
    return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


@router.api_route("/healthz", methods=["GET", "HEAD"])
async def healthz():
    return {"status": "ok"}


@router.get("/api/info")
async def info():
    settings = context.runtime().settings
    return {"token_required": bool(settings.token), "max_upload_mb": settings.max_upload_mb,
            "retention_minutes": settings.retention_minutes}


@router.post("/api/check")
async def check(request: Request, authorization: str = Header(default="")):
    rt = context.runtime()
    if not token_ok(authorization, rt.settings.token):
        return JSONResponse({"detail": TOKEN_REQUIRED}, status_code=401)
    try:
        form = await request.form(max_files=1, max_fields=5)
    except Exception:
        return JSONResponse({"detail": BAD_FORM}, status_code=400)
    try:
        upload = form.get("workbook")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return JSONResponse({"detail": NO_FILE}, status_code=400)
        content = await upload.read()
        filename = upload.filename
    finally:
        await form.close()
    status, body = await asyncio.to_thread(service.check_upload, rt.store, content, filename)
    return JSONResponse(body, status_code=status)


@router.get("/files/{entry_id}/{kind}")
async def download(entry_id: str, kind: str):
    stored = context.runtime().store.get(entry_id, kind)
    if stored is None:
        return _expired_page()
    return FileResponse(stored.path, media_type=stored.media_type, filename=stored.download_name,
                        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def install(app) -> None:
    """Add the routes and the page's static files to the app."""
    app.include_router(router)
    # ahead of xlwings-server's own "/" (a JSON health check; ours is /healthz)
    app.router.routes.insert(0, app.router.routes.pop())
    app.mount("/web", StaticFiles(directory=WEB_DIR), name="nianbao-web")
