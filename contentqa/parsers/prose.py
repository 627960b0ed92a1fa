"""What inside visible text is not prose: URLs, e-mail addresses, file names of images."""

from __future__ import annotations

import re

IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp", "svg", "avif", "bmp", "tif", "tiff", "heic", "ico")

URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
IMAGE_FILENAME = re.compile(
    r"(?<![\w/.@-])[\w][\w.~%()+@-]*\.(?:" + "|".join(IMAGE_EXTENSIONS) + r")\b(?![\w/-])",
    re.IGNORECASE,
)


def non_prose_ranges(text: str) -> list[tuple[int, int]]:
    """Ranges of `text` that readers do not read as words."""
    ranges = [m.span() for pattern in (URL, EMAIL, IMAGE_FILENAME) for m in pattern.finditer(text)]
    return sorted(ranges)
