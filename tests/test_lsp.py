"""`contentqa server --lsp`, end to end: a real LSP client talks to the server over stdio."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as t  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from contentqa import check_text  # noqa: E402
from contentqa.config import find_config, load_config  # noqa: E402
from contentqa.engine import selected_rules  # noqa: E402
from contentqa.registry import find_rule  # noqa: E402
from contentqa.server import rule_text  # noqa: E402
from contentqa.server.lsp import char_column, utf16_column  # noqa: E402

from .conftest import ROOT  # noqa: E402

SESSION_TIMEOUT = 180  # seconds for a whole scenario, server start (spaCy) included


class Editor:
    """A minimal editor: keeps documents, applies edits, waits for the server's diagnostics."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: dict[str, list[t.PublishDiagnosticsParams]] = {}
        self.arrived = asyncio.Condition()
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    async def on_publish(self, params: t.PublishDiagnosticsParams) -> None:
        async with self.arrived:
            self.published.setdefault(params.uri, []).append(params)
            self.arrived.notify_all()

    async def diagnostics(self, uri: str, version: int | None = None, after: int = 0,
                          timeout: float = 90) -> list[t.Diagnostic]:
        """The first diagnostics published for `uri` (for `version`) after the `after`-th publication."""
        def ready() -> t.PublishDiagnosticsParams | None:
            for params in self.published.get(uri, [])[after:]:
                if version is None or params.version == version:
                    return params
            return None

        async with self.arrived:
            found = await asyncio.wait_for(self.arrived.wait_for(ready), timeout)
        assert found is not None
        return list(found.diagnostics)

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))

    def open(self, path: Path, text: str, language: str = "markdown") -> str:
        uri = path.as_uri()
        self.texts[uri], self.versions[uri] = text, 1
        self.client.text_document_did_open(t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
        return uri

    def edit(self, uri: str, start: int, end: int, new: str) -> None:
        """Replace text[start:end] (character offsets) with an incremental change, as editors send it."""
        text = self.texts[uri]
        change = t.TextDocumentContentChangePartial(range=t.Range(start=_position(text, start),
                                                                  end=_position(text, end)), text=new)
        self.texts[uri] = text[:start] + new + text[end:]
        self.versions[uri] += 1
        self.client.text_document_did_change(t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[change]))

    def apply(self, uri: str, edit: t.WorkspaceEdit) -> None:
        """Apply a code action's edit the way an editor does: all ranges refer to the text before it."""
        assert edit.document_changes
        change = edit.document_changes[0]
        assert isinstance(change, t.TextDocumentEdit)
        text = self.texts[uri]
        spans = sorted(((_offset(text, e.range.start), _offset(text, e.range.end), e.new_text) for e in change.edits),
                       reverse=True)
        for start, end, new in spans:
            self.edit(uri, start, end, new)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _position(text: str, offset: int) -> t.Position:
    """An LSP position computed independently of the server: UTF-16 code units of the line's prefix."""
    before = text[:offset]
    line = before.count("\n")
    prefix = before[before.rfind("\n") + 1:]
    return t.Position(line=line, character=len(prefix.encode("utf-16-le")) // 2)


def _offset(text: str, position: t.Position) -> int:
    lines = _lines(text)
    start = sum(len(line) + 1 for line in lines[:position.line])
    units, index, line = 0, 0, lines[position.line] if position.line < len(lines) else ""
    while index < len(line) and units < position.character:
        units += len(line[index].encode("utf-16-le")) // 2
        index += 1
    return start + index


def run_session(tmp_path: Path, scenario: Callable[[Editor], Awaitable[None]],
                watch_config: bool = True) -> None:
    async def main() -> None:
        client = LanguageClient("contentqa-tests", "1")
        editor = Editor(client)

        @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        async def publish(_client: LanguageClient, params: t.PublishDiagnosticsParams) -> None:
            await editor.on_publish(params)

        @client.feature(t.CLIENT_REGISTER_CAPABILITY)
        def register(_client: LanguageClient, params: t.RegistrationParams) -> None:
            return None

        await client.start_io(sys.executable, "-m", "contentqa", "server", "--lsp", cwd=str(tmp_path))
        try:
            capabilities = t.ClientCapabilities(workspace=t.WorkspaceClientCapabilities(
                did_change_watched_files=t.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch_config)))
            await asyncio.wait_for(client.initialize_async(t.InitializeParams(
                capabilities=capabilities, root_uri=tmp_path.as_uri())), 60)
            client.initialized(t.InitializedParams())
            await asyncio.wait_for(scenario(editor), SESSION_TIMEOUT)
            await asyncio.wait_for(client.shutdown_async(None), 30)
            client.exit(None)
            await asyncio.wait_for(client.stop(), 30)
        finally:
            server = getattr(client, "_server", None)
            if server is not None and server.returncode is None:  # a failed scenario: do not wait for it
                server.kill()
                await asyncio.wait_for(client.stop(), 30)

    asyncio.run(main())


def expected(text: str, path: Path, fmt: str) -> list[tuple[str, int, int, int, int]]:
    """What the CLI's engine finds in `text`, as LSP (rule, line, character, end line, end character)."""
    config = load_config(find_config(path))
    result = check_text(text, fmt, str(path), config, selected_rules(config))
    out = []
    for f in result.findings:
        start, end = _position(text, f.start), _position(text, f.end)
        out.append((f.rule, start.line, start.character, end.line, end.character))
    return out


def got(diagnostics: list[t.Diagnostic]) -> list[tuple[str, int, int, int, int]]:
    return [(str(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
            for d in diagnostics]


def test_utf16_conversion_counts_astral_characters_twice():
    line = "a😀b€c"
    assert [utf16_column(line, n) for n in range(6)] == [0, 1, 3, 4, 5, 6]
    assert [char_column(line, u) for u in (0, 1, 3, 4, 5, 6)] == [0, 1, 2, 3, 4, 5]


MARKDOWN = ("---\ntitle: Fillers 😀 guide\n---\n# Fillers 😀 and more\n\n"
            "Emoji 😀😀 first, then dermalfillers2000 and the the repeat.\n\n"
            "Botox cures migraines permanently.\n")
HTML = ("<html><head><title>Page 😀</title></head><body>\n<p>Wide 🎉 char\u200b then dermalfillers2000.</p>\n"
        "<img src=\"missing.png\">\n</body></html>\n")
TEXT = "Plain 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text with dermalfillers2000 and  two spaces.\n"


def test_diagnostics_for_markdown_html_and_text_with_utf16_ranges(tmp_path):
    files = {"a.md": (MARKDOWN, "markdown", "markdown"), "b.html": (HTML, "html", "html"),
             "c.txt": (TEXT, "plaintext", "text")}

    async def scenario(editor: Editor) -> None:
        for name, (text, language, fmt) in files.items():
            path = tmp_path / name
            uri = editor.open(path, text, language)
            diagnostics = await editor.diagnostics(uri, version=1)
            want = expected(text, path, fmt)
            assert got(diagnostics) == want
            assert want, name
            assert all(d.source == "contentqa" for d in diagnostics)
            # The finding after the astral characters: its UTF-16 column differs from its character column.
            stray = next(d for d in diagnostics if d.code == "TOK001")
            line = text.split("\n")[stray.range.start.line]
            assert stray.range.start.character == line.index("dermalfillers2000") + sum(
                1 for c in line[:line.index("dermalfillers2000")] if ord(c) > 0xFFFF)
            assert stray.range.start.character > line.index("dermalfillers2000")
            config = load_config(find_config(path))
            severities = {f.rule: f.severity for f in check_text(text, fmt, str(path), config).findings}
            mapping = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning,
                       "info": t.DiagnosticSeverity.Information}
            assert {str(d.code): d.severity for d in diagnostics} == {r: mapping[s] for r, s in severities.items()}

    run_session(tmp_path, scenario)


def test_code_actions_hover_and_disclaimers(tmp_path):
    async def scenario(editor: Editor) -> None:
        path = tmp_path / "post.md"
        uri = editor.open(path, MARKDOWN)
        diagnostics = await editor.diagnostics(uri, version=1)
        whole = t.Range(start=t.Position(line=0, character=0), end=t.Position(line=20, character=0))
        actions = await editor.client.text_document_code_action_async(t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri), range=whole,
            context=t.CodeActionContext(diagnostics=diagnostics)))
        assert actions is not None
        titles = [a.title for a in actions if isinstance(a, t.CodeAction)]
        repeat = next(a for a in actions if isinstance(a, t.CodeAction) and a.title.startswith("Fix TOK008"))
        assert "unsafe" in repeat.title and not repeat.is_preferred
        disclaimers = [a for a in actions if isinstance(a, t.CodeAction) and a.title.startswith("Add disclaimer")]
        assert disclaimers, titles
        claim = next(d for d in diagnostics if str(d.code) == "MED001")
        assert "requires:" in claim.message and "consult a healthcare professional" in claim.message

        # Hover over the claim: the rule's docs, as `contentqa rule MED001` prints them.
        hover = await editor.client.text_document_hover_async(t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=uri), position=claim.range.start))
        assert hover is not None and isinstance(hover.contents, t.MarkupContent)
        rule = find_rule("MED001")
        assert rule is not None
        assert rule_text(rule) in hover.contents.value
        assert "Missing disclaimers" in hover.contents.value
        nothing = await editor.client.text_document_hover_async(t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(line=4, character=0)))
        assert nothing is None

        # Insert the "consult" disclaimer: the claim no longer misses it.
        consult = next(a for a in disclaimers if "Consult a qualified healthcare provider" in a.title)
        assert consult.edit is not None
        published = editor.count(uri)
        editor.apply(uri, consult.edit)
        assert "Consult a qualified healthcare provider before starting any treatment." in editor.texts[uri]
        after = await editor.diagnostics(uri, version=editor.versions[uri], after=published)
        claim_after = next(d for d in after if str(d.code) == "MED001")
        assert "consult a healthcare professional" not in claim_after.message

        # The unsafe fix of the repeated word, applied: the finding is gone.
        actions = await editor.client.text_document_code_action_async(t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri), range=whole,
            context=t.CodeActionContext(diagnostics=after)))
        repeat = next(a for a in actions or [] if isinstance(a, t.CodeAction) and a.title.startswith("Fix TOK008"))
        assert repeat.edit is not None
        published = editor.count(uri)
        editor.apply(uri, repeat.edit)
        assert "the the" not in editor.texts[uri]
        final = await editor.diagnostics(uri, version=editor.versions[uri], after=published)
        assert "TOK008" not in {str(d.code) for d in final}

        # Documents that are not articles are left alone.
        script = editor.open(tmp_path / "tool.py", "print('the the')\n", "python")
        editor.edit(uri, 0, 0, "")
        await editor.diagnostics(uri, version=editor.versions[uri])
        assert editor.count(script) == 0

        # Safe fixes are preferred, and "fix all" applies only those.
        path = tmp_path / "zw.txt"
        uri = editor.open(path, "Hello\u200b world.  Two  spaces here. The the end.\n", "plaintext")
        diagnostics = await editor.diagnostics(uri, version=1)
        actions = await editor.client.text_document_code_action_async(t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri), range=whole,
            context=t.CodeActionContext(diagnostics=diagnostics)))
        safe = [a for a in actions or [] if isinstance(a, t.CodeAction) and a.title.startswith("Fix ART")]
        assert safe and all(a.is_preferred and "unsafe" not in a.title for a in safe)
        fix_all = await editor.client.text_document_code_action_async(t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri), range=whole,
            context=t.CodeActionContext(diagnostics=diagnostics, only=["source.fixAll"])))
        assert fix_all is not None and len(fix_all) == 1
        action = fix_all[0]
        assert isinstance(action, t.CodeAction) and action.edit is not None
        editor.apply(uri, action.edit)
        assert editor.texts[uri] == "Hello world.  Two spaces here. The the end.\n"  # two after a full stop are fine

    run_session(tmp_path, scenario)


PACK = """rules:
  - code: TOK901
    name: banned-word
    category: tokens
    severity: warning
    summary: The word 'synergy' is banned here
    message: "Banned word '{match}'"
    phrases: [synergy]
    ignore-case: true
"""


def test_project_config_found_from_the_files_folder_and_reloaded(tmp_path):
    project = tmp_path / "site"
    (project / "posts").mkdir(parents=True)
    config = project / ".contentqa.toml"
    config.write_text('ignore = ["TOK008"]\npacks = ["team.yml"]\n')
    (project / "team.yml").write_text(PACK)
    other = tmp_path / "elsewhere"
    other.mkdir()
    text = "We went there and the the end came.\n"

    async def scenario(editor: Editor) -> None:
        inside = editor.open(project / "posts" / "a.txt", text, "plaintext")
        outside = editor.open(other / "b.txt", text, "plaintext")
        assert "TOK008" not in {str(d.code) for d in await editor.diagnostics(inside, version=1)}
        assert "TOK008" in {str(d.code) for d in await editor.diagnostics(outside, version=1)}

        # The project's own pack rule: reported, and its hover shows its docs.
        published = editor.count(inside)
        editor.edit(inside, 0, 0, "Synergy. ")
        [banned] = [d for d in await editor.diagnostics(inside, version=2, after=published) if d.code == "TOK901"]
        hover = await editor.client.text_document_hover_async(t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=inside), position=banned.range.start))
        assert hover is not None and isinstance(hover.contents, t.MarkupContent)
        assert "TOK901 (banned-word)" in hover.contents.value

        # An edited pack is read again at the next check.
        (project / "team.yml").write_text(PACK.replace("synergy", "teamwork"))
        published = editor.count(inside)
        editor.edit(inside, 0, 0, "Teamwork. ")
        banned_now = [d for d in await editor.diagnostics(inside, version=3, after=published) if d.code == "TOK901"]
        assert [editor.texts[inside][_offset(editor.texts[inside], d.range.start):][:8] for d in banned_now] == [
            "Teamwork"]

        # The editor reports the change of the watched file: the open documents are checked again.
        published = editor.count(inside)
        config.write_text('ignore = ["TOK001"]\n')
        editor.client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams(changes=[
            t.FileEvent(uri=config.as_uri(), type=t.FileChangeType.Changed)]))
        assert "TOK008" in {str(d.code) for d in await editor.diagnostics(inside, after=published)}

        # A broken configuration is one diagnostic that says so, not a dead server.
        published = editor.count(inside)
        config.write_text("ignore = [\n")
        editor.client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams(changes=[
            t.FileEvent(uri=config.as_uri(), type=t.FileChangeType.Changed)]))
        broken = await editor.diagnostics(inside, after=published)
        assert len(broken) == 1 and "not valid TOML" in broken[0].message
        assert broken[0].severity == t.DiagnosticSeverity.Error

        # Without a watcher notification, the next check still sees the file changed on disk.
        config.write_text('ignore = ["TOK008"]\n')
        published = editor.count(inside)
        editor.edit(inside, 0, 0, "So ")
        after = await editor.diagnostics(inside, version=editor.versions[inside], after=published)
        assert "TOK008" not in {str(d.code) for d in after}
        assert not any("configuration" in d.message for d in after)

        # Saving the configuration in the editor checks the open documents again.
        config.write_text('ignore = ["TOK001"]\n')
        published = editor.count(inside)
        editor.client.text_document_did_save(t.DidSaveTextDocumentParams(
            text_document=t.TextDocumentIdentifier(uri=config.as_uri())))
        assert "TOK008" in {str(d.code) for d in await editor.diagnostics(inside, after=published)}

        # Saving an article checks it again (same version).
        published = editor.count(outside)
        editor.client.text_document_did_save(t.DidSaveTextDocumentParams(
            text_document=t.TextDocumentIdentifier(uri=outside)))
        again = await editor.diagnostics(outside, version=1, after=published)
        assert "TOK008" in {str(d.code) for d in again}

    run_session(tmp_path, scenario)


def test_fifty_keystroke_editing_session(tmp_path):
    start = "# Notes\n\nFirst 😀 line with dermalfillers2000 in it.\n\n"
    typed = "I typed the the 🎉 and dermalfillers2000 fast now.\n"
    assert len(typed) == 50

    async def scenario(editor: Editor) -> None:
        uri = editor.open(tmp_path / "typing.md", start)
        await editor.diagnostics(uri, version=1)
        published = editor.count(uri)
        for char in typed:
            text = editor.texts[uri]
            editor.edit(uri, len(text), len(text), char)
            await asyncio.sleep(0.02)  # a fast typist: faster than the debounce
        last = editor.versions[uri]
        assert last == 51
        final = await editor.diagnostics(uri, version=last, after=published)
        # Debounced: far fewer checks than keystrokes, and never a stale version after the last.
        publications = editor.published[uri][published:]
        assert len(publications) < 10
        assert publications[-1].version == last
        assert got(final) == expected(editor.texts[uri], tmp_path / "typing.md", "markdown")
        assert sum(1 for d in final if str(d.code) == "TOK001") == 2  # the one typed is found too
        # Cross-check one range against the text: the typed stray token after the emoji.
        line = editor.texts[uri].split("\n")[4]
        typed_stray = [d for d in final if str(d.code) == "TOK001" and d.range.start.line == 4]
        assert typed_stray and typed_stray[0].range.start.character == line.index("dermal") + 1

    run_session(tmp_path, scenario)


def test_server_subcommand_needs_lsp_flag():
    import subprocess

    result = subprocess.run([sys.executable, "-m", "contentqa", "server"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 2 and "--lsp" in result.stderr
