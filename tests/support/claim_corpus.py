"""The labelled claim corpora and how the claim reader scores on them.

``tests/data/claims/real.jsonl`` (the measure): every sentence that states a number, or denies
applications or cases, in the real reports of ``../shared/reference`` (the sample report and
``real-reports/``: their narratives, preambles and sections 五 and 六) and the real sentences quoted
by issue 17, each with its report's year and office, labelled by reading it as a reviewer does.
``tests/data/claims/corpus.jsonl``: sentences written beside the reader for every pattern it
knows (unit cases). Each line holds the claims the text makes: kind, the cells whose sum it
speaks of, and the value. A claim the reader makes matches a label when kind and value agree and
one of its readings is exactly the labelled cells. Precision is over the reader's claims, recall
over the labels.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.rule_cases import BASES

DATA = Path(__file__).resolve().parent.parent / "data" / "claims"
CORPUS = DATA / "corpus.jsonl"
REAL = DATA / "real.jsonl"


def entries(path: Path = CORPUS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def report_with(fmt: str, text: str, year: int | None | str = "base", org: str | None = None) -> dict:
    """The sample report of a format whose 一、总体情况 is just this text (with the year and office of
    the report the text comes from, when given)."""
    d = copy.deepcopy(BASES[fmt]())
    d["s1"] = [{"level": 0, "heading": "", "paragraphs": [text]}]
    d["s6"] = []
    if year != "base":
        d["basic"]["year"] = year
    if org:
        d["basic"]["org_name"] = org
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
    from xl_addin.check.text.claims import read
    from xl_addin.model import schema as S

    s = Score()
    for item in entries() if items is None else items:
        data = report_with(item["format"], item["text"], item.get("year", "base"), item.get("org"))
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
