"""`contentqa serve`: the HTTP service, through Starlette's TestClient (the app, its lifespan and
its worker processes are real; only the socket is not)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator

import pytest

pytest.importorskip("starlette")
pytest.importorskip("pebble")

with warnings.catch_warnings():
    # Starlette's TestClient asks for httpx2 now; it still works with httpx, which contentqa uses already.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from contentqa import Config, check_text  # noqa: E402
from contentqa.checks.tokens import RepeatedWord  # noqa: E402
from contentqa.server.drafts import site_path  # noqa: E402
from contentqa.server.http import AccessLog, JsonLines, Settings, build_app  # noqa: E402

from .conftest import ROOT, SAMPLES  # noqa: E402

TOKEN = "test-token-1234"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LIMIT = 64 * 1024
TIMEOUT = 6.0  # the service's per-check timeout in these tests
# Markers that make the patched rule misbehave inside the worker that checks the draft.
CRASH, SLOW, EXIT = "CONTENTQA-TEST-CRASH", "CONTENTQA-TEST-SLOW", "CONTENTQA-TEST-EXIT"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """One service for the module: workers are forked at start-up, after the rule is patched."""
    original = RepeatedWord.check

    def check(self, doc, ctx):  # type: ignore[no-untyped-def]
        if CRASH in doc.text:
            raise ValueError("boom")
        if SLOW in doc.text:
            time.sleep(60)
        if EXIT in doc.text:
            os._exit(3)
        return original(self, doc, ctx)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RepeatedWord, "check", check)
        app = AccessLog(build_app(Settings(token=TOKEN, workers=2, queue=1, timeout=TIMEOUT, max_bytes=LIMIT)))
        with TestClient(app, raise_server_exceptions=False) as test_client:
            yield test_client


def post(client: TestClient, body: object, path: str = "/check", **kwargs: object):  # type: ignore[no-untyped-def]
    return client.post(path, json=body, headers=AUTH, **kwargs)  # type: ignore[arg-type]


def healthy(client: TestClient) -> None:
    """The service still answers, and still checks."""
    assert client.get("/health").json()["status"] == "ok"
    response = post(client, {"content": "We saw the the cat.\n", "format": "txt"})
    assert response.status_code == 200, response.text
    assert [f["rule"] for f in response.json()["files"][0]["findings"]] == ["TOK008"]


ARTICLE = ("---\ntitle: Dermal fillers 😀 explained\n---\n# Dermal fillers\n\nFillers 😀 last, dermalfillers2000 "
           "and the the rest.\n\nBotox cures migraines permanently.\n")


def test_check_returns_the_json_contract_of_the_cli(client):
    response = post(client, {"content": ARTICLE, "format": "md", "path": "blog/fillers.md"})
    assert response.status_code == 200
    document = response.json()
    assert document["tool"] == {"name": "contentqa", "version": "0.1.0"}
    [entry] = document["files"]
    assert entry["path"] == "blog/fillers.md" and entry["format"] == "markdown"
    local = check_text(ARTICLE, "markdown", "blog/fillers.md", Config())
    for finding in local.findings:
        finding.extra.pop("explain", None)
    assert entry["findings"] == [f.to_json() for f in local.findings]
    assert {"words", "sentences", "flesch_reading_ease", "flesch_kincaid_grade"} <= set(entry["metrics"])
    counts = document["summary"]
    assert counts["files"] == 1 and counts["warnings"] == sum(f.severity == "warning" for f in local.findings)
    assert document["gate"] == {"fail_on": "error", "passed": not any(f.severity == "error" for f in local.findings)}
    assert {"TOK001", "TOK008", "MED001"} <= {f["rule"] for f in entry["findings"]}


def test_request_config_metadata_and_explain(client):
    body = {"content": ARTICLE, "format": "markdown", "config": {"ignore": ["TOK008"], "fail-on": "warning"},
            "metadata": {"title": "A title set in the CMS", "keyphrase": "dermal fillers"}, "explain": True}
    document = post(client, body).json()
    rules = [f["rule"] for f in document["files"][0]["findings"]]
    assert "TOK008" not in rules and "TOK001" in rules
    assert document["gate"] == {"fail_on": "warning", "passed": False}
    assert any("explain" in f for f in document["files"][0]["findings"] if f["rule"].startswith("MED"))
    # The CMS's title is what the SEO rules read: a title without the keyphrase is reported.
    plain = post(client, {"content": ARTICLE, "format": "markdown",
                          "metadata": {"title": "Dermal fillers: the complete guide to what they do",
                                       "keyphrase": "dermal fillers"}}).json()
    without = {f["rule"] for f in document["files"][0]["findings"]}
    with_keyphrase = {f["rule"] for f in plain["files"][0]["findings"]}
    assert "SEO007" in without - with_keyphrase


def test_images_and_links_only_against_what_the_request_declares(client):
    content = ("# Guide\n\n![Chart](img/chart.png) ![Logo](/static/Logo.png) ![Gone](img/gone.png)\n\n"
               "See [setup](setup.html), [terms](../legal/terms.pdf) and [readme](/README.md).\n")
    body = {"content": content, "format": "md", "path": "docs/guide.md",
            "images": ["/docs/img/chart.png", "/static/logo.png"], "links": ["docs/setup.md", "legal/terms.pdf"]}
    findings = post(client, body).json()["files"][0]["findings"]
    by_rule: dict[str, list[str]] = {}
    for f in findings:
        by_rule.setdefault(f["rule"], []).append(f["message"])
    assert len(by_rule["IMG002"]) == 2
    assert any("differs in letter case" in m and "Logo.png" in m for m in by_rule["IMG002"])
    assert any("img/gone.png" in m and "not among the files the request declares" in m for m in by_rule["IMG002"])
    # README.md exists on this machine's disk, but the request did not declare it: the disk is not looked at.
    assert len(by_rule["LNK001"]) == 1 and "/README.md" in by_rule["LNK001"][0]
    assert (ROOT / "README.md").is_file()
    # Not declared at all: not checked.
    undeclared = post(client, {"content": content, "format": "md"}).json()["files"][0]["findings"]
    assert not {"IMG002", "LNK001"} & {f["rule"] for f in undeclared}
    assert site_path("../a/b.png", "x/y/post.md") == "/x/a/b.png"
    assert site_path("https://example.com/a.png", "post.md") is None


@pytest.mark.parametrize("config", [{"vocabulary-file": "/etc/passwd"}, {"packs": ["/tmp/x.yml"]},
                                    {"nlp-model": "en_core_web_sm"}, {"online-allow-hosts": ["10.0.0.1"]}])
def test_request_config_cannot_name_files_or_fetch(client, config):
    response = post(client, {"content": "Hello.", "config": config})
    assert response.status_code == 422
    assert "not accepted in a request" in response.json()["error"]


def test_report_is_a_self_contained_page(client):
    response = post(client, {"content": ARTICLE, "format": "md", "path": "fillers.md"}, path="/report")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "dermalfillers2000" in page and "MED001" in page
    assert "src=\"http" not in page and "href=\"http" not in page.split("<body", 1)[0]


def test_rules_and_health(client):
    rules = client.get("/rules", headers=AUTH).json()["rules"]
    tok = next(r for r in rules if r["code"] == "TOK001")
    assert tok["name"] == "stray-token" and tok["docs"].startswith("TOK001 (stray-token)")
    assert client.get("/rules").status_code == 401
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["workers"] == 2


# --- hostile requests: a clear 4xx each, and the service goes on -----------------------------

def _nested_json(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


YAML_BOMB = ("---\na: &a [x, x, x, x, x, x, x, x, x]\n"
             + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                       for i in range(12)) + "---\nHello.\n")


@pytest.mark.parametrize(("name", "send", "status", "says"), [
    ("oversized", lambda c: c.post("/check", content=json.dumps({"content": "x" * (LIMIT + 10)}),
                                   headers={**AUTH, "content-type": "application/json"}), 413, "over the limit"),
    ("oversized without length", lambda c: c.post("/check", content=iter([b'{"content": "', b"x" * LIMIT, b'"}']),
                                                  headers={**AUTH, "content-type": "application/json"}),
     413, "over the limit"),
    ("malformed JSON", lambda c: c.post("/check", content=b'{"content": "abc',
                                        headers={**AUTH, "content-type": "application/json"}), 400, "not valid JSON"),
    ("binary", lambda c: c.post("/check", content=bytes(range(256)) * 4,
                                headers={**AUTH, "content-type": "application/json"}), 400, "not UTF-8"),
    ("NUL in content", lambda c: post(c, {"content": "abc\x00def"}), 422, "binary data"),
    ("not JSON", lambda c: c.post("/check", content=b"content=abc", headers={**AUTH, "content-type": "text/plain"}),
     415, "as JSON"),
    ("nested JSON", lambda c: c.post("/check", content=_nested_json(30_000),
                                     headers={**AUTH, "content-type": "application/json"}), 400, "nested too deeply"),
    ("huge number", lambda c: c.post("/check", content=b'{"content": "x", "n": ' + b"9" * 50_000 + b"}",
                                     headers={**AUTH, "content-type": "application/json"}), 400, "cannot be read"),
    ("wrong shape", lambda c: post(c, ["content"]), 422, "JSON object"),
    ("no content", lambda c: post(c, {"format": "md"}), 422, "'content'"),
    ("unknown field", lambda c: post(c, {"content": "x", "contnet": "y"}), 422, "unknown field"),
    ("bad format", lambda c: post(c, {"content": "x", "format": "docx"}), 422, "'format'"),
    ("escaping path", lambda c: post(c, {"content": "x", "path": "../../etc/passwd"}), 422, "'..'"),
    ("deeply nested HTML", lambda c: post(c, {"content": "<b>" * 5_000 + "x" + "</b>" * 5_000,
                                              "format": "html"}), 422, "nested more than"),
    ("YAML bomb", lambda c: post(c, {"content": YAML_BOMB, "format": "md"}), 422, "YAML aliases"),
    ("unclosed front matter", lambda c: post(c, {"content": "---\ntitle: x\n\nHello.\n", "format": "md"}),
     422, "never closed"),
    ("bad config value", lambda c: post(c, {"content": "x", "config": {"fail-on": "sometimes"}}), 422, "fail-on"),
    ("missing token", lambda c: c.post("/check", json={"content": "x"}), 401, "missing bearer token"),
    ("wrong token", lambda c: c.post("/check", json={"content": "x"}, headers={"Authorization": "Bearer nope"}),
     401, "wrong bearer token"),
    ("wrong scheme", lambda c: c.post("/check", json={"content": "x"}, headers={"Authorization": f"Basic {TOKEN}"}),
     401, "missing bearer token"),
    ("unknown route", lambda c: c.get("/admin", headers=AUTH), 404, "Not Found"),
    ("wrong method", lambda c: c.get("/check", headers=AUTH), 405, "Method Not Allowed"),
])
def test_hostile_requests_get_a_clear_4xx(client, name, send, status, says):
    response = send(client)
    assert response.status_code == status, (name, response.text)
    assert says in response.json()["error"], name
    healthy(client)


def test_a_crash_in_a_rule_is_that_requests_500_and_the_next_request_succeeds(client):
    response = post(client, {"content": f"Text with {CRASH}.\n"})
    assert response.status_code == 500
    assert "internal error in rule TOK008 (ValueError: boom)" in response.json()["error"]
    healthy(client)


def test_a_worker_that_dies_is_replaced(client):
    response = post(client, {"content": f"Text with {EXIT}.\n"})
    assert response.status_code == 500
    assert "stopped unexpectedly" in response.json()["error"]
    healthy(client)
    healthy(client)  # both workers serve again


def test_a_slow_draft_times_out_without_starving_the_others(client):
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        outcome["slow"] = post(client, {"content": f"Slow {SLOW}.\n"})
        outcome["slow_seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    for _ in range(3):  # the other worker keeps checking while the slow one is busy
        healthy(client)
    fast = time.monotonic() - started
    thread.join(TIMEOUT + 30)
    assert not thread.is_alive()
    response = outcome["slow"]
    assert response.status_code == 504 and "took longer than" in response.json()["error"]  # type: ignore[attr-defined]
    assert fast < TIMEOUT
    assert TIMEOUT - 1 < outcome["slow_seconds"] < TIMEOUT + 20  # type: ignore[operator]
    healthy(client)


def test_a_full_queue_is_refused_with_503(client):
    # Two workers and a queue of one: three slow drafts fill it, the fourth is refused at once.
    results: list[int] = []

    def slow(n: int) -> None:
        results.append(post(client, {"content": f"{SLOW} {n}"}).status_code)

    threads = [threading.Thread(target=slow, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while client.get("/health").json()["in_progress"] < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    refused = post(client, {"content": "One more.\n"})
    assert refused.status_code == 503 and refused.headers["retry-after"]
    for thread in threads:
        thread.join(3 * TIMEOUT + 30)
    assert sorted(results) == [504, 504, 504]
    healthy(client)


def test_logs_are_json_lines(client):
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("contentqa.serve")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        post(client, {"content": "Hello there.\n"})
        client.post("/check", json={"content": "x"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    lines = [json.loads(JsonLines().format(r)) for r in records if r.getMessage() == "request"]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("POST", "/check", 200), ("POST", "/check", 401)]
    assert all(line["ms"] >= 0 and len(line["request_id"]) == 16 for line in lines)


# --- the command -------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "says"), [
    ([], "no token"),
    (["--no-auth", "--host", "0.0.0.0"], "only allowed on a loopback address"),
    (["--token", "x", "--workers", "0"], "--workers must be at least 1"),
    (["--token", "x", "--config", "missing.toml"], "configuration file not found"),
])
def test_serve_refuses_to_start_unsafely(args, says):
    env = {k: v for k, v in os.environ.items() if k != "CONTENTQA_SERVE_TOKEN"}
    result = subprocess.run([sys.executable, "-m", "contentqa", "serve", *args], capture_output=True, text=True,
                            cwd=SAMPLES, env=env, timeout=60)
    assert result.returncode == 2
    assert says in result.stderr


# --- over a real socket: uvicorn, and the example hooks of examples/ ----------------------------

@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    """The service on a free localhost port, served by uvicorn in a thread of this process."""
    import socket

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = AccessLog(build_app(Settings(token=TOKEN, workers=1, queue=4, timeout=60, max_bytes=LIMIT)))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.started, "the service did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)


def test_python_hook_example(live, tmp_path):
    draft = tmp_path / "post.md"
    draft.write_text("# Post\n\n![Chart](img/chart.png) and the the end.\n")
    env = {**os.environ, "CONTENTQA_URL": live, "CONTENTQA_TOKEN": TOKEN}
    script = str(ROOT / "examples" / "hook" / "contentqa_check.py")
    failing = subprocess.run([sys.executable, script, str(draft), "--image", "/img/other.png"], capture_output=True,
                             text=True, env=env, timeout=120)
    assert failing.returncode == 1, failing.stderr
    assert "post.md:3:10: IMG002 [error]" in failing.stdout and "TOK008" in failing.stdout
    passing = subprocess.run([sys.executable, script, str(draft), "--image", "/img/chart.png"], capture_output=True,
                             text=True, env=env, timeout=120)
    assert passing.returncode == 0 and "passes" in passing.stderr
    wrong = subprocess.run([sys.executable, script, str(draft)], capture_output=True, text=True, timeout=120,
                           env={**env, "CONTENTQA_TOKEN": "nope"})
    assert wrong.returncode == 2 and "401" in wrong.stderr


def test_strapi_lifecycle_example(live, tmp_path):
    import shutil

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    utils = tmp_path / "node_modules" / "@strapi" / "utils"
    utils.mkdir(parents=True)
    # A stand-in for Strapi's own error class: what the admin panel shows is its message.
    (utils / "index.js").write_text("class ApplicationError extends Error { constructor(m, d) { super(m); "
                                    "this.details = d; } }\nmodule.exports = { errors: { ApplicationError } };\n")
    shutil.copy(ROOT / "examples" / "strapi" / "lifecycles.js", tmp_path / "lifecycles.js")
    (tmp_path / "run.js").write_text("""
const hooks = require("./lifecycles.js");
(async () => {
  const out = {};
  await hooks.beforeUpdate({ params: { data: { body: "Draft with dermalfillers2000.", title: "T" } } });
  out.draft = "saved";
  try {
    await hooks.beforeUpdate({ params: { data: { publishedAt: new Date(), title: "Post",
      body: "# Post\\n\\nHello {{ first_name }}, welcome.\\n" } } });
    out.missing = "published";
  } catch (e) { out.missing = e.constructor.name + ": " + e.message; }
  await hooks.beforeUpdate({ params: { data: { publishedAt: new Date(), title: "Post", body: "# Post\\n\\nFine.\\n" } } });
  out.clean = "published";
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(3); });
""")
    result = subprocess.run([node, "run.js"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "CONTENTQA_URL": live, "CONTENTQA_TOKEN": TOKEN})
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["draft"] == "saved" and out["clean"] == "published"
    assert out["missing"].startswith("ApplicationError: Not published: contentqa found 1 problem(s). TOK002")


# The WordPress functions the plug-in calls, as small stand-ins: what is under test is the
# plug-in's own logic and its exchange with the live service.
_WORDPRESS_STUBS = r"""<?php
define('ABSPATH', '/');
class WP_Error { public $code; public $message; public $data;
  function __construct($c, $m, $d = null) { $this->code = $c; $this->message = $m; $this->data = $d; }
  function get_error_message() { return $this->message; } }
$GLOBALS['filters'] = array();
function add_filter($name, $fn, $priority = 10, $args = 1) { $GLOBALS['filters'][$name][] = $fn; }
function add_action($name, $fn, $priority = 10, $args = 1) { $GLOBALS['filters'][$name][] = $fn; }
function is_wp_error($x) { return $x instanceof WP_Error; }
function wp_json_encode($x) { return json_encode($x); }
function wp_unslash($x) { return $x; }
function wp_parse_url($url, $part) { return parse_url($url, $part); }
function get_attached_media($type, $id) { return array((object) array('ID' => 7)); }
function wp_get_attachment_url($id) { return 'https://example.org/wp-content/uploads/chart.png'; }
function get_post_status($id) { return 'draft'; }
function get_post($id) { return null; }
function get_current_user_id() { return 1; }
function wp_remote_post($url, $args) {
  $headers = '';
  foreach ($args['headers'] as $k => $v) { $headers .= "$k: $v\r\n"; }
  $context = stream_context_create(array('http' => array('method' => 'POST', 'header' => $headers,
    'content' => $args['body'], 'timeout' => $args['timeout'], 'ignore_errors' => true)));
  $body = @file_get_contents($url, false, $context);
  if ($body === false) { return new WP_Error('http_request_failed', 'connection failed'); }
  preg_match('{HTTP/\S+ (\d+)}', $http_response_header[0], $m);
  return array('code' => (int) $m[1], 'body' => $body);
}
function wp_remote_retrieve_response_code($r) { return $r['code']; }
function wp_remote_retrieve_body($r) { return $r['body']; }
define('CONTENTQA_URL', getenv('CONTENTQA_URL'));
define('CONTENTQA_TOKEN', getenv('CONTENTQA_TOKEN'));
require getenv('PLUGIN');
$rest = $GLOBALS['filters']['rest_pre_insert_post'][0];
$out = array();
foreach (array('bad' => '<p>Botox has  dermalfillers2000  a go-to solution.</p>',
               'clean' => '<p><img src="/wp-content/uploads/chart.png" alt="A chart of results"> Fine.</p>',
               'missing' => '<p><img src="/wp-content/uploads/gone.png" alt="A chart of results"> Fine.</p>') as $name => $html) {
  $post = (object) array('ID' => 5, 'post_status' => 'publish', 'post_title' => 'Post', 'post_content' => $html,
                         'post_name' => 'post');
  $result = $rest($post, array('id' => 5));
  $out[$name] = is_wp_error($result) ? $result->message : 'published';
}
$draft = (object) array('ID' => 5, 'post_status' => 'draft', 'post_title' => 'Post',
                        'post_content' => '<p>dermalfillers2000</p>', 'post_name' => 'post');
$out['draft'] = is_wp_error($rest($draft, array('id' => 5))) ? 'refused' : 'saved';
echo json_encode($out);
"""


def test_wordpress_plugin_example(live, tmp_path):
    import shutil

    php = shutil.which("php")
    if php is None:
        pytest.skip("php is not installed")
    (tmp_path / "run.php").write_text(_WORDPRESS_STUBS)
    env = {**os.environ, "CONTENTQA_URL": live, "CONTENTQA_TOKEN": TOKEN,
           "PLUGIN": str(ROOT / "examples" / "wordpress" / "contentqa-prepublish.php")}
    result = subprocess.run([php, "run.php"], cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert out["clean"] == "published" and out["draft"] == "saved", out
    assert out["bad"].startswith("Not published: contentqa found 1 problem(s).\nTOK001"), out
    assert "IMG002" in out["missing"], out
