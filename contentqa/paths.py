"""Resolving the local files that articles reference, without leaving the project.

One place answers "does the file this image or link points at exist?" for every rule:
- relative references resolve against the article's folder;
- root-relative ones (`/images/x.png`) against the static folders of the site the article belongs
  to, found from its generator's configuration (see sites.py), or against each configured
  `site-roots` folder under the project root when that is set or no site is found; without
  either, a missing file is reported as uncertain, since the root is a guess;
- remote references (`https:`, `//host`, `data:`, `mailto:` ...) and template expressions
  (`{{ site.baseurl }}/x.png`) are not local files and are left alone;
- a reference that leads outside the boundary (the project root, or the article's own folder
  when the article lies outside the root) is reported, never read, and symbolic links are not
  followed out of it;
- names are compared exactly, by listing folders, so that `Photo.PNG` for `photo.png` is caught
  even on a case-insensitive file system (macOS, Windows), where it works locally and breaks
  on a Linux server.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from .config import Config
from .sites import Site, site_for

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
# Liquid, Hugo, Jinja and shell-style expressions: resolved by the site generator, not by us.
_TEMPLATE = re.compile(r"\{\{|\{%|\$\{|<%")


@dataclass(frozen=True)
class Reference:
    """A local reference split into its decoded path and fragment."""

    raw: str
    path: str  # percent-decoded, without query and fragment; "" for "#fragment" alone
    fragment: str | None

    @property
    def root_relative(self) -> bool:
        return self.path.startswith("/")


def local_reference(raw: str | None) -> Reference | None:
    """The reference as a local path, or None when it is remote, a template or not a path."""
    if raw is None:
        return None
    value = raw.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    if not value or value.startswith("//") or _SCHEME.match(value) or _TEMPLATE.search(value):
        return None
    # A Windows drive letter ("C:\...") matches the scheme pattern above and is rejected with it.
    fragment = None
    if "#" in value:
        value, fragment = value.split("#", 1)
        fragment = unquote(fragment)
    value = value.split("?", 1)[0]
    return Reference(raw, unquote(value), fragment)


# Liquid and Nunjucks spellings of a site path (Jekyll, Eleventy) that still name a file:
# `{{ site.baseurl }}/img/x.png` and `{{ "/img/x.png" | relative_url }}` (`absolute_url`, `url`).
_SITE_PREFIX = re.compile(r"^(?:\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\})+(/[^{}\s]*)$")
_URL_FILTER = re.compile(r"^\{\{-?\s*([\"'])(/?[^\"'{}|]+)\1\s*\|\s*(?:relative_url|absolute_url|url)\s*-?\}\}(#[^{}\s]*)?$")


def templated_reference(raw: str | None) -> Reference | None:
    """The site path that a template expression spells, as a root-relative reference, or None."""
    value = (raw or "").strip()
    m = _SITE_PREFIX.match(value)
    if m:
        path = m.group(1)
    else:
        m = _URL_FILTER.match(value)
        if not m:
            return None
        path = "/" + m.group(2).lstrip("/") + (m.group(3) or "")
    ref = local_reference(path)
    return Reference(raw or "", ref.path, ref.fragment) if ref is not None else None


@dataclass
class Resolution:
    """What was found for a reference.

    status: "found", "missing", "case" (exists only with different letter case), "outside"
    (leaves the boundary; not looked at) or "folder" (a folder where a file was expected).
    """

    status: str
    looked_at: list[str] = field(default_factory=list)  # candidates, shown relative to the root
    actual: str | None = None  # the name on disk when only the letter case differs
    found: str | None = None  # the file on disk (absolute), when found
    # Why a "missing" answer may be wrong: the folder root-relative paths resolve under is a guess.
    uncertain: str | None = None


def _names(folder: str) -> frozenset[str] | None:
    """Entries of a folder, or None when it cannot be listed."""
    try:
        stamp = os.stat(folder).st_mtime_ns
    except OSError:
        return None
    return _listing(folder, stamp)


@lru_cache(maxsize=4096)
def _listing(folder: str, stamp: int) -> frozenset[str] | None:
    # Cached by modification time: articles in one folder share their image folders, and a
    # folder that changes gets a new stamp, so a long-running check never sees a stale list.
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return None


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class Resolver:
    """Resolves references of one article under the configured roots."""

    def __init__(self, config: Config, doc_path: str) -> None:
        self.root = os.path.abspath(config.root)
        self.site_roots = list(config.site_roots) or ["."]
        self.folder = os.path.dirname(os.path.abspath(doc_path))
        self.page = os.path.basename(doc_path)
        # An article outside the project root may still use the files beside it.
        self.boundary = self.root if _inside(self.folder, self.root) else self.folder
        self.detected: Site | None = site_for(doc_path, self.boundary)
        # `site-roots` in the configuration overrides the detected site's static folders; the defaults do not.
        self.site = None if config.site_roots_configured else self.detected
        self.guessed = not config.site_roots_configured and self.site is None

    def show(self, path: str) -> str:
        """A path as messages show it: relative to the project root when inside it."""
        if _inside(path, self.root):
            return Path(os.path.relpath(path, self.root)).as_posix()
        shown = os.path.relpath(path)
        return Path(path if shown.startswith("..") else shown).as_posix()

    def candidates(self, ref: Reference) -> list[str]:
        if ref.root_relative:
            return self.served(ref.path)
        found = [os.path.normpath(os.path.join(self.folder, ref.path))]
        hugo_like = self.detected.generator == "hugo" if self.detected is not None else self.guessed
        if hugo_like and ref.path.startswith("../") and _inside(found[0], self.boundary) and \
                self.page.endswith((".md", ".markdown")) and not self.page.startswith(("index.", "_index.")):
            # Hugo (and other generators with "pretty" URLs) serve docs/page.md at /docs/page/,
            # so a browser climbs `../` from that folder. Tried for Hugo sites, and for articles
            # whose generator is unknown, where either reading may be the right one.
            stem = self.page.rsplit(".", 1)[0]
            found.append(os.path.normpath(os.path.join(self.folder, stem, ref.path)))
        return found

    def served(self, path: str) -> list[str]:
        """Files a root-relative URL path may be served from."""
        if self.site is None:
            tail = path.lstrip("/")
            return [os.path.normpath(os.path.join(self.root, site, tail)) for site in self.site_roots]
        tails = [path.lstrip("/")]
        stripped = self.site.strip_base(path)
        if stripped is not None:
            tails.insert(0, stripped.lstrip("/"))
        found = [os.path.normpath(os.path.join(folder, tail)) for folder in self.site.static_dirs for tail in tails]
        # A theme folder outside the project is not looked at, but is no reason to call a path outside.
        return [p for p in found if _inside(p, self.boundary)] or found

    def uncertainty(self, ref: Reference) -> str | None:
        """Why a root-relative path that was not found may exist after all, or None."""
        if not ref.root_relative:
            return None
        if self.guessed:
            return ("the site root is unknown: no site generator configuration (hugo.toml, _config.yml, ...) "
                    "above the article; set site-roots to check it")
        if self.site is not None and not any(os.path.isdir(d) for d in self.site.static_dirs):
            shown = ", ".join(self.show(d) for d in self.site.static_dirs)
            return f"the {self.site.generator} site's static folders ({shown}) are not there"
        if self.site is not None and self.site.elsewhere:
            return f"it may come from {', '.join(self.site.elsewhere)}, which the checkout does not hold"
        return None

    def content_root(self) -> tuple[str | None, bool]:
        """Hugo's content folder for this article, and whether it is known rather than guessed
        (the nearest folder named `content` above the article, when no Hugo site was found)."""
        if self.detected is not None and self.detected.content_dirs:
            # Of a multilingual site's content folders, the one holding the article (the deepest).
            holding = [d for d in self.detected.content_dirs if _inside(self.folder, d)]
            return max(holding, key=len) if holding else self.detected.content_dirs[0], True
        folder = self.folder
        while _inside(folder, self.boundary):
            if os.path.basename(folder) == "content":
                return folder, False
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        return None, False

    def hugo_page(self, target: str) -> Resolution:
        """Find the page a Hugo `{{< ref "target" >}}` names, as Hugo looks it up: a path
        starting with `/` from the content folder, any other from the page's folder and then
        the content folder; `x` may be `x.md`, `x/index.md` or `x/_index.md`; a bare name
        anywhere in the content folder."""
        content, known = self.content_root()
        path = unquote(target.split("#", 1)[0].split("?", 1)[0].strip())
        if not path:
            return Resolution("found")
        bases = [content] if path.startswith("/") else [self.folder, content]
        paths: list[str] = []
        for base in dict.fromkeys(b for b in bases if b is not None):
            page = os.path.normpath(os.path.join(base, path.strip("/")))
            paths += [page] if os.path.splitext(page)[1] in (".md", ".markdown", ".html", ".htm") else [
                page + ".md", os.path.join(page, "index.md"), os.path.join(page, "_index.md"), page + ".html"]
        inside = [p for p in paths if _inside(p, self.boundary)]
        for candidate in inside:
            located = _locate(candidate, self.boundary)
            if located is not None and located[0] and located[1] and os.path.isfile(located[0]):
                return Resolution("found", found=located[0])
        if "/" not in path.strip("/") and content is not None and path.strip("/") in _page_names(content):
            return Resolution("found")
        uncertain = None if known else ("no Hugo configuration was found above the article, so its content folder "
                                        "is a guess")
        return Resolution("missing", [self.show(p) for p in inside], uncertain=uncertain)

    def resolve(self, ref: Reference, alternatives: tuple[str, ...] = (), want_file: bool = True) -> Resolution:
        """Look for the referenced file; `alternatives` are extra suffix rewrites to try.

        An alternative is (old suffix -> new suffix) given as "old>new", e.g. ".html>.md" for a
        site generator that renders `page.md` as `page.html`.
        """
        first = self.candidates(ref)
        paths = list(first)
        for rewrite in alternatives:
            old, new = rewrite.split(">", 1)
            paths += [p[: -len(old)] + new for p in first if p.endswith(old)]
        # Root-relative references are site paths: they may use the whole project root.
        boundary = self.root if ref.root_relative else self.boundary
        inside = [p for p in paths if _inside(p, boundary)]
        if not inside:
            return Resolution("outside", [self.show(p) for p in paths])
        case_hit: str | None = None
        folder_hit = False
        for path in inside:
            located = _locate(path, boundary)
            if located is None:
                continue
            actual, exact = located
            if actual == "":
                return Resolution("outside", [self.show(p) for p in inside])
            if want_file and os.path.isdir(actual):
                folder_hit = True
                continue
            if exact:
                return Resolution("found", found=actual)
            case_hit = case_hit or self.show(actual)
        tried = [self.show(p) for p in inside]
        if case_hit:
            return Resolution("case", tried, case_hit)
        if folder_hit:
            return Resolution("folder", tried)
        return Resolution("missing", tried, uncertain=self.uncertainty(ref))


def _page_names(content: str) -> frozenset[str]:
    """Names by which Hugo finds a page of the content folder from its base name alone."""
    return _page_names_at(content, _names_stamp(content))


def _names_stamp(folder: str) -> int:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=16)
def _page_names_at(content: str, stamp: int) -> frozenset[str]:
    names: set[str] = set()
    for folder, subfolders, files in os.walk(content):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in files:
            stem, ext = os.path.splitext(name)
            if ext in (".md", ".markdown", ".html"):
                names.update((name, stem) if stem not in ("index", "_index") else (os.path.basename(folder),))
    return frozenset(names)


@lru_cache(maxsize=64)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


def _locate(path: str, boundary: str) -> tuple[str, bool] | None:
    """Walk from the boundary to `path` by exact, then case-insensitive, name.

    Returns (path on disk, exact case?), None when missing, or ("", False) when a symbolic link
    on the way leads outside the boundary. Each step is checked before the next folder is
    listed, so nothing outside the boundary is ever read.
    """
    if path == boundary:
        return path, True
    parts = path[len(boundary):].strip(os.sep).split(os.sep)
    current, exact = boundary, True
    for part in parts:
        names = _names(current)
        if names is None:
            return None
        if part not in names:
            folded = sorted(n for n in names if n.casefold() == part.casefold())
            if not folded:
                return None
            part, exact = folded[0], False
        current = os.path.join(current, part)
        if os.path.islink(current) and not _inside(os.path.realpath(current), _real(boundary)):
            return "", False
    return current, exact
