"""A longer fuzz run than the test suite's: generated articles until the time is up.

    python benchmarks/fuzz.py --minutes 3

Every generated article must be checked without an exception, with each finding's span inside
the file and equal to its excerpt, and with the same output on a second run. The first failure
is printed with the input that caused it (hypothesis shrinks it first); exit 1 then.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import hypothesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_hostile import MARKUP, TEXT, assert_findings_consistent  # noqa: E402


def batch(seed: int, size: int) -> None:
    """One batch of generated articles, reproducible from its seed."""

    @hypothesis.seed(seed)
    @settings(max_examples=size, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text=st.one_of(MARKUP, TEXT), fmt=st.sampled_from(["text", "markdown", "html"]))
    def run(text: str, fmt: str) -> None:
        assert_findings_consistent(text, fmt)

    run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    seed, batches = args.seed, 0
    while time.monotonic() < deadline:
        try:
            batch(seed, 200)
        except Exception as exc:  # hypothesis has already printed the shrunk failing example
            print(f"fuzz: FAIL in batch seed {seed}: {type(exc).__name__}: {exc}")
            return 1
        seed, batches = seed + 1, batches + 1
    print(f"fuzz: {batches * 200} generated articles in {args.minutes:g} min "
          f"(seeds {args.seed}..{seed - 1}), no failure")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
