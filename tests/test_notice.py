"""`auditor notice`: the bundle's files are the model repository's own, byte for byte, at the pinned commit.

Against the loopback fake Hub (the real huggingface_hub client, endpoint given explicitly) and a local
directory. The "license" files here are synthetic bytes (with CRLF and a non-UTF-8 byte, so that any
decoding or newline translation on the way would show); no real license text is in the repository.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.notice import notice_files
from tests.fakehub import FakeHub

runner = CliRunner()
LICENSE_BYTES = b"Synthetic license for tests\r\nline two \xff\xfe (not UTF-8)\r\n"
NOTICE_BYTES = b"Synthetic notice: Example is licensed under the Example License.\n"
POLICY_BYTES = b"# Synthetic use policy\n\n- do not do bad things\n"
BASE_LICENSE = b"Synthetic base license\n"


def _readme(front: str) -> str:
    return f"---\n{front}---\n\n# Model\n\nA model card with enough prose to be a card.\n"


def _hub(fake_hub: FakeHub, *, gated_base: bool = False) -> tuple[str, str]:
    base = fake_hub.add_repo(
        "meta-llama/Llama-2-7b-hf", {"cardData": {"license": "llama2"}, "gated": "manual" if gated_base else False,
                                     "tags": ["license:llama2"]},
        {"README.md": _readme("license: llama2\n"), "LICENSE.txt": BASE_LICENSE, "model.safetensors": b"0"},
        gated_files=gated_base)
    card = "license: llama2\nbase_model: meta-llama/Llama-2-7b-hf\n"
    ft = fake_hub.add_repo(
        "acme/llama-ft", {"cardData": {"license": "llama2", "base_model": "meta-llama/Llama-2-7b-hf"},
                          "gated": False, "tags": ["license:llama2", "base_model:meta-llama/Llama-2-7b-hf"]},
        {"README.md": _readme(card), "LICENSE.txt": LICENSE_BYTES, "NOTICE": NOTICE_BYTES,
         "USE_POLICY.md": POLICY_BYTES, "config.json": "{}", "model.safetensors": b"0"})
    return ft.refs["main"], base.refs["main"]


def _notice(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["notice", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_files_from_the_hub_are_byte_identical_at_the_pinned_commit(fake_hub: FakeHub, tmp_path: Path) -> None:
    sha, base_sha = _hub(fake_hub)
    out = tmp_path / "bundle"
    code, output = _notice(f"acme/llama-ft@{sha}", "-o", str(out), "--endpoint", fake_hub.url, "--format", "json")
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert code == 0 and data["complete"] is True, output
    folder = out / "acme__llama-ft"
    assert (folder / "LICENSE.txt").read_bytes() == LICENSE_BYTES
    assert (folder / "NOTICE").read_bytes() == NOTICE_BYTES
    assert (folder / "USE_POLICY.md").read_bytes() == POLICY_BYTES
    assert sorted(p.name for p in folder.iterdir()) == ["LICENSE.txt", "NOTICE", "USE_POLICY.md"]  # no weights
    # The base whose terms travel ships its own files, at its own commit.
    assert (out / "meta-llama__Llama-2-7b-hf" / "LICENSE.txt").read_bytes() == BASE_LICENSE
    model = data["models"][0]
    assert model["sha"] == sha and any("Llama 2" in a for a in model["attribution"])
    assert "aup-llama2" in model["use_policies"]
    notice = (out / "NOTICE.md").read_text()
    assert f"`{sha}`" in notice and f"`{base_sha}`" in notice and "Base model of acme/llama-ft" in notice
    assert f"/acme/llama-ft/blob/{sha}/LICENSE.txt" in notice and "INCOMPLETE" not in notice
    # Duties in words a reader acts on: the use policy with the address the knowledge base records for it,
    # what copies must carry as instructions (the ids only in brackets).
    assert "- aup-llama2: <https://ai.meta.com/llama/use-policy>" in notice
    assert "- Give every recipient a copy of the license. (`license-copy`)" in notice
    # A file at a commit never changes: a second bundle reads it from the cache, not the Hub.
    fake_hub.reset_counts()
    code, _ = _notice(f"acme/llama-ft@{sha}", "-o", str(tmp_path / "again"), "--endpoint", fake_hub.url)
    assert code == 0 and fake_hub.count("/acme/llama-ft/resolve/*/LICENSE.txt", "GET") == 0
    assert (tmp_path / "again" / "acme__llama-ft" / "LICENSE.txt").read_bytes() == LICENSE_BYTES
    # Offline, the Hub cache holds the model's record and files at that commit; its base is then read from
    # the embedded catalog (which offline comes first, and records no files): that part is said missing.
    code, output = _notice(f"acme/llama-ft@{sha}", "-o", str(tmp_path / "offline"), "--offline", "--format",
                           "json")
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    assert code == 3 and [m["complete"] for m in data["models"]] == [True, False]
    assert (tmp_path / "offline" / "acme__llama-ft" / "NOTICE").read_bytes() == NOTICE_BYTES
    assert "offline" in data["models"][1]["missing"][0]["reason"] and fake_hub.total == 0


def test_the_lock_pins_the_revision_even_after_the_branch_moves(fake_hub: FakeHub, tmp_path: Path) -> None:
    sha, _ = _hub(fake_hub)
    project = tmp_path / "project"
    project.mkdir()
    (project / "auditor.yaml").write_text("models:\n  - id: acme/llama-ft\n", encoding="utf-8")
    result = runner.invoke(app, ["lock", str(project), "--endpoint", fake_hub.url])
    assert result.exit_code == 0, result.output
    # The publisher pushes a new LICENSE on main after the lock was written.
    fake_hub.add_repo("acme/llama-ft", {"cardData": {"license": "llama2"}},
                      {"README.md": _readme("license: llama2\n"), "LICENSE.txt": b"changed\n"})
    code, output = _notice("--lock", str(project / "auditor.lock"), "-o", str(tmp_path / "b"),
                           "--endpoint", fake_hub.url)
    assert code == 0, output
    assert (tmp_path / "b" / "acme__llama-ft" / "LICENSE.txt").read_bytes() == LICENSE_BYTES
    assert f"`{sha}`" in (tmp_path / "b" / "NOTICE.md").read_text()


def test_a_gated_file_is_listed_as_missing_and_the_bundle_is_incomplete(fake_hub: FakeHub, tmp_path: Path) -> None:
    sha, _ = _hub(fake_hub, gated_base=True)
    code, output = _notice(f"acme/llama-ft@{sha}", "-o", str(tmp_path / "b"), "--endpoint", fake_hub.url)
    assert code == 3, output
    notice = (tmp_path / "b" / "NOTICE.md").read_text()
    assert "INCOMPLETE" in notice and "`LICENSE.txt`: the repository is gated" in notice
    assert "- Files: none copied" in notice and not (tmp_path / "b" / "meta-llama__Llama-2-7b-hf").exists()
    assert (tmp_path / "b" / "acme__llama-ft" / "LICENSE.txt").read_bytes() == LICENSE_BYTES  # the rest is there
    code, _ = _notice(f"acme/llama-ft@{sha}", "-o", str(tmp_path / "c"), "--endpoint", fake_hub.url,
                      "--allow-incomplete")
    assert code == 0


def test_local_directory_files_are_copied_and_links_outside_are_not(tmp_path: Path) -> None:
    model = tmp_path / "my-model"
    model.mkdir()
    (model / "README.md").write_text(_readme("license: apache-2.0\n"), encoding="utf-8")
    (model / "LICENSE").write_bytes(LICENSE_BYTES)
    (model / "NOTICE.txt").write_bytes(NOTICE_BYTES)
    (model / "weights.safetensors").write_bytes(b"0")
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not for the bundle\n")
    os.symlink(secret, model / "LICENSE-extra")
    out = tmp_path / "bundle"
    code, output = _notice(str(model), "-o", str(out), "--offline", "--format", "json")
    data = json.loads(output[output.index("{"):output.rindex("}") + 1])
    files = {f["name"]: f for f in data["models"][0]["files"]}
    assert set(files) == {"LICENSE", "NOTICE.txt"}
    folder = out / data["models"][0]["folder"]
    assert (folder / "LICENSE").read_bytes() == LICENSE_BYTES and (folder / "NOTICE.txt").read_bytes() == NOTICE_BYTES
    assert not (folder / "LICENSE-extra").exists()
    [missing] = data["models"][0]["missing"]
    assert missing["name"] == "LICENSE-extra" and "outside the model directory" in missing["reason"]
    assert code == 3  # a file the bundle should hold is missing


def test_offline_from_the_embedded_catalog_says_what_is_missing_and_why(tmp_path: Path) -> None:
    code, output = _notice("google-bert/bert-base-uncased", "-o", str(tmp_path / "b"), "--offline")
    assert code == 3 and "missing" in output
    notice = (tmp_path / "b" / "NOTICE.md").read_text()
    assert "INCOMPLETE" in notice and "offline" in notice and "## google-bert/bert-base-uncased" in notice
    assert not (tmp_path / "b" / "google-bert__bert-base-uncased").exists()  # nothing shipped inside auditor
    code, _ = _notice("google-bert/bert-base-uncased", "-o", str(tmp_path / "c"), "--offline", "--allow-incomplete")
    assert code == 0


def test_no_models_and_bad_output_are_usage_errors(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = _notice("-o", str(tmp_path / "b"))
    assert code == 2 and "no models given" in output
    (tmp_path / "target").mkdir()
    os.symlink(tmp_path / "target", tmp_path / "link")
    code, output = _notice("google-bert/bert-base-uncased", "-o", str(tmp_path / "link"), "--offline")
    assert code == 2 and "symbolic link" in output


def test_which_files_are_notice_files() -> None:
    names = ["README.md", "LICENSE", "license.txt", "LICENCE.md", "NOTICE", "Notice.txt", "USE_POLICY.md",
             "Acceptable-Use-Policy.md", "COPYING", "config.json", "sub/LICENSE", "LICENSE_NOTES.bin"]
    assert notice_files(names) == ["Acceptable-Use-Policy.md", "COPYING", "LICENCE.md", "LICENSE", "license.txt",
                                   "LICENSE_NOTES.bin", "NOTICE", "Notice.txt", "USE_POLICY.md"]


def test_offline_names_the_files_a_recording_left_out(tmp_path: Path) -> None:
    """The embedded catalog keeps no license text, but records that Llama 2's repository has LICENSE.txt."""
    code, _ = _notice("meta-llama/Llama-2-7b-hf", "-o", str(tmp_path / "b"), "--offline")
    notice = (tmp_path / "b" / "NOTICE.md").read_text()
    assert code == 3 and "- `LICENSE.txt`: offline:" in notice
    assert "Llama 2 is licensed under the LLAMA 2 Community License" in notice  # the duty, from the terms


def _ft_only(fake_hub: FakeHub, base: str) -> str:
    """A fine-tune naming `base` (which the fake Hub does not hold, or answers with a fault for)."""
    card = f"license: apache-2.0\nbase_model: {base}\n"
    ft = fake_hub.add_repo(
        "acme/ft-of-unreadable", {"cardData": {"license": "apache-2.0", "base_model": base}, "gated": False,
                                  "tags": ["license:apache-2.0", f"base_model:{base}"]},
        {"README.md": _readme(card), "LICENSE": LICENSE_BYTES, "config.json": "{}"})
    return ft.refs["main"]


def test_an_unreadable_base_makes_the_bundle_incomplete_whatever_the_cause(fake_hub: FakeHub,
                                                                           tmp_path: Path) -> None:
    """A base whose terms travel but which could not be read (missing on the Hub, refused, a network fault)
    is never dropped from the bundle: it is listed with the cause and the bundle fails closed."""
    causes = {"missing": "nobody/not-there", "refused": "acme/private-base"}
    fake_hub.fault("/api/models/acme/private-base*", status=403)  # a fault the client does not retry
    for label, base in causes.items():
        sha = _ft_only(fake_hub, base)
        out = tmp_path / label
        code, output = _notice(f"acme/ft-of-unreadable@{sha}", "-o", str(out), "--endpoint", fake_hub.url,
                               "--format", "json")
        data = json.loads(output[output.index("{"):output.rindex("}") + 1])
        assert code == 3 and data["complete"] is False, (label, output)
        by_id = {m["model"]: m for m in data["models"]}
        assert by_id["acme/ft-of-unreadable"]["complete"] is True  # its own files are all there
        missing = by_id[base]["missing"]
        assert by_id[base]["base_of"] == "acme/ft-of-unreadable" and len(missing) == 1
        assert "could not be read" in missing[0]["reason"] and base in missing[0]["reason"]
        notice = (out / "NOTICE.md").read_text()
        assert "INCOMPLETE" in notice and f"## {base}" in notice
        assert (out / "acme__ft-of-unreadable" / "LICENSE").read_bytes() == LICENSE_BYTES
        code, _ = _notice(f"acme/ft-of-unreadable@{sha}", "-o", str(tmp_path / f"{label}-ok"),
                          "--endpoint", fake_hub.url, "--allow-incomplete")
        assert code == 0
