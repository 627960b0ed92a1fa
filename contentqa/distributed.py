"""Checking files on an existing dask.distributed cluster (`check --engine dask --scheduler ADDRESS`).

The same per-file work as parallel.py, on the scheduler's workers: this process (the client) lists
the files, sends each one out and hands the results back in input order, with a bounded window of
files in flight. By default it sends the decoded text, so only the client needs to read the
files; with shared storage it sends the path and the worker reads the file itself.

Each worker builds the rules once per run, from their codes and the configuration (sent once to
every worker). Rules that read other files (image and link targets) run on the client when a
result comes back, as on a cache hit: their paths resolve against the client's folders, as in a
local run, so the findings are the same.

dask is imported only when this engine is used; the workers need contentqa installed (the same
version) and whatever the configuration refers to (its rule packs, its spaCy model).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Config, ConfigError
from .parallel import IN_FLIGHT_PER_JOB, Fatal, _registered_codes, check_elsewhere, rebuild_rules

if TYPE_CHECKING:
    from .engine import FileResult, Source
    from .rule import Rule

DEFAULT_TIMEOUT = 10.0  # seconds to reach the scheduler, and to see a worker on it
INSTALL_HINT = "--engine dask needs dask.distributed: install contentqa[dask]"


@dataclass(frozen=True)
class Setup:
    """What a worker needs to build the rules of a run; sent once to every worker."""

    config: Config
    codes: tuple[str, ...]
    version: str


class Cluster:
    """Checks sources on a dask.distributed cluster; the same shape as parallel.Runner."""

    def __init__(self, config: Config, rules: list[Rule], address: str, *, shared_storage: bool = False,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise ConfigError(INSTALL_HINT) from exc
        from .cache import ResultCache

        self.config, self.rules = config, rules
        # check_paths sends paths, not texts, to an engine with a submit_path.
        self.submit_path: Callable[[str], _Remote] | None = self._send_path if shared_storage else None
        # Image and link targets resolve against the client's folders: those rules run here.
        self.local = [r for r in rules if ResultCache.reads_other_files(r)]
        codes = _registered_codes(config, [r for r in rules if not ResultCache.reads_other_files(r)])
        if codes is None:
            raise ConfigError("--engine dask runs only the registered rules and rule packs")
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot reach the dask scheduler at {address}: {_line(exc)}") from exc
        try:
            self.client.wait_for_workers(1, timeout=timeout)
            threads = sum(self.client.nthreads().values())
            self.window = max(1, threads) * IN_FLIGHT_PER_JOB
            # Broadcast once; each task refers to it, so the configuration is not sent per file.
            self._setup = self.client.scatter(Setup(config, codes, __version__), broadcast=True, hash=False)
        except (OSError, TimeoutError) as exc:
            self.client.close()
            raise ConfigError(f"the dask scheduler at {address} has no workers ready: {_line(exc)}") from exc

    def submit(self, source: Source) -> _Remote:
        """Send the decoded text of a file (the workers need not see the file)."""
        future = self.client.submit(_check_remote, self._setup.key, self._setup, source, pure=False)
        return _Remote(self, future, source.path, source.format, source)

    def _send_path(self, path: str) -> _Remote:
        """With shared storage: send only the path; the worker reads the file at the same path."""
        from .files import detect_format

        future = self.client.submit(_check_remote, self._setup.key, self._setup, (os.path.abspath(path), path),
                                    pure=False)
        return _Remote(self, future, path, detect_format(path, ""), None)

    def finish(self, pending: _Remote) -> FileResult:
        """The worker's result, with the findings of the rules that run on the client added."""
        from .engine import FileResult, Source, _complete, check_source

        try:
            outcome = pending.future.result()
        except Exception as exc:  # a lost worker, a task the scheduler gave up on, a lost scheduler
            return FileResult(pending.path, pending.format,
                              error=f"the cluster could not check this file ({type(exc).__name__}: {_line(exc)})")
        finally:
            pending.future.release()
        if isinstance(outcome, Fatal):
            raise ConfigError(outcome.message)
        if outcome.error is not None or not self.local:
            return outcome
        source = pending.source
        if source is None:  # shared storage: the worker read the file and sent its text back
            assert outcome.text is not None
            source = Source(outcome.path, outcome.text, outcome.format, outcome.encoding)
        completed = _complete(outcome, source, self.config, self.local)
        return completed if completed is not None else check_source(source, self.config, self.rules)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        # Closing the client releases its futures: the scheduler drops the files still queued.
        self.client.close()


class _Remote:
    """A file sent to the cluster."""

    def __init__(self, cluster: Cluster, future: Any, path: str, fmt: str, source: Source | None) -> None:
        self.cluster, self.future, self.path, self.format, self.source = cluster, future, path, fmt, source
        self._result: FileResult | None = None

    def done(self) -> bool:
        return self._result is not None or bool(self.future.done())

    def result(self) -> FileResult:
        if self._result is None:
            self._result = self.cluster.finish(self)
        return self._result


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# On a worker: the rules built for each recent run, by the key of its broadcast Setup.
_built: OrderedDict[str, tuple[Config, list[Rule]]] = OrderedDict()
_building = threading.Lock()
_KEEP = 4  # runs whose rules a long-lived worker keeps


def _rules_on_worker(key: str, setup: Setup) -> tuple[Config, list[Rule]]:
    with _building:  # a worker with several threads builds the rules once
        if key not in _built:
            if setup.version != __version__:
                raise ConfigError(f"the dask worker has contentqa {__version__}, the client {setup.version}: "
                                  "install the same version on both")
            _built[key] = (setup.config, rebuild_rules(setup.config, setup.codes, warm_up=True))
            while len(_built) > _KEEP:
                _built.popitem(last=False)
        return _built[key]


def _check_remote(key: str, setup: Setup, item: Source | tuple[str, str]) -> FileResult | Fatal:
    """Check one file on a worker: a decoded Source, or (path to read, path to show)."""
    from .engine import FileResult, load
    from .nlp import ModelError
    from .packs import PackError

    try:
        config, rules = _rules_on_worker(key, setup)
    except (PackError, ConfigError, ModelError) as exc:  # PackError does not survive pickling
        return Fatal(str(exc))
    if isinstance(item, tuple):
        real, shown = item
        loaded = load(real, config, stdin_name=shown)  # read here; shown as the client names it
        if isinstance(loaded, FileResult):
            return loaded
        return check_elsewhere(loaded, config, rules)  # with its text: the client has not read it
    result = check_elsewhere(item, config, rules)
    if not isinstance(result, Fatal):
        result.text = None  # the client has it
    return result
