"""Compare contentqa's readability and SEO numbers with textstat and, optionally, Yoast SEO.

Run from the project root: `python benchmarks/compare_yoast.py [FILES...]` (default: the two
Botox samples and a few corpus articles). For each file it prints contentqa's metrics next to
textstat's own functions on the same prose, and, when `node` is on the PATH and the npm package
`yoastseo` is installed in the folder named by YOASTSEO_DIR (e.g. `npm install yoastseo` in
/tmp/yoast), Yoast's SEO and readability scores, passive and transition counts for the same
article (its HTML body, title, meta description, keyphrase and slug). contentqa itself never
needs node; this script only measures. The results are recorded in docs/seo-readability.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import textstat
from markdown_it import MarkdownIt

from contentqa import Config, check_text
from contentqa.checks.seo import seo_title, slug, title_pixels
from contentqa.files import detect_format
from contentqa.metrics import measured_text
from contentqa.parsers import parse
from contentqa.parsers.frontmatter import split_front_matter

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ["samples/botox-guide.html", "samples/botox-guide.md",
           "../shared/corpus/opensource-guide/_articles/how-to-contribute.md",
           "../shared/corpus/18f-blog/content/posts/2016-02-12-happy-valentines-day-from-18F.md",
           "../shared/corpus/healthcare-gov/_posts/articles/0001-02-01-what-if-im-pregnant-or-plan-to-get-pregnant.md",
           "../shared/corpus/linkerd/linkerd.io/content/blog/2019/0212-announcing-linkerd-2-2/index.md"]

RUNNER = r"""
const { Paper, SeoAssessor, ContentAssessor } = require("yoastseo");
const Researcher = require("yoastseo/build/languageProcessing/languages/en/Researcher").default;
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const paper = new Paper(input.text, {keyword: input.keyword, title: input.title, description: input.description,
  slug: input.slug, titleWidth: input.titleWidth, locale: "en_US"});
const seo = new SeoAssessor(new Researcher(paper)); seo.assess(paper);
const content = new ContentAssessor(new Researcher(paper)); content.assess(paper);
const r = new Researcher(paper);
const passive = r.getResearch("getPassiveVoiceResult");
const transitions = r.getResearch("findTransitionWords");
console.log(JSON.stringify({seo_score: seo.calculateOverallScore(), readability_score: content.calculateOverallScore(),
  words: r.getResearch("wordCountInText").count, flesch: r.getResearch("getFleschReadingScore").score,
  passive_percent: passive.total ? Math.round(1000 * passive.passives.length / passive.total) / 10 : 0,
  transition_percent: transitions.totalSentences ?
    Math.round(1000 * transitions.transitionWordSentences / transitions.totalSentences) / 10 : 0,
  seo: Object.fromEntries(seo.getValidResults().map(x => [x._identifier, x.getScore()])),
  readability: Object.fromEntries(content.getValidResults().map(x => [x._identifier, x.getScore()]))}));
"""


def yoast(path: Path, text: str) -> dict[str, object] | None:
    folder = os.environ.get("YOASTSEO_DIR")
    node = shutil.which("node")
    if not folder or not node or not (Path(folder) / "node_modules" / "yoastseo").is_dir():
        return None
    doc = parse(str(path), text, detect_format(str(path), text))
    if doc.format == "markdown":
        fm = split_front_matter(text)
        body = MarkdownIt("commonmark").render(text[fm[1]:] if fm else text)
    else:
        found = re.search(r"<body[^>]*>(.*)</body>", text, re.S | re.I)
        body = found.group(1) if found else text
    title = seo_title(doc)
    found_slug = slug(doc)
    paper = {"text": body, "keyword": doc.meta.keyphrase or "", "title": title[0] if title else "",
             "description": doc.meta.description or "", "slug": found_slug[0] if found_slug else "",
             "titleWidth": title_pixels(title[0]) if title else 0}
    script = Path(folder) / "contentqa-compare.js"
    script.write_text(RUNNER, encoding="utf-8")
    done = subprocess.run([node, str(script)], input=json.dumps(paper), capture_output=True, text=True,
                          cwd=folder, timeout=120)
    return json.loads(done.stdout) if done.returncode == 0 else {"error": done.stderr.strip().splitlines()[-1:]}


def main(paths: list[str]) -> int:
    for name in paths:
        path = (ROOT / name).resolve()
        if not path.is_file():
            print(f"{name}: not found, skipped")
            continue
        text = path.read_text(encoding="utf-8")
        result = check_text(text, path=str(path), config=Config(select=["RDB", "SEO"]))
        m = result.metrics
        prose = measured_text(parse(str(path), text, detect_format(str(path), text)))
        ours = {k: m.get(k) for k in ("words", "sentences", "flesch_reading_ease", "flesch_kincaid_grade",
                                      "gunning_fog", "smog_index", "coleman_liau_index",
                                      "automated_readability_index", "dale_chall", "passive_sentences_percent",
                                      "transition_sentences_percent", "readability_score", "seo_score")}
        reference = {"words": textstat.lexicon_count(prose), "sentences": textstat.sentence_count(prose),
                     "flesch_reading_ease": round(textstat.flesch_reading_ease(prose), 1),
                     "flesch_kincaid_grade": round(textstat.flesch_kincaid_grade(prose), 1),
                     "gunning_fog": round(textstat.gunning_fog(prose), 1),
                     "smog_index": round(textstat.smog_index(prose), 1),
                     "coleman_liau_index": round(textstat.coleman_liau_index(prose), 1),
                     "automated_readability_index": round(textstat.automated_readability_index(prose), 1),
                     "dale_chall": round(textstat.dale_chall_readability_score(prose), 1)}
        print(f"== {name}")
        print("contentqa:", json.dumps(ours))
        print("textstat: ", json.dumps(reference))
        print("assessments:", json.dumps({"seo": m.get("seo_assessments"), "readability": m.get("readability_assessments")}))
        theirs = yoast(path, text)
        print("yoastseo: ", json.dumps(theirs) if theirs is not None else "(not run: set YOASTSEO_DIR and install node)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or DEFAULT))
