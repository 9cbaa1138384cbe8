"""The WPS add-in (WPS加载项 for ET, WPS Office's spreadsheet) and the files that deploy it.

The add-in is a folder: ``ribbon.xml`` (tab 政务公开年报, drawn from ``buttons.py``),
``manifest.xml``, ``index.html`` (the hidden page WPS loads at start), the scripts
(``gwnb-core.js`` shared with the Office.js add-in, ``gwnb-et.js`` the ET adapter, ``gwnb-wps.js``
the ribbon callbacks, ``gwnb-token.js`` the token file, ``gwnb-config.js`` the server address, an
optional built-in token and the button-to-script map), the 设置 pane and the icons. Ways to the
PCs (``docs/server.md``; the deployment files are ``wps_deploy.py``'s):

- online: ``nianbao serve`` serves the folder at ``/wps/``, a ``/wps/jsplugins.xml`` that lists
  it, the install page ``/wps/publish.html`` and the offline package ``/wps/nianbao.7z``; WPS
  loads the server's current add-in at start, its requests are same-origin. Nothing served carries
  a token (anyone on the network could read it): clerks enter one with 设置.
- ``nianbao addin-wps --url URL [--token T] -o DIR`` writes the same for another web server or
  for copying: the online folder, the offline folder ``nianbao_<version>`` and its ``nianbao.7z``
  package (with the token only when ``--token`` gives one, and only one the server would accept),
  ``publish.html``, ``publish.xml``, ``jsplugins.xml``, the ``oem.ini`` lines and a Chinese README.
  The offline add-in runs from ``file://`` and calls the server cross-origin (``cors.py``).
"""
from __future__ import annotations

import functools
import io
import json
from pathlib import Path
from xml.sax.saxutils import quoteattr

from xl_addin.outputs import check_folder, write_bytes
from xl_addin.server import buttons as B
from xl_addin.server import wps_deploy as D
from xl_addin.server.settings import check_client_token

HERE = Path(__file__).resolve().parent               # xl_addin/server
ADDIN_DIR = HERE / "wps_addin"
STATIC_JS = HERE / "project" / "static" / "js"         # gwnb-core.js, shared with the Office.js add-in
ICONS = HERE / "project" / "static" / "images" / "icons"
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
ON_LOAD, ON_ACTION, GET_IMAGE = "GwnbOnLoad", "GwnbOnAction", "GwnbGetImage"
EXCLUDE = ("xlwings.conf",)                        # the VBA variant's settings sheet (xlsm.CONF_SHEET)
SCRIPTS = ("js/gwnb-config.js", "js/gwnb-token.js", "js/gwnb-core.js", "js/gwnb-et.js", "js/gwnb-wps.js")
SETTINGS_PANE_KEY = "gwnb_settings_pane"           # PluginStorage: the 设置 pane's id, for 关闭 and the ribbon
CONTENT_TYPES = {".xml": "text/xml; charset=utf-8", ".html": "text/html; charset=utf-8",
                 ".js": "application/javascript; charset=utf-8", ".png": "image/png",
                 ".7z": "application/x-7z-compressed"}
NOT_FOUND = "WPS 加载项中没有这个文件。"
# xlwings-server's security headers that are about frames and cross-origin isolation; WPS hosts the
# add-in's pages itself (a hidden page, the 设置 pane), so they are left off those pages.
ISOLATION_HEADERS = (b"x-frame-options", b"cross-origin-embedder-policy", b"cross-origin-opener-policy",
                     b"cross-origin-resource-policy")


def ribbon_xml() -> str:
    """``ribbon.xml``: WPS wants it to start with ``<customUI`` (no XML declaration)."""
    lines = [f'<customUI xmlns="{CUSTOMUI_NS}" onLoad="{ON_LOAD}">', '  <ribbon startFromScratch="false">',
             '    <tabs>', f'      <tab id="GwnbTab" label={quoteattr(B.TAB_LABEL)}>',
             f'        <group id="GwnbGroup" label={quoteattr(B.GROUP_LABEL)}>']
    controls = [(b.control_id, b.label, b.tooltip) for b in B.BUTTONS]
    controls.append((B.SETTINGS_ID, B.SETTINGS_LABEL, B.SETTINGS_TOOLTIP))
    for cid, label, tip in controls:
        lines.append(f'          <button id="{cid}" label={quoteattr(label)} screentip={quoteattr(label)}'
                     f' supertip={quoteattr(tip)} size="large" getImage="{GET_IMAGE}" onAction="{ON_ACTION}"/>')
    lines += ['        </group>', '      </tab>', '    </tabs>', '  </ribbon>', '</customUI>', '']
    return "\n".join(lines)


def config(server: str, token: str | None = None) -> dict:
    """What ``gwnb-config.js`` tells the scripts."""
    return {"server": server.rstrip("/"), "token": token or "", "title": B.TAB_LABEL,
            "buttons": {b.control_id: b.script for b in B.BUTTONS}, "settings": B.SETTINGS_ID,
            "settingsPane": SETTINGS_PANE_KEY, "exclude": list(EXCLUDE), "clientVersion": f"nianbao-wps {D.version()}"}


def config_js(server: str, token: str | None = None) -> str:
    body = json.dumps(config(server, token), ensure_ascii=True, indent=2, sort_keys=True)
    return ("// Written by nianbao (xl_addin/server/wps.py): the server this add-in calls and its buttons.\n"
            f"window.GWNB_CONFIG = {body};\n")


def addin_files(server: str, token: str | None = None) -> dict[str, bytes]:
    """The add-in folder as {relative path: content}."""
    files = {"ribbon.xml": ribbon_xml().encode("utf-8"), "manifest.xml": D.manifest_xml().encode("utf-8"),
             "js/gwnb-config.js": config_js(server, token).encode("ascii"),
             "js/gwnb-core.js": (STATIC_JS / "gwnb-core.js").read_bytes()}
    for path in sorted(ADDIN_DIR.rglob("*")):
        if path.is_file():
            files[path.relative_to(ADDIN_DIR).as_posix()] = path.read_bytes()
    for size in (16, 32):
        files[f"images/nianbao-{size}.png"] = (ICONS / f"nianbao-{size}.png").read_bytes()
    return files


def seven_zip(files: dict[str, bytes], ver: str | None = None) -> bytes:
    """The offline package ``nianbao.7z``: the folder ``nianbao_<version>`` inside, as wpsjs builds it."""
    import py7zr

    top = D.folder_name(ver)
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as archive:
        for rel, data in sorted(files.items()):
            archive.writestr(data, f"{top}/{rel}")
    return buf.getvalue()


def write(out_dir: str | Path, server: str, token: str | None = None, overwrite: bool = False) -> list[Path]:
    """Write every deployment file of ``nianbao addin-wps`` into ``out_dir``; the paths written.

    A folder with files in it is refused unless ``overwrite``; each file is written atomically. A
    token the server would refuse is refused here (that add-in could never connect)."""
    check_client_token(token)
    out = check_folder(out_dir, overwrite)
    files = addin_files(server, token)
    public = addin_files(server, None)          # the online folder goes on a web server: never a token
    written: list[Path] = []

    def put(rel: str, data: bytes) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(write_bytes(path, data))

    for rel, data in public.items():
        put(f"online/{rel}", data)
    for rel, data in files.items():
        put(f"offline/{D.folder_name()}/{rel}", data)
    put(f"offline/{D.PACKAGE}", seven_zip(files))
    put("publish.html", D.publish_html(server).encode("utf-8"))
    put("publish.xml", D.publish_xml().encode("utf-8"))
    put("jsplugins.xml", D.jsplugins_xml(server).encode("utf-8"))
    put("oem.ini.txt", D.oem_lines(server).encode("utf-8"))
    put("README.txt", D.readme(server, token).encode("utf-8"))
    return written


# ---------------------------------------------------------------- served by nianbao serve

@functools.lru_cache(maxsize=8)
def _served(server: str) -> dict[str, bytes]:
    files = addin_files(server, token=None)
    files["jsplugins.xml"] = D.jsplugins_xml(server).encode("utf-8")
    files["publish.html"] = D.publish_html(server).encode("utf-8")
    return files


@functools.lru_cache(maxsize=8)
def _package(server: str) -> bytes:
    """The offline package, made when first asked for (WPS fetches the add-in's files at every start)."""
    return seven_zip(addin_files(server, token=None))


def install(app) -> None:
    """``GET /wps/<file>``: the online add-in for the server's own address, its jsplugins.xml, the
    install page publish.html and the offline package nianbao.7z (none of them with a token)."""
    from fastapi.responses import JSONResponse, Response

    from xl_addin.server import context

    @app.get(D.ONLINE_PATH + "{path:path}", include_in_schema=False)
    async def wps_file(path: str):
        server = context.base_url()
        data = _package(server) if path == D.PACKAGE else _served(server).get(path or "index.html")
        if data is None:
            return JSONResponse({"detail": NOT_FOUND}, status_code=404)
        media = CONTENT_TYPES.get(Path(path or "index.html").suffix, "application/octet-stream")
        return Response(data, media_type=media, headers={"Cache-Control": "no-cache"})


class PageHeadersMiddleware:
    """Pure ASGI: drop ``ISOLATION_HEADERS`` from the answers under ``/wps/``, nothing else."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(D.ONLINE_PATH):
            await self.app(scope, receive, send)
            return

        async def trimmed(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ISOLATION_HEADERS]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, trimmed)
