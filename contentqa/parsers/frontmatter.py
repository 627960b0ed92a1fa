"""Front matter: a YAML (`---`) or TOML (`+++`) block at the top of a Markdown file."""

from __future__ import annotations

import re
from typing import Any

import tomllib
import yaml

from ..document import Metadata

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
