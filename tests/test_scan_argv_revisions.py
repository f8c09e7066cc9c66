"""Command argument lists read as one argv, and revisions that are placeholders or branches, not pins.

- docker compose `command:` / `entrypoint:` written as a list (flow or block), Kubernetes `command:`/`args:`, a Helm
  value's `extraArgs` list and a launcher's JSON `"args"`: the items are one argv, as the program gets them, so the
  `--revision` after `--model ID` pins that id (it was lost when each item was read alone); the string form keeps
  reading as before.
- A revision that is a template slot (`<sha>`, `${REVISION}`, `{revision}`), a slot's name (`YOUR_REVISION`,
  `COMMIT_SHA`) or a hex string of one repeated character (`0000000`, forty `a`s) names no commit: the reference is
  unpinned, with a `scan-placeholder-revision` note at its line. A branch (`main`) stays the revision read but is no
  pin: only a commit SHA cannot move.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import PLACEHOLDER_REVISION, file_stage
from auditor.scan.refs import ModelReference, placeholder_revision, revision_or_none

SHA = "0123456789abcdef0123456789abcdef01234567"
SHA2 = "89abcdef0123456789abcdef0123456789abcdef"


def _refs(name: str, text: str) -> dict[str, ModelReference]:
    found, _ = file_stage(name, text.encode("utf-8"))
    return {r.id: r for r in found}


def _at(text: str, ref: ModelReference) -> str:
    line = text.splitlines()[ref.line - 1]
    return line[ref.column - 1:] if ref.end_column is None else line[ref.column - 1:ref.end_column - 1]


COMPOSE = f"""services:
  flow:
    image: vllm/vllm-openai:latest
    command: ["--model", "acme/flow-model", "--port", "8000", "--revision", "{SHA}"]
  block:
    image: ghcr.io/huggingface/text-generation-inference:latest
    command:
      - --model-id
      - acme/block-model
      - --revision
      - {SHA2}
  entry:
    image: python:3.11
    entrypoint: ["python", "serve.py", "--model=acme/entry-model", "--revision={SHA}"]
  string:
    image: x
    command: --model acme/string-model --revision {SHA2}
  shell:
    image: x
    command: ["/bin/sh", "-c", "python serve.py --model acme/shell-model --revision {SHA}"]
  unpinned:
    image: x
    command: ["--model", "acme/bare-model", "--tokenizer-revision", "{SHA}"]
"""


@pytest.mark.parametrize(("model_id", "revision"), [
    ("acme/flow-model", SHA), ("acme/block-model", SHA2), ("acme/entry-model", SHA), ("acme/string-model", SHA2),
    ("acme/shell-model", SHA), ("acme/bare-model", None),
])
def test_a_compose_command_list_is_one_argv(model_id: str, revision: str | None) -> None:
    refs = _refs("docker-compose.yml", COMPOSE)
    ref = refs[model_id]
    assert ref.revision == revision and ref.pinned is (revision is not None)
    assert model_id in _at(COMPOSE, ref)[:len(model_id) + 1]  # at the id itself (or its opening quote), in its item


def test_the_same_list_without_a_revision_is_read_as_before() -> None:
    text = 'services:\n  a:\n    command: ["--model", "acme/x", "--port", "8000"]\n'
    assert {(r.id, r.revision, r.how) for r in _refs("compose.yaml", text).values()} == \
        {("acme/x", None, "command option --model")}


def test_a_ci_script_list_stays_one_command_line_per_item() -> None:
    text = ("job:\n  script:\n    - pip install -r requirements.txt\n"
            f"    - python train.py --model_name_or_path acme/ci-model --revision {SHA}\n")
    ref = _refs(".gitlab-ci.yml", text)["acme/ci-model"]
    assert ref.revision == SHA and ref.line == 4


KUBERNETES = f"""apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: server
          image: vllm/vllm-openai:v0.6.0
          command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]
          args:
            - "--model"
            - "acme/k8s-model"
            - "--revision"
            - "{SHA}"
"""


def test_kubernetes_args_are_one_argv() -> None:
    ref = _refs("deploy/server.yaml", KUBERNETES)["acme/k8s-model"]
    assert (ref.revision, ref.line) == (SHA, 12)


def test_a_helm_values_argument_list_is_one_argv() -> None:
    text = f"server:\n  extraArgs:\n    - --model\n    - acme/helm-model\n    - --revision\n    - {SHA}\n"
    assert _refs("charts/app/values.yaml", text)["acme/helm-model"].revision == SHA


def test_a_launchers_json_args_are_one_argv() -> None:
    text = ('{"configurations": [{"program": "train.py", "args": ["--model_name_or_path", "acme/json-model", '
            f'"--revision", "{SHA}"]}}]}}\n')
    assert _refs(".vscode/launch.json", text)["acme/json-model"].revision == SHA


# -- placeholders and branches ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("revision", [
    "a" * 40, "0" * 40, "f" * 40, "0000000", "AAAAAAAA", "<sha>", "${REVISION}", "{revision}", "{{ .Values.rev }}",
    "YOUR_REVISION", "COMMIT_SHA", "MODEL_REVISION", "xxxxxxx", "commit-sha", "sha", "%(rev)s",
])
def test_a_placeholder_is_no_revision(revision: str) -> None:
    assert placeholder_revision(revision)


@pytest.mark.parametrize("revision", [SHA, "main", "v1.0", "refs/pr/3", "0123abc", "deadbeef", "abcdef1", None])
def test_a_real_revision_is_no_placeholder(revision: str | None) -> None:
    assert not placeholder_revision(revision)


def test_a_template_slot_is_kept_to_be_reported_not_dropped() -> None:
    assert revision_or_none("${REVISION}") == "${REVISION}"
    assert revision_or_none("main") == "main"
    assert revision_or_none("not a revision") is None


PYTHON = f"""from transformers import AutoModel
a = AutoModel.from_pretrained("acme/a-model", revision="{'a' * 40}")
b = AutoModel.from_pretrained("acme/b-model", revision="0000000")
c = AutoModel.from_pretrained("acme/c-model", revision="<sha>")
d = AutoModel.from_pretrained("acme/d-model", revision="${{REVISION}}")
e = AutoModel.from_pretrained("acme/e-model", revision="main")
f = AutoModel.from_pretrained("acme/f-model", revision="{SHA}")
"""


@pytest.mark.parametrize(("model_id", "line", "written"), [
    ("acme/a-model", 2, "a" * 40), ("acme/b-model", 3, "0000000"), ("acme/c-model", 4, "<sha>"),
    ("acme/d-model", 5, "${REVISION}"),
])
def test_a_placeholder_revision_is_reported_unpinned_with_a_note(model_id: str, line: int, written: str) -> None:
    found, problems = file_stage("app.py", PYTHON.encode())
    ref = next(r for r in found if r.id == model_id)
    assert ref.revision is None and not ref.pinned and ref.ref == model_id
    [note] = [p for p in problems if p.code == PLACEHOLDER_REVISION and model_id in p.message]
    assert note.line == line and repr(written) in note.message


def test_a_branch_is_the_revision_read_but_no_pin_and_a_sha_is_both() -> None:
    found, problems = file_stage("app.py", PYTHON.encode())
    refs = {r.id: r for r in found}
    assert refs["acme/e-model"].revision == "main" and not refs["acme/e-model"].pinned
    assert refs["acme/e-model"].to_dict()["pinned"] is False
    assert refs["acme/f-model"].revision == SHA and refs["acme/f-model"].pinned and refs["acme/f-model"].pinned_to_sha
    assert not any("acme/e-model" in p.message or "acme/f-model" in p.message for p in problems)


@pytest.mark.parametrize(("name", "text"), [
    ("run.sh", f"huggingface-cli download acme/s-model --revision {'a' * 40}\n"),
    ("config.yaml", f"model_name_or_path: acme/s-model\nrevision: {'f' * 40}\n"),
    ("compose.yaml", 'services:\n  a:\n    command: ["--model", "acme/s-model", "--revision", "0000000"]\n'),
])
def test_every_reader_unpins_a_placeholder(name: str, text: str) -> None:
    found, problems = file_stage(name, text.encode())
    assert [(r.id, r.revision) for r in found] == [("acme/s-model", None)]
    assert [p.code for p in problems] == [PLACEHOLDER_REVISION]


@pytest.mark.parametrize("entry", ["acme/s-model@0000000", "acme/s-model@<sha>",
                                   "{id: acme/s-model, revision: '" + "a" * 40 + "'}"])
def test_a_manifest_that_pins_to_a_placeholder_is_malformed_not_unpinned(entry: str) -> None:
    found, problems = file_stage("auditor.yaml", f"models:\n  - {entry}\n".encode(), manifest=True)
    assert found == []  # the user pinned on purpose: a malformed entry (MAN001), never a silent default branch
    assert [p.code for p in problems] == ["manifest-invalid"] and "placeholder" in problems[0].message


def test_a_manifest_pin_to_a_sha_or_a_branch_stands() -> None:
    found, problems = file_stage("auditor.yaml", f"models:\n  - acme/a@{SHA}\n  - acme/b@main\n".encode(),
                                 manifest=True)
    assert problems == [] and [(r.id, r.revision, r.pinned) for r in found] == [("acme/a", SHA, True),
                                                                                ("acme/b", "main", False)]


def test_a_real_registrys_placeholder_pins_nothing() -> None:
    # tests/fixtures/scan_recall22/py/dws_models.py: `revision="aaaa...a",  # REPLACE with actual commit hash`
    path = Path(__file__).parent / "fixtures" / "scan_recall22" / "py" / "dws_models.py"
    found, problems = file_stage("py/dws_models.py", path.read_bytes())
    qwen = next(r for r in found if r.id == "Qwen/Qwen2.5-0.5B-Instruct")
    assert qwen.revision is None and not qwen.pinned
    assert any(p.code == PLACEHOLDER_REVISION and p.line == qwen.line and "'" + "a" * 40 + "'" in p.message
               for p in problems)


def test_a_shell_variable_is_no_placeholder_and_no_pin() -> None:
    text = "rev=refs/pr/4\nhuggingface-cli download acme/v-model --revision $rev\n"
    found, problems = file_stage("get.sh", text.encode())
    assert [(r.id, r.revision) for r in found] == [("acme/v-model", None)] and problems == []
