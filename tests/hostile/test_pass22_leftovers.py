"""Hostile leftovers of pass 22: three contract gaps, each a sentence that named the wrong thing.

Before:
1. `auditor notice` on a folder whose licence texts sit in a `LICENSE` or `LICENSES/` (REUSE) folder said the
   repository "holds no LICENSE, NOTICE or use-policy file" and shipped none of them;
2. a policy key holding a NUL or another control character was shown with a replacement mark and nothing said
   which character it was;
3. `licenses: {off: 1}` (a key YAML reads as a boolean) was reported at the line of `licenses:`, not its own.
The licence files here are synthetic bytes; no licence text is in the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.notice import MAX_FILE_BYTES, MAX_FILES, notice_files
from auditor.safeyaml import key_lines
from tests.fakehub import FakeHub
from tests.hostile._cli import MIT_MODEL_CARD, MODEL, one_sentence, run

# -- 1. licence texts in a LICENSE or LICENSES folder ------------------------------------------------------------


def _model(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "README.md").write_text(MIT_MODEL_CARD)
    return root


def _bundle(folder: Path, out: Path) -> tuple[int, dict]:
    result = run("notice", folder, "--as", "acme/m", "-o", out, "-f", "json")
    return result.code, json.loads(result.stdout[result.stdout.index("{"):result.stdout.rindex("}") + 1])


def test_which_files_in_a_license_folder_are_notice_files() -> None:
    names = ["LICENSES/MIT.txt", "licenses/Apache-2.0.txt", "LICENSE/terms.md", "Licence/x", "LICENSES/deep/y.txt",
             "docs/LICENSE", "LICENSE-FILES/z", "LICENSE", "weights/LICENSES/w"]
    assert notice_files(names) == ["Licence/x", "LICENSE", "LICENSE/terms.md", "licenses/Apache-2.0.txt",
                                   "LICENSES/MIT.txt"]


@pytest.mark.parametrize("folder", ["LICENSE", "LICENSES", "licenses", "LICENCE"])
def test_the_files_of_a_license_folder_are_copied_byte_for_byte(tmp_path: Path, folder: str) -> None:
    root = _model(tmp_path / "m")
    (root / folder).mkdir()
    texts = {"MIT.txt": b"synthetic mit\r\n\xff", "Apache-2.0.txt": b"synthetic apache\n"}
    for name, data in texts.items():
        (root / folder / name).write_bytes(data)
    (root / folder / "deep").mkdir()
    (root / folder / "deep" / "other.txt").write_bytes(b"deeper: not taken\n")
    code, data = _bundle(root, tmp_path / "out")
    model = data["models"][0]
    assert code == 0 and model["complete"] is True, data
    assert sorted(f["name"] for f in model["files"]) == sorted(f"{folder}/{n}" for n in texts)
    assert not any("holds no" in n for n in model["notes"])
    for name, raw in texts.items():
        assert (tmp_path / "out" / "acme__m" / f"{folder}__{name}").read_bytes() == raw


def test_a_license_folder_keeps_the_link_and_size_limits(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret outside the model folder\n")
    root = _model(tmp_path / "m")
    (root / "LICENSES").mkdir()
    (root / "LICENSES" / "MIT.txt").write_bytes(b"synthetic mit\n")
    (root / "LICENSES" / "escape.txt").symlink_to(outside)
    (root / "LICENSES" / "huge.txt").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    code, data = _bundle(root, tmp_path / "out")
    model = data["models"][0]
    assert code == 3 and model["complete"] is False
    assert [f["name"] for f in model["files"]] == ["LICENSES/MIT.txt"]
    reasons = {m["name"]: m["reason"] for m in model["missing"]}
    assert "outside the model directory" in reasons["LICENSES/escape.txt"]
    assert f"{MAX_FILE_BYTES + 1} bytes" in reasons["LICENSES/huge.txt"]
    assert not any(b"secret" in p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file())


def test_a_license_folder_that_is_a_link_out_of_the_model_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "MIT.txt").write_bytes(b"secret outside the model folder\n")
    root = _model(tmp_path / "m")
    (root / "LICENSES").symlink_to(elsewhere, target_is_directory=True)
    code, data = _bundle(root, tmp_path / "out")
    model = data["models"][0]
    assert code == 3 and model["files"] == []
    assert any(m["name"] == "LICENSES" and "not followed" in m["reason"] for m in model["missing"])
    assert not any(b"secret" in p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file())


def test_a_license_folder_with_files_only_deeper_is_named_with_what_it_holds(tmp_path: Path) -> None:
    root = _model(tmp_path / "m")
    (root / "LICENSE" / "third_party").mkdir(parents=True)
    (root / "LICENSE" / "third_party" / "a.txt").write_bytes(b"synthetic\n")
    code, data = _bundle(root, tmp_path / "out")
    model = data["models"][0]
    assert code == 3 and model["complete"] is False and model["files"] == []
    [missing] = model["missing"]
    assert missing["name"] == "LICENSE" and "is a folder, not a file" in missing["reason"]
    assert "third_party/a.txt" in missing["reason"]
    assert not any("holds no LICENSE" in n for n in model["notes"])


@pytest.mark.parametrize("folder", ["LICENSE", "LICENSES"])
def test_an_empty_license_folder_is_named_not_passed_over(tmp_path: Path, folder: str) -> None:
    root = _model(tmp_path / "m")
    (root / folder).mkdir()
    code, data = _bundle(root, tmp_path / "out")
    model = data["models"][0]
    assert code == 0 and model["files"] == [] and model["missing"] == []
    assert any(f"{folder} is a folder, not a file, and holds no file" in n for n in model["notes"]), model["notes"]


def test_near_miss_no_license_folder_still_says_none_is_held(tmp_path: Path) -> None:
    root = _model(tmp_path / "m")
    (root / "docs").mkdir()
    (root / "docs" / "LICENSE").write_bytes(b"not at the top level\n")
    code, data = _bundle(root, tmp_path / "out")
    notes = data["models"][0]["notes"]
    assert code == 0 and any("holds no LICENSE" in n for n in notes) and not any("folder" in n for n in notes)


def test_a_reuse_licenses_folder_on_the_hub_is_copied(fake_hub: FakeHub, tmp_path: Path) -> None:
    repo = fake_hub.add_repo(
        "acme/reuse", {"cardData": {"license": "mit"}, "gated": False, "tags": ["license:mit"]},
        {"README.md": MIT_MODEL_CARD, "LICENSES/MIT.txt": b"synthetic mit\r\n", "LICENSES/sub/x.txt": b"deep\n",
         "config.json": "{}"})
    result = run("notice", f"acme/reuse@{repo.refs['main']}", "-o", tmp_path / "out", "--endpoint", fake_hub.url,
                 "-f", "json")
    data = json.loads(result.stdout[result.stdout.index("{"):result.stdout.rindex("}") + 1])
    model = data["models"][0]
    assert result.code == 0 and [f["name"] for f in model["files"]] == ["LICENSES/MIT.txt"], data
    assert (tmp_path / "out" / "acme__reuse" / "LICENSES__MIT.txt").read_bytes() == b"synthetic mit\r\n"
    assert not any("holds no" in n for n in model["notes"])


def test_a_licenses_folder_of_hundreds_of_files_costs_at_most_max_files_requests(fake_hub: FakeHub,
                                                                                tmp_path: Path) -> None:
    """A Hub `LICENSES/` folder costs one request per file: a repository listing 200 must not make one notice 200
    requests. The top-level LICENSE comes first, MAX_FILES files are copied, and one line says what was left out,
    so the bundle is incomplete, never silently short."""
    many = {f"LICENSES/L{i:03d}.txt": b"synthetic\n" for i in range(200)}
    repo = fake_hub.add_repo(
        "acme/many", {"cardData": {"license": "mit"}, "gated": False, "tags": ["license:mit"]},
        {"README.md": MIT_MODEL_CARD, "LICENSE": b"synthetic top\n", **many, "config.json": "{}"})
    fake_hub.reset_counts()
    result = run("notice", f"acme/many@{repo.refs['main']}", "-o", tmp_path / "out", "--endpoint", fake_hub.url,
                 "-f", "json")
    data = json.loads(result.stdout[result.stdout.index("{"):result.stdout.rindex("}") + 1])
    model = data["models"][0]
    names = [f["name"] for f in model["files"]]
    assert "LICENSE" in names, names  # the top-level file is never the one left out
    assert len(names) == MAX_FILES
    assert fake_hub.count("*LICENSES/*") <= 2 * MAX_FILES  # at most two requests per file copied, not per file listed
    said = [m["reason"] for m in model["missing"] if f"at most {MAX_FILES}" in m["reason"]]
    assert len(said) == 1 and f"{200 + 1 - MAX_FILES} more" in said[0], model["missing"]
    assert result.code != 0 and model["complete"] is False


# -- 2. control characters in a policy key are named -------------------------------------------------------------


@pytest.mark.parametrize(("escape", "named"), [("\\0", "U+0000"), ("\\x01", "U+0001"), ("\\e", "U+001B"),
                                               ("\\x7f", "U+007F")])
@pytest.mark.parametrize(("template", "key", "line"), [('licenses:\n  "de{c}ny": [MIT]\n', "licenses.de", 2),
                                                       ('name: x\n"lic{c}enses": 1\n', "lic", 2)])
def test_a_control_character_in_a_policy_key_is_named(tmp_path: Path, escape: str, named: str, template: str,
                                                      key: str, line: int) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(template.format(c=escape))
    result = run("policy", "validate", policy)
    assert result.code == 2 and one_sentence(result.stderr)
    assert f"policy.yaml:{line}" in result.error and f"(key `{key}" in result.error
    assert f"(it holds {named}, a control character)" in result.error
    audit = run("audit", MODEL, "--offline", "-p", policy)
    assert audit.code == 2 and named in audit.error


def test_a_control_character_beside_a_lookalike_names_both(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text('"lic\\u0435n\\0ses": 1\n', encoding="utf-8")
    result = run("policy", "validate", policy)
    assert result.code == 2 and one_sentence(result.stderr)
    assert "U+0435 CYRILLIC SMALL LETTER IE" in result.error and "U+0000, a control character" in result.error


def test_near_miss_a_printable_unknown_key_gets_no_character_note(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("licenses:\n  denny: [MIT]\n")
    result = run("policy", "validate", policy)
    assert result.code == 2 and "unknown key `denny`" in result.error and "it holds" not in result.error


# -- 3. a key YAML reads as a boolean, null or number is reported at its own line --------------------------------


@pytest.mark.parametrize(("written", "shown"), [("off", "False"), ("on", "True"), ("yes", "True"), ("No", "False"),
                                                ("~", "None"), ("null", "None"), ("0x10", "16")])
def test_a_key_yaml_reads_as_another_type_is_reported_at_its_own_line(tmp_path: Path, written: str,
                                                                      shown: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"name: x\nlicenses:\n  deny: [MIT]\n\n  {written}: 1\n")
    result = run("policy", "validate", policy)
    assert result.code == 2 and one_sentence(result.stderr)
    assert f"unknown key `{shown}`" in result.error and "policy.yaml:5:" in result.error, result.error
    assert f"(key `licenses.{shown}`)" in result.error


def test_key_lines_names_keys_as_the_loaded_data_does() -> None:
    lines = key_lines("a:\n  off: 1\n  ~: 2\n  0x10: 3\n  'off': 4\n  2027-02-30: 5\n  b:\n    - yes: 6\n")
    assert lines[("a", "False")] == 2 and lines[("a", "None")] == 3 and lines[("a", "16")] == 4
    assert lines[("a", "off")] == 5  # quoted: text, as written
    assert lines[("a", "2027-02-30")] == 6  # a date the constructor refuses keeps its written name
    assert lines[("a", "b", "0", "True")] == 8
