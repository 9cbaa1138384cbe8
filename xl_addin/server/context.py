"""Per-process state the scripts and routes share: the settings, the report store, the base URL.

xlwings-server calls scripts as module-level functions, so the app builder installs one
``Runtime`` here; the base URL of the current request travels in a context variable (set by
``BaseURLMiddleware``, copied into worker threads by ``asyncio.to_thread``).
"""
from __future__ import annotations

import contextvars
from dataclasses import dataclass

from xl_addin.server.settings import Settings
from xl_addin.server.store import ReportStore, url_path

current_base_url: contextvars.ContextVar[str] = contextvars.ContextVar("current_base_url", default="")


@dataclass
class Runtime:
    settings: Settings
    store: ReportStore


_runtime: Runtime | None = None


def install(settings: Settings) -> Runtime:
    global _runtime
    _runtime = Runtime(settings, ReportStore(settings.store_dir, settings.retention_seconds))
    return _runtime


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("the server app has not been built (call xl_addin.server.create_app())")
    return _runtime


def base_url() -> str:
    """The public base URL: NIANBAO_BASE_URL, else the current request's."""
    configured = runtime().settings.base_url
    return (configured or current_base_url.get() or "http://127.0.0.1:8000").rstrip("/")


def download_url(entry_id: str, kind: str) -> str:
    return base_url() + url_path(entry_id, kind)


class BaseURLMiddleware:
    """Pure ASGI middleware: remember the request's base URL (scheme from X-Forwarded-Proto)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            from starlette.requests import Request

            request = Request(scope)
            url = str(request.base_url)
            proto = request.headers.get("x-forwarded-proto", "")
            if proto == "https" and url.startswith("http://"):
                url = "https://" + url[len("http://"):]
            current_base_url.set(url.rstrip("/"))
        await self.app(scope, receive, send)
