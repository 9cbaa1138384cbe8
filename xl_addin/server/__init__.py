"""The backend of the Excel buttons and of the web page: ``nianbao serve``.

One ASGI app built on xlwings-server (FastAPI): the ribbon scripts
(``/xlwings/custom-scripts-call/<script>``, see ``scripts.py``), the Office.js manifest
(``/manifest``), the web page for users without Excel (``/``, see ``web.py``) and the download
links of the report store (``/files/<id>/<kind>``, see ``store.py``). Settings come from
``settings.py``.

Nothing here may import xlwings at module level: xlwings checks its licence key once, at first
import, and honours the server decorators only when ``XLWINGS_ON_SERVER`` is set by then. So
``configure()`` sets the environment first and ``create_app()`` imports everything after it.
xlwings-server builds one module-level app per process: call ``create_app()`` once.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR / "project"       # XLWINGS_PROJECT_DIR: manifest/taskpane templates, static overrides

XLWINGS_DEFAULTS = {
    # PolyForm Noncommercial 1.0.0: use by a government institution is a permitted purpose.
    "XLWINGS_LICENSE_KEY": "noncommercial",
    "XLWINGS_ON_SERVER": "true",
    "XLWINGS_PROJECT_DIR": str(PROJECT_DIR),
    "XLWINGS_ENVIRONMENT": "prod",
    "XLWINGS_PROJECT_NAME": "政务公开年报",
    "XLWINGS_ENABLE_SOCKETIO": "false",
    "XLWINGS_ENABLE_HOTRELOAD": "false",
    "XLWINGS_ENABLE_EXAMPLES": "false",
    "XLWINGS_ENABLE_HTMX": "false",
    "XLWINGS_ENABLE_ALPINEJS_CSP": "false",
    "XLWINGS_ENABLE_BOOTSTRAP": "false",
    "XLWINGS_CDN_OFFICEJS": "false",          # office.js from the package: works without internet
    "XLWINGS_CORS_ALLOW_ORIGINS": "[]",
    "XLWINGS_FUNCTIONS_NAMESPACE": "GWNB",
    # Our own add-in id; never change it after deployment (Office identifies the add-in by it).
    "XLWINGS_MANIFEST_ID_PROD": "023a8eee-7241-4874-85de-2ad7e5366ec0",
    "XLWINGS_MANIFEST_ID_DEV": "5b0f6d0c-2f7e-4f55-9a55-6a1f3f0b9e21",
}


def configure(**overrides: str) -> None:
    """Set the XLWINGS_* variables (real environment variables win). Run before importing xlwings."""
    for key, value in {**XLWINGS_DEFAULTS, **overrides}.items():
        os.environ.setdefault(key, value)
    xlwings = sys.modules.get("xlwings")
    if xlwings is not None and not getattr(xlwings, "__pro__", False):
        raise RuntimeError("xlwings was imported before XLWINGS_LICENSE_KEY was set; "
                           "call xl_addin.server.configure() first")


def create_app(settings=None):
    """The ASGI app (call once per process); ``settings`` defaults to ``settings.load()``."""
    configure()
    from xl_addin.server.app import build
    return build(settings)
