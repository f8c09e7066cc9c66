"""ModelRef parsing: the forms users type, and one clear error for everything else."""

from __future__ import annotations

import pytest

from auditor.model import RefError, parse_ref, weight_formats


@pytest.mark.parametrize(
    ("text", "repo", "rev", "kind"),
    [
        ("meta-llama/Llama-2-7b-chat-hf", "meta-llama/Llama-2-7b-chat-hf", None, "model"),
        ("meta-llama/Llama-2-7b-chat-hf@main", "meta-llama/Llama-2-7b-chat-hf", "main", "model"),
        ("org/name@3f2a9c1d", "org/name", "3f2a9c1d", "model"),
        ("org/name@refs/pr/12", "org/name", "refs/pr/12", "model"),
        ("hf://org/name", "org/name", None, "model"),
        ("hf://org/name@v1.0", "org/name", "v1.0", "model"),
        ("hf://datasets/org/data", "org/data", None, "dataset"),
        ("gpt2", "gpt2", None, "model"),
        ("Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B-Instruct", None, "model"),
    ],
)
def test_repo_refs(text: str, repo: str, rev: str | None, kind: str) -> None:
    ref = parse_ref(text)
    assert (ref.repo_id, ref.revision, ref.kind, ref.path) == (repo, rev, kind, None)


def test_local_directory(tmp_path) -> None:
    ref = parse_ref(str(tmp_path))
    assert ref.is_local and ref.path == str(tmp_path) and ref.repo_id is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "org/name@", "a/b/c", "org//name", "-org/name", "org/na me", "org/name@bad rev",
     "https://huggingface.co/org/name", "org--x/name", "./does-not-exist-dir"],
)
def test_bad_refs_raise_one_sentence(text: str) -> None:
    with pytest.raises(RefError) as info:
        parse_ref(text)
    message = str(info.value)
    assert "\n" not in message and len(message) < 200


def test_weight_formats_ignores_training_state() -> None:
    files = ("model.safetensors", "optimizer.pt", "training_args.bin", "sub/pytorch_model.bin", "x.gguf")
    assert weight_formats(files) == ("gguf", "pytorch-pickle", "safetensors")
    assert weight_formats(("optimizer.pt", "README.md")) == ()
    assert weight_formats(None) is None


def test_as_gives_a_local_directory_a_repository_id(tmp_path) -> None:
    ref = parse_ref(str(tmp_path), as_id="acme/model")
    assert ref.is_local and (ref.path, ref.repo_id) == (str(tmp_path), "acme/model")
    for bad in ("acme", "acme/model@main", "a/b/c", ""):
        with pytest.raises(RefError):
            parse_ref(str(tmp_path), as_id=bad)
