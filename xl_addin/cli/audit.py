"""The ``audit`` command (registered by ``cli``): published reports of a folder checked into one workbook.

``nianbao audit DIR|FILES… -o 审查.xlsx [--last-year-dir DIR] [-j N] [--overwrite]``: every
published report (PDF, Word, web page, text; folders searched with their subfolders) imported as
published and validated, in parallel, with a progress bar on a terminal; the workbook lists one row
per report and every problem with where it is in the report. Exit codes: 0 every report passed;
1 the workbook was written but some reports have errors or could not be read; 2 no report found,
a missing folder, or an output that cannot be written.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from xl_addin.cli.parsing import counter
from xl_addin.errors import EXIT_FINDINGS, EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from xl_addin.cli.rollup import _progress
    from xl_addin.model import messages as M
    from xl_addin.outputs import Output, check_outputs
    from xl_addin.rollup import audit, audit_book

    out = Path(args.output)
    check_outputs([Output(out, (".xlsx",), M.AUDIT["output_kind"])], args.sources, args.overwrite)
    progress = _progress()
    try:
        result = audit.audit(args.sources, last_year_dir=args.last_year_dir, jobs=args.jobs, progress=progress,
                             exclude=[out])
    finally:
        progress.close()
    audit_book.write(result, out)
    counts = {k: result.count(M.AUDIT[k]) for k in ("passed", "failed", "unreadable")}
    print(M.AUDIT["summary"].format(n=len(result.audited), **counts))
    if len(result.audited) < len(result.reports):
        print(M.SAME_REPORT["summary"].format(n=len(result.reports) - len(result.audited)))
    if args.last_year_dir:
        print(M.AUDIT["cross_year"].format(n=sum(1 for r in result.reports if r.last_year_file)))
    for r in result.audited:
        if r.conclusion != M.AUDIT["passed"]:
            detail = r.unreadable or f"错误{r.errors}个，警告{r.warnings}个"
            print(f"  {r.conclusion}  {r.org or r.name}（{r.shown or r.name}）：{detail}")
    print(M.AUDIT["written"].format(path=out))
    return EXIT_OK if counts["failed"] == counts["unreadable"] == 0 else EXIT_FINDINGS


def add_commands(sub: argparse._SubParsersAction) -> None:
    from xl_addin.cli.workbook import add_overwrite

    a = sub.add_parser("audit", help="审查一批已发布的年度报告（PDF、Word、网页、文本），结果汇成一个工作簿")
    a.add_argument("sources", nargs="+", metavar="DIR|FILE", help="报告所在的文件夹（含子文件夹）或报告文件")
    a.add_argument("-o", "--output", metavar="审查.xlsx", required=True, help="生成的审查结果工作簿")
    a.add_argument("--last-year-dir", metavar="DIR", help="上年报告所在的文件夹（已发布的报告或工作簿），用于跨年度核对")
    a.add_argument("-j", "--jobs", type=counter("并行进程数"), metavar="N", help="并行进程数（默认为CPU核数）")
    add_overwrite(a)
    a.set_defaults(func=cmd_audit)
