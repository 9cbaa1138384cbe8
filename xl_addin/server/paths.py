"""Serving only our own files: the request-path guard and the containment of every static mount.

Two independent locks, both applied by ``app.build``:

- ``PathGuardMiddleware`` (pure ASGI, outermost): a request whose path, after percent-decoding,
  holds a ``.`` or ``..`` segment (also ``..`` followed by spaces or dots, which Windows drops), a
  backslash, a NUL, an empty segment (``//``: an absolute path inside the path) or a drive letter,
  or whose raw path holds an encoded ``/``, ``\\``, NUL or ``%`` (``%2f``, ``%5c``, ``%00``, and
  ``%25``: a double-encoded path), is answered 404 before any route sees it. No file of ours has such
  a name, so no client ever needs one.
- ``contain_static_mounts(app)``: every ``StaticFiles`` mount of the app (ours at ``/web`` and
  xlwings-server's ``OverridableStaticFiles`` at ``/static``, whose ``lookup_path`` returns
  ``user_dir / path`` without the containment check of its parent class) gets a ``lookup_path``
  that answers only regular files whose real path (symbolic links resolved) lies inside one of
  the mount's own folders.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, Iterable

from xl_addin.server.answers import send_detail

NOT_FOUND = "找不到该页面或文件。"

_ENCODED_SEPARATOR = re.compile(rb"%(?:2f|5c|00|25)", re.I)     # /, \, NUL, and % (double encoding)
_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_path(path: str, raw_path: bytes | None = None) -> bool:
    """Whether a request path (decoded; ``raw_path`` as sent) tries to leave the folder it names."""
    if raw_path is not None and _ENCODED_SEPARATOR.search(raw_path):
        return True
    if "\\" in path or "\x00" in path or "//" in path:       # "//etc/passwd": an absolute path inside
        return True
    for segment in path.split("/"):
        if segment and not segment.strip(". "):          # ".", "..", ".. ", "...": parent on some systems
            return True
        if _DRIVE.match(segment):
            return True
    return False


async def _not_found(send) -> None:
    await send_detail(send, 404, NOT_FOUND)


class PathGuardMiddleware:
    """404 (in Chinese) for any request whose path tries to climb out of the folder it names."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and unsafe_path(scope.get("path", ""), scope.get("raw_path")):
            if scope["type"] == "http":
                await _not_found(send)
            return
        await self.app(scope, receive, send)


def _inside(real: str, roots: Iterable[str]) -> bool:
    for root in roots:
        try:
            if os.path.commonpath([real, root]) == root:
                return True
        except ValueError:        # different drives (Windows)
            continue
    return False


def contained_lookup(lookup: Callable[[str], tuple], roots: Iterable[str | os.PathLike]) -> Callable[[str], tuple]:
    """``lookup`` (a StaticFiles ``lookup_path``) answering only regular files really inside ``roots``."""
    real_roots = tuple(os.path.realpath(r) for r in roots)

    def lookup_path(path: str) -> tuple:
        if os.path.isabs(path) or unsafe_path(path.replace(os.sep, "/")):
            return "", None
        full, stat_result = lookup(path)
        if stat_result is None:
            return full, stat_result
        if not _inside(os.path.realpath(full), real_roots):
            return "", None
        return full, stat_result

    return lookup_path


def _roots(static) -> list[Path]:
    roots = [Path(d) for d in (getattr(static, "all_directories", None) or []) if d]
    for attr in ("directory", "user_dir", "package_dir"):
        d = getattr(static, attr, None)
        if d:
            roots.append(Path(d))
    return roots


def contain_static_mounts(app) -> int:
    """Give every StaticFiles mount of ``app`` (and of mounted sub-apps) the contained lookup; how many."""
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    done = 0
    for route in getattr(getattr(app, "router", app), "routes", []):
        if not isinstance(route, Mount):
            continue
        inner = route.app
        if isinstance(inner, StaticFiles):
            if not getattr(inner, "nianbao_contained", False):
                inner.lookup_path = contained_lookup(inner.lookup_path, _roots(inner))
                inner.nianbao_contained = True
            done += 1
        else:
            done += contain_static_mounts(inner)
    return done
