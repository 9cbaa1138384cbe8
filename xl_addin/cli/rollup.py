"""The ``roster-template``, ``distribute`` and ``collect`` commands (registered by ``cli``).

Exit codes: 0 done (``collect``: every office on the roster passed and every file was usable);
1 ``collect`` wrote the roll-up but some offices are missing, failed or sent unusable files;
2 the roster, a folder or an output cannot be used. Heavy modules are imported inside the commands.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from xl_addin.cli.parsing import counter, report_year
from xl_addin.errors import EXIT_FINDINGS, EXIT_OK

MAX_LISTED = 8          # names or files listed per line group of the final summary


def _progress(stream=None):
    """A factory ``(total, label) -> advance`` that draws a bar on stderr when it is a terminal."""
    from xl_addin.cli.progress import Progress

    bars: list[Progress] = []

    def start(total: int, label: str):
        for b in bars:
            b.close()
        bar = Progress(total, label, stream=stream)
        bars.append(bar)
        return bar.advance

    start.close = lambda: [b.close() for b in bars]  # type: ignore[attr-defined]
    return start


def _listing(items: list[str], sep: str = "、") -> str:
    shown = sep.join(items[:MAX_LISTED])
    return shown + (f"等{len(items)}个" if len(items) > MAX_LISTED else "")


# ---------------------------------------------------------------- roster-template

def cmd_roster_template(args: argparse.Namespace) -> int:
    from xl_addin.outputs import Output, check_outputs
    from xl_addin.rollup import roster

    out = Path(args.output)
    check_outputs([Output(out, (".xlsx",), "名单")], overwrite=args.overwrite)
    filled = roster.filled_rows(out) if out.is_file() else 0
    if filled:      # --overwrite replaces an empty roster or another file, never a filled roster
        from xl_addin.errors import InputError
        raise InputError("roster.filled", out, n=filled)

    roster.template(out)
    print(f"已生成报送名单模板：{out}")
    print("请在“名单”工作表中每行填写一个机关，然后运行 nianbao distribute 分发工作簿。")
    return EXIT_OK


# ---------------------------------------------------------------- distribute

def cmd_distribute(args: argparse.Namespace) -> int:
    from xl_addin.rollup import distribute

    args.year = report_year(args.year)
    progress = _progress()
    try:
        done = distribute.distribute(args.roster, args.year, args.output, fmt=args.format,
                                 last_year_dir=args.last_year_dir, jobs=args.jobs, progress=progress)
    finally:
        progress.close()
    print(f"已为{len(done.files)}个机关生成{args.year}年度工作簿：{args.output}")
    if args.last_year_dir:
        print(f"上年数据：读取上年工作簿{done.last_year_files}个，为{len(done.prefilled)}个机关预填了上年数据。")
        if done.no_last_year:
            print(f"未找到上年工作簿、未预填上年数据的机关{len(done.no_last_year)}个：{_listing(done.no_last_year)}")
        bad = [f for f in done.notes if f.rule != "C-8"]
        if bad:
            print(f"上年工作簿中无法使用的文件{len(bad)}个：")
            for f in bad[:MAX_LISTED]:
                print(f"  {f.cell}：【{f.rule}】{f.message}")
            if len(bad) > MAX_LISTED:
                print(f"  ……另有{len(bad) - MAX_LISTED}个")
    print("请把各机关的工作簿发给对应机关填写；收回后放在一个文件夹中，运行 nianbao collect 汇总。")
    return EXIT_OK


# ---------------------------------------------------------------- collect

def summary(result) -> list[str]:
    """The one-screen summary printed after a roll-up."""
    from xl_addin.model import messages as M
    from xl_addin.model.findings import ERROR

    rows = result.rows
    offices = result.offices
    by = lambda c: [r for r in rows if r.conclusion == c]  # noqa: E731
    lines = [f"{result.year}年度报送情况（{result.folder}）：读取工作簿{result.files}个"]
    if not result.files:
        lines.append("  文件夹中没有找到Excel工作簿（.xlsx、.xlsm）")
    if result.roster is not None:
        lines.append(f"  名单{len(offices)}个机关：已报送{sum(r.state == 'submitted' for r in offices)}个，"
                     f"未报送{len(by('missing'))}个")
    c = M.CONCLUSION                # 通过, 不通过 …: the words of one office's 结论
    lines.append(f"  {c['passed']}{len(by('passed'))}个（已汇总），{c['failed']}{len(by('failed'))}个，"
                 f"{c['duplicate']}{len(by('duplicate'))}个，{c['unusable']}{sum(r.conclusion == 'unusable' for r in offices)}个")
    extra = [r for r in rows if r.state in ("off_roster", "unknown")]
    errors = sum(p.finding.severity == ERROR for p in result.problems)
    lines.append(f"  问题清单：错误{errors}条，警告{len(result.problems) - errors}条")
    if result.last_year_files:
        lines.append(f"  上年工作簿{result.last_year_files}个，其中{result.last_year_used}个机关的用于跨年度核对")
    if by("missing"):
        lines.append(f"未报送：{_listing([r.name for r in by('missing')])}")
    if by("failed"):
        lines.append(f"{c['failed']}：{_listing([f'{r.name}（{r.errors}个错误）' for r in by('failed')])}")
    if by("duplicate"):
        lines.append(f"重复报送（均未汇总）：{_listing([r.name for r in by('duplicate')])}")
    unusable = [(r, f) for r in rows for f in r.files if f.problem]
    if unusable:
        lines.append(f"无法使用的文件{len(unusable)}个：")
        for _, f in unusable[:MAX_LISTED]:
            lines.append(f"  {f.name}：【{f.problem.rule}】{f.problem.message}")
        if len(unusable) > MAX_LISTED:
            lines.append(f"  ……另有{len(unusable) - MAX_LISTED}个，见汇总工作簿“报送情况”")
    if result.ignored:
        lines.append(f"不是Excel工作簿、已忽略的文件{len(result.ignored)}个：{_listing([p.name for p in result.ignored])}")
    if result.output is not None:
        names = "、".join(M.ROLLUP_BOOK["sheets"].values())
        lines.append(f"汇总工作簿：{result.output}（{names}，其后为汇总数据的标准年报各表）")
    if extra and not unusable:
        lines.append(f"另有名单外或无法识别的文件{len(extra)}个")
    return lines


def cmd_collect(args: argparse.Namespace) -> int:
    from xl_addin.rollup import collect

    args.year = report_year(args.year)
    progress = _progress()
    try:
        result = collect.collect(args.folder, args.year, args.output, roster_path=args.roster,
                                last_year_dir=args.last_year_dir, fmt=args.format, name=args.name,
                                jobs=args.jobs, progress=progress, overwrite=args.overwrite)
    finally:
        progress.close()
    print("\n".join(summary(result)))
    return EXIT_OK if result.complete else EXIT_FINDINGS


# ---------------------------------------------------------------- registration

def add_commands(sub) -> None:
    """Register the three commands on ``nianbao``'s sub-parser collection."""
    from xl_addin.model.schema import FORMATS as formats

    t = sub.add_parser("roster-template", help="生成报送名单模板（机关名称、机关类型、联系人、电话、邮箱）")
    t.add_argument("-o", "--output", metavar="名单.xlsx", required=True, help="生成的名单工作簿")
    t.set_defaults(func=cmd_roster_template)

    d = sub.add_parser("distribute", help="按报送名单为每个机关生成预填基本信息的年报工作簿")
    d.add_argument("roster", metavar="ROSTER.xlsx", help="报送名单（nianbao roster-template 生成）")
    d.add_argument("--year", metavar="YYYY", required=True, help="报告年度，如2024")
    d.add_argument("--format", choices=formats, help="年报格式（默认按报告年度确定）")
    d.add_argument("--last-year-dir", metavar="DIR",
                   help="各机关上一年度报送的工作簿或已发布的报告（PDF、Word、网页）所在文件夹，用于预填“上年数据”")
    d.add_argument("-o", "--output", metavar="DIR", required=True, help="输出文件夹（每个机关一个工作簿）")
    d.add_argument("-j", "--jobs", type=counter("并行进程数"), help="并行读取的进程数（默认为CPU核数）")
    d.set_defaults(func=cmd_distribute)

    c = sub.add_parser("collect", help="读取并校验各机关报送的工作簿，生成报送情况、问题清单和汇总表")
    c.add_argument("folder", metavar="DIR", help="各机关报送的工作簿所在文件夹")
    c.add_argument("--year", metavar="YYYY", required=True, help="报告年度，如2024")
    c.add_argument("--roster", metavar="ROSTER.xlsx", help="报送名单；给出时列出未报送和名单外的机关")
    c.add_argument("--last-year-dir", metavar="DIR", help="各机关上一年度的工作簿或已发布的报告所在文件夹，用于跨年度核对")
    c.add_argument("--format", choices=formats, help="年报格式（默认按报告年度确定）")
    c.add_argument("--name", metavar="名称", help="汇总表的机关名称（默认为“（汇总）”）")
    c.add_argument("-o", "--output", metavar="汇总.xlsx", required=True, help="生成的汇总工作簿")
    c.add_argument("-j", "--jobs", type=counter("并行进程数"), help="并行读取的进程数（默认为CPU核数）")
    c.set_defaults(func=cmd_collect)
    from xl_addin.cli.workbook import add_overwrite
    for cmd in (t, c):
        add_overwrite(cmd)
