"""`check --online` (LNK003, IMG007) against an HTTP server on 127.0.0.1 started by the tests."""

from __future__ import annotations

import ipaddress
import json
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from contentqa import Config, Finding, check_text, online
from contentqa.cli import main
from contentqa.config import ConfigError, from_mapping
from contentqa.online import STORE_NAME, non_public, retry_after

SELECT = ["LNK003", "IMG007"]


class Server:
    """Answers by path; records every request and the most requests it served at once."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()
        self.active = self.peak = 0
        self.limited = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                server.serve(self, "HEAD")

            def do_GET(self) -> None:
                server.serve(self, "GET")

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.hits]

    def answer(self, path: str, method: str) -> tuple[int, dict[str, str]]:
        if path in ("/ok", "/img.png") or path.startswith("/busy"):
            if path.startswith("/busy"):
                time.sleep(0.2)
            return 200, {}
        if path == "/slow":
            time.sleep(3.0)
            return 200, {}
        if path == "/gone":
            return 410, {}
        if path == "/limited":
            with self.lock:
                self.limited += 1
                first = self.limited == 1
            return (429, {"Retry-After": "1"}) if first else (200, {})
        if path == "/limited-long":
            return 429, {"Retry-After": "120"}
        if path == "/moved":
            return 301, {"Location": "/ok"}
        if path == "/to-metadata":
            return 302, {"Location": "http://169.254.169.254/latest/meta-data/"}
        if path == "/to-private":
            return 302, {"Location": "http://10.0.0.1/admin"}
        if path == "/loop":
            return 302, {"Location": "/loop"}
        if path == "/no-head":
            return (405, {}) if method == "HEAD" else (200, {})
        return 404, {}

    def serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        with self.lock:
            self.hits.append((method, handler.path, handler.headers.get("Host", "")))
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            status, headers = self.answer(handler.path.split("?", 1)[0], method)
        finally:
            with self.lock:  # before answering: the client may send its next request right after
                self.active -= 1
        try:
            handler.send_response(status)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        except OSError:
            pass  # the client gave up (the timeout test)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """Load the rules once, so that the timings below measure requests only."""
    check("Warm up.\n", "markdown", Config(select=list(SELECT)))


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Stored URL results go to a temporary folder (and stay off unless a test turns them on)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONTENTQA_CACHE_DIR", str(folder))
    return folder


def online_config(**settings: Any) -> Config:
    values: dict[str, Any] = {"online": True, "online_allow_hosts": ["127.0.0.1"], "online_timeout": 5}
    values.update(settings)
    return Config(select=list(SELECT), **values)


def check(text: str, fmt: str, config: Config) -> list[Finding]:
    result = check_text(text, fmt=fmt, path={"text": "a.txt", "markdown": "a.md", "html": "a.html"}[fmt],
                        config=config)
    assert result.error is None, result.error
    return result.findings


def fake_dns(monkeypatch: pytest.MonkeyPatch, names: dict[str, str | None]) -> None:
    """Resolve the given names to the given addresses (None: not found); others as usual."""
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in names:
            address = names[host]
            if address is None:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def record_sends(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Hosts of every request the client sends (to show that a blocked one is never sent)."""
    sent: list[str] = []
    real = httpx.Client.send

    def send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        sent.append(request.url.host)
        return real(self, request, **kwargs)

    monkeypatch.setattr(httpx.Client, "send", send)
    return sent


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [(f.rule, f.message) for f in findings]
    return findings[0]


# Off by default


def test_nothing_is_fetched_without_online(server: Server) -> None:
    text = f"[a]({server.url('/missing')})\n\n![b]({server.url('/img-missing.png')})\n"
    assert check(text, "markdown", online_config(online=False)) == []
    check(text, "markdown", Config(select=["links", "images"]))
    assert server.hits == []


# Formats and positions


def test_markdown_link_and_image_positions(server: Server) -> None:
    ok, missing, image = server.url("/ok"), server.url("/missing"), server.url("/pics/gone.png")
    text = f"# Title\n\nSee [this]({ok}) and [that]({missing}).\n\n![Chart]({image})\n"
    link, picture = check(text, "markdown", online_config())
    assert (link.rule, link.severity, link.line, link.column) == ("LNK003", "error", 3, text.split("\n")[2].index(missing) + 1)
    assert link.end_column == link.column + len(missing) and link.excerpt == missing
    assert link.message == f"Link '{missing}' returns HTTP 404"
    assert (picture.rule, picture.severity, picture.line, picture.column) == ("IMG007", "error", 5, 10)
    assert picture.excerpt == image and "returns HTTP 404" in picture.message


def test_markdown_autolink_points_at_the_url(server: Server) -> None:
    missing = server.url("/missing")
    finding = only(check(f"Go to <{missing}> now.\n", "markdown", online_config()))
    assert (finding.column, finding.excerpt) == (8, missing)


def test_html_positions(server: Server) -> None:
    gone, image = server.url("/gone"), server.url("/missing.png")
    text = f'<p>Read <a href="{gone}">this</a>.</p>\n<img src="{image}" alt="Chart">\n'
    link, picture = check(text, "html", online_config())
    assert (link.rule, link.severity, link.line, link.column) == ("LNK003", "error", 1, text.index(gone) + 1)
    assert link.excerpt == gone and "returns HTTP 410" in link.message
    assert (picture.rule, picture.line, picture.column, picture.excerpt) == ("IMG007", 2, 11, image)


def test_bare_url_in_plain_text(server: Server) -> None:
    missing = server.url("/missing")
    text = f"An article.\n\nThe form is at {missing}. Fill it in.\n"
    finding = only(check(text, "text", online_config()))
    assert (finding.rule, finding.line, finding.column, finding.excerpt) == ("LNK003", 3, 16, missing)


def test_working_urls_report_nothing(server: Server) -> None:
    text = f"[a]({server.url('/ok')}) [b]({server.url('/no-head')}) ![c]({server.url('/img.png')})\n"
    assert check(text, "markdown", online_config()) == []
    assert ("GET", "/no-head") in [(m, p) for m, p, _ in server.hits]  # HEAD refused, GET answered


# The guard


def test_loopback_is_blocked_unless_allowed(server: Server) -> None:
    finding = only(check(f"[a]({server.url('/ok')})\n", "markdown", online_config(online_allow_hosts=[])))
    assert finding.severity == "info"
    assert "loopback address (127.0.0.1)" in finding.message and "not checked" in finding.message
    assert server.hits == []


@pytest.mark.parametrize("path, kind", [("/to-metadata", "cloud metadata address (169.254.169.254)"),
                                        ("/to-private", "private address (10.0.0.1)")])
def test_redirect_to_a_private_address_is_blocked_at_that_hop(server: Server, monkeypatch: pytest.MonkeyPatch,
                                                             path: str, kind: str) -> None:
    sent = record_sends(monkeypatch)
    finding = only(check(f"[a]({server.url(path)})\n", "markdown", online_config()))
    assert finding.severity == "info"
    assert finding.message.endswith(f"redirects to a {kind}: blocked, not checked")
    assert sent == ["127.0.0.1"] and server.paths() == [path]


def test_name_resolving_to_a_private_address_is_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"wiki.example.test": "10.1.2.3"})
    sent = record_sends(monkeypatch)
    finding = only(check("[a](https://wiki.example.test/page)\n", "markdown", online_config()))
    assert finding.severity == "info" and "private address (10.1.2.3)" in finding.message
    assert sent == []


@pytest.mark.parametrize("url", ["http://metadata.google.internal/computeMetadata/v1/", "http://localhost:9/",
                                 "http://[fd00:ec2::254]/latest/", "http://[::ffff:127.0.0.1]/"])
def test_internal_names_and_addresses_are_never_requested(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    sent = record_sends(monkeypatch)
    finding = only(check(f"[a]({url})\n", "markdown", online_config(online_allow_hosts=[])))
    assert finding.severity == "info" and sent == []


def test_request_goes_to_the_checked_address_with_the_name_as_host(server: Server,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"docs.example.test": "127.0.0.1"})
    url = f"http://docs.example.test:{server.port}/missing"
    finding = only(check(f"[a]({url})\n", "markdown", online_config()))
    assert "returns HTTP 404" in finding.message
    assert server.hits == [("HEAD", "/missing", f"docs.example.test:{server.port}")]


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "fd00:ec2::254", "::1",
                                     "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "100.100.100.200",
                                     "0.0.0.0", "224.0.0.1", "168.63.129.16", "fe80::1"])
def test_non_public_addresses(address: str) -> None:
    assert non_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses(address: str) -> None:
    assert non_public(ipaddress.ip_address(address)) is None


# Failures and retries


def test_slow_server_times_out(server: Server) -> None:
    started = time.monotonic()
    finding = only(check(f"[a]({server.url('/slow')})\n", "markdown", online_config(online_timeout=0.3)))
    assert finding.severity == "warning" and finding.message.endswith("timed out after 0.3 s")
    assert time.monotonic() - started < 2.5  # the server answers after 3 s


def test_rate_limit_waits_for_retry_after(server: Server) -> None:
    started = time.monotonic()
    assert check(f"[a]({server.url('/limited')})\n", "markdown", online_config()) == []
    assert server.paths() == ["/limited", "/limited"]
    assert time.monotonic() - started >= 0.95


def test_rate_limit_with_a_long_retry_after_is_reported_without_waiting(server: Server) -> None:
    started = time.monotonic()
    finding = only(check(f"[a]({server.url('/limited-long')})\n", "markdown", online_config()))
    assert finding.severity == "warning"
    assert finding.message.endswith("returns HTTP 429 (asks to retry after 120 s)")
    assert time.monotonic() - started < 1


def test_too_many_redirects(server: Server) -> None:
    finding = only(check(f"[a]({server.url('/loop')})\n", "markdown", online_config()))
    assert finding.severity == "warning" and "too many redirects" in finding.message


def test_unknown_host_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"no-such-host.example.test": None})
    finding = only(check("![x](https://no-such-host.example.test/a.png)\n", "markdown", online_config()))
    assert (finding.rule, finding.severity) == ("IMG007", "error")
    assert finding.message.endswith("failed: host not found")


def test_refused_connection_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(online, "BACKOFF", 0.01)
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    finding = only(check(f"[a](http://127.0.0.1:{port}/)\n", "markdown", online_config()))
    assert finding.severity == "warning" and "connection refused" in finding.message


def test_permanent_redirect_is_reported_only_on_request(server: Server) -> None:
    text = f"[a]({server.url('/moved')}#part)\n"
    assert check(text, "markdown", online_config()) == []
    config = online_config(rules={"LNK003": {"report-redirects": True}})
    finding = only(check(text, "markdown", config))
    assert finding.severity == "info" and finding.message.endswith(f"redirects permanently to {server.url('/ok')}")
    assert finding.fix is not None and finding.fix.replacement == server.url("/ok") + "#part"
    assert not finding.fix.safe


@pytest.mark.parametrize("value, seconds", [("3", 3.0), (formatdate(1_000_060, usegmt=True), 60.0), ("soon", None)])
def test_retry_after(value: str, seconds: float | None) -> None:
    assert retry_after(value, 1_000_000) == seconds


# Sharing work: per run, between runs, and at most N at once


def test_a_url_is_fetched_once_per_run(server: Server) -> None:
    config = online_config()
    url = server.url("/missing")
    for fmt, text in (("markdown", f"[a]({url}) [b]({url})\n"), ("html", f'<a href="{url}">a</a>\n')):
        assert len(check(text, fmt, config)) == (2 if fmt == "markdown" else 1)
    assert server.paths() == ["/missing"]


def test_results_are_kept_between_runs(server: Server, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    monkeypatch.delenv("CONTENTQA_NO_CACHE", raising=False)
    text = f"[a]({server.url('/ok')}) [b]({server.url('/missing')})\n"
    first = [f.message for f in check(text, "markdown", online_config())]
    assert sorted(server.paths()) == ["/missing", "/ok"]
    second = [f.message for f in check(text, "markdown", online_config())]  # a new run
    assert first == second and len(server.hits) == 2
    # Failures expire after an hour, working URLs after online-cache-days.
    with sqlite3.connect(cache_dir / STORE_NAME) as db:
        db.execute("UPDATE urls SET checked_at = checked_at - 7200")
    check(text, "markdown", online_config())
    assert sorted(server.paths()) == ["/missing", "/missing", "/ok"]
    check(text, "markdown", online_config(online_cache_days=0))
    assert sorted(server.paths()) == ["/missing", "/missing", "/missing", "/ok", "/ok"]


def test_blocked_results_depend_on_the_allowed_hosts(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONTENTQA_NO_CACHE", raising=False)
    text = f"[a]({server.url('/missing')})\n"
    assert "404" in only(check(text, "markdown", online_config())).message
    assert "not checked" in only(check(text, "markdown", online_config(online_allow_hosts=[]))).message


def test_a_damaged_store_is_ignored(server: Server, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    monkeypatch.delenv("CONTENTQA_NO_CACHE", raising=False)
    cache_dir.mkdir(parents=True)
    (cache_dir / STORE_NAME).write_bytes(b"not a database" * 100)
    text = f"[a]({server.url('/missing')})\n"
    assert "404" in only(check(text, "markdown", online_config())).message
    assert "404" in only(check(text, "markdown", online_config())).message
    assert server.paths() == ["/missing"]  # the store was started again and used


def test_concurrency_is_bounded(server: Server) -> None:
    text = "".join(f"[{i}]({server.url(f'/busy?{i}')})\n\n" for i in range(12))
    started = time.monotonic()
    assert check(text, "markdown", online_config(online_concurrency=3)) == []
    assert len(server.hits) == 12 and server.peak == 3
    assert time.monotonic() - started < 2.0  # 4 rounds of 0.2 s, not 12


# Configuration and command line


def test_configuration_keys() -> None:
    config = from_mapping({"online-allow-hosts": ["127.0.0.1", "*.staging.test"], "online-timeout": 5,
                           "online-concurrency": 4, "online-cache-days": 0.5, "online-skip": ["https://x.test/*"]})
    assert (config.online_allow_hosts, config.online_timeout, config.online_concurrency,
            config.online_cache_days, config.online_skip) == (["127.0.0.1", "*.staging.test"], 5, 4, 0.5,
                                                              ["https://x.test/*"])
    for key, value in (("online-timeout", 0), ("online-concurrency", 2.5), ("online-cache-days", -1),
                       ("online-allow-hosts", [1])):
        with pytest.raises(ConfigError, match=key):
            from_mapping({key: value})


def test_skipped_urls_are_not_fetched(server: Server) -> None:
    config = online_config(online_skip=[f"http://127.0.0.1:{server.port}/miss*"])
    assert check(f"[a]({server.url('/missing')})\n", "markdown", config) == []
    assert server.hits == []


def test_command_line(server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.md"
    article.write_text(f"# A\n\n[a]({server.url('/missing')})\n", encoding="utf-8")
    assert main(["check", str(article), "--select", "LNK003", "--format", "json"]) == 0
    assert server.hits == []
    capsys.readouterr()
    assert main(["check", str(article), "--select", "LNK003", "--format", "json", "--online"]) == 0
    finding = only_json(capsys.readouterr().out)
    assert finding["severity"] == "info" and server.hits == []
    code = main(["check", str(article), "--select", "LNK003", "--format", "json", "--online",
                 "--online-allow-host", "127.0.0.1"])
    finding = only_json(capsys.readouterr().out)
    assert code == 1 and (finding["line"], finding["column"], finding["severity"]) == (3, 5, "error")
    assert main(["check", str(article), "--online-allow-host", "127.0.0.1"]) == 2


def only_json(out: str) -> dict[str, Any]:
    findings = json.loads(out)["files"][0]["findings"]
    assert len(findings) == 1, findings
    return findings[0]  # type: ignore[no-any-return]


def test_result_cache_does_not_serve_remote_findings_stale(server: Server, tmp_path: Path, cache_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from contentqa.cache import ResultCache
    from contentqa.checks.images import RemoteImageBroken
    from contentqa.checks.links import RemoteLinkBroken

    assert ResultCache.reads_other_files(RemoteLinkBroken()) and ResultCache.reads_other_files(RemoteImageBroken())
    monkeypatch.delenv("CONTENTQA_NO_CACHE", raising=False)
    (tmp_path / ".contentqa.toml").write_text('online-allow-hosts = ["127.0.0.1"]\nonline-cache-days = 0\n')
    article = tmp_path / "a.md"
    article.write_text(f"# A\n\n[a]({server.url('/missing')})\n", encoding="utf-8")
    for _ in range(2):  # the second run is a result-cache hit for the article; LNK003 runs again
        assert main(["check", str(article), "--select", "LNK003", "--format", "json", "--online"]) == 1
        assert "returns HTTP 404" in only_json(capsys.readouterr().out)["message"]
    assert server.paths() == ["/missing", "/missing"] and any(cache_dir.rglob("*.json"))
