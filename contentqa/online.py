"""Checking remote link and image URLs, for `check --online` (rules LNK003 and IMG007).

Nothing here runs without `--online`. With it:
- every request, and every redirect hop, first passes a guard: the host is resolved and refused
  when any of its addresses is loopback, private, link-local, multicast, reserved or a cloud
  metadata endpoint, unless `online-allow-hosts` names it. The request then goes to the very
  address that was checked (the name is kept for the Host header and TLS), so a name that
  resolves differently a second time cannot lead elsewhere. An article in a pull request must
  not make CI probe internal hosts;
- redirects are followed here, hop by hop, up to MAX_REDIRECTS;
- HEAD first, GET (headers only, the body is never read) when a server refuses HEAD;
- a bounded number of retries on 429 and 502-504 that honour Retry-After up to a maximum wait;
- at most `online-concurrency` requests at once, each with `online-timeout`;
- results are kept per run (a URL in many articles is fetched once) and in `urls.sqlite3` in the
  cache folder (`$CONTENTQA_CACHE_DIR` or `.contentqa-cache/`), for `online-cache-days` when the
  URL worked and at most an hour when it did not. `--no-cache` or CONTENTQA_NO_CACHE=1 turn the
  stored results off; a store that cannot be read is ignored.
"""

from __future__ import annotations

import email.utils
import fnmatch
import hashlib
import ipaddress
import json
import re
import socket
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .parsers.prose import URL

if TYPE_CHECKING:
    import httpx

    from .config import Config
    from .context import Context
    from .document import Document
    from .rule import Finding, Rule

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_REDIRECTS = 10
RETRIES = 2  # extra attempts after a 429, a 502-504 or a dropped connection
MAX_RETRY_WAIT = 10.0  # seconds; a longer Retry-After is reported instead of waited for
BACKOFF = 0.5  # seconds before the first retry when the server gives no Retry-After; doubles each time
FAILURE_TTL = 3600.0  # a failing URL is checked again after an hour at most: it may be fixed by then
STORE_NAME = "urls.sqlite3"
USER_AGENT = f"contentqa/{__version__}"

_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_HEAD_REFUSED = {403, 405, 501}  # servers that answer HEAD with these often answer GET
_RETRY_STATUS = {429, 502, 503, 504}
_TEMPLATE = re.compile(r"\{\{|\{%|\$\{|<%")
_WEB = re.compile(r"^https?://", re.I)

# Names of cloud metadata services, and name suffixes that only exist on internal networks.
METADATA_NAMES = frozenset({"metadata", "metadata.google.internal", "metadata.goog", "instance-data",
                            "instance-data.ec2.internal", "metadata.azure.internal", "metadata.tencentyun.com"})
_INTERNAL_SUFFIXES = ("localhost", ".localhost", ".internal", ".local", ".localdomain", ".home.arpa", ".intranet",
                      ".lan", ".corp")
# Metadata endpoints, including the ones that are not in a private range (Azure's wire server).
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "168.63.129.16", "192.0.0.192"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class Outcome:
    """What checking one URL found.

    kind: "ok", "http" (an error status), "timeout", "dns" (host not found), "connect",
    "redirects" (too many), "invalid", "blocked" (not fetched: not a public address) or
    "skipped" (matches `online-skip`).
    """

    kind: str
    status: int | None = None
    final_url: str | None = None  # where redirects led, when they did
    moved_to: str | None = None  # where the leading permanent redirects (301, 308) lead
    detail: str = ""
    redirected: bool = False  # the problem is at a redirect target, not at the URL itself
    checked_at: float = 0.0

    @property
    def severity(self) -> str | None:
        """error for a page that is gone or a host that does not exist, info for what was not
        checked, warning for what may pass on another try; None when the URL works."""
        if self.kind in ("ok", "skipped"):
            return None
        if self.kind == "http":
            return "error" if self.status in (404, 410) else "warning"
        if self.kind == "dns":
            return "error"
        return "info" if self.kind == "blocked" else "warning"

    def describe(self) -> str:
        """The outcome as the end of a sentence that starts with the URL."""
        via = f" (redirected to {self.final_url})" if self.final_url else ""
        if self.kind == "http":
            return f"returns HTTP {self.status}{self.detail}{via}"
        if self.kind == "timeout":
            return f"timed out after {self.detail}{via}"
        if self.kind == "dns":
            return f"failed: host not found{via}"
        if self.kind == "connect":
            return f"failed: {self.detail}{via}"
        if self.kind == "redirects":
            return f"has too many redirects (more than {MAX_REDIRECTS})"
        if self.kind == "blocked":
            if self.redirected:
                return f"redirects to {self.detail}: blocked, not checked"
            return f"points at {self.detail}; not checked (allow it with online-allow-hosts)"
        return self.detail


class _Stop(Exception):
    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome


def remote_url(raw: str | None) -> str | None:
    """The http(s) URL a link or image points at, without its fragment; None when it is not remote."""
    if raw is None:
        return None
    value = raw.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    if value.startswith("//"):
        value = "https:" + value
    if not _WEB.match(value) or _TEMPLATE.search(value):
        return None
    return value.split("#", 1)[0]


def bare_urls(doc: Document) -> Iterator[tuple[str, int, int]]:
    """(url, start, end) of the http(s) URLs written out in a plain-text article, which has no links."""
    if doc.format != "text":
        return
    for block in doc.blocks:
        for m in URL.finditer(block.text):
            url = remote_url(m.group())
            if url:
                start, end = block.source_span(*m.span())
                yield url, start, end


def non_public(ip: IPAddress) -> str | None:
    """What kind of non-public address this is ("a loopback address 127.0.0.1"), or None when public."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return non_public(embedded)
    kind = ("a cloud metadata address" if ip in METADATA_ADDRESSES else
            "a loopback address" if ip.is_loopback else
            "a link-local address" if ip.is_link_local else
            "a multicast address" if ip.is_multicast else
            "an unspecified address" if ip.is_unspecified else
            "a private address" if ip.is_private else
            "a reserved address" if ip.is_reserved or not ip.is_global else None)
    return f"{kind} ({ip})" if kind else None


@dataclass(frozen=True)
class Policy:
    """Which non-public hosts may be fetched: `online-allow-hosts` entries are host names (globs
    such as `*.staging.example.com`) or addresses and networks (`127.0.0.1`, `10.1.0.0/16`)."""

    names: tuple[str, ...] = ()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def of(cls, hosts: Iterable[str]) -> Policy:
        names: list[str] = []
        networks: list[IPNetwork] = []
        for entry in hosts:
            entry = entry.strip().lower().strip("[]")
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.append(entry.rstrip("."))
        return cls(tuple(names), tuple(networks))

    def allows_name(self, host: str) -> bool:
        return any(fnmatch.fnmatchcase(host, pattern) for pattern in self.names)

    def allows_address(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in self.networks)

    def key(self) -> str:
        return hashlib.sha256(repr((sorted(self.names), sorted(map(str, self.networks)))).encode()).hexdigest()[:16]


def _internal_name(host: str) -> bool:
    return host in METADATA_NAMES or host.endswith(_INTERNAL_SUFFIXES)


def _addresses(host: str, port: int) -> list[IPAddress]:
    """The host's addresses, IPv4 first (the one most likely to be reachable)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise _Stop(Outcome("dns", detail=str(exc))) from exc
    found: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in found:
            found.append(ip)
    return sorted(found, key=lambda a: a.version)


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - now)


class Store:
    """Results kept between runs, in SQLite (safe for concurrent runs), keyed by URL and policy."""

    def __init__(self, path: Path, policy: str) -> None:
        self.path, self.policy = path, policy
        self._db: sqlite3.Connection | None = None
        self._broken = False
        self._lock = threading.Lock()  # one connection; runs that check files in threads share it

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        for attempt in range(2):
            try:
                from .cache import prepare

                prepare(self.path.parent)
                db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
                try:
                    db.execute("CREATE TABLE IF NOT EXISTS urls (key TEXT PRIMARY KEY, checked_at REAL, outcome TEXT)")
                except sqlite3.Error:
                    db.close()
                    raise
                self._db = db
                return db
            except sqlite3.OperationalError:
                break  # locked by another run for too long, or read-only: go without stored results
            except sqlite3.DatabaseError:
                if attempt == 0:  # not a database (a damaged or foreign file): start a new one
                    try:
                        self.path.unlink()
                    except OSError:
                        break
            except OSError:
                break
        self._broken = True
        return None

    def get(self, url: str, now: float, ok_ttl: float, failed_ttl: float) -> Outcome | None:
        with self._lock:
            db = self._connect()
            if db is None:
                return None
            try:
                row = db.execute("SELECT checked_at, outcome FROM urls WHERE key = ?", (self._key(url),)).fetchone()
            except sqlite3.Error:
                return None
        if row is None:
            return None
        try:
            outcome = Outcome(**json.loads(row[1]))
        except (TypeError, ValueError):
            return None  # a row from another version, or damaged: check again
        ttl = ok_ttl if outcome.kind == "ok" else failed_ttl
        return outcome if 0 <= now - float(row[0]) < ttl else None

    def put(self, outcomes: Iterable[tuple[str, Outcome]]) -> None:
        rows = [(self._key(url), o.checked_at, json.dumps(asdict(o))) for url, o in outcomes]
        if not rows:
            return
        with self._lock:
            db = self._connect()
            if db is None:
                return
            try:
                with db:
                    db.executemany("INSERT OR REPLACE INTO urls VALUES (?, ?, ?)", rows)
            except sqlite3.Error:
                pass  # locked by another run for too long, or a full disk: only costs requests next time

    def _key(self, url: str) -> str:
        return f"{self.policy} {url}"

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


class Checker:
    """Checks URLs for one run: a bounded pool of threads over one HTTP client."""

    def __init__(self, config: Config) -> None:
        import httpx

        from .cache import cache_folder, disabled_by_environment

        self.timeout = float(config.online_timeout)
        self.policy = Policy.of(config.online_allow_hosts)
        self.skip = list(config.online_skip)
        self.ok_ttl = float(config.online_cache_days) * 86400
        self.failed_ttl = min(FAILURE_TTL, self.ok_ttl)
        use_store = self.ok_ttl > 0 and not disabled_by_environment()
        self.store = Store(cache_folder(config) / STORE_NAME, self.policy.key()) if use_store else None
        self.memo: dict[str, Future[Outcome]] = {}
        concurrency = int(config.online_concurrency)
        self.pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="contentqa-online")
        # No keep-alive: requests go to checked addresses rather than names, and a connection
        # opened for one name must not carry a request for another name on the same address.
        # trust_env=False: a proxy from the environment would resolve names behind the guard.
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.timeout), follow_redirects=False, trust_env=False,
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=0),
            headers={"User-Agent": USER_AGENT, "Accept": "*/*"})

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.client.close()
        if self.store is not None:
            self.store.close()

    def check_many(self, urls: Iterable[str]) -> dict[str, Outcome]:
        """Outcomes of the URLs, checked concurrently; each URL is fetched at most once a run."""
        now = time.time()
        waiting: dict[str, Future[Outcome]] = {}
        fresh: list[str] = []
        for url in dict.fromkeys(urls):
            future = self.memo.get(url)
            if future is None:
                future = Future[Outcome]()
                if any(fnmatch.fnmatchcase(url, pattern) for pattern in self.skip):
                    future.set_result(Outcome("skipped"))
                elif (stored := self.store.get(url, now, self.ok_ttl, self.failed_ttl) if self.store else None):
                    future.set_result(stored)
                else:
                    future = self.pool.submit(self.check, url)
                    fresh.append(url)
                self.memo[url] = future
            waiting[url] = future
        results = {url: future.result() for url, future in waiting.items()}
        if self.store is not None:
            # Blocked URLs were decided without a request: nothing worth keeping.
            self.store.put((url, results[url]) for url in fresh if results[url].kind != "blocked")
        return results

    def check(self, url: str) -> Outcome:
        """Fetch one URL, following redirects hop by hop through the guard."""
        import httpx

        started = time.time()
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, ValueError):
            return Outcome("invalid", detail="is not a valid URL", checked_at=started)
        moved_to: str | None = None
        permanent = True
        for hop in range(MAX_REDIRECTS + 1):
            final = str(current) if hop else None
            try:
                response = self._request(current)
            except _Stop as stop:
                outcome = stop.outcome
                return Outcome(outcome.kind, outcome.status, final, moved_to, outcome.detail, redirected=hop > 0,
                               checked_at=started)
            location = response.headers.get("location")
            if response.status_code in _REDIRECTS and location:
                try:
                    target = current.join(location.strip()).copy_with(fragment=None)
                except (httpx.InvalidURL, ValueError):
                    return Outcome("invalid", detail=f"redirects to an invalid URL ({location})", checked_at=started)
                if target.scheme not in ("http", "https"):
                    return Outcome("invalid", detail=f"redirects to a non-web address ({location})", checked_at=started)
                permanent = permanent and response.status_code in _PERMANENT
                if permanent:
                    moved_to = str(target)
                current = target
                continue
            if response.status_code >= 400:
                return Outcome("http", response.status_code, final, moved_to, _status_note(response),
                               checked_at=started)
            return Outcome("ok", response.status_code, final, moved_to, checked_at=started)
        return Outcome("redirects", final_url=str(current), checked_at=started)

    def _route(self, url: httpx.URL) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
        """Where to send a request for `url`: the checked address, with the name for Host and TLS.

        Raises _Stop with a "blocked" or "dns" outcome when the URL must not or cannot be fetched.
        """
        host = url.raw_host.decode("ascii").lower().rstrip(".")
        port = url.port or (443 if url.scheme == "https" else 80)
        if not host:
            raise _Stop(Outcome("invalid", detail="has no host"))
        if self.policy.allows_name(host):
            return url, {}, {}
        if _internal_name(host):
            raise _Stop(Outcome("blocked", detail=f"an internal host name ({host})"))
        addresses = _addresses(host, port)
        for ip in addresses:
            kind = non_public(ip)
            if kind and not self.policy.allows_address(ip):
                raise _Stop(Outcome("blocked", detail=kind))
        ip = addresses[0]
        if str(ip) == host:
            return url, {}, {}
        headers = {"Host": url.netloc.decode("ascii").rsplit("@", 1)[-1]}
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        return url.copy_with(host=str(ip)), headers, extensions

    def _request(self, url: httpx.URL) -> httpx.Response:
        """HEAD, or GET when the server refuses HEAD; the response is closed, its body unread."""
        target, headers, extensions = self._route(url)
        response = self._send("HEAD", target, headers, extensions)
        if response.status_code in _HEAD_REFUSED:
            response = self._send("GET", target, headers, extensions)
        return response

    def _send(self, method: str, url: httpx.URL, headers: dict[str, str],
              extensions: dict[str, str]) -> httpx.Response:
        import httpx

        for attempt in range(RETRIES + 1):
            backoff = BACKOFF * 2 ** attempt
            try:
                request = self.client.build_request(method, url, headers=headers, extensions=extensions)
                response = self.client.send(request, stream=True)
                response.close()
            except httpx.TimeoutException as exc:
                raise _Stop(Outcome("timeout", detail=f"{self.timeout:g} s")) from exc
            except httpx.TransportError as exc:
                if attempt < RETRIES:
                    time.sleep(backoff)
                    continue
                raise _Stop(Outcome("connect", detail=_connect_problem(exc))) from exc
            if response.status_code in _RETRY_STATUS and attempt < RETRIES:
                wait = retry_after(response.headers.get("retry-after"), time.time())
                wait = backoff if wait is None else wait
                if wait <= MAX_RETRY_WAIT:
                    time.sleep(wait)
                    continue
            return response
        raise AssertionError("unreachable")  # the last attempt returns or raises


def _status_note(response: httpx.Response) -> str:
    if response.status_code not in _RETRY_STATUS:
        return ""
    wait = retry_after(response.headers.get("retry-after"), time.time())
    if wait is not None and wait > MAX_RETRY_WAIT:
        return f" (asks to retry after {wait:.0f} s)"
    return f" after {RETRIES} retries"


def _connect_problem(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "certificate" in text or "ssl" in text:
        return f"TLS error ({str(exc).splitlines()[0][:120]})"
    return "could not connect" + (f" ({str(exc).splitlines()[0][:120]})" if str(exc) else "")


# One checker per run: its memo, thread pool and client live as long as the run's Config object.
_checkers: dict[int, Checker] = {}
_checkers_lock = threading.Lock()


def checker_for(config: Config) -> Checker:
    """The run's checker: one per Config object, closed when the configuration goes away."""
    key = id(config)
    with _checkers_lock:
        checker = _checkers.get(key)
        if checker is None:
            checker = _checkers[key] = Checker(config)
            weakref.finalize(config, _release, key)
    return checker


def _release(key: int) -> None:
    checker = _checkers.pop(key, None)
    if checker is not None:
        checker.close()


def findings(rule: Rule, ctx: Context, what: str, targets: list[tuple[str | None, int, int]]) -> Iterator[Finding]:
    """The findings of a remote-URL rule for (raw URL, start, end) targets; nothing without --online.

    Raw URLs that are not http(s) are skipped. The finding's severity follows the outcome (see
    Outcome.severity); permanent redirects are reported, as info with an unsafe fix, when the
    rule's `report-redirects` option is on.
    """
    from .rule import Fix

    if not ctx.config.online:
        return
    remote = [(raw, url, start, end) for raw, start, end in targets if (url := remote_url(raw))]
    if not remote:
        return
    outcomes = checker_for(ctx.config).check_many(url for _, url, _, _ in remote)
    redirects = bool(ctx.config.option(rule.code, "report-redirects", False))
    seen: set[tuple[int, int]] = set()
    doc = ctx.document
    for raw, url, start, end in remote:
        if (start, end) in seen:
            continue
        seen.add((start, end))
        outcome = outcomes[url]
        severity = outcome.severity
        if severity is not None:
            yield rule.finding(start, end, f"{what} '{url}' {outcome.describe()}", severity=severity)
        elif redirects and outcome.kind == "ok" and outcome.moved_to and outcome.moved_to != url:
            written = doc.text[start:end]
            fragment = "#" + written.split("#", 1)[1] if "#" in written and "#" not in outcome.moved_to else ""
            fix = Fix(outcome.moved_to + fragment, safe=False) if written.strip() == (raw or "").strip() else None
            yield rule.finding(start, end, f"{what} '{url}' redirects permanently to {outcome.moved_to}",
                               fix=fix, severity="info")
