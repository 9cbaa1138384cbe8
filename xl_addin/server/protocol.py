"""The HTTP side of ``nianbao serve``: uvicorn's options and its protocol with a deadline for headers.

uvicorn closes an idle keep-alive connection, but waits for ever for the headers of a request: a
thousand connections that send nothing (or half a request line) hold a thousand file descriptors
and stop the service at the usual limit of 1024. ``protocol()`` is uvicorn's own HTTP protocol
(httptools when installed, else h11) that closes a connection whose request headers are not
complete ``header_timeout`` seconds after it opened or after its last answer. ``options()`` adds
the connection limit (answered 503 beyond it, in Chinese: uvicorn's own answer is replaced), the
keep-alive timeout and the open-file limit.
Imported only by ``nianbao serve`` (uvicorn at module level: the classes must pickle for workers).
"""
from __future__ import annotations

import asyncio
import os

from uvicorn.protocols.http import h11_impl
from uvicorn.protocols.http.h11_impl import H11Protocol

from xl_addin.server.answers import send_detail

try:
    from uvicorn.protocols.http import httptools_impl
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:            # httptools not installed: uvicorn uses h11
    httptools_impl, HttpToolsProtocol = None, None

BUSY = "服务器正忙（同时连接的人太多），请稍后重试；多次出现请告诉县级信息化管理员。"


async def busy(scope, receive, send) -> None:
    """uvicorn's answer beyond ``limit_concurrency``, in Chinese (its own is "Service Unavailable")."""
    await send_detail(send, 503, BUSY, close=True)


for _module in (h11_impl, httptools_impl):   # the protocols look the name up when a request arrives
    if _module is not None:
        _module.service_unavailable = busy

KEEP_ALIVE = 5                  # seconds an idle connection stays open after an answer (uvicorn's default)
OPEN_FILES = 65536              # the open-file limit asked for (up to the hard limit)


class _HeaderDeadline:
    """Close the connection when no request's headers are complete within ``header_timeout`` s."""

    header_timeout = float(os.environ.get("NIANBAO_HEADER_TIMEOUT") or 10)
    _header_timer: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_overdue)

    def _headers_overdue(self) -> None:
        self._header_timer = None
        in_flight = self.cycle is not None and not self.cycle.response_complete
        if not in_flight and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()                 # the next request's headers, if any, are due in time too

    def connection_lost(self, exc) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None
        super().connection_lost(exc)


class H11WithHeaderDeadline(_HeaderDeadline, H11Protocol):
    pass


if HttpToolsProtocol is not None:
    class HttpToolsWithHeaderDeadline(_HeaderDeadline, HttpToolsProtocol):
        pass
else:
    HttpToolsWithHeaderDeadline = None


def protocol() -> type:
    """The HTTP protocol class uvicorn's ``http="auto"`` would pick, with the header deadline."""
    return HttpToolsWithHeaderDeadline or H11WithHeaderDeadline


def raise_open_files(wanted: int = OPEN_FILES) -> int:
    """Raise this process's soft open-file limit towards ``wanted`` (never above the hard limit)."""
    try:
        import resource
    except ImportError:         # Windows
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            return target
        except (ValueError, OSError):
            return soft
    return soft


def options(settings) -> dict:
    """uvicorn.run keyword arguments for the limits of ``settings`` (``settings.Settings``)."""
    os.environ["NIANBAO_HEADER_TIMEOUT"] = f"{settings.header_timeout:g}"   # read by each worker process
    _HeaderDeadline.header_timeout = settings.header_timeout
    return {"http": protocol(), "limit_concurrency": settings.max_connections, "timeout_keep_alive": KEEP_ALIVE}
