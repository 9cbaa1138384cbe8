"""Load test on loopback: start ``nianbao serve``, post many 校验 payloads at once, report latency.

Builds the payload from a real filled template workbook (the 2021 sample with a known error),
sends ``--requests`` validations with ``--concurrency`` in flight over HTTP (httpx), checks every
answer (status 200, the expected alert, the error cells marked), prints p50/p95/max and the
failures, and stops the server. Bounded: gives up after ``--deadline`` seconds. Exit 1 on any
failure. Run: ``.venv/bin/python bench/load_server.py [--requests 200 --concurrency 50 --workers 1]``.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.support: the payload builder of the fake VBA client
ALERT = "校验不通过：发现错误 2 个、警告 1 个。出错的单元格已标红，警告已标黄，详见“校验结果”工作表。"
TOKEN = "load-test-token-1"


def payload() -> dict:
    import openpyxl

    from tests.support.payload import build_payload
    from xl_addin.workbook import template

    data = json.loads((ROOT / "examples" / "sample-2021-qingshan.json").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["t3"]["new"]["nat"] += 5
    data["t3"]["new"]["total"] += 5        # the row total, as the template computes it
    raw, _ = template.fill_bytes(data)
    return build_payload(openpyxl.load_workbook(io.BytesIO(raw), data_only=True), book_name="年报.xlsx")


def start(workers: int) -> tuple[subprocess.Popen, str, Path]:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = Path(tempfile.mkdtemp(prefix="nianbao-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "XLWINGS_"))}
    env.update(NIANBAO_STORE_DIR=str(store), NIANBAO_TOKEN=TOKEN)
    proc = subprocess.Popen([sys.executable, "-m", "xl_addin", "serve", "--port", str(port), "--workers", str(workers)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base, store
        except httpx.TransportError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("server did not start")


async def run(base: str, body: dict, requests: int, concurrency: int, deadline: float) -> tuple[list[float], list[str]]:
    import httpx

    url = base + "/xlwings/custom-scripts-call/validate"
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    times: list[float] = []
    failures: list[str] = []
    sem = asyncio.Semaphore(concurrency)

    async with httpx.AsyncClient(limits=limits, timeout=deadline, headers={"Authorization": TOKEN}) as client:
        async def one(i: int) -> None:
            async with sem:
                t = time.perf_counter()
                try:
                    r = await client.post(url, json=body)
                    elapsed = time.perf_counter() - t
                    actions = r.json()["actions"] if r.status_code == 200 else []
                    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
                    red = [a for a in actions if a["func"] == "setRangeColor" and a["args"] == ["#FFC7CE"]]
                    if r.status_code != 200 or alerts != [ALERT] or len(red) != 2:
                        failures.append(f"#{i}: HTTP {r.status_code}, alerts {alerts}, {len(red)} red cells"
                                        + ("" if r.status_code == 200 else f": {r.text[:120]}"))
                    else:
                        times.append(elapsed)
                except Exception as e:                    # a timeout or a dropped connection
                    failures.append(f"#{i}: {type(e).__name__} {e}")

        await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(requests))), timeout=deadline)
    return times, failures


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--concurrency", type=int, default=50)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--deadline", type=float, default=300, help="seconds for the whole run")
    args = p.parse_args(argv)
    body = payload()
    proc, base, store = start(args.workers)
    try:
        t = time.perf_counter()
        times, failures = asyncio.run(run(base, body, args.requests, args.concurrency, args.deadline))
        wall = time.perf_counter() - t
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        import shutil
        shutil.rmtree(store, ignore_errors=True)
    q = sorted(times)
    pct = lambda f: q[min(len(q) - 1, int(len(q) * f))] * 1000 if q else float("nan")  # noqa: E731
    print(f"validate over HTTP: {args.requests} requests, concurrency {args.concurrency}, workers {args.workers}, "
          f"{os.cpu_count()} CPUs")
    print(f"  ok {len(times)}, failures {len(failures)}, wall {wall:.1f} s, {len(times) / wall:.1f} req/s")
    if q:
        print(f"  latency p50 {statistics.median(q) * 1000:.0f} ms, p95 {pct(0.95):.0f} ms, max {q[-1] * 1000:.0f} ms")
    for f in failures[:10]:
        print("  FAILED", f)
    return 1 if failures or len(times) != args.requests else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("load_server")
    code = main()
    footer()
    sys.exit(code)
