"""The parsed-YAML cache of shipped files: a hit equals a fresh parse, user files are never stored, every cache
problem is a miss, and a warm one-model audit does not import yaml at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor import parsedcache, safeyaml
from auditor.resources import policies_dir, rules_dir
from auditor.safeyaml import key_lines, load_yaml
from tests.importprobe import audit_importing

SHIPPED = sorted([*rules_dir().rglob("*.yaml"), *policies_dir().glob("*.yaml")])


def _cached_files() -> list[Path]:
    return sorted(parsedcache.cache_dir().glob("*.json"))


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed although the cache holds the document")

    monkeypatch.setattr(safeyaml, "_parse", refuse)
    monkeypatch.setattr(safeyaml, "_key_lines", refuse)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_is_served_equal_to_a_fresh_parse(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    fresh = safeyaml._parse(text, str(path), 0, "ignore")
    fresh_lines = safeyaml._key_lines(text, 0)
    assert load_yaml(text, file=str(path)) == fresh  # the first call parses and stores
    assert key_lines(text) == fresh_lines
    assert _cached_files()
    _no_parsing(monkeypatch)
    assert load_yaml(text, file=str(path)) == fresh
    assert key_lines(text) == fresh_lines


def test_a_hit_is_new_objects_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    path = rules_dir() / "checks" / "license.yaml"
    text = path.read_text(encoding="utf-8")
    first = load_yaml(text, file=str(path))
    _no_parsing(monkeypatch)
    second = load_yaml(text, file=str(path))
    second["rules"].clear()
    assert load_yaml(text, file=str(path)) == first and first["rules"]


def test_user_documents_are_never_stored(tmp_path: Path) -> None:
    user = tmp_path / "policy.yaml"
    text = "rules:\n  LIC001: error\n"
    user.write_text(text, encoding="utf-8")
    assert load_yaml(text, file=str(user)) == {"rules": {"LIC001": "error"}}
    assert key_lines(text) == {(): 1, ("rules",): 1, ("rules", "LIC001"): 2}
    assert load_yaml(text, file=None) == {"rules": {"LIC001": "error"}}
    assert _cached_files() == []


def test_an_edited_shipped_file_is_a_new_key() -> None:
    path = policies_dir() / "default.yaml"
    text = path.read_text(encoding="utf-8")
    load_yaml(text, file=str(path))
    edited = text + "\nname: edited-here\n"
    assert load_yaml(edited, file=str(path))["name"] == "edited-here"
    assert len(_cached_files()) == 2


def test_a_corrupt_or_foreign_cache_file_is_a_miss() -> None:
    path = policies_dir() / "default.yaml"
    text = path.read_text(encoding="utf-8")
    expected = load_yaml(text, file=str(path))
    for garbage in ("{not json", '{"format": 99, "results": {}}', "[]", '{"format": 1, "results": 3}'):
        for file in _cached_files():
            file.write_text(garbage, encoding="utf-8")
        assert load_yaml(text, file=str(path)) == expected


def test_an_unusable_cache_folder_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker))  # the cache folder cannot even be created
    path = rules_dir() / "compatibility.yaml"
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text, file=str(path)) == safeyaml._parse(text, str(path), 0, "ignore")
    assert load_yaml(text, file=str(path)) == safeyaml._parse(text, str(path), 0, "ignore")


def test_values_json_cannot_reproduce_are_not_stored() -> None:
    digest = "0" * 40
    for value in ({1: "integer key"}, {"when": __import__("datetime").date(2026, 1, 1)}, {"x": float("nan")}):
        parsedcache.put(digest, "load:ignore", value)
        assert parsedcache.get(digest, "load:ignore") is parsedcache.MISS
    parsedcache.put(digest, "load:ignore", {"a": [1, 2.5, None, True]})
    assert parsedcache.get(digest, "load:ignore") == {"a": [1, 2.5, None, True]}


def test_a_warm_single_audit_does_not_import_yaml(tmp_path: Path) -> None:
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp_path / "cache"))
    runs = [audit_importing("yaml", env) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout and '"id": "meta-llama/Llama-2-7b-chat-hf"' in runs[1].stdout
    assert runs[0].stderr.endswith("yaml-imported")  # the cold run parses, and fills the cache
    assert runs[1].stderr.endswith("yaml-absent"), runs[1].stderr[-500:]


def test_spdx_keys_are_the_index_keys_and_a_warm_run_does_not_read_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.licenses import spdx

    expected = tuple(entry.key for entry in spdx.spdx_entries())
    assert len(expected) > 2000
    spdx.spdx_keys.cache_clear()
    assert spdx.spdx_keys() == expected  # computed, and stored
    spdx.spdx_keys.cache_clear()

    def refuse() -> list[dict]:
        raise AssertionError("read the 1 MB index although the cache holds its keys")

    monkeypatch.setattr(spdx, "_license_index", refuse)
    monkeypatch.setattr(spdx, "spdx_entries", refuse)
    try:
        assert spdx.spdx_keys() == expected
    finally:
        spdx.spdx_keys.cache_clear()


def test_a_derived_value_follows_its_source_file(tmp_path: Path) -> None:
    source = tmp_path / "index.json"
    source.write_text("[1, 2]", encoding="utf-8")
    calls: list[int] = []

    def compute() -> list[int]:
        calls.append(1)
        return [len(source.read_text(encoding="utf-8"))]

    assert parsedcache.derived("test", source, compute) == [6]
    assert parsedcache.derived("test", source, compute) == [6] and len(calls) == 1
    source.write_text("[1, 2, 3]", encoding="utf-8")  # another size: another key
    assert parsedcache.derived("test", source, compute) == [9] and len(calls) == 2
    assert parsedcache.derived("test", tmp_path / "missing.json", lambda: ["computed"]) == ["computed"]
