"""Card review 35 (a differential of the card readers before and after review pass 34's): three readers stated what
the card does not say.

- subject-id: every id a fenced block loaded was taken as the card's own subject, so a LoRA card's base, a diffusion
  card's VAE, a distilled model's teacher, a family card's sibling and a borrowed tokenizer were all "the card's own
  model". Now an id loaded in usage code counts only when it is the repository's own (its id, or its owner with its
  name without a format suffix, what auditor/lineage/relation.py own_model_quantized needs); a heading that is an id
  still names the subject by its place.
- license-stated from a license section's sentence: a licence name was cut at the first blank ("Apache 2.0" ->
  "Apache", "CC-BY 4.0" -> "CC-BY"), another model's licence ("The base model is licensed under ...", "Previous
  checkpoints are available under ...") was read as this one's, "the terms of our agreement" and "a permissive
  license" were read as names, and "LoRA adapters are released under" lost its adapter-weights role.
- family-license-stated: a negation ("not subject to the Llama 2 license"), the training data's use and a teacher's
  licence were read as the model's family licence.

Card lines here are written for the test; the corpus cards are read from the shared corpus (skipped when absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import card_statements, parse_card
from auditor.card_own_subject import is_own_id, subject_ids
from auditor.sources.hubjson import record_from_hub_json
from auditor.sources.local import read_model_dir

# -- subject-id: only the repository's own model in usage code ---------------------------------------------------


def _code(*lines: str) -> str:
    return "Intro.\n\n```python\n" + "\n".join(lines) + "\n```\n"


@pytest.mark.parametrize(("repo_id", "body"), [
    # a LoRA card loads its base, then its own adapter by a variable that is no id
    ("acme/widget-lora", _code('base = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf")')),
    # a diffusion LoRA's pipeline base and VAE
    ("acme/pixel-lora", _code('vae = AutoencoderKL.from_pretrained("madebyollin/sdxl-vae-fp16-fix")',
                              'pipe = DiffusionPipeline.from_pretrained("stabilityai/sdxl-base-1.0", vae=vae)')),
    # a distilled model's teacher, commented as such
    ("acme/small-student", _code('teacher = X.from_pretrained("openai/clip-vit-large-patch14")  # the teacher')),
    # a family card's sibling, same owner, another name
    ("acme/Widget-7B-Instruct", _code('model_id = "acme/Widget-7B-Base"')),
    # another repository's tokenizer
    ("acme/Widget-7B-chat", _code('tokenizer = AutoTokenizer.from_pretrained("other/neox-20b")')),
    # the same model name under another owner is a mirror's or the upstream's, not this repository
    ("mirror/Widget-7B-GGUF", _code('model_name = "acme/Widget-7B"')),
    # a format suffix is dropped from the repository's name, never added to the loaded one
    ("acme/Widget-7B", _code('model_name = "acme/Widget-7B-GGUF-extra"')),
])
def test_usage_code_loading_another_model_names_no_subject(repo_id: str, body: str) -> None:
    assert subject_ids(body, repo_id=repo_id) == []


@pytest.mark.parametrize(("repo_id", "loaded"), [
    ("acme/Widget-7B", "acme/Widget-7B"),
    ("Acme/widget-7b", "acme/Widget-7B"),  # ids compare without case
    ("acme/Widget-7B-GGUF", "acme/Widget-7B"),
    ("acme/Widget-7B.gguf", "acme/Widget-7B"),
    ("acme/Widget-7B-AWQ", "acme/Widget-7B"),
    ("acme/Widget-7B-bnb-4bit", "acme/Widget-7B"),
])
def test_usage_code_loading_the_repositorys_own_model_names_it(repo_id: str, loaded: str) -> None:
    body = _code('tok = AutoTokenizer.from_pretrained("other/tokenizer")', f'model = X.from_pretrained("{loaded}")')
    assert subject_ids(body, repo_id=repo_id) == [(loaded, 5, "usage code")]


def test_without_the_repositorys_id_only_a_heading_names_the_subject() -> None:
    body = "# acme/Widget-7B\n\n" + _code('model_id = "acme/Widget-7B-Base"')
    assert subject_ids(body) == [("acme/Widget-7B", 1, "heading")]
    assert not is_own_id("acme/Widget-7B", None)
    assert not is_own_id("acme/Widget-7B", "Widget-7B.gguf")  # a folder's bare name has no owner to compare


def _subject_statements(statements: tuple | list) -> list[tuple[str, int]]:
    return [(st["as_written"], st["line"]) for st in (s if isinstance(s, dict) else s.to_dict() for s in statements)
            if st["kind"] == "subject-id"]


def test_every_source_reads_the_card_for_its_repository(tmp_path: Path) -> None:
    """The Hub answer's id and a local folder's --as both reach the card reader: its own model is kept, the base
    its usage code also loads is not."""
    text = ("---\nlicense: apache-2.0\nbase_model: other/Base-7B\n---\n\n# Widget\n\n"
            + _code('base = X.from_pretrained("other/Base-7B")', 'model = X.from_pretrained("acme/Widget-7B")'))
    hub = record_from_hub_json({"id": "acme/Widget-7B-GGUF"}, source="hub", card_text=text)
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "README.md").write_text(text, encoding="utf-8")
    local = read_model_dir(folder, as_id="acme/Widget-7B-GGUF")
    unnamed = read_model_dir(folder)
    assert _subject_statements(hub.card_statements) == [("acme/Widget-7B", 12)]
    assert _subject_statements(local.card_statements) == [("acme/Widget-7B", 12)]
    assert _subject_statements(unnamed.card_statements) == []


@pytest.mark.parametrize(("name", "repo_id", "kept", "dropped"), [
    # the two cards auditor/lineage/relation.py reads: the publisher's own model, by its usage code and its heading
    ("NousResearch__Hermes-2-Pro-Llama-3-8B-GGUF.md", "NousResearch/Hermes-2-Pro-Llama-3-8B-GGUF",
     ("NousResearch/Hermes-2-Pro-Llama-3-8B", 265), None),
    ("katanemo__Arch-Agent-7B.gguf.md", "katanemo/Arch-Agent-7B.gguf", ("katanemo/Arch-Agent-7B", 13), None),
    # a sibling in the usage code, and a borrowed tokenizer
    ("01-ai__Yi-6B.md", "01-ai/Yi-6B", None, "01-ai/Yi-34b"),
    ("mosaicml__mpt-7b-chat.md", "mosaicml/mpt-7b-chat", None, "EleutherAI/gpt-neox-20b"),
])
def test_corpus_cards_subject_ids(corpus: Path, name: str, repo_id: str, kept: tuple | None,
                                  dropped: str | None) -> None:
    text = (corpus / "cards" / name).read_text(encoding="utf-8")
    found = _subject_statements(parse_card(text, repo_id=repo_id).statements)
    if kept is not None:
        assert kept in found
    if dropped is not None:
        assert dropped not in [said for said, _ in found]
        # the reader does see it: read for that repository, it is that repository's own
        assert dropped in [said for said, _, _ in subject_ids(text, repo_id=dropped)]


# -- license-stated: a license section's sentence -----------------------------------------------------------------


def _stated(sentence: str) -> list[tuple[str, tuple[str, ...]]]:
    body = f"# Card\n\nIntro.\n\n## License\n\n{sentence}\n"
    return [(st.as_written, st.roles) for st in card_statements(body) if st.kind == "license-stated"]


@pytest.mark.parametrize(("sentence", "found"), [
    ("This model is licensed under Apache 2.0.", [("Apache 2.0", ())]),
    ("Model is licensed under CC-BY 4.0 - see the terms below.", [("CC-BY 4.0", ())]),
    ("The weights are released under GPL v3.", [("GPL v3", ())]),
    ("The model is licensed under the terms of the Apache 2.0 license.", [("Apache 2.0 license", ())]),
    ("The weights are released under MIT.", [("MIT", ())]),
    # the adapter's weights, however the adapter is called
    ("The LoRA adapters are released under Apache 2.0 license, while the merged model follows its base.",
     [("Apache 2.0 license", ("adapter-weights",))]),
    ("Acme adapter weights are available under Apache 2 license.", [("Apache 2 license", ("adapter-weights",))]),
    # another model's licence first, then this one's
    ("The base model is licensed under the Foo Community License. Our adapter is released under MIT.",
     [("MIT", ("adapter-weights",))]),
])
def test_a_license_sentence_gives_the_whole_name_of_this_models_license(sentence: str, found: list) -> None:
    assert _stated(sentence) == found


@pytest.mark.parametrize("sentence", [
    "The base model is licensed under the Foo Community License.",
    "The original model is released under Apache 2.0.",
    "The teacher model's weights are available under CC-BY-NC 4.0 license.",
    "Previous checkpoints are available under CC-BY-NC 4.0 license.",
    "The model is licensed under the terms of our agreement with partners.",
    "The model is released under a permissive license.",
    "The model is available under the same license as its base.",
    "The weights are released under a non-commercial license.",
])
def test_a_sentence_about_another_model_or_naming_no_license_states_none(sentence: str) -> None:
    assert _stated(sentence) == []


def test_molmo_states_apache_2_with_its_version(corpus: Path) -> None:
    text = (corpus / "cards" / "allenai__Molmo-7B-D-0924.md").read_text(encoding="utf-8")
    stated = [(st.as_written, st.line) for st in parse_card(text).statements if st.kind == "license-stated"]
    assert stated == [("Apache 2.0", 209)]


# -- family-license-stated ----------------------------------------------------------------------------------------


def _family(line: str) -> list[str]:
    return [st.as_written for st in card_statements(f"# Card\n\n{line}\n") if st.kind == "family-license-stated"]


@pytest.mark.parametrize("line", [
    "This model is not subject to the Llama 2 license.",
    "Unlike the others, our model is not released according to the LLaMA license.",
    "It isn't governed by the Llama 2 license.",
    "The training data is used according to the LLaMA license terms.",
    "The dataset is released under the Llama 2 license.",
    "The teacher model, Llama 2, is licensed under the Llama 2 license; our student is MIT.",
])
def test_a_negated_or_anothers_family_license_is_not_the_models(line: str) -> None:
    assert _family(line) == []


@pytest.mark.parametrize(("line", "found"), [
    ("Widget is based on LLaMA and therefore should be used according to the LLaMA license.", ["LLaMA"]),
    ("Widget is subject to the Llama 2 license.", ["Llama 2"]),
    # a negation in an earlier sentence does not reach this one
    ("We do not train on user data. Widget is subject to the Llama 2 license.", ["Llama 2"]),
])
def test_a_family_license_said_of_the_model_is_read(line: str, found: list) -> None:
    assert _family(line) == found


@pytest.mark.parametrize(("name", "line", "family"), [
    ("timdettmers__guanaco-65b.md", 35, "LLaMA"),
    ("abacusai__TheProfessor-155b.md", 33, "Llama 2"),
])
def test_corpus_family_licenses_are_still_read(corpus: Path, name: str, line: int, family: str) -> None:
    text = (corpus / "cards" / name).read_text(encoding="utf-8")
    found = [(st.as_written, st.line) for st in parse_card(text).statements if st.kind == "family-license-stated"]
    assert found == [(family, line)]
