"""Images: filenames left in the text, embedded images that are missing, empty or without alt text."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterator

from ..context import Context
from ..document import Block, Document, Image
from ..parsers.prose import IMAGE_EXTENSIONS, IMAGE_FILENAME
from ..paths import Reference, Resolution, Resolver, local_reference, templated_reference
from ..rule import Finding, Rule

# Block kinds where a filename alone on a line stands where an image should be. List items and
# table cells are left out: documentation lists files on purpose ("- logo.png: the mark").
_STANDALONE_KINDS = ("paragraph", "quote")
_CODE_TAG_BEFORE = re.compile(r"<(?:code|kbd|samp|var|tt)\b[^>]*>\s*$", re.I)

# Names that cameras, phones and CMS uploads produce; people do not type these.
_CAMERA = re.compile(r"^(?:img|dsc|dscn|dscf|pxl|mvimg|gopr|p|screenshot|screen[ _-]?shot|unnamed|image|photo|pic|wp)"
                     r"[ _-]*\d{3,}", re.I)
_HEX_RUN = re.compile(r"[0-9a-f]{12,}", re.I)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_RESIZED = re.compile(r"-\d{2,4}x\d{2,4}(?:-scaled)?$|-scaled$|_image$", re.I)
_RANDOM_RUN = re.compile(r"[A-Za-z0-9]{16,}")
# Words shortly before a filename that show the article talks about the file ("rename it to x.jpg").
_CUE = re.compile(r"\b(?:save[sd]?|saving|name[sd]?|naming|call(?:s|ed)?|upload(?:s|ed|ing)?|rename[sd]?|renaming|"
                  r"as|titled|file|files|open(?:s|ed)?|attach(?:es|ed)?|download(?:s|ed)?|export(?:s|ed)?|"
                  r"like|e\.g\.|example|choose|select)(?!\w)(?:\W+\w+){0,2}\W*$", re.I)

_QUOTES = ("'", '"', "‘", "’", "“", "”", "«", "»")

PLACEHOLDER_ALTS = {
    "image", "images", "img", "photo", "photos", "picture", "pic", "graphic", "figure", "screenshot", "screen shot",
    "alt", "alt text", "alttext", "alt tag", "placeholder", "untitled", "thumbnail", "banner", "icon", "logo image",
    "featured image", "feature image", "hero image", "header image", "insert alt text", "insert alt text here",
    "add alt text", "todo", "tbd", "null", "none", "undefined", "description", "image description",
    "image of", "photo of", "picture of", "blank", "spacer", "image alt text", "alt text here", "insert alt",
    "insert alt here", "your alt text", "your alt text here", "enter alt text", "alt text goes here", "describe image",
    "describe the image", "image here", "photo here", "add alt", "alt here", "caption", "image caption",
}
_NUMBERED_PLACEHOLDER = re.compile(r"^(?:image|img|photo|picture|pic|figure|fig|screenshot)[ _-]?\d+$", re.I)
_HAS_IMAGE_EXTENSION = re.compile(r"\.(?:" + "|".join(IMAGE_EXTENSIONS) + r")$", re.I)


def looks_generated(name: str) -> bool:
    """Whether an image filename looks machine-made (hash, upload id, camera counter)."""
    stem = name.rsplit(".", 1)[0]
    if _CAMERA.match(stem) or _UUID.search(stem) or _RESIZED.search(stem):
        return True
    if _HEX_RUN.search(stem) and re.search(r"\d", stem) and re.search(r"[a-f]", stem, re.I):
        return True
    for run in _RANDOM_RUN.findall(stem):
        # A long run mixing letters and digits, or upper and lower case inside, is an id.
        if re.search(r"\d", run) and re.search(r"[A-Za-z]", run) or re.search(r"[a-z][A-Z]", run):
            return True
    return False


def _in_link(doc: Document, start: int) -> bool:
    """Whether a source offset lies inside a link (`[photo.jpg](photo.jpg)` is a download link)."""
    return any(link.start <= start < link.end for link in doc.links)


def _in_code(doc: Document, start: int) -> bool:
    """Whether source text at `start` sits just inside inline code (`name` or <code>name)."""
    if doc.format == "markdown":
        return doc.text[start - 1:start] == "`"
    if doc.format == "html":
        return bool(_CODE_TAG_BEFORE.search(doc.text, max(0, start - 200), start))
    return False


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of a block's text, without surrounding spaces."""
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        lead = len(line) - len(line.lstrip())
        stripped = line.strip()
        if stripped:
            yield m.start() + lead, m.start() + lead + len(stripped)


# Filenames with spaces that cameras, phones and screenshot tools give: "Screenshot 2024-02-03
# at 09.15.22.png", "WhatsApp Image 2024-01-05 at 10.12.01.jpeg", "banner (1).png" (a browser's
# copy suffix). Only these shapes: a line of words ending in ".png" may be a sentence.
_SPACED_FILENAME = re.compile(
    r"(?:(?:screen ?shot|screenshot|capture|whatsapp image|signal|photo|image|img|untitled)[\w.~%()+@ -]*"
    r"|[\w][\w.~%()+@-]*(?: [\w.~%+@-]+){0,3} \(\d+\))"
    r"\.(?:" + "|".join(IMAGE_EXTENSIONS) + r")", re.IGNORECASE)


def _standalone(block: Block) -> list[tuple[int, int]]:
    """Ranges of lines of the block that hold one image filename and nothing else."""
    found = []
    for start, end in _lines(block.text):
        if IMAGE_FILENAME.fullmatch(block.text, start, end) or (
                _SPACED_FILENAME.fullmatch(block.text, start, end) and block.text.count(" ", start, end) <= 6):
            found.append((start, end))
    return found


class ImageFilenameAsText(Rule):
    """What it does:
    Reports a line that holds nothing but an image filename, such as
    `V6f6k5c2zULoS2wfiUcZ_20_bdee762d434eff612ea32990668bf417_image.jpg`. This is what a CMS
    or a copy-paste leaves behind when an embedded image is lost: the reader sees a file name
    where a picture should be.

    Why it matters:
    The picture is missing from the published page, and the name is noise to readers and to
    search engines. Filenames inside inline code (`cover.png`) are not reported.

    Example:
        Botox offers a range of therapeutic benefits.

        V6f6k5c2zULoS2wfiUcZ_20_bdee762d434eff612ea32990668bf417_image.jpg

    Use instead:
    Embed the image with alt text, e.g. `![Botox injection sites](botox-sites.jpg)` in Markdown
    or `<img src="botox-sites.jpg" alt="Botox injection sites">` in HTML, or delete the line.
    """

    code = "IMG001"
    name = "image-filename-as-text"
    category = "images"
    severity = "error"
    summary = "An image filename stands alone as text where an image should be embedded"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for block in doc.prose_blocks():
            if block.kind not in _STANDALONE_KINDS:
                continue
            for start, end in _standalone(block):
                s, e = block.source_span(start, end)
                if _in_code(doc, s) or _in_link(doc, s):
                    continue
                name = block.text[start:end]
                yield self.finding(s, e, f"Image filename '{name}' stands alone as text; the image was not "
                                         "embedded (embed it with alt text, or delete the line)")


class ImageFilenameInProse(Rule):
    """What it does:
    Reports a machine-made image filename inside a sentence: an upload id, a hash, a camera
    counter (`IMG_2041.JPG`) or a resized CMS copy (`team-1024x768.jpg`). Filenames that the
    article talks about are left alone: short human names, names in inline code, names in
    quotes, and names after words such as "save as", "name it", "upload", "rename".

    Why it matters:
    A generated filename in the middle of prose is an image that failed to embed, or a
    caption that pasted the file's name. Readers cannot use it.

    Example:
        Results vary (see 8f14e45fceea167a5a36dedd4bea2543.png) between patients.

    Use instead:
    Embed the image, or remove the filename:
        Results vary between patients.
    """

    code = "IMG006"
    name = "image-filename-in-prose"
    category = "images"
    severity = "warning"
    summary = "A machine-made image filename appears inside a sentence"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for block in doc.prose_blocks():
            standalone = set(_standalone(block)) if block.kind in _STANDALONE_KINDS else set()
            for m in IMAGE_FILENAME.finditer(block.text):
                if m.span() in standalone or not looks_generated(m.group()):
                    continue
                before = block.text[:m.start()]
                after = block.text[m.end():m.end() + 1]
                if before[-1:] in _QUOTES or after in _QUOTES:
                    continue
                if _CUE.search(before[-40:]):
                    continue
                s, e = block.source_span(*m.span())
                if _in_code(doc, s) or _in_link(doc, s):
                    continue
                yield self.finding(s, e, f"Image filename '{m.group()}' appears in the text; the image was "
                                         "probably not embedded")


def _src_attr_span(doc: Document, image: Image, name: str = "src") -> tuple[int, int]:
    """Span of `src=""` (or another attribute) in an HTML tag, or of the whole element."""
    m = re.compile(r"\s" + name + r"\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*)", re.I).search(
        doc.text, image.element_start, image.element_end)
    if m:
        return m.start() + 1, m.end()
    return image.element_start, image.element_end


def _content_images(doc: Document) -> Iterator[Image]:
    """Images that carry their own alt text: Markdown images and <img> (not <source>, not srcset)."""
    for image in doc.images:
        if "contentqa:srcset" in image.attrs:
            continue
        if doc.text[image.element_start:image.element_start + 7].lower() == "<source":
            continue
        yield image


def _media_source(doc: Document, image: Image) -> bool:
    """Whether the element is a <source> of a <video> or <audio> rather than of a <picture>."""
    if doc.text[image.element_start:image.element_start + 7].lower() != "<source":
        return False
    if image.attrs.get("type", "").lower().startswith(("video/", "audio/")):
        return True
    before = doc.text[:image.element_start].lower()
    return max(before.rfind("<video"), before.rfind("<audio")) > before.rfind("<picture")


def _markdown_image(doc: Document, image: Image) -> bool:
    return doc.text.startswith("![", image.element_start)


class MissingImageFile(Rule):
    """What it does:
    Checks that every local image the article embeds exists: Markdown images (inline and
    reference-style), `<img src>` and `srcset` (also as inline HTML in Markdown), Hugo
    `{{< figure src="..." >}}` shortcodes, and `<picture><source srcset>` (the `<source>` of
    a `<video>` or `<audio>` is not an image and is skipped). Also the images that front
    matter names (YAML or TOML: `image`, `images: [...]`, `thumbnail`, `featured_image`,
    `cover` or `cover: {image: ...}`, `og_image`, `hero`, `banner`, `header: {teaser: ...}`,
    and the same under `params:` or `seo:`), reported at the value; a relative value may be
    in the page's folder (a page bundle) or in the site's static folders. In HTML, the
    `og:image` and `twitter:image` meta tags. Relative paths
    resolve against the article's folder; a `../` path of a Markdown page other than `index.md`
    also against the folder of its URL (`docs/page.md` is served at `docs/page/`) when the site
    is a Hugo site or its generator is unknown. Root-relative paths
    (`/images/x.png`) resolve under the static folders of the site the article belongs to,
    found by walking up from the article to the nearest site generator configuration: Hugo
    (`static/`, `assets/`, the theme's), Zola and Docusaurus (`static/`), Jekyll (the site root),
    Eleventy (its input folder), Astro and Next (`public/`), Gatsby, MkDocs; a base path
    (`baseURL`, `baseurl`) in front of the path is stripped. `site-roots` in the configuration
    overrides this. When neither says where the site root is, the default roots (`.`, `static`,
    `public` of the project root) are tried, and a path not found there is reported as info
    saying that the root is unknown, not as an error. Percent-escapes are
    decoded (`export%20dialog.png` is `export dialog.png`). Remote images (`https:`, `//`,
    `data:`) and template expressions are not checked, except the Liquid spellings of a site
    path: `{{ site.baseurl }}/img/x.png` and `{{ "/img/x.png" | relative_url }}` (or
    `absolute_url`, Eleventy's `url`) are checked as `/img/x.png`.

    The same code also reports, each with its own message:
    - a path that differs from the file on disk only in letter case (`Coffee-Beans.PNG` for
      `coffee-beans.png`): it works on macOS and Windows and breaks on a Linux server;
    - a path that leads outside the project root (it is not looked at);
    - a path that names a folder.

    Options (`[tool.contentqa.rules.IMG002]`): `root-relative = false` skips root-relative
    paths, for content folders checked without the site's static files.

    Why it matters:
    A missing image shows as a broken icon or an empty box on the published page.

    Example:
        ![Export dialog](img/export-dialog.png)     <- img/ holds Export-Dialog.png

    Use instead:
        ![Export dialog](img/Export-Dialog.png)
    """

    code = "IMG002"
    name = "missing-image-file"
    category = "images"
    severity = "error"
    summary = "A local image that the article embeds does not exist"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        resolver: Resolver | None = None
        root_relative = ctx.config.option(self.code, "root-relative", True)
        seen: set[tuple[int, int]] = set()
        for image in doc.images:
            ref = local_reference(image.src) or templated_reference(image.src)
            # Reference-style images that share one definition point at the same source span.
            if ref is None or not ref.path or (image.start, image.end) in seen:
                continue
            seen.add((image.start, image.end))
            if _media_source(doc, image) or ref.root_relative and not root_relative:
                continue
            resolver = resolver or Resolver(ctx.config, doc.path)
            result = resolver.resolve(ref)
            message = resolution_message("Image file", image.src or "", result)
            if message:
                yield self.finding(image.start, image.end, message, severity=resolution_severity(result))
        for image in doc.meta.images:
            ref = local_reference(image.src) or templated_reference(image.src)
            if ref is None or not ref.path or ref.root_relative and not root_relative:
                continue
            resolver = resolver or Resolver(ctx.config, doc.path)
            result = _resolve_named(resolver, ref)
            message = resolution_message(_named_what(doc, image), image.src or "", result)
            if message:
                yield self.finding(image.start, image.end, message, severity=resolution_severity(result))


def _named_what(doc: Document, image: Image) -> str:
    """How messages name an image of the front matter or the HTML head."""
    key = image.attrs.get("contentqa:front-matter", "image")
    # Meta names have a colon (og:image); front matter key paths do not.
    return f"Image of <meta {key}>" if ":" in key else f"Front matter {key}"


def _resolve_named(resolver: Resolver, ref: Reference) -> Resolution:
    """Resolve an image named by front matter: themes read a relative path from the page's
    folder (a Hugo page bundle) or from the site's static folders, so either will do."""
    here = resolver.resolve(ref)
    if here.status == "found" or ref.root_relative or ref.path.startswith("."):
        return here
    site = resolver.resolve(Reference(ref.raw, "/" + ref.path, ref.fragment))
    if site.status in ("found", "case") and here.status != "case":
        return site
    if here.status == "missing" and site.status == "missing":
        return Resolution("missing", list(dict.fromkeys(here.looked_at + site.looked_at)), uncertain=site.uncertain)
    return here


def resolution_message(what: str, raw: str, result: Resolution) -> str | None:
    """The message for a reference that did not resolve, or None when it did."""
    looked = ", ".join(result.looked_at)
    if result.status == "found":
        return None
    if result.status == "case":
        return (f"{what} '{raw}' differs in letter case from '{result.actual}' on disk: it works on macOS "
                f"and Windows but breaks on Linux servers")
    if result.status == "outside":
        return f"{what} '{raw}' points outside the project root; it was not checked"
    if result.status == "folder":
        return f"{what} '{raw}' is a folder, not a file (looked in {looked})"
    if result.uncertain:
        return f"{what} '{raw}' was not found (looked in {looked}), but {result.uncertain}"
    return f"{what} '{raw}' does not exist (looked in {looked})"


def resolution_severity(result: Resolution) -> str | None:
    """Info for a reference that may exist where the root is unknown; otherwise the rule's own."""
    return "info" if result.uncertain else None


class EmptyImageSource(Rule):
    """What it does:
    Reports an image without a source: `![Chart]()`, `<img src="">`, or `<img>` with neither
    `src` nor `srcset`. An empty `<meta property="og:image" content="">` is reported as a
    warning (link previews lose their picture), and an empty image key in front matter
    (`image:`, `thumbnail: ""`) as info: archetypes leave these and most themes skip them.

    Why it matters:
    Browsers show a broken image, and an empty `src` makes some browsers request the page
    itself again.

    Example:
        <img src="" alt="Dosage chart">

    Use instead:
        <img src="img/dosage-chart.png" alt="Dosage chart">
    """

    code = "IMG003"
    name = "empty-image-src"
    category = "images"
    severity = "error"
    summary = "An image has an empty or missing source"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for image in _content_images(doc):
            if image.src is not None and image.src.strip():
                continue
            if image.src is None and image.attrs.get("srcset", "").strip():
                continue
            if _markdown_image(doc, image):
                start, end = image.element_start, image.element_end
                yield self.finding(start, end, "Image has an empty source: nothing will be shown")
            else:
                start, end = _src_attr_span(doc, image)
                what = "an empty src" if image.src is not None else "no src"
                yield self.finding(start, end, f"Image has {what}: nothing will be shown")
        for image in doc.meta.images:
            if not (image.src or "").strip():
                html = ":" in image.attrs.get("contentqa:front-matter", "")
                start, end = _src_attr_span(doc, image, "content") if html else (image.start, image.end)
                # An empty `image:` is what archetypes leave and themes skip (info); an empty
                # og:image in a page's head is a broken link preview (warning).
                yield self.finding(start, end, f"{_named_what(doc, image)} is empty: no image will be shown "
                                               "(give the path, or remove it)", severity="warning" if html else "info")


def _alt_span(doc: Document, image: Image) -> tuple[int, int]:
    """Span of the alt text as written: between `![` and `]`, or the alt attribute's value."""
    if _markdown_image(doc, image):
        start = image.element_start + 2
        depth, i = 1, start
        while i < image.element_end:
            c = doc.text[i]
            if c == "\\":
                i += 2
                continue
            depth += (c == "[") - (c == "]")
            if depth == 0:
                return start, i
            i += 1
        return image.element_start, image.element_end
    # Backticks quote raw values in Hugo shortcodes: {{< figure alt=`A "quoted" word` >}}.
    m = re.compile(r"\salt\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|`([^`]*)`|([^\s>]*))", re.I).search(
        doc.text, image.element_start, image.element_end)
    if not m:
        return image.element_start, image.element_end
    group = next(g for g in (1, 2, 3, 4) if m.group(g) is not None)
    if m.start(group) == m.end(group):
        return m.start() + 1, m.end()  # alt="": the attribute itself, not an empty span
    return m.start(group), m.end(group)


def _decorative(image: Image) -> bool:
    role = image.attrs.get("role", "").strip().lower()
    hidden = image.attrs.get("aria-hidden", "").strip().lower()
    return role in ("presentation", "none") or hidden == "true"


class MissingAltText(Rule):
    """What it does:
    Reports a content image without alt text: `![](chart.png)` in Markdown, `<img>` without an
    `alt` attribute, or a Hugo `{{< figure >}}` with neither `alt` nor `caption` (Hugo renders
    the caption as the alt text, and writes no alt for `alt=""`). In HTML, `alt=""` marks an image decorative (icons, spacers) and is accepted;
    set `report-empty-alt = true` under `[tool.contentqa.rules.IMG004]` to report it too unless
    the image is marked decorative with `role="presentation"` (or `"none"`) or
    `aria-hidden="true"`.

    Why it matters:
    Screen readers announce an image without alt by its filename, or skip it, and search
    engines cannot tell what it shows.

    Example:
        ![](img/dosage-chart.png)

    Use instead:
        ![Dosage by body weight, 10 to 100 kg](img/dosage-chart.png)
    """

    code = "IMG004"
    name = "missing-alt-text"
    category = "images"
    severity = "warning"
    summary = "A content image has no alt text"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for image in _content_images(doc):
            if image.alt is not None and image.alt.strip():
                continue
            if _decorative(image):
                continue
            # In HTML, alt="" is the standard way to mark an image decorative (icons, spacers).
            if image.alt is not None and not _markdown_image(doc, image) and \
                    not ctx.config.option(self.code, "report-empty-alt", False):
                continue
            name = image.src or ""
            if _markdown_image(doc, image):
                yield self.finding(image.element_start, image.element_end,
                                   f"Image '{name}' has no alt text (describe what it shows between the brackets)")
            elif image.alt is None:
                yield self.finding(image.element_start, image.element_end,
                                   f"Image '{name}' has no alt attribute (describe what it shows)")
            else:
                start, end = _alt_span(doc, image)
                yield self.finding(start, end, f"Image '{name}' has empty alt text but is not marked decorative "
                                               "(describe it, or add role=\"presentation\")")


def placeholder_alt(alt: str, src: str | None) -> bool:
    """Whether alt text is a filename or a stock placeholder rather than a description."""
    text = alt.strip()
    folded = re.sub(r"\s+", " ", text.lower()).strip(" .:")
    if folded in PLACEHOLDER_ALTS or _NUMBERED_PLACEHOLDER.match(folded):
        return True
    if _HAS_IMAGE_EXTENSION.search(text) and " " not in text:
        return True
    if _CAMERA.match(text) and " " not in text:
        return True
    if src and " " not in text:
        stem = PurePosixPath(src.split("?", 1)[0].split("#", 1)[0]).stem
        # alt="coffee-beans_02" for coffee-beans_02.png is the filename without its extension.
        if stem and text.lower() == stem.lower() and re.search(r"[-_\d]", stem):
            return True
    return False


class PlaceholderAltText(Rule):
    """What it does:
    Reports alt text that is a filename (`IMG_2041.JPG`, `hero.png`), the image's name without
    its extension, or a stock placeholder ("image", "photo", "picture 3", "alt text"); also the
    `alt` beside an image path in front matter (`cover: {image: hero.png, alt: image}`).

    Why it matters:
    Screen-reader users hear "image" or a file name instead of what the picture shows, and
    search engines learn nothing from it.

    Example:
        <img src="IMG_2041.JPG" alt="IMG_2041.JPG">

    Use instead:
        <img src="IMG_2041.JPG" alt="Nurse measuring a child's blood pressure">
    """

    code = "IMG005"
    name = "placeholder-alt-text"
    category = "images"
    severity = "warning"
    summary = "Alt text is a filename or a placeholder"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        for image in _content_images(doc):
            if not image.alt or not image.alt.strip():
                continue
            if placeholder_alt(image.alt, image.src):
                start, end = _alt_span(doc, image)
                yield self.finding(start, end, f"Alt text '{image.alt.strip()}' of image '{image.src or ''}' is a "
                                               "filename or placeholder; describe what the image shows")
        for image in doc.meta.images:
            where = image.attrs.get("contentqa:alt-span")
            if image.alt and where and placeholder_alt(image.alt, image.src):
                start, end = (int(n) for n in where.split(":"))
                yield self.finding(start, end, f"Alt text '{image.alt.strip()}' of {_named_what(doc, image)} "
                                               f"'{image.src or ''}' is a filename or placeholder; describe what "
                                               "the image shows")


class RemoteImageBroken(Rule):
    """What it does:
    With `contentqa check --online` only, fetches the http(s) images of the article (`src` and
    `srcset` of `<img>` and `<picture>`, Markdown images, protocol-relative `//cdn...` ones) and
    reports those that do not load: "returns HTTP 404", "timed out after 10 s", "failed: host not
    found". Without `--online` nothing is fetched and the rule reports nothing.

    Severity follows what happened, as for LNK003: error for 404, 410 and unknown hosts;
    warning for timeouts, 5xx and 429 after retries; info for an image on a loopback, private,
    link-local or cloud metadata address, which is not fetched unless `online-allow-hosts`
    allows it. `[tool.contentqa.rules.IMG007] report-redirects = true` also reports images that
    moved permanently (301, 308), as info, with an unsafe fix to the new address.

    Why it matters:
    A remote image that is gone shows as a broken icon; hotlinked images on other sites
    disappear without notice.

    Example:
        ![Injection sites](https://cdn.example.com/uploads/2019/sites.png)   <- HTTP 404

    Use instead:
    Host the image with the article, or point at its current address.
    """

    code = "IMG007"
    name = "remote-image-broken"
    category = "images"
    severity = "error"
    summary = "With --online: a remote image returns an error, times out or leads nowhere"

    def check(self, doc: Document, ctx: Context) -> Iterator[Finding]:
        if not ctx.config.online:
            return
        from ..online import findings

        targets = [(image.src, image.start, image.end) for image in doc.images if not _media_source(doc, image)]
        targets += [(image.src, image.start, image.end) for image in doc.meta.images]
        yield from findings(self, ctx, "Image", targets)
