"""Hostile inputs, second pass: the classes scripts/hostile_probe.py found still breaking the contract.

Each test builds its inputs in tmp_path and runs the CLI in-process (tests/hostile/_cli.py): bad input ends
in one sentence naming the file (and line or key), a finding for the affected model, the other models of the
run kept, and never a traceback or a silent pass.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from auditor.safeyaml import MAX_INT_DIGITS
from tests.hostile._cli import MODEL, one_sentence, run

HUGE = "9" * (MAX_INT_DIGITS + 700)


def _model(folder: Path, card: str = "---\nlicense: mit\n---\n# m\n", **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(card)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def _records(stdout: str) -> dict[str, dict[str, Any]]:
    """Model records of a jsonl run, by the last part of their label (a local folder's name)."""
    out = {}
    for line in stdout.splitlines():
        rec = json.loads(line)
        if rec.get("type") == "model":
            out[rec["model"].rstrip("/").rsplit("/", 1)[-1]] = rec
    return out


def _findings(rec: dict[str, Any], rule: str) -> list[str]:
    return [f["message"] for f in rec["findings"] if f["rule"] == rule]


# ------------------------------------------------------------------ integers past Python's 4,300-digit limit


def test_a_huge_integer_in_a_model_folders_config_is_a_finding_and_the_run_goes_on(tmp_path: Path) -> None:
    bad = _model(tmp_path / "bad", **{"config.json": f'{{"model_type": "bert", "n": {HUGE}}}'})
    good = _model(tmp_path / "good")
    result = run("audit", bad, good, MODEL, "--offline", "--format", "jsonl")
    recs = _records(result.stdout)
    assert set(recs) >= {"bad", "good", MODEL.rsplit("/", 1)[-1]}
    [message] = _findings(recs["bad"], "SRC002")
    assert "config.json" in message and f"{len(HUGE):,} digits" in message
    assert "set_int_max_str_digits" not in result.stdout + result.stderr


def test_a_huge_integer_in_a_catalog_line_names_the_file_and_line(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(f'{{"id": "acme/a"}}\n{{"id": "acme/b", "cardData": {{"license": {HUGE}}}}}\n')
    result = run("audit", "acme/a", "--offline", "--catalog", catalog)
    assert result.code == 2 and one_sentence(result.stderr)
    assert "catalog.jsonl:2:" in result.error and "digits" in result.error


def test_a_huge_integer_in_scanned_json_and_toml_is_a_scan_problem(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    (tmp_path / "config.json").write_text(f'{{"model": "acme-ai/tiny", "n": {HUGE}}}\n')
    (tmp_path / "settings.toml").write_text(f'model = "acme-ai/tiny"\nn = {HUGE}\n')
    result = run("check", tmp_path, "--offline", "--format", "json", "--no-cache")
    data = json.loads(result.stdout)
    problems = {p["file"]: p["message"] for p in data["scan_problems"]}
    assert "digits" in problems["config.json"] and "digits" in problems["settings.toml"]
    assert MODEL in result.stdout  # app.py's reference is still audited


@pytest.mark.parametrize("where", ["yaml", "toml"])
def test_a_huge_integer_in_a_policy_is_one_sentence(tmp_path: Path, where: str) -> None:
    if where == "yaml":
        policy = tmp_path / "policy.yaml"
        policy.write_text(f"name: p\nuse:\n  monthly_active_users: {HUGE}\n")
    else:
        policy = tmp_path / "pyproject.toml"
        policy.write_text(f"[tool.auditor]\nname = \"p\"\n[tool.auditor.use]\nmonthly_active_users = {HUGE}\n")
    result = run("audit", MODEL, "--offline", "--policy", policy)
    assert result.code == 2 and one_sentence(result.stderr) and policy.name in result.error
    assert "digits" in result.error and "set_int_max_str_digits" not in result.error


# ------------------------------------------------------------------ metadata files of the wrong shape


def test_wrong_typed_config_json_keys_are_left_out_with_a_warning(tmp_path: Path) -> None:
    config = {"architectures": 5, "model_type": [1], "auto_map": "x", "_name_or_path": {"a": 1},
              "quantization_config": 3}
    bad = _model(tmp_path / "bad", **{"config.json": json.dumps(config)})
    good = _model(tmp_path / "good")
    result = run("audit", bad, good, "--offline", "--format", "jsonl")
    recs = _records(result.stdout)
    assert set(recs) == {"bad", "good"}
    messages = " ".join(_findings(recs["bad"], "SRC002"))
    for key in config:
        assert f"`{key}`" in messages
    assert "config.json" in messages


def test_auto_map_lists_as_the_hub_sends_them_are_read(tmp_path: Path) -> None:
    """transformers writes `AutoTokenizer: [slow, fast]` (null for none); comparing such lists with strings
    crashed the files facts of every custom-code model whose file list was not recorded."""
    catalog = tmp_path / "catalog.jsonl"
    line = {"id": "acme/custom", "cardData": {"license": "mit"},
            "config": {"auto_map": {"AutoTokenizer": ["tok.T", None], "AutoModel": "modeling.M"}}}
    catalog.write_text(json.dumps(line) + "\n")
    result = run("audit", "acme/custom", "--offline", "--catalog", catalog, "--format", "jsonl")
    rec = _records(result.stdout)["custom"]
    assert rec["facts"]["files"]["remote_code"] is True
    assert rec["facts"]["files"]["remote_code_files"] == ["modeling.M", "tok.T"]


@pytest.mark.parametrize("mof", [
    "release: 5\n",
    "release: {name: x, components: 5}\n",
    "release:\n  components: [3, {name: Model parameters (Final), license: MIT}]\n",
])
def test_a_mof_declaration_of_the_wrong_shape_is_a_warning_not_a_crash(tmp_path: Path, mof: str) -> None:
    bad = _model(tmp_path / "bad", **{"mof.yml": mof})
    good = _model(tmp_path / "good")
    result = run("audit", bad, good, "--offline", "--format", "jsonl")
    recs = _records(result.stdout)
    assert set(recs) == {"bad", "good"}
    [message] = _findings(recs["bad"], "SRC002")
    assert "mof.yml" in message and "release" in message


@pytest.mark.parametrize(("text", "key"), [
    ("models: 5\nmerge_method: slerp\n", "models"),
    ("models: [3, null, {model: acme/a}]\nmerge_method: slerp\n", "models"),
    ("base_model: [1]\nmerge_method: slerp\n", "base_model"),
    ("slices: {a: b}\nmerge_method: slerp\n", "slices"),
])
def test_a_mergekit_config_of_the_wrong_shape_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    bad = _model(tmp_path / "bad", **{"mergekit_config.yml": text})
    result = run("audit", bad, "--offline", "--format", "jsonl")
    [message] = _findings(_records(result.stdout)["bad"], "SRC002")
    assert "mergekit_config.yml" in message and f"`{key}`" in message


def test_a_broken_mergekit_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    bad = _model(tmp_path / "bad", **{"mergekit_config.yml": "merge_method: slerp\nmodels: [\n"})
    result = run("audit", bad, "--offline", "--format", "jsonl")
    [message] = _findings(_records(result.stdout)["bad"], "SRC002")
    assert "mergekit_config.yml" in message and "line 3" in message


def test_recorded_license_texts_that_are_not_text_are_not_read_as_text(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    line = {"id": "acme/x", "cardData": {"license": "other", "license_name": "x"},
            "_auditor": {"license_texts": {"LICENSE": 5}}}
    catalog.write_text(json.dumps(line) + "\n")
    result = run("audit", "acme/x", "--offline", "--catalog", catalog, "--format", "jsonl")
    rec = _records(result.stdout)["x"]
    assert rec["facts"]["license"]["custom_without_text"] is True
    assert any("LICENSE" in m for m in _findings(rec, "SRC002"))


# ------------------------------------------------------------------ folders that cannot be listed


def _deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make `folder` unlistable as it is for a user without permission (root reads everything, so the tests
    raise the same PermissionError the system gives)."""
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path: Any = ".") -> Any:
        if Path(os.fspath(path)).resolve() == folder.resolve():
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        target = Path(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else None
        if target is not None and folder in target.parents:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)


def test_an_unreadable_model_folder_is_a_finding_and_the_run_goes_on(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    bad = _model(tmp_path / "bad")
    _deny(monkeypatch, bad)
    result = run("audit", bad, MODEL, "--offline", "--format", "jsonl")
    recs = _records(result.stdout)
    assert result.code == 3 and set(recs) == {"bad", MODEL.rsplit("/", 1)[-1]}
    [message] = _findings(recs["bad"], "SRC001")
    assert "could not be read" in message and "Permission denied" in message


def test_an_unlistable_subfolder_makes_the_file_list_incomplete_and_says_so(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    bad = _model(tmp_path / "bad")
    (bad / "weights").mkdir()
    _deny(monkeypatch, bad / "weights")
    result = run("audit", bad, "--offline", "--format", "jsonl")
    [message] = _findings(_records(result.stdout)["bad"], "SRC002")
    assert "weights" in message and "incomplete" in message


def test_an_unlistable_folder_of_a_scanned_repository_is_reported_not_skipped_silently(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.py").write_text('AutoModel.from_pretrained("acme-ai/hidden")\n')
    _deny(monkeypatch, tmp_path / "sub")
    result = run("check", tmp_path, "--offline", "--format", "json", "--no-cache")
    data = json.loads(result.stdout)
    # pass 14: not only said but failing closed: an incomplete result (SCN001) of its own, exit 3
    models = {m["model"]: m for m in data["models"]}
    [finding] = models["sub/"]["findings"]
    assert finding["rule"] == "SCN001" and result.code == 3 and models["sub/"]["verdict"] == "incomplete"
    assert "cannot be listed" in finding["message"] and "Permission denied" in finding["message"]
    assert MODEL in models


def test_a_mergekit_or_mof_file_that_is_not_a_mapping_is_said(tmp_path: Path) -> None:
    bad = _model(tmp_path / "bad", **{"mergekit_config.yml": "- acme/a\n- acme/b\n", "mof.yml": "just text\n"})
    result = run("audit", bad, "--offline", "--format", "jsonl")
    messages = _findings(_records(result.stdout)["bad"], "SRC002")
    assert any("mergekit_config.yml holds a list" in m for m in messages)
    assert any("mof.yml holds a string" in m for m in messages)


# ------------------------------------------------------------------ lists no model has: bounded, and said


def test_a_card_naming_twenty_thousand_bases_reads_the_first_and_says_so(tmp_path: Path) -> None:
    bases = ",".join(f"acme-ai/m{i}" for i in range(20_000))
    bad = _model(tmp_path / "bad", f"---\nlicense: mit\nbase_model: [{bases}]\n---\n")
    result = run("audit", bad, "--offline", "--format", "jsonl")
    rec = _records(result.stdout)["bad"]
    assert result.code == 3 and rec["verdict"] == "incomplete"  # the unread bases: fails closed
    assert any("20,000 models; only the first 64" in m for m in _findings(rec, "SRC001"))
    assert len(rec["findings"]) < 500 and len(result.stdout) < 2_000_000


# ------------------------------------------------------------------ references quoted, not pasted


def test_a_huge_bad_reference_is_quoted_short(tmp_path: Path) -> None:
    result = run("audit", "a" * 100_000 + "/b", "--offline")
    assert result.code == 2 and one_sentence(result.stderr) and len(result.stderr) < 400


def test_a_bad_as_id_is_named_as_the_as_option(tmp_path: Path) -> None:
    result = run("audit", _model(tmp_path / "m"), "--as", "../x", "--offline")
    assert result.code == 2 and "--as '../x' is not a repository id" in result.error


# ------------------------------------------------------------------ policies: nothing applies silently


def _policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text("name: p\n" + text)
    return path


@pytest.mark.parametrize(("text", "key", "words"), [
    ("waivers:\n  - {model: 'a/*', rule: NOPE999, reason: Legal approval, expires: 2030-01-01}\n",
     "waivers[0].rule", "NOPE999"),
    ("custom_rules:\n  - {id: LIC001, name: x, area: license, severity: error, title: t, condition: 'true', "
     "message: m}\n", "custom_rules[0].id", "built-in"),
])
def test_a_waiver_or_custom_rule_that_cannot_mean_what_it_says_is_refused(tmp_path: Path, text: str, key: str,
                                                                          words: str) -> None:
    policy = _policy(tmp_path, text)
    for args in (("policy", "validate", policy), ("audit", MODEL, "--offline", "--policy", policy)):
        result = run(*args)
        assert result.code == 2 and one_sentence(result.stderr)
        assert "policy.yaml:3:" in result.error and f"key `{key}`" in result.error and words in result.error


@pytest.mark.parametrize("content", [b"[tool.auditor]\nfail_on = \"note\"\nname = \"\xff\"\n",
                                     b"[tool.auditor\nfail_on = \"note\"\n"])
def test_a_project_policy_in_pyproject_that_cannot_be_read_is_an_error_not_the_default(
        tmp_path: Path, content: bytes) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_bytes(content)
    (tmp_path / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    result = run("check", tmp_path, "--offline")
    assert result.code == 2 and one_sentence(result.stderr) and "pyproject.toml" in result.error


def test_a_pyproject_of_another_tool_that_does_not_parse_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.black\nline-length = 1\n")
    (tmp_path / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    assert run("check", tmp_path, "--offline").code == 0


def test_a_fifo_named_auditor_yaml_is_refused_not_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / "auditor.yaml")
    (tmp_path / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    result = run("check", tmp_path, "--offline")
    assert result.code == 2 and one_sentence(result.stderr) and "auditor.yaml" in result.error


def test_policy_discovery_in_a_folder_that_cannot_be_searched_is_not_a_crash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.exists

    def exists(self: Path, *args: Any, **kwargs: Any) -> bool:
        if self.name == ".git":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", exists)
    result = run("audit", MODEL, "--offline")
    assert result.code == 0


# ------------------------------------------------------------------ lock and notice arguments


def test_an_impossible_acceptance_date_is_refused(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    result = run("lock", tmp_path, "--offline", "--accepted-by", "Jane Doe", "--accepted-on", "2027-02-30")
    assert result.code == 2 and "--accepted-on" in result.error and "2027-02-30" in result.error
    assert not (tmp_path / "auditor.lock").exists()


@pytest.mark.parametrize("target", ["/dev/zero", "dir", "missing.lock"])
def test_notice_names_the_lock_it_was_given_when_it_cannot_be_read(tmp_path: Path, target: str) -> None:
    lock = Path(target) if target.startswith("/") else tmp_path / target
    if target == "dir":
        lock.mkdir()
    result = run("notice", "--lock", lock, "--offline", "-o", tmp_path / "out")
    assert result.code == 2 and one_sentence(result.stderr) and str(lock) in result.error


def test_catalog_list_of_a_line_whose_card_data_is_not_a_mapping(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text('{"id": "acme/a", "cardData": [1, 2]}\n{"id": "acme/b"}\n')
    result = run("catalog", "list", "--catalog", catalog, "--format", "json")
    assert result.code == 0
    assert [r["id"] for r in json.loads(result.stdout)["records"]] == ["acme/a", "acme/b"]


@pytest.mark.parametrize(("field", "count", "rule", "verdict"), [
    ("license", 50_000, "SRC001", "incomplete"),  # licenses left unread: their terms are unknown
    ("datasets", 50_000, "CRD004", None),  # datasets and tags left unread narrow only what is reported
    ("tags", 100_000, "CRD004", None),
])
def test_a_card_list_no_model_has_is_cut_and_said(tmp_path: Path, field: str, count: int, rule: str,
                                                  verdict: str | None) -> None:
    values = ",".join(f"x{i}" for i in range(count)) if field != "datasets" else \
        ",".join(f"acme-ai/d{i}" for i in range(count))
    license_line = "" if field == "license" else "license: mit\n"
    bad = _model(tmp_path / "bad", f"---\n{license_line}{field}: [{values}]\n---\n")
    result = run("audit", bad, MODEL, "--offline", "--format", "jsonl")
    recs = _records(result.stdout)
    assert MODEL.rsplit("/", 1)[-1] in recs
    messages = _findings(recs["bad"], rule)
    assert any(f"`{field}` lists {count:,} entries" in m for m in messages), messages
    if verdict:
        assert recs["bad"]["verdict"] == verdict and result.code == 3
    assert len(result.stdout) < 3_000_000


def test_a_catalog_line_whose_api_base_models_list_is_huge_is_incomplete_fast(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    line = {"id": "acme/wide", "cardData": {"license": "mit"},
            "baseModels": {"models": [{"id": f"acme-ai/m{i}"} for i in range(20_000)]}}
    catalog.write_text(json.dumps({"id": "acme/ok", "cardData": {"license": "mit"}}) + "\n" + json.dumps(line) + "\n")
    result = run("audit", "acme/wide", "acme/ok", "--offline", "--catalog", catalog, "--format", "jsonl")
    recs = _records(result.stdout)
    assert recs["ok"]["verdict"] == "pass" and recs["wide"]["verdict"] == "incomplete" and result.code == 3
    assert any("20,000 models; only the first 64" in m for m in _findings(recs["wide"], "SRC001"))


# ------------------------------------------------------------------ messages the author can act on


@pytest.mark.parametrize(("card", "words"), [
    ("--- \nlicense: mit\n---\n", "first line '--- ' is not a front matter fence"),
    ("---\rlicense: mit\r---\r# m\r", "bare carriage return"),
    ("---\nlicense: mit\n", "never closed by a line `---`"),
    ("# A model\n", "card has no YAML front matter"),
])
def test_a_front_matter_the_hub_cannot_read_says_why(tmp_path: Path, card: str, words: str) -> None:
    bad = _model(tmp_path / "bad", card)
    result = run("audit", bad, "--offline", "--format", "jsonl")
    [problem] = _records(result.stdout)["bad"]["facts"]["card"]["problems"]
    assert problem["code"] == "card-no-front-matter" and words in problem["message"]
    assert result.code == 1  # no license can be read: LIC004 fails closed


@pytest.mark.parametrize(("text", "words"), [
    ("waivers: null\n", "null is not allowed here: it must be a list (key `waivers`)"),
    ("use:\n  commercial: maybe\n", "'maybe' is not allowed here: it must be true or false (key `use.commercial`)"),
    ("licenses:\n  allow: {a: 1}\n", "{a: 1} is not allowed here: it must be a list (key `licenses.allow`)"),
])
def test_policy_type_errors_speak_yaml(tmp_path: Path, text: str, words: str) -> None:
    result = run("policy", "validate", _policy(tmp_path, text))
    assert result.code == 2 and one_sentence(result.stderr) and words in result.error
    assert "None" not in result.error and "True" not in result.error


# ------------------------------------------------------------------ a catalog line found bad mid-run


@pytest.mark.parametrize("command", ["snapshot", "check", "lock"])
def test_a_malformed_catalog_line_is_one_sentence_in_every_command(tmp_path: Path, command: str) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text('{"id": "acme/good", "cardData": {"license": "mit"}}\n'
                       '{"id": "acme/bad", "_auditor": {"kind": 5}}\n')
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/bad")\n')
    args: dict[str, tuple[Any, ...]] = {
        "snapshot": ("snapshot", "acme/bad", "-o", tmp_path / "snap.jsonl"),
        "check": ("check", repo, "--no-cache"),
        "lock": ("lock", repo),
    }
    result = run(*args[command], "--offline", "--catalog", catalog)
    assert result.code == 2 and one_sentence(result.stderr)
    assert "catalog.jsonl:2:" in result.error and "_auditor" in result.error


def test_an_api_answer_whose_id_is_not_a_string_keeps_the_id_asked_for(tmp_path: Path) -> None:
    from auditor.sources.hubjson import record_from_hub_json

    record = record_from_hub_json({"id": 5, "sha": "a" * 40, "cardData": {"license": "mit"}}, source="hub",
                                  requested="acme/x")
    assert record.id == "acme/x"
    renamed = record_from_hub_json({"id": "acme/new-name", "sha": "a" * 40}, source="hub", requested="acme/x")
    assert renamed.id == "acme/new-name"  # a string id is the repository's own (renames, aliases)
