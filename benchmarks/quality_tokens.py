"""How far the stray-token (TOK) and CMS-debris (ART) rules can be trusted as a blocking check.

Run from the project root:

    python benchmarks/quality_tokens.py [--corpus DIR] [--seed N] [--trials N] [--jobs N]

(a) False alarms: runs the TOK and ART rules over every article of the shared corpus and writes
    every finding (path:line:col code severity verdict excerpt message) to
    benchmarks/out/quality_tokens_findings.tsv. Warnings and errors are matched against the
    reviewed verdicts in benchmarks/quality_tokens_judged.tsv: `true` (the corpus really has
    that defect) or `false` (a false alarm). Findings nobody has judged count as false alarms.
(b) Recall: injects one defect of each kind, at a seeded random spot, into clean corpus articles
    of each format where the kind makes sense, and counts how often the right rule reports a
    finding overlapping the injected span.
(c) One summary line, PASS when false alarms stay at most 1 per 20,000 words and every kind's
    recall is at least 95%.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import multiprocessing
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from contentqa import Config, check_text
from contentqa.parsers import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
JUDGED = ROOT / "benchmarks" / "quality_tokens_judged.tsv"
OUT = ROOT / "benchmarks" / "out"
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html"}
SELECT = ["TOK", "ART"]
FALSE_PER_20K = 1.0
MIN_RECALL = 0.95


# ---------------------------------------------------------------------------------------------
# Running the rules


def _config() -> Config:
    config = Config()
    config.select = list(SELECT)
    return config


def check(args: tuple[str, str, str]) -> tuple[str, int, list[tuple[int, int, int, int, str, str, str, str]], str]:
    """Findings of one article: (path, words, [(start, end, line, col, code, severity, excerpt, message)])."""
    path, text, fmt = args
    result = check_text(text, fmt=fmt, path=path, config=_config())
    if result.error:
        return path, 0, [], result.error
    words = int(str(result.metrics.get("words", 0)))
    found = [(f.start, f.end, f.line, f.column, f.rule, f.severity, f.excerpt, f.message) for f in result.findings]
    return path, words, found, ""


def show(s: str, limit: int = 60) -> str:
    """An excerpt on one line, with invisible characters spelled out."""
    shown = json.dumps(s, ensure_ascii=True)[1:-1].replace("\\\"", "\"")
    return shown[:limit]


def load_judged() -> dict[tuple[str, str, str, str], tuple[str, str]]:
    judged: dict[tuple[str, str, str, str], tuple[str, str]] = {}
    if not JUDGED.is_file():
        return judged
    for line in JUDGED.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        path, lineno, code, excerpt, verdict, reason = (line.split("\t") + [""] * 6)[:6]
        judged[(path, lineno, code, excerpt)] = (verdict, reason)
    return judged


def corpus_articles(corpus: Path) -> list[Path]:
    """The articles the corpus manifest lists (its README and data files are not articles)."""
    manifest = corpus / "MANIFEST.tsv"
    if manifest.is_file():
        rows = manifest.read_text(encoding="utf-8").splitlines()[1:]
        paths = [corpus / row.split("\t", 1)[0] for row in rows if row.strip()]
    else:
        paths = [p for p in corpus.rglob("*") if p.name != "README.md"]
    return sorted(p for p in paths if p.suffix in FORMATS and p.is_file())


def measure_corpus(corpus: Path, pool: multiprocessing.pool.Pool) -> dict[str, object]:
    articles = corpus_articles(corpus)
    jobs = [(p.relative_to(corpus).as_posix(), p.read_text(encoding="utf-8", errors="replace"), FORMATS[p.suffix])
            for p in articles]
    judged = load_judged()
    words = 0
    rows: list[str] = []
    per_rule: Counter[tuple[str, str]] = Counter()
    verdicts: Counter[str] = Counter()
    unjudged: list[str] = []
    clean: dict[str, list[str]] = defaultdict(list)
    errors = 0
    for path, n, found, error in pool.imap(check, jobs, chunksize=8):
        if error:
            errors += 1
            continue
        words += n
        serious = [f for f in found if f[5] != "info"]
        if not serious and n >= 150:
            clean[FORMATS[Path(path).suffix]].append(path)
        for _s, _e, line, col, code, severity, excerpt, message in found:
            per_rule[(code, severity)] += 1
            verdict = ""
            if severity != "info":
                verdict, _reason = judged.get((path, str(line), code, show(excerpt)), ("unjudged", ""))
                verdicts[verdict] += 1
                if verdict == "unjudged":
                    unjudged.append(f"{path}:{line}:{col} {code} {show(excerpt)!r} {message}")
            rows.append("\t".join([path, str(line), str(col), code, severity, verdict, show(excerpt),
                                   show(message, 200)]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / ".gitignore").write_text("*\n", encoding="utf-8")
    listing = OUT / "quality_tokens_findings.tsv"
    listing.write_text("path\tline\tcol\tcode\tseverity\tverdict\texcerpt\tmessage\n" + "\n".join(rows) + "\n",
                       encoding="utf-8")
    return {"files": len(articles), "errors": errors, "words": words, "per_rule": per_rule, "verdicts": verdicts,
            "unjudged": unjudged, "clean": clean, "listing": listing}


# ---------------------------------------------------------------------------------------------
# Injected defects

MODIFIERS = "best cheap affordable top local luxury discount emergency organic natural zen glow smile pro".split()
SERVICES = ("dentist flights spa botox fillers plumber hotels lawyer pizza braces implants insurance rehab yoga "
            "massage roofing detox skincare facials whitening movers tattoo").split()
PLACES = "nyc miami denver chicago london austin boston dallas seattle atlanta phoenix nearme online".split()
CITIES = "Miami Denver Chicago London Austin Boston Dallas Seattle Atlanta Phoenix Houston Orlando".split()
NUMBERS = [str(y) for y in range(2015, 2027)] + ["2000", "99", "101", "123", "365", "247"]
LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et "
         "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip "
         "ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu "
         "fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt "
         "mollit anim id est laborum.").split()
MOJIBAKE_SOURCES = ["don’t", "it’s", "you’ll", "café", "“free”", "résumé", "2–3", "piñata", "naïve", "—", "über",
                    "we’re", "fiancée", "São", "10 €"]
# Doublings that grammar allows or that writers use for emphasis: not a defect, so not injected.
GRAMMATICAL_DOUBLES = {"had", "that", "is", "do", "very", "many", "so", "no", "well", "now", "there", "bye"}


def _mojibake(s: str) -> str:
    data = s.encode("utf-8")
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def _keyword(rng: random.Random, n: int) -> list[str]:
    words = [rng.choice(MODIFIERS), rng.choice(SERVICES), rng.choice(PLACES)]
    return words[:n] if n < 3 else words


@dataclass
class Injection:
    text: str        # what to insert (visible text; escaped for HTML unless raw)
    start: int       # span of the defect relative to the insertion point
    end: int
    shift: int = 0   # insertion point relative to the chosen spot (negative: inside the previous word)
    raw: bool = False


Maker = Callable[[random.Random, str, str], Injection]


def _spaced(token: str, rng: random.Random, fmt: str) -> Injection:
    """The token as an extra word, sometimes with the odd spacing pasted keywords bring along."""
    nbsp = "&nbsp;" if fmt == "html" else "\u00a0"
    before, after = rng.choice([(" ", ""), (" ", ""), (" ", ""), ("  ", " "), (nbsp, nbsp), (" " + nbsp, nbsp)])
    if fmt == "html":
        token = html.escape(token, quote=False)
    return Injection(before + token + after, len(before), len(before) + len(token), raw=True)


def glued(rng: random.Random, fmt: str, prev: str) -> Injection:
    words = _keyword(rng, rng.choice([2, 2, 3]))
    token = "".join(words) + rng.choice(NUMBERS)
    if rng.random() < 0.3:
        token = token[0].upper() + token[1:]
    return _spaced(token, rng, fmt)


def concatenated(rng: random.Random, fmt: str, prev: str) -> Injection:
    if rng.random() < 0.6:
        token = "".join(_keyword(rng, rng.choice([2, 3, 3])))
    else:
        token = rng.choice(MODIFIERS) + rng.choice(SERVICES) + rng.choice(CITIES)
    return _spaced(token, rng, fmt)


def snake(rng: random.Random, fmt: str, prev: str) -> Injection:
    token = rng.choice([
        f"{rng.choice(['seo', 'target', 'main', 'primary', 'focus'])}_keyword" + rng.choice(["", "_here"]),
        f"insert_{rng.choice(['keyword', 'city', 'name', 'brand'])}_here",
        f"your_{rng.choice(['city', 'brand', 'company', 'product'])}_name",
        f"{rng.choice(['brand', 'product', 'company', 'city'])}_name_here",
        "keyword_here", "your_keyword",
    ])
    return _spaced(token, rng, fmt)


def _plain(token: str) -> Maker:
    def make(rng: random.Random, fmt: str, prev: str) -> Injection:
        return Injection(" " + token, 1, 1 + len(token))
    return make


def _choice(*tokens: str) -> Maker:
    def make(rng: random.Random, fmt: str, prev: str) -> Injection:
        return _plain(rng.choice(tokens))(rng, fmt, prev)
    return make


def lorem(rng: random.Random, fmt: str, prev: str) -> Injection:
    n = rng.randint(4, 12)
    at = rng.randrange(0, len(LOREM) - n)
    words = " ".join(LOREM[at:at + n])
    return Injection(" " + words, 1, 1 + len(words))


def utm(rng: random.Random, fmt: str, prev: str) -> Injection:
    params = [f"utm_source={rng.choice(['newsletter', 'facebook', 'google', 'twitter'])}",
              f"utm_medium={rng.choice(['email', 'cpc', 'social'])}",
              f"utm_campaign={rng.choice(['spring_sale', 'launch', 'promo2024'])}"]
    token = "&".join(params[:rng.randint(1, 3)])
    if rng.random() < 0.3:
        token = "?" + token
    return Injection(" " + token, 1, 1 + len(token))


def hex_id(rng: random.Random, fmt: str, prev: str) -> Injection:
    if rng.random() < 0.6:
        token = "".join(rng.choice("0123456789abcdef") for _ in range(rng.choice([24, 32, 40, 64])))
    else:
        token = base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.choice([18, 24, 32])))).decode()
    return Injection(" " + token, 1, 1 + len(token))


def mojibake(rng: random.Random, fmt: str, prev: str) -> Injection:
    token = _mojibake(rng.choice(MOJIBAKE_SOURCES))
    return Injection(" " + token, 1, 1 + len(token))


def repeated(rng: random.Random, fmt: str, prev: str) -> Injection:
    return Injection(" " + prev, -len(prev), 1 + len(prev))


def zero_width(rng: random.Random, fmt: str, prev: str) -> Injection:
    char = rng.choice(["\u200b", "\u200b", "\ufeff", "\u2060", "\u200c", "\u200d"])
    shift = -rng.randrange(0, len(prev))  # inside the word or just after it
    return Injection(char, 0, 1, shift=shift, raw=True)


def doubled_space(rng: random.Random, fmt: str, prev: str) -> Injection:
    # The chosen spot is a space; what is inserted joins it into a run. Ordinary runs collapse in
    # Markdown and HTML, so there the run holds a visible non-breaking space.
    if fmt == "text":
        run = rng.choice([" ", "  ", "\u00a0", " \u00a0"])
    elif fmt == "markdown":
        run = rng.choice(["\u00a0", " \u00a0", "\u00a0\u00a0"])
    else:
        run = rng.choice(["&nbsp;", " &nbsp;", "\u00a0"])
    return Injection(run, 0, len(run) + 1, raw=True)


def stray_tag(rng: random.Random, fmt: str, prev: str) -> Injection:
    if fmt == "html":
        tag = rng.choice(["&lt;/p&gt;&lt;p&gt;", "&lt;br&gt;", "&lt;/div&gt;", "&lt;strong&gt;", "&lt;p&gt;",
                          "&lt;br /&gt;"])
    elif fmt == "markdown":
        tag = rng.choice(["</p><p>", "</p>", "<p>", "</div>", "<div>", "&lt;p&gt;", "&lt;/p&gt;"])
    else:
        tag = rng.choice(["</p><p>", "<br>", "<br />", "</div>", "<p>", "<strong>", "</span>", "</p>"])
    return Injection(tag, 0, len(tag), raw=True)


@dataclass
class Kind:
    name: str
    rule: str
    make: Maker | None  # None: a block-level defect inserted between paragraphs
    formats: tuple[str, ...] = ("text", "markdown", "html")


KINDS = [
    Kind("glued-keyword", "TOK001", glued),
    Kind("concatenated", "TOK001", concatenated),
    Kind("snake-placeholder", "TOK001", snake),
    Kind("double-brace", "TOK002", _choice("{{first_name}}", "{{ city }}", "{{company}}", "{{keyword}}",
                                           "{{ product_name }}")),
    Kind("bracket-placeholder", "TOK002", _choice("[INSERT KEYWORD]", "[Insert City Here]", "[YOUR BRAND]",
                                                  "[PRODUCT NAME]", "[insert keyword]", "[Company Name]",
                                                  "[KEYWORD]", "[Your Name]")),
    Kind("percent-variable", "TOK002", _choice("%%title%%", "%%TITLE%%", "%%sitename%%", "%%sep%%", "%%focuskw%%")),
    Kind("single-brace", "TOK009", _choice("{city}", "{first_name}", "{keyword}", "{product}", "{brand_name}")),
    Kind("shortcode", "TOK003", _choice('[caption id="attachment_123" align="aligncenter" width="300"]',
                                        "[/caption]", '[gallery ids="12,34,56"]',
                                        '[contact-form-7 id="42" title="Contact form 1"]', "[embed]", "[vc_row]",
                                        '[et_pb_section fb_built="1"]', '[wpforms id="1234"]')),
    Kind("lorem-ipsum", "TOK004", lorem),
    Kind("draft-marker", "TOK005", _choice("TODO: add source", "[TK]", "TKTK", "TK", "FIXME: check dosage",
                                           "[TODO]", "(TODO: confirm)", "TODO - link")),
    Kind("tracking-param", "TOK006", utm),
    Kind("machine-id", "TOK006", hex_id),
    Kind("mojibake", "TOK007", mojibake),
    Kind("repeated-word", "TOK008", repeated),
    Kind("nbsp-paragraph", "ART001", None),
    Kind("zero-width", "ART002", zero_width),
    Kind("doubled-space", "ART003", doubled_space),
    Kind("stray-tag", "ART004", stray_tag),
    Kind("empty-heading", "ART005", None, ("markdown", "html")),
]

_SPOT = re.compile(r"(?<=[A-Za-z]{2}) (?=[a-z]{2})")


def word_spots(text: str, fmt: str) -> list[tuple[int, str]]:
    """Source offsets of single spaces between two plain words of prose, with the word before."""
    doc = parse("a", text, fmt)
    spots = []
    for block in doc.prose_blocks():
        if block.kind not in ("paragraph", "list_item", "quote"):
            continue
        for m in _SPOT.finditer(block.text):
            i = m.start()
            if block.is_masked(i - 2, i + 3):
                continue
            prev = re.search(r"[A-Za-z]+$", block.text[:i])
            assert prev is not None
            s = block.source_offset(i)
            word = prev.group()
            if text[s:s + 1] != " " or text[s - len(word):s] != word or text[s + 1:s + 3] != block.text[i + 1:i + 3]:
                continue
            if text[s - len(word) - 1:s - len(word)].isalnum() or text[s - len(word) - 1:s - len(word)] in "'’":
                continue
            line = text[text.rfind("\n", 0, s) + 1:text.find("\n", s) % (len(text) + 1)]
            if "{%" in line or "{{" in line:
                continue  # template code that a site generator replaces, not prose
            spots.append((s, word))
    return spots


def paragraph_ends(text: str, fmt: str) -> list[int]:
    """Source offsets just after a paragraph, where another block may be inserted."""
    doc = parse("a", text, fmt)
    ends = []
    for block in doc.prose_blocks():
        if block.kind != "paragraph" or not block.text.strip():
            continue
        if fmt == "html":
            close = text.find("</p>", block.end - 1, block.end + 8)
            if close != -1:
                ends.append(close + 4)
        else:
            nl = text.find("\n", block.end)
            if nl != -1 and text[nl:nl + 2] == "\n\n":
                ends.append(nl)
    return ends


def block_injection(kind: str, rng: random.Random, fmt: str) -> Injection:
    if kind == "nbsp-paragraph":
        if fmt == "html":
            nbsp = rng.choice(["&nbsp;", "\u00a0", "&#160;"])
            return Injection(f"\n<p>{nbsp}</p>", 4, 4 + len(nbsp), raw=True)
        nbsp = rng.choice(["\u00a0", "\u00a0\u00a0", "&nbsp;"] if fmt == "markdown" else ["\u00a0", "\u00a0 \u00a0"])
        return Injection("\n\n" + nbsp, 2, 2 + len(nbsp), raw=True)
    if fmt == "html":
        level = rng.randint(2, 4)
        inner = rng.choice(["", " ", "&nbsp;", "<br>"])
        element = f"<h{level}>{inner}</h{level}>"
        return Injection("\n" + element, 1, 1 + len(element), raw=True)
    marks = "#" * rng.randint(2, 4) + rng.choice(["", " "])
    return Injection("\n\n" + marks, 2, 2 + len(marks), raw=True)


_SPOTS: dict[tuple[str, str], list[tuple[int, str]]] = {}
_ENDS: dict[tuple[str, str], list[int]] = {}


def inject(text: str, fmt: str, kind: Kind, rng: random.Random) -> tuple[str, int, int] | None:
    """The article with one defect of `kind`, and the defect's span; None when there is no spot."""
    key = (text, fmt)
    if kind.make is None:
        if key not in _ENDS:
            _ENDS[key] = paragraph_ends(text, fmt)
        ends = _ENDS[key]
        if not ends:
            return None
        at = rng.choice(ends)
        inj = block_injection(kind.name, rng, fmt)
    else:
        if key not in _SPOTS:
            _SPOTS[key] = word_spots(text, fmt)
        spots = _SPOTS[key]
        if kind.make is repeated:
            spots = [(at, w) for at, w in spots if w.lower() not in GRAMMATICAL_DOUBLES]
        if not spots:
            return None
        spot, prev = rng.choice(spots)
        inj = kind.make(rng, fmt, prev)
        if fmt == "html" and not inj.raw:
            escaped = html.escape(inj.text, quote=False)
            inj = Injection(escaped, inj.start, inj.end + len(escaped) - len(inj.text), inj.shift, True)
        at = spot + inj.shift
    return text[:at] + inj.text + text[at:], at + inj.start, at + inj.end


def measure_recall(corpus: Path, clean: dict[str, list[str]], trials: int, seed: int,
                   pool: multiprocessing.pool.Pool) -> dict[str, dict[str, tuple[int, int, int]]]:
    """{kind: {format: (injected, found, found at warning or error)}}."""
    rng = random.Random(seed)
    jobs: list[tuple[str, str, str]] = []
    expected: list[tuple[Kind, str, int, int]] = []
    for kind in KINDS:
        for fmt in kind.formats:
            pool_paths = clean.get(fmt, [])
            made = attempts = 0
            while pool_paths and made < trials and attempts < trials * 5:
                attempts += 1
                path = rng.choice(pool_paths)
                text = (corpus / path).read_text(encoding="utf-8", errors="replace")
                injected = inject(text, fmt, kind, rng)
                if injected is None:
                    continue
                new, start, end = injected
                jobs.append((path, new, fmt))
                expected.append((kind, fmt, start, end))
                made += 1
    recall: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    misses: list[str] = []
    for (kind, fmt, start, end), (path, _n, found, _e), (_p, new, _f) in zip(
            expected, pool.imap(check, jobs, chunksize=4), jobs, strict=True):
        hits = [f for f in found if f[4] == kind.rule and f[0] < end and start < f[1]]
        counts = recall[kind.name][fmt]
        counts[0] += 1
        counts[1] += bool(hits)
        counts[2] += any(f[5] != "info" for f in hits)
        if not hits:
            misses.append(f"{kind.name}\t{fmt}\t{path}\t{show(new[max(0, start - 30):end + 30], 120)}")
    (OUT / "quality_tokens_misses.tsv").write_text("kind\tformat\tpath\tcontext\n" + "\n".join(misses) + "\n",
                                                   encoding="utf-8")
    return {k: {f: (c[0], c[1], c[2]) for f, c in v.items()} for k, v in recall.items()}


# ---------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--trials", type=int, default=40, help="injections per kind and format")
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--list", action="store_true", help="print unjudged warnings and errors")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"quality_tokens: corpus not found at {args.corpus} (expected ../shared/corpus beside the project)",
              file=sys.stderr)
        return 2
    began = time.perf_counter()
    with multiprocessing.Pool(args.jobs) as pool:
        corpus = measure_corpus(args.corpus, pool)
        recall = measure_recall(args.corpus, corpus["clean"], args.trials, args.seed, pool)  # type: ignore[arg-type]

    words = int(corpus["words"])  # type: ignore[call-overload]
    verdicts: Counter[str] = corpus["verdicts"]  # type: ignore[assignment]
    per_rule: Counter[tuple[str, str]] = corpus["per_rule"]  # type: ignore[assignment]
    serious = sum(verdicts.values())
    false = verdicts["false"] + verdicts["unjudged"]
    per20k = lambda n: n * 20_000 / max(words, 1)  # noqa: E731

    print(f"Corpus: {corpus['files']} articles, {words:,} words ({corpus['errors']} could not be checked)")
    print("Findings by rule (warning+error / info):")
    codes = sorted({code for code, _ in per_rule})
    for code in codes:
        high = per_rule[(code, "error")] + per_rule[(code, "warning")]
        print(f"  {code}  {high:5d} / {per_rule[(code, 'info')]:5d}")
    print(f"Warnings and errors: {serious} ({per20k(serious):.2f} per 20k words): "
          f"{verdicts['true']} judged true, {verdicts['false']} judged false, {verdicts['unjudged']} unjudged")
    print(f"All findings listed in {corpus['listing']}")
    unjudged: list[str] = corpus["unjudged"]  # type: ignore[assignment]
    if args.list:
        for line in unjudged:
            print("  unjudged:", line)

    print("\nRecall on injected defects (found / injected; in brackets: found at warning or error):")
    worst = (1.0, "")
    for kind in KINDS:
        cells = []
        injected = found = 0
        for fmt in kind.formats:
            n, hit, high = recall.get(kind.name, {}).get(fmt, (0, 0, 0))
            injected += n
            found += hit
            cells.append(f"{fmt} {hit}/{n} ({high})")
        rate = found / injected if injected else 0.0
        worst = min(worst, (rate, kind.name))
        print(f"  {kind.name:20s} {kind.rule}  {rate:6.1%}   " + "   ".join(cells))
    print(f"Missed injections listed in {OUT / 'quality_tokens_misses.tsv'}")

    ok = per20k(false) <= FALSE_PER_20K and worst[0] >= MIN_RECALL
    print(f"\nquality_tokens: corpus {words / 1e6:.2f}M words, {per20k(serious):.2f} warn+error per 20k words "
          f"({verdicts['true']} judged true, {false} false or unjudged = {per20k(false):.2f} per 20k), "
          f"recall min {worst[0]:.2f} ({worst[1]}), {time.perf_counter() - began:.0f}s "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
