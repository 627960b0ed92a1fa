"""YAML rule packs: loading with line numbers and validation against a JSON Schema.

Packs are written by editors, so an error must say which file, which line and what is wrong.
PyYAML's composer keeps a mark for every node; we keep the line of each path while building
plain Python data, and report jsonschema's first error at the line of the offending node.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from . import tables

Lines = dict[tuple[object, ...], int]

# libyaml's parser when PyYAML was built with it: several times faster, and packs load at every start.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_scalars = yaml.SafeLoader("")  # one safe constructor for all scalars


class PackError(Exception):
    """A rule pack that cannot be used: `path:line: problem`."""

    def __init__(self, path: Path | str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = str(path), line, problem


def _build(node: yaml.Node, path: tuple[object, ...], lines: Lines) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.safe_load(yaml.serialize(key_node)) if not isinstance(key_node, yaml.ScalarNode) else key_node.value
            result[key] = _build(value_node, path + (key,), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines) for i, item in enumerate(node.value)]
    # Scalars: let the safe constructor resolve ints, bools and nulls.
    return _scalars.construct_object(node, deep=True)  # type: ignore[no-untyped-call]


def load_yaml_with_lines(path: Path) -> tuple[Any, Lines]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(path, 1, f"cannot read rule pack: {exc}") from exc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise PackError(path, line, f"not valid YAML: {getattr(exc, 'problem', None) or exc}") from exc
    if node is None:
        raise PackError(path, 1, "the rule pack is empty")
    lines: Lines = {}
    return _build(node, (), lines), lines


def validate(data: Any, schema: dict[str, Any], lines: Lines, path: Path) -> None:
    import jsonschema  # heavy (about 0.2 s): imported when a pack is loaded, not at start-up

    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        return
    error = errors[0]
    where = tuple(error.absolute_path)
    while where not in lines and where:
        where = where[:-1]
    location = ".".join(str(p) for p in error.absolute_path) or "top level"
    raise PackError(path, lines.get(where, 1), f"{location}: {error.message}")


def load_pack(path: Path, schema: dict[str, Any]) -> tuple[Any, Lines]:
    data, lines = load_yaml_with_lines(path)
    # Validation depends only on the data and the schema; a pack found valid before is not
    # validated again (importing jsonschema and validating cost about 0.2 s at every start).
    fact = _validity_fact(data, schema)
    if fact is None or not tables.known(fact):
        validate(data, schema, lines, path)
        if fact is not None:
            tables.record(fact)
    return data, lines


def _validity_fact(data: Any, schema: dict[str, Any]) -> str | None:
    try:
        blob = json.dumps(["valid pack", data, schema], sort_keys=True)
    except (TypeError, ValueError):  # YAML values JSON cannot hold (dates): validate every time
        return None
    return "pack-" + hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:32]
