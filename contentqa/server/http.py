"""`contentqa serve`: the HTTP service that CMS pre-publish hooks call.

    POST /check    a draft (JSON) -> the JSON output contract of `contentqa check --format json`
    POST /report   a draft (JSON) -> the self-contained HTML pre-publish report
    GET  /rules    every rule: code, name, category, severity, summary, docs
    GET  /health   liveness and load; needs no token

Every request but /health needs `Authorization: Bearer <token>`. Checks run in a bounded pool of
worker processes (pebble): a check that overruns the timeout has its worker stopped and
replaced, so one huge draft holds one worker for at most that long and the others go on; a
full queue is refused with 503 rather than piling up. Nothing a request sends is read from or
written to disk, and nothing is fetched. Logs are JSON lines on stderr, one per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import json
import logging
import multiprocessing
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any, Callable

from pebble import ProcessExpired, ProcessPool
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..config import ConfigError
from ..engine import FileResult, RuleCrash, exit_code
from . import TOKEN_ENV, rule_text
from .drafts import Base, Draft, DraftError, check_draft, load_base, read_draft, report_draft

log = logging.getLogger("contentqa.serve")

BODY_TIMEOUT = 30.0  # seconds a client may take to send its body


@dataclass
class Settings:
    token: str | None
    workers: int = 2
    queue: int = 32
    timeout: float = 30.0
    max_bytes: int = 1024 * 1024
    base: Base = field(default_factory=Base)


class Refused(Exception):
    """A request answered with an error status and a JSON body {"error": message}."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


def _warm() -> None:
    """Load the rules and the NLP pipeline in a worker before its first request."""
    check_draft(Draft("# Warm-up\n\nBotox treats migraines; this sentence warms the pipeline.\n", "markdown",
                      "warm-up.md"), Base())


def _context() -> Any:
    # Forked workers start with what the service process has loaded (rules, spaCy): a worker
    # replaced after a timeout is ready at once. Where fork is missing, the default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork") if "fork" in methods else multiprocessing.get_context()


class Checker:
    """The bounded pool of worker processes and the count of requests it holds."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool: ProcessPool | None = None
        self.held = 0

    def start(self) -> None:
        _warm()
        self.pool = ProcessPool(max_workers=self.settings.workers, context=_context())

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.stop()
            self.pool.join(timeout=10)

    async def run(self, function: Callable[[Draft, Base], Any], draft: Draft) -> Any:
        if self.held >= self.settings.workers + self.settings.queue:
            raise Refused(503, "the service is busy; try again shortly", {"Retry-After": "2"})
        assert self.pool is not None
        self.held += 1
        try:
            future = self.pool.schedule(function, args=(draft, self.settings.base), timeout=self.settings.timeout)
            try:
                return await asyncio.wrap_future(future)
            except asyncio.CancelledError:
                future.cancel()  # the client went away: stop its worker too
                raise
        except FutureTimeout as exc:
            raise Refused(504, f"the check took longer than {self.settings.timeout:g} s and was stopped") from exc
        except DraftError as exc:
            raise Refused(422, str(exc)) from exc
        except RuleCrash as exc:
            raise Refused(500, str(exc).splitlines()[0]) from exc
        except ProcessExpired as exc:
            raise Refused(500, f"the worker checking this draft stopped unexpectedly ({exc})") from exc
        finally:
            self.held -= 1


def contract(result: FileResult, fail_on: str) -> dict[str, Any]:
    """The `--format json` document for one draft, and (added) whether it passes the gate."""
    from ..report import summary

    counts = summary([result])
    return {"tool": {"name": "contentqa", "version": __version__}, "files": [result.to_json()],
            "summary": {k: counts[k] for k in ("files", "errors", "warnings", "info")},
            "gate": {"fail_on": fail_on, "passed": exit_code([result], fail_on) == 0}}


def _check_result(draft: Draft, base: Base) -> dict[str, Any]:
    """Runs in a worker: the result as JSON-ready data (smaller to send back than the objects)."""
    from .drafts import request_config

    result = check_draft(draft, base)
    return contract(result, request_config(base, draft).fail_on)


def build_app(settings: Settings) -> Starlette:
    checker = Checker(settings)
    from ..registry import all_rules

    rules = [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
              "summary": r.summary, "fixable": r.fixable, "docs": rule_text(r)}
             for r in all_rules(tuple(settings.base.config.packs))]

    def authorize(request: Request) -> None:
        if settings.token is None:
            return
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise Refused(401, "missing bearer token (send 'Authorization: Bearer <token>')",
                          {"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.strip().encode(), settings.token.encode()):
            raise Refused(401, "wrong bearer token", {"WWW-Authenticate": 'Bearer error="invalid_token"'})

    async def draft_of(request: Request) -> Draft:
        authorize(request)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise Refused(415, "send the draft as JSON (Content-Type: application/json)")
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > settings.max_bytes):
            raise Refused(413, f"the body is over the limit of {settings.max_bytes} bytes")
        try:
            body = await asyncio.wait_for(_read(request, settings.max_bytes), BODY_TIMEOUT)
        except asyncio.TimeoutError as exc:
            raise Refused(408, f"the body did not arrive within {BODY_TIMEOUT:g} s") from exc
        try:
            data = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise Refused(400, f"the body is not UTF-8 (byte {exc.start})") from exc
        except json.JSONDecodeError as exc:
            raise Refused(400, f"the body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") \
                from exc
        except RecursionError as exc:
            raise Refused(400, "the body's JSON is nested too deeply") from exc
        except ValueError as exc:  # e.g. an integer longer than Python converts (sys.set_int_max_str_digits)
            raise Refused(400, f"the body's JSON cannot be read: {exc}") from exc
        try:
            return read_draft(data)
        except DraftError as exc:
            raise Refused(422, str(exc)) from exc

    async def check(request: Request) -> Response:
        draft = await draft_of(request)
        return JSONResponse(await checker.run(_check_result, draft))

    async def report(request: Request) -> Response:
        draft = await draft_of(request)
        return HTMLResponse(await checker.run(report_draft, draft))

    async def list_rules(request: Request) -> Response:
        authorize(request)
        return JSONResponse({"rules": rules})

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "workers": settings.workers,
                             "in_progress": checker.held})

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return JSONResponse({"error": exc.message}, exc.status, headers=exc.headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return JSONResponse({"error": exc.detail}, exc.status_code, headers=exc.headers)

    async def crashed(request: Request, exc: Exception) -> Response:
        log.error("request failed", exc_info=exc)
        return JSONResponse({"error": f"internal error ({type(exc).__name__}); please report it"}, 500)

    routes = [Route("/check", check, methods=["POST"]), Route("/report", report, methods=["POST"]),
              Route("/rules", list_rules, methods=["GET"]), Route("/health", health, methods=["GET"])]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        checker.start()
        try:
            yield
        finally:
            checker.stop()

    app = Starlette(routes=routes, exception_handlers={Refused: refused, HTTPException: http_error,
                                                       Exception: crashed}, lifespan=lifespan)
    app.state.checker = checker
    return app


async def _read(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it grows past `limit` (a missing Content-Length is no way round it)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, f"the body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


# --- logging ---------------------------------------------------------------------------------

class JsonLines(logging.Formatter):
    """One JSON object a line: what log collectors read without a parsing rule."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname.lower(),
                                 "logger": record.name, "message": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class AccessLog:
    """Logs each request (method, path, status, duration, size, client) with a request id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status, sent = time.perf_counter(), 500, 0
        request_id = uuid.uuid4().hex[:16]

        async def sending(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client")
            log.info("request", extra={"fields": {
                "request_id": request_id, "method": scope["method"], "path": scope["path"], "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1), "bytes_out": sent,
                "client": client[0] if client else None}})


def _logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    for name in ("contentqa", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def settings_from(args: Any) -> Settings:
    token = args.token or os.environ.get(TOKEN_ENV) or None
    if args.no_auth:
        if not _loopback(args.host):
            raise ConfigError(f"--no-auth is only allowed on a loopback address, not {args.host}")
        token = None
    elif token is None:
        raise ConfigError(f"no token: set {TOKEN_ENV} (or --token), or use --no-auth on localhost")
    for name, value, least in (("--workers", args.workers, 1), ("--queue", args.queue, 0),
                               ("--max-bytes", args.max_bytes, 1)):
        if value < least:
            raise ConfigError(f"{name} must be at least {least}")
    if args.timeout <= 0:
        raise ConfigError("--timeout must be a positive number of seconds")
    if args.config is not None and not args.config.is_file():
        raise ConfigError(f"{args.config}: configuration file not found")
    return Settings(token, args.workers, args.queue, args.timeout, args.max_bytes, load_base(args.config))


def serve(args: Any) -> int:
    import uvicorn

    settings = settings_from(args)
    _logging(args.log_level)
    app = AccessLog(build_app(settings))
    log.info("listening", extra={"fields": {"host": args.host, "port": args.port, "workers": settings.workers,
                                            "auth": settings.token is not None}})
    uvicorn.run(app, host=args.host, port=args.port, log_config=None, access_log=False, lifespan="on",
                timeout_keep_alive=5, limit_concurrency=settings.workers + settings.queue + 16)
    return 0
