"""`contentqa server --lsp`: a language server over stdio, for editors.

Diagnostics on open, save and (debounced) change; code actions that apply the findings' fixes
and insert the disclaimers a medical claim misses; hover shows the rule's docs. The project
configuration is found from each file's folder, as `contentqa check` finds it, and loaded
again when it changes. Checks run one at a time in a worker thread, so the rules and the spaCy
pipeline are loaded once and stay warm, and the event loop keeps answering the editor.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..config import CONFIG_FILES, Config, ConfigError, find_config, load_config
from ..document import SourceMap
from ..engine import FileResult, check_text, selected_rules
from ..files import FORMATS, detect_format
from ..fixes import apply_fixes
from ..nlp import ModelError
from ..packs import PackError
from ..registry import find_rule
from ..rule import Finding, Rule
from . import rule_text

if TYPE_CHECKING:
    from ..checks.medical import Disclaimer

log = logging.getLogger(__name__)

DEBOUNCE = 0.3  # seconds of quiet typing before a changed document is checked
SOURCE = "contentqa"
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
LANGUAGES = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}
FIX_ALL = f"{lsp.CodeActionKind.SourceFixAll.value}.contentqa"


def utf16_column(line: str, chars: int) -> int:
    """LSP counts columns in UTF-16 code units: an astral character (emoji) is two of them."""
    prefix = line[:chars]
    return chars + sum(1 for c in prefix if ord(c) > 0xFFFF)


def char_column(line: str, units: int) -> int:
    """The inverse of `utf16_column`: the character index at `units` UTF-16 code units."""
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)


class Positions:
    """Offsets and 1-based character positions of a text as LSP positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.map = SourceMap(text)

    def _line(self, line: int) -> str:
        start, end = self.map.line_span(line)
        return self.text[start:end]

    def position(self, line: int, column: int) -> lsp.Position:
        return lsp.Position(line=line - 1, character=utf16_column(self._line(line), column - 1))

    def at_offset(self, offset: int) -> lsp.Position:
        return self.position(*self.map.position(offset))

    def range(self, finding: Finding) -> lsp.Range:
        return lsp.Range(start=self.position(finding.line, finding.column),
                         end=self.position(finding.end_line, finding.end_column))

    def offset(self, position: lsp.Position) -> int:
        line = min(position.line + 1, len(self.map.line_starts))
        start, _ = self.map.line_span(line)
        return start + char_column(self._line(line), position.character)


@dataclass
class Checked:
    """The last result published for a document, kept for code actions and hover."""

    version: int | None
    text: str
    result: FileResult
    positions: Positions
    rules: dict[str, Rule] = field(default_factory=dict)  # the project's, its own packs included


@dataclass
class Project:
    """A loaded configuration and its rules, with the stamps of the files they came from."""

    source: Path | None
    stamp: tuple[tuple[int, int] | None, ...]
    config: Config
    rules: list[Rule]


def _stamp(source: Path | None, packs: list[Path]) -> tuple[tuple[int, int] | None, ...]:
    """Modification time and size of the configuration and of the project's packs."""
    def one(path: Path | None) -> tuple[int, int] | None:
        try:
            st = path.stat() if path is not None else None
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size) if st is not None else None

    return tuple(one(p) for p in (source, *packs))


@dataclass
class Projects:
    """Configurations by the file they come from, loaded again when it or a pack it names changes."""

    loaded: dict[Path | None, Project] = field(default_factory=dict)

    def for_document(self, path: Path | None) -> Project:
        source = find_config(path) if path is not None else None
        known = self.loaded.get(source)
        if known is None or known.stamp != _stamp(source, known.config.packs):
            if known is not None:
                _forget_packs()
            config = load_config(source)
            known = self.loaded[source] = Project(source, _stamp(source, config.packs), config,
                                                  selected_rules(config))
        return known

    def forget(self) -> None:
        self.loaded.clear()
        _forget_packs()


def _forget_packs() -> None:
    """The registry keeps loaded packs by path for the process; an edited pack must be read again."""
    from .. import registry

    registry._pack_rules.cache_clear()
    registry.all_rules.cache_clear()


class ContentServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("contentqa", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        # One thread: the rules and spaCy are loaded once and used by one check at a time.
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="contentqa-check")
        self.projects = Projects()
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    # --- checking ---------------------------------------------------------------------------

    def _run(self, uri: str, text: str, language: str | None, version: int | None) -> Checked:
        path = _path(uri)
        shown = str(path) if path is not None else uri
        fmt = LANGUAGES.get(language or "") or detect_format(shown, text)
        rules: list[Rule] = []
        try:
            project = self.projects.for_document(path)
            rules = project.rules
            result = check_text(text, fmt, shown, project.config, rules)
        except (ConfigError, PackError, ModelError) as exc:
            result = FileResult(shown, fmt, error=f"configuration: {exc}")
        return Checked(version, text, result, Positions(text), {r.code: r for r in rules})

    async def check(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        if document.language_id not in LANGUAGES and \
                os.path.splitext(uri)[1].lower() not in FORMATS:
            return  # an editor that sends every document: only articles are checked
        version, text = document.version, document.source
        loop = asyncio.get_running_loop()
        checked = await loop.run_in_executor(self.checker, self._run, uri, text, document.language_id, version)
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # edited (or closed) meanwhile: the check scheduled by that edit publishes
        self.checked[uri] = checked
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics(checked)))

    def schedule(self, uri: str, delay: float) -> None:
        """Check a document after `delay` seconds, replacing a check scheduled before."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._later(uri, delay))

    async def _later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            await self.check(uri)
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed check must not stop the server; the next edit tries again
            log.exception("checking %s failed", uri)
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def recheck_all(self) -> None:
        self.projects.forget()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    def warm_up(self) -> None:
        """Load the rules and the NLP pipeline before the first document needs them."""
        sample = "# Warm-up\n\nBotox treats migraines. This is a sentence for the pipeline.\n"
        self.checker.submit(check_text, sample, "markdown", "warm-up.md")


def _path(uri: str) -> Path | None:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path else None


def diagnostics(checked: Checked) -> list[lsp.Diagnostic]:
    result, positions = checked.result, checked.positions
    if result.error is not None:
        return [lsp.Diagnostic(range=lsp.Range(start=lsp.Position(line=0, character=0),
                                               end=lsp.Position(line=0, character=0)),
                               message=f"contentqa could not check this file: {result.error}",
                               severity=lsp.DiagnosticSeverity.Error, source=SOURCE)]
    out = []
    for finding in result.findings:
        message = finding.message
        missing = finding.extra.get("missing")
        if isinstance(missing, list) and missing and "requires:" not in message:
            message += f" (missing: {'; '.join(str(m) for m in missing)})"
        out.append(lsp.Diagnostic(range=positions.range(finding), message=message,
                                  severity=SEVERITY.get(finding.severity, lsp.DiagnosticSeverity.Warning),
                                  code=finding.rule, source=SOURCE,
                                  data={"rule": finding.rule, "start": finding.start, "end": finding.end}))
    return out


# --- code actions --------------------------------------------------------------------------

def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return p.line, p.character
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _edit(uri: str, version: int | None, edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
    return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(
        text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits=edits)])


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def fix_actions(uri: str, checked: Checked, wanted: lsp.Range) -> list[lsp.CodeAction]:
    actions = []
    published = diagnostics(checked)
    for finding in checked.result.findings:
        span = checked.positions.range(finding)
        if finding.fix is None or not _overlaps(span, wanted):
            continue
        replacement = finding.fix.replacement
        what = f"replace '{_short(finding.excerpt)}' with '{_short(replacement)}'" if replacement else \
            f"remove '{_short(finding.excerpt)}'"
        title = f"Fix {finding.rule}: {what}" + ("" if finding.fix.safe else " (unsafe: check the result)")
        actions.append(lsp.CodeAction(
            title=title, kind=lsp.CodeActionKind.QuickFix, is_preferred=finding.fix.safe,
            diagnostics=[d for d in published if d.code == finding.rule and d.range == span],
            edit=_edit(uri, checked.version, [lsp.TextEdit(range=span, new_text=replacement)])))
    actions.extend(disclaimer_actions(uri, checked, wanted))
    return actions


def fix_all_action(uri: str, checked: Checked) -> lsp.CodeAction | None:
    """Every safe fix of the document at once (what `contentqa check --fix` would write)."""
    _, fixed = apply_fixes(checked.text, checked.result.findings)
    if not fixed:
        return None
    edits = [lsp.TextEdit(range=lsp.Range(start=checked.positions.at_offset(f.start),
                                          end=checked.positions.at_offset(f.end)),
                          new_text=f.fix.replacement if f.fix else "") for f in fixed]
    count = len(fixed)
    return lsp.CodeAction(title=f"Fix all safe contentqa findings ({count})", kind=FIX_ALL,
                          edit=_edit(uri, checked.version, edits))


def disclaimer_actions(uri: str, checked: Checked, wanted: lsp.Range) -> list[lsp.CodeAction]:
    """For a medical claim that misses disclaimers: insert each one's canonical wording."""
    from ..checks.medical import default_pack

    actions = []
    offered: set[str] = set()
    for finding in checked.result.findings:
        missing = finding.extra.get("missing")
        if finding.category != "medical" or not isinstance(missing, list) or \
                not _overlaps(checked.positions.range(finding), wanted):
            continue
        for entry in missing:
            disclaimer = _disclaimer(default_pack().disclaimers.values(), str(entry))
            if disclaimer is None or disclaimer.id in offered:
                continue
            offered.add(disclaimer.id)
            at, text = insertion(checked.text, checked.result.format, finding.end, disclaimer.placement,
                                 disclaimer.wording)
            where = checked.positions.at_offset(at)
            actions.append(lsp.CodeAction(
                title=f"Add disclaimer: {_short(disclaimer.wording, 60)}", kind=lsp.CodeActionKind.QuickFix,
                edit=_edit(uri, checked.version, [lsp.TextEdit(range=lsp.Range(start=where, end=where),
                                                               new_text=text)])))
    return actions


def _disclaimer(disclaimers: Iterable[Disclaimer], entry: str) -> Disclaimer | None:
    """The pack's disclaimer that a finding's `missing` entry names (its short name, then where)."""
    named = [d for d in disclaimers if entry.startswith(d.short)]
    return max(named, key=lambda d: len(d.short), default=None)


def insertion(text: str, fmt: str, claim_end: int, placement: str, wording: str) -> tuple[int, str]:
    """Where and what to insert so that a disclaimer counts: after the claim's paragraph when it
    must stand in the same section, else at the end of the article (before `</body>` in HTML)."""
    if fmt == "html":
        block = f"<p>{wording}</p>\n"
        if placement == "same-section":
            close = text.lower().find("</p>", claim_end)
            if close != -1:
                return close + 4, "\n" + block.rstrip("\n")
        body = text.lower().rfind("</body>")
        return (body, block) if body != -1 else (len(text), ("\n" if text and not text.endswith("\n") else "") + block)
    if placement == "same-section":
        gap = text.find("\n\n", claim_end)
        if gap != -1:
            return gap, f"\n\n{wording}"
    ending = "" if text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    return len(text), f"{ending}{wording}\n"


# --- hover ---------------------------------------------------------------------------------

def hover_text(checked: Checked, position: lsp.Position) -> str | None:
    offset = checked.positions.offset(position)
    parts = []
    for finding in checked.result.findings:
        if not finding.start <= offset <= max(finding.end, finding.start + 1):
            continue
        rule = checked.rules.get(finding.rule) or find_rule(finding.rule)
        docs = rule_text(rule) if rule is not None else ""
        part = f"**{finding.rule}** [{finding.severity}] {finding.message}"
        missing = finding.extra.get("missing")
        if isinstance(missing, list) and missing:
            part += "\n\nMissing disclaimers:\n" + "\n".join(f"- {m}" for m in missing)
        parts.append(f"{part}\n\n```text\n{docs}```" if docs else part)
    return "\n\n---\n\n".join(parts) or None


# --- the server ----------------------------------------------------------------------------

def build() -> ContentServer:
    server = ContentServer()

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: ContentServer, params: lsp.InitializedParams) -> None:
        ls.warm_up()
        watch = ls.client_capabilities.workspace
        if watch and watch.did_change_watched_files and watch.did_change_watched_files.dynamic_registration:
            watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
            ls.client_register_capability(lsp.RegistrationParams(registrations=[lsp.Registration(
                id="contentqa-config", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ContentServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ContentServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ContentServer, params: lsp.DidSaveTextDocumentParams) -> None:
        if os.path.basename(params.text_document.uri) in CONFIG_FILES:
            ls.recheck_all()
        elif params.text_document.uri in ls.workspace.text_documents:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ContentServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.checked.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ContentServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        if any(os.path.basename(change.uri) in CONFIG_FILES for change in params.changes):
            ls.recheck_all()

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(ls: ContentServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        checked = ls.checked.get(uri)
        document = ls.workspace.text_documents.get(uri)
        if checked is None or document is None or document.source != checked.text:
            return None  # the text changed since the check: offsets would be wrong
        only = params.context.only
        actions: list[lsp.CodeAction] = []
        kinds = [str(getattr(k, "value", k)) for k in only or ()]
        if not kinds or any(k.startswith(lsp.CodeActionKind.QuickFix.value) for k in kinds):
            actions += fix_actions(uri, checked, params.range)
        if not kinds or any(FIX_ALL.startswith(k) for k in kinds):
            every = fix_all_action(uri, checked)
            if every is not None:
                actions.append(every)
        return actions

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ContentServer, params: lsp.HoverParams) -> lsp.Hover | None:
        checked = ls.checked.get(params.text_document.uri)
        if checked is None:
            return None
        text = hover_text(checked, params.position)
        if text is None:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))

    return server


def serve_stdio() -> int:
    build().start_io()
    return 0
