"""Every bad argument of every command is exit 2 with a Chinese message: ports, years, URLs, counts,
a folder given for a file (and the reverse), argparse's own texts; a failed LibreOffice run is one
readable line naming the log that holds LibreOffice's output."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.rule_cases import EXAMPLES
from xl_addin.cli import main

ROOT = Path(__file__).resolve().parent.parent
NEXT = dt.date.today().year + 1


def run(capsys, *args) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one in-process call, argparse's own exits included."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_help_is_chinese_throughout(capsys):
    for args in ([], ["validate"], ["serve"], ["audit"]):
        code, out, _ = run(capsys, *args, "--help")
        assert code == 0
        assert out.startswith("用法：nianbao")
        for english in ("usage:", "positional arguments", "options:", "show this help message", "optional arguments"):
            assert english not in out
        assert "选项：" in out and "显示本帮助并退出" in out
    assert "位置参数：" in run(capsys, "validate", "--help")[1]


@pytest.mark.parametrize("args, message", [
    (["validate"], "nianbao validate：参数错误：缺少必需的参数：file"),
    (["bogus"], "nianbao：参数错误：参数 命令：“bogus”不是可选的值（可选：validate、template、export、fill、report、import、"
                "audit、roster-template、distribute、collect、serve、addin-manifest、addin-wps、addin-xlsm、addin-vba）"),
    (["validate", "x.json", "--format", "2020"], "nianbao validate：参数错误：参数 --format：“2020”不是可选的值（可选：2019、2021）"),
    (["validate", "x.json", "--nonsense"], "nianbao：参数错误：不认识的参数：--nonsense"),
    (["serve", "--port", "99999"], "nianbao serve：参数错误：参数 --port：端口“99999”不合法，应为1至65535之间的整数"),
    (["serve", "--port", "八千"], "nianbao serve：参数错误：参数 --port：端口“八千”不合法，应为1至65535之间的整数"),
    (["serve", "--workers", "0"], "nianbao serve：参数错误：参数 --workers：工作进程数“0”应为正整数"),
    (["audit", "-j", "x", "dir", "-o", "a.xlsx"], "nianbao audit：参数错误：参数 -j/--jobs：并行进程数“x”应为正整数"),
])
def test_argparse_errors_are_chinese_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0].startswith("用法：nianbao")
    assert lines[-1] == message


@pytest.mark.parametrize("args, message", [
    (["addin-xlsm", "{tmp}/a.xlsm", "--url", "https://nianbao.example.gov.cn", "--year", "2018"],
     "报告年度2018早于2019年：政府信息公开工作年度报告格式从2019年度起适用，不能生成该年度的工作簿"),
    (["addin-xlsm", "{tmp}/a.xlsm", "--url", "https://nianbao.example.gov.cn", "--year", "明年"],
     f"报告年度“明年”不是年份，应为2019至{NEXT}之间的年份"),
    (["addin-xlsm", "{tmp}/a.xlsm", "--url", "nianbao.example.gov.cn"],
     "服务器地址“nianbao.example.gov.cn”不对，应以 http:// 或 https:// 开头，例如 https://nianbao.example.gov.cn"),
    (["addin-manifest", "--url", "host", "-o", "{tmp}/m.xml"],
     "服务器地址“host”不对，应以 http:// 或 https:// 开头，例如 https://nianbao.example.gov.cn"),
    (["template", "--year", "abc", "-o", "{tmp}/t.xlsx"], f"报告年度“abc”不是年份，应为2019至{NEXT}之间的年份"),
    (["distribute", "{tmp}/名单.xlsx", "--year", "二〇二四", "-o", "{tmp}/分发"],
     f"报告年度“二〇二四”不是年份，应为2019至{NEXT}之间的年份"),
    (["collect", "{tmp}", "--year", "2024年", "-o", "{tmp}/汇总.xlsx"], f"报告年度“2024年”不是年份，应为2019至{NEXT}之间的年份"),
    (["validate", "{tmp}"], "{tmp}：这是一个文件夹，请给出要处理的文件；要检查一个文件夹中的全部工作簿请用 nianbao collect，"
                            "全部已发布的报告请用 nianbao audit"),
    (["validate", str(EXAMPLES / "sample-2020-jiaxiang.json"), "--last-year", "{tmp}"], "{tmp}：这是一个文件夹，请给出文件名"),
    (["distribute", "{tmp}", "--year", "2024", "-o", "{tmp}/分发"], "{tmp}：这是一个文件夹，请给出文件名"),
    (["collect", str(EXAMPLES / "sample-2020-jiaxiang.json"), "--year", "2024", "-o", "{tmp}/汇总.xlsx"],
     f"{EXAMPLES / 'sample-2020-jiaxiang.json'}：不是文件夹，请给出文件夹"),
])
def test_bad_values_are_refused_before_anything_is_written(capsys, tmp_path, args, message):
    code, out, err = run(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert (code, out) == (2, "")
    assert err == f"无法处理：{message.format(tmp=tmp_path)}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_port_over_65535_in_the_configuration_is_refused(tmp_path):
    config = tmp_path / "server.env"
    config.write_text("NIANBAO_PORT=70000\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "xl_addin", "serve", "--config", str(config)], capture_output=True,
                       text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert (r.returncode, r.stderr) == (2, "无法处理：配置项 NIANBAO_PORT 应不大于65535，实际为“70000”\n")


FAKE_SOFFICE = """#!/bin/sh
for i in $(seq 1 40); do echo "  frame $i: libmergedlo.so backtrace" >&2; done
exit 81
"""


def test_a_libreoffice_failure_is_one_line_naming_its_log(capsys, tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE, encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("SOFFICE", str(fake))
    out = tmp_path / "报告.docx"
    code, printed, err = run(capsys, "report", EXAMPLES / "sample-2021-qingshan.json", "-o", out, "--pdf",
                             tmp_path / "报告.pdf")
    assert code == 2 and out.exists() and not (tmp_path / "报告.pdf").exists()
    assert printed.startswith(f"已生成Word文档：{out}")
    (line,) = err.splitlines()
    prefix = "未生成 PDF：报告.docx转换为PDF失败（LibreOffice 退出码81），详细信息见 "
    assert line.startswith(prefix) and line.endswith(".log。其他文件已生成。")
    log = Path(line[len(prefix):-len("。其他文件已生成。")])
    assert "frame 40: libmergedlo.so backtrace" in log.read_text(encoding="utf-8")
    log.unlink()
