"""Every kind of bad file: a Chinese message naming the file (and sheet/cell), exit 2, the input untouched."""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tests.support import xlsx_tools as T
from xl_addin.cli import main
from xl_addin.xlsx import filecheck

SHEETS = "填表说明、基本信息、一、总体情况、表二、{t3}、表四、五、存在的主要问题及改进情况、六、其他需要报告的事项、上年数据、校验结果"


def _plain_workbook() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "名称"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _encrypted() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(T.template("2021"))).encrypt("mima123", out)
    return out.getvalue()


def _renamed_sheet(old: str, new: str) -> bytes:
    return T.edit_parts(T.filled("2021"), {"xl/workbook.xml": lambda x: x.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())})


def _deleted_sheet(name: str) -> bytes:
    raw = T.filled("2021")
    wb = load_workbook(io.BytesIO(raw))
    del wb[name]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _ods() -> bytes:
    """An OpenDocument spreadsheet as LibreOffice or WPS saves it: ``mimetype`` first, stored."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", "<manifest:manifest/>", zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _bomb() -> bytes:
    members = {n: data for n, data in _members(T.template("2021")).items()}
    members["xl/worksheets/sheet5.xml"] = b"<a>" + b"0" * (50 * 1024 * 1024) + b"</a>"
    return _zip(members)


def _members(raw: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(raw))
    return {n: z.read(n) for n in z.namelist()}


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n')
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _entity(part: str, prolog: bytes, body: bytes = b"") -> bytes:
    def fn(xml: bytes) -> bytes:
        if xml.startswith(b"<?xml"):
            xml = xml[xml.index(b"?>") + 2:]
        return prolog + xml.replace(b"</sheetData>", body + b"</sheetData>", 1)
    return T.edit_parts(T.filled("2021"), {part: fn})


def _inserted_row() -> bytes:
    raw = T.filled("2021")
    wb = load_workbook(io.BytesIO(raw))
    wb["表三"].insert_rows(8)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _other_format_props() -> bytes:
    return T.edit_parts(T.filled("2021"), {"docProps/custom.xml": lambda x: x.replace(b">2021<", b">2030<")})


# (id, file name, bytes builder, extra CLI args, message after "无法处理：" with {file} for the path)
CASES = [
    ("not_a_zip", "a.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, [],
     "{file}：不是Excel工作簿（.xlsx）"),
    ("empty_file", "a.xlsx", lambda: b"", [], "{file}：文件是空的（0字节）"),
    ("truncated_zip", "a.xlsx", lambda: T.filled("2021")[:9000], [],
     "{file}：文件已损坏或不完整（不是有效的.xlsx压缩包），请重新保存或重新发送"),
    ("xls", "a.xls", lambda: T.cfb({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"}), [],
     "{file}：这是旧版Excel 97-2003工作簿（.xls），请在Excel或WPS中“另存为”Excel工作簿（*.xlsx）后再提交"),
    ("xls_renamed_xlsx", "a.xlsx", lambda: T.cfb({"Workbook": b"\x09\x08\x10\x00"}), [],
     "{file}：这是旧版Excel 97-2003工作簿（.xls），请在Excel或WPS中“另存为”Excel工作簿（*.xlsx）后再提交"),
    ("csv_renamed_xlsx", "a.xlsx", lambda: "机关名称,年度\n青山镇,2021\n".encode("gbk"), [],
     "{file}：这是文本文件（可能是CSV），不是Excel工作簿；请使用县里下发的标准工作簿（.xlsx）填写"),
    ("html_saved_as_xls", "a.xls", lambda: "<html><body><table><tr><td>1</td></tr></table></body></html>".encode(), [],
     "{file}：这是网页（HTML）文件，不是Excel工作簿；请在Excel或WPS中另存为Excel工作簿（*.xlsx）"),
    ("encrypted", "a.xlsx", _encrypted, [],
     "{file}：工作簿设置了打开密码（文件已加密），无法读取；请在Excel或WPS中取消密码后另存为.xlsx再提交"),
    ("word_document", "a.xlsx", lambda: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}), [],
     "{file}：这是Word文档，不是Excel工作簿"),
    ("opendocument_spreadsheet", "a.ods", lambda: _ods(), [],
     "{file}：这是OpenDocument电子表格（.ods），不是Excel工作簿；请在WPS或LibreOffice中“另存为”Excel工作簿（*.xlsx）后再提交"),
    ("opendocument_renamed_xlsx", "a.xlsx", lambda: _ods(), [],
     "{file}：这是OpenDocument电子表格（.ods），不是Excel工作簿；请在WPS或LibreOffice中“另存为”Excel工作簿（*.xlsx）后再提交"),
    ("wps_et", "a.et", lambda: T.cfb({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"}), [],
     "{file}：这是WPS表格文件（.et），请在WPS中“另存为”Excel工作簿（*.xlsx）后再提交"),
    ("zip_without_workbook", "a.xlsx", lambda: _zip({"readme.txt": b"hello"}), [],
     "{file}：压缩包中没有Excel工作簿的内容（缺少[Content_Types].xml），不是.xlsx工作簿"),
    ("unknown_template", "a.xlsx", _plain_workbook, [],
     "{file}：不是标准年报工作簿（没有模板标识），请使用县里下发的标准工作簿，或用 nianbao template 生成"),
    ("unknown_format", "a.xlsx", _other_format_props, [], "{file}：未知的年报模板格式“2030”，本工具支持：2019、2021"),
    ("other_format_than_required", "a.xlsx", lambda: T.filled("2019"), ["--format", "2021"],
     "{file}：这是2019年试行格式的工作簿，本次需要的是2021年格式的工作簿，请使用正确的模板"),
    ("renamed_sheet", "a.xlsx", lambda: _renamed_sheet("表三", "表3"), [],
     "{file}：缺少工作表“表三”（可能被改名或删除）；工作簿中的工作表为：" + SHEETS.format(t3="表3")),
    ("deleted_sheet", "a.xlsx", lambda: _deleted_sheet("表四"), [],
     "{file}：缺少工作表“表四”（可能被改名或删除）；工作簿中的工作表为："
     + SHEETS.format(t3="表三").replace("表四、", "")),
    ("row_inserted_in_a_table", "a.xlsx", _inserted_row, [],
     "{file}：表三!B8应为“三、本年度办理结果”，实际为空白；表格结构被改动（可能插入、删除或移动了行列），无法按模板读取"),
    ("damaged_sheet_xml", "a.xlsx",
     lambda: T.edit_parts(T.filled("2021"), {"xl/worksheets/sheet5.xml": lambda x: x.replace(b'<c r="E6"', b'\n<c r="E6" <', 1)}), [],
     "{file}：工作表“表三”已损坏，无法读取（XML第2行第11列有错误）"),
    ("zip_bomb", "a.xlsx", _bomb, [],
     "{file}：压缩包中的“xl/worksheets/sheet5.xml”压缩比异常（{ratio}倍，上限为100倍），可能是恶意构造的文件（压缩炸弹），已拒绝读取"),
    ("billion_laughs", "a.xlsx", lambda: _entity("xl/worksheets/sheet5.xml", LAUGHS, b"<row r='99'><c r='A99' t='inlineStr'><is><t>&lol3;</t></is></c></row>"), [],  # noqa: E501
     "{file}：“xl/worksheets/sheet5.xml”中含有文档类型或实体声明（<!DOCTYPE>/<!ENTITY>），Excel工作簿中不会出现，可能是恶意构造的文件，已拒绝读取"),
    ("external_entity", "a.xlsx", lambda: _entity("xl/workbook.xml", XXE), [],
     "{file}：“xl/workbook.xml”中含有文档类型或实体声明（<!DOCTYPE>/<!ENTITY>），Excel工作簿中不会出现，可能是恶意构造的文件，已拒绝读取"),
    ("entity_after_a_long_comment", "a.xlsx",
     lambda: _entity("docProps/custom.xml", b"<!--" + b"x" * 10000 + b"-->" + XXE), [],
     "{file}：“docProps/custom.xml”中含有文档类型或实体声明（<!DOCTYPE>/<!ENTITY>），Excel工作簿中不会出现，可能是恶意构造的文件，已拒绝读取"),
]


@pytest.mark.parametrize("name,filename,build,args,message", CASES, ids=[c[0] for c in CASES])
def test_bad_file_exits_2_with_a_chinese_message_and_is_left_untouched(tmp_path, capsys, name, filename, build, args, message):
    path = T.write(tmp_path, filename, build())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    if "{ratio}" in message:  # the compression ratio depends on the zlib build
        info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet5.xml")
        message = message.replace("{ratio}", str(int(info.file_size / info.compress_size)))
    for command in (["validate", str(path), *args], ["export", str(path), "-o", str(tmp_path / "out.json"), *args]):
        assert main(command) == 2
        captured = capsys.readouterr()
        assert captured.err == f"无法处理：{message.format(file=path)}\n"
        assert captured.out == ""
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "out.json").exists()


def test_file_over_the_size_limit(tmp_path, capsys):
    path = tmp_path / "大文件.xlsx"
    with open(path, "wb") as f:
        f.truncate(filecheck.MAX_FILE_BYTES + 1)  # sparse: cheap to make
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == f"无法处理：{path}：文件过大（20.0 MB，上限为20.0 MB），不是年报工作簿\n"


def test_total_uncompressed_size_is_limited(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(filecheck, "MAX_UNCOMPRESSED", 64 * 1024)
    path = T.write(tmp_path, "a.xlsx", T.filled("2021"))
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == (f"无法处理：{path}：解压后的内容过大（超过64 KB，上限为64 KB），"
                                       "可能是恶意构造的文件（压缩炸弹），已拒绝读取\n")


def test_missing_file_and_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "没有.xlsx")]) == 2
    assert capsys.readouterr().err == f"无法处理：{tmp_path / '没有.xlsx'}：找不到文件\n"
    folder = tmp_path / "文件夹.xlsx"
    folder.mkdir()
    assert main(["validate", str(folder)]) == 2
    assert capsys.readouterr().err == (f"无法处理：{folder}：这是一个文件夹，请给出要处理的文件；要检查一个文件夹中的全部工作簿请用"
                                       " nianbao collect，全部已发布的报告请用 nianbao audit\n")


def test_a_workbook_without_the_xlsx_name_is_still_read_as_one(tmp_path, capsys):
    path = T.write(tmp_path, "填好的.dat", T.filled("2021"))
    assert main(["validate", str(path)]) == 0
    assert "结论：通过" in capsys.readouterr().out


def test_entity_parts_are_refused_before_any_parser_sees_them():
    # UTF-16 parts are scanned too; a DOCTYPE can only come before the root element
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY b "c">]><a/>'.encode("utf-16")
    raw = T.edit_parts(T.filled("2021"), {"docProps/app.xml": utf16})
    with pytest.raises(Exception) as e:
        filecheck.open_package(raw, "x.xlsx")
    assert "“docProps/app.xml”中含有文档类型或实体声明" in str(e.value)
    ok = T.edit_parts(T.filled("2021"), {"docProps/app.xml": '<?xml version="1.0"?><!-- <!DOCTYPE --><a>&lt;!DOCTYPE</a>'.encode()})
    filecheck.open_package(ok, "x.xlsx")  # text that merely mentions it is fine


def test_openpyxl_also_refuses_entities_when_used_for_annotating():
    import openpyxl.xml
    assert openpyxl.xml.DEFUSEDXML is True  # defence in depth: openpyxl's own parser is defusedxml


@pytest.mark.parametrize("build", [lambda: T.filled("2021")[:9000], _encrypted], ids=["truncated", "encrypted"])
def test_no_traceback_from_the_console_script(tmp_path, build):
    path = T.write(tmp_path, "a.xlsx", build())
    proc = subprocess.run([sys.executable, "-m", "xl_addin", "validate", str(path)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("无法处理：")
