"""Benchmark: 内容雷同. Builds narratives in the style of real reports, independent ones and copied-and-
edited ones (``tests/support/narratives.py``), prints how the similarity measure separates them (the
data behind the X-3 threshold, see docs/claims.md), then times ``near_identical`` on a province-sized
roll-up and checks that it finds the planted copies.

    python bench/bench_similarity.py [--reports 10000] [--copies 200] [--seed 11]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def quantiles(xs: list[float]) -> str:
    xs = sorted(xs)
    q = lambda p: xs[min(len(xs) - 1, int(p * len(xs)))]  # noqa: E731
    return f"min {xs[0]:.3f}, 1% {q(0.01):.3f}, median {statistics.median(xs):.3f}, 99% {q(0.99):.3f}, max {xs[-1]:.3f}"


def separation(rng: random.Random, n: int = 200) -> None:
    from tests.support import narratives as N
    from xl_addin.check.text.similarity import containment, normalise, shingles, similarity

    offices = [N.office(rng, i) for i in range(n)]
    texts = [N.narrative(rng, w) for w in offices]
    sh = [shingles(normalise(N.text(t), [w["org"], w["self"]])) for t, w in zip(texts, offices)]
    independent = [similarity(sh[a], sh[b]) for a, b in combinations(range(n), 2)]
    print(f"independent pairs ({len(independent)}): {quantiles(independent)}")
    for edited in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5):
        sims = []
        for i in range(n):
            j = (i + 1) % n
            c = N.copy_of(rng, texts[i], offices[i], offices[j], edited)
            sims.append(similarity(sh[i], shingles(normalise(N.text(c), [offices[j]["org"], offices[j]["self"]]))))
        print(f"copied, {edited:.0%} of sentences edited ({n}): {quantiles(sims)}")
    # year over year, one section (一、总体情况): this year's text against last year's
    own = []
    for w in offices:
        last = N.narrative(rng, w, 2020)
        now = N.narrative(rng, w, 2021)
        names = [w["org"], w["self"]]
        own.append(containment(shingles(normalise(N.text(now, "s1"), names)), shingles(normalise(N.text(last, "s1"), names))))
    print(f"year over year, 一 rewritten by the same office ({n}): {quantiles(own)}")
    for edited in (0.0, 0.2, 0.3, 0.5):
        sims = []
        for w, t in zip(offices, texts):
            c = N.copy_of(rng, t, w, w, edited)
            names = [w["org"], w["self"]]
            sims.append(containment(shingles(normalise(N.text(c, "s1"), names)), shingles(normalise(N.text(t, "s1"), names))))
        print(f"year over year, 一 copied with {edited:.0%} of sentences edited ({n}): {quantiles(sims)}")


def scale(rng: random.Random, reports: int, copies: int, threshold: float) -> None:
    from tests.support import narratives as N
    from xl_addin.check.text.similarity import near_identical

    offices = [N.office(rng, i) for i in range(reports)]
    texts = [N.narrative(rng, w) for w in offices[: reports - copies]]
    planted = set()
    for _ in range(copies):  # the last ``copies`` offices copy an earlier one, editing up to 20% of it
        src = rng.randrange(len(texts))
        texts.append(N.copy_of(rng, texts[src], offices[src], offices[len(texts)], rng.choice((0.0, 0.1, 0.2))))
        planted.add((src, len(texts) - 1))
    strings = [N.text(t) for t in texts]
    names = [[w["org"], w["self"]] for w in offices]
    t0 = time.perf_counter()
    pairs = near_identical(strings, threshold, names)
    took = time.perf_counter() - t0
    found = {(p.a, p.b) for p in pairs}
    from xl_addin.check.text.similarity import normalise, shingles, similarity
    due = {(a, b) for a, b in planted
           if similarity(*(shingles(normalise(strings[x], names[x])) for x in (a, b))) >= threshold}
    print(f"planted copies at or above the threshold: {len(due)}; found {len(found & due)}")
    print(f"near_identical on {reports} narratives ({sum(map(len, strings)) // reports} characters each), "
          f"{copies} planted copies: {took:.1f} s; found {len(found & planted)}/{len(planted)} planted pairs, "
          f"{len(found - planted)} other pairs (every pair reported is checked exactly: these are copies of one source)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reports", type=int, default=10_000)
    p.add_argument("--copies", type=int, default=200)
    p.add_argument("--seed", type=int, default=11)
    args = p.parse_args()
    from xl_addin.check.text.similarity import threshold as x3_threshold
    threshold = x3_threshold("2021")
    rng = random.Random(args.seed)
    separation(rng)
    print(f"threshold (schema X-3): {threshold}")
    scale(rng, args.reports, args.copies, threshold)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.anchor import footer, header

    header("similarity")
    main()
    footer()
