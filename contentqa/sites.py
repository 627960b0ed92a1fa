"""Which static-site generator builds an article, and where its root-relative paths are served from.

A repository may hold several sites (a Hugo blog beside Jekyll docs), and a site is often checked
from a folder above its own root. `/img/x.png` in an article means a file under the static folder
of the site the article belongs to, so the site is found by walking up from the article's folder
to the project root and stopping at the first generator configuration:

| configuration                                             | generator  | `/x` is served from            |
|-----------------------------------------------------------|------------|--------------------------------|
| `hugo.toml`/`.yaml`/`.yml`/`.json`, `config/_default/`,   | hugo       | `staticDir` (`static/`), the   |
| or `config.toml`/`.yaml`/`.yml` with Hugo keys (`baseURL`)|            | themes' `static/`, `assets/`,  |
|                                                           |            | module mounts to static/assets |
| `config.toml` with Zola keys (`base_url`)                 | zola       | `static/`                      |
| `_config.yml` / `_config.yaml` / `_config.toml`           | jekyll     | the site root (`source:`)      |
| `docusaurus.config.js`/`.ts`/`.mjs`/`.cjs`                | docusaurus | `static/`                      |
| `.eleventy.js`, `eleventy.config.js`/`.cjs`/`.mjs`/`.ts`  | eleventy   | the input folder, and the root |
| `astro.config.*`                                          | astro      | `public/`                      |
| `next.config.*`                                           | next       | `public/`                      |
| `gatsby-config.*`                                         | gatsby     | `static/`                      |
| `mkdocs.yml` / `mkdocs.yaml`                              | mkdocs     | `docs_dir` (`docs/`)           |

Configurations written in JavaScript are not run: Eleventy's input folder (`dir: {input: "src"}`)
and the base paths of Docusaurus (`baseUrl`), Astro (`base`) and Next (`basePath`) are read only
when they are string literals; passthrough copies are assumed to keep their paths relative to the
input folder (Eleventy's default). The path part of a site's base URL (`baseURL =
"https://example.org/blog/"` in Hugo, `baseurl: /blog` in Jekyll) may prefix root-relative
references, and is stripped from them.

Detection is cached per folder, keyed by the folder's and the configuration's modification
times, so a long-running process sees a configuration that was added or edited.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

import tomllib
import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Keys only Hugo's site configuration has (compared in lower case: Hugo's keys are case-insensitive).
_HUGO_KEYS = {"baseurl", "languagecode", "defaultcontentlanguage", "theme", "contentdir", "staticdir",
              "publishdir", "markup", "module", "enablerobotstxt", "disablekinds", "outputs", "enableemoji",
              "summarylength", "paginate", "pagination", "permalinks", "taxonomies", "menu", "menus"}
_ZOLA_KEYS = {"base_url", "compile_sass", "build_search_index", "generate_feeds", "generate_feed"}
_JS_CONFIG = ("js", "ts", "mjs", "cjs", "mts", "cts")
# Liquid ({{ page.title }}, {% include %}) is expanded by these generators before the page is shown.
LIQUID_GENERATORS = ("jekyll", "eleventy")


@dataclass(frozen=True)
class Site:
    """A site generator's root, and the folders its root-relative URLs are served from."""

    generator: str
    root: str  # absolute folder holding the configuration
    config_file: str  # absolute path of the configuration that identified it
    static_dirs: tuple[str, ...]  # absolute folders, in the generator's order
    base_path: str = ""  # "/blog" when the site is served under a sub-path; "" at the domain root
    # Hugo's content folders (one per language when languages set their own contentDir), where
    # `{{< ref >}}` looks pages up.
    content_dirs: tuple[str, ...] = ()
    # Themes and modules whose files are served too but are not in the checkout (Hugo modules
    # live in Go's module cache; a theme may be a submodule that was not cloned).
    elsewhere: tuple[str, ...] = ()

    @property
    def liquid(self) -> bool:
        """Whether the generator expands Liquid-style `{{ ... }}` and `{% ... %}` in content."""
        return self.generator in LIQUID_GENERATORS

    def strip_base(self, path: str) -> str | None:
        """`path` without the site's base path, or None when it does not start with it."""
        if self.base_path and (path == self.base_path or path.startswith(self.base_path + "/")):
            return path[len(self.base_path):] or "/"
        return None


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def site_for(article: str, boundary: str) -> Site | None:
    """The site whose configuration is nearest above the article, not looking above `boundary`.

    None when no folder from the article's up to the boundary holds a generator configuration.
    """
    folder = os.path.dirname(os.path.abspath(article))
    boundary = os.path.abspath(boundary)
    if not _inside(folder, boundary):
        boundary = folder  # an article outside the project: only its own folder is looked at
    while True:
        site = _site_in(folder)
        if site is not None:
            return site
        if folder == boundary:
            return None
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _stamp(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _site_in(folder: str) -> Site | None:
    stamp = _stamp(folder)
    if stamp is None:
        return None
    names = _listing(folder, stamp)
    for name in _candidates(names, folder):
        path = os.path.join(folder, name)
        file_stamp = _stamp(path)
        # A configuration that is a link to elsewhere is not read: nothing outside the tree is.
        if file_stamp is None or os.path.islink(path) and not _inside(os.path.realpath(path), os.path.realpath(folder)):
            continue
        site = _read_site(path, file_stamp)
        if site is not None:
            return site
    return None


@lru_cache(maxsize=4096)
def _listing(folder: str, stamp: int) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def _candidates(names: frozenset[str], folder: str) -> list[str]:
    """Configuration files of the folder, most specific first."""
    wanted = [f"hugo.{e}" for e in ("toml", "yaml", "yml", "json")]
    wanted += ["_config.yml", "_config.yaml", "_config.toml"]
    wanted += [f"docusaurus.config.{e}" for e in _JS_CONFIG]
    wanted += [".eleventy.js", ".eleventy.cjs"] + [f"eleventy.config.{e}" for e in _JS_CONFIG]
    wanted += [f"astro.config.{e}" for e in _JS_CONFIG] + [f"next.config.{e}" for e in _JS_CONFIG]
    wanted += [f"gatsby-config.{e}" for e in _JS_CONFIG] + ["mkdocs.yml", "mkdocs.yaml"]
    wanted += [f"config.{e}" for e in ("toml", "yaml", "yml", "json")]
    found = [name for name in wanted if name in names]
    if "config" in names:  # Hugo's configuration folder: config/_default/hugo.toml
        for name in ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"):
            if os.path.isfile(os.path.join(folder, "config", "_default", name)):
                found.append(os.path.join("config", "_default", name))
                break
    return found


def _load(path: str) -> dict[str, Any] | None:
    """A TOML, YAML or JSON configuration as a mapping, or None when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read(1_000_000)
        if path.endswith(".toml"):
            data = tomllib.loads(text)
        elif path.endswith(".json"):
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def _read_js(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(200_000)
    except OSError:
        return ""


def _js_string(text: str, key: str) -> str | None:
    """The string literal given to `key:` in a JavaScript configuration, if written literally."""
    m = re.search(r"\b" + re.escape(key) + r"\s*:\s*([\"'`])([^\"'`\n]*)\1", text)
    return m.group(2) if m else None


def _url_path(value: object) -> str:
    """The path part of a base URL without its trailing slash: "https://x.org/blog/" -> "/blog"."""
    if not isinstance(value, str) or not value.strip():
        return ""
    path = urlparse(value.strip()).path if "//" in value else value.strip()
    path = "/" + path.strip("/")
    return "" if path == "/" else path


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


@lru_cache(maxsize=1024)
def _read_site(path: str, stamp: int) -> Site | None:
    name = os.path.basename(path)
    folder = os.path.dirname(path)
    if os.path.basename(os.path.dirname(folder)) == "config" and os.path.basename(folder) == "_default":
        return _hugo(os.path.dirname(os.path.dirname(folder)), path, _load(path) or {})
    stem = name.lstrip(".").split(".", 1)[0]
    if stem == "hugo":
        return _hugo(folder, path, _load(path) or {})
    if stem == "config":
        data = _load(path)
        if data is None:
            return None
        keys = {str(k).lower() for k in data}
        # One shared key ("theme", "menu") is common in other tools' config.yaml: ask for two, or baseURL.
        if ("baseurl" in keys or len(keys & _HUGO_KEYS) >= 2) and "base_url" not in keys:
            return _hugo(folder, path, data)
        if keys & _ZOLA_KEYS:
            return Site("zola", folder, path, (os.path.join(folder, "static"),), _url_path(data.get("base_url")))
        return None
    if stem == "_config":
        data = _load(path) or {}
        source = data.get("source")
        site_root = os.path.normpath(os.path.join(folder, source)) if isinstance(source, str) else folder
        return Site("jekyll", folder, path, (site_root,), _url_path(data.get("baseurl")))
    if stem == "mkdocs":
        # mkdocs.yml may use !!python tags that a safe loader refuses; docs_dir is a plain line.
        m = re.search(r"(?m)^docs_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*$", _read_js(path))
        return Site("mkdocs", folder, path, (os.path.join(folder, m.group(1) if m else "docs"),))
    text = _read_js(path)
    if stem == "docusaurus":
        return Site("docusaurus", folder, path, (os.path.join(folder, "static"),), _url_path(_js_string(text, "baseUrl")))
    if stem == "eleventy":
        source = _js_string(text, "input")
        input_dir = os.path.normpath(os.path.join(folder, source)) if source else folder
        return Site("eleventy", folder, path, tuple(dict.fromkeys((input_dir, folder))))
    if stem == "astro":
        return Site("astro", folder, path, (os.path.join(folder, "public"),), _url_path(_js_string(text, "base")))
    if stem == "next":
        return Site("next", folder, path, (os.path.join(folder, "public"),), _url_path(_js_string(text, "basePath")))
    if stem == "gatsby-config":
        return Site("gatsby", folder, path, (os.path.join(folder, "static"),), _url_path(_js_string(text, "pathPrefix")))
    return None


def _hugo(folder: str, path: str, data: dict[str, Any]) -> Site:
    lowered = {str(k).lower(): v for k, v in data.items()}
    dirs = _strings(lowered.get("staticdir")) or ["static"]
    dirs.append(lowered["assetdir"] if isinstance(lowered.get("assetdir"), str) else "assets")
    module = lowered.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    for mount in mounts if isinstance(mounts, list) else []:
        if isinstance(mount, dict) and str(mount.get("target", "")).split("/")[0] in ("static", "assets"):
            source = mount.get("source")
            if isinstance(source, str):
                dirs.append(source)
    themes_dir = lowered["themesdir"] if isinstance(lowered.get("themesdir"), str) else "themes"
    elsewhere: list[str] = []
    for theme in _strings(lowered.get("theme")):
        dirs += [os.path.join(themes_dir, theme, "static"), os.path.join(themes_dir, theme, "assets")]
        if not os.path.isdir(os.path.join(folder, themes_dir, theme)):
            elsewhere.append(theme)
    imports = module.get("imports") if isinstance(module, dict) else None
    for entry in imports if isinstance(imports, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            elsewhere.append(entry["path"])
    static = tuple(dict.fromkeys(os.path.normpath(os.path.join(folder, d)) for d in dirs))
    contents = [lowered["contentdir"] if isinstance(lowered.get("contentdir"), str) else "content"]
    languages = lowered.get("languages")
    for language in languages.values() if isinstance(languages, dict) else []:
        if isinstance(language, dict):
            contents += [v for k, v in language.items() if str(k).lower() == "contentdir" and isinstance(v, str)]
    content_dirs = tuple(dict.fromkeys(os.path.normpath(os.path.join(folder, c)) for c in contents))
    return Site("hugo", folder, path, static, _url_path(lowered.get("baseurl")), content_dirs, tuple(elsewhere))
