"""Finding messages: one line each, saying what the threshold says; run as a user runs contentqa."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path


def findings(folder: Path, name: str, text: str, select: str) -> list[dict]:
    (folder / name).write_text(text)
    run = subprocess.run([sys.executable, "-m", "contentqa", "check", "--format", "json", "--select", select, name],
                         cwd=folder, capture_output=True, text=True, timeout=300,
                         env={"CONTENTQA_NO_CACHE": "1", "PATH": "/usr/bin:/bin", "HOME": str(folder)})
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)["files"][0]["findings"]


def test_a_span_across_lines_gives_a_one_line_message(tmp_path):
    (found,) = findings(tmp_path, "a.txt", "Apply the\nthe cream.\n", "TOK008")
    assert found["message"] == "Repeated word 'the the'" and found["excerpt"] == "the\nthe"


def test_title_length_message_names_the_limit_that_was_passed(tmp_path):
    narrow = '---\ntitle: "Botox aftercare tips: what to do in the first days after injection"\n---\n\nText.\n'
    # Titles are judged by their width, as search results cut them; a character limit is an option.
    assert findings(tmp_path, "a.md", narrow, "SEO002") == []
    (tmp_path / ".contentqa.toml").write_text("[rules.SEO002]\nmax = 60\n")
    (found,) = findings(tmp_path, "a.md", narrow, "SEO002")
    (tmp_path / ".contentqa.toml").unlink()
    pixels = int(re.search(r"about (\d+) px", found["message"])[1])
    assert pixels < 600 and "cut" not in found["message"]
    assert found["message"] == f"Title is 66 characters (about {pixels} px), over the limit of 60 characters"
    wide = '---\ntitle: "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM Botox"\n---\n\nText.\n'
    (found,) = findings(tmp_path, "b.md", wide, "SEO002")
    pixels = int(re.search(r"about (\d+) px", found["message"])[1])
    assert pixels > 600 and found["message"].endswith("search results show about 600 px and cut the rest")


FDA = ("These statements have not been evaluated by the Food and Drug Administration. This product is not "
       "intended to diagnose, treat, cure, or prevent any disease.")


def test_passive_voice_leaves_the_required_fda_statement_alone(tmp_path):
    only = f"# Vitamin D\n\nVitamin D supports healthy bones. Take one capsule with food. Keep it cool.\n\n{FDA}\n"
    assert findings(tmp_path, "a.md", only, "RDB007") == []
    mixed = f"# Vitamin D\n\nThe capsules are made in Ohio. The bottles are sealed by hand. Take one.\n\n{FDA}\n"
    found = findings(tmp_path, "b.md", mixed, "RDB007")
    assert [f["excerpt"] for f in found] == ["are made", "are sealed"]
    assert "(2 of 5 sentences, 40%" in found[0]["message"]
    # The same passive sentence that is not a disclaimer is still reported.
    other = "# X\n\nThese results have been evaluated by the research team. Take one capsule.\n"
    assert [f["excerpt"] for f in findings(tmp_path, "c.md", other, "RDB007")] == ["been evaluated"]
