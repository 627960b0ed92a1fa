"""`contentqa report`: the pre-publish report, one self-contained HTML page.

The page shows, for each article, a scorecard, the article's source with every finding
highlighted at its span (a colour per category), the medical claims and the disclaimers they
need, readability per section and per sentence, and the findings with their rules' docs. It
loads nothing: the CSS and JS in `templates/` are inlined, and the article's text only ever
reaches the page escaped (the script reads finding messages from a JSON block and sets them
with textContent).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, TextIO

from .. import __version__
from ..rule import CATEGORIES, SEVERITIES, SEVERITY_RANK

if TYPE_CHECKING:
    from ..config import Config
    from ..document import Block, Document
    from ..engine import FileResult
    from ..rule import Finding, Rule

CATEGORY_LABELS = {"tokens": "Stray tokens", "artifacts": "CMS artifacts", "images": "Images", "links": "Links",
                   "medical": "Medical claims", "readability": "Readability", "seo": "SEO"}
SEVERITY_ORDER = tuple(reversed(SEVERITIES))  # error, warning, info
# Blocks whose sentences are prose: headings and table cells are labels.
_SENTENCE_KINDS = ("paragraph", "list_item", "quote")
# Characters a reader cannot see but a finding may be about: shown as a visible mark.
_INVISIBLE = re.compile("[\u00a0\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CLAIM_MESSAGE = re.compile(r"^(?P<label>.+?) '(?P<quote>.*)' requires: (?P<missing>.+?)(?: — (?P<note>.+))?$",
                            re.DOTALL)
_PLACEMENT = re.compile(r" \((?:in the same section|near the end)\)$")
# Per-section readability needs some words to mean anything.
MIN_SECTION_WORDS = 30


# --- what the page shows of one article ---------------------------------------------------

@dataclass
class Sentence:
    start: int  # source offset
    grade: float
    words: int
    text: str


@dataclass
class Section:
    title: str
    start: int  # source offset of its first block
    words: int
    grade: float | None
    ease: float | None


@dataclass
class Claim:
    finding: Finding
    fid: str
    quote: str
    kind: str
    needed: list[str]
    missing: list[str]
    note: str | None  # what the message adds after the disclaimers (an over-broad use, say)
    explain: str | None  # which pack entries matched
    answerable: bool = True  # False for a claim no disclaimer makes right (a cure, a disease claim)


@dataclass
class Article:
    """One checked file and everything the page derives from it."""

    index: int
    result: FileResult
    fail_on: str
    doc: Document | None = None
    ids: dict[int, str] = field(default_factory=dict)  # id(finding) -> element id

    @property
    def anchor(self) -> str:
        return f"a{self.index}"

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    @property
    def failing(self) -> list[Finding]:
        if self.fail_on == "never":
            return []
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[self.fail_on]]

    @property
    def passed(self) -> bool:
        return self.result.error is None and not self.failing

    def severity_counts(self) -> Counter[str]:
        return Counter(f.severity for f in self.findings)

    def category_counts(self) -> Counter[str]:
        return Counter(f.category for f in self.findings)

    def fid(self, finding: Finding) -> str:
        return self.ids[id(finding)]

    @property
    def title(self) -> str:
        if self.doc is not None:
            if self.doc.meta.title:
                return self.doc.meta.title
            if self.doc.headings:
                return self.doc.headings[0].text
        return self.result.path


def _document(result: FileResult) -> Document | None:
    """The parsed article again, for its markup, blocks and headings."""
    from ..parsers import parse

    if result.text is None:
        return None
    try:
        return parse(result.path, result.text, result.format)
    except Exception:  # noqa: BLE001 - the page still shows findings without the structure
        return None


def _offsets(finding: Finding, result: FileResult, doc: Document | None) -> tuple[int, int]:
    """Source offsets of a finding: its own, checked against its line and column."""
    if doc is None or not finding.line:
        return finding.start, finding.end
    source_map = doc.source_map
    if source_map.position(finding.start) == (finding.line, finding.column):
        return finding.start, max(finding.start, finding.end)
    start = source_map.offset(finding.line, finding.column)
    return start, max(start, source_map.offset(finding.end_line, finding.end_column))


def _is_document_level(start: int, end: int) -> bool:
    return start == end == 0


# --- readability --------------------------------------------------------------------------

def _closed(text: str) -> str:
    text = text.strip()
    return text if re.search(r"[.!?][\"'”’)\]]*$", text) else text + "."


def _scores(text: str) -> tuple[int, float | None, float | None]:
    import textstat

    words = int(textstat.lexicon_count(text)) if text.strip() else 0
    if not words:
        return 0, None, None
    return words, round(float(textstat.flesch_kincaid_grade(text)), 1), round(float(textstat.flesch_reading_ease(text)), 1)


def sections(doc: Document) -> list[Section]:
    """Readability of each section under a heading; of each paragraph when there are no headings."""
    blocks = [b for b in doc.prose_blocks() if b.prose().strip()]
    has_headings = any(b.kind == "heading" for b in blocks)
    groups: list[tuple[str, list[Block]]] = []
    if has_headings:
        for block in blocks:
            if block.kind == "heading":
                groups.append((block.prose().strip(), []))
            elif block.kind in _SENTENCE_KINDS:
                if not groups:
                    groups.append(("(before the first heading)", []))
                groups[-1][1].append(block)
    else:
        for n, block in enumerate((b for b in blocks if b.kind in _SENTENCE_KINDS), 1):
            lead = block.prose().split()
            groups.append((f"¶{n} " + " ".join(lead[:5]) + (" …" if len(lead) > 5 else ""), [block]))
    out = []
    for title, members in groups:
        if not members:
            continue
        words, level, ease = _scores("\n\n".join(_closed(b.prose()) for b in members))
        if words:
            out.append(Section(title, members[0].start, words, level, ease))
    return out


def sentences(doc: Document, config: Config) -> list[Sentence]:
    """Flesch-Kincaid grade of each prose sentence, in reading order."""
    import textstat

    from ..context import Context

    ctx = Context(config=config, document=doc)
    out = []
    for block in doc.prose_blocks():
        if block.kind not in _SENTENCE_KINDS or not block.prose().strip():
            continue
        for s, e in ctx.sentences(block):
            prose = block.prose_between(s, e)
            words = int(textstat.lexicon_count(prose)) if prose else 0
            if not words:
                continue
            lead = len(block.text[s:e]) - len(block.text[s:e].lstrip())
            start, _ = block.source_span(s + lead, e)
            out.append(Sentence(start, max(0.0, round(float(textstat.flesch_kincaid_grade(prose)), 1)), words, prose))
    return out


def audience_target(metrics: dict[str, object]) -> tuple[str, float, float | None] | None:
    """(profile, max grade, min reading ease) of the audience the readability rules used."""
    name = metrics.get("audience")
    if not isinstance(name, str):
        return None
    try:
        from ..checks.readability import load_audiences

        profile = load_audiences()[1].get(name)
    except Exception:  # noqa: BLE001 - the report shows the scores without a target
        return None
    if profile is None:
        return None
    ease = profile.min_reading_ease
    return name, profile.max_grade, None if ease is None else float(ease)


# --- medical claims -------------------------------------------------------------------------

def _required_by_label() -> dict[str, list[str]]:
    """Claim label -> short names of the disclaimers that kind of claim needs (claims.yml)."""
    try:
        from ..checks.medical import default_pack

        pack = default_pack()
    except Exception:  # noqa: BLE001 - the checklist then lists the missing disclaimers only
        return {}
    return {c.label: [pack.disclaimers[d].short for d in c.requires] for c in pack.claims.values()}


def _strings(value: object) -> list[str] | None:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def claims(article: Article, required: dict[str, list[str]]) -> list[Claim]:
    out = []
    for f in article.findings:
        if f.category != "medical":
            continue
        match = _CLAIM_MESSAGE.match(f.message)
        label = match.group("label") if match else f.name.replace("-", " ")
        quote = match.group("quote") if match else f.excerpt
        missing = [m.strip() for m in match.group("missing").split(";")] if match else []
        missing = _strings(f.extra.get("missing")) or missing
        needed = _strings(f.extra.get("requires")) or required.get(label) or [_PLACEMENT.sub("", m) for m in missing]
        kind = f.name.split("-without-")[0].replace("-", " ")
        # Claim types the rule's name does not already say ("treatment" for an efficacy claim).
        extra_kinds = [k.replace("-", " ") for k in _strings(f.extra.get("claim-types")) or []
                       if not set(k.split("-")) & set(kind.split())]
        if extra_kinds:
            kind += f" ({', '.join(extra_kinds)})"
        explain = f.extra.get("explain")
        out.append(Claim(f, article.fid(f), str(f.extra.get("claim") or quote), kind, needed, missing,
                         match.group("note") if match else None, explain if isinstance(explain, str) else None,
                         f.extra.get("answerable") is not False))
    return out


# --- the highlighted text -------------------------------------------------------------------

@dataclass
class _Mark:
    fid: str
    start: int
    end: int
    category: str
    severity: str


def _category_class(category: str) -> str:
    return f"cat-{category}" if category in CATEGORIES else "cat-other"


def _chars(text: str, marked: bool) -> str:
    """Escaped text; invisible characters get a visible sign (always when inside a highlight)."""
    out, last = [], 0
    for m in _INVISIBLE.finditer(text):
        ch = m.group()
        if ch == "\u00a0" and not marked:
            continue
        out.append(html.escape(text[last:m.start()], quote=False))
        sign = "␣" if ch == "\u00a0" else "¤"
        out.append(f'<span class="ch" title="U+{ord(ch):04X}">{sign}</span>')
        last = m.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def highlight(text: str, marks: Sequence[_Mark], styles: Sequence[tuple[int, int, str]],
              points: dict[int, list[str]]) -> str:
    """The text as escaped HTML with one <mark> per finding span.

    Nested spans nest; spans that cross are split where they cross (the pieces share the
    finding's data-f, and only the first piece is focusable). `styles` are ranges given a
    class (markup, headings); `points` are HTML snippets (anchors) to insert at offsets.
    """
    order = sorted((m for m in marks if m.end > m.start), key=lambda m: (m.start, -m.end, m.fid))
    cuts = {0, len(text), *points}
    for m in order:
        cuts.update((m.start, m.end))
    for s, e, _ in styles:
        cuts.update((s, e))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    stack: list[_Mark] = []
    opened: set[str] = set()
    out: list[str] = []
    for s, e in zip(bounds, bounds[1:] + [len(text)], strict=True):
        want = [m for m in order if m.start <= s and e <= m.end] if e > s else stack
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep] is want[keep]:
            keep += 1
        out.append("</mark>" * (len(stack) - keep))
        del stack[keep:]
        out.extend(points.get(s, []))
        for m in want[keep:]:
            first = m.fid not in opened
            opened.add(m.fid)
            extra = f' id="m-{m.fid}" tabindex="0"' if first else ""
            out.append(f'<mark class="hl {_category_class(m.category)} sev-{m.severity}" data-f="{m.fid}"{extra}>')
            stack.append(m)
        if e > s:
            classes = {c for ss, se, c in styles if ss <= s and e <= se}
            if any(m.category == "artifacts" for m in stack):
                classes.discard("fl")  # the spacing is the finding: keep it as it is
            classes_attr = " ".join(sorted(classes))
            chunk = _chars(text[s:e], bool(stack))
            out.append(f'<span class="{classes_attr}">{chunk}</span>' if classes_attr else chunk)
    out.append("</mark>" * len(stack))
    return "".join(out)


# --- HTML pieces ------------------------------------------------------------------------------

def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _num(value: object, digits: int = 1) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(round(value))
    return "–"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _severity_chips(counts: Counter[str]) -> str:
    return "".join(f'<span class="chip sev-{s}{" zero" if not counts[s] else ""}">{counts[s]} {s}</span>'
                   for s in SEVERITY_ORDER)


def _tile(label: str, value: str, note: str = "", state: str = "") -> str:
    cls = f"tile {state}".strip()
    return (f'<div class="{cls}"><div class="tile-label">{_e(label)}</div><div class="tile-value">{value}</div>'
            f'<div class="tile-note">{note}</div></div>')


def _gate(article: Article) -> str:
    if article.result.error is not None:
        return '<span class="verdict verdict-error">could not be checked</span>'
    if article.fail_on == "never":
        return '<span class="verdict verdict-pass">pass</span>'
    return ('<span class="verdict verdict-pass">pass</span>' if article.passed
            else '<span class="verdict verdict-fail">fail</span>')


def scorecard(article: Article) -> str:
    metrics = article.result.metrics
    target = audience_target(metrics)
    tiles = []
    n_fail = len(article.failing)
    gate_note = ("fail-on: never" if article.fail_on == "never" else
                 f"{_plural(n_fail, 'finding')} at or above <b>{_e(article.fail_on)}</b>")
    tiles.append(_tile("Publish gate", "PASS" if article.passed else "FAIL", gate_note,
                       "good" if article.passed else "bad"))
    fk = metrics.get("flesch_kincaid_grade")
    fre = metrics.get("flesch_reading_ease")
    if target:
        name, max_grade, min_ease = target
        fk_ok = isinstance(fk, (int, float)) and fk <= max_grade
        tiles.append(_tile("Reading grade", _num(fk), f"Flesch-Kincaid · target ≤ {_num(max_grade)} "
                           f"(<b>{_e(name)}</b>)", "good" if fk_ok else "bad"))
        if min_ease is not None:
            ease_ok = isinstance(fre, (int, float)) and fre >= min_ease
            tiles.append(_tile("Reading ease", _num(fre), f"Flesch · target ≥ {_num(min_ease)}",
                               "good" if ease_ok else "bad"))
        else:
            tiles.append(_tile("Reading ease", _num(fre), "Flesch · 60–70 is plain English"))
    else:
        tiles.append(_tile("Reading grade", _num(fk), "Flesch-Kincaid"))
        tiles.append(_tile("Reading ease", _num(fre), "Flesch · 60–70 is plain English"))
    words = metrics.get("words")
    minutes = metrics.get("reading_time_minutes")
    tiles.append(_tile("Length", f"{_num(words, 0)}<small> words</small>",
                       f"{_num(metrics.get('sentences'), 0)} sentences"
                       + (f" · {_num(minutes)} min read" if minutes is not None else "")))
    seo = metrics.get("seo_score")
    if isinstance(seo, (int, float)):
        tiles.append(_tile("SEO score", _num(seo, 0), "of 100", "good" if seo >= 70 else "bad"))
    tiles.append(_tile("Findings", str(len(article.findings)), _severity_chips(article.severity_counts())))
    return f'<div class="tiles">{"".join(tiles)}</div>'


def legend(article: Article) -> str:
    counts = article.category_counts()
    cats = list(CATEGORIES) + sorted(c for c in counts if c not in CATEGORIES)
    rows = []
    for cat in cats:
        label = CATEGORY_LABELS.get(cat, cat)
        zero = " zero" if not counts[cat] else ""
        rows.append(f'<label class="legend-row{zero}"><input type="checkbox" checked data-cat="{_e(_category_class(cat))}">'
                    f'<span class="swatch {_e(_category_class(cat))}"></span><span class="legend-name">{_e(label)}</span>'
                    f'<span class="legend-count">{counts[cat]}</span></label>')
    return ('<div class="legend"><div class="rail-title">Highlights</div>' + "".join(rows)
            + '<div class="legend-help">Hover or focus a highlight for the message; click it for the details. '
              'Underline: <span class="u-error">error</span> · <span class="u-warning">warning</span> · info.</div></div>')


def article_text(article: Article, sentence_list: list[Sentence], section_list: list[Section]) -> str:
    text = article.result.text or ""
    doc = article.doc
    marks = []
    points: dict[int, list[str]] = {}
    for f in article.findings:
        start, end = _offsets(f, article.result, doc)
        if _is_document_level(start, end):
            continue
        if end > start:
            marks.append(_Mark(article.fid(f), start, end, f.category, f.severity))
        else:
            points.setdefault(start, []).append(
                f'<mark class="pin {_category_class(f.category)} sev-{f.severity}" data-f="{article.fid(f)}" '
                f'id="m-{article.fid(f)}" tabindex="0">◆</mark>')
    for n, sentence in enumerate(sentence_list, 1):
        points.setdefault(sentence.start, []).insert(0, f'<span class="anchor" id="{article.anchor}-s{n}"></span>')
    for n, section in enumerate(section_list, 1):
        points.setdefault(section.start, []).insert(0, f'<span class="anchor" id="{article.anchor}-p{n}"></span>')
    styles: list[tuple[int, int, str]] = []
    if doc is not None:
        styles += [(s, e, "mu") for s, e in doc.markup]
        styles += [(b.start, b.end, "hd") for b in doc.blocks if b.kind == "heading"]
        if doc.format in ("html", "markdown"):
            styles += [(c.start, c.end, "mu") for c in doc.comments]
            # A published page reflows its paragraphs: line breaks inside them read as spaces.
            styles += [(b.start, b.end, "fl") for b in doc.blocks if b.kind != "code"]
    body = highlight(text, marks, styles, points)
    return f'<div class="source fmt-{_e(article.result.format)}">{body}</div>'


def document_notes(article: Article) -> str:
    notes = []
    for f in article.findings:
        start, end = _offsets(f, article.result, article.doc)
        if _is_document_level(start, end):
            notes.append(f'<li class="note {_category_class(f.category)}" data-f="{article.fid(f)}" id="m-{article.fid(f)}" '
                         f'tabindex="0"><span class="badge sev-{f.severity}">{_e(f.rule)}</span> {_e(f.message)}</li>')
    if not notes:
        return ""
    return f'<div class="doc-notes"><div class="rail-title">About the whole article</div><ul>{"".join(notes)}</ul></div>'


def medical_checklist(article: Article, required: dict[str, list[str]], checked: bool = True) -> str:
    items = claims(article, required)
    if not items:
        if not checked:
            return '<p class="empty">The medical rules were not selected for this report.</p>'
        return '<p class="empty">No health claim lacks its disclaimers.</p>'
    rows = []
    for c in items:
        missing_plain = {_PLACEMENT.sub("", m) for m in c.missing}
        checks = []
        for need in c.needed:
            absent = need in missing_plain
            where = next((m[len(need):].strip(" ()") for m in c.missing if _PLACEMENT.sub("", m) == need
                          and m != need), "")
            label = _e(need) + (f' <span class="where">{_e(where)}</span>' if where else "")
            checks.append(f'<li class="{"missing" if absent else "present"}">'
                          f'<span class="tick">{"✗" if absent else "✓"}</span>{label}</li>')
        if not c.answerable:
            checks.insert(0, '<li class="missing"><span class="tick">✗</span>no disclaimer answers this claim: '
                             'reword or remove it</li>')
        explain = f'<div class="note-text">{_e(c.note)}</div>' if c.note else ""
        if c.explain:
            explain += (f'<details class="explain"><summary>Why it was flagged</summary>'
                        f'<code>{_e(c.explain)}</code></details>')
        rows.append(
            f'<tr><td class="claim-quote"><a href="#m-{c.fid}">“{_e(c.quote)}”</a>{explain}</td>'
            f'<td><span class="badge sev-{c.finding.severity}">{_e(c.finding.rule)}</span> {_e(c.kind)}</td>'
            f'<td><ul class="needs">{"".join(checks)}</ul></td><td class="num">{c.finding.line}</td></tr>')
    missing_all = sorted({_PLACEMENT.sub("", m) for c in items for m in c.missing})
    unanswerable = sum(not c.answerable for c in items)
    summary = ('<p class="lead">To clear every claim, the article needs: '
               + ", ".join(f"<b>{_e(m)}</b>" for m in missing_all) + ".</p>") if missing_all else ""
    if unanswerable:
        summary += (f'<p class="lead"><b>{unanswerable} claim{"s" if unanswerable > 1 else ""}</b> no disclaimer '
                    'can answer (a cure, a disease claim, an untrue approval): reword or remove '
                    f'{"them" if unanswerable > 1 else "it"}.</p>')
    return (summary + '<table class="checklist"><thead><tr><th>Claim</th><th>Type</th><th>Disclaimers it needs</th>'
            '<th>Line</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def _grade_class(value: float | None, target: float) -> str:
    if value is None:
        return ""
    return "g-ok" if value <= target else "g-warn" if value <= target + 4 else "g-bad"


def sentence_chart(article: Article, sentence_list: list[Sentence], target: float | None) -> str:
    """An inline SVG bar chart: one bar per sentence, its height the grade."""
    if not sentence_list:
        return '<p class="empty">No prose sentences.</p>'
    width, height, left, bottom, top = 760, 230, 34, 22, 10
    limit = target if target is not None else 12.0
    top_grade = max(20.0, limit + 4, min(30.0, max(s.grade for s in sentence_list)))
    plot_w, plot_h = width - left - 6, height - bottom - top
    step = plot_w / len(sentence_list)
    gap = 1.0 if step > 4 else 0.0

    def y(grade: float) -> float:
        return top + plot_h * (1 - min(grade, top_grade) / top_grade)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Flesch-Kincaid grade of each sentence, in reading order">']
    for tick in range(0, int(top_grade) + 1, 4):
        parts.append(f'<line class="grid" x1="{left}" x2="{width - 6}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
                     f'<text class="axis" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    for n, s in enumerate(sentence_list, 1):
        x = left + (n - 1) * step
        snippet = s.text if len(s.text) <= 140 else s.text[:139] + "…"
        parts.append(f'<a href="#{article.anchor}-s{n}"><rect class="bar {_grade_class(s.grade, limit)}" '
                     f'x="{x + gap / 2:.1f}" y="{y(s.grade):.1f}" width="{max(step - gap, 0.8):.1f}" '
                     f'height="{max(y(0) - y(s.grade), 1.5):.1f}"><title>Sentence {n}: grade {_num(s.grade)}, '
                     f'{s.words} words. {_e(snippet)}</title></rect></a>')
    if target is not None:
        parts.append(f'<line class="target" x1="{left}" x2="{width - 6}" y1="{y(target):.1f}" y2="{y(target):.1f}"/>'
                     f'<text class="target-label" x="{width - 8}" y="{y(target) - 4:.1f}" text-anchor="end">'
                     f'target {_num(target)}</text>')
    parts.append(f'<text class="axis" x="{left}" y="{height - 5}">first sentence</text>'
                 f'<text class="axis" x="{width - 6}" y="{height - 5}" text-anchor="end">last</text></svg>')
    hard = sum(1 for s in sentence_list if s.grade > limit)
    caption = (f'<p class="caption">{_plural(len(sentence_list), "sentence")}; {hard} above grade {_num(limit)}. '
               "Click a bar to jump to its sentence.</p>")
    return "".join(parts) + caption


def section_table(article: Article, section_list: list[Section], target: float | None) -> str:
    if not section_list:
        return ""
    limit = target if target is not None else 12.0
    scale = max(20.0, limit + 4, max((s.grade or 0) for s in section_list))
    rows = []
    for n, s in enumerate(section_list, 1):
        short = s.words < MIN_SECTION_WORDS
        bar = ("" if s.grade is None else
               f'<span class="gbar {_grade_class(s.grade, limit)}" style="width:{max(0.0, min(s.grade, scale)) / scale * 100:.0f}%"></span>')
        rows.append(f'<tr class="{"short" if short else ""}"><td class="sec-title"><a href="#{article.anchor}-p{n}" '
                    f'title="{_e(s.title)}">{_e(s.title)}</a></td>'
                    f'<td class="num">{s.words}</td><td class="num">{_num(s.grade)}</td><td class="num">{_num(s.ease)}</td>'
                    f'<td class="gcell"><span class="gtrack">{bar}<span class="gtarget" '
                    f'style="left:{limit / scale * 100:.0f}%"></span></span></td></tr>')
    heads = any(s.title.startswith("¶") for s in section_list)
    first = "Paragraph" if heads else "Section"
    return (f'<table class="sections"><thead><tr><th>{first}</th><th class="num">Words</th><th class="num">Grade</th>'
            f'<th class="num">Ease</th><th>Grade vs target</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'<p class="caption">Greyed rows have under {MIN_SECTION_WORDS} words: their scores say little.</p>')


def findings_list(article: Article, rules: dict[str, Rule]) -> str:
    if not article.findings:
        return '<p class="empty">No findings.</p>'
    by_rule: dict[str, list[Finding]] = {}
    for f in article.findings:
        by_rule.setdefault(f.rule, []).append(f)
    ordered = sorted(by_rule.items(), key=lambda kv: (-max(SEVERITY_RANK[f.severity] for f in kv[1]),
                                                       kv[1][0].line, kv[0]))
    groups = []
    for code, items in ordered:
        rule = rules.get(code)
        first = items[0]
        summary = _e(rule.summary) if rule is not None else _e(first.name)
        docs = (f'<details class="docs"><summary>About {_e(code)} ({_e(first.name)})</summary>'
                f'<pre>{_e(rule.docs)}</pre></details>') if rule is not None else ""
        lis = []
        for f in items:
            fix = ""
            if f.fix is not None:
                shown = (_chars(f.fix.replacement.replace(" ", "␠"), True) if not f.fix.replacement.strip()
                         else _e(f.fix.replacement))
                fix = (f'<div class="fix">Suggested: <code>{shown or "(remove)"}</code>'
                       f'{"" if f.fix.safe else " (review before applying)"}</div>')
            excerpt = f.excerpt if len(f.excerpt) <= 160 else f.excerpt[:159] + "…"
            quote = f'<div class="excerpt">{_chars(excerpt, True)}</div>' if excerpt else ""
            lis.append(f'<li id="f-{article.fid(f)}" class="finding"><a class="loc" href="#m-{article.fid(f)}" '
                       f'title="Show in the text">{f.line}:{f.column}</a><span class="badge sev-{f.severity}">'
                       f'{_e(f.severity)}</span><div class="msg">{_e(f.message)}{quote}{fix}</div></li>')
        groups.append(f'<section class="rule-group"><h4><span class="swatch {_e(_category_class(first.category))}"></span>'
                      f'<code>{_e(code)}</code> {summary} <span class="count">{len(items)}</span></h4>'
                      f'{docs}<ol class="findings">{"".join(lis)}</ol></section>')
    return "".join(groups)


def article_section(article: Article, rules: dict[str, Rule], config: Config, required: dict[str, list[str]],
                    multi: bool) -> str:
    a = article.anchor
    head = (f'<header class="article-head"><div><h2>{_e(article.title)}</h2><div class="path">{_e(article.result.path)}'
            f' · {_e(article.result.format)}</div></div>{_gate(article)}</header>')
    if article.result.error is not None:
        return (f'<section class="article" id="{a}">{head}<p class="error">This file could not be checked: '
                f'{_e(article.result.error)}</p></section>')
    doc = article.doc
    sentence_list = sentences(doc, config) if doc is not None else []
    section_list = sections(doc) if doc is not None else []
    target = audience_target(article.result.metrics)
    max_grade = target[1] if target else None
    back = '<a class="back" href="#index">↑ all articles</a>' if multi else ""
    checked = any(r.category == "medical" for r in rules.values())
    by = "By section" if any(b.kind == "heading" for b in (doc.blocks if doc else [])) else "By paragraph"
    nav = "".join(f'<a href="#{a}-{part}">{label}</a>' for part, label in
                  (("text", "Article"), ("claims", "Medical claims"), ("readability", "Readability"),
                   ("findings", "Findings")))
    return f"""<section class="article" id="{a}">{head}{scorecard(article)}<nav class="jump">{nav}</nav>
<div class="panel reading" id="{a}-text">
  <div class="text-col"><h3>Article</h3>{article_text(article, sentence_list, section_list)}</div>
  <aside class="rail">{legend(article)}{document_notes(article)}</aside>
</div>
<div class="panel" id="{a}-claims"><h3>Medical claims checklist</h3>{medical_checklist(article, required, checked)}</div>
<div class="panel" id="{a}-readability"><h3>Readability</h3><div class="cols">
  <div><h4>Sentence difficulty through the article</h4>{sentence_chart(article, sentence_list, max_grade)}</div>
  <div><h4>{by}</h4>{section_table(article, section_list, max_grade)}</div>
</div></div>
<div class="panel" id="{a}-findings"><h3>Findings</h3>{findings_list(article, rules)}</div>{back}
</section>"""


def index_table(articles: list[Article]) -> str:
    rows = []
    for art in articles:
        counts = art.severity_counts()
        fk = art.result.metrics.get("flesch_kincaid_grade") if art.result.error is None else None
        rows.append(f'<tr><td><a href="#{art.anchor}">{_e(art.result.path)}</a><div class="sub">{_e(art.title)}</div></td>'
                    f'<td>{_severity_chips(counts)}</td><td class="num">{_num(fk)}</td>'
                    f'<td class="num">{_num(art.result.metrics.get("words"), 0)}</td><td>{_gate(art)}</td></tr>')
    failed = sum(1 for art in articles if not art.passed)
    return (f'<section class="panel index" id="index"><h3>{_plural(len(articles), "article")} · {failed} not ready</h3>'
            '<table><thead><tr><th>Article</th><th>Findings</th><th class="num">Grade</th><th class="num">Words</th>'
            f'<th>Gate</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def _script_json(data: object) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can end it or open a comment."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _asset(name: str) -> str:
    return resources.files("contentqa.report").joinpath("templates", name).read_text(encoding="utf-8")


def render(results: Iterable[FileResult], *, fail_on: str = "error", rules: Iterable[Rule] | None = None,
           config: Config | None = None, title: str = "Pre-publish report") -> str:
    """The whole report page as a string."""
    from ..config import Config
    from ..registry import all_rules

    config = config or Config()
    known = {r.code: r for r in (rules if rules is not None else all_rules(tuple(config.packs)))}
    articles = []
    for n, result in enumerate(results, 1):
        article = Article(n, result, fail_on, _document(result))
        for m, f in enumerate(result.findings, 1):
            article.ids[id(f)] = f"{article.anchor}-f{m}"
        articles.append(article)
    required = _required_by_label() if any(f.category == "medical" for a in articles for f in a.findings) else {}
    data = {a.fid(f): {"rule": f.rule, "severity": f.severity, "category": CATEGORY_LABELS.get(f.category, f.category),
                       "message": f.message} for a in articles for f in a.findings}
    multi = len(articles) > 1
    body = (index_table(articles) if multi else "") + "".join(
        article_section(a, known, config, required, multi) for a in articles)
    failed = sum(1 for a in articles if not a.passed)
    verdict = ("Ready to publish" if not failed else
               f"{_plural(failed, 'article')} not ready" if multi else "Not ready to publish")
    generated = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    header = (f'<header class="top"><div><div class="brand">contentqa</div><h1>{_e(title)}</h1></div>'
              f'<div class="top-right"><div class="top-verdict {"good" if not failed else "bad"}">{_e(verdict)}</div>'
              f'<div class="meta">gate: fail on {_e(fail_on)} · {_e(generated)} · contentqa {_e(__version__)}</div>'
              '</div></header>')
    template = _asset("report.html")
    script = _asset("report.js")
    # The page's content security policy runs this one script and nothing else: even markup that
    # slipped into the page unescaped could not run.
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    page_title = articles[0].title if len(articles) == 1 else f"{len(articles)} articles"
    replacements = {"{{title}}": _e(f"{title}: {page_title}"), "{{css}}": _asset("report.css"),
                    "{{js}}": script, "{{script_hash}}": f"'sha256-{digest}'", "{{data}}": _script_json(data),
                    "{{body}}": header + body}
    # One pass, so text inside a replacement is never itself replaced.
    return re.sub(r"\{\{(title|css|js|script_hash|data|body)\}\}", lambda m: replacements[m.group()], template)


def write(results: Iterable[FileResult], out: TextIO, color: bool = False, *, fail_on: str = "error",
          rules: Iterable[Rule] | None = None, config: Config | None = None) -> None:
    """Write the report page; same first arguments as the other formatters."""
    out.write(render(results, fail_on=fail_on, rules=rules, config=config))
