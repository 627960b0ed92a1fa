"""`check --engine dask`: the same results as a local run, on a local two-worker cluster."""

from __future__ import annotations

import json
import operator
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from contentqa import cli  # noqa: E402
from contentqa.config import Config, ConfigError  # noqa: E402
from contentqa.distributed import Cluster, Setup, _Remote  # noqa: E402
from contentqa.engine import check_paths, selected_rules  # noqa: E402

from .conftest import ROOT, SAMPLES  # noqa: E402


@pytest.fixture(scope="module")
def scheduler() -> object:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples, a file that is not UTF-8, a binary one, and one with missing image and link targets."""
    folder = tmp_path_factory.mktemp("articles")
    for sample in sorted(SAMPLES.iterdir()):
        shutil.copy(sample, folder / sample.name)
    (folder / "bad.txt").write_bytes(b"Caf\xe9 latte, not UTF-8.\n")
    (folder / "binary.md").write_bytes(b"PK\x03\x04\x00\x00")
    (folder / "targets.md").write_text("# Targets\n\nSee ![chart](missing.png) and [the guide](nope.md).\n")
    return folder


@pytest.fixture(scope="module")
def local(articles: Path) -> list[dict[str, object]]:
    return [r.to_json() for r in check_paths([str(articles)])]


def _on_cluster(paths: list[str], address: str, **options: object) -> list[dict[str, object]]:
    config = Config()
    rules = selected_rules(config)
    return [r.to_json() for r in check_paths(paths, config, rules,
                                             engine=lambda c, r: Cluster(c, r, address, **options))]  # type: ignore[arg-type]


def test_same_results_in_the_same_order(scheduler: str, articles: Path, local: list[dict[str, object]]) -> None:
    results = _on_cluster([str(articles)], scheduler)
    assert results == local
    assert [r["path"] for r in results] == sorted(str(p) for p in articles.iterdir())
    errors = {Path(str(r["path"])).name: r.get("error") for r in results}
    assert "not valid UTF-8" in str(errors["bad.txt"]) and "binary" in str(errors["binary.md"])
    rules = {f["rule"] for r in results for f in r["findings"]}  # type: ignore[attr-defined]
    assert {"IMG002", "LNK001"} <= rules  # run on the client, against its folders


def test_shared_storage_workers_read_the_files(scheduler: str, articles: Path,
                                               local: list[dict[str, object]]) -> None:
    assert _on_cluster([str(articles)], scheduler, shared_storage=True) == local


def _main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("shared", [False, True])
def test_cli_json_is_identical(scheduler: str, articles: Path, shared: bool,
                               capsys: pytest.CaptureFixture[str]) -> None:
    local_code, local_out, local_err = _main(["check", str(articles), "--format", "json", "--jobs", "1"], capsys)
    extra = ["--shared-storage"] if shared else []
    code, out, err = _main(["check", str(articles), "--format", "json", "--engine", "dask",
                            "--scheduler", scheduler, *extra], capsys)
    assert (code, out, err) == (local_code, local_out, local_err)
    assert code == 2  # the unreadable files
    assert json.loads(out)["summary"]["files"] == len(list(articles.iterdir()))


def test_cli_sarif_is_valid(scheduler: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _main(["check", str(SAMPLES), "--format", "sarif", "--engine", "dask", "--scheduler", scheduler],
                         capsys)
    assert code == 1
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(json.loads(out), schema)


def test_cache_is_used_by_the_client(scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CONTENTQA_NO_CACHE", raising=False)
    monkeypatch.setenv("CONTENTQA_CACHE_DIR", str(tmp_path / "cache"))
    argv = ["check", str(SAMPLES / "seed-article.txt"), "--format", "json", "--engine", "dask",
            "--scheduler", scheduler]
    first = _main(argv, capsys)
    assert list((tmp_path / "cache").rglob("*.json"))
    assert _main(argv, capsys) == first


@pytest.mark.parametrize(("argv", "message"), [
    (["--engine", "dask"], "--engine dask needs --scheduler ADDRESS"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--scheduler-timeout", "0.5"],
     "cannot reach the dask scheduler at tcp://127.0.0.1:1"),
    (["--engine", "dask", "--scheduler", "no-port"], "cannot reach the dask scheduler at no-port"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--jobs", "2"], "--jobs applies to --engine local"),
])
def test_usage_errors_are_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _main(["check", str(SAMPLES), "--format", "json", *argv], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def test_without_dask_installed_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    with pytest.raises(ConfigError, match=r"install contentqa\[dask\]"):
        Cluster(Config(), [], "tcp://127.0.0.1:1")


def test_a_failed_task_is_that_files_error(scheduler: str) -> None:
    with Cluster(Config(), selected_rules(Config()), scheduler) as cluster:
        future = cluster.client.submit(operator.truediv, 1, 0, pure=False)  # fails as a lost worker would
        result = _Remote(cluster, future, "a.md", "markdown", None).result()
    assert result.error is not None and result.error.startswith("the cluster could not check this file")
    assert "ZeroDivisionError" in result.error and "\n" not in result.error


def test_a_worker_of_another_version_stops_the_run(scheduler: str) -> None:
    config = Config()
    with Cluster(config, selected_rules(config), scheduler) as cluster:
        cluster._setup = cluster.client.scatter(Setup(config, (), "0.0.0"), broadcast=True, hash=False)
        with pytest.raises(ConfigError, match="install the same version"):
            list(check_paths([str(SAMPLES)], config, cluster.rules, engine=lambda c, r: cluster))


def test_a_local_run_does_not_import_dask() -> None:
    script = ("import sys; from contentqa.cli import main; "
              "main(['check', 'samples/seed-article.txt', '--select', 'TOK001', '--format', 'json']); "
              "print('distributed' in sys.modules, 'dask' in sys.modules, file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert run.stderr.strip().endswith("False False"), run.stderr
