"""Image rules on real files: a committed site tree under tests/fixtures/images, and tmp_path trees."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from contentqa.checks.images import looks_generated, placeholder_alt
from contentqa.config import Config, load_config
from contentqa.engine import check_paths

from .conftest import SAMPLES

SITE = Path(__file__).parent / "fixtures" / "images" / "site"
CASE = "it works on macOS and Windows but breaks on Linux servers"
UNKNOWN = ("the site root is unknown: no site generator configuration (hugo.toml, _config.yml, ...) above the "
           "article; set site-roots to check it")


def findings(path: Path, root: Path, select: list[str], **options: object) -> list[tuple[object, ...]]:
    """(rule, line, column, end_column, message) of every finding in one file."""
    config = Config(root=root, select=select)
    for key, value in options.items():
        setattr(config, key, value)
    results = list(check_paths([str(path)], config))
    assert len(results) == 1 and results[0].error is None, results
    return [(f.rule, f.line, f.column, f.end_column, f.message) for f in results[0].findings]


def test_seed_article_image_filename_at_line_3() -> None:
    name = "V6f6k5c2zULoS2wfiUcZ_20_bdee762d434eff612ea32990668bf417_image.jpg"
    got = findings(SAMPLES / "seed-article.txt", SAMPLES.parent, ["IMG"])
    assert [(r, ln, c, e) for r, ln, c, e, _ in got] == [("IMG001", 3, 1, 1 + len(name))]
    assert name in str(got[0][4])


def test_markdown_fixture() -> None:
    assert findings(SITE / "content" / "article.md", SITE, ["IMG"]) == [
        ("IMG002", 8, 25, 45, "Image file 'img/Coffee-Beans.PNG' differs in letter case from "
                              f"'content/img/coffee-beans.png' on disk: {CASE}"),
        ("IMG002", 12, 18, 33, "Image file 'img/missing.png' does not exist (looked in content/img/missing.png)"),
        ("IMG002", 14, 83, 99, "Image file '/images/nope.png' was not found "
                               f"(looked in images/nope.png, static/images/nope.png, public/images/nope.png), but {UNKNOWN}"),
        ("IMG002", 16, 11, 27, "Image file '../../secret.png' points outside the project root; it was not checked"),
        ("IMG002", 16, 49, 53, "Image file 'img/' is a folder, not a file (looked in content/img)"),
        ("IMG002", 24, 11, 23, "Image file 'img/gone.png' does not exist (looked in content/img/gone.png)"),
        ("IMG002", 26, 50, 65, "Image file 'img/hero-2x.gif' does not exist (looked in content/img/hero-2x.gif)"),
        ("IMG002", 33, 9, 25, "Image file 'img/logo-old.png' does not exist (looked in content/img/logo-old.png)"),
    ]


def test_html_fixture() -> None:
    assert findings(SITE / "content" / "article.html", SITE, ["IMG"]) == [
        ("IMG002", 7, 14, 34, "Image file 'img/Coffee-Beans.PNG' differs in letter case from "
                              f"'content/img/coffee-beans.png' on disk: {CASE}"),
        ("IMG002", 9, 14, 30, "Image file '/images/nope.png' was not found "
                              f"(looked in images/nope.png, static/images/nope.png, public/images/nope.png), but {UNKNOWN}"),
        ("IMG002", 9, 54, 70, "Image file '../../secret.png' points outside the project root; it was not checked"),
        ("IMG002", 11, 36, 51, "Image file 'img/hero-2x.gif' does not exist (looked in content/img/hero-2x.gif)"),
        ("IMG003", 14, 9, 15, "Image has an empty src: nothing will be shown"),
        ("IMG003", 14, 29, 50, "Image has no src: nothing will be shown"),
        ("IMG004", 14, 51, 76, "Image 'img/photo.png' has no alt attribute (describe what it shows)"),
        ("IMG005", 15, 87, 99, "Alt text 'IMG_2041.JPG' of image 'img/photo.png' is a filename or placeholder; "
                               "describe what the image shows"),
        ("IMG001", 17, 4, 16, "Image filename 'IMG_2041.JPG' stands alone as text; the image was not embedded "
                              "(embed it with alt text, or delete the line)"),
    ]


def test_text_fixture() -> None:
    got = findings(SITE / "content" / "article.txt", SITE, ["IMG"])
    assert [(r, ln, c, e) for r, ln, c, e, _ in got] == [("IMG001", 3, 1, 67), ("IMG006", 6, 24, 60)]


def test_site_roots_come_from_config(tmp_path: Path) -> None:
    (tmp_path / "assets" / "img").mkdir(parents=True)
    (tmp_path / "assets" / "img" / "logo.png").write_bytes(b"\x89PNG")
    article = tmp_path / "post.md"
    article.write_text("![Logo](/img/logo.png)\n", encoding="utf-8")
    assert findings(article, tmp_path, ["IMG002"], site_roots=["assets"], site_roots_configured=True) == []
    # Without a site generator's configuration the default roots are a guess: the finding says so.
    got = findings(article, tmp_path, ["IMG002"])
    assert got == [("IMG002", 1, 9, 22, "Image file '/img/logo.png' was not found "
                                        f"(looked in img/logo.png, static/img/logo.png, public/img/logo.png), but {UNKNOWN}")]
    # site-roots written in the configuration are an answer, not a guess: a missing file is an error.
    (tmp_path / ".contentqa.toml").write_text('site-roots = ["static"]\n', encoding="utf-8")
    result = list(check_paths([str(article)], load_config(tmp_path / ".contentqa.toml")))[0]
    assert [(f.rule, f.severity, f.message) for f in result.findings if f.rule == "IMG002"] == [
        ("IMG002", "error", "Image file '/img/logo.png' does not exist (looked in static/img/logo.png)")]
    config_off = {"rules": {"IMG002": {"root-relative": False}}}
    assert findings(article, tmp_path, ["IMG002"], **config_off) == []


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def _severities(root: Path, select: list[str]) -> dict[str, list[tuple[str, int, str, str]]]:
    """(rule, line, severity, message) of each checked file, by path relative to `root`."""
    found = {}
    for result in check_paths([str(root)], Config(root=root, select=select)):
        assert result.error is None, result
        rel = Path(result.path).resolve().relative_to(root.resolve()).as_posix()
        found[rel] = [(f.rule, f.line, f.severity, f.message) for f in result.findings]
    return found


def test_each_site_of_a_repository_resolves_under_its_own_static_folders(tmp_path: Path) -> None:
    """A Hugo site, a Jekyll site and a plain folder side by side, checked from the top."""
    _tree(tmp_path, {
        # Hugo: config.toml with Hugo keys, a theme, and a base URL with a sub-path.
        "blog/config.toml": 'baseURL = "https://example.org/blog/"\ntheme = "paper"\ntitle = "Blog"\n',
        "blog/static/img/logo.png": "png",
        "blog/assets/img/chart.png": "png",
        "blog/themes/paper/static/img/theme.png": "png",
        "blog/content/posts/first.md": "![Logo](/img/logo.png) ![Chart](/img/chart.png) ![Theme](/img/theme.png)\n\n"
                                       "![Base](/blog/img/logo.png) ![Gone](/img/gone.png)\n",
        # A non-index page: Hugo serves it at /posts/second/, where its relative images live.
        "blog/content/posts/second.md": "![Diagram](../img/diagram.svg) ![Nope](../img/nope.svg)\n",
        "blog/content/posts/img/diagram.svg": "svg",
        # Jekyll: the site root serves everything; baseurl is stripped.
        "docs/_config.yml": "title: Docs\nbaseurl: /docs\n",
        "docs/assets/images/cat.png": "png",
        "docs/_posts/2024-01-01-cats.md": "---\ntitle: Cats\n---\n![Cat](/assets/images/cat.png) "
                                          "![Base](/docs/assets/images/cat.png)\n\n![Dog](/assets/images/dog.png)\n",
        # No generator anywhere: the root is unknown, so a missing image is info, not an error.
        "notes/today.md": "![Plan](/img/plan.png)\n",
        # Generator unknown: `../` may climb from the page's URL folder (notes/guide/), as in Hugo.
        "notes/guide.md": "![Diagram](../img/d.png)\n",
        "notes/img/d.png": "png",
    })
    got = _severities(tmp_path, ["IMG002"])
    assert got["blog/content/posts/first.md"] == [
        ("IMG002", 3, "error", "Image file '/img/gone.png' does not exist (looked in blog/static/img/gone.png, "
                               "blog/assets/img/gone.png, blog/themes/paper/static/img/gone.png, "
                               "blog/themes/paper/assets/img/gone.png)")]
    assert got["blog/content/posts/second.md"] == [
        ("IMG002", 1, "error", "Image file '../img/nope.svg' does not exist (looked in blog/content/img/nope.svg, "
                               "blog/content/posts/img/nope.svg)")]
    assert got["docs/_posts/2024-01-01-cats.md"] == [
        ("IMG002", 6, "error", "Image file '/assets/images/dog.png' does not exist "
                               "(looked in docs/assets/images/dog.png)")]
    assert got["notes/guide.md"] == []
    assert got["notes/today.md"] == [
        ("IMG002", 1, "info", "Image file '/img/plan.png' was not found (looked in img/plan.png, static/img/plan.png, "
                              f"public/img/plan.png), but {UNKNOWN}")]


@pytest.mark.parametrize(("config_name", "content", "static"), [
    ("hugo.toml", 'title = "x"\n', "static"),
    ("hugo.yaml", "title: x\nstaticDir: [files]\n", "files"),
    ("config/_default/hugo.toml", 'title = "x"\n', "static"),
    ("config.toml", 'base_url = "https://x.org"\ncompile_sass = true\n', "static"),  # Zola
    ("docusaurus.config.ts", "export default {baseUrl: '/'};\n", "static"),
    (".eleventy.js", 'module.exports = () => ({dir: {input: "src"}});\n', "src"),
    ("eleventy.config.mjs", "export default function () {}\n", "."),
    ("astro.config.mjs", "export default defineConfig({});\n", "public"),
    ("next.config.js", "module.exports = {};\n", "public"),
    ("mkdocs.yml", "site_name: x\ndocs_dir: pages\n", "pages"),
])
def test_generator_configurations_name_the_static_folder(tmp_path: Path, config_name: str, content: str,
                                                         static: str) -> None:
    _tree(tmp_path, {f"site/{config_name}": content, f"site/{static}/img/ok.png": "png",
                     "site/content/a/post.md": "![Ok](/img/ok.png) ![No](/img/no.png)\n"})
    got = _severities(tmp_path / "site", ["IMG002"])["content/a/post.md"]
    assert [(rule, severity) for rule, _, severity, _ in got] == [("IMG002", "error")]
    assert "'/img/no.png' does not exist" in got[0][3]


def test_a_site_without_its_static_folder_is_uncertain(tmp_path: Path) -> None:
    """A content-only checkout of a Hugo site: the static files are elsewhere, so no error."""
    _tree(tmp_path, {"hugo.toml": 'title = "x"\n', "content/post.md": "![Logo](/img/logo.png)\n"})
    (got,) = _severities(tmp_path, ["IMG002"])["content/post.md"]
    assert got[2] == "info" and "static folders (static, assets) are not there" in got[3]


def test_a_hugo_module_or_missing_theme_may_serve_the_file(tmp_path: Path) -> None:
    """Hugo modules live in Go's module cache, and a theme submodule may not be cloned."""
    _tree(tmp_path, {"hugo.yaml": "module:\n  imports:\n    - path: github.com/google/docsy\n",
                     "static/img/ok.png": "png", "content/post.md": "![Ok](/img/ok.png) ![Logo](/img/logo.png)\n",
                     "theme/hugo.toml": 'theme = "paper"\n', "theme/static/x.png": "png",
                     "theme/content/post.md": "![Logo](/img/logo.png)\n"})
    (got,) = _severities(tmp_path, ["IMG002"])["content/post.md"]
    assert got[2] == "info" and got[3].endswith("it may come from github.com/google/docsy, which the checkout "
                                                "does not hold")
    (got,) = _severities(tmp_path / "theme", ["IMG002"])["content/post.md"]
    assert got[2] == "info" and got[3].endswith("it may come from paper, which the checkout does not hold")


def test_a_config_yaml_of_another_tool_is_not_a_hugo_site(tmp_path: Path) -> None:
    _tree(tmp_path, {"config.yaml": "theme: dark\nport: 8080\n", "post.md": "![Logo](/img/logo.png)\n"})
    (got,) = _severities(tmp_path, ["IMG002"])["post.md"]
    assert got[2] == "info" and "site root is unknown" in got[3]


def test_percent_escapes_and_query_strings(tmp_path: Path) -> None:
    (tmp_path / "export dialog.png").write_bytes(b"\x89PNG")
    article = tmp_path / "a.md"
    article.write_text("![Export](export%20dialog.png?v=2#x)\n\n<img src=\"export%20dialog.png\" alt=\"Export\">\n",
                       encoding="utf-8")
    assert findings(article, tmp_path, ["IMG002"]) == []


def test_case_mismatch_in_a_folder_name(tmp_path: Path) -> None:
    (tmp_path / "Images").mkdir()
    (tmp_path / "Images" / "cup.png").write_bytes(b"\x89PNG")
    article = tmp_path / "a.md"
    article.write_text("![Cup](images/cup.png)\n", encoding="utf-8")
    assert findings(article, tmp_path, ["IMG002"]) == [
        ("IMG002", 1, 8, 22, f"Image file 'images/cup.png' differs in letter case from 'Images/cup.png' on disk: {CASE}")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symlink_out_of_the_root_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\x89PNG")
    root = tmp_path / "site"
    root.mkdir()
    try:
        (root / "shared").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("cannot create symbolic links here")
    (root / "local").mkdir()
    (root / "local" / "ok.png").write_bytes(b"\x89PNG")
    (root / "inner").symlink_to(root / "local", target_is_directory=True)
    article = root / "a.md"
    article.write_text("![S](shared/secret.png) ![Ok](inner/ok.png)\n", encoding="utf-8")
    assert findings(article, root, ["IMG002"]) == [
        ("IMG002", 1, 6, 23, "Image file 'shared/secret.png' points outside the project root; it was not checked")]


def test_article_outside_the_root_uses_its_own_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "img").mkdir(parents=True)
    (elsewhere / "img" / "a.png").write_bytes(b"\x89PNG")
    article = elsewhere / "a.md"
    article.write_text("![A](img/a.png) ![B](../b.png)\n", encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    got = findings(article, root, ["IMG002"])
    assert [(r, ln, c) for r, ln, c, _, _ in got] == [("IMG002", 1, 22)]
    assert "outside the project root" in str(got[0][4])


def test_markdown_image_inside_the_root_may_go_up(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    article = tmp_path / "docs" / "guide" / "a.md"
    article.write_text("![A](../../img/a.png)\n", encoding="utf-8")
    assert findings(article, tmp_path, ["IMG002"]) == []


def test_empty_alt_in_html_is_decorative_unless_configured(tmp_path: Path) -> None:
    article = tmp_path / "a.html"
    article.write_text('<p><img src="x.png" alt=""> <img src="y.png" alt="" aria-hidden="true"></p>\n',
                       encoding="utf-8")
    assert findings(article, tmp_path, ["IMG004"]) == []
    strict = {"rules": {"IMG004": {"report-empty-alt": True}}}
    got = findings(article, tmp_path, ["IMG004"], **strict)
    assert [(r, ln, c, e) for r, ln, c, e, _ in got] == [("IMG004", 1, 21, 27)]


@pytest.mark.parametrize("name", [
    "V6f6k5c2zULoS2wfiUcZ_20_bdee762d434eff612ea32990668bf417_image.jpg",
    "8f14e45fceea167a5a36dedd4bea2543.png",
    "IMG_2041.JPG", "DSC01234.jpg", "PXL_20230514_101112.jpg",
    "team-photo-1024x768.jpg", "hero-scaled.jpg",
    "3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b7a65.png",
])
def test_generated_names(name: str) -> None:
    assert looks_generated(name)


@pytest.mark.parametrize("name", ["holiday.jpg", "cover.png", "coffee-beans.png", "step-2.svg", "logo_dark.svg",
                                  "export dialog.png", "2024-survey-results.png"])
def test_human_names(name: str) -> None:
    assert not looks_generated(name)


@pytest.mark.parametrize(("alt", "src", "placeholder"), [
    ("image", "a.png", True), ("Photo", "a.png", True), ("IMG_2041.JPG", "a.png", True),
    ("hero.png", "a.png", True), ("image3", "a.png", True), ("grafana-dashboard", "grafana-dashboard.png", True),
    ("Coffee beans", "coffee-beans.png", False), ("Grafana dashboard with request rates", "g.png", False),
    ("Logo", "logo.png", False),
])
def test_placeholder_alt(alt: str, src: str, placeholder: bool) -> None:
    assert placeholder_alt(alt, src) is placeholder


def test_corpus_page_relative_references(corpus: Path) -> None:
    """The corpus README names 11 OpenTelemetry references written relative to the page's URL
    (`docs/x/page.md` is served at `docs/x/page/`). The corpus keeps no Hugo configuration, so
    the generator is unknown, and then the URL's folder is tried too: all 11 are found."""
    docs = corpus / "opentelemetry" / "content" / "en" / "docs"
    pages = ["collector/deploy/gateway.md", "collector/deploy/other/no-collector.md", "collector/management.md",
             "concepts/instrumentation/libraries.md", "concepts/signals/baggage.md"]
    config = Config(root=corpus, select=["IMG002"], rules={"IMG002": {"root-relative": False}})
    results = list(check_paths([str(docs / page) for page in pages], config))
    assert [(Path(r.path).name, f.message) for r in results for f in r.findings] == []
    # With site-roots configured (the generator is then not guessed at), they resolve file-relative only.
    config.site_roots_configured = True
    results = list(check_paths([str(docs / page) for page in pages], config))
    assert sum(len(r.findings) for r in results) == 11


SITE_FILES = {
    ".contentqa.toml": "",
    "static/images/hero.png": "", "static/images/Team Photo.png": "", "static/images/chart.png": "",
    "content/guide.md": "# Guide\n\n## Install\n\n## Configure the server {#configure}\n",
    "content/pricing.md": "# Pricing\n\n## Plans\n\n<a id=\"team\"></a>\n",
    "content/posts/bundle/cover.jpg": "",
    "content/posts/bundle/index.md": "# A page bundle\n\n![Cover of the bag](cover.jpg) and ![Back of the bag](back.jpg)\n",
    "content/posts/brewing.md": (
        "---\ntitle: Brewing at home\n---\n# Brewing at home\n\n"
        "![Pour-over in a glass carafe](/images/hero.png)\n"                   # 6: good, root-relative
        "![Team at the roastery](/images/team%20photo.png)\n"                  # 7: letter case
        "![Team at the roastery](/images/Team%20Photo.png)\n"                  # 8: good, percent-encoded
        "![Extraction chart][chart] and ![Old extraction chart][old]\n"        # 9: reference-style
        "Inline <img src=\"../../static/images/grinder.png\" alt=\"Burr grinder\"> and "
        "<img src=\"/images/chart.png\" alt=\"Chart of grind sizes\">.\n\n"    # 10: missing, good
        "{{< figure src=\"/images/hero.png\" alt=\"Kettle pouring\" >}}\n\n"   # 12: good
        "{{< figure src=\"/images/kettle.png\" alt=\"Gooseneck kettle\" >}}\n\n"  # 14: missing
        "{{< figure src=\"/images/chart.png\" >}}\n\n"                         # 16: no alt
        "![](/images/chart.png)\n\n"                                           # 18: no alt
        "[chart]: /images/chart.png\n[old]: /images/old-chart.png\n"),         # 21: missing
    "content/posts/links.md": (
        "# Reading list\n\n"
        "Start with the [guide](../guide.md), then [install](../guide.md#install) and\n"
        "[plans](../pricing.html#plans). See <a href=\"../guide.md#configure\">configure</a>,\n"
        "<a href=\"../pricing.html#enterprise\">enterprise</a>, [old guide](../old-guide.md),\n"
        "[setup](../guide.md#setup), [cover](bundle/index.md#a-page-bundle), [below](#more), [nowhere](#nowhere).\n\n"
        "## More\n"),
    "content/clean.md": ("# Clean\n\n![Hero](/images/hero.png) [Guide](guide.md#install) "
                         "{{< figure src=\"../static/images/chart.png\" alt=\"Chart\" >}}\n"),
}


def test_check_reports_exactly_the_broken_images_and_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`contentqa check` on a folder of Markdown articles with images reports exactly the broken ones."""
    from contentqa.cli import main

    for name, text in SITE_FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--format", "json", "--select", "IMG", "--select", "LNK", "content"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    got = sorted((Path(f["path"]).as_posix(), x["rule"], x["line"], x["column"], x["excerpt"])
                 for f in report["files"] for x in f["findings"])
    assert got == [
        ("content/posts/brewing.md", "IMG002", 7, 25, "/images/team%20photo.png"),
        ("content/posts/brewing.md", "IMG002", 10, 18, "../../static/images/grinder.png"),
        ("content/posts/brewing.md", "IMG002", 14, 17, "/images/kettle.png"),
        ("content/posts/brewing.md", "IMG002", 21, 8, "/images/old-chart.png"),
        ("content/posts/brewing.md", "IMG004", 16, 1, "{{< figure src=\"/images/chart.png\" >}}"),
        ("content/posts/brewing.md", "IMG004", 18, 1, "![](/images/chart.png)"),
        ("content/posts/bundle/index.md", "IMG002", 3, 55, "back.jpg"),
        ("content/posts/links.md", "LNK001", 5, 66, "../old-guide.md"),
        ("content/posts/links.md", "LNK002", 5, 25, "#enterprise"),
        ("content/posts/links.md", "LNK002", 6, 20, "#setup"),
        ("content/posts/links.md", "LNK002", 6, 95, "#nowhere"),
    ]
    assert {Path(f["path"]).name for f in report["files"]} >= {"clean.md", "guide.md", "pricing.md"}


def test_front_matter_images_are_checked_at_their_values(tmp_path: Path) -> None:
    """YAML and TOML front matter and the HTML head name images too; each finding sits on the value."""
    _tree(tmp_path, {
        "jekyll/_config.yml": "title: Site\n",
        "jekyll/assets/cover.png": "png",
        "jekyll/_posts/2024-05-01-post.md": (
            "---\n"
            "title: \"Café crème\"\n"           # non-ASCII before the values: columns count characters
            "image: /assets/cover.png\n"
            "images:\n"
            "  - /assets/cover.png\n"
            "  - 'assets/missing one.png'\n"
            "cover:\n"
            "  image: \"/assets/gone.png\"\n"
            "header:\n"
            "  teaser: https://cdn.example.com/t.png\n"  # remote: not fetched offline
            "hero: Welcome to the clinic\n"              # text, not a path
            "og_image: \"{{ page.cover }}\"\n"           # a template expression, not a site path
            "---\nBody.\n"),
        "hugo/hugo.toml": 'title = "Blog"\n',
        "hugo/static/img/thumb.png": "png",
        "hugo/content/post/index.md": (
            "+++\n"
            'title = "Post"\n'
            'images = ["cover.jpg", "img/thumb.png"]\n'  # the page bundle, then the site's static folder
            'thumbnail = "/img/thumb.png"\n'
            "[cover]\n"
            "image = 'nope.png'\n"
            "+++\nBody.\n"),
        "hugo/content/post/cover.jpg": "jpg",
        "plain/page.html": ('<html><head><meta property="og:image" content="/og/card.png">\n'
                            '<meta name="twitter:image" content="card.png"></head><body><p>Hi.</p></body></html>\n'),
        "plain/card.png": "png",
    })
    got = _severities(tmp_path, ["IMG002"])
    assert got["jekyll/_posts/2024-05-01-post.md"] == [
        ("IMG002", 6, "error", "Front matter images[1] 'assets/missing one.png' does not exist (looked in "
                               "jekyll/_posts/assets/missing one.png, jekyll/assets/missing one.png)"),
        ("IMG002", 8, "error", "Front matter cover.image '/assets/gone.png' does not exist "
                               "(looked in jekyll/assets/gone.png)"),
    ]
    assert got["hugo/content/post/index.md"] == [
        ("IMG002", 6, "error", "Front matter cover.image 'nope.png' does not exist (looked in "
                               "hugo/content/post/nope.png, hugo/static/nope.png, hugo/assets/nope.png)")]
    assert got["plain/page.html"] == [
        ("IMG002", 1, "info", "Image of <meta og:image> '/og/card.png' was not found (looked in og/card.png, "
                              f"static/og/card.png, public/og/card.png), but {UNKNOWN}")]
    config = Config(root=tmp_path, select=["IMG002"])
    columns = {Path(r.path).name: [(f.line, f.column, f.end_column, f.excerpt) for f in r.findings]
               for r in check_paths([str(tmp_path / "jekyll"), str(tmp_path / "hugo"), str(tmp_path / "plain")], config)}
    assert columns["2024-05-01-post.md"] == [(6, 6, 28, "assets/missing one.png"), (8, 11, 27, "/assets/gone.png")]
    assert columns["index.md"] == [(6, 10, 18, "nope.png")]
    assert columns["page.html"] == [(1, 48, 60, "/og/card.png")]


def test_liquid_spellings_of_a_site_path_are_checked(tmp_path: Path) -> None:
    _tree(tmp_path, {
        "_config.yml": "baseurl: /blog\n",
        "assets/cat.png": "png",
        "_posts/2024-01-01-cats.md": (
            "---\ntitle: Cats\n---\n"
            "![Cat]({{site.baseurl}}/assets/cat.png) ![Dog]({{site.baseurl}}/assets/dog.png)\n\n"
            '<img src="{{ site.url }}{{ site.baseurl }}/assets/cat.png" alt="Cat"> '
            "<img src=\"{{ '/assets/cow.png' | relative_url }}\" alt=\"Cow\"> "
            '<img src="{{ page.image }}" alt="Whatever the page says">\n'),
    })
    got = _severities(tmp_path, ["IMG002"])["_posts/2024-01-01-cats.md"]
    assert got == [
        ("IMG002", 4, "error", "Image file '{{site.baseurl}}/assets/dog.png' does not exist (looked in assets/dog.png)"),
        ("IMG002", 6, "error", "Image file '{{ '/assets/cow.png' | relative_url }}' does not exist "
                               "(looked in assets/cow.png)"),
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_site_configuration_linked_from_outside_is_not_read(tmp_path: Path) -> None:
    _tree(tmp_path, {"outside/_config.yml": "title: x\n", "site/post.md": "![Logo](/img/logo.png)\n"})
    try:
        (tmp_path / "site" / "_config.yml").symlink_to(tmp_path / "outside" / "_config.yml")
    except OSError:
        pytest.skip("cannot create symbolic links here")
    (got,) = _severities(tmp_path / "site", ["IMG002"])["post.md"]
    assert got[2] == "info" and "site root is unknown" in got[3]
