"""Rule behaviour as data: every `tests/cases/*.yml` entry is one test.

An entry:
    - name: glued keyword and number
      format: text                # text | markdown | html (default text)
      select: [TOK001]            # the rules under test
      input: "Botox has  dermalfillers2000  a go-to solution."
      expect:                     # exactly these findings of the selected rules, in order
        - {rule: TOK001, line: 1, column: 12, end_column: 29, severity: error, message: dermalfillers2000}
      fixed: "..."                # optional: the text after applying safe fixes
      config: {vocabulary: [...]} # optional: configuration keys as in .contentqa.toml
      path: docs/a.html           # optional: the file name the input is checked under
`message` is a fragment the message must contain; fields left out are not checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contentqa.config import from_mapping
from contentqa.fixes import apply_fixes

from .conftest import lint

CASES_DIR = Path(__file__).parent / "cases"


def _cases() -> list[object]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict[str, object], tmp_path: Path) -> None:
    fmt = str(case.get("format", "text"))
    config = from_mapping(dict(case.get("config", {}) or {}))  # type: ignore[arg-type]
    if case.get("root") == "tmp":
        config.root = tmp_path
    text = str(case["input"])
    findings = lint(text, fmt, list(case["select"]), config=config,  # type: ignore[arg-type]
                    path=str(case["path"]) if "path" in case else None)
    expected = list(case.get("expect") or [])  # type: ignore[call-overload]
    got = [
        {"rule": f.rule, "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
         "severity": f.severity, "message": f.message, "excerpt": f.excerpt}
        for f in findings
    ]
    assert len(got) == len(expected), f"expected {len(expected)} findings, got {len(got)}:\n" + "\n".join(map(str, got))
    for want, have in zip(expected, got, strict=True):
        for key, value in want.items():
            if key == "message":
                assert str(value) in str(have["message"]), (want, have)
            else:
                assert have[key] == value, (key, want, have)
    if "fixed" in case:
        fixed, _ = apply_fixes(text, findings)
        assert fixed == case["fixed"]
        # A fixed text re-checks clean of the findings that were fixed.
        again = lint(fixed, fmt, list(case["select"]), config=config)  # type: ignore[arg-type]
        assert not [f for f in again if f.fix and f.fix.safe]
