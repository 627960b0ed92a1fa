"""Compact tables derived once from installed data packages, kept on disk between runs.

Loading some word lists in full costs seconds at every start (the CMU pronouncing dictionary,
wordfreq's lists for seven languages) while the rules need a small part of each: syllable counts,
frequencies of plain words. Such a part is built once from the installed package, written with
`marshal` (plain dicts, sets and strings: no code is ever loaded), and read back in milliseconds.

A table's file name carries a key made of the data files it was built from (path, size, time),
this module's format and the Python version, so a package upgrade builds a new table and a
stale one is never read. The folder is `$CONTENTQA_CACHE_DIR/tables`, else the user's cache
folder (`$XDG_CACHE_HOME/contentqa/tables`, `~/.cache/contentqa/tables`): the tables depend on
the installed packages only, so all projects share them. A table that cannot be read or written
is built in memory instead: only speed is lost.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterable
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")
V = TypeVar("V")
FORMAT = 1  # bump when a builder changes what it writes


def folder() -> Path:
    override = os.environ.get("CONTENTQA_CACHE_DIR")
    if override:
        return Path(override) / "tables"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "contentqa" / "tables"


def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def key(name: str, sources: Iterable[Path]) -> str:
    """What a table depends on: its sources as installed, its builder, the marshal format."""
    parts: list[object] = [name, FORMAT, sys.version_info[:2], marshal.version]
    for path in sources:
        try:
            st = path.stat()
            parts.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            parts.append((str(path), -1, -1))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def load(name: str, sources: Iterable[Path], build: Callable[[], T], kind: type = dict) -> T:
    """The table `name`, read from the table folder, or built (and written there) when absent.

    `kind` is the type the table must have; a file that does not hold one (corrupt, truncated,
    written by something else) is ignored and replaced.
    """
    table_key = key(name, sources)
    path = folder() / f"{name}-{table_key}.marshal"
    try:
        stored: Any = marshal.loads(path.read_bytes())
        if isinstance(stored, tuple) and len(stored) == 3 and stored[:2] == (name, table_key) \
                and isinstance(stored[2], kind):
            _used(path)
            return cast(T, stored[2])
    except (OSError, EOFError, ValueError, TypeError):
        pass  # absent, unreadable or corrupt: build it again
    table = build()
    _write(path, marshal.dumps((name, table_key, cast(Any, table))))
    from .cache import prune

    prune(folder().parent)  # a new table (a package upgrade): the old ones are no longer read
    return table


def _used(path: Path) -> None:
    from .cache import touch

    touch(path)  # for the cache's least-recently-used pruning


def known(fact: str) -> bool:
    """Whether `fact` (a digest naming something computed once, e.g. a rule pack found valid) was
    recorded in the table folder."""
    return (folder() / "facts" / fact).exists()


def record(fact: str) -> None:
    _write(folder() / "facts" / fact, b"")


def _write(path: Path, data: bytes) -> None:
    """Write atomically (a concurrent run reads the old file or the new one, never half of one)."""
    handle = None
    try:
        from .cache import prepare

        prepare(folder().parent)  # marks the folder as contentqa's (`contentqa clean`, .gitignore)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".tmp-", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        if handle is not None:
            try:
                os.unlink(handle.name)
            except OSError:
                pass


class WordTable(Generic[V]):
    """A word -> value mapping that loads fast: the words asked about most in a dict, the long
    tail as one sorted bytes object searched by bisection, which costs no Python object per
    word until asked for. Values of tail words are codes into a short tuple of distinct values.
    """

    def __init__(self, data: tuple[Any, ...]) -> None:
        self.hot: dict[str, V] = data[0]
        self._blob: bytes = data[1]
        self._offsets = array("I")
        self._offsets.frombytes(data[2])
        self._codes = array("I")
        self._codes.frombytes(data[3])
        self._values: tuple[V, ...] = data[4]
        self._size = len(self._offsets) - 1

    @staticmethod
    def pack(hot: dict[str, V], tail: dict[str, V]) -> tuple[Any, ...]:
        """The plain data (`marshal` can write it) of a table; words in `hot` win over `tail`."""
        words = sorted((w.encode("utf-8", "surrogatepass"), v) for w, v in tail.items() if w not in hot)
        values = sorted(set(v for _, v in words), key=repr)
        code = {v: i for i, v in enumerate(values)}
        offsets, position = array("I", [0]), 0
        for w, _ in words:
            position += len(w)
            offsets.append(position)
        codes = array("I", [code[v] for _, v in words])
        return dict(hot), b"".join(w for w, _ in words), offsets.tobytes(), codes.tobytes(), tuple(values)

    def _find(self, word: str) -> int:
        target = word.encode("utf-8", "surrogatepass")
        blob, offsets = self._blob, self._offsets
        lo, hi = 0, self._size
        while lo < hi:
            mid = (lo + hi) // 2
            if blob[offsets[mid]:offsets[mid + 1]] < target:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < self._size and blob[offsets[lo]:offsets[lo + 1]] == target else -1

    def get(self, word: str, default: V) -> V:
        value = self.hot.get(word)
        if value is not None:
            return value
        i = self._find(word)
        return default if i < 0 else self._values[self._codes[i]]

    def __contains__(self, word: str) -> bool:
        return word in self.hot or self._find(word) >= 0

    def __len__(self) -> int:
        return len(self.hot) + self._size
