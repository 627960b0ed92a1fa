"""Throughput and latency of `contentqa serve` under load, beside a one-file CLI run.

    python benchmarks/serve_load.py                 # 50 corpus articles at 1, 4 and 16 clients
    python benchmarks/serve_load.py --workers 4 --articles 100

Starts the service on a free localhost port (a real uvicorn process with its worker pool), then
for each number of concurrent clients sends every article once (POST /check, the article as
the draft), with that many requests in flight, and prints requests per second and the p50/p95
latency of a request. The articles are the first of each format and domain in
../shared/corpus/MANIFEST.tsv, taken in turn (skipped cleanly when the corpus is absent). The
CLI figure is one `contentqa check --no-cache FILE` process, timed in the same run: what a hook
without the service would pay per article.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.lsp_latency import cli_seconds  # noqa: E402  (the same one-file CLI timing)

CORPUS = ROOT / ".." / "shared" / "corpus"
FORMATS = {"md": "md", "markdown": "md", "html": "html", "txt": "txt", "text": "txt"}
MAX_BYTES = 1024 * 1024


def articles(count: int) -> list[Path]:
    """`count` corpus articles, spread over the corpus's domains and formats."""
    rows = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    groups: dict[tuple[str, str], list[Path]] = {}
    for row in rows:
        fields = row.split("\t")
        path = CORPUS / fields[0]
        if path.is_file() and path.stat().st_size < MAX_BYTES:
            groups.setdefault((fields[5], fields[6]), []).append(path)
    chosen: list[Path] = []
    while len(chosen) < count and any(groups.values()):
        for key in sorted(groups):
            if groups[key] and len(chosen) < count:
                chosen.append(groups[key].pop(0))
    return chosen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def load(url: str, token: str, drafts: list[dict[str, str]], clients: int) -> tuple[float, list[float], dict[int, int]]:
    """Send every draft once with `clients` requests in flight: wall time, latencies, status counts."""
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for draft in drafts:
        queue.put_nowait(draft)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120,
                                 limits=limits, trust_env=False) as client:
        async def worker() -> None:
            while not queue.empty():
                draft = queue.get_nowait()
                started = time.perf_counter()
                response = await client.post("/check", json=draft)
                latencies.append(time.perf_counter() - started)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return time.perf_counter() - started, latencies, statuses


def wait_healthy(url: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the service exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit("the service did not become healthy in time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="the service's --workers")
    parser.add_argument("--clients", default="1,4,16", help="concurrent clients, comma-separated")
    args = parser.parse_args()
    if not (CORPUS / "MANIFEST.tsv").is_file():
        print(f"skipped: the corpus is not at {CORPUS.resolve()}")
        return 0
    paths = articles(args.articles)
    drafts = [{"content": p.read_text(encoding="utf-8", errors="replace"), "format": FORMATS.get(p.suffix[1:], "txt"),
               "path": p.relative_to(CORPUS).as_posix()} for p in paths]
    words = sum(len(d["content"].split()) for d in drafts)
    median_article = sorted(paths, key=lambda p: p.stat().st_size)[len(paths) // 2]
    cli = cli_seconds(median_article)

    token, port = secrets.token_urlsafe(24), free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CONTENTQA_SERVE_TOKEN": token}
    server = subprocess.Popen([sys.executable, "-m", "contentqa", "serve", "--port", str(port), "--workers",
                               str(args.workers), "--queue", "64", "--log-level", "warning"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(url, server)
        asyncio.run(load(url, token, drafts[: args.workers * 2], args.workers))  # every worker warm
        print(f"{len(drafts)} corpus articles ({words} words, formats "
              f"{', '.join(sorted({d['format'] for d in drafts}))}); service with {args.workers} workers "
              f"on {os.cpu_count()} cores")
        print(f"one-file CLI run (contentqa check --no-cache, whole process, median-size article "
              f"{median_article.name}): {cli * 1000:.0f} ms = {1 / cli:.2f} articles/s")
        print(f"{'clients':>7}  {'req/s':>6}  {'p50 ms':>7}  {'p95 ms':>7}  statuses")
        for clients in (int(c) for c in args.clients.split(",")):
            elapsed, latencies, statuses = asyncio.run(load(url, token, drafts, clients))
            print(f"{clients:>7}  {len(latencies) / elapsed:>6.2f}  {percentile(latencies, 50) * 1000:>7.0f}  "
                  f"{percentile(latencies, 95) * 1000:>7.0f}  "
                  f"{', '.join(f'{s}: {n}' for s, n in sorted(statuses.items()))}")
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
