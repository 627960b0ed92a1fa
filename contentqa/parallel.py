"""Checking files in worker processes, results in input order.

The pool starts only when a second file needs checking, so one file (or a run whose files all
come from the cache) pays no start-up for workers. This process checks the first file itself,
which loads the rules, the NLP pipeline and the word tables; the workers are then forked (where
the system can fork) and share all of it instead of each loading its own. Where workers are
spawned, each builds the rules and the pipeline once (the pool initializer).
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from .config import Config, ConfigError

if TYPE_CHECKING:  # concurrent.futures is imported when a pool starts, not at start-up
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

    from .engine import FileResult, Source
    from .rule import Rule

IN_FLIGHT_PER_JOB = 4  # files sent ahead per worker: keeps workers busy, memory bounded
_WARM_UP = "Warm-up text. It has two sentences, with words to look up.\n"


def default_jobs() -> int:
    """All cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Pending(Protocol):
    def done(self) -> bool: ...

    def result(self) -> FileResult: ...


class Engine(Protocol):
    """What check_paths sends files to: a Runner, or a cluster (distributed.Cluster).

    An engine that also has `submit_path(path) -> Pending` reads the files itself (shared storage)."""

    window: int  # files in flight before check_paths waits for the first one

    def submit(self, source: Source) -> Pending: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None: ...


class Ready:
    """A result already there (an error, a cache hit, a file checked in this process)."""

    def __init__(self, result: FileResult) -> None:
        self._result = result

    def done(self) -> bool:
        return True

    def result(self) -> FileResult:
        return self._result


class Fatal:
    """A configuration or pack error met in a worker; the run stops with it, as in-process."""

    def __init__(self, message: str) -> None:
        self.message = message


class _Deferred:
    """The first file to check: held until a second one shows the pool is worth starting, then
    checked in this process (see Runner.submit)."""

    def __init__(self, runner: Runner, source: Source) -> None:
        self.runner, self.source = runner, source
        self._result: FileResult | None = None

    def done(self) -> bool:
        return self._result is not None

    def result(self) -> FileResult:
        if self._result is None:
            from .engine import check_source

            self._result = check_source(self.source, self.runner.config, self.runner.rules)
        return self._result


class _Submitted:
    def __init__(self, future: Future[FileResult | Fatal], source: Source) -> None:
        self.future, self.source = future, source

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> FileResult:
        return _unwrap(self.future, self.source)


def _unwrap(future: Future[FileResult | Fatal], source: Source) -> FileResult:
    from concurrent.futures.process import BrokenProcessPool

    from .engine import FileResult

    try:
        outcome = future.result()
    except BrokenProcessPool:
        return FileResult(source.path, source.format, error="the worker process checking this file died "
                          "(out of memory?); check it alone with --jobs 1")
    if isinstance(outcome, Fatal):
        raise ConfigError(outcome.message)
    return outcome


class Runner:
    """Checks sources in this process (jobs=1) or in a pool of worker processes."""

    def __init__(self, config: Config, rules: list[Rule], jobs: int = 1) -> None:
        self.config, self.rules = config, rules
        self.jobs = max(1, jobs)
        self.window = self.jobs * IN_FLIGHT_PER_JOB
        self._codes = _registered_codes(config, rules) if self.jobs > 1 else None
        if self._codes is None:
            self.jobs = 1  # rules built outside the registry cannot be rebuilt in a worker
        self._pool: ProcessPoolExecutor | None = None
        self._held: _Deferred | None = None

    def submit(self, source: Source) -> Pending:
        if self.jobs == 1:
            from .engine import check_source

            return Ready(check_source(source, self.config, self.rules))
        if self._pool is None and self._held is None:
            self._held = _Deferred(self, source)
            return self._held
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            held, self._held = self._held, None
            if held is not None:
                # The first file is checked here. That loads the pipeline, the tables and the
                # packs once, and workers forked afterwards share them (copy-on-write) instead
                # of each loading its own.
                held.result()
            context = _fork_context()
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_worker,
                                             initargs=(self.config, self._codes, context is None))
        return _Submitted(self._pool.submit(_check_in_worker, source), source)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._pool is not None:
            # On an error or an interrupt, drop the queued files instead of checking them.
            self._pool.shutdown(wait=kind is None, cancel_futures=kind is not None)


def _fork_context() -> BaseContext | None:
    """Fork where the system has it (workers start at once, with what this process loaded)."""
    import gc
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # spawn: each worker loads what it needs (see _start_worker)
    # The collector writes to every object it tracks, which would copy the shared pages into
    # each worker: what is loaded by now stays out of its reach.
    gc.freeze()
    return multiprocessing.get_context("fork")


def _registered_codes(config: Config, rules: list[Rule]) -> tuple[str, ...] | None:
    from .registry import rules_for

    codes = tuple(r.code for r in rules)
    known = {id(r) for r in rules_for(codes, tuple(config.packs))}
    return codes if all(id(r) in known for r in rules) else None


_worker: tuple[Config, list[Rule]] | None = None


def rebuild_rules(config: Config, codes: tuple[str, ...], warm_up: bool) -> list[Rule]:
    """The rules of a run, built again from their codes in another process (a worker here or on
    a cluster); `warm_up` loads what they need by checking a short text, for a process that
    starts with nothing loaded."""
    from .engine import check_text
    from .registry import rules_for

    by_code = {r.code: r for r in rules_for(codes, tuple(config.packs))}
    rules = [by_code[c] for c in codes]
    if warm_up:
        try:
            check_text(_WARM_UP, "text", "warm-up.txt", config, rules)
        except Exception:  # noqa: S110 - a real file meets the same problem and reports it
            pass
    return rules


def check_elsewhere(source: Source, config: Config, rules: list[Rule]) -> FileResult | Fatal:
    """Check a source in a worker process; the errors that stop a run come back as Fatal."""
    from .engine import check_source
    from .nlp import ModelError
    from .packs import PackError

    try:
        return check_source(source, config, rules)
    except (PackError, ConfigError, ModelError) as exc:  # PackError does not survive pickling
        return Fatal(str(exc))


def _start_worker(config: Config, codes: tuple[str, ...] | None, warm_up: bool) -> None:
    """Build the rules once per worker; a spawned worker also loads what they need (a forked one
    has it from this process)."""
    global _worker
    _worker = (config, rebuild_rules(config, codes or (), warm_up))


def _check_in_worker(source: Source) -> FileResult | Fatal:
    assert _worker is not None
    result = check_elsewhere(source, *_worker)
    if not isinstance(result, Fatal):
        result.text = None  # the parent process has it
    return result
