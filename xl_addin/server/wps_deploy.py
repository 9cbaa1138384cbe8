"""The files that put the WPS add-in on the PCs, as Kingsoft's wpsjs tool writes them.

Owns: the add-in's name, type and version (WPS names the offline folder ``nianbao_<version>``
after them); ``manifest.xml`` (wpsjs 2.2.3 ``packages/@wps-jsapi/et/manifest.xml``: ``<JsPlugin>``
with ApiVersion, Name, Description, without the custom-functions block we have no use for);
``publish.html`` (the install page of ``wpsjs publish``, ``src/lib/res/publish.html``: one click
installs the online add-in or the offline ``.7z`` through WPS's local relay; our own ES5 page that
speaks the same relay protocol, ``wps_publish/publish.html``); ``publish.xml`` for one PC's
``jsaddons`` folder (``src/lib/build.js`` CreatePublishXml); ``jsplugins.xml`` and the ``oem.ini``
lines for centrally managed PCs; the Chinese README of the package (``wps_publish/README.txt``).
Pure Python, no server imports: ``wps.py`` writes and serves these.
"""
from __future__ import annotations

import json
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

from xl_addin.server import buttons as B
from xl_addin.server.versions import package_version

NAME = "nianbao"                                   # WPS uses it as a folder name: ASCII only
TYPE = "et"                                        # the WPS spreadsheet application
ONLINE_PATH = "/wps/"
PACKAGE = f"{NAME}.7z"                             # the offline package, also served at /wps/nianbao.7z
MANIFEST_API_VERSION = "1.0.0"                     # wpsjs 2.2.3's templates declare this ApiVersion
DESCRIPTION = "政务公开年报：校验年报工作簿，生成报告和数据描述"
PUBLISH_DIR = Path(__file__).resolve().parent / "wps_publish"


def version() -> str:
    """The add-in's version: the nianbao package's (WPS names the offline folder after it)."""
    return package_version()


def folder_name(ver: str | None = None) -> str:
    return f"{NAME}_{ver or version()}"


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def manifest_xml() -> str:
    """``manifest.xml`` at the add-in's root (WPS reads ``<url>/manifest.xml`` at each start online)."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<JsPlugin>\n'
            f"  <ApiVersion>{MANIFEST_API_VERSION}</ApiVersion>\n  <Name>{NAME}</Name>\n"
            f"  <Description>{escape(DESCRIPTION)}</Description>\n</JsPlugin>\n")


def publish_xml(ver: str | None = None) -> str:
    """``publish.xml`` for one PC's ``jsaddons`` folder, next to the offline folder (as wpsjs writes it)."""
    ver = ver or version()
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<jsplugins>\n'
            f'  <jsplugin name="{NAME}" type="{TYPE}" url="{folder_name(ver)}" version="{ver}"'
            ' enable="enable_dev" install="null" customDomain=""/>\n</jsplugins>\n')


def jsplugins_xml(server: str) -> str:
    """``jsplugins.xml`` for centrally managed PCs (oem.ini ``JSPluginsServer``): the online add-in."""
    url = _attr(server.rstrip("/") + ONLINE_PATH)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<jsplugins>\n'
            f'  <jspluginonline name="{NAME}" type="{TYPE}" url="{url}"/>\n</jsplugins>\n')


def oem_lines(server: str) -> str:
    """The lines county IT adds to WPS's ``office6/cfgs/oem.ini`` on each managed PC."""
    return ("[Support]\nJsApiPlugin=true\n\n[Server]\n"
            f"JSPluginsServer={server.rstrip('/')}{ONLINE_PATH}jsplugins.xml\n")


def publish_entries(server: str, ver: str | None = None) -> list[dict]:
    """What ``publish.html`` offers: the add-in online and as the offline package, as wpsjs's
    publish list has them (``online`` "true"/"false"; the online url ends with "/")."""
    base = server.rstrip("/") + ONLINE_PATH
    common = {"name": NAME, "addonType": TYPE, "customDomain": ""}
    return [{**common, "online": "true", "url": base, "version": ""},
            {**common, "online": "false", "url": base + PACKAGE, "version": ver or version()}]


def publish_html(server: str, ver: str | None = None) -> str:
    """The install page for the add-in on ``server``."""
    page = (PUBLISH_DIR / "publish.html").read_text(encoding="utf-8")
    entries = json.dumps(publish_entries(server, ver), ensure_ascii=False).replace("</", "<\\/")
    return page.replace("__ADDONS__", entries)


def readme(server: str, token: str | None, ver: str | None = None) -> str:
    """The Chinese README of ``nianbao addin-wps``'s folder."""
    ver = ver or version()
    note = ("访问口令：已用 --token 写入离线加载项（offline 中的 js/gwnb-config.js，明文），请只在单位内部分发，不要放到网站上。"
            if token else "访问口令：未写入加载项；服务器设置了口令时，请乡镇同志点“设置”填写一次。")
    text = (PUBLISH_DIR / "README.txt").read_text(encoding="utf-8")
    return Template(text).substitute(server=server.rstrip("/"), version=ver, token_note=note,
                                     folder=folder_name(ver), name=NAME, type=TYPE, tab=B.TAB_LABEL)
