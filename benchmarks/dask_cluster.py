"""`contentqa check --engine dask` beside a local run, on a two-worker cluster on this machine.

    python benchmarks/dask_cluster.py             # 200 corpus articles
    python benchmarks/dask_cluster.py --files 500

Starts a dask.distributed LocalCluster (2 worker processes, 1 thread each, no dashboard), then
times whole `contentqa check --format json --no-cache` processes over the same articles from
../shared/corpus: local (worker processes on all cores), dask sending the text (cold: the
workers build the rules and load the NLP pipeline; warm: a second run on the same workers) and
dask with --shared-storage (the workers read the files). The JSON reports must be identical to
the local one; the script exits 1 if any is not.

On one machine the cluster has the same cores as the local pool, plus sending files and results
over TCP: the figures show that the round trip costs little and that results do not change; the
point of the engine is more machines. Times drift with the machine's load: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".." / "shared" / "corpus"
ARTICLE_SUFFIXES = (".txt", ".md", ".html")


def articles(count: int) -> list[str]:
    """`count` articles spread evenly over the corpus MANIFEST (all its folders), in a fixed order."""
    rows = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    paths = [row.split("\t")[0] for row in rows if row.split("\t")[0].endswith(ARTICLE_SUFFIXES)]
    step = max(1, len(paths) // count)
    return [str(CORPUS / p) for p in paths[::step][:count]]


def run(files: list[str], *options: str) -> tuple[float, str, int]:
    """Wall time, JSON report and exit code of one `contentqa check` process."""
    command = [sys.executable, "-m", "contentqa", "check", "--format", "json", "--no-cache", *options, *files]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1, 2) or not done.stdout:
        sys.exit(f"contentqa {' '.join(options)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return seconds, done.stdout, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200, help="corpus articles to check (default 200)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print("../shared/corpus is not present: nothing to measure")
        return 0
    from distributed import LocalCluster

    files = articles(args.files)
    report = json.loads(run(files)[1])  # also warms the disk cache, so no run pays for first reads
    findings = sum(len(f["findings"]) for f in report["files"])
    print(f"{len(files)} articles, {findings} findings")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
        runs = {"local (--jobs = all cores)": run(files),
                "dask, text sent (cold workers)": run(files, *dask),
                "dask, text sent (warm workers)": run(files, *dask),
                "dask, --shared-storage": run(files, *dask, "--shared-storage")}
    base_seconds, base_json, base_code = runs["local (--jobs = all cores)"]
    identical = True
    print(f"{'run':<32} {'seconds':>8} {'vs local':>9}  identical JSON")
    for name, (seconds, output, code) in runs.items():
        same = output == base_json and code == base_code
        identical &= same
        print(f"{name:<32} {seconds:8.2f} {seconds / base_seconds:8.2f}x  {'yes' if same else 'NO'}")
    if not identical:
        print("the dask results differ from the local ones", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
