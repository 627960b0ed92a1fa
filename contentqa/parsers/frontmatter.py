"""Front matter: a YAML (`---`) or TOML (`+++`) block at the top of a Markdown file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import tomllib
import yaml

from ..document import Image, Metadata
from .prose import IMAGE_EXTENSIONS

_OPEN = re.compile(r"(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")


class FrontMatterError(ValueError):
    """Front matter that cannot be read; the message names the line."""


def split_front_matter(text: str) -> tuple[int, int, str, str] | None:
    """Find the block: (start of body, end of whole block, raw body, fence) or None.

    Raises FrontMatterError when the opening fence is never closed.
    """
    m = _OPEN.match(text)
    if not m:
        return None
    fence = m.group(1)
    # `$` would not match before "\r\n": end the fence line explicitly for CRLF and CR files.
    ends = r"[ \t]*(?=\r\n|\r|\n|\Z)"
    closing = re.compile(r"^(?:---|\.\.\.)" + ends if fence == "---" else r"^\+\+\+" + ends, re.M)
    close = closing.search(text, m.end())
    if not close:
        raise FrontMatterError(f"front matter opened with '{fence}' on line 1 is never closed")
    end = close.end()
    return m.end(), end, text[m.end() : close.start()], fence


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_front_matter(raw: str, fence: str) -> dict[str, Any]:
    if fence == "+++":
        try:
            return tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise FrontMatterError(f"front matter is not valid TOML: {exc}") from exc
    try:
        # The safe loader only: front matter comes from anyone who can open a pull request.
        # libyaml's, where PyYAML has it, as Jekyll and Hugo's YAML readers accept what it
        # accepts (a tab after a list item, say), which the pure-Python scanner refuses.
        data = yaml.load(raw, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"front matter is not valid YAML: {where}{problem}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of keys to values")
    return data


def _first(data: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []


def metadata_from(data: dict[str, Any]) -> Metadata:
    seo = data.get("seo")
    # Generators spell keys `meta-description`, `meta_description` or `Meta_Description`.
    merged = {str(k).lower().replace("-", "_"): v for k, v in {**(seo if isinstance(seo, dict) else {}), **data}.items()}
    return Metadata(
        title=_first(merged, "title", "seo_title", "meta_title"),
        description=_first(merged, "description", "meta_description", "summary", "excerpt"),
        keyphrase=_first(merged, "keyphrase", "focus_keyphrase", "focus_keyword", "keyword"),
        keywords=_strings(merged.get("keywords")),
        slug=_first(merged, "slug"),
        audience=_first(merged, "audience"),
        products=_strings(merged.get("products")) + _strings(merged.get("product")),
        raw=data,
    )


# Front matter keys that name the article's image (Hugo, Jekyll, Docusaurus, Eleventy, themes),
# compared in lower case with '-' as '_'. A value is a path, a list of paths, or a mapping that
# holds the path under one of _PATH_KEYS (`cover: {image: x.png}`, `image: {path: x.png}`).
IMAGE_KEYS = {"image", "images", "thumbnail", "thumbnails", "featured_image", "featuredimage", "feature_image",
              "featureimage", "cover", "cover_image", "coverimage", "og_image", "ogimage", "twitter_image",
              "social_image", "share_image", "hero", "hero_image", "heroimage", "banner", "banner_image",
              "header_image", "teaser", "overlay_image"}
# Keys whose mapping holds image keys: `header: {image: ..., teaser: ...}`, `seo: {og_image: ...}`.
_CONTAINER_KEYS = {"header", "seo", "og", "opengraph", "params", "social", "meta"}
_PATH_KEYS = {"image", "src", "url", "path", "file"}
# Keys that mean nothing but an image, so an empty value is a mistake; `hero:` or `cover:` may
# hold text or a flag in some themes.
_ONLY_IMAGE = {"image", "images", "thumbnail", "featured_image", "featuredimage", "feature_image", "featureimage",
               "cover_image", "coverimage", "og_image", "ogimage", "twitter_image", "social_image", "share_image",
               "hero_image", "heroimage", "banner_image", "header_image"}
_PATH_LIKE = re.compile(r"^(?:[./~]|[^\s]*/)|\.(?:" + "|".join(IMAGE_EXTENSIONS) + r")(?:[?#]\S*)?$", re.I)

KeyPath = tuple[str | int, ...]


def _key(name: object) -> str:
    return str(name).lower().replace("-", "_")


def _path_values(path: KeyPath, value: Any, only_image: bool) -> Iterator[tuple[KeyPath, str]]:
    """(key path, value) of each image path under one image key; "" for an empty one."""
    if value is None or isinstance(value, str) and not value.strip():
        if only_image:
            yield path, ""
    elif isinstance(value, str):
        # `hero: Welcome to the clinic` or `cover: dark` is not an image: ask for a path's shape,
        # unless the key means nothing but an image.
        if _PATH_LIKE.search(value.strip()) or only_image and " " not in value.strip():
            yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, (str, dict)) and item:
                yield from _path_values((*path, i), item, only_image)
    elif isinstance(value, dict):
        for name, inner in value.items():
            if _key(name) in _PATH_KEYS and isinstance(inner, str):
                yield from _path_values((*path, name), inner, only_image)


def image_values(data: dict[str, Any]) -> list[tuple[KeyPath, str]]:
    """Every image path that front matter names, with the keys that lead to it."""
    found: list[tuple[KeyPath, str]] = []
    for name, value in data.items():
        key = _key(name)
        if key in IMAGE_KEYS:
            found += _path_values((name,), value, key in _ONLY_IMAGE)
        elif key in _CONTAINER_KEYS and isinstance(value, dict):
            for inner_name, inner in value.items():
                inner_key = _key(inner_name)
                if inner_key in IMAGE_KEYS:
                    found += _path_values((name, inner_name), inner, inner_key in _ONLY_IMAGE)
    return found


def _yaml_spans(raw: str) -> Callable[[KeyPath], tuple[int, int] | None]:
    """Finds the span of the value (or, for an empty one, the key) at a key path in YAML."""
    try:
        root = yaml.compose(raw, Loader=_SAFE_LOADER)
    except yaml.YAMLError:
        root = None

    def span(path: KeyPath) -> tuple[int, int] | None:
        node, key_node = root, None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == str(step)), None)
                if pair is None:
                    return None
                key_node, node = pair
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                key_node, node = None, node.value[step]
            else:
                return None
        if not isinstance(node, yaml.ScalarNode):
            return None
        start, end = node.start_mark.index, node.end_mark.index
        if not node.value and key_node is not None:  # `image:` or `image: ""`: point at the key
            return key_node.start_mark.index, key_node.end_mark.index
        if node.style in ("'", '"') and raw[start + 1:end - 1] == node.value:
            return start + 1, end - 1
        return start, end

    return span


def _toml_spans(raw: str, data: dict[str, Any]) -> Callable[[KeyPath], tuple[int, int] | None]:
    """Finds a value's span in TOML, which tomllib does not give: after the first key's line (or
    its `[table]` header), the first string literal equal to the value; else the key."""

    def span(path: KeyPath) -> tuple[int, int] | None:
        first = re.escape(str(path[0]))
        quoted = rf"(?:{first}|\"{first}\"|'{first}')"
        anchor = re.search(rf"(?m)^[ \t]*\[[ \t]*{quoted}[ \t]*\][ \t]*$", raw) if len(path) > 1 else None
        anchor = anchor or re.search(rf"(?m)^[ \t]*{quoted}[ \t]*=", raw)
        if anchor is None:
            return None
        value: Any = data
        for step in path:
            value = value[step]
        if isinstance(value, str) and value:
            for quote in ('"', "'"):
                at = raw.find(quote + value + quote, anchor.end())
                if at != -1:
                    return at + 1, at + 1 + len(value)
        key = re.search(r"[^\s\[\]=]+", raw[anchor.start():anchor.end()])
        return (anchor.start() + key.start(), anchor.start() + key.end()) if key else (anchor.start(), anchor.end())

    return span


def front_matter_images(raw: str, fence: str, data: dict[str, Any], offset: int) -> list[Image]:
    """The images that front matter names, each at the span of its value in the file.

    `offset` is where `raw` starts in the file. An empty value has src "" and the key's span."""
    found = image_values(data)
    if not found:
        return []
    spans = _yaml_spans(raw) if fence == "---" else _toml_spans(raw, data)
    images = []
    for path, value in found:
        start, end = spans(path) or (0, 0)
        key = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".")
        s, e = offset + start, offset + end
        attrs = {"contentqa:front-matter": key}
        # `cover: {image: x.png, alt: ...}`: the alt text beside the path, and where it stands.
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        alt = parent.get("alt") if isinstance(parent, dict) and len(path) > 1 else None
        alt_span = spans((*path[:-1], "alt")) if isinstance(alt, str) and alt.strip() else None
        if alt_span:
            attrs["contentqa:alt-span"] = f"{offset + alt_span[0]}:{offset + alt_span[1]}"
        images.append(Image(value, alt if alt_span else None, s, e, s, e, attrs))
    return images
