"""The labelled claim corpus (``tests/data/claims/corpus.jsonl``) and how the claim reader scores on it.

Each line is a sentence or paragraph in the phrasing of real reports (the sample report, the
format spec's wording, variations) with the claims it makes: kind, the cells whose sum it speaks
of, and the value. A claim the reader makes matches a label when kind and value agree and one of
its readings is exactly the labelled cells. Precision is over the reader's claims, recall over
the labels.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.rule_cases import BASES

CORPUS = Path(__file__).resolve().parent.parent / "data" / "claims" / "corpus.jsonl"


def entries() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def report_with(fmt: str, text: str) -> dict:
    """The sample report of a format whose 一、总体情况 is just this text."""
    d = copy.deepcopy(BASES[fmt]())
    d["s1"] = [{"level": 0, "heading": "", "paragraphs": [text]}]
    d["s6"] = []
    return d


@dataclass
class Score:
    true: int = 0
    false: list = field(default_factory=list)     # (text, claim) the reader made that no label has
    missed: list = field(default_factory=list)    # (text, label) the reader did not make

    @property
    def precision(self) -> float:
        return self.true / (self.true + len(self.false)) if self.true + self.false.__len__() else 1.0

    @property
    def recall(self) -> float:
        return self.true / (self.true + len(self.missed)) if self.true + self.missed.__len__() else 1.0


def _matches(claim, label: dict) -> bool:
    want = sorted(label["cells"])
    readings = claim.readings if claim.kind != "share" else claim.readings
    return (claim.kind == label["kind"] and abs(claim.value - label["value"]) < 1e-9
            and any(sorted(r.cells) == want for r in readings))


def score(items: list[dict] | None = None) -> Score:
    from xl_addin.check.claims import read
    from xl_addin.model import schema as S

    s = Score()
    for item in items or entries():
        data = report_with(item["format"], item["text"])
        claims = list(read(data, S.load(item["format"])).claims)
        labels = list(item["claims"])
        for c in claims:
            hit = next((lab for lab in labels if _matches(c, lab)), None)
            if hit is None:
                s.false.append((item["text"], c))
            else:
                labels.remove(hit)
                s.true += 1
        s.missed += [(item["text"], lab) for lab in labels]
    return s
