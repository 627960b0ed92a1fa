"""Diagnostics latency of `contentqa server --lsp` per change, beside a one-file CLI run.

    python benchmarks/lsp_latency.py                     # samples/botox-guide.md, 40 changes
    python benchmarks/lsp_latency.py --file post.md --changes 100

A real LSP client (pygls's) starts the server over stdio, opens the article, then types: each
change inserts one character and waits for the diagnostics of that version. Latency is from
sending the change to receiving its diagnostics, so it includes the server's debounce (the
quiet time it waits for more typing, printed beside the figures). The CLI figure is one
`contentqa check --no-cache FILE` process on the same file, timed in the same run: what an
editor would pay per check without a server.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

from contentqa.server.lsp import DEBOUNCE

ROOT = Path(__file__).resolve().parent.parent


def cli_seconds(path: Path, runs: int = 3) -> float:
    """The median wall time of a whole `contentqa check` process on one file."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "contentqa", "check", "--no-cache", "--format", "json", str(path)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def session(path: Path, changes: int) -> tuple[float, list[float]]:
    client = LanguageClient("lsp-latency", "1")
    arrived: dict[int, float] = {}
    event = asyncio.Event()

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(_client: LanguageClient, params: t.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.version] = time.perf_counter()
            event.set()

    async def wait(version: int) -> float:
        while version not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 120)
        return arrived[version]

    await client.start_io(sys.executable, "-m", "contentqa", "server", "--lsp")
    try:
        await client.initialize_async(t.InitializeParams(capabilities=t.ClientCapabilities(),
                                                         root_uri=path.parent.as_uri()))
        client.initialized(t.InitializedParams())
        text = path.read_text(encoding="utf-8")
        uri = path.resolve().as_uri()
        language = {".md": "markdown", ".html": "html"}.get(path.suffix, "plaintext")
        opened = time.perf_counter()
        client.text_document_did_open(t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
        first = await wait(1) - opened
        lines = text.split("\n")
        line = max(range(len(lines)), key=lambda n: len(lines[n]))  # type in the middle of a long line
        column = len(lines[line]) // 2
        latencies = []
        for n in range(changes):
            version = n + 2
            at = t.Position(line=line, character=column + n)
            sent = time.perf_counter()
            client.text_document_did_change(t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[t.TextDocumentContentChangePartial(range=t.Range(start=at, end=at), text="x")]))
            latencies.append(await wait(version) - sent)
        await client.shutdown_async(None)
        client.exit(None)
        await asyncio.wait_for(client.stop(), 30)
        return first, latencies
    finally:
        server = getattr(client, "_server", None)
        if server is not None and server.returncode is None:
            server.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=ROOT / "samples" / "botox-guide.md")
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()
    path: Path = args.file
    words = len(path.read_text(encoding="utf-8").split())
    cli = cli_seconds(path)
    first, latencies = asyncio.run(session(path, args.changes))
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    print(f"file: {path} ({words} words)")
    print(f"one-file CLI run (contentqa check --no-cache, whole process): {cli * 1000:.0f} ms")
    print(f"LSP first diagnostics after open (server just started): {first * 1000:.0f} ms")
    print(f"LSP diagnostics latency per change over {len(latencies)} changes (debounce {DEBOUNCE * 1000:.0f} ms "
          f"included): p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    print(f"  without the debounce: p50 {(p50 - DEBOUNCE) * 1000:.0f} ms, p95 {(p95 - DEBOUNCE) * 1000:.0f} ms; "
          f"p50 is {cli / p50:.1f}x faster than a CLI run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
