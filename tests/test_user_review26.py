"""Findings of a read-only user review (session of 2026-12-06 evening, /work/wt/FINDINGS26.md): facts that were
stated as known where nothing was read, citations of clauses that do not say what the finding says, and one
model's facts judged differently once locked. Each test is the class, with the reviewer's case among others."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()
DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-project"


def _audit(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["audit", *args, "--format", "json"])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.stdout)


def _catalog(tmp_path: Path, **body: object) -> Path:
    path = tmp_path / "snapshot.jsonl"
    path.write_text(json.dumps({"id": "acme/tiny-GGUF", "cardData": {"license": "apache-2.0"}, **body}) + "\n")
    return path


def _findings(data: dict, rule: str) -> list[str]:
    return [f["message"] for m in data["models"] for f in m["findings"] if f["rule"] == rule]


# --- finding 4 and 21: a file list nobody read says neither "GGUF: no" nor "adapter: no" ---------------------

def test_gguf_and_adapter_are_unknown_when_the_file_list_is(tmp_path: Path) -> None:
    _, data = _audit("acme/tiny-GGUF", "--offline", "--catalog", str(_catalog(tmp_path)))
    files = data["models"][0]["facts"]["files"]
    assert files["known"] is False
    assert files["gguf"] is None and files["adapter"] is None  # unknown, not "no"
    assert files["remote_code_evidence"] == "not checked"


@pytest.mark.parametrize("siblings, gguf, adapter", [
    (["model-Q4_K_M.gguf", "README.md"], True, False),
    (["adapter_config.json", "adapter_model.safetensors"], False, True),
    (["model.safetensors", "config.json"], False, False),
])
def test_a_read_file_list_still_answers_yes_or_no(tmp_path: Path, siblings: list[str], gguf: bool,
                                                   adapter: bool) -> None:
    catalog = _catalog(tmp_path, siblings=[{"rfilename": f} for f in siblings])
    _, data = _audit("acme/tiny-GGUF", "--offline", "--catalog", str(catalog))
    files = data["models"][0]["facts"]["files"]
    assert files["known"] is True and files["gguf"] is gguf and files["adapter"] is adapter


def test_a_derivative_without_base_model_words_unknown_files_and_name_hints_plainly() -> None:
    # a FLUX.1 quantization from the embedded catalog: no file list recorded, a name hint, no base_model
    _, data = _audit("lllyasviel/flux1-dev-bnb-nf4", "--offline")
    messages = _findings(data, "CRD003")
    assert messages, data["models"][0]["findings"]
    message = messages[0]
    assert "adapter files: unknown" in message and "GGUF files: unknown" in message
    assert "FLUX.1" in message
    assert "=" not in message, message  # no key=value dump of the hint record


def test_a_rule_on_files_gguf_does_not_read_no_into_an_unread_list(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "custom_rules:\n"
        "  - id: ACME901\n    title: GGUF status not established\n    severity: warning\n"
        "    condition: files.gguf == null\n    message: '{model.id}: GGUF files {files.gguf}'\n"
        "  - id: ACME902\n    title: said to have no GGUF\n    severity: warning\n"
        "    condition: files.gguf == false\n    message: '{model.id}: no GGUF'\n")
    _, data = _audit("acme/tiny-GGUF", "--offline", "--catalog", str(_catalog(tmp_path)), "--policy", str(policy))
    assert _findings(data, "ACME901") == ["acme/tiny-GGUF: GGUF files unknown"]
    assert not _findings(data, "ACME902")


# --- finding 12: remote code is asserted with its evidence, and the gap note does not deny it -----------------

def test_remote_code_known_from_the_tag_is_named_as_such_and_not_called_unchecked(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, tags=["transformers", "custom_code"])
    _, data = _audit("acme/tiny-GGUF", "--offline", "--catalog", str(catalog))
    sec002 = _findings(data, "SEC002")
    assert sec002 and "(none)" not in sec002[0] and "tagged custom_code" in sec002[0], sec002
    sec004 = _findings(data, "SEC004")
    # the gap note points to SEC002's evidence instead of repeating it (fixreview17, rule field shown_once)
    assert sec004 and "remote code: as SEC002 says" in sec004[0], sec004
    assert "remote code were not checked" not in sec004[0]


def test_remote_code_from_a_recorded_config_names_the_auto_map(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, config={"auto_map": {"AutoModel": "modeling_tiny.TinyModel"}})
    _, data = _audit("acme/tiny-GGUF", "--offline", "--catalog", str(catalog))
    sec002 = _findings(data, "SEC002")
    assert sec002 and "config.json auto_map: modeling_tiny.TinyModel" in sec002[0], sec002


# --- finding 8: locking the same records does not change the verdict -------------------------------------------

def test_check_locked_judges_recorded_facts_as_check_offline_does(tmp_path: Path) -> None:
    project = tmp_path / "demo"
    shutil.copytree(DEMO, project)
    lock = runner.invoke(app, ["lock", str(project), "--offline", "--no-cache"])
    assert (project / "auditor.lock").is_file(), lock.output
    offline = runner.invoke(app, ["check", str(project), "--offline", "--no-cache", "--allow-incomplete", "-f", "json"])
    locked = runner.invoke(app, ["check", str(project), "--locked", "--no-cache", "--allow-incomplete", "-f", "json"])

    def verdicts(result: object) -> dict[str, tuple[str, frozenset[str]]]:
        data = json.loads(result.stdout)  # type: ignore[attr-defined]
        return {m["model"].split("@")[0]: (m["verdict"], frozenset(f["rule"] for f in m["findings"]
                                                                  if f["rule"].startswith("SEC")))
                for m in data["models"]}

    before, after = verdicts(offline), verdicts(locked)
    assert before and before.keys() == after.keys()
    for model, (verdict, sec) in before.items():
        assert after[model][0] == verdict, (model, before[model], after[model])
        assert after[model][1] == sec, (model, before[model], after[model])


# --- finding 5: a finding cites the clauses that set the value it states --------------------------------------

def test_a_noncommercial_base_is_cited_and_the_permissive_grant_is_not(tmp_path: Path) -> None:
    folder = tmp_path / "nc"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: apache-2.0\nbase_model: jinaai/jina-embeddings-v3\n---\n# ft\n")
    _, data = _audit(str(folder), "--as", "acme/nc-ft", "--offline", "--policy", "builtin:commercial")
    lic007 = _findings(data, "LIC007")
    assert lic007 and "CC-BY-NC-4.0" in lic007[0], data["models"][0]["findings"]
    assert "Apache-2.0" not in lic007[0], lic007
    terms = data["models"][0]["facts"]["terms"]
    assert terms["commercial_use"]["value"] == "prohibited"
    assert all("CC-BY-NC-4.0" in s for s in terms["commercial_use"]["sources"]), terms["commercial_use"]


# --- finding 13: a partly identified dataset license is shown whole and its gap said ----------------------------

def test_a_partly_identified_dataset_license_keeps_its_unknown_part() -> None:
    _, data = _audit("sentence-transformers/paraphrase-albert-small-v2", "--offline")
    dat003 = [m for m in _findings(data, "DAT003") if "multi_nli" in m]
    assert dat003 and "only CC-BY-3.0 AND CC-BY-SA-3.0 AND MIT is identified" in dat003[0], dat003
    dat004 = [m for m in _findings(data, "DAT004") if "multi_nli" in m]
    assert dat004 and "AND other (not identified)" in dat004[0], dat004
    reasons = {m.split("whose license is not known: ")[1].split(" (declared")[0] for m in _findings(data, "DAT003")}
    assert not any(r.startswith("its license is ") and r.split()[-1] in ("none", "custom") for r in reasons), reasons


# --- findings 1 and 10: every requested reference gets its result, and @main reads the recorded default branch -

@pytest.mark.parametrize("refs", [
    ["EleutherAI/pythia-160m@main", "EleutherAI/pythia-160m"],
    ["EleutherAI/pythia-160m", "EleutherAI/pythia-160m@main"],
])
def test_a_ref_and_its_main_branch_are_both_audited_in_either_order(refs: list[str]) -> None:
    code, data = _audit(*refs, "--offline")
    assert [m["model"] for m in data["models"]] == refs
    assert {m["verdict"] for m in data["models"]} == {"pass"} and code == 0


def test_an_unreadable_revision_never_hides_a_readable_ref_of_the_same_repository() -> None:
    code, data = _audit("EleutherAI/pythia-160m@no-such-branch", "EleutherAI/pythia-160m", "--offline",
                        "--allow-incomplete")
    assert code == 0  # --allow-incomplete: the unreadable revision is said, not a failure
    assert [(m["model"], m["verdict"]) for m in data["models"]] == [
        ("EleutherAI/pythia-160m@no-such-branch", "incomplete"), ("EleutherAI/pythia-160m", "pass")]


def test_main_answers_from_a_line_recorded_without_a_revision_and_other_branches_do_not(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    _, data = _audit("acme/tiny-GGUF@main", "--offline", "--catalog", str(catalog))
    assert data["models"][0]["verdict"] == "pass"
    _, data = _audit("acme/tiny-GGUF@v2", "--offline", "--catalog", str(catalog), "--allow-incomplete")
    assert data["models"][0]["verdict"] == "incomplete"


# --- finding 16: a quiet incomplete audit still says why ------------------------------------------------------

def test_quiet_incomplete_names_the_unreadable_base_at_any_severity(tmp_path: Path) -> None:
    folder = tmp_path / "adapter"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: apache-2.0\nbase_model: acme/not-there\n---\n# x\n")
    policy = tmp_path / "lax.yaml"
    policy.write_text("name: lax\nlineage:\n  unresolved_base: warn\nlicenses:\n  unknown: warn\n")
    result = runner.invoke(app, ["audit", str(folder), "--as", "acme/my-adapter", "--offline", "--policy",
                                 str(policy), "-q"])
    assert result.exit_code == 3
    assert "INCOMPLETE" in result.stdout and "LIN002" in result.stdout and "acme/not-there" in result.stdout


# --- findings 15 and 19: what a run wrote, and a run with nothing to audit, are said ---------------------------

def test_several_formats_without_o_say_where_they_went(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["audit", "openai-community/gpt2", "--offline", "--format", "sarif,junit"])
    assert result.exit_code == 0
    assert (tmp_path / "auditor-out" / "auditor.sarif").is_file()
    assert "wrote auditor-out/auditor.sarif, auditor-out/auditor-junit.xml" in result.stderr


def test_a_check_with_no_references_says_so(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print('hello')\n")
    result = runner.invoke(app, ["check", str(tmp_path), "--offline", "--no-cache"])
    assert result.exit_code == 0
    assert "Run verdict: PASS (0 models" in result.stdout and "nothing was audited" in result.stdout


# --- review 28 finding 8: card values that are not strings are quoted as written, never as Python reprs -------

def test_non_string_card_values_are_quoted_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "m7"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: {name: apache-2.0}\nbase_model: [ {id: x}, 3, null ]\n"
                                      "license_name: [a, b]\n---\n# x\n")
    result = runner.invoke(app, ["audit", str(folder), "--as", "acme/m7", "--offline", "-v"])
    assert "Traceback" not in result.output
    for repr_shape in ("{'", "['", "None"):
        assert repr_shape not in result.stdout, (repr_shape, result.stdout)
    assert '{"name": "apache-2.0"}' in result.stdout and 'base_model entry {"id": "x"}' in result.stdout
