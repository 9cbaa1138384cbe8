"""内容雷同 in a roll-up: offices whose narratives are near-identical (C-10) and the sheet that lists them.

Owns the roll-up's use of the pair search: choosing the narratives to compare (every usable file of
an office that submitted), the C-10 findings in 问题清单 (one for each office of a pair) and the
``SimilarPair`` records the roll-up workbook's 内容雷同 sheet shows. The pair search itself
(``near_identical``: no all-pairs loop) and its threshold (the schema's X-3 rule) live in
``check.text.similarity`` beside X-3; this module stays in the roll-up because it reads the
roll-up's office rows and raises the roll-up's findings (``check`` never imports ``rollup``).
"""
from __future__ import annotations

from dataclasses import dataclass

from xl_addin.check.text.similarity import near_identical, threshold
from xl_addin.rollup.examine import problem


@dataclass(frozen=True)
class SimilarPair:
    office_a: str
    file_a: str
    office_b: str
    file_b: str
    share: float        # the smaller share of identical text


def find_similar(rows: list, fmt: str) -> tuple[list[SimilarPair], list[tuple]]:
    """The near-identical pairs among the offices' narratives, and their C-10 findings as
    (office row, file name, finding) for 问题清单 — one for each office of a pair."""
    entries = [(row, f) for row in rows if row.state == "submitted" for f in row.usable if f.narrative]
    if len(entries) < 2:
        return [], []
    pairs = near_identical([f.narrative for _, f in entries], threshold(fmt), [f.names for _, f in entries])
    found, problems = [], []
    for p in sorted(pairs, key=lambda p: -p.similarity):
        (ra, fa), (rb, fb) = entries[p.a], entries[p.b]
        if ra is rb:
            continue  # two files of one office: 重复报送 already says so
        share = f"{p.similarity:.0%}"
        found.append(SimilarPair(ra.name, fa.name, rb.name, fb.name, p.similarity))
        problems.append((ra, fa.name, problem("C-10", fa.name, other=rb.name, other_file=fb.name, share=share)))
        problems.append((rb, fb.name, problem("C-10", fb.name, other=ra.name, other_file=fa.name, share=share)))
    return found, problems
