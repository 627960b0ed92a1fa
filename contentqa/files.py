"""Reading articles from disk: finding them, sizing them, decoding them."""

from __future__ import annotations

import codecs
import glob
import os
from collections.abc import Iterator
from pathlib import Path

from .config import Config

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".mdown": "markdown", ".html": "html", ".htm": "html", ".xhtml": "html"}


class UnreadableFile(Exception):
    """A file that cannot be checked; the message is one line without the path."""


def detect_format(path: str, text: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext in FORMATS:
        return FORMATS[ext]
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<body", "<p>", "<div", "<article")):
        return "html"
    if head.startswith(("---", "+++", "# ")):
        return "markdown"
    return "text"


def decode(data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (BOM optional) or UTF-16 with a BOM; refuse binary data.

    Returns the text and the codec that writes it back byte for byte (for `--fix`).
    """
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8):], "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"not valid UTF-16 (byte {exc.start})") from exc
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8"), encoding
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableFile(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} on line {line} (save the file as UTF-8)") from exc


def read_article(path: Path, config: Config) -> tuple[str, str]:
    try:
        size = path.stat().st_size
        if size > config.max_file_size:
            raise UnreadableFile(f"file is {size} bytes, over the limit of {config.max_file_size} (max-file-size)")
        with path.open("rb") as handle:
            data = handle.read(config.max_file_size + 1)
    except IsADirectoryError as exc:
        raise UnreadableFile("is a directory") from exc
    except PermissionError as exc:
        raise UnreadableFile("permission denied") from exc
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from exc
    if len(data) > config.max_file_size:
        raise UnreadableFile(f"file is over the limit of {config.max_file_size} bytes (max-file-size)")
    return decode(data)


def expand(arguments: list[str], config: Config) -> Iterator[tuple[str, str | None]]:
    """Yield (path, problem) for each file to check; folders recurse, globs expand."""
    for argument in arguments:
        if argument == "-":
            yield argument, None
            continue
        if not os.path.exists(argument) and glob.has_magic(argument):
            matched = sorted(glob.glob(argument, recursive=True))
            if not matched:
                yield argument, "no files match this pattern"
            for match in matched:
                if os.path.isfile(match):
                    yield match, None
            continue
        path = Path(argument)
        if path.is_dir():
            yield from _walk(path, config)
        elif path.exists():
            yield argument, None
        else:
            yield argument, "no such file or directory"


def _walk(folder: Path, config: Config) -> Iterator[tuple[str, str | None]]:
    seen: set[tuple[int, int]] = set()
    unreadable: list[OSError] = []
    ignore = None
    if config.respect_gitignore:  # files named on the command line are checked whatever .gitignore says
        from .gitignore import GitIgnore

        ignore = GitIgnore(folder)
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False, onerror=unreadable.append):
        while unreadable:  # a folder that could not be listed is reported, and the walk goes on
            error = unreadable.pop()
            yield str(error.filename or dirpath), f"cannot list folder: {error.strerror or error}"
        here = Path(dirpath)
        if ignore is not None and here != folder:
            ignore.enter(here)
        dirnames[:] = sorted(d for d in dirnames if not config.is_excluded(here / d)
                             and not (ignore is not None and ignore.ignored(here / d, is_dir=True)))
        for name in sorted(filenames):
            path = here / name
            if path.suffix.lower() not in config.extensions or config.is_excluded(path):
                continue
            if ignore is not None and ignore.ignored(path):
                continue
            try:
                st = path.stat()
            except OSError as exc:
                yield str(path), exc.strerror or "cannot be read"
                continue
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            yield str(path), None
    for error in unreadable:
        yield str(error.filename or folder), f"cannot list folder: {error.strerror or error}"
