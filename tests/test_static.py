"""The code base stays type-checked and lint-clean: both run as part of the tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.parametrize("command", [
    ["ruff", "check", "contentqa", "tests", "benchmarks"],
    ["mypy", "contentqa"],
])
def test_static_checks(command):
    pytest.importorskip(command[0])
    result = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
