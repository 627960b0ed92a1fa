"""Long-running front ends over the engine: a language server for editors, an HTTP service for CMS hooks."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from ..config import ConfigError
from ..rule import Rule

TOKEN_ENV = "CONTENTQA_SERVE_TOKEN"


def rule_text(rule: Rule) -> str:
    """A rule's documentation as `contentqa rule CODE` prints it."""
    fix = "yes" if rule.fixable else "no"
    return (f"{rule.code} ({rule.name})\n\n"
            f"Category: {rule.category}   Default severity: {rule.severity}   Fix: {fix}\n\n"
            f"{rule.summary}\n\n{textwrap.dedent(rule.docs)}\n")


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `contentqa serve` (the HTTP service; see server/http.py)."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    parser.add_argument("--port", type=int, default=8750, help="port to listen on (default %(default)s)")
    parser.add_argument("--token", default=None, help=f"the bearer token clients must send (default: ${TOKEN_ENV}); "
                        "prefer the environment variable, which other users cannot see in the process list")
    parser.add_argument("--no-auth", action="store_true", help="accept requests without a token (only when "
                        "listening on a loopback address)")
    parser.add_argument("--workers", type=int, default=2, metavar="N",
                        help="checks run at once, each in its own process (default %(default)s)")
    parser.add_argument("--queue", type=int, default=32, metavar="N",
                        help="requests that may wait for a worker; more are refused with 503 (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="longest a check may take; its worker is then stopped and replaced (default %(default)s)")
    parser.add_argument("--max-bytes", type=int, default=1024 * 1024, metavar="N",
                        help="largest request body accepted, in bytes (default %(default)s)")
    parser.add_argument("--config", type=Path, default=None, help="a .contentqa.toml or pyproject.toml applied to "
                        "every request (a request's own `config` adds to it)")
    parser.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="info")


def run(args: argparse.Namespace) -> int:
    """`contentqa server --lsp` and `contentqa serve`; both need the `server` extra."""
    try:
        if args.verb == "server":
            from .lsp import serve_stdio

            return serve_stdio()
        from .http import serve

        return serve(args)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("pygls", "lsprotocol", "starlette", "uvicorn", "pebble"):
            raise ConfigError(f"`contentqa {args.verb}` needs {exc.name}: pip install 'contentqa[server]'") from exc
        raise
