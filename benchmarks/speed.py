"""Speed of `contentqa check` on the real corpus, beside proselint on the same files.

    python benchmarks/speed.py                  # cold start, growth 1x/4x/16x of --base, jobs 1 vs 2
    python benchmarks/speed.py --archive 10000  # also the 10,000-file archive

Every figure is a whole process, timed from outside (`contentqa check --no-cache`, output to
/dev/null), so start-up, reading and formatting count. Cold start is shown twice: the first run
ever, which builds the derived word tables (contentqa/tables.py) in an empty table folder, and
the steady state, which reads them. The table folder is a temporary one ($CONTENTQA_CACHE_DIR),
so the figures do not depend on what earlier runs left in the user's cache. Peak memory is the largest resident set
of the run's processes (getrusage of children; a worker pool is measured per process, not
summed). Absolute times drift with the machine and its load: compare the contentqa/proselint
ratios, printed beside them.

Replicated archives are built in a temporary folder from the articles in ../shared/corpus; the
copies of an article get a suffix and a closing line of their own, so no tool can reuse an
identical text. proselint is installed once into benchmarks/.venv-proselint (pip needs the
package index); its figures are skipped, with a note, if that fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".." / "shared" / "corpus"
SEED = ROOT / "samples" / "seed-article.txt"
PROSELINT_VENV = Path(__file__).resolve().parent / ".venv-proselint"
ARTICLE_SUFFIXES = (".txt", ".md", ".html")

# Runs a command and prints its wall time and the peak resident set of its process tree (KiB).
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


@dataclass
class Run:
    seconds: float
    peak_mib: float
    code: int


# Runs two commands at once and prints the wall time until both have finished.
_MEASURE_PAIR = """
import subprocess, sys, time
half = sys.argv.index("--")
start = time.perf_counter()
runs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in (sys.argv[1:half], sys.argv[half + 1:])]
codes = [r.wait() for r in runs]
print(time.perf_counter() - start, max(codes))
"""
ENV = dict(os.environ)  # CONTENTQA_CACHE_DIR is set to a temporary table folder in main()


def measure(command: list[str], env: dict[str, str] | None = None) -> Run:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True,
                         env=env or ENV, check=True).stdout.split()
    return Run(float(out[0]), int(out[1]) / 1024, int(out[2]))


def measure_pair(first: list[str], second: list[str]) -> float:
    out = subprocess.run([sys.executable, "-c", _MEASURE_PAIR, *first, "--", *second], capture_output=True,
                         text=True, env=ENV, check=True).stdout.split()
    return float(out[0])


def articles() -> list[Path]:
    """The corpus articles listed in its MANIFEST, in a fixed order."""
    rows = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [CORPUS / row.split("\t")[0] for row in rows if row.split("\t")[0].endswith(ARTICLE_SUFFIXES)]


def build_archive(sources: list[Path], count: int, folder: Path) -> Path:
    """`count` article files: the corpus in order, then suffixed copies with a line of their own."""
    folder.mkdir(parents=True)
    for i in range(count):
        source = sources[i % len(sources)]
        copy = i // len(sources)
        relative = source.relative_to(CORPUS)
        target = folder / relative.parent / (f"{relative.stem}-copy{copy}{relative.suffix}" if copy else relative.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if copy:
            text = source.read_text(encoding="utf-8", errors="replace")
            ending = f"\n<p>Copy {copy} of this page.</p>\n" if source.suffix == ".html" else f"\n\nCopy {copy} of this article.\n"
            target.write_text(text + ending, encoding="utf-8")
        else:
            shutil.copyfile(source, target)
    return folder


def words_in(folder: Path) -> int:
    """Visible words of all files, as contentqa counts them (metrics.words)."""
    out = subprocess.run([sys.executable, "-m", "contentqa", "check", str(folder), "--no-cache", "--select", "ART001",
                          "--format", "json", "--fail-on", "never"], capture_output=True, text=True, cwd=ROOT,
                         env=ENV).stdout
    return sum(int(f.get("metrics", {}).get("words", 0)) for f in json.loads(out)["files"])


def contentqa(paths: list[str], *options: str) -> list[str]:
    return [sys.executable, "-m", "contentqa", "check", *paths, "--no-cache", "--format", "json", "--fail-on", "never",
            *options]


def proselint_command() -> tuple[list[str] | None, str]:
    """The proselint command in its own virtual environment, installing it on first use."""
    python = PROSELINT_VENV / "bin" / "python"
    if not python.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(PROSELINT_VENV)], check=True, capture_output=True)
            (PROSELINT_VENV / ".gitignore").write_text("*\n")
            subprocess.run([str(python), "-m", "pip", "install", "-q", "proselint"], check=True, capture_output=True,
                           timeout=600)
        except (subprocess.SubprocessError, OSError) as exc:
            shutil.rmtree(PROSELINT_VENV, ignore_errors=True)
            return None, f"proselint could not be installed ({type(exc).__name__}); its figures are skipped"
    version = subprocess.run([str(python), "-m", "proselint", "version"], capture_output=True, text=True).stdout.strip()
    return [str(python), "-m", "proselint", "check", "--output-format", "json"], version or "proselint"


def median_run(command: list[str], runs: int) -> Run:
    results = [measure(command) for _ in range(runs)]
    return Run(statistics.median(r.seconds for r in results), max(r.peak_mib for r in results), results[0].code)


def ratio(a: float, b: float | None) -> str:
    return f"{a / b:6.2f}x" if b else "     -"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=25, help="files in the 1x growth step (default %(default)s)")
    parser.add_argument("--archive", type=int, default=0, metavar="N", help="also time an archive of N files (10000)")
    parser.add_argument("--runs", type=int, default=5, help="cold-start runs; the median is shown")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers for the parallel runs")
    parser.add_argument("--no-proselint", action="store_true")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"speed: the corpus is not at {CORPUS.resolve()} (../shared/corpus from the project root); "
              "nothing to measure", file=sys.stderr)
        return 2
    sources = articles()
    pl, pl_note = (None, "proselint skipped (--no-proselint)") if args.no_proselint else proselint_command()
    print(f"contentqa speed: {len(sources)} corpus articles, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f}; {pl_note}")

    tables = tempfile.mkdtemp(prefix="contentqa-speed-tables-")
    ENV["CONTENTQA_CACHE_DIR"] = tables
    print(f"\nCold start on one article ({SEED.relative_to(ROOT)}), whole process, median of {args.runs} runs:")
    print(f"  {'command':<44} {'seconds':>8} {'peak MiB':>9} {'vs proselint':>13}")
    pl_cold = median_run([*pl, str(SEED)], args.runs) if pl else None
    first = measure(contentqa([str(SEED)]))  # the table folder is empty: this run builds the tables
    print(f"  {'contentqa check (all rules), first run ever':<44} {first.seconds:8.2f} {first.peak_mib:9.0f} "
          f"{ratio(first.seconds, pl_cold and pl_cold.seconds):>13}")
    rows = [("python -c pass", [sys.executable, "-c", "pass"]),
            ("contentqa check (all rules)", contentqa([str(SEED)])),
            ("contentqa check --select TOK,ART", contentqa([str(SEED)], "--select", "TOK,ART")),
            ("contentqa check --select ART,IMG,LNK", contentqa([str(SEED)], "--select", "ART,IMG,LNK"))]
    for label, command in rows:
        run = median_run(command, args.runs)
        print(f"  {label:<44} {run.seconds:8.2f} {run.peak_mib:9.0f} {ratio(run.seconds, pl_cold and pl_cold.seconds):>13}")
    if pl_cold:
        print(f"  {'proselint check':<44} {pl_cold.seconds:8.2f} {pl_cold.peak_mib:9.0f}")

    print(f"  (the other contentqa rows read the tables the first run built; load average now "
          f"{os.getloadavg()[0]:.1f})")
    with tempfile.TemporaryDirectory(prefix="contentqa-speed-") as tmp:
        steps = [("1x", args.base), ("4x", args.base * 4), ("16x", args.base * 16)]
        if args.archive:
            steps.append(("archive", args.archive))
        print(f"\nThroughput, all rules, --jobs {args.jobs} (files in worker processes) and --jobs 1; "
              "proselint is single-process:")
        print(f"  {'step':<8} {'files':>6} {'words':>9} {'tool':<22} {'seconds':>8} {'files/s':>8} {'words/s':>8} "
              f"{'peak MiB':>9} {'time vs proselint':>18}")
        seen: dict[str, list[tuple[int, float]]] = {}
        for name, count in steps:
            folder = build_archive(sources, count, Path(tmp) / name)
            words = words_in(folder)
            pl_run = measure([*pl, str(folder)]) if pl else None
            tools = [(f"contentqa --jobs {args.jobs}", contentqa([str(folder)], "--jobs", str(args.jobs)))]
            if name != "archive" or args.jobs == 1:
                tools.append(("contentqa --jobs 1", contentqa([str(folder)], "--jobs", "1")))
            times = []
            for label, command in tools:
                run = measure(command)
                times.append(run.seconds)
                seen.setdefault(label, []).append((count, run.seconds))
                print(f"  {name:<8} {count:6d} {words:9d} {label:<22} {run.seconds:8.1f} {count / run.seconds:8.1f} "
                      f"{words / run.seconds:8.0f} {run.peak_mib:9.0f} {ratio(run.seconds, pl_run and pl_run.seconds):>18}")
            if len(times) == 2:
                print(f"  {name:<8} speed-up of --jobs {args.jobs} over --jobs 1: {times[1] / times[0]:.2f}x")
                if name == "16x" and args.jobs == 2:
                    # The best two processes can do on this machine: two independent --jobs 1 runs,
                    # at once, on half the files each. Below it, the cause is the tool; at it, the
                    # machine (cores shared with other work, memory bandwidth).
                    files = sorted(str(p) for p in folder.rglob("*") if p.is_file())
                    pair = measure_pair(contentqa(files[::2], "--jobs", "1"), contentqa(files[1::2], "--jobs", "1"))
                    print(f"  {name:<8} control: two --jobs 1 processes at once, half the files each: {pair:.1f} s, "
                          f"{times[1] / pair:.2f}x over --jobs 1 (load average {os.getloadavg()[0]:.1f})")
            if pl_run:
                seen.setdefault("proselint", []).append((count, pl_run.seconds))
                print(f"  {name:<8} {count:6d} {words:9d} {'proselint':<22} {pl_run.seconds:8.1f} "
                      f"{count / pl_run.seconds:8.1f} {words / pl_run.seconds:8.0f} {pl_run.peak_mib:9.0f}")
            shutil.rmtree(folder)
    print("\nCost of one more file (from 1x to 16x: the start-up drops out), and the start-up it implies:")
    marginal = {label: (points[2][1] - points[0][1]) / (points[2][0] - points[0][0]) for label, points in seen.items()}
    for label, points in seen.items():
        n1, t1 = points[0]
        print(f"  {label:<22} {1000 * marginal[label]:7.1f} ms/file {1 / marginal[label]:7.1f} files/s   "
              f"fixed {t1 - n1 * marginal[label]:5.1f} s   per file vs proselint "
              f"{ratio(marginal[label], marginal.get('proselint')) if label != 'proselint' else '':>7}")
    print("\nGrowth is linear when seconds per file stay the same from 1x to 16x; memory is flat when peak MiB does.")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine slows every figure).")
    shutil.rmtree(tables, ignore_errors=True)
    return 0


if __name__ == "__main__":
    start = time.perf_counter()
    code = main()
    print(f"(speed.py took {time.perf_counter() - start:.0f} s)")
    raise SystemExit(code)
