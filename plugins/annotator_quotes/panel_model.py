"""What the Quotes panel shows, computed without Qt: the quote rows (speaker, outlet, kind, status), filters,
counts per speaker and outlet (who gets quoted where), groups of same-statement variants, and the HTML of a
variant with its wording differences highlighted.

Speakers are grouped by entity when a quote has ``speaker_entity_id`` (so "Lukashenka" and "Alexander
Lukashenko" count together), otherwise by the speaker text.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .detect import DIRECT
from .layers import QUOTE, SAME
from .similarity import word_diff

UNKNOWN = "(speaker not stated)"
ALL = ""


@dataclass(frozen=True)
class QuoteRow:
    id: str
    document_id: str
    outlet: str
    title: str
    start: int
    end: int
    text: str
    speaker: str  # the display name (entity canonical name, speaker text or UNKNOWN)
    written: str  # the speaker attribute as stored
    entity_id: str | None
    kind: str
    status: str
    cue: str


def kind_of(attrs: dict) -> str:
    """A quote's kind: its ``kind`` attribute, else ``direct`` when it has a speaker (a quote marked by hand
    with Q and given a speaker counts in "who is quoted where"), else empty."""
    return attrs.get("kind") or (DIRECT if attrs.get("speaker") else "")


def quote_rows(project, *, include_suggested: bool = True) -> list[QuoteRow]:
    """Every quote of the project (rejected ones never; suggested ones unless told), in document order."""
    docs = {d["id"]: d for d in project.document_summaries()}
    entities = {e.id: e for e in project.entities()}
    rows = []
    for a in project.annotations(layer=QUOTE):
        if a.status == "rejected" or (a.status == "suggested" and not include_suggested):
            continue
        attrs = a.attributes or {}
        entity_id = attrs.get("speaker_entity_id")
        written = attrs.get("speaker") or ""
        entity = entities.get(entity_id) if entity_id else None
        speaker = entity.canonical_name if entity is not None else (written or UNKNOWN)
        cue = attrs.get("cue")
        doc = docs.get(a.document_id, {})
        rows.append(QuoteRow(a.id, a.document_id, doc.get("source") or "", doc.get("title") or "", a.start, a.end,
                             project.text(a.document_id)[a.start:a.end], speaker, written, entity_id,
                             kind_of(attrs), a.status, cue.get("text", "") if isinstance(cue, dict) else ""))
    order = {d: i for i, d in enumerate(docs)}
    rows.sort(key=lambda r: (order.get(r.document_id, 0), r.start))
    return rows


def filter_rows(rows: Iterable[QuoteRow], *, speaker: str = ALL, outlet: str = ALL, kind: str = ALL,
                contains: str = "") -> list[QuoteRow]:
    needle = contains.casefold()
    return [r for r in rows if (not speaker or r.speaker == speaker) and (not outlet or r.outlet == outlet)
            and (not kind or r.kind == kind) and (not needle or needle in r.text.casefold())]


def speaker_outlet_counts(rows: Sequence[QuoteRow], *, kinds: Iterable[str] = ("direct", "partial", "indirect")
                          ) -> tuple[list[str], list[str], Counter]:
    """Who gets quoted where: speakers (most quoted first), outlets, and counts by (speaker, outlet). Scare
    quotes have no speaker and are left out."""
    wanted = set(kinds)
    counts: Counter = Counter((r.speaker, r.outlet) for r in rows if r.kind in wanted)
    totals: Counter = Counter()
    for (speaker, _), n in counts.items():
        totals[speaker] += n
    speakers = sorted(totals, key=lambda s: (s == UNKNOWN, -totals[s], s.casefold()))
    outlets = sorted({r.outlet for r in rows})
    return speakers, outlets, counts


def statement_groups(project, rows: Sequence[QuoteRow]) -> list[list[QuoteRow]]:
    """Quotes joined by (not rejected) same-statement links, as groups of two or more (connected components),
    each ordered by outlet; groups ordered by size, then speaker."""
    by_id = {r.id: r for r in rows}
    parent = {r.id: r.id for r in rows}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in project.links(layer=SAME):
        if link.status == "rejected" or link.source_id not in by_id or link.target_id not in by_id:
            continue
        parent[find(link.source_id)] = find(link.target_id)
    groups: dict[str, list[QuoteRow]] = {}
    for r in rows:
        groups.setdefault(find(r.id), []).append(r)
    out = [sorted(g, key=lambda r: (r.outlet, r.start)) for g in groups.values() if len(g) > 1]
    out.sort(key=lambda g: (-len(g), g[0].speaker.casefold(), g[0].text))
    return out


def variant_html(words: Sequence[tuple[str, str]]) -> str:
    """HTML of one variant's words, differences highlighted: changed words amber, words the other variant
    lacks green-underlined."""
    parts = []
    for word, tag in words:
        w = html.escape(word)
        if tag == "changed":
            parts.append(f'<span style="background:#ffe082" title="worded differently">{w}</span>')
        elif tag == "extra":
            parts.append(f'<span style="background:#c8e6c9;text-decoration:underline" title="only here">{w}</span>')
        else:
            parts.append(w)
    return " ".join(parts)


def group_html(group: Sequence[QuoteRow]) -> list[str]:
    """For each variant of a group, its HTML with the differences from the group's first variant (the first
    variant is compared with the second)."""
    if not group:
        return []
    out = []
    ref = group[0].text
    for i, row in enumerate(group):
        other = group[1].text if i == 0 and len(group) > 1 else ref
        mine, _ = word_diff(row.text, other)
        out.append(variant_html(mine))
    return out
