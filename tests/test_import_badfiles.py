"""Files ``nianbao import`` cannot use: exit 2 with a Chinese message naming the file, never a traceback."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.support.cli_helpers import run


def text_pdf(lines: list[str]) -> bytes:
    """A small valid PDF with a text layer (Helvetica, ASCII), written by hand."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({t}) '" for t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def scanned_pdf() -> bytes:
    """Pages that are only images, as a scanner makes them."""
    from PIL import Image, ImageDraw

    pages = []
    for k in range(2):
        img = Image.new("RGB", (600, 840), "white")
        draw = ImageDraw.Draw(img)
        for y in range(80, 800, 40):
            draw.rectangle((60, y, 540 - 30 * k, y + 12), fill="black")
        pages.append(img)
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:])
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf(["Annual report"] * 10))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def not_a_report_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("关于召开全体干部会议的通知")
    d.add_paragraph("定于下周一上午九时在三楼会议室召开全体干部会议，请准时参加。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def workbook_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


CASES = [
    ("scanned.pdf", scanned_pdf,
     "{file}：这份PDF没有文字层（可能是扫描或拍照得到的图片），无法读取其中的文字；请提供Word或网页版本的报告"),
    ("encrypted.pdf", encrypted_pdf, "{file}：PDF已加密（需要密码才能打开），无法读取；请提供未加密的PDF，或Word、网页版本"),
    ("notice.docx", not_a_report_docx,
     "{file}：没有找到政府信息公开工作年度报告的内容（没有找到报告标题和章节标题），不是年度报告，无法导入"),
    ("huge.pdf", lambda: b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024),
     "{file}：文件过大（30.0 MB，上限为20.0 MB），不像一份年度报告；如确是报告，请提供Word或网页版本"),
    ("damaged.pdf", lambda: b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "{file}：PDF文件已损坏或不完整，无法读取"),
    ("english.pdf", lambda: text_pdf(["Minutes of the weekly meeting of the county office"] * 6),
     "{file}：没有找到政府信息公开工作年度报告的内容（没有找到报告标题和章节标题），不是年度报告，无法导入"),
    ("garbled.pdf", lambda: text_pdf(["\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb" * 3] * 5),
     "{file}：这份PDF中的文字无法正确提取（所用字体缺少编码信息，提取出的是乱码）；请提供Word或网页版本的报告"),
    ("old.doc", lambda: b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 1024,
     "{file}：这是旧版Word文档（.doc）或其他旧版Office文件，请在Word或WPS中另存为.docx后再导入"),
    ("book.docx", workbook_bytes, "{file}：这是Excel工作簿，不是已发布的报告；工作簿请用 nianbao validate 或 nianbao export"),
    ("broken.docx", lambda: b"PK\x03\x04" + b"\0" * 200, "{file}：Word文档已损坏或不完整，无法读取（不是有效的压缩包）"),
    ("empty.html", lambda: b"", "{file}：文件是空的（0字节）"),
    ("image.png", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
     "{file}：不是PDF、Word（.docx）、网页（.html）或文本（.txt）文件，无法导入"),
    ("notes.txt", "会议纪要\n一、参会人员\n全体干部。\n".encode("gb18030"),
     "{file}：没有找到政府信息公开工作年度报告的内容（没有找到报告标题和章节标题），不是年度报告，无法导入"),
]


@pytest.mark.parametrize("name,make,message", CASES, ids=[c[0] for c in CASES])
def test_an_unusable_file_is_refused_with_exit_2_and_a_chinese_message(tmp_path, capsys, name, make, message):
    path = tmp_path / name
    path.write_bytes(make() if callable(make) else make)
    before = path.read_bytes()
    code, out, err = run(capsys, "import", path, "-o", tmp_path / "out.json")
    assert code == 2
    assert err.strip() == "无法处理：" + message.format(file=path)
    assert "Traceback" not in err and out == ""
    assert not (tmp_path / "out.json").exists()
    assert path.read_bytes() == before          # the input is never modified


def test_a_missing_file_is_named(tmp_path, capsys):
    code, _, err = run(capsys, "import", tmp_path / "无此文件.pdf")
    assert code == 2
    assert err.strip() == f"无法处理：{tmp_path / '无此文件.pdf'}：找不到文件"


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    """Permissions (no printing, no copying) do not stop reading: only a password to open does."""
    import pypdf

    from xl_addin.source import pdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf(["Annual report of the office"] * 4))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    doc = pdf.read(buf.getvalue(), "owner.pdf")
    assert doc.blocks[0].text.startswith("Annual report of the office")
