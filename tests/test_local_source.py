"""Every real card in the corpus loads through the local source; broken ones carry a clear problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from auditor.card import parse_card
from auditor.sources.local import read_model_dir


def _card_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "cards").glob("*.md"))


def test_every_corpus_card_loads(corpus: Path, tmp_path: Path) -> None:
    cards = _card_files(corpus)
    assert len(cards) >= 140
    broken = {}
    for card in cards:
        model_dir = tmp_path / card.stem
        model_dir.mkdir()
        shutil.copy(card, model_dir / "README.md")
        record = read_model_dir(model_dir)
        assert record.source == "local" and record.card_present is True
        assert record.complete, f"{card.name}: a card problem must not make the record unreadable"
        if record.problems:
            broken[card.name] = record.problems
        json.dumps(record.to_dict())  # a record is always plain data
    # The two real-world broken cards: a tab in the YAML, and no front matter at all.
    tab = broken["lighteternal__stsb-xlm-r-greek-transfer.md"]
    assert tab[0].code == "card-yaml-error" and tab[0].line is not None and tab[0].file == "README.md"
    assert broken["timdettmers__guanaco-65b.md"][0].code == "card-no-front-matter"


def test_yaml_error_line_is_the_file_line(tmp_path: Path) -> None:
    text = "---\nlicense: mit\nbase_model:\n\t- org/base\n---\n# Card\n"
    parsed = parse_card(text)
    assert parsed.front_matter == {}
    assert parsed.problems[0].code == "card-yaml-error"
    assert parsed.problems[0].line == 4  # the tab is on line 4 of README.md


def test_tabs_only_libyaml_accepts_are_read_and_reported() -> None:
    text = "---\nlicense: apache-2.0\nwidget:\n- sentences: [\n\t\t\"a\",\n\t\t\"b\"\n\t]\n---\nbody\n"
    parsed = parse_card(text)
    assert parsed.front_matter["license"] == "apache-2.0"
    assert [p.code for p in parsed.problems] == ["card-yaml-error"]
    assert "huggingface_hub" in parsed.problems[0].message and parsed.problems[0].line == 5


def test_quirks_are_kept_for_later_stages(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "---\nlicence: MIT\nbase_model: [org/a, org/a, ./local/path]\ndatasets: ds/one\n---\nhello\n")
    (tmp_path / "adapter_config.json").write_text('{"base_model_name_or_path": "org/a", "peft_type": "LORA"}')
    (tmp_path / "config.json").write_text("{not json")
    (tmp_path / "LICENSE").write_text("Some license text")
    (tmp_path / "adapter_model.safetensors").write_bytes(b"\0")
    record = read_model_dir(tmp_path)
    assert record.card["licence"] == "MIT"
    assert record.base_models == ("org/a", "org/a", "./local/path")  # repeats and paths kept: lineage judges
    assert record.datasets == ("ds/one",)
    assert record.adapter_config and record.adapter_config["peft_type"] == "LORA"
    assert record.config is None
    assert any(p.code == "json-error" and p.file == "config.json" for p in record.problems)
    assert record.license_texts == {"LICENSE": "Some license text"}
    assert "adapter_model.safetensors" in (record.files or ())
    assert record.provenance["base_models"].location == "README.md#front-matter.base_model"


def test_empty_base_model_list_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: mit\nbase_model: []\n---\n")
    record = read_model_dir(tmp_path)
    assert record.base_models == ()
    assert [p.code for p in record.problems] == ["base-model-empty"]


def test_missing_card(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    record = read_model_dir(tmp_path)
    assert record.card_present is False and record.card == {}
    assert any(p.code == "card-missing" for p in record.problems)


@pytest.mark.parametrize("bomb", [
    "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + "---\n",
])
def test_yaml_bomb_card_is_refused(tmp_path: Path, bomb: str) -> None:
    parsed = parse_card(bomb)
    assert not parsed.front_matter  # (never compare the bomb itself: printing it is what explodes)
    assert parsed.problems and "YAML bomb" in parsed.problems[0].message


def test_huge_card_is_read_and_flagged_not_missing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n" + "prose " * 1_000_000)  # ~6 MB
    record = read_model_dir(tmp_path)
    assert record.card_present is True and record.card == {"license": "mit"}
    # both limits are said: the card read to 5 MB, its prose for statements to 200,000 characters (hostile pass 7)
    assert [p.code for p in record.problems] == ["card-too-large", "card-prose-not-read"]


def test_duplicate_card_keys_are_reported() -> None:
    parsed = parse_card("---\nlicense: mit\nlicense: cc-by-nc-4.0\n---\nbody\n")
    assert parsed.front_matter["license"] == "cc-by-nc-4.0"  # what the Hub reads too
    problem = parsed.problems[0]
    assert (problem.code, problem.line, problem.key) == ("card-duplicate-key", 3, "license")


# --- identity: a Hugging Face cache directory and --as ----------------------------------------------------

_SHA = "221e5f92f9dc5fedaf4556b1be6b20642638643c"


def _cache_repo(tmp_path: Path, corpus: Path, card: str, repo: str) -> tuple[Path, Path]:
    """A repository as huggingface_hub caches it: files in blobs/, snapshots/<sha>/ links, refs/main."""
    folder = tmp_path / "hub" / ("models--" + repo.replace("/", "--"))
    (folder / "blobs").mkdir(parents=True)
    (folder / "refs").mkdir()
    (folder / "refs" / "main").write_text(_SHA)
    snapshot = folder / "snapshots" / _SHA
    snapshot.mkdir(parents=True)
    for name, source in (("README.md", corpus / "cards" / card), ("LICENSE", None)):
        blob = folder / "blobs" / f"blob-{name}"
        blob.write_text(source.read_text(encoding="utf-8") if source else "license copy\n", encoding="utf-8")
        (snapshot / name).symlink_to(Path("..", "..", "blobs", blob.name))
    return folder, snapshot


def test_a_hub_cache_snapshot_is_audited_as_its_repository_at_its_sha(corpus: Path, tmp_path: Path) -> None:
    folder, snapshot = _cache_repo(tmp_path, corpus, "google__gemma-2b-sfp-cpp.md", "google/gemma-2b-sfp-cpp")
    for path in (snapshot, folder):  # the snapshot, or the repository folder (read through refs/main)
        record = read_model_dir(path)
        assert (record.id, record.sha) == ("google/gemma-2b-sfp-cpp", _SHA)
        assert record.ref == f"google/gemma-2b-sfp-cpp@{_SHA}"
        assert record.card_present and record.card.get("license") == "gemma"
        # the snapshot's files are links into the cache's blobs/: inside the repository, so they are read
        assert record.license_texts == {"LICENSE": "license copy\n"}
        assert record.provenance["id"].location == "dir:identity"
    assert not suspected_bases_of(read_model_dir(snapshot))


def suspected_bases_of(record) -> list:
    from auditor.lineage.suspect import suspected_bases

    return suspected_bases(record.id)


def test_as_names_any_directory_and_needs_a_directory(tmp_path: Path) -> None:
    from auditor.model import RefError, parse_ref
    from auditor.sources.local import LocalSource

    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n")
    ref = parse_ref(str(tmp_path), as_id="acme/copied-model")
    assert (ref.path, ref.repo_id) == (str(tmp_path), "acme/copied-model")
    record = LocalSource().fetch(ref)
    assert record is not None and record.id == "acme/copied-model" and record.source == "local"
    assert "--as" in (record.provenance["id"].detail or "")
    with pytest.raises(RefError):
        parse_ref("acme/model", as_id="acme/other")  # --as is for directories
    with pytest.raises(RefError):
        parse_ref(str(tmp_path), as_id="not an id")


def test_a_publishers_own_folder_is_not_suspected_of_its_own_family(tmp_path: Path) -> None:
    from auditor.lineage.suspect import suspected_bases

    assert suspected_bases("google__gemma-scope") == []
    assert suspected_bases("models--meta-llama--Llama-2-7b-hf") == []
    assert [s.family for s in suspected_bases("someone__gemma-scope")] == ["Gemma"]
    assert [s.family for s in suspected_bases("my-llama2-chat")] == ["Llama-2"]


# --- hostile files (issue 14) ------------------------------------------------------------------------------


def test_license_links_leaving_the_directory_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private text of another user")
    model = tmp_path / "model"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: other\n---\n")
    (model / "LICENSE").symlink_to(secret)
    (model / "config.json").symlink_to(tmp_path / "missing.json")  # dangling: nothing to read, no crash
    inside = model / "docs"
    inside.mkdir()
    (inside / "LICENSE.txt").write_text("Apache License text")
    (model / "LICENSE.txt").symlink_to(Path("docs", "LICENSE.txt"))  # inside: followed
    record = read_model_dir(model)
    assert "private text" not in json.dumps(record.to_dict())
    assert record.license_texts == {"LICENSE.txt": "Apache License text"}
    assert any(p.code == "file-outside-root" and p.file == "LICENSE" for p in record.problems)


def test_special_files_are_not_read(tmp_path: Path) -> None:
    import os

    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n")
    os.mkfifo(tmp_path / "LICENSE")  # reading a FIFO would block forever
    os.mkfifo(tmp_path / "adapter_config.json")
    record = read_model_dir(tmp_path)
    assert record.license_texts == {} and record.adapter_config is None
    assert {p.file for p in record.problems if p.code == "file-not-regular"} == {"LICENSE", "adapter_config.json"}


@pytest.mark.parametrize("name", ["config.json", "adapter_config.json"])
def test_deeply_nested_json_is_refused_before_parsing(tmp_path: Path, name: str) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n")
    (tmp_path / name).write_text('{"a": ' * 100_000 + "1" + "}" * 100_000)
    record = read_model_dir(tmp_path)
    assert record.complete
    assert any(p.code == "json-too-deep" and p.file == name for p in record.problems)
    # strings that look like brackets do not count
    (tmp_path / name).write_text(json.dumps({"peft_type": "LORA", "note": "[[[[{{{{" * 100}))
    assert not any(p.code == "json-too-deep" for p in read_model_dir(tmp_path).problems)


def test_cli_as_option_on_audit_lineage_openness_and_report(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from auditor.cli import app

    model = tmp_path / "checkout"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: mit\n---\n# A copy\n")
    runner = CliRunner()
    audit = runner.invoke(app, ["audit", str(model), "--as", "acme/copied", "--offline", "-f", "json"])
    assert json.loads(audit.output)["models"][0]["facts"]["model"]["id"] == "acme/copied"
    lineage = runner.invoke(app, ["lineage", str(model), "--as", "acme/copied", "--offline", "-f", "json"])
    assert json.loads(lineage.output)["root"] == "acme/copied"
    openness = runner.invoke(app, ["openness", str(model), "--as", "acme/copied", "--offline", "-f", "json"])
    assert openness.exit_code == 0, openness.output
    report = runner.invoke(app, ["report", str(model), "--as", "acme/copied", "--offline", "-f", "md",
                                 "-o", str(tmp_path / "r.md")])
    assert report.exit_code == 0 and "acme/copied" in (tmp_path / "r.md").read_text(encoding="utf-8")
    for bad in (["audit", "acme/model", "--as", "acme/x"], ["audit", str(model), str(model), "--as", "acme/x"],
                ["lineage", str(model), "--as", "nope", "--offline"]):
        result = runner.invoke(app, bad)
        assert result.exit_code == 2 and "Traceback" not in result.output, bad
