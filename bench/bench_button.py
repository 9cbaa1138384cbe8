"""Benchmark: what a 校验 button click costs the server, against an in-process ``nianbao validate``
of the same workbook (the target: a click costs no more than twice the validation).

Both measured in this process, in the same run: ``check(path)`` (read the file, validate, locate)
and a POST of the xlwings client's payload to the real ASGI app (``/xlwings/custom-scripts-call/validate``:
parse the JSON body, read the values through the workbook reader, validate, build the actions).
Prints medians and the ratio. Run: ``.venv/bin/python bench/bench_button.py``.
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.support: the payload builder of the fake VBA client


def median_ms(fn, n: int) -> float:
    fn()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main(n: int = 40) -> None:
    import logging

    logging.disable(logging.INFO)          # xlwings-server and httpx log every request
    from tests.support.server_support import SCRIPT_URL, AppClient, payload_of, sample, with_error, write_workbook
    from xl_addin.check.step import check

    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp), with_error(sample()))
        body = json.dumps(payload_of(path)).encode("utf-8")
        client = AppClient()
        try:
            def click():
                r = client.post(SCRIPT_URL.format("validate"), content=body, headers={"Content-Type": "application/json"})
                assert r.status_code == 200, r.text

            validate_ms = median_ms(lambda: check(path), n)
            click_ms = median_ms(click, n)
        finally:
            client.close()
    print(f"nianbao validate (in process, read+validate+locate): median {validate_ms:.1f} ms")
    print(f"校验 button (POST payload to the in-process app):    median {click_ms:.1f} ms")
    print(f"ratio click / validate: {click_ms / validate_ms:.2f} (target <= 2.0); load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("button")
    main()
    footer()
