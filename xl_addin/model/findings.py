"""Findings: what a check found, as immutable data. Rendered to text only at the edges (CLI, workbook, web).

Owns: the ``Finding`` record, its operands (``Operand``: a value and the cell it was read from),
placing a finding on workbook cells (``Finding.at``), the one finding line format
(``表三!E29【T3-1】…``) and the plain-data form that crosses process boundaries and ``--json``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, NamedTuple

ERROR, WARNING = "error", "warning"
SEVERITY_CN = {ERROR: "错误", WARNING: "警告"}


class Operand(NamedTuple):
    """One operand of a rule: its value and, once located, the cell that holds it."""
    value: Any
    cell: str | None = None


@dataclass(frozen=True)
class Finding:
    rule: str                      # id from the finding catalogue (T3-1 …, S-1, W-…, C-…)
    severity: str                  # "error" | "warning"
    path: str                      # JSON path of the data point, "$.t3.total.nat"
    message: str                   # Chinese, without the location
    cell: str | None = None        # "表三!E26" where the data point lives in the workbook
    expected: Any = None
    actual: Any = None
    imbalance: Any = None
    operands: Mapping[str, Operand] = field(default_factory=dict)   # JSON path -> Operand
    kind: str | None = None

    @property
    def where(self) -> str:
        return self.cell or self.path

    def text(self) -> str:
        """The one line a clerk reads: where, rule id, message."""
        return f"{self.where}【{self.rule}】{self.message}"

    def line(self, located: bool = True) -> str:
        """The line ``nianbao`` prints: severity, cell (and path) or path, rule id, message."""
        where = f"{self.cell}（{self.path}）" if located and self.cell else self.path
        return f"{SEVERITY_CN[self.severity]}  {where}  【{self.rule}】{self.message}"

    def at(self, cell_of: Callable[[str], str | None], keep: bool = False) -> Finding:
        """The finding placed on cells: ``cell_of(json_path)`` gives the cell of a data point
        (None: not in the workbook). ``keep`` leaves a location that ``cell_of`` does not know."""
        cell = cell_of(self.path)
        ops = {p: Operand(o.value, cell_of(p) or (o.cell if keep else None)) for p, o in self.operands.items()}
        # built directly: dataclasses.replace costs a third of locating thousands of findings
        return Finding(self.rule, self.severity, self.path, self.message, cell or (self.cell if keep else None),
                       self.expected, self.actual, self.imbalance, ops, self.kind)

    def to_dict(self) -> dict:
        """The one JSON shape of a finding (``validate --json``, the web page): plain JSON values only."""
        d = {k: getattr(self, k) for k in ("rule", "severity")}
        d["severity_cn"] = SEVERITY_CN[self.severity]
        d.update({k: getattr(self, k) for k in ("path", "message", "cell")})
        d.update({k: _plain(getattr(self, k)) for k in ("expected", "actual", "imbalance")})
        d["operands"] = {p: [_plain(o.value), o.cell] for p, o in self.operands.items()}
        d["kind"] = self.kind
        d["text"] = self.text()
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Finding:
        ops = {p: Operand(*pair) for p, pair in (d.get("operands") or {}).items()}
        return cls(rule=d["rule"], severity=d["severity"], path=d["path"], message=d["message"], cell=d.get("cell"),
                   expected=d.get("expected"), actual=d.get("actual"), imbalance=d.get("imbalance"), operands=ops,
                   kind=d.get("kind"))


def _plain(value: Any) -> Any:
    """A value JSON can hold as it is; anything else (a date, an error value) as its text."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    findings = list(findings)
    errors = sum(f.severity == ERROR for f in findings)
    return errors, len(findings) - errors


def errors_first(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.severity != ERROR)
