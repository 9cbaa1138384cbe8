"""Benchmark: the claim reader (TX-1/TX-2). Prints its precision and recall on the labelled corpora —
the real sentences of the development set (the measure: ``tests/data/claims/real.jsonl``), real
sentences of published reports outside it (``outside.jsonl``) and the sentences written beside the
reader (``corpus.jsonl``) — and the time to validate a report whose 一、总体情况 has 200 paragraphs,
side by side with the same report validated by another version of the code (a git commit, run
from a temporary export): by default main as it was before the clause model (issue 17).

    python bench/bench_claims.py [--baseline 1a1d9bf] [--runs 60]

The narrative is rebuilt each run (one paragraph changes), so no cache of an earlier run helps. Times
are CPU time of the process, in batches alternating between the two code trees; the machine's load
average is printed with them.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASELINE = "1a1d9bf"   # main before the clause model (issue 17): the claim reader of issue 11

TIMER = r'''
import copy, json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from xl_addin.check.validator import validate
data = json.loads(open(sys.argv[2], encoding="utf-8").read())
runs = int(sys.argv[3])
validate(data)
times = []
for i in range(runs):
    d = copy.copy(data)
    d["s1"] = copy.deepcopy(data["s1"])
    d["s1"][0]["paragraphs"][0] += f"（{i}）"
    t = time.process_time()
    validate(d)
    times.append(time.process_time() - t)
print(json.dumps(times))
'''


def narrative_report(kind: str = "prose", paragraphs: int = 200) -> dict:
    """The 2021 sample with a 200-paragraph 一、总体情况 (a heading every 10 paragraphs).

    ``prose``: the sample's own 一 (its 依申请公开 figures, which agree with its tables) followed by
    the other paragraphs of both sample reports over and over (real report prose, with its counts of
    meetings, documents and projects); ``corpus``: the sentences of the labelled corpus, numbers
    everywhere (a stress case: most disagree with the sample's tables, so it also times a hundred findings).
    """
    from tests.support.claim_corpus import entries
    from tests.support.rule_cases import qingshan_2021, sample_2020

    d = qingshan_2021()
    if kind == "corpus":
        texts = [e["text"] for e in entries() if e["format"] == "2021"]
        texts = texts * (paragraphs // len(texts) + 1)
    else:
        own = [p for n in d["s1"] for p in n["paragraphs"]]
        other = [p for r in (sample_2020(), d) for s in ("s1", "s5", "s6") for n in r[s]
                 if "申请" not in n["heading"] for p in n["paragraphs"] if p not in own]
        texts = own + other * (paragraphs // len(other) + 1)
    nodes = []
    for i in range(paragraphs // 10):
        heading = "（二）依申请公开" if i == 0 else f"（{i + 1}）工作情况"
        nodes.append({"level": 1, "heading": heading, "paragraphs": texts[i * 10:(i + 1) * 10]})
    d["s1"] = nodes
    return d


def timed(trees: list[Path], data_file: Path, runs: int, batches: int = 5) -> list[tuple[float, float]]:
    """(median, best) CPU seconds of one validation for each code tree; batches alternate between the
    trees so that both see the same load on the machine."""
    times: list[list[float]] = [[] for _ in trees]
    for _ in range(batches):
        for i, tree in enumerate(trees):
            out = subprocess.run([sys.executable, "-c", TIMER, str(tree), str(data_file), str(max(1, runs // batches))],
                                 capture_output=True, text=True, check=True)
            times[i] += json.loads(out.stdout)
    return [(statistics.median(t), min(t)) for t in times]


def export(ref: str, into: Path) -> Path:
    archive = into / "tree.tar"
    with open(archive, "wb") as f:
        subprocess.run(["git", "-C", str(ROOT), "archive", ref, "xl_addin", "schema"], stdout=f, check=True)
    with tarfile.open(archive) as t:
        t.extractall(into / "tree", filter="data")
    return into / "tree"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--baseline", default=BASELINE, help="git commit of the code to compare with")
    p.add_argument("--runs", type=int, default=60)
    args = p.parse_args()

    from tests.support.claim_corpus import CORPUS, DATA, REAL, entries, score
    for name, path in (("real sentences of the development set", REAL),
                       ("real sentences outside the development set", DATA / "outside.jsonl"),
                       ("sentences written beside the reader", CORPUS)):
        items = entries(path)
        s = score(items)
        print(f"{name} ({path.name}): {len(items)} sentences, {s.true + len(s.missed)} labelled claims; "
              f"precision {s.precision:.1%} ({s.true} right, {len(s.false)} wrong), recall {s.recall:.1%} ({len(s.missed)} missed)")
    print(f"load average {os.getloadavg()[0]:.2f} (2 cores)")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        tree = export(args.baseline, tmp)
        for kind in ("prose", "corpus"):
            data_file = tmp / f"{kind}.json"
            data_file.write_text(json.dumps(narrative_report(kind), ensure_ascii=False), encoding="utf-8")
            now, before = timed([ROOT, tree], data_file, args.runs)
            print(f"validate a report with a 200-paragraph narrative ({kind}), CPU time: median {now[0] * 1000:.1f} ms "
                  f"(best {now[1] * 1000:.1f}), {args.baseline} {before[0] * 1000:.1f} ms "
                  f"(best {before[1] * 1000:.1f}); ratio of medians {now[0] / before[0]:.2f}, of bests {now[1] / before[1]:.2f}"
                  + (" (target ≤ 1.5)" if kind == "prose" else "") + f"; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("claims")
    main()
    footer()
