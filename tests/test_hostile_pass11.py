"""Findings of hostile pass 11 (scripts/hostile_probe.py family p10: kinds the earlier families lacked).

Why each:
1. A lock or catalog line naming one key twice (`{"sha": A, "sha": B}`, `{"license": "cc-by-nc-4.0", "license":
   "mit"}`) or holding NaN was read with Python's rule (the last value wins): `check --locked` passed on the value
   a reviewer reading the first never saw. auditor writes neither, so such a file was edited: refused, naming the
   file, the line and the key. A Hub answer of that shape is refused the same way (the model is incomplete).
2. A lock with two entries for one reference that disagree (another SHA, license or id): `find` took the first and
   the run passed. Refused naming both entries; the same entry twice (a merge kept both copies) still reads.
3. A catalog with two lines for one repository at one SHA that disagree on the facts (license, base, files):
   the last line answered in silence. The model is now incomplete with a sentence naming both lines; lines at
   other SHAs are history (the newest answers), and lines that differ only in counters (downloads) agree.
4. JSON Lines output left U+2028, U+2029 and NEL raw inside strings (valid JSON): a reader splitting lines with
   Python's str.splitlines cut a model's record in two and lost the model. They are now escaped (same value).
5. `check -f text` printed the repository's file names raw in "Referenced at": an ANSI escape or a bidi override
   in a file name reached the terminal, a newline split the line. Cleaned as every other value is.
6. `check --diff REF` outside a git repository said only "git rev-parse --show-toplevel failed", not which option;
   a ref starting with `-` reached git as an option (`--output=FILE` writes a file). Both now say `--diff REF`.
7. `catalog list --kind WORD` listed nothing and exited 0 for any word: now exit 2 with one sentence.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from auditor.lockfile import LockError, read_lock
from auditor.safeyaml import loads_json
from auditor.textsafe import one_line_json
from tests.hostile._cli import MODEL, one_sentence, run

BERT_SHA = "86b5e0934494bd15c9632b12f734a8a67f723594"
ENTRY = {"id": MODEL, "requested": MODEL, "revision": None, "sha": BERT_SHA, "license": "Apache-2.0",
         "effective_license": "Apache-2.0", "lineage": [], "facts_digest": "0" * 64}
RECORD = {"id": MODEL, "sha": BERT_SHA, "cardData": {"license": "apache-2.0"}, "tags": ["license:apache-2.0"],
          "siblings": [{"rfilename": "README.md"}]}


def _lock_text(models: list[dict], records: list[dict] | None = None) -> str:
    return json.dumps({"lock_version": 1, "generated_by": "auditor", "models": models,
                       "records": [RECORD] if records is None else records}, indent=1)


def _repo(root: Path, lock: str) -> Path:
    root.mkdir(parents=True)
    (root / "app.py").write_text(f'from transformers import AutoModel\nAutoModel.from_pretrained("{MODEL}")\n')
    (root / "auditor.lock").write_text(lock, encoding="utf-8")
    return root


# -- 1. a key given twice, NaN -----------------------------------------------------------------------------------


def test_strict_json_refuses_a_key_twice_at_its_line_and_nan() -> None:
    with pytest.raises(json.JSONDecodeError) as twice:
        loads_json('{\n "a": {"k": 1,\n  "k": 2}\n}', strict=True)
    assert twice.value.msg == "the key 'k' is given twice in one object" and twice.value.lineno == 3
    with pytest.raises(json.JSONDecodeError, match="NaN is not a JSON number"):
        loads_json('{"sha": NaN}', strict=True)
    # near misses: one key in two objects, and the same text without strict (config files keep Python's rule)
    assert loads_json('{"a": [{"k": 1}, {"k": 2}], "k": 3}', strict=True) == {"a": [{"k": 1}, {"k": 2}], "k": 3}
    assert loads_json('{"k": 1, "k": 2}') == {"k": 2}


@pytest.mark.parametrize(("name", "edit", "says"), [
    ("sha-twice", lambda t: t.replace(f'"sha": "{BERT_SHA}"', f'"sha": "{"f" * 40}",\n   "sha": "{BERT_SHA}"', 1),
     "the key 'sha' is given twice"),
    ("models-twice", lambda t: t.replace('"models": [', '"models": [],\n "models": [', 1), "the key 'models'"),
    ("nan", lambda t: t.replace('"lock_version": 1', '"lock_version": NaN', 1), "NaN is not a JSON number"),
])
def test_a_lock_with_a_key_twice_is_refused_by_check_report_and_notice(tmp_path: Path, name: str, edit, says: str
                                                                       ) -> None:
    root = _repo(tmp_path / name, edit(_lock_text([ENTRY])))
    lock = root / "auditor.lock"
    for args in (("check", root, "--offline", "--locked", "--no-cache", "-f", "json"),
                 ("report", MODEL, "--offline", "--lock", lock, "-f", "md", "-o", tmp_path / "r.md"),
                 ("notice", "--lock", lock, "--offline", "-o", tmp_path / "n")):
        result = run(*args)
        assert result.code == 2, (args[0], result.stdout, result.stderr)
        assert one_sentence(result.stderr) and f"{lock}:" in result.error and says in result.error


def test_near_miss_a_lock_as_auditor_writes_it_still_passes(tmp_path: Path) -> None:
    root = _repo(tmp_path / "ok", _lock_text([ENTRY]))
    result = run("check", root, "--offline", "--locked", "--no-cache", "-f", "json")
    assert result.code == 0, result.stderr
    assert [m["model"] for m in json.loads(result.stdout)["models"]] == [MODEL]


def test_a_catalog_line_with_a_key_twice_is_refused_naming_file_line_and_key(tmp_path: Path) -> None:
    good = json.dumps({"id": "acme/good", "sha": "a" * 40, "cardData": {"license": "mit"}})
    path = tmp_path / "cat.jsonl"
    path.write_text(good + '\n{"id": "acme/x", "sha": "' + "a" * 40 + '", "cardData": {"license": "cc-by-nc-4.0", '
                    '"license": "mit"}}\n', encoding="utf-8")
    result = run("audit", "acme/x", "acme/good", "--offline", "--catalog", path, "-f", "jsonl")
    assert result.code == 2 and one_sentence(result.stderr)
    assert f"{path}:2:" in result.error and "'license' is given twice" in result.error


def test_a_hub_answer_with_a_key_twice_is_incomplete_never_a_pass(fake_hub, tmp_path: Path) -> None:
    card = "---\nlicense: mit\n---\n# m\n"
    body = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    fake_hub.add_repo("acme/good", body, {"README.md": card})
    fake_hub.add_repo("acme/twice", body, {"README.md": card})
    raw = (b'{"id": "acme/twice", "sha": "' + b"a" * 40 + b'", "cardData": {"license": "cc-by-nc-4.0", '
           b'"license": "mit"}, "tags": ["license:mit"]}')
    for path in ("/api/models/acme/twice", "/api/models/acme/twice/revision/*"):
        fake_hub.fault(path, "body", body=raw)
    result = run("audit", "acme/twice", "acme/good", "--endpoint", fake_hub.url, "-f", "jsonl")
    records = {r["model"]: r for r in map(json.loads, result.stdout.splitlines()) if r.get("type") == "model"}
    assert result.code == 3, result.stderr
    assert records["acme/twice"]["verdict"] == "incomplete" and records["acme/good"]["verdict"] == "pass"
    said = json.dumps(records["acme/twice"]["facts"]["problems"])
    assert "given twice" in said


# -- 2. two lock entries for one reference --------------------------------------------------------------------------


@pytest.mark.parametrize(("other", "differ"), [
    ({"sha": "f" * 40}, "`sha`"),
    ({"license": "CC-BY-NC-4.0", "effective_license": "CC-BY-NC-4.0"}, "`effective_license`, `license`"),
    # a rename by the same owner (an id the Hub serves under the requested name): an unrelated id is refused on its
    # own (tests/test_hostile21_lock.py)
    ({"id": "google-bert/other"}, "`id`"),
])
def test_two_lock_entries_for_one_reference_that_disagree_are_refused(tmp_path: Path, other: dict, differ: str
                                                                      ) -> None:
    root = _repo(tmp_path / "lock", _lock_text([ENTRY, {**ENTRY, **other}]))
    with pytest.raises(LockError) as refused:
        read_lock(root / "auditor.lock")
    assert f"models[0] and models[1] both lock {MODEL!r} and disagree on {differ}" in str(refused.value)
    result = run("check", root, "--offline", "--locked", "--no-cache", "-f", "json")
    assert result.code == 2 and one_sentence(result.stderr) and "auditor.lock" in result.error
    notice = run("notice", "--lock", root / "auditor.lock", "--offline", "-o", tmp_path / "n")
    assert notice.code == 2 and "models[0] and models[1]" in notice.error


def test_near_miss_the_same_lock_entry_twice_or_two_revisions_read(tmp_path: Path) -> None:
    same = _repo(tmp_path / "same", _lock_text([ENTRY, dict(ENTRY)]))
    # accepted, and read as one (hostile pass 26: each copy was covered again by notice --lock)
    assert len(read_lock(same / "auditor.lock").models) == 1
    result = run("check", same, "--offline", "--locked", "--no-cache", "-f", "json")
    assert result.code == 0, result.stderr
    pinned = {**ENTRY, "requested": f"{MODEL}@v1", "revision": "v1", "sha": "f" * 40}
    two = _repo(tmp_path / "two", _lock_text([ENTRY, pinned]))
    assert [m.revision for m in read_lock(two / "auditor.lock").models] == [None, "v1"]


def test_near_miss_a_model_and_a_dataset_of_one_name_lock_and_check(tmp_path: Path) -> None:
    catalog = tmp_path / "cat.jsonl"
    catalog.write_text(
        json.dumps({"id": "acme/x", "sha": "b" * 40, "cardData": {"license": "mit"},
                    "siblings": [{"rfilename": "README.md"}]}) + "\n"
        + json.dumps({"id": "acme/x", "sha": "c" * 40, "cardData": {"license": "cc-by-4.0"},
                      "_auditor": {"kind": "dataset"}}) + "\n", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/x")\n'
                                 'from datasets import load_dataset\nload_dataset("acme/x")\n')
    assert run("lock", root, "--offline", "--catalog", catalog).code == 0
    lock = read_lock(root / "auditor.lock")
    assert [m.requested for m in lock.models] == ["acme/x", "acme/x"] and lock.models[0] != lock.models[1]
    result = run("check", root, "--offline", "--locked", "--no-cache", "-f", "json")
    assert result.code != 2, result.stderr


# -- 3. two catalog lines for one commit ------------------------------------------------------------------------------


def _catalog(path: Path, *bodies: dict) -> Path:
    lines = [{"id": "acme/good", "sha": "a" * 40, "cardData": {"license": "mit"}}, *bodies]
    path.write_text("".join(json.dumps(b) + "\n" for b in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(("second", "field"), [
    ({"cardData": {"license": "cc-by-nc-4.0"}}, "cardData"),
    ({"cardData": {"license": "mit", "base_model": "acme/other"}}, "cardData"),
    ({"siblings": [{"rfilename": "model.bin"}]}, "siblings"),
    ({"id": "ACME/X", "cardData": {"license": "gpl-3.0"}}, "cardData"),
])
def test_two_catalog_lines_for_one_commit_that_disagree_make_the_model_incomplete(tmp_path: Path, second: dict,
                                                                                  field: str) -> None:
    first = {"id": "acme/x", "sha": "b" * 40, "cardData": {"license": "mit"}, "siblings": [{"rfilename": "README.md"}]}
    path = _catalog(tmp_path / "cat.jsonl", first, {**first, **second})
    result = run("audit", "acme/x", "acme/good", "--offline", "--catalog", path, "-f", "jsonl")
    records = {r["model"]: r for r in map(json.loads, result.stdout.splitlines()) if r.get("type") == "model"}
    assert result.code == 3, result.stderr
    assert records["acme/x"]["verdict"] == "incomplete" and records["acme/good"]["verdict"] == "pass"
    message = json.dumps(records["acme/x"]["facts"]["problems"])
    assert f"{path}:3 and line 2 both record" in message and f"`{field}`" in message


def test_near_miss_catalog_history_and_counters_are_no_conflict(tmp_path: Path) -> None:
    old = {"id": "acme/x", "sha": "b" * 40, "cardData": {"license": "cc-by-nc-4.0"}, "downloads": 5}
    new = {"id": "acme/x", "sha": "c" * 40, "cardData": {"license": "mit"}, "downloads": 9}
    history = _catalog(tmp_path / "history.jsonl", old, new)
    result = run("audit", "acme/x", "--offline", "--catalog", history, "-f", "jsonl")
    record = json.loads(result.stdout.splitlines()[0])
    assert result.code == 0 and record["verdict"] == "pass" and record["facts"]["model"]["sha"] == "c" * 40
    counters = _catalog(tmp_path / "counters.jsonl", {**new, "downloads": 1}, {**new, "likes": 3})
    assert run("audit", "acme/x", "--offline", "--catalog", counters, "-f", "jsonl").code == 0


# -- 4. Unicode line breaks in JSON Lines ----------------------------------------------------------------------------


def test_one_line_json_escapes_unicode_line_breaks_and_keeps_the_value() -> None:
    value = {"license_name": "a\u2028b\u2029c\x85d", "plain": "é ü 中"}
    line = one_line_json(json.dumps(value, ensure_ascii=False))
    assert len(line.splitlines()) == 1 and json.loads(line) == value
    assert "é ü 中" in line  # near miss: other characters stay as they are


def test_jsonl_records_stay_one_line_each_with_line_separators_in_card_text(tmp_path: Path) -> None:
    path = _catalog(tmp_path / "cat.jsonl", {"id": "acme/x", "sha": "b" * 40,
                                              "cardData": {"license": "other", "license_name": "acme\u2028x\x85y"}})
    result = run("audit", "acme/x", "acme/good", "--offline", "--catalog", path, "-f", "jsonl")
    lines = result.stdout.splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["model", "model", "run"]
    assert "acme\u2028x\x85y" in json.dumps(json.loads(lines[0]), ensure_ascii=False)


# -- 5. file names in the text output ---------------------------------------------------------------------------------


def _hostile_names_repo(root: Path) -> Path:
    root.mkdir()
    for i, name in enumerate(("esc\x1b[31m.py", "bidi\u202eyp.py", "new\nline.py")):
        (root / name).write_text(f'AutoModel.from_pretrained("acme/m{i}")\n', encoding="utf-8")
    return root


def test_check_text_shows_file_names_without_escapes_bidi_or_newlines(tmp_path: Path, schemas: Path) -> None:
    root = _hostile_names_repo(tmp_path / "repo")
    result = run("check", root, "--offline", "--no-cache", "-f", "text")
    assert result.code == 3
    places = [line.strip() for line in result.stdout.splitlines() if "Referenced at" in line]
    assert sorted(places) == ["Referenced at bidi\\u202eyp.py:1", "Referenced at esc\\u001b[31m.py:1",
                              "Referenced at new\\nline.py:1"]
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    out = tmp_path / "out"
    formats = run("check", root, "--offline", "--no-cache", "-f", "sarif,junit", "-o", out)
    assert formats.code == 3
    import jsonschema  # lazy: only this test validates
    import xmlschema  # lazy: only this test validates

    sarif = json.loads((out / "auditor.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads((schemas / "sarif-schema-2.1.0.json").read_text())).validate(sarif)
    xmlschema.XMLSchema(str(schemas / "JUnit.xsd")).validate(str(out / "auditor-junit.xml"))


def test_near_miss_plain_unicode_file_names_are_shown_as_they_are(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "modèle_中.py").write_text('AutoModel.from_pretrained("acme/m")\n', encoding="utf-8")
    result = run("check", root, "--offline", "--no-cache", "-f", "text")
    assert "Referenced at modèle_中.py:1" in result.stdout


# -- 6. --diff -------------------------------------------------------------------------------------------------------


def test_diff_outside_git_names_the_option_and_the_ref(tmp_path: Path) -> None:
    root = _hostile_names_repo(tmp_path / "repo")
    result = run("check", root, "--offline", "--no-cache", "--diff", "main")
    assert result.code == 2 and one_sentence(result.stderr)
    assert "--diff 'main'" in result.error and "not inside a git repository" in result.error


def test_a_diff_ref_that_is_an_option_never_reaches_git(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "app.py").write_text('AutoModel.from_pretrained("acme/m")\n')
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"],
                   check=True)
    written = tmp_path / "written.txt"
    result = run("check", root, "--offline", "--no-cache", "--diff", f"--output={written}")
    assert result.code == 2 and "not a git ref" in result.error and not written.exists()
    missing = run("check", root, "--offline", "--no-cache", "--diff", "no-such-ref")
    assert missing.code == 2 and "--diff 'no-such-ref': no such git commit" in missing.error
    near_miss = run("check", root, "--offline", "--no-cache", "--diff", "HEAD", "-f", "json")
    assert near_miss.code == 0 and json.loads(near_miss.stdout)["models"] == []


# -- 7. catalog list --kind ------------------------------------------------------------------------------------------


def test_catalog_list_refuses_a_kind_no_catalog_holds() -> None:
    result = run("catalog", "list", "--kind", "spaceship")
    assert result.code == 2 and one_sentence(result.stderr) and "--kind 'spaceship'" in result.error
    near_miss = run("catalog", "list", "--kind", "dataset", "-f", "json")
    assert near_miss.code == 0
    assert {r["kind"] for r in json.loads(near_miss.stdout)["records"]} == {"dataset"}


# -- 8. look-alike characters in policy ids and keys -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "key", "named"), [
    ("name: x\nrules:\n  LI\u0421001: {severity: note}\n", "rules", "U+0421 CYRILLIC CAPITAL LETTER ES"),
    ("name: x\nwaivers:\n  - {model: '*', rule: \"LIC\u200b001\", reason: Legal approval LEG-1, expires: 2099-01-01}\n",
     "waivers[0].rule", "U+200B ZERO WIDTH SPACE"),
    ("name: x\nfail_on: \u0435rror\n", "fail_on", "U+0435 CYRILLIC SMALL LETTER IE"),
    ("name: x\nlic\u0435nses:\n  allow: [MIT]\n", "lic\u0435nses", "U+0435 CYRILLIC SMALL LETTER IE"),
])
def test_a_policy_id_or_key_with_a_lookalike_character_names_the_character(tmp_path: Path, text: str, key: str,
                                                                            named: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("policy", "validate", path)
    assert result.code == 2 and one_sentence(result.stderr)
    assert f"{path}:" in result.error and f"(key `{key}`)" in result.error
    assert f"(it holds {named}, which is not an ASCII character)" in result.error
    audit = run("audit", MODEL, "--offline", "--policy", path)
    assert audit.code == 2 and named in audit.error


def test_near_miss_a_plain_ascii_refusal_gets_no_lookalike_note(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("name: x\nwaivers:\n  - {model: '*', rule: lic001, reason: Legal approval LEG-1, "
                    "expires: 2099-01-01}\n", encoding="utf-8")
    result = run("policy", "validate", path)
    assert result.code == 2 and "waivers[0].rule" in result.error and "it holds" not in result.error
