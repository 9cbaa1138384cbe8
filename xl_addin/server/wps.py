"""The WPS add-in (WPS加载项 for ET, WPS Office's spreadsheet) and the files that deploy it.

The add-in is a folder: ``ribbon.xml`` (tab 政务公开年报, drawn from ``buttons.py``),
``index.html`` (the hidden page WPS loads at start), the scripts (``gwnb-core.js`` shared with the
Office.js add-in, ``gwnb-et.js`` the ET adapter, ``gwnb-wps.js`` the ribbon callbacks,
``gwnb-config.js`` the server address, an optional built-in token and the button-to-script map),
the 设置 pane and the icons. Two ways to the PCs (``docs/server.md``):

- online: ``nianbao serve`` serves the folder at ``/wps/`` and a ``/wps/jsplugins.xml`` that lists
  it, so WPS loads the server's current add-in at start; its requests are same-origin. It never
  carries a token (anyone on the network could read it): clerks enter one with 设置.
- offline: ``nianbao addin-wps --url URL [--token T] -o DIR`` writes the online folder for another
  web server, the offline folder ``nianbao_<version>`` and its ``nianbao.7z`` package,
  ``publish.xml`` for one PC's ``jsaddons`` folder, ``jsplugins.xml`` for centrally managed PCs, the
  ``oem.ini`` lines and a Chinese README. The offline add-in runs from ``file://`` and calls the
  server cross-origin (``cors.py``).
"""
from __future__ import annotations

import functools
import io
import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from xl_addin.outputs import check_folder, write_bytes
from xl_addin.server import buttons as B

NAME = "nianbao"                                   # WPS uses it as a folder name: ASCII only
TYPE = "et"                                        # the WPS spreadsheet application
ONLINE_PATH = "/wps/"
HERE = Path(__file__).resolve().parent               # xl_addin/server
ADDIN_DIR = HERE / "wps_addin"
STATIC_JS = HERE / "project" / "static" / "js"         # gwnb-core.js, shared with the Office.js add-in
ICONS = HERE / "project" / "static" / "images" / "icons"
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
ON_LOAD, ON_ACTION, GET_IMAGE = "GwnbOnLoad", "GwnbOnAction", "GwnbGetImage"
EXCLUDE = ("xlwings.conf",)                        # the VBA variant's settings sheet (xlsm.CONF_SHEET)
SCRIPTS = ("js/gwnb-config.js", "js/gwnb-core.js", "js/gwnb-et.js", "js/gwnb-wps.js")
CONTENT_TYPES = {".xml": "text/xml; charset=utf-8", ".html": "text/html; charset=utf-8",
                 ".js": "application/javascript; charset=utf-8", ".png": "image/png"}
NOT_FOUND = "WPS 加载项中没有这个文件。"
# xlwings-server's security headers that are about frames and cross-origin isolation; WPS hosts the
# add-in's pages itself (a hidden page, the 设置 pane), so they are left off those pages.
ISOLATION_HEADERS = (b"x-frame-options", b"cross-origin-embedder-policy", b"cross-origin-opener-policy",
                     b"cross-origin-resource-policy")


def version() -> str:
    """The add-in's version: the nianbao package's (WPS names the offline folder after it)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("nianbao")
    except PackageNotFoundError:
        return "0.0.0"


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
            "exclude": list(EXCLUDE), "clientVersion": f"nianbao-wps {version()}"}


def config_js(server: str, token: str | None = None) -> str:
    body = json.dumps(config(server, token), ensure_ascii=True, indent=2, sort_keys=True)
    return ("// Written by nianbao (xl_addin/server/wps.py): the server this add-in calls and its buttons.\n"
            f"window.GWNB_CONFIG = {body};\n")


def addin_files(server: str, token: str | None = None) -> dict[str, bytes]:
    """The add-in folder as {relative path: content}."""
    files = {"ribbon.xml": ribbon_xml().encode("utf-8"), "js/gwnb-config.js": config_js(server, token).encode("ascii"),
             "js/gwnb-core.js": (STATIC_JS / "gwnb-core.js").read_bytes()}
    for path in sorted(ADDIN_DIR.rglob("*")):
        if path.is_file():
            files[path.relative_to(ADDIN_DIR).as_posix()] = path.read_bytes()
    for size in (16, 32):
        files[f"images/nianbao-{size}.png"] = (ICONS / f"nianbao-{size}.png").read_bytes()
    return files


def folder_name(ver: str | None = None) -> str:
    return f"{NAME}_{ver or version()}"


def publish_xml(ver: str | None = None) -> str:
    """``publish.xml`` for one PC's ``jsaddons`` folder, next to the offline folder (as wpsjs writes it)."""
    ver = ver or version()
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<jsplugins>\n'
            f'  <jsplugin name="{NAME}" type="{TYPE}" url="{folder_name(ver)}" version="{ver}"'
            ' enable="enable_dev" install="null" customDomain=""/>\n</jsplugins>\n')


def jsplugins_xml(server: str) -> str:
    """``jsplugins.xml`` for centrally managed PCs (oem.ini ``JSPluginsServer``): the online add-in."""
    url = escape(server.rstrip("/") + ONLINE_PATH, {'"': "&quot;"})
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<jsplugins>\n'
            f'  <jspluginonline name="{NAME}" type="{TYPE}" url="{url}"/>\n</jsplugins>\n')


def oem_lines(server: str) -> str:
    """The lines county IT adds to WPS's ``office6/cfgs/oem.ini`` on each managed PC."""
    return ("[Support]\nJsApiPlugin=true\n\n[Server]\n"
            f"JSPluginsServer={server.rstrip('/')}{ONLINE_PATH}jsplugins.xml\n")


def seven_zip(files: dict[str, bytes], ver: str | None = None) -> bytes:
    """The offline package ``nianbao.7z``: the folder ``nianbao_<version>`` inside, as wpsjs builds it."""
    import py7zr

    top = folder_name(ver)
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as archive:
        for rel, data in sorted(files.items()):
            archive.writestr(data, f"{top}/{rel}")
    return buf.getvalue()


README = """政务公开年报 WPS 加载项（WPS 表格）
服务器地址：{server}
加载项版本：{version}
{token_note}

本文件夹中：
  online/                 在线加载项（不含访问口令）。可放到任一网站目录下（地址以 / 结尾）；
                          年报服务器本身已在 {server}/wps/ 提供同样的内容。
  offline/{folder}/   离线加载项文件夹。
  offline/{name}.7z          离线加载项安装包（内含上面的文件夹）。
  publish.xml             单台电脑安装离线加载项用。
  jsplugins.xml           集中管理的电脑用（在线加载项列表，与 {server}/wps/jsplugins.xml 相同）。
  oem.ini.txt             集中管理时要加到 WPS 的 oem.ini 中的几行。

一、单台电脑（离线）
  1. 关闭 WPS。
  2. 把 offline/{folder} 文件夹和 publish.xml 复制到加载项目录：
       Windows：%APPDATA%\\kingsoft\\wps\\jsaddons\\
       Linux（含信创系统）：~/.local/share/Kingsoft/wps/jsaddons/
     该目录已有 publish.xml 的，把其中 <jsplugin .../> 一行加到原文件的 <jsplugins> 中。
  3. 打开 WPS 表格和年报工作簿，功能区出现“{tab}”选项卡。

二、集中管理（在线，推荐）
  在每台电脑 WPS 安装目录的 office6/cfgs/oem.ini 中加入 oem.ini.txt 中的几行（需管理员权限），重启 WPS。
  加载项从年报服务器加载，服务器升级后各电脑自动使用新版。

三、集中管理（离线包）
  把 offline/{name}.7z 放到各电脑可访问的位置，在自己的 jsplugins.xml 中写：
    <jsplugin name="{name}" type="{type}" version="{version}" url="（{name}.7z 的地址，如 file:///D:/nianbao/{name}.7z）"/>
  并让 oem.ini 的 JSPluginsServer 指向该 jsplugins.xml。

详细说明见项目文档 docs/server.md“部署 WPS 加载项”一节。
"""


def readme(server: str, token: str | None, ver: str | None = None) -> str:
    ver = ver or version()
    note = ("访问口令：已写入离线加载项（offline 中的 js/gwnb-config.js），请只在单位内部分发，不要放到网站上。"
            if token else "访问口令：未写入；服务器设置了口令时，请乡镇同志点“设置”填写。")
    return README.format(server=server.rstrip("/"), version=ver, token_note=note, folder=folder_name(ver),
                         name=NAME, type=TYPE, tab=B.TAB_LABEL)


def write(out_dir: str | Path, server: str, token: str | None = None, overwrite: bool = False) -> list[Path]:
    """Write every deployment file of ``nianbao addin-wps`` into ``out_dir``; the paths written.

    A folder with files in it is refused unless ``overwrite``; each file is written atomically."""
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
        put(f"offline/{folder_name()}/{rel}", data)
    put(f"offline/{NAME}.7z", seven_zip(files))
    put("publish.xml", publish_xml().encode("utf-8"))
    put("jsplugins.xml", jsplugins_xml(server).encode("utf-8"))
    put("oem.ini.txt", oem_lines(server).encode("utf-8"))
    put("README.txt", readme(server, token).encode("utf-8"))
    return written


# ---------------------------------------------------------------- served by nianbao serve

@functools.lru_cache(maxsize=8)
def _served(server: str) -> dict[str, bytes]:
    files = addin_files(server, token=None)
    files["jsplugins.xml"] = jsplugins_xml(server).encode("utf-8")
    return files


def install(app) -> None:
    """``GET /wps/<file>``: the online add-in for the server's own address, and its jsplugins.xml."""
    from fastapi.responses import JSONResponse, Response

    from xl_addin.server import context

    @app.get(ONLINE_PATH + "{path:path}", include_in_schema=False)
    async def wps_file(path: str):
        files = _served(context.base_url())
        data = files.get(path or "index.html")
        if data is None:
            return JSONResponse({"detail": NOT_FOUND}, status_code=404)
        media = CONTENT_TYPES.get(Path(path or "index.html").suffix, "application/octet-stream")
        return Response(data, media_type=media, headers={"Cache-Control": "no-cache"})


class PageHeadersMiddleware:
    """Pure ASGI: drop ``ISOLATION_HEADERS`` from the answers under ``/wps/``, nothing else."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(ONLINE_PATH):
            await self.app(scope, receive, send)
            return

        async def trimmed(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ISOLATION_HEADERS]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, trimmed)
