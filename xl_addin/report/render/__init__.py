"""Render report DOCX files to PDF and PNG, and inspect the PDFs.

Uses LibreOffice (``soffice --headless --convert-to pdf``) with our
``fonts.conf``, which maps the official font names (仿宋_GB2312, 方正小标宋简体,
黑体, 楷体_GB2312, 宋体) to free stand-ins, and poppler-utils (``pdffonts``,
``pdfinfo``, ``pdftoppm``). Install both with ``scripts/install-system-deps.sh``.

A rendering is a regression baseline for our output, not proof of Word's
pagination. See docs/rendering.md.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = [
    "FONTS_CONF",
    "RenderError",
    "RenderUnavailable",
    "docx_to_pdf",
    "find_soffice",
    "pdf_fonts",
    "pdf_page_count",
    "pdf_to_png",
]

FONTS_CONF = Path(__file__).resolve().parent / "fonts.conf"

SOFFICE_MISSING = "未找到 LibreOffice，无法生成 PDF（请安装 libreoffice-writer）"
POPPLER_MISSING = "未找到 {tool}，无法检查 PDF（请安装 poppler-utils）"


class RenderUnavailable(RuntimeError):
    """A program needed for rendering (LibreOffice, poppler-utils) is not installed."""


class RenderError(RuntimeError):
    """The rendering program ran but failed or produced no output."""


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice`` (or ``libreoffice``), or None.

    ``$SOFFICE`` wins when it names an executable.
    """
    env = os.environ.get("SOFFICE")
    if env and shutil.which(env):
        return shutil.which(env)
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    for path in (
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ):
        if os.access(path, os.X_OK):
            return path
    return None


def failure_log(what: str, cmd: list[str], output: str) -> Path:
    """LibreOffice's own output of a failed run, kept in a log file for the details (the message the
    user sees is one line naming this file)."""
    fd, name = tempfile.mkstemp(prefix="nianbao-libreoffice-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"{what}\n{' '.join(cmd)}\n\n{output}\n")
    return Path(name)


def failed(what: str, cmd: list[str], proc: subprocess.CompletedProcess | None, timeout: float | None = None) -> str:
    """One readable line for a failed LibreOffice run: what failed, how, and where the details are."""
    if proc is None:
        how = f"超过{timeout:g}秒未完成"
        output = ""
    else:
        how = f"退出码{proc.returncode}" if proc.returncode else "没有生成文件"
        output = "\n".join(x for x in (proc.stdout, proc.stderr) if x)
    log = failure_log(what, cmd, output)
    return f"{what}（LibreOffice {how}），详细信息见 {log}"


def _render_env() -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def docx_to_pdf(docx_path: str | os.PathLike, out_dir: str | os.PathLike, timeout: float = 120) -> Path:
    """Convert a DOCX to PDF with headless LibreOffice and return the PDF's path.

    The PDF is ``out_dir/<docx stem>.pdf``. Each call uses its own temporary
    LibreOffice profile (``-env:UserInstallation``), so concurrent calls do not
    clash, and ``FONTCONFIG_FILE`` points at our ``fonts.conf``.

    Raises :class:`RenderUnavailable` when LibreOffice is missing and
    :class:`RenderError` when the conversion fails or times out.
    """
    soffice = find_soffice()
    if soffice is None:
        raise RenderUnavailable(SOFFICE_MISSING)
    src = Path(docx_path).resolve()
    if not src.is_file():
        raise FileNotFoundError(src)
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    target = out / (src.stem + ".pdf")
    if target.exists():
        target.unlink()
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as profile:
        profile_dir = Path(profile)
        cmd = [
            soffice,
            f"-env:UserInstallation={profile_dir.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out),
            str(src),
        ]
        try:
            proc = subprocess.run(
                cmd,
                env=_render_env(),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise RenderError(failed(f"{src.name}转换为PDF失败", cmd, None, timeout)) from exc
    if proc.returncode != 0 or not target.is_file():
        raise RenderError(failed(f"{src.name}转换为PDF失败", cmd, proc))
    return target


def _run_poppler(tool: str, args: list[str], timeout: float = 60) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise RenderUnavailable(POPPLER_MISSING.format(tool=tool))
    proc = subprocess.run(
        [exe, *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    if proc.returncode != 0:
        raise RenderError(f"{tool} 执行失败（退出码 {proc.returncode}）：{proc.stderr.strip()}")
    return proc.stdout


def pdf_fonts(pdf: str | os.PathLike) -> list[str]:
    """Return the font names embedded in or used by a PDF, per ``pdffonts``.

    Subset prefixes are stripped (``ABCDEF+FandolFang-Regular`` becomes
    ``FandolFang-Regular``); the list is sorted and has no duplicates.
    """
    out = _run_poppler("pdffonts", [str(pdf)])
    names = set()
    lines = out.splitlines()
    # Header, then a line of dashes whose runs give the column widths.
    for i, line in enumerate(lines):
        if line.startswith("----"):
            name_width = len(line.split(" ")[0])
            for row in lines[i + 1 :]:
                name = row[:name_width].strip()
                if name:
                    names.add(re.sub(r"^[A-Z]{6}\+", "", name))
            break
    return sorted(names)


def pdf_page_count(pdf: str | os.PathLike) -> int:
    """Return the number of pages of a PDF, per ``pdfinfo``."""
    out = _run_poppler("pdfinfo", [str(pdf)])
    match = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    if match is None:
        raise RenderError(f"pdfinfo 未给出页数：{pdf}")
    return int(match.group(1))


def pdf_to_png(
    pdf: str | os.PathLike,
    out_prefix: str | os.PathLike,
    first_page: int = 1,
    last_page: int | None = None,
    dpi: int = 50,
) -> list[Path]:
    """Render PDF pages to PNG with ``pdftoppm`` and return the files, in page order.

    Files are named as pdftoppm names them: ``<out_prefix>-<page>.png`` (the page
    number zero-padded to the width of the page count). ``last_page`` defaults
    to ``first_page``.
    """
    last = first_page if last_page is None else last_page
    prefix = Path(out_prefix)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    _run_poppler(
        "pdftoppm",
        ["-r", str(dpi), "-png", "-f", str(first_page), "-l", str(last), str(pdf), str(prefix)],
        timeout=300,
    )
    pattern = re.compile(re.escape(prefix.name) + r"-(\d+)\.png$")
    found = []
    for path in prefix.parent.iterdir():
        m = pattern.match(path.name)
        if m and first_page <= int(m.group(1)) <= last:
            found.append((int(m.group(1)), path))
    return [p for _, p in sorted(found)]
