"""Compare contentqa's SEO and readability ratings with Yoast SEO's engine (yoastseo) on real articles.

Run from the project root:

    YOASTSEO_DIR=/tmp/yoast python benchmarks/compare_yoast.py [--part dev|test|all] [--show N] [--json FILE]

YOASTSEO_DIR is a folder where `npm install yoastseo@3.6.0` was run; `node` must be on the PATH.
contentqa itself never needs node: this script only measures.

Articles: a fixed selection from ../shared/corpus of three kinds (health pages, project blogs, a
software manual; `KINDS`): in each source, the paths whose SHA-1 is smallest, so the selection
is stable when the corpus grows elsewhere. Each article goes to its *part* by another hash of
its path (`part_of`): "dev" articles are the ones whose disagreements may be read and acted
on, "test" articles are only ever counted, so the test figures show whether changes made
while looking at dev generalise.

Both engines get the same page: the HTML body (Markdown rendered with markdown-it, tables
on), the SEO title, meta description, slug, contentqa's title-width estimate, the site's URL
(so both tell internal from outbound links the same way; contentqa gets it as
`[rules.SEO016] site-hosts`) and the same focus keyphrase (`derive_keyphrase`):

1. a keyphrase the page declares (front matter `keyphrase`, `focus_keyphrase`,
   `focus_keyword`, `keyword`; HTML `<meta name="keyphrase">`), else
2. the first entry of a healthcare.gov-style `seo-keywords` list (";" or "," separated), else
3. from the title: of the title's content words (spaCy's English stop words left out) and
   their adjacent pairs, the pair found most often in the text if it occurs 3 times or more,
   else the single word found most often (ties: the earlier in the title).

Printed: for each assessment both engines rate, how often the ratings (good / ok / bad; a
Yoast score of 0-4 is bad, 5-7 ok, 8+ good) agree; then the overall ratings (Yoast's SEO
traffic light from its 0-100 score, its readability light from penalty points; contentqa's
`seo_rating` and `readability_rating`, or for older versions the score read on Yoast's
scale). `--show N` lists up to N disagreements of the dev part (never of the test part).

`--textstat FILE...` keeps the older per-file view: contentqa's metrics next to textstat's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from contentqa import Config, check_text
from contentqa.checks.seo import seo_title, slug, title_pixels
from contentqa.files import detect_format
from contentqa.parsers import parse
from contentqa.parsers.frontmatter import split_front_matter

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

# source folder (and path filter) -> (kind, site URL, how many articles)
KINDS: dict[str, tuple[str, str, str, int]] = {
    "healthcare-gov": ("healthcare-gov/", "health", "https://www.healthcare.gov/", 20),
    "18f-blog": ("18f-blog/", "blog", "https://18f.gsa.gov/", 12),
    "rust-blog": ("rust-blog/", "blog", "https://blog.rust-lang.org/", 12),
    "linkerd-blog": ("linkerd/linkerd.io/content/blog/", "blog", "https://linkerd.io/", 8),
    "otel-blog": ("opentelemetry/content/en/blog/", "blog", "https://opentelemetry.io/", 8),
    "httpd-manual": ("httpd-manual/", "manual", "https://httpd.apache.org/docs/2.4/", 20),
}

# Yoast identifier -> contentqa assessment name, for the assessments both engines have.
SEO_PAIRS = {
    "introductionKeyword": "keyphrase-in-introduction", "keyphraseLength": "keyphrase-length",
    "keyphraseDensity": "keyphrase-density", "metaDescriptionKeyword": "keyphrase-in-meta-description",
    "metaDescriptionLength": "meta-description", "subheadingsKeyword": "keyphrase-in-subheadings",
    "textCompetingLinks": "competing-links", "imageKeyphrase": "keyphrase-in-image-alt",
    "images": "images", "textLength": "text-length", "externalLinks": "outbound-links",
    "keyphraseInSEOTitle": "keyphrase-in-title", "internalLinks": "internal-links", "titleWidth": "title",
    "slugKeyword": "keyphrase-in-slug", "functionWordsInKeyphrase": "keyphrase-function-words",
    "singleH1": "single-h1",
}
READABILITY_PAIRS = {
    "subheadingsTooLong": "subheading-distribution", "textParagraphTooLong": "paragraph-length",
    "textSentenceLength": "sentence-length", "textTransitionWords": "transition-words",
    "passiveVoice": "passive-voice", "textPresence": "text-presence", "sentenceBeginnings": "sentence-beginnings",
}

RUNNER = r"""
const { Paper, SeoAssessor, ContentAssessor } = require("yoastseo");
const Researcher = require("yoastseo/build/languageProcessing/languages/en/Researcher").default;
const scoreToRating = require("yoastseo/build/scoring/interpreters/scoreToRating").default;
const papers = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = [];
for (const input of papers) {
  try {
    const paper = new Paper(input.text, {keyword: input.keyword, title: input.title, description: input.description,
      slug: input.slug, titleWidth: input.titleWidth, permalink: input.permalink, locale: "en_US"});
    const seo = new SeoAssessor(new Researcher(paper)); seo.assess(paper);
    const content = new ContentAssessor(new Researcher(paper)); content.assess(paper);
    const seoScore = seo.calculateOverallScore();
    const readabilityScore = content.calculateOverallScore();
    const rated = (results) => Object.fromEntries(results.map(x => [x._identifier, [x.getScore(), x.getText()]]));
    out.push({seo_score: seoScore, seo_rating: scoreToRating(seoScore / 10),
      readability_score: readabilityScore, readability_rating: scoreToRating(readabilityScore / 10),
      seo: rated(seo.getValidResults()), readability: rated(content.getValidResults())});
  } catch (e) { out.push({error: String(e)}); }
}
console.log(JSON.stringify(out));
"""

_RATINGS = {9: "good", 6: "ok", 3: "bad"}


def rating(score: float) -> str:
    """Yoast's reading of one assessment's score: 0-4 bad, 5-7 ok, 8 and up good."""
    return "bad" if score <= 4 else "ok" if score <= 7 else "good"


def digest(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)


def part_of(path: str) -> str:
    """'dev' or 'test', by a hash of the article's path (about half each)."""
    return "test" if digest("part:" + path) % 2 else "dev"


def select_articles(corpus: Path = CORPUS) -> list[tuple[str, str, str]]:
    """(path relative to the corpus, kind, site URL) of the compared articles."""
    manifest = corpus / "MANIFEST.tsv"
    lines = manifest.read_text(encoding="utf-8").splitlines()[1:]
    paths = [line.split("\t")[0] for line in lines if line.strip()]
    chosen = []
    for prefix, kind, site, count in KINDS.values():
        mine = sorted((p for p in paths if p.startswith(prefix) and not p.endswith("_index.md")),
                      key=lambda p: digest("pick:" + p))
        chosen += [(p, kind, site) for p in mine[:count]]
    return chosen


# spaCy's English stop words stand for "function words" here, so the keyphrase is content words.
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


_TITLE_WORD = re.compile(r"\w+(?:['’]\w+)*")


def derive_keyphrase(doc_meta_keyphrase: str | None, fields: dict[str, Any], title: str, body: str) -> str:
    """The focus keyphrase both engines get (see the module docstring)."""
    if doc_meta_keyphrase and doc_meta_keyphrase.strip():
        return doc_meta_keyphrase.strip()
    listed = fields.get("seo-keywords") or fields.get("seo_keywords")
    if isinstance(listed, str) and listed.strip():
        first = re.split(r"[;,]", listed)[0].strip()
        if first:
            return first
    stop = _stop_words()
    words = [w for w in _TITLE_WORD.findall(title) if w.lower() not in stop and len(w) > 2 and not w.isdigit()]
    lowered = body.lower()

    def occurrences(phrase: str) -> int:
        return len(re.findall(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)", lowered))

    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    best_pair = max(pairs, key=occurrences, default=None)
    if best_pair and occurrences(best_pair) >= 3:
        return best_pair.lower()
    best = max(words, key=occurrences, default=None)
    return best.lower() if best else ""


# What the sites render: Hugo's ref/relref shortcode as the page's URL, bare URLs as links.
_REF_LINK = re.compile(r"""\]\(\s*\{\{[<%]\s*(?:rel)?ref\s+["']?([^"'\s>%]+)["']?\s*[>%]\}\}\s*\)""")
_BARE_URL = re.compile(r"(?<![\w/@.=;\"'-])(?:https?://|www\.)[^\s<>()\[\]\"']*[^\s<>()\[\]\"'.,;:!?*_~]", re.I)


def linkify(html: str) -> str:
    """Bare URLs in text (not in links or code) wrapped in <a>, as GFM and Hugo render them."""
    out, depth = [], 0
    for piece in re.split(r"(<[^>]+>)", html):
        tag = re.match(r"<(/?)(a|code|pre)\b", piece, re.I)
        if tag:
            depth += -1 if tag.group(1) else 1
        elif not piece.startswith("<") and depth <= 0:
            piece = _BARE_URL.sub(lambda m: f'<a href="{m.group() if m.group()[:4].lower() == "http" else "http://" + m.group()}">'
                                  f"{m.group()}</a>", piece)
        out.append(piece)
    return "".join(out)


@dataclass
class Article:
    path: str
    kind: str
    part: str
    keyphrase: str
    ours: dict[str, Any] = field(default_factory=dict)
    theirs: dict[str, Any] = field(default_factory=dict)


def prepare(rel: str, kind: str, site: str, corpus: Path) -> tuple[Article, dict[str, Any], Config]:
    path = corpus / rel
    text = path.read_text(encoding="utf-8")
    doc = parse(str(path), text, detect_format(str(path), text))
    if doc.format == "markdown":
        fm = split_front_matter(text)
        markdown = MarkdownIt("commonmark").enable("table")
        source = _REF_LINK.sub(r"](\1)", text[fm[1]:] if fm else text)
        body = linkify(markdown.render(source))
    else:
        found = re.search(r"<body[^>]*>(.*)</body>", text, re.S | re.I)
        body = found.group(1) if found else text
    title = seo_title(doc)
    found_slug = slug(doc)
    title_text = title[0] if title else ""
    fields = {str(k).lower(): v for k, v in doc.meta.raw.items()} if doc.format == "markdown" else {}
    prose = re.sub(r"<[^>]+>", " ", body)
    phrase = derive_keyphrase(doc.meta.keyphrase, fields, title_text, prose)
    paper = {"text": body, "keyword": phrase, "title": title_text,
             "description": doc.meta.description or "", "slug": found_slug[0] if found_slug else "",
             "titleWidth": title_pixels(title_text) if title else 0, "permalink": site}
    host = re.sub(r"^https?://(www\.)?", "", site).split("/")[0]
    config = Config(select=["RDB", "SEO"], keyphrase=phrase or None, rules={"SEO016": {"site-hosts": [host]}})
    return Article(rel, kind, part_of(rel), phrase), paper, config


def run_yoast(papers: list[dict[str, Any]], folder: str) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on the PATH")
    script = Path(folder) / "contentqa-compare.js"
    script.write_text(RUNNER, encoding="utf-8")
    done = subprocess.run([node, str(script)], input=json.dumps(papers), capture_output=True, text=True,
                          cwd=folder, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-2000:])
    result: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def yoast_available(folder: str | None) -> bool:
    return bool(folder and shutil.which("node") and (Path(folder) / "node_modules" / "yoastseo").is_dir())


def our_overall(metrics: dict[str, Any], kind: str) -> str | None:
    """contentqa's overall rating; older versions had only the score, read here on Yoast's scale."""
    if metrics.get(f"{kind}_rating"):
        return str(metrics[f"{kind}_rating"])
    score = metrics.get(f"{kind}_score")
    return None if score is None else rating(score / 10)


@dataclass
class Tally:
    """Agreement counts of one part."""

    pairs: dict[str, Counter[tuple[str, str]]] = field(default_factory=lambda: defaultdict(Counter))
    overall: dict[str, Counter[tuple[str, str]]] = field(default_factory=lambda: defaultdict(Counter))
    disagreements: list[str] = field(default_factory=list)

    def add(self, article: Article) -> None:
        for group, table in (("seo", SEO_PAIRS), ("readability", READABILITY_PAIRS)):
            ours = article.ours.get(f"{group}_assessments") or {}
            theirs = article.theirs.get(group) or {}
            for ident, name in table.items():
                if ident not in theirs or name not in ours:
                    continue
                a, b = _RATINGS.get(ours[name], rating(ours[name])), rating(theirs[ident][0])
                self.pairs[f"{group}:{name}"][(a, b)] += 1
                if a != b:
                    self.disagreements.append(f"{article.path} [{article.keyphrase}] {group}:{name}: contentqa {a}, "
                                              f"yoast {b} ({_plain(theirs[ident][1])})")
            mine = our_overall(article.ours, group)
            if mine is not None and article.theirs.get(f"{group}_rating"):
                self.overall[group][(mine, article.theirs[f"{group}_rating"])] += 1

    def assessment_agreement(self) -> tuple[int, int]:
        agree = sum(n for c in self.pairs.values() for (a, b), n in c.items() if a == b)
        return agree, sum(sum(c.values()) for c in self.pairs.values())

    def overall_agreement(self, group: str) -> tuple[int, int]:
        counts = self.overall[group]
        return sum(n for (a, b), n in counts.items() if a == b), sum(counts.values())


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)[:160]


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def report(tallies: dict[str, Tally], show: int) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for part, tally in tallies.items():
        agree, total = tally.assessment_agreement()
        seo, readability = tally.overall_agreement("seo"), tally.overall_agreement("readability")
        summary[part] = {"assessments": [agree, total], "seo_overall": list(seo), "readability_overall": list(readability),
                         "per_assessment": {k: [sum(n for (a, b), n in c.items() if a == b), sum(c.values())]
                                            for k, c in sorted(tally.pairs.items())},
                         "overall_confusion": {g: {f"{a}/{b}": n for (a, b), n in sorted(c.items())}
                                               for g, c in tally.overall.items()}}
        print(f"== {part}: assessments agree {_pct(agree, total)}; overall SEO {_pct(*seo)}, "
              f"readability {_pct(*readability)}")
        if part == "test":
            continue  # the test part is only counted
        for name, counts in sorted(tally.pairs.items()):
            same = sum(n for (a, b), n in counts.items() if a == b)
            detail = ", ".join(f"{a}/{b} {n}" for (a, b), n in sorted(counts.items()) if a != b)
            print(f"   {name:42} {_pct(same, sum(counts.values())):>14}  {detail}")
        for group, counts in tally.overall.items():
            print(f"   overall {group} (contentqa/yoast):",
                  ", ".join(f"{a}/{b} {n}" for (a, b), n in sorted(counts.items())))
        for line in tally.disagreements[:show]:
            print("   -", line)
    return summary


def compare(corpus: Path, folder: str, parts: set[str], show: int) -> dict[str, Any]:
    chosen = select_articles(corpus)
    articles, papers = [], []
    for rel, kind, site in chosen:
        article, paper, config = prepare(rel, kind, site, corpus)
        if article.part not in parts:
            continue
        text = (corpus / rel).read_text(encoding="utf-8")
        article.ours = check_text(text, path=str(corpus / rel), config=config).metrics
        articles.append(article)
        papers.append(paper)
    for article, theirs in zip(articles, run_yoast(papers, folder), strict=True):
        article.theirs = theirs
    tallies = {p: Tally() for p in ("dev", "test") if p in parts}
    kinds = Counter(a.kind for a in articles)
    print(f"{len(articles)} articles ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}); "
          f"dev {sum(a.part == 'dev' for a in articles)}, test {sum(a.part == 'test' for a in articles)}")
    for article in articles:
        if "error" in article.theirs:
            print(f"   yoast failed on {article.path}: {article.theirs['error']}")
            continue
        tallies[article.part].add(article)
    return report(tallies, show)


def textstat_view(paths: list[str]) -> int:
    """contentqa's document metrics next to textstat's functions on the same prose."""
    import textstat

    from contentqa.metrics import measured_text
    for name in paths:
        path = (ROOT / name).resolve()
        text = path.read_text(encoding="utf-8")
        m = check_text(text, path=str(path), config=Config(select=["RDB", "SEO"])).metrics
        prose = measured_text(parse(str(path), text, detect_format(str(path), text)))
        print(f"== {name}")
        print("contentqa:", json.dumps({k: m.get(k) for k in ("words", "sentences", "flesch_reading_ease",
                                                               "flesch_kincaid_grade", "readability_score", "seo_score")}))
        print("textstat: ", json.dumps({"words": textstat.lexicon_count(prose), "sentences": textstat.sentence_count(prose),
                                        "flesch_reading_ease": round(textstat.flesch_reading_ease(prose), 1),
                                        "flesch_kincaid_grade": round(textstat.flesch_kincaid_grade(prose), 1)}))
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--show", type=int, default=0, help="list up to N disagreements of the dev part")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--textstat", nargs="+", metavar="FILE")
    args = parser.parse_args(argv)
    if args.textstat:
        return textstat_view(args.textstat)
    folder = os.environ.get("YOASTSEO_DIR")
    if not yoast_available(folder):
        print("yoastseo not found: set YOASTSEO_DIR to a folder with `npm install yoastseo@3.6.0` and put node on the PATH")
        return 2
    assert folder is not None
    corpus = Path(args.corpus)
    if not (corpus / "MANIFEST.tsv").is_file():
        print(f"{corpus}: no corpus")
        return 2
    parts = {"dev", "test"} if args.part == "all" else {args.part}
    summary = compare(corpus, folder, parts, args.show)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
