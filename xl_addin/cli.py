"""The ``nianbao`` command line: a thin layer over the package, heavy modules imported lazily.

Exit codes: 0 no errors (warnings allowed), 1 the report has errors, 2 the input cannot be
read or is not a report (or another usage error).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, InputError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors: exit 2, in Chinese where we can
        self.print_usage(sys.stderr)
        print(f"{self.prog}：参数错误：{message}", file=sys.stderr)
        sys.exit(EXIT_INPUT)


def _findings_report(path: str, data: dict, findings: list, located: bool) -> str:
    from .findings import SEVERITY_CN, count
    from .schema import format_name

    errors, warnings = count(findings)
    basic = data.get("basic") if isinstance(data.get("basic"), dict) else {}
    lines = [f"文件：{path}",
             f"机关：{basic.get('org_name') or '（未填写）'}　年度：{basic.get('year') or '（未填写）'}　格式：{format_name(data['format'])}"]
    verdict = "不通过" if errors else "通过"
    lines.append(f"结论：{verdict}（错误 {errors} 个，警告 {warnings} 个）")
    if findings:
        lines.append("")
    for f in findings:
        where = f"{f.cell}（{f.path}）" if located and f.cell else f.path
        lines.append(f"{SEVERITY_CN[f.severity]}  {where}  【{f.rule}】{f.message}")
    if errors:
        lines += ["", "请改正以上错误后重新校验。"]
    elif warnings:
        lines += ["", "警告不影响通过，请逐条核实；确属实际情况的，可在“说明”中写明原因。"]
    return "\n".join(lines)


def cmd_validate(args: argparse.Namespace) -> int:
    import json

    from .inputs import read_json, read_report
    from .validator import validate

    data, book = read_report(args.file)
    last = None
    if args.last_year:
        last, _ = read_report(args.last_year)
        if not isinstance(last, dict) or "format" not in last:
            raise InputError(f"{args.last_year}：不是一份年报数据，无法作为上年数据")
    findings = validate(data, last_year=last) if book is None else book["findings"] + validate(data, last_year=last)
    if book is not None:
        from .workbook import relocate
        findings = relocate(findings, book)
    if args.annotate:
        from .workbook import annotate
        annotate(args.file, findings, args.annotate)
    if args.json:
        from .findings import count
        errors, warnings = count(findings)
        out = {"file": str(args.file), "format": data.get("format"), "errors": errors, "warnings": warnings,
               "findings": [f.to_dict() for f in findings]}
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    else:
        print(_findings_report(str(args.file), data, findings, located=book is not None))
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="nianbao", description="政府信息公开工作年度报告：校验、填表和生成报告")
    p.add_argument("--version", action="version", version=f"nianbao {__import__('xl_addin').__version__}")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    v = sub.add_parser("validate", help="校验年报数据（JSON）或填好的工作簿（.xlsx）")
    v.add_argument("file", help="年报数据 DATA.json 或工作簿 FILE.xlsx")
    v.add_argument("--last-year", metavar="LAST", help="上一年度的年报数据或工作簿，用于跨年度核对")
    v.add_argument("--json", action="store_true", help="以JSON格式输出校验结果")
    v.add_argument("--annotate", metavar="OUT.xlsx", help="另存一份标出错误单元格的工作簿（仅限工作簿输入）")
    v.set_defaults(func=cmd_validate)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return args.func(args)
    except InputError as e:
        print(f"无法处理：{e.message}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
