"""The report store: generated files behind unguessable, expiring download links.

Owns: where generated DOCX, HTML and annotated workbooks live on the server, the random entry
ids (192 bits), expiry and clean-up, and mapping a download request to a file. A request names
an entry id and a file kind from a fixed list; neither is ever joined into a path before it has
been checked, and the resolved path must lie inside the store, so no request can read a file
outside it. Pure standard library.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSM_MIME = "application/vnd.ms-excel.sheet.macroEnabled.12"
HTML_MIME = "text/html; charset=utf-8"

# kind -> (file name inside the entry, media type)
KINDS: dict[str, tuple[str, str]] = {
    "docx": ("report.docx", DOCX_MIME),
    "html": ("report.html", HTML_MIME),
    "xlsx": ("annotated.xlsx", XLSX_MIME),
    "xlsm": ("annotated.xlsm", XLSM_MIME),
}
ID_RE = re.compile(r"[A-Za-z0-9_-]{32}")
META = "meta.json"


@dataclass(frozen=True)
class StoredFile:
    path: Path
    media_type: str
    download_name: str


class ReportStore:
    """Entries ``<root>/<id>/`` holding a few files of the kinds in ``KINDS`` and ``meta.json``."""

    def __init__(self, root: str | os.PathLike, retention_seconds: float, clock: Callable[[], float] = time.time):
        self.root = Path(root)
        self.retention_seconds = retention_seconds
        self.clock = clock

    def _ensure_root(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self.root.resolve()

    def create(self) -> "Entry":
        """A new, empty entry with a fresh random id (old entries are purged first)."""
        self.purge()
        root = self._ensure_root()
        entry_id = secrets.token_urlsafe(24)        # 32 characters of [A-Za-z0-9_-]
        path = root / entry_id
        path.mkdir(mode=0o700)
        return Entry(self, entry_id, path)

    def _entry_dir(self, entry_id: str) -> Path | None:
        if not isinstance(entry_id, str) or not ID_RE.fullmatch(entry_id):
            return None
        root = self._ensure_root()
        path = (root / entry_id).resolve()
        if path.parent != root or not path.is_dir():
            return None
        return path

    def _meta(self, path: Path) -> dict | None:
        try:
            return json.loads((path / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def expired(self, meta: dict | None) -> bool:
        if not isinstance(meta, dict) or not isinstance(meta.get("created"), (int, float)):
            return True
        return self.clock() - meta["created"] > self.retention_seconds

    def get(self, entry_id: str, kind: str) -> StoredFile | None:
        """The stored file, or None when the id is malformed, unknown or expired, or the kind is not stored."""
        if kind not in KINDS:
            return None
        path = self._entry_dir(entry_id)
        if path is None:
            return None
        meta = self._meta(path)
        if self.expired(meta):
            shutil.rmtree(path, ignore_errors=True)
            return None
        name, media = KINDS[kind]
        names = meta.get("names") or {}
        if kind not in names:
            return None
        file = (path / name).resolve()
        if file.parent != path or not file.is_file():
            return None
        return StoredFile(file, media, names[kind])

    def purge(self) -> int:
        """Delete expired and unfinished entries; the number deleted."""
        if not self.root.is_dir():
            return 0
        n = 0
        for child in self.root.iterdir():
            if not child.is_dir() or not ID_RE.fullmatch(child.name):
                continue
            meta = self._meta(child)
            if meta is None:
                # an entry still being written has no meta yet: give it the retention time too
                try:
                    age = self.clock() - child.stat().st_mtime
                except OSError:
                    continue
                if age <= self.retention_seconds:
                    continue
            elif not self.expired(meta):
                continue
            shutil.rmtree(child, ignore_errors=True)
            n += 1
        return n


class Entry:
    """One set of files produced by one request; ``commit`` makes it downloadable."""

    def __init__(self, store: ReportStore, entry_id: str, path: Path):
        self.store, self.id, self.dir = store, entry_id, path
        self.names: dict[str, str] = {}

    def path(self, kind: str) -> Path:
        return self.dir / KINDS[kind][0]

    def add(self, kind: str, download_name: str) -> Path:
        """Reserve a file of this kind; write it to the returned path before ``commit``."""
        self.names[kind] = _safe_download_name(download_name)
        return self.path(kind)

    def commit(self) -> str:
        meta = {"created": self.store.clock(), "names": self.names}
        tmp = self.dir / (META + ".tmp")
        tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.dir / META)
        return self.id

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _safe_download_name(name: str) -> str:
    """A file name for Content-Disposition: no path separators or control characters."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", str(name)).strip(" .") or "download"
    return name[:120]


def url_path(entry_id: str, kind: str) -> str:
    """The path part of a download link (the routes in ``web.py`` serve it)."""
    return f"/files/{entry_id}/{kind}"
