"""The narrative as text: the headings and paragraphs of the outline sections, and their sentences.

Owns: walking the outline sections (``s1``, ``s5``, ``s6`` of ``{level, heading, paragraphs}``)
into (data path, text) pairs, and cutting a text into sentences and clauses. Shared by the text
rules (TX-4, TX-5), the claim reader (TX-1, TX-2), the copied-name check (TX-7) and the
similarity checks (X-3, the roll-up); none of them needs the others.
"""
from __future__ import annotations

import re
from typing import Any, Iterator, NamedTuple

from xl_addin.model import schema as S


class Text(NamedTuple):
    """One heading or paragraph of an outline section."""
    path: str          # dotted data path: ``s1.2.paragraphs.0`` or ``s1.2.heading``
    section: str       # ``s1``
    node: int          # index of the outline node
    text: str


def texts(data: Any, section: str, heading: str | None = None) -> Iterator[tuple[str, str]]:
    """(dotted path, text) of an outline section's headings and paragraphs, optionally under one heading."""
    for t in walk(data, section):
        if heading:
            node = S.get(data, f"{section}.{t.node}")
            if heading not in (node.get("heading") or ""):
                continue
        yield t.path, t.text


def walk(data: Any, section: str) -> Iterator[Text]:
    """Every heading and paragraph of one outline section, in reading order."""
    nodes = S.get(data, section)
    if not isinstance(nodes, list):
        return
    for i, node in enumerate(nodes):
        if not isinstance(node, dict):
            continue
        h = node.get("heading")
        if isinstance(h, str) and h:
            yield Text(f"{section}.{i}.heading", section, i, h)
        paragraphs = node.get("paragraphs")
        for j, p in enumerate(paragraphs if isinstance(paragraphs, list) else []):
            if isinstance(p, str) and p:
                yield Text(f"{section}.{i}.paragraphs.{j}", section, i, p)


def section_text(data: Any, section: str) -> str:
    """A whole outline section as one string (headings and paragraphs, one a line)."""
    return "\n".join(t.text for t in walk(data, section))


SENTENCE_END = re.compile(r"[。！？!?\n]+")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of a text (a sentence keeps its closing mark)."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > start and text[start:m.start()].strip():
            yield start, m.end()
        start = m.end()
    if text[start:].strip():
        yield start, len(text)
