"""The VBA variant of the workbook (.xlsm): the same template plus a custom ribbon tab.

Owns: the very hidden ``xlwings.conf`` sheet (server address, token, timeout; read by the
xlwings VBA client's ``GetConfig``), the zip post-processing that adds
``customUI/customUI14.xml`` with its package relationship (neither openpyxl nor XlsxWriter
writes a ribbon), the VBA project, and exporting the VBA source.

The VBA project (``xl/vbaProject.bin``) is built on any OS with pyOpenVBA (MIT, pure Python):
``add_vba_project`` starts from a project Excel itself wrote and gives it the document modules
Excel would (ThisWorkbook, Sheet1 …), then our callback module ``GwnbButtons`` and the xlwings
VBA client modules of the server's own xlwings version (``RunServerPython`` and what it needs,
BSD-3/MIT, taken from the installed xlwings package) are added. The project's code page is
1252, so every module must be ASCII (ours is, and so are xlwings'). A ``vbaProject.bin`` made in
Excel can still be given instead (``vba_project=``).

One place of xlwings' ``Remote.bas`` is changed (``REMOTE_REFUSAL``, in the built project and in
what ``nianbao addin-vba`` exports): a refused or failed call shows the server's Chinese sentence
under the tab's Chinese title (``GwnbRefused``) instead of the raw JSON under "Error".

The access token: with ``token`` it is written into ``xlwings.conf`` (plain text in the file:
anyone who has the workbook can read it); without, no ``AUTH`` row is written, so xlwings'
``GetConfig`` reads it from the user's own ``%USERPROFILE%\\.xlwings\\xlwings.conf``.
"""
from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from importlib.util import find_spec
from pathlib import Path
from xml.etree import ElementTree as ET

from pyopenvba import ExcelFile
from pyopenvba.vba import VBAModuleKind

from xl_addin.errors import InputError
from xl_addin.outputs import check_folder, write_bytes
from xl_addin.server.buttons import custom_ui_xml
from xl_addin.server.settings import check_client_token
from xl_addin.xlsx.cells import put_at

CUSTOM_UI_PART = "customUI/customUI14.xml"
CUSTOM_UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
VBA_PART = "xl/vbaProject.bin"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VBA_CT = "application/vnd.ms-office.vbaProject"
XLSX_MAIN_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN_CT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CONF_SHEET = "xlwings.conf"
DEFAULT_TIMEOUT_MS = 120_000
VBA_DIR = Path(__file__).resolve().parent / "vba"
# The xlwings VBA modules RunServerPython needs (xlwings quickstart --server imports the same,
# plus the standalone xlwings module that holds XLWINGS_VERSION and GetConfig).
XLWINGS_MODULES = ("xlwings.bas", "addin/Dictionary.cls", "addin/Remote.bas", "addin/IWebAuthenticator.cls",
                   "addin/WebClient.cls", "addin/WebRequest.cls", "addin/WebResponse.cls", "addin/WebHelpers.bas")
OWN_MODULES = ("GwnbButtons.bas",)
# Remote.bas (xlwings 0.37.8) RunServerPython, for any answer but 200; and what replaces it.
REMOTE_REFUSAL = ('        If myResponse.Content <> "" Then\r\n'
                  '            MsgBox myResponse.Content, vbCritical, "Error"\r\n'
                  '        Else\r\n'
                  '            MsgBox myResponse.StatusDescription & " (" & myResponse.StatusCode & ")", vbCritical, "Error"\r\n'
                  '        End If\r\n')
REMOTE_REFUSAL_OURS = ("        ' nianbao: the server's Chinese sentence under the tab's title (GwnbButtons.GwnbRefused)\r\n"
                       "        GwnbRefused myResponse\r\n")
REMOTE_VERSION = "0.37.8"           # the xlwings whose Remote.bas ``patch_remote`` knows


def add_config_sheet(wb, url: str, token: str | None = None, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
    """Append the very hidden ``xlwings.conf`` sheet (column A key, column B value)."""
    if CONF_SHEET in wb.sheetnames:
        wb.remove(wb[CONF_SHEET])
    ws = wb.create_sheet(CONF_SHEET)
    rows = [("GWNB_URL", url.rstrip("/")), *([("AUTH", token)] if token else []), ("TIMEOUT", str(timeout_ms)),
            ("EXCLUDE", CONF_SHEET)]
    for r, (key, value) in enumerate(rows, start=1):
        put_at(ws, r, 1, key)
        put_at(ws, r, 2, value).number_format = "@"     # a token may start with "=": text, not a formula
    ws.sheet_state = "veryHidden"


def _set_code_names(wb) -> None:
    """Code names a vbaProject.bin refers to (ThisWorkbook, Sheet1 …), as Excel assigns them."""
    wb.code_name = "ThisWorkbook"
    for i, ws in enumerate(wb.worksheets, start=1):
        ws.sheet_properties.codeName = f"Sheet{i}"


def _add_relationship(xml: bytes, rel_type: str, target: str) -> bytes:
    ET.register_namespace("", PKG_RELS)
    root = ET.fromstring(xml)
    rels = root.findall(f"{{{PKG_RELS}}}Relationship")
    for rel in rels:
        if rel.get("Type") == rel_type:
            root.remove(rel)
    ids = {rel.get("Id") for rel in root}
    n = 1
    while f"rIdGwnb{n}" in ids:
        n += 1
    ET.SubElement(root, f"{{{PKG_RELS}}}Relationship", Id=f"rIdGwnb{n}", Type=rel_type, Target=target)
    return ET.tostring(root, xml_declaration=True, encoding="UTF-8")


def _content_types(xml: bytes, vba: bool) -> bytes:
    ET.register_namespace("", CT_NS)
    root = ET.fromstring(xml)
    for o in root.findall(f"{{{CT_NS}}}Override"):
        if o.get("PartName") == "/xl/workbook.xml":
            o.set("ContentType", XLSM_MAIN_CT)
    defaults = {d.get("Extension") for d in root.findall(f"{{{CT_NS}}}Default")}
    if "xml" not in defaults:
        ET.SubElement(root, f"{{{CT_NS}}}Default", Extension="xml", ContentType="application/xml")
    if vba and "bin" not in defaults:
        ET.SubElement(root, f"{{{CT_NS}}}Default", Extension="bin", ContentType=VBA_CT)
    return ET.tostring(root, xml_declaration=True, encoding="UTF-8")


def to_xlsm(xlsx: bytes, vba_project: bytes | None = None) -> bytes:
    """An .xlsx package as .xlsm with the custom ribbon (and the VBA project when given)."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in (CUSTOM_UI_PART, VBA_PART):
                continue
            if item.filename == "[Content_Types].xml":
                data = _content_types(data, vba_project is not None)
            elif item.filename == "_rels/.rels":
                data = _add_relationship(data, CUSTOM_UI_REL, CUSTOM_UI_PART)
            elif item.filename == "xl/_rels/workbook.xml.rels" and vba_project is not None:
                data = _add_relationship(data, VBA_REL, "vbaProject.bin")
            dst.writestr(item.filename, data)
        dst.writestr(CUSTOM_UI_PART, custom_ui_xml().encode("utf-8"))
        if vba_project is not None:
            dst.writestr(VBA_PART, vba_project)
    return out.getvalue()


def read_vba_project(path: str | Path) -> bytes:
    """``vbaProject.bin`` itself, or taken out of an .xlsm that Excel saved."""
    p = Path(path)
    if not p.is_file():
        raise InputError("server.vba_missing", p)
    head = p.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):           # an OLE compound file: vbaProject.bin
        return p.read_bytes()
    try:
        with zipfile.ZipFile(p) as z:
            return z.read(VBA_PART)
    except (zipfile.BadZipFile, KeyError):
        raise InputError("server.not_vba_project", p) from None


def build_xlsm(wb, out: str | Path, *, url: str, token: str | None = None,
               vba_project: bytes | None = None, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> Path:
    """Write the VBA variant of a template workbook (openpyxl ``Workbook``) to ``out``.

    Without ``vba_project`` the VBA project is built here (``add_vba_project``)."""
    if not re.match(r"^https?://[^\s/]+", url or ""):
        raise InputError("server.xlsm_url", url=url)
    check_client_token(token)
    add_config_sheet(wb, url, token, timeout_ms)
    if vba_project is not None:
        _set_code_names(wb)
    buf = io.BytesIO()
    wb.save(buf)
    out = Path(out)
    package = to_xlsm(buf.getvalue(), vba_project)
    if vba_project is None:
        with tempfile.TemporaryDirectory(prefix="nianbao-xlsm-") as tmp:
            plain, built = Path(tmp) / "plain.xlsm", Path(tmp) / "built.xlsm"
            plain.write_bytes(package)
            add_vba_project(plain, built)
            package = built.read_bytes()
    write_bytes(out, package)
    return out


def _xlwings_dir() -> Path:
    spec = find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("server.no_xlwings")
    return Path(list(spec.submodule_search_locations)[0])


def patch_remote(source: str) -> str:
    """Remote.bas with its one refusal message box replaced by ``GwnbRefused`` (see the module docstring)."""
    if source.count(REMOTE_REFUSAL) != 1:
        raise InputError("server.remote_changed", version=REMOTE_VERSION)
    return source.replace(REMOTE_REFUSAL, REMOTE_REFUSAL_OURS)


def vba_modules() -> list[tuple[str, str, bool]]:
    """(module name, source, is a class module) for every module the button workbook needs."""
    xlwings_dir = _xlwings_dir()
    paths = [VBA_DIR / name for name in OWN_MODULES] + [xlwings_dir / rel for rel in XLWINGS_MODULES]
    modules = []
    for path in paths:
        source = path.read_bytes().decode("utf-8")
        if not source.isascii():
            raise InputError("server.not_ascii", name=path.name)
        if path.name == "Remote.bas":
            source = patch_remote(source)
        modules.append((path.stem, source, path.suffix == ".cls"))
    return modules


def add_vba_project(xlsm_path: str | Path, out: str | Path) -> None:
    """Give the .xlsm at ``xlsm_path`` (no VBA yet) its VBA project and write it to ``out``."""
    with ExcelFile(xlsm_path) as book:
        project = book.add_vba_project()
        for name, source, is_class in vba_modules():
            project.add_module(name, source, kind=VBAModuleKind.other if is_class else VBAModuleKind.standard)
        book.save(out)


def export_vba(directory: str | Path, overwrite: bool = False) -> list[Path]:
    """Copy the VBA modules (ours and xlwings', BSD-3/MIT) and their licence into a folder: a new or
    empty one, or, with ``overwrite``, one whose files of the same names are replaced."""
    target = check_folder(directory, overwrite)
    xlwings_dir = _xlwings_dir()
    target.mkdir(exist_ok=True)
    written = []
    sources = {name: source for name, source, _ in vba_modules()}
    for name in OWN_MODULES:
        written.append(Path(shutil.copyfile(VBA_DIR / name, target / name)))
    for rel in XLWINGS_MODULES:
        if Path(rel).name == "Remote.bas":                  # as it is in the workbook: with GwnbRefused
            written.append(write_bytes(target / "Remote.bas", sources["Remote"].encode("ascii")))
        else:
            written.append(Path(shutil.copyfile(xlwings_dir / rel, target / Path(rel).name)))
    licence = next(iter(sorted(xlwings_dir.parent.glob("xlwings-*.dist-info/licenses/LICENSE.txt"))), None)
    if licence is not None:
        written.append(Path(shutil.copyfile(licence, target / "LICENSE-xlwings.txt")))
    written.append(write_bytes(target / "customUI14.xml", custom_ui_xml().encode("utf-8")))   # from buttons.BUTTONS
    return written
