"""The ``import`` command (registered by ``cli``): a published report (PDF, DOCX, HTML, text) as data.

``nianbao import 报告.pdf [-o DATA.json|FILE.xlsx|-] [--format 2019|2021] [--overwrite]``: the report read as
published (blank cells blank, text in number cells kept, wrong totals kept), written as report
data (JSON, to the screen without ``-o``) or as a filled standard workbook; what could not be read
exactly (approximate labels, rows with too few values …) is listed on stderr like ``validate``'s
findings. Exit codes: 0 written (warnings allowed); 1 written, but some rows could not be read
completely (I-* errors); 2 unreadable file, not a report, the other format, or a bad output name.
Heavy modules are imported inside the command.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xl_addin.errors import EXIT_FINDINGS, EXIT_OK

FORMATS = ("2019", "2021")


def findings_lines(findings: list) -> list[str]:
    """Import findings as the CLI prints them: severity, where, rule, message."""
    return [f.line(located=False) for f in findings]


def summary(path: str, imported) -> str:
    from xl_addin.model import messages as M
    from xl_addin.model.schema import format_name

    b = imported.data.get("basic") or {}
    return M.IMPORT_SUMMARY.format(file=path, kind=M.IMPORT_KINDS.get(imported.kind, imported.kind),
                                   org=b.get("org_name") or "（未找到）", year=b.get("year") or "（未找到）",
                                   format=format_name(imported.data["format"]))


def cmd_import(args: argparse.Namespace) -> int:
    import json

    from xl_addin.model import messages as M
    from xl_addin.outputs import Output, check_outputs, write_bytes
    from xl_addin.source.published import read_published

    out = args.output
    if out and out != "-":
        workbook = Path(out).suffix.lower() == ".xlsx"
        kind = M.IMPORT["output_workbook"] if workbook else M.IMPORT["output_data"]
        check_outputs([Output(Path(out), (".xlsx",) if workbook else (".json",), kind)], [args.file], args.overwrite)
    imported = read_published(args.file, args.format)
    notes: list[str] = []
    text = json.dumps(imported.data, ensure_ascii=False, indent=1) + "\n"
    if not out or out == "-":
        sys.stdout.write(text)
    elif Path(out).suffix.lower() == ".json":
        write_bytes(out, text.encode("utf-8"))
    else:
        from xl_addin.workbook.template import fill_bytes

        payload, notes = fill_bytes(imported.data, as_printed=True)    # what has no cell: on 「原报告另记」
        write_bytes(out, payload)
    err = sys.stderr
    print(summary(str(args.file), imported), file=err)
    for line in findings_lines(imported.findings) + notes:
        print(line, file=err)
    if out and out != "-":
        print(M.IMPORT["written"].format(path=out), file=err)
    # the published file itself, not what was written: validating it keeps the import's own findings (I-*)
    print(M.IMPORT["next"].format(file=args.file), file=err)
    return EXIT_FINDINGS if any(f.severity == "error" for f in imported.findings) else EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    from xl_addin.cli.workbook import add_overwrite

    i = sub.add_parser("import", help="导入已发布的年度报告（PDF、Word、网页或文本），按原样转为年报数据或工作簿")
    i.add_argument("file", help="已发布的报告：报告.pdf、.docx、.html（.htm、.shtml）或 .txt")
    i.add_argument("-o", "--output", metavar="DATA.json|FILE.xlsx",
                   help="导出的年报数据（.json）或填好的标准工作簿（.xlsx）；不填或为 - 时把年报数据输出到屏幕")
    i.add_argument("--format", choices=FORMATS, help="要求报告为这种格式，否则拒绝（退出码2）")
    add_overwrite(i)
    i.set_defaults(func=cmd_import)
