"""Link rules: local targets on disk (fixture tree and tmp_path) and in-page fragments."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contentqa.checks.links import anchors, github_slug
from contentqa.config import Config
from contentqa.engine import check_paths
from contentqa.parsers import parse

from .conftest import lint
from .test_images import SITE, findings


def test_markdown_fixture_links() -> None:
    assert findings(SITE / "content" / "article.md", SITE, ["LNK"]) == [
        ("LNK001", 30, 70, 86, "Link target 'missing.md' does not exist (looked in content/missing.md)"),
        ("LNK002", 31, 79, 88, "Link to '#grinding' matches no heading or id in this document"),
    ]


def test_html_fixture_links() -> None:
    assert findings(SITE / "content" / "article.html", SITE, ["LNK"]) == [
        ("LNK001", 16, 42, 54, "Link target 'missing.html' does not exist "
                               "(looked in content/missing.html, content/missing.md, content/missing.markdown)"),
        ("LNK002", 16, 103, 112, "Link to '#grinding' matches no heading or id in this document"),
    ]


def test_plain_text_has_no_link_findings() -> None:
    assert findings(SITE / "content" / "article.txt", SITE, ["LNK"]) == []


def test_link_targets_on_disk(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "Install.md").write_text("# Install\n", encoding="utf-8")
    (tmp_path / "static" / "files").mkdir(parents=True)
    (tmp_path / "static" / "files" / "price list.pdf").write_bytes(b"%PDF")
    article = tmp_path / "index.md"
    article.write_text(
        "Read [install](docs/install.md), [prices](/files/price%20list.pdf),\n"
        "[setup](/docs/setup/), [pricing](../pricing), [home](https://example.com/x.md),\n"
        "[mail](mailto:a@b.org), [secret](../secret.txt) and [v2](/releases/2.19).\n",
        encoding="utf-8")
    assert findings(article, tmp_path, ["LNK001"]) == [
        ("LNK001", 1, 16, 31, "Link target 'docs/install.md' differs in letter case from 'docs/Install.md' on disk: "
                              "it works on macOS and Windows but breaks on Linux servers"),
        ("LNK001", 3, 34, 47, "Link target '../secret.txt' points outside the project root; it was not checked"),
    ]


def test_reference_links_point_at_their_use(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("See [the guide][g].\n\n[g]: guide.md\n", encoding="utf-8")
    got = findings(article, tmp_path, ["LNK001"])
    assert [(r, ln, c, e) for r, ln, c, e, _ in got] == [("LNK001", 1, 5, 19)]


@pytest.mark.parametrize(("heading", "slug"), [
    ("Brewing coffee", "brewing-coffee"),
    ("What's new in 2.0?", "whats-new-in-20"),
    ("`Easy CLA` {.notranslate lang=en}", "easy-cla"),
    ("Dependencies {#otlp-dependencies}", "dependencies"),
    ("Café & crème", "café--crème"),
])
def test_github_slug(heading: str, slug: str) -> None:
    assert github_slug(heading) == slug


def test_anchors_of_markdown_and_html() -> None:
    md = parse("a.md", "# Setup\n\n## Setup\n\n## Ports {#ports-list}\n\n<a name=\"legacy\"></a>\n", "markdown")
    assert {"setup", "setup-1", "ports", "ports-list", "legacy"} <= anchors(md)
    html = parse("a.html", '<h2 id="one">One</h2><p><a name="two">x</a></p><h2>Three</h2>', "html")
    assert anchors(html) == {"one", "two"}


def test_fragments_defined_elsewhere_are_not_reported() -> None:
    text = "{{% include \"exporters/jaeger.md\" %}}\n\nSee [Jaeger](#jaeger).\n"
    assert lint(text, "markdown", ["LNK002"]) == []
    assert lint("See [Jaeger](#jaeger).\n", "markdown", ["LNK002"], path="_includes/intro.md") == []
    assert [f.rule for f in lint("See [Jaeger](#jaeger).\n", "markdown", ["LNK002"])] == ["LNK002"]


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_inline_html_links_are_recorded_and_their_text_stays_prose() -> None:
    text = "See <a href=\"guide.md#install\">the <em>install</em> steps</a> and <a name=\"x\">here</a>.\n"
    doc = parse("a.md", text, "markdown")
    assert [(link.href, link.text, text[link.start:link.end]) for link in doc.links] == [
        ("guide.md#install", "the install steps", "<a href=\"guide.md#install\">the <em>install</em> steps</a>")]
    assert doc.blocks[0].text == "See the install steps and here."


def test_fragments_in_other_files(tmp_path: Path) -> None:
    _write(tmp_path, {
        "docs/guide.md": "# Guide\n\n## Install\n\n## Configure the server {#config}\n\n<a id=\"legacy\"></a>\n",
        "docs/pricing.md": "# Pricing\n\n## Plans\n",
        "docs/page.html": "<h2 id=\"pricing\">Pricing</h2><p><a name=\"faq\"></a></p>\n",
        "docs/files/a.pdf": "%PDF",
        "docs/index.md": (
            "See [install](guide.md#install), [config](guide.md#config), [server](guide.md#configure-the-server),\n"
            "[legacy](guide.md#legacy), [plans](pricing.html#plans), <a href=\"page.html#faq\">faq</a>.\n"
            "Broken: [setup](guide.md#setup), [tiers](pricing.html#tiers), <a href=\"page.html#pricng\">p</a>,\n"
            "[self](index.md#nowhere), [gone](missing.md#x), [case](Guide.md#nope), [pdf](files/a.pdf#page=2),\n"
            "[ok](index.md#see-also) and [builtin](guide.md#top).\n\n## See also\n"),
    })
    assert findings(tmp_path / "docs" / "index.md", tmp_path, ["LNK002"]) == [
        ("LNK002", 3, 25, 31, "Link to 'guide.md#setup' matches no heading or id in docs/guide.md"),
        ("LNK002", 3, 54, 60, "Link to 'pricing.html#tiers' matches no heading or id in docs/pricing.md"),
        ("LNK002", 3, 81, 88, "Link to 'page.html#pricng' matches no heading or id in docs/page.html"),
        ("LNK002", 4, 16, 24, "Link to 'index.md#nowhere' matches no heading or id in docs/index.md"),
    ]
    off = {"rules": {"LNK002": {"other-files": False}}}
    assert findings(tmp_path / "docs" / "index.md", tmp_path, ["LNK002"], **off) == []


def test_targets_whose_anchors_cannot_be_known_are_not_judged(tmp_path: Path) -> None:
    _write(tmp_path, {
        "site/partials/nav.md": "# Nav\n",
        "site/shared.md": "# Shared\n\n{{% include \"more.md\" %}}\n",
        "site/big.md": "# Big\n\n" + "Words here.\n" * 200,
        "site/broken.md": "---\ntitle: [unclosed\n---\n# Broken\n",
        "outside.md": "# Outside\n",
        "site/a.md": ("[a](partials/nav.md#x) [b](shared.md#x) [c](big.md#x) [d](broken.md#x) [e](../outside.md#x)\n"
                      "[f](big.md#big)\n"),
    })
    got = findings(tmp_path / "site" / "a.md", tmp_path / "site", ["LNK002"], max_file_size=1000)
    assert got == []
    got = findings(tmp_path / "site" / "a.md", tmp_path / "site", ["LNK002"])
    assert [(r, ln, c) for r, ln, c, _, _ in got] == [("LNK002", 1, 51)]  # big.md has no "x"


def test_target_anchors_follow_edits_of_the_target(tmp_path: Path) -> None:
    _write(tmp_path, {"guide.md": "# Guide\n", "a.md": "[x](guide.md#install)\n"})
    assert [r for r, *_ in findings(tmp_path / "a.md", tmp_path, ["LNK002"])] == ["LNK002"]
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\n## Install\n", encoding="utf-8")
    stat = guide.stat()
    os.utime(guide, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert findings(tmp_path / "a.md", tmp_path, ["LNK002"]) == []


def test_hugo_ref_shortcodes_name_pages_of_the_content_folder(tmp_path: Path) -> None:
    files = {
        "site/hugo.toml": 'title = "Docs"\n',
        "site/content/docs/setup.md": "# Setup\n",
        "site/content/docs/install/index.md": "# Install\n",
        "site/content/blog/_index.md": "# Blog\n",
        "site/content/about.md": "# About\n",
        "site/content/docs/guide.md": (
            '[Setup]({{< ref "setup" >}}) [Install]({{< relref "/docs/install" >}}#linux) '
            '[Blog]({{% ref "/blog" %}}) [About]({{< ref "about.md" >}}) [Here]({{< ref "#top" >}})\n\n'
            '[Gone]({{< ref "/docs/gone.md" >}}) and [old]({{< relref path="old-page" >}})\n\n'
            '`{{< ref "in-code" >}}` and {{</* ref "shown-as-text" */>}}\n\n'
            "```\n{{< ref \"fenced\" >}}\n```\n"),
        # No Hugo configuration: the content folder is guessed, so a miss is only info.
        "other/content/post.md": '[x]({{< ref "nowhere" >}})\n',
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    results = {Path(r.path).name: r for r in check_paths([str(tmp_path)], Config(root=tmp_path, select=["LNK001"]))}
    assert [(f.excerpt, f.line, f.column, f.end_column) for f in results["guide.md"].findings] == [
        ("/docs/gone.md", 3, 17, 30), ("old-page", 3, 64, 72)]
    assert [(f.severity, f.message) for f in results["guide.md"].findings] == [
        ("error", "Hugo ref '/docs/gone.md' matches no page (looked in site/content/docs/gone.md)"),
        ("error", "Hugo ref 'old-page' matches no page (looked in site/content/docs/old-page.md, "
                             "site/content/docs/old-page/index.md, site/content/docs/old-page/_index.md, "
                             "site/content/docs/old-page.html, site/content/old-page.md, site/content/old-page/index.md, "
                             "site/content/old-page/_index.md, site/content/old-page.html)"),
    ]
    (finding,) = results["post.md"].findings
    assert finding.severity == "info" and "content folder is a guess" in finding.message


def test_hugo_ref_in_a_multilingual_site_looks_in_the_language_content_folder(tmp_path: Path) -> None:
    files = {
        "hugo.yaml": "languages:\n  en:\n    contentDir: content/en\n  fr:\n    contentDir: content/fr\n",
        "content/en/docs/setup.md": "# Setup\n",
        "content/fr/docs/installer.md": "# Installer\n",
        "content/en/docs/guide.md": '[a]({{< ref "/docs/setup" >}}) [b]({{< ref "/docs/installer" >}})\n',
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for configured in (False, True):  # site-roots in the configuration do not change where pages are
        config = Config(root=tmp_path, select=["LNK001"], site_roots=["static"], site_roots_configured=configured)
        (result,) = check_paths([str(tmp_path / "content/en/docs/guide.md")], config)
        assert [(f.severity, f.excerpt) for f in result.findings] == [("error", "/docs/installer")]
