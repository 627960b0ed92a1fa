"""Link rules: local targets on disk (fixture tree and tmp_path) and in-page fragments."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentqa.checks.links import anchors, github_slug
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
