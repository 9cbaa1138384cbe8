"""The ``template``, ``export`` and ``fill`` commands (registered by ``cli``): the workbook round trip.

Exit codes: 0 done; 1 (``export``) the workbook was read but some cells could not be read (their
values are null in the JSON, the W-* findings say which); 2 the input cannot be read, is not a
report, or the output cannot be written. Heavy modules are imported inside the commands.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xl_addin.cli.parsing import report_year
from xl_addin.errors import EXIT_FINDINGS, EXIT_OK, InputError
from xl_addin.model.schema import FORMATS


def workbook_output(path: str):
    from xl_addin.outputs import Output

    return Output(Path(path), (".xlsx",), "工作簿")


def cmd_template(args: argparse.Namespace) -> int:
    from xl_addin.model import schema as S
    from xl_addin.model.messages import FILL

    year = report_year(args.year)
    fmt = args.format
    if fmt is None:
        if year is None:
            raise InputError("fill.need_format")
        fmt = S.format_for_year(year)
    elif year is not None and S.format_for_year(year) != fmt:
        raise InputError("fill.format_year", year=year, expected=S.format_name(S.format_for_year(year)), actual=S.format_name(fmt))
    from xl_addin.outputs import check_outputs, write_bytes
    from xl_addin.workbook import template

    check_outputs([workbook_output(args.output)], overwrite=args.overwrite)
    org = args.org.strip() if args.org and args.org.strip() else None
    write_bytes(args.output, template.template_bytes(fmt, org=org, year=year))
    print(FILL["written"].format(path=args.output))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    import json

    from xl_addin.model.messages import FILL
    from xl_addin.outputs import Output, check_outputs, write_text
    from xl_addin.source.read import read_report

    if args.output != "-":
        check_outputs([Output(Path(args.output), (".json",), "年报数据")], [args.file], args.overwrite)
    data, book = read_report(args.file, args.format)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        write_text(args.output, text)
        print(FILL["exported"].format(path=args.output))
    findings = list(book.findings) if book is not None else []
    for f in findings:
        print(f.line(), file=sys.stderr)
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def cmd_fill(args: argparse.Namespace) -> int:
    from xl_addin.model.messages import FILL
    from xl_addin.outputs import check_outputs, write_bytes
    from xl_addin.source.read import read_report
    from xl_addin.workbook import template

    check_outputs([workbook_output(args.output)], [args.file], args.overwrite)
    data, _ = read_report(args.file)
    payload, notes = template.fill_bytes(data)
    write_bytes(args.output, payload)
    for note in notes:
        print(note, file=sys.stderr)
    print(FILL["written"].format(path=args.output))
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("template", help="生成标准工作簿模板（.xlsx），可预填机关名称和报告年度")
    t.add_argument("--format", choices=FORMATS, help="年报格式：2019（2019年试行格式）或 2021（2021年格式）；给了 --year 时可省略")
    t.add_argument("--org", metavar="机关名称", help="预填的机关名称")
    t.add_argument("--year", metavar="YYYY", help="预填的报告年度")
    t.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help="生成的工作簿")
    t.set_defaults(func=cmd_template)

    e = sub.add_parser("export", help="把填好的工作簿导出为年报数据（JSON）")
    e.add_argument("file", help="填好的工作簿 FILE.xlsx")
    e.add_argument("-o", "--output", metavar="DATA.json", required=True, help="导出的年报数据（- 表示输出到屏幕）")
    e.add_argument("--format", choices=FORMATS, help="要求工作簿为这种格式，否则拒绝")
    e.set_defaults(func=cmd_export)

    f = sub.add_parser("fill", help="用年报数据（JSON）预填一份标准工作簿")
    f.add_argument("file", help="年报数据 DATA.json（也可以是旧工作簿，用于转到新模板）")
    f.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help="生成的工作簿")
    f.set_defaults(func=cmd_fill)
    for cmd in (t, e, f):
        add_overwrite(cmd)


def add_overwrite(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--overwrite", action="store_true", help="输出文件已存在时替换它（默认拒绝，以免覆盖已填写的内容）")
