"""Shared test fixtures. The real-world corpus lives beside the repository (../shared/corpus)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"

pytest_plugins = ["tests.fakehub"]  # the `fake_hub` fixture: a loopback fake Hub (tests/fakehub.py)

# Tests never talk to the real Hub: no telemetry, and a cache that is thrown away.
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def _require_shared() -> bool:
    """CI sets AUDITOR_REQUIRE_CORPUS=1: there the corpus is always beside the clone, so a test that needs it
    must fail rather than skip (a skipped test proves nothing, and a moved corpus would otherwise go unseen)."""
    return os.environ.get("AUDITOR_REQUIRE_CORPUS", "").strip().lower() in {"1", "true", "yes", "on"}


def _missing(what: str) -> None:
    if _require_shared():
        pytest.fail(f"{what} (AUDITOR_REQUIRE_CORPUS is set, so this fails instead of skipping)")
    pytest.skip(what)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder; tests that need it skip (with the reason) where it is absent, or fail when
    AUDITOR_REQUIRE_CORPUS is set (CI)."""
    if not CORPUS.is_dir():
        _missing(f"the shared corpus is not at {CORPUS} (it sits beside the repository in CI)")
    return CORPUS


@pytest.fixture(scope="session")
def example_catalog_run() -> Any:
    """Every model of the embedded catalog audited offline under examples/policy.yaml, once per test process: the
    review tests that scan the whole catalog (page-one layout, review pass 29's output) share it instead of each
    auditing the 391 models again. Tests read it; they never change it."""
    # lazy: only the tests that ask for the run import the pipeline
    from auditor import pipeline
    from auditor.sources.catalog import CatalogSource

    ids = sorted({line.id for line in CatalogSource().lines() if line.kind == "model"}, key=str.lower)
    return pipeline.audit(ids, policy=REPO / "examples" / "policy.yaml", offline=True, allow_incomplete=True)


@pytest.fixture(scope="session")
def schemas() -> Path:
    """The official SARIF and JUnit schemas beside the repository; same skip-or-fail rule as `corpus`."""
    if not SCHEMAS.is_dir():
        _missing(f"the official schemas are not at {SCHEMAS}")
    return SCHEMAS


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own HF_HOME and auditor cache so no test reads another's (or the user's) cache."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(home / "auditor-cache"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
