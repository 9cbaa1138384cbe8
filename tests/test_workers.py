"""Worker processes of audit / collect: a file that kills its worker, or runs past the deadline, gets
its own 无法读取 result and the run goes on; no file is ever tried again in this process; workers
and the files' own reading processes die with the parent."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xl_addin.model import messages as M
from xl_addin.rollup import workers
from xl_addin.rollup.audit import audit
from xl_addin.source import budget

PARENT = os.getpid()


def risky(item: str) -> str:
    """What a hostile file does to a worker (module level: the workers are forked)."""
    assert os.getpid() != PARENT, "a file was processed in the parent"
    if item == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if item == "abort":
        os.abort()
    if item == "slow":
        time.sleep(60)
    if item == "raise":
        raise ValueError("a bug")
    return item.upper()


def test_a_dead_worker_costs_only_its_own_file(monkeypatch):
    monkeypatch.setattr(workers, "deadline", lambda: 2.0)
    seen = []
    items = ["a", "kill", "b", "abort", "c", "slow", "d", "raise", "e"]
    out = workers.parallel(risky, items, jobs=2, on_death=lambda item, why: seen.append((item, why)) or f"dead:{item}")
    assert out == ["A", "dead:kill", "B", "dead:abort", "C", "dead:slow", "D", "dead:raise", "E"]
    assert dict(seen) == {
        "kill": M.WORKER_DIED["killed"].format(signal="SIGKILL"),
        "abort": M.WORKER_DIED["killed"].format(signal="SIGABRT"),
        "slow": M.WORKER_DIED["time"].format(seconds="2"),
        "raise": M.WORKER_DIED["error"].format(error="ValueError"),
    }


def test_progress_counts_every_file_dead_or_alive():
    done = []
    workers.parallel(risky, ["a", "kill", "b", "c"], jobs=2, advance=done.append, on_death=lambda i, w: None)
    assert sum(done) == 4


def test_an_audit_lists_a_file_whose_worker_died_as_unreadable(tmp_path, monkeypatch):
    """The reading of one report is made to kill its worker outright (as a crash in C code would)."""
    from tests.support import rollup_cases as RC
    from xl_addin.report import build as R
    from xl_addin.rollup import audit as A

    for i, name in enumerate(("甲镇人民政府", "乙镇人民政府", "丙镇人民政府")):
        (tmp_path / f"{name}.html").write_text(R.build_html(RC.report("2021", name, "乡镇人民政府", 2021, seed=i)),
                                               encoding="utf-8")
    real = A.examine

    def examine(path, context=None):
        if "乙镇" in path:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, context)

    monkeypatch.setattr(A, "examine", examine)
    result = audit([tmp_path], jobs=2)
    rows = {Path(r.file).name: (r.conclusion, r.unreadable) for r in result.reports}
    assert rows["乙镇人民政府.html"] == ("无法读取", M.WORKER_DIED["killed"].format(signal="SIGKILL"))
    assert rows["甲镇人民政府.html"][0] == rows["丙镇人民政府.html"][0] == "通过"


def _tree(pid: int) -> list[int]:
    out = []
    for kid in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split():
        out += [int(kid)] + _tree(int(kid))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


SLOW_RUN = """
import sys, time
sys.path.insert(0, {root!r})
from xl_addin.rollup import workers
from xl_addin.source import budget

def read(item):
    return budget.run(time.sleep, 60, file=item)      # a file being read in its own budgeted process

workers.parallel(read, ["a", "b", "c", "d"], jobs=2, on_death=lambda i, w: None)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_and_their_reading_processes_die_with_the_parent(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(SLOW_RUN.format(root=str(Path(__file__).resolve().parents[1])), encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)])
    try:
        deadline = time.monotonic() + 30
        while len(_tree(parent.pid)) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        descendants = _tree(parent.pid)
        assert len(descendants) >= 4                      # 2 workers, each reading a file in a child
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in descendants) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p for p in descendants if _alive(p)] == []


# ---------------------------------------------------------------- one file's budget

def hog(mb: int) -> int:
    block = bytearray(mb * 1024 * 1024)
    return len(block)


def test_a_file_over_its_memory_budget_is_refused_naming_the_limit(monkeypatch):
    monkeypatch.setenv("NIANBAO_FILE_MEMORY_MB", "100")
    with pytest.raises(budget.InputError) as e:
        budget.run(hog, 300, file="报告.pdf")
    assert e.value.message == ("报告.pdf：读取所需内存超过100MB（每个文件的内存上限），已停止；文件可能损坏或被恶意构造，"
                               "请提供Word或网页版本")
    assert (e.value.kind, e.value.file, e.value.detail) == ("budget.memory", "报告.pdf", {"mb": 100})
    assert budget.run(hog, 20, file="报告.pdf") == 20 * 1024 * 1024


def test_a_file_over_its_time_budget_is_refused_naming_the_limit(monkeypatch):
    monkeypatch.setenv("NIANBAO_FILE_SECONDS", "1")
    t0 = time.monotonic()
    with pytest.raises(budget.InputError) as e:
        budget.run(time.sleep, 30, file="报告.pdf")
    assert time.monotonic() - t0 < 5
    assert e.value.message == ("报告.pdf：读取超过1秒仍未完成（每个文件的时间上限），已停止；文件可能损坏或被恶意构造，"
                               "请提供Word或网页版本")


def test_a_crash_in_the_reading_process_is_a_message_not_a_crash_here():
    with pytest.raises(budget.InputError) as e:
        budget.run(os.abort, file="报告.pdf")
    assert e.value.message == (f"报告.pdf：读取时进程被终止（SIGABRT，可能超过每个文件{budget.memory_mb()}MB的内存上限），"
                               "文件可能损坏或被恶意构造，无法读取")


# ---------------------------------------------------------------- the reading process kept between files

def pdf_page_cap() -> int:
    return budget.MAX_PDF_PAGES


def burn(seconds: float) -> float:
    """CPU time spent in the reading process (module level: it is sent there by name)."""
    t0 = time.process_time()
    while time.process_time() - t0 < seconds:
        pass
    return time.process_time()


def refuse(file: str) -> None:
    raise budget.InputError("budget.pages", file, n=999, limit=budget.MAX_PDF_PAGES)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reading process is kept on Linux only")
def test_one_reading_process_reads_file_after_file_and_a_refusal_of_the_reader_keeps_it():
    first = budget.run(os.getpid, file="一.pdf")
    assert first != os.getpid()
    assert budget.run(os.getpid, file="二.pdf") == first
    with pytest.raises(budget.InputError) as e:
        budget.run(refuse, "三.pdf", file="三.pdf")
    assert e.value.kind == "budget.pages"
    assert budget.run(os.getpid, file="四.pdf") == first


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reading process is kept on Linux only")
@pytest.mark.parametrize("over", ["memory", "time", "crash"])
def test_a_file_over_its_budget_costs_the_reading_process_and_the_next_file_gets_a_new_one(monkeypatch, over):
    before = budget.run(os.getpid, file="一.pdf")
    monkeypatch.setenv("NIANBAO_FILE_MEMORY_MB", "100")
    monkeypatch.setenv("NIANBAO_FILE_SECONDS", "1")
    fn, args = {"memory": (hog, (300,)), "time": (time.sleep, (30,)), "crash": (os.abort, ())}[over]
    with pytest.raises(budget.InputError):
        budget.run(fn, *args, file="二.pdf")
    after = budget.run(os.getpid, file="三.pdf")
    assert after != before and not _alive(before)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reading process is kept on Linux only")
def test_the_readers_caps_are_the_callers_at_each_file(monkeypatch):
    budget.run(os.getpid, file="一.pdf")                       # the reading process exists already
    monkeypatch.setattr(budget, "MAX_PDF_PAGES", 7)
    assert budget.run(pdf_page_cap, file="二.pdf") == 7
    monkeypatch.undo()
    assert budget.run(pdf_page_cap, file="三.pdf") == budget.MAX_PDF_PAGES != 7


@pytest.mark.slow  # four files of 0.6 s of CPU each
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reading process is kept on Linux only")
def test_each_file_has_its_own_cpu_time_in_the_kept_reading_process(monkeypatch):
    monkeypatch.setenv("NIANBAO_FILE_SECONDS", "1")
    pid = budget.run(os.getpid, file="一.pdf")
    used = [budget.run(burn, 0.6, file=f"{i}.pdf") for i in range(4)]
    assert used[-1] > 2.4                                   # more than one file's limit (1 s + 1) in all…
    assert budget.run(os.getpid, file="二.pdf") == pid       # …and no file was refused


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reading process is kept on Linux only")
def test_a_forked_process_does_not_use_its_parents_reading_process():
    import multiprocessing

    parent_reader = budget.run(os.getpid, file="一.pdf")
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_reader_of_a_child, args=(sender,))
    child.start()
    child_reader, child_pid = receiver.recv()
    child.join(10)
    assert child_reader not in (parent_reader, child_pid) and _alive(parent_reader)
    assert budget.run(os.getpid, file="二.pdf") == parent_reader


def _reader_of_a_child(conn) -> None:
    conn.send((budget.run(os.getpid, file="一.pdf"), os.getpid()))
