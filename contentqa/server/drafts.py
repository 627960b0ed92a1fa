"""Checking a draft sent to the HTTP service: validation, and a check that reads no files.

A request says everything the check may know. Images and links resolve only against the
paths the request declares (`images`, `links`), never against this machine's disk; a request's
`config` may not name files (vocabulary files, packs, NLP models) or turn on fetching. The check
itself (`check_draft`) runs in a worker process of the service.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from ..checks.images import MissingImageFile, _media_source
from ..checks.links import _FILE_SUFFIX, MissingLinkTarget, href_span
from ..config import Config, ConfigError, from_mapping
from ..context import Context
from ..document import Document
from ..engine import FileResult, RuleCrash, check_document, selected_rules
from ..files import detect_format
from ..parsers import parse
from ..parsers.frontmatter import FrontMatterError, split_front_matter
from ..paths import local_reference
from ..rule import Finding, Rule

FORMATS = {"md": "markdown", "markdown": "markdown", "html": "html", "htm": "html", "txt": "text", "text": "text"}
EXTENSIONS = {"markdown": "md", "html": "html", "text": "txt"}
# Keys of the project configuration a request may set: none of them reads a file or the network.
REQUEST_CONFIG_KEYS = frozenset({"select", "ignore", "severity", "per-path-ignores", "fail-on", "vocabulary",
                                 "audience", "rules"})
METADATA_KEYS = ("title", "description", "keyphrase", "slug", "audience", "keywords", "products")
MAX_DECLARED = 2000  # images or links a request may declare
MAX_HTML_DEPTH = 512


class DraftError(ValueError):
    """A request that cannot be checked as sent: the client's mistake (HTTP 422)."""


@dataclass(frozen=True)
class Draft:
    content: str
    format: str
    path: str
    metadata: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    images: tuple[str, ...] | None = None  # None: not declared, so not checked
    links: tuple[str, ...] | None = None
    explain: bool = False


def _strings(value: Any, name: str, limit: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DraftError(f"'{name}' must be a list of strings")
    if len(value) > limit:
        raise DraftError(f"'{name}' lists {len(value)} entries; at most {limit} are accepted")
    return tuple(value)


def read_draft(data: Any) -> Draft:
    """The draft a request's JSON body describes; DraftError says what is wrong with it."""
    if not isinstance(data, dict):
        raise DraftError("the body must be a JSON object with at least 'content'")
    known = {"content", "format", "path", "metadata", "config", "images", "links", "explain"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise DraftError(f"unknown field '{unknown[0]}' (known: {', '.join(sorted(known))})")
    content = data.get("content")
    if not isinstance(content, str):
        raise DraftError("'content' (the article's text) is required and must be a string")
    if "\x00" in content:
        raise DraftError("'content' holds NUL characters: binary data, not an article")
    path = data.get("path")
    if path is not None:
        path = _draft_path(path)
    fmt = data.get("format")
    if fmt is not None:
        if not isinstance(fmt, str) or fmt.lower() not in FORMATS:
            raise DraftError(f"'format' must be one of {', '.join(sorted(FORMATS))}")
        fmt = FORMATS[fmt.lower()]
    else:
        fmt = detect_format(path or "", content)
    path = path or f"draft.{EXTENSIONS[fmt]}"
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise DraftError("'metadata' must be an object")
    for key, value in metadata.items():
        if key not in METADATA_KEYS:
            raise DraftError(f"unknown metadata '{key}' (known: {', '.join(METADATA_KEYS)})")
        if key in ("keywords", "products"):
            _strings(value, f"metadata.{key}", 100)
        elif not isinstance(value, str):
            raise DraftError(f"'metadata.{key}' must be a string")
    config = data.get("config") or {}
    if not isinstance(config, dict):
        raise DraftError("'config' must be an object with the keys of .contentqa.toml")
    for key in config:
        if key not in REQUEST_CONFIG_KEYS:
            raise DraftError(f"config key '{key}' is not accepted in a request (accepted: "
                             f"{', '.join(sorted(REQUEST_CONFIG_KEYS))}); set it in the service's --config")
    images = _strings(data["images"], "images", MAX_DECLARED) if data.get("images") is not None else None
    links = _strings(data["links"], "links", MAX_DECLARED) if data.get("links") is not None else None
    explain = data.get("explain", False)
    if not isinstance(explain, bool):
        raise DraftError("'explain' must be true or false")
    return Draft(content, fmt, path, metadata, config, images, links, explain)


def _draft_path(value: Any) -> str:
    """The draft's path in the site: relative, with no way out of it (it is never opened)."""
    if not isinstance(value, str) or not value.strip() or len(value) > 512:
        raise DraftError("'path' must be a non-empty string of at most 512 characters")
    if "\x00" in value or "\\" in value:
        raise DraftError("'path' must be a relative path with forward slashes")
    parts = value.strip().lstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise DraftError("'path' must not hold empty, '.' or '..' parts")
    return "/".join(parts)


@dataclass(frozen=True)
class Base:
    """The service's own configuration: what every request starts from."""

    mapping: dict[str, Any] = field(default_factory=dict)
    config: Config = field(default_factory=Config)


def request_config(base: Base, draft: Draft) -> Config:
    if not draft.config:
        config = _copy(base.config)
    else:
        mapping = {k: v for k, v in base.mapping.items() if k not in ("vocabulary-file", "packs")}
        mapping.update(draft.config)
        try:
            config = from_mapping(mapping, None)
        except (ConfigError, TypeError, ValueError, AttributeError) as exc:
            raise DraftError(f"config: {exc}") from exc
        # What the service's own configuration loaded from files stays; a request cannot name files.
        config.vocabulary |= base.config.vocabulary
        config.packs, config.nlp_model = list(base.config.packs), base.config.nlp_model
        config.root = base.config.root
    config.online = False
    config.rules.setdefault("LNK002", {})["other-files"] = False  # other drafts' anchors are unknown here
    return config


def _copy(config: Config) -> Config:
    from dataclasses import replace

    return replace(config, rules={k: dict(v) for k, v in config.rules.items()})


# --- images and links, against what the request declares -----------------------------------

def site_path(reference: str, draft_path: str) -> str | None:
    """Where a local reference leads in the site, as a root-relative path; None when not local."""
    ref = local_reference(reference)
    if ref is None or not ref.path:
        return None
    if ref.root_relative:
        return posixpath.normpath(ref.path)
    return posixpath.normpath(posixpath.join("/", posixpath.dirname(draft_path), ref.path))


class _Declared:
    """The files a request declares: paths from the site's root, with or without the leading '/'."""

    def __init__(self, entries: tuple[str, ...]) -> None:
        self.exact = {p for p in (site_path("/" + e.lstrip("/"), "") for e in entries) if p}
        self.folded = {p.casefold(): p for p in self.exact}

    def message(self, what: str, raw: str, path: str, field_name: str) -> str | None:
        if path in self.exact:
            return None
        actual = self.folded.get(path.casefold())
        if actual is not None:
            return (f"{what} '{raw}' differs in letter case from '{actual}' as declared: it works on macOS and "
                    f"Windows but breaks on Linux servers")
        return f"{what} '{raw}' is not among the files the request declares ('{field_name}'): {path}"


class DeclaredImageFile(MissingImageFile):
    __doc__ = MissingImageFile.__doc__

    def __init__(self, declared: tuple[str, ...]) -> None:
        self.declared = declared

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        known = _Declared(self.declared)
        seen: set[tuple[int, int]] = set()
        for image in doc.images:
            path = site_path(image.src or "", doc.path)
            if path is None or (image.start, image.end) in seen or _media_source(doc, image):
                continue
            seen.add((image.start, image.end))
            message = known.message("Image file", image.src or "", path, "images")
            if message:
                yield self.finding(image.start, image.end, message)


class DeclaredLinkTarget(MissingLinkTarget):
    __doc__ = MissingLinkTarget.__doc__

    def __init__(self, declared: tuple[str, ...]) -> None:
        self.declared = declared

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        known = _Declared(self.declared)
        for link in doc.links:
            ref = local_reference(link.href)
            path = site_path(link.href or "", doc.path)
            if ref is None or path is None or not _FILE_SUFFIX.search(ref.path.rsplit("/", 1)[-1]):
                continue
            if path.endswith((".html", ".htm")) and any(path.rsplit(".", 1)[0] + ext in known.exact
                                                        for ext in (".md", ".markdown")):
                continue  # a site generator renders page.md as page.html
            message = known.message("Link target", ref.path, path, "links")
            if message:
                start, end = href_span(doc, link)
                yield self.finding(start, end, message)


def request_rules(config: Config, draft: Draft) -> list[Rule]:
    rules: list[Rule] = []
    for rule in selected_rules(config):
        if rule.code == "IMG002":
            if draft.images is not None:
                rules.append(DeclaredImageFile(draft.images))
        elif rule.code == "LNK001":
            if draft.links is not None:
                rules.append(DeclaredLinkTarget(draft.links))
        else:
            rules.append(rule)
    return rules


# --- the check -------------------------------------------------------------------------------

def _refuse_yaml_aliases(content: str) -> None:
    """YAML anchors and aliases have no use in front matter and are how a 'billion laughs' grows."""
    try:
        block = split_front_matter(content)
    except FrontMatterError as exc:
        raise DraftError(str(exc)) from exc
    if block is None or block[3] != "---":
        return
    try:
        for event in yaml.parse(block[2], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent):
                raise DraftError("front matter uses YAML aliases (*name), which the service does not accept")
    except yaml.YAMLError as exc:
        raise DraftError(f"front matter is not valid YAML: {str(exc).splitlines()[0]}") from exc


# Elements that need no end tag, or whose end tag HTML lets the next sibling imply.
_UNNESTED = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                       "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
                       "optgroup", "colgroup", "rb", "rt", "rp"})


class _Depth(HTMLParser):
    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.limit, self.depth = limit, 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in _UNNESTED:
            self.depth += 1
            if self.depth > self.limit:
                raise DraftError(f"the HTML is nested more than {self.limit} elements deep; the service checks "
                                 f"drafts up to that depth (browsers stop at 512 too)")

    def handle_endtag(self, tag: str) -> None:
        if tag not in _UNNESTED and self.depth:
            self.depth -= 1


def _refuse_deep_html(content: str, limit: int = MAX_HTML_DEPTH) -> None:
    """Markup nested thousands deep is an attack, not an article: refused before it is parsed."""
    if "<" in content:
        parser = _Depth(limit)
        parser.feed(content)
        parser.close()


def _with_metadata(doc: Document, metadata: dict[str, Any]) -> None:
    """The CMS's fields (title, description, ...) win over what the content's own head says."""
    for key, value in metadata.items():
        setattr(doc.meta, key, list(value) if isinstance(value, list) else value)
        doc.meta.spans.pop(key, None)


def check_draft(draft: Draft, base: Base) -> FileResult:
    """Check one draft. DraftError: the request's fault; RuleCrash: a bug (the service answers 500)."""
    _refuse_yaml_aliases(draft.content)
    _refuse_deep_html(draft.content)
    config = request_config(base, draft)
    rules = request_rules(config, draft)
    try:
        doc = parse(draft.path, draft.content, draft.format)
    except FrontMatterError as exc:
        raise DraftError(str(exc).splitlines()[0]) from exc
    except RecursionError as exc:
        raise DraftError("nesting too deep to check") from exc
    except Exception as exc:
        raise RuleCrash(f"internal error while parsing ({type(exc).__name__}: {exc})") from exc
    _with_metadata(doc, draft.metadata)
    try:
        result = check_document(doc, config, rules)
    except RecursionError as exc:
        raise DraftError("nesting too deep to check") from exc
    if not draft.explain:
        for finding in result.findings:
            finding.extra.pop("explain", None)
    return result


def report_draft(draft: Draft, base: Base) -> str:
    """The pre-publish report page of one draft."""
    from ..report.html import render

    result = check_draft(draft, base)
    config = request_config(base, draft)
    return render([result], fail_on=config.fail_on, rules=request_rules(config, draft), config=config)


def load_base(path: Path | None) -> Base:
    """The service's --config, read once at start-up."""
    from ..config import load_config

    if path is None:
        return Base()
    import tomllib

    config = load_config(path)  # raises ConfigError with the file's name
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("contentqa", {})
    return Base(data, config)
