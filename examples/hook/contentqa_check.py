#!/usr/bin/env python3
"""Send a draft to `contentqa serve` and fail when it does not pass: for any CMS webhook, build
step or script that has the article as a file or on stdin. Python 3.9+, standard library only.

    CONTENTQA_URL=http://127.0.0.1:8750 CONTENTQA_TOKEN=... python contentqa_check.py post.md
    cat post.html | python contentqa_check.py - --format html --path blog/post.html --image /img/a.png

Prints the findings as `path:line:col: CODE [severity] message`. Exit codes: 0 the draft passes the
service's gate, 1 it does not, 2 the request failed (the service's error is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    parser = argparse.ArgumentParser(description="Check a draft with a contentqa service.")
    parser.add_argument("file", help="the draft, or '-' for stdin")
    parser.add_argument("--format", choices=("md", "html", "txt"), default=None, help="default: from the name")
    parser.add_argument("--path", default=None, help="the draft's path in the site (default: the file name)")
    parser.add_argument("--title", default=None, help="the title, when the CMS keeps it outside the content")
    parser.add_argument("--image", action="append", default=None, help="an image file the site has (repeat)")
    parser.add_argument("--link", action="append", default=None, help="a linked file the site has (repeat)")
    parser.add_argument("--url", default=os.environ.get("CONTENTQA_URL", "http://127.0.0.1:8750"))
    args = parser.parse_args()
    token = os.environ.get("CONTENTQA_TOKEN", "")
    content = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    draft: dict[str, object] = {"content": content}
    path = args.path or (None if args.file == "-" else os.path.basename(args.file))
    if path:
        draft["path"] = path
    if args.format:
        draft["format"] = args.format
    if args.title:
        draft["metadata"] = {"title": args.title}
    if args.image is not None:
        draft["images"] = args.image
    if args.link is not None:
        draft["links"] = args.link
    request = urllib.request.Request(args.url.rstrip("/") + "/check", data=json.dumps(draft).encode("utf-8"),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            report = json.load(response)
    except urllib.error.HTTPError as exc:
        print(f"contentqa: {exc.code}: {exc.read().decode('utf-8', 'replace')}", file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError) as exc:
        print(f"contentqa: cannot reach {args.url}: {exc}", file=sys.stderr)
        return 2
    entry = report["files"][0]
    for f in entry["findings"]:
        print(f"{entry['path']}:{f['line']}:{f['column']}: {f['rule']} [{f['severity']}] {f['message']}")
    summary = report["summary"]
    verdict = "passes" if report["gate"]["passed"] else "does not pass"
    print(f"{entry['path']} {verdict} (fail-on {report['gate']['fail_on']}): {summary['errors']} errors, "
          f"{summary['warnings']} warnings, {summary['info']} info", file=sys.stderr)
    return 0 if report["gate"]["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
