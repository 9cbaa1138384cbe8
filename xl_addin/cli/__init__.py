"""The ``nianbao`` command line: a thin layer over the package, heavy modules imported lazily.

Exit codes: 0 no errors (warnings allowed), 1 the report has errors, 2 the input cannot be
read or is not a report (or another usage error). ``report``: 1 when it refuses a report with
errors (``--force`` renders it anyway, exit 0); 2 also when a requested PDF could not be made
(LibreOffice missing), after the DOCX and HTML were written.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xl_addin import display
from xl_addin.cli.parsing import Parser, check_paths
from xl_addin.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, InputError


def finding_lines(result) -> list[str]:
    """The findings as printed: at their cells for a workbook, at their positions in the report
    (as the audit words them) for a published report, by data path for JSON data."""
    if result.published:
        from xl_addin.model.schema import load
        from xl_addin.source.positions import line

        schema = load(result.data["format"])
        return [line(f, schema, result.data) for f in result.findings]
    return [f.line(result.located) for f in result.findings]


def _findings_report(path: str, result) -> str:
    from xl_addin.model.schema import format_name

    data = result.data
    basic = data.get("basic") if isinstance(data.get("basic"), dict) else {}
    lines = [f"文件：{path}",
             f"机关：{basic.get('org_name') or '（未填写）'}　年度：{basic.get('year') or '（未填写）'}　格式：{format_name(data['format'])}",
             result.summary()]
    findings = finding_lines(result)
    if findings:
        lines.append("")
    lines += findings
    if result.errors:
        lines += ["", "请改正以上错误后重新校验。"]
    elif result.warnings:
        lines += ["", "警告不影响通过，请逐条核实；确属实际情况的，可在“说明”中写明原因。"]
    return "\n".join(lines)


def cmd_validate(args: argparse.Namespace) -> int:
    import json

    if args.annotate:
        from xl_addin.outputs import Output, check_outputs
        check_outputs([Output(Path(args.annotate), (".xlsx",), "标注工作簿")], [args.file, args.last_year], args.overwrite)
    from xl_addin.check.step import check

    result = check(args.file, args.last_year, args.format, force_last_year=args.force_last_year)
    if args.annotate:
        from xl_addin.workbook.annotate import annotate_report
        annotate_report(args.file, result, args.annotate)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(_findings_report(display.text(args.file), result))
    return EXIT_OK if result.passed else EXIT_FINDINGS


def _report_outputs(args: argparse.Namespace) -> None:
    """Every output of ``report`` is checked before anything is written."""
    from xl_addin.model.messages import REPORT_KINDS
    from xl_addin.outputs import Output, check_outputs

    wanted = [(args.output, (".docx",), "docx"), (args.html, (".html", ".htm"), "html"), (args.pdf, (".pdf",), "pdf")]
    check_outputs([Output(Path(p), suffixes, REPORT_KINDS[kind]) for p, suffixes, kind in wanted if p is not None],
                  [args.file, args.last_year], args.overwrite)


def cmd_report(args: argparse.Namespace) -> int:
    from xl_addin.check.step import check
    from xl_addin.model.messages import REPORT, REPORT_KINDS

    _report_outputs(args)
    result = check(args.file, args.last_year, force_last_year=args.force_last_year)
    data = result.data
    errors, warnings = result.errors, result.warnings
    if errors and not args.force:
        print(_findings_report(str(args.file), result))
        print(REPORT["refused"].format(errors=errors))
        return EXIT_FINDINGS

    from xl_addin.outputs import write_text
    from xl_addin.report import build as report

    content = report.build(data)
    report.build_docx(data, args.output, content)
    print(REPORT["written"].format(kind=REPORT_KINDS["docx"], path=args.output))
    if args.html:
        page = report.build_html(data, content)
        write_text(args.html, page)
        print(REPORT["written"].format(kind=REPORT_KINDS["html"], path=args.html))
    code = EXIT_OK
    if args.pdf:
        from xl_addin.report.render import RenderError, RenderUnavailable
        try:
            report.build_pdf(data, args.pdf, content, docx=args.output)
            print(REPORT["written"].format(kind=REPORT_KINDS["pdf"], path=args.pdf))
        except RenderUnavailable as e:
            print(REPORT["no_pdf"].format(reason=str(e)), file=sys.stderr)
            code = EXIT_INPUT
        except RenderError as e:
            print(REPORT["pdf_failed"].format(reason=str(e)), file=sys.stderr)
            code = EXIT_INPUT
    if errors:
        print(REPORT["forced"].format(errors=errors))
    elif warnings:
        print(REPORT["warnings"].format(warnings=warnings))
    for line in finding_lines(result):
        print(line)
    return code


INPUT_HELP = ("年报数据 DATA.json、工作簿 FILE.xlsx，或已发布的报告 .pdf .docx .html .txt "
              "（先按原样导入，导入时发现的问题一并列出）")
LAST_YEAR_HELP = ("本机关上一年度的年报（数据、工作簿或已发布的报告），用于跨年度核对；"
                  "机关名称不同或不是上一年度的报告时拒绝（退出码2）")
FORCE_LAST_YEAR_HELP = "上年报告的机关名称或年度与本报告不符时仍照常核对（如机关更名）"

# The commands defined in this module: ``nianbao validate …`` builds only its own parser (the others'
# registration costs a cold start ~25 ms of imports and argparse set-up); anything else builds all.
OWN_COMMANDS = ("validate", "report")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    from xl_addin.model.messages import CLI
    from xl_addin.model.schema import FORMATS

    p = Parser(prog="nianbao", description="政府信息公开工作年度报告：校验、填表和生成报告")
    p.add_argument("--version", action="version", version=f"nianbao {__import__('xl_addin').__version__}",
                   help=CLI["version_help"])
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=Parser)

    v = sub.add_parser("validate", help="校验年报数据（JSON）、填好的工作簿（.xlsx）或已发布的报告（PDF、Word、网页）")
    v.add_argument("file", help=INPUT_HELP)
    v.add_argument("--last-year", metavar="LAST", help=LAST_YEAR_HELP)
    v.add_argument("--force-last-year", action="store_true", help=FORCE_LAST_YEAR_HELP)
    v.add_argument("--json", action="store_true", help="以JSON格式输出校验结果")
    v.add_argument("--annotate", metavar="OUT.xlsx", help="另存一份标出错误（红）和警告（黄）单元格、填好“校验结果”的工作簿")
    v.add_argument("--format", choices=FORMATS, help="要求输入为这种格式，否则拒绝（退出码2）")
    v.set_defaults(func=cmd_validate)

    from xl_addin.cli.workbook import add_commands as add_workbook_commands
    from xl_addin.cli.workbook import add_overwrite
    add_overwrite(v)
    if only not in OWN_COMMANDS:
        add_workbook_commands(sub)

    r = sub.add_parser("report", help="生成年度报告：Word文档（DOCX），可同时生成网页（HTML）和PDF")
    r.add_argument("file", help=INPUT_HELP)
    r.add_argument("-o", "--output", metavar="报告.docx", required=True, help="生成的Word文档")
    r.add_argument("--html", metavar="报告.html", help="同时生成可粘贴到网站政务公开栏目的网页")
    r.add_argument("--pdf", metavar="报告.pdf", help="同时生成PDF（需要安装 LibreOffice）")
    r.add_argument("--force", action="store_true", help="有错误时也生成报告（默认拒绝并列出错误）")
    r.add_argument("--last-year", metavar="LAST", help=LAST_YEAR_HELP + "；跨年度核对有错误时同样拒绝生成")
    r.add_argument("--force-last-year", action="store_true", help=FORCE_LAST_YEAR_HELP)
    r.set_defaults(func=cmd_report)
    add_overwrite(r)
    if only in OWN_COMMANDS:
        return p

    from xl_addin.cli.importing import add_commands as add_import_commands
    add_import_commands(sub)
    from xl_addin.cli.audit import add_commands as add_audit_commands
    add_audit_commands(sub)

    from xl_addin.cli.rollup import add_commands as add_rollup_commands
    add_rollup_commands(sub)
    from xl_addin.cli.server import add_parsers as add_server_commands
    add_server_commands(sub)
    return p


# arguments that name files or folders to read: an empty one is said so, not read as "."
INPUT_ARGUMENTS = ("file", "last_year", "roster", "folder", "last_year_dir")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(only=argv[0] if argv and argv[0] in OWN_COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = display.Shown(out), display.Shown(err)   # GBK file names printed as Chinese
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(args: argparse.Namespace) -> int:
    try:
        if any(isinstance(getattr(args, k, None), str) and not getattr(args, k).strip() for k in INPUT_ARGUMENTS):
            raise InputError("cli.empty_name")
        check_paths(args)
        return args.func(args)
    except InputError as e:
        print(f"无法处理：{e.message}{getattr(e, 'hint', '')}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # output piped into `head` and closed early: not an error of ours
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as e:  # a file we were told to read or write: permissions, a full disk …
        import errno

        from xl_addin.model.messages import DISK_FULL

        if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            print(f"无法处理：{DISK_FULL.format(file=e.filename or '')}", file=sys.stderr)
        else:
            print(f"无法处理：无法读写文件“{e.filename or ''}”：{e.strerror or e}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as e:  # a bug of ours: still no traceback for the user unless asked for
        import os
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        print(f"程序内部错误（{type(e).__name__}：{e}）。请把这条信息和所用文件发给维护人员；"
              "设置环境变量 NIANBAO_DEBUG=1 后重新运行可显示详细信息。", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
