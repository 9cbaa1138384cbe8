"""Findings: what a check found, as data. Rendered to text only at the edges (CLI, workbook, web)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ERROR, WARNING = "error", "warning"
SEVERITY_CN = {ERROR: "错误", WARNING: "警告"}


@dataclass
class Finding:
    rule: str                      # rule id from the schema (T3-1 …), S-1 structure, W-… workbook
    severity: str                  # "error" | "warning"
    path: str                      # JSON path of the data point, "$.t3.total.nat"
    message: str                   # Chinese, without the location
    cell: str | None = None        # "表三!E26" where the data point lives in the workbook
    expected: Any = None
    actual: Any = None
    imbalance: Any = None
    operands: dict[str, list] = field(default_factory=dict)   # path -> [value, cell]
    kind: str | None = None

    @property
    def where(self) -> str:
        return self.cell or self.path

    def text(self) -> str:
        return f"{self.where}【{self.rule}】{self.message}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["text"] = self.text()
        return d


def count(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(f.severity == ERROR for f in findings)
    return errors, len(findings) - errors
