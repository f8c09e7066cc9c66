"""Seventh pass of the simulated legal review (issue 19): the licensor of a license that names none said for the
model (the owner, developer or copyright holder the card names, a quantized base's rights holder, else the publisher
as a presumption), a base the prose names only by its family ("Finetuned from: LLaMA") qualifying the commercial
answers, a "License:" line naming a license the knowledge base does not hold, family entries' missing facts, and the
UN sales convention exclusion where a license text says it. Synthetic cards are our own minimal words, audited as
local folders; corpus cards are read from the shared corpus (skipped when it is absent)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.card import card_statements
from auditor.formats.questions import answers
from auditor.licenses.kb import load_kb
from auditor.model import parse_ref
from tests.reviewdata import audit_cards

POLICY = "examples/policy.yaml"


def _card(front: str, body: str = "# Model\n") -> str:
    return f"---\n{front}---\n{body}"


def _answers_for(tmp_path: Path, card: str, as_id: str = "acme/model") -> dict[str, Any]:
    """One card audited as a local folder under a Hub id (as `auditor report DIR --as org/name` does)."""
    where = tmp_path / as_id.replace("/", "__")
    where.mkdir()
    (where / "README.md").write_text(card, encoding="utf-8")
    run = pipeline.audit([parse_ref(str(where), as_id=as_id)], policy=POLICY, offline=True, allow_incomplete=True)
    return {a.key: a for a in answers(run.results[0].facts)}


def _stated(line: str, kind: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in card_statements(line) if st.kind == kind]


# -- 1. who the licensor is, for a license whose text names none --------------------------------------------------


@pytest.mark.parametrize(("line", "name", "role"), [
    ("**Owner**: Databricks, Inc.", "Databricks, Inc.", "owner"),
    ("- **Developed by:** [Nomic AI](https://home.nomic.ai)", "Nomic AI", "developer"),
    ("**Model developers** Meta", "Meta", "developer"),
    ("© 2023 Hotaru Jujo.", "Hotaru Jujo", "copyright"),
    ("Copyright (c) 2024 Acme Corp. All rights reserved.", "Acme Corp", "copyright"),
])
def test_the_card_names_who_owns_or_made_the_model(line: str, name: str, role: str) -> None:
    assert _stated(line, "holder-stated") == [(name, (role,))]


@pytest.mark.parametrize("line", [
    "- **Developed by:** [More Information Needed]",  # the Hub template's placeholder
    "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc. All Rights Reserved.",
    "Copyright: the weights are released under MIT",  # a sentence, not a name
    "Model developers Meta",  # neither a colon nor its own bold markup: running prose
    "The owner of this repository is not the author.",
])
def test_near_misses_name_no_holder(line: str) -> None:
    assert _stated(line, "holder-stated") == []


def test_mit_names_the_owner_the_card_states(tmp_path: Path) -> None:
    got = _answers_for(tmp_path, _card("license: mit\n", "# M\n\n**Owner**: Example Labs, Inc.\n"))
    licensor = got["licensor"]
    assert licensor.status == "answered"
    assert "for this model: Example Labs, Inc., whom the card names as its owner (README line 6)" in licensor.answer


def test_without_a_holder_the_publisher_is_the_presumption(tmp_path: Path) -> None:
    got = _answers_for(tmp_path, _card("license: apache-2.0\n"), as_id="somelab/model")
    # review pass 12: the publisher offers the license; nothing presumes the weights are all its own
    said = got["licensor"].answer
    assert "for this model: the publisher, somelab, which offers the model under this license" in said
    assert "it declares no base model" in said and "presumably" not in said
    assert "confirm against the repository's LICENSE or NOTICE file" in said


def test_a_license_that_names_its_licensor_is_not_qualified(tmp_path: Path) -> None:
    """Llama 2 names Meta: no "for this model" presumption is added (near miss)."""
    got = _answers_for(tmp_path, _card("license: llama2\n", "# M\n\n**Owner**: Someone Else\n"))
    assert got["licensor"].answer.startswith("Meta Platforms Ireland Limited")
    assert "for this model" not in got["licensor"].answer


_QUANT_CATALOG = [
    {"id": "org/base", "sha": "a" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
     "tags": [], "siblings": [{"rfilename": "README.md"}, {"rfilename": "model.safetensors"}],
     "cardData": {"license": "cc-by-nc-4.0"}, "_auditor": {"origin": "hand-written test fixture"}},
    {"id": "quanter/base-GGUF", "sha": "b" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
     "tags": [], "siblings": [{"rfilename": "README.md"}, {"rfilename": "m.gguf"}],
     "cardData": {"license": "cc-by-nc-4.0", "base_model": "org/base", "base_model_relation": "quantized"},
     "_auditor": {"origin": "hand-written test fixture"}},
    {"id": "tuner/ft", "sha": "c" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
     "tags": [], "siblings": [{"rfilename": "README.md"}, {"rfilename": "model.safetensors"}],
     "cardData": {"license": "cc-by-nc-4.0", "base_model": "org/base", "base_model_relation": "finetune"},
     "_auditor": {"origin": "hand-written test fixture"}},
]


@pytest.fixture
def quant_run(tmp_path: Path) -> dict[str, Any]:
    import json

    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text("".join(json.dumps(line) + "\n" for line in _QUANT_CATALOG), encoding="utf-8")
    run = pipeline.audit(["quanter/base-GGUF", "tuner/ft"], policy=POLICY, offline=True, catalogs=[catalog],
                         allow_incomplete=True)
    return {r.model: {a.key: a for a in answers(r.facts)} for r in run.results}


def test_a_quantization_names_its_bases_rights_holder(quant_run: dict[str, Any]) -> None:
    said = quant_run["quanter/base-GGUF"]["licensor"].answer
    assert "the rights holder of the quantized base org/base (published by org)" in said
    assert "presumably the publisher" not in said


def test_a_finetune_is_not_read_as_a_quantization(quant_run: dict[str, Any]) -> None:
    """Near miss: a fine-tune's publisher made new weights; it stays the presumed licensor."""
    assert "presumably the publisher, tuner" in quant_run["tuner/ft"]["licensor"].answer


def test_every_licensor_a_text_leaves_open_is_marked() -> None:
    """A review fact whose licensor is a definition ("the copyright holders named in the LICENSE file") carries
    `named_by: publisher`, so the answer names the party; one that names a party does not."""
    from auditor.formats.questions import review_facts

    for license_id, facts in review_facts().items():
        licensor = facts.get("licensor") or {}
        value = str(licensor.get("value") or "")
        if re.search(r"\bnamed (?:by|in) the (?:publisher|repository)|copyright holders named", value):
            assert licensor.get("named_by") == "publisher", license_id
        if value.startswith(("Meta Platforms", "Alibaba Cloud", "Google LLC", "Mistral AI", "NVIDIA")):
            assert "named_by" not in licensor, license_id


@pytest.mark.parametrize("license_id", ["LicenseRef-OpenRAIL-Family", "LicenseRef-CC-Family"])
def test_family_entries_answer_licensor_liability_and_export(tmp_path: Path, license_id: str) -> None:
    hub_id = {"LicenseRef-OpenRAIL-Family": "openrail", "LicenseRef-CC-Family": "cc"}[license_id]
    got = _answers_for(tmp_path, _card(f"license: {hub_id}\n"))
    for key in ("licensor", "liability", "export"):
        assert got[key].status == "answered", (key, got[key].answer)


# -- 2. a base the prose names only by its family -------------------------------------------------------------------


@pytest.mark.parametrize(("line", "family"), [
    ("**Finetuned from:** [LLaMA](https://github.com/facebookresearch/llama/blob/main/MODEL_CARD.md)", "LLaMA"),
    ("Orca 2 is a finetuned version of LLAMA-2.", "Llama 2"),
    ("A fine-tuned version of Mistral 7B on our data.", "Mistral"),
    ("a quantized version of Llama 3.1 8B Instruct", "Llama 3.1"),
    ("- **Base model:** Phi-3-mini", "Phi"),
    ("built on Gemma 2", "Gemma"),
])
def test_a_family_named_as_the_base(line: str, family: str) -> None:
    # since review pass 27 the made-from phrase is kept beside the family (roles[1]), as written
    found = [roles for _, roles in _stated(line, "base-family-stated")]
    assert [r[0] for r in found] == [family] and len(found[0]) == 2 and found[0][1].lower() in line.lower()


@pytest.mark.parametrize("line", [
    "An auto-regressive language model based on the transformer architecture and fine-tuned.",
    "This model is based on the Llama 2 architecture.",  # an architecture, not weights it was made from
    "Based on open_llama, we trained a new model.",  # OpenLLaMA is not the first LLaMA release
    "Quantized with llama.cpp",
    "We compare to LLaMA and based on our data",  # the family is outside the phrase's sentence
    "fine-tuned from [x](https://huggingface.co/meta-llama/Llama-2-7b-hf)",  # a Hub link: base-stated says it
])
def test_near_misses_name_no_family_base(line: str) -> None:
    assert _stated(line, "base-family-stated") == []


def test_a_family_base_qualifies_the_commercial_answers(tmp_path: Path) -> None:
    """gpt4all-lora's shape: GPL-3.0 declared, "Finetuned from: LLaMA": commercial use 'allowed' and 'no contact
    needed' would be read from GPL alone, while the first LLaMA release's license is non-commercial. Since review
    pass 27 (W1) a made-from statement makes the base's license a floor the answers read, with the evidence;
    "based on LLaMA" (which may name a design) still only qualifies them."""
    got = _answers_for(tmp_path, _card("license: gpl-3.0\n", "# M\n\n**Finetuned from:** [LLaMA](https://x.example)\n"))
    assert got["commercial"].answer.startswith("prohibited under LicenseRef-LLaMA-1-Research")
    for key in ("license", "commercial", "threshold", "contact"):
        assert 'LicenseRef-LLaMA-1-Research (inherited from LLaMA, the base the card\'s prose names: "Finetuned ' \
               'from", README line 6' in got[key].answer, key
    (tmp_path / "b").mkdir()
    got = _answers_for(tmp_path / "b", _card("license: gpl-3.0\n", "# M\n\nBased on LLaMA, we trained it.\n"))
    for key in ("license", "commercial", "threshold", "contact"):
        assert got[key].status == "partial", key
        assert "made from LLaMA (README line 6, the LLaMA family)" in got[key].answer


@pytest.mark.parametrize(("front", "body", "as_id"), [
    # the family's license is the one declared: nothing is left unchecked
    ("license: llama2\n", "A finetuned version of Llama 2.\n", "acme/model"),
    # the metadata declares the base: lineage read it
    ("license: mit\nbase_model: org/base\n", "A finetuned version of Llama 2.\n", "acme/model"),
    # the family's own publisher describing its own release
    ("license: apache-2.0\n", "A fine-tuned version of Mistral 7B.\n", "mistralai/model"),
])
def test_a_family_base_that_is_answered_or_declared_leaves_the_answers(tmp_path: Path, front: str, body: str,
                                                                      as_id: str) -> None:
    got = _answers_for(tmp_path, _card(front, "# M\n\n" + body), as_id)
    assert "the card's prose says the model was made from" not in got["commercial"].answer


# -- 3. a "License:" line naming a license the knowledge base does not hold -----------------------------------------


def test_a_license_line_the_kb_does_not_hold_is_named(tmp_path: Path) -> None:
    got = _answers_for(tmp_path, _card("license: other\n", "# M\n\n- **License:** Foo Research License\n"))
    assert got["license"].status == "partial"
    assert 'its prose names "Foo Research License" (README line 6), a license the knowledge base does not hold' \
        in got["license"].answer


def test_a_license_line_beside_an_inherited_floor_is_named(tmp_path: Path) -> None:
    card = _card("license: other\nbase_model: meta-llama/Llama-2-7b-hf\n", "# M\n\n- **License:** Foo License\n")
    got = _answers_for(tmp_path, card)
    assert 'its prose names "Foo License"' in got["license"].answer
    assert 'its prose names "Foo License"' in got["commercial"].answer


def test_a_license_line_the_kb_holds_is_read_as_before(tmp_path: Path) -> None:
    """Near miss: a known license in the prose is answered from the knowledge base, not called unheld."""
    got = _answers_for(tmp_path, _card("license: other\n", "# M\n\n- **License:** Apache 2.0\n"))
    assert "does not hold" not in got["license"].answer
    assert "Apache-2.0" in got["license"].answer


# -- 4. the UN sales convention ------------------------------------------------------------------------------------


def test_a_text_that_excludes_the_un_sales_convention_says_so(corpus: Path) -> None:
    """Qwen, Tongyi Qianwen and MRL said "laws of China/France" where Llama, Gemma and DeepSeek said the convention is
    excluded: every corpus-backed entry whose text excludes it says so in its governing law."""
    problems = []
    for entry in load_kb():
        if not entry.text_file:
            continue
        text = (corpus / "licenses" / entry.text_file).read_text(encoding="utf-8")
        law = entry.info.get("governing_law") or entry.terms.get("governing_law")
        if re.search(r"Convention on Contracts for (?:the )?International Sale of Goods", text) and law is not None:
            said = f"{law.value} {law.get('note') or ''}"
            if "UN sales convention" not in said:
                problems.append(f"{entry.id}: {law.value}")
    assert not problems, problems


# -- 5. real cards read as the reviewer read them ---------------------------------------------------------------------


def _corpus_card(tmp_path: Path, corpus: Path, name: str) -> dict[str, Any]:
    card = (corpus / "cards" / (name.replace("/", "__") + ".md")).read_text(encoding="utf-8")
    return _answers_for(tmp_path, card, name)


def test_gpt4all_lora_says_its_llama_base(tmp_path: Path, corpus: Path) -> None:
    got = _corpus_card(tmp_path, corpus, "nomic-ai/gpt4all-lora")
    assert got["commercial"].answer.startswith("prohibited under LicenseRef-LLaMA-1-Research")  # review pass 27
    assert '"Finetuned from", README line 26' in got["commercial"].answer
    assert "Nomic AI, whom the card names as its developer" in got["licensor"].answer


def test_dolly_names_its_owner(tmp_path: Path, corpus: Path) -> None:
    got = _corpus_card(tmp_path, corpus, "databricks/dolly-v2-12b")
    assert "for this model: Databricks, Inc., whom the card names as its owner" in got["licensor"].answer


def test_orca_2_says_its_llama_2_base(tmp_path: Path, corpus: Path) -> None:
    got = _corpus_card(tmp_path, corpus, "microsoft/Orca-2-13b")
    assert "LLAMA-2" in got["license"].answer and "LicenseRef-Llama-2" in got["license"].answer
    assert got["commercial"].answer.startswith("prohibited")  # the research license's ban stands


def test_audit_cards_helper_still_answers(tmp_path: Path) -> None:
    """The folder-per-card helper (ids are folder names): the licensor answer still says who, without an owner."""
    run = audit_cards(tmp_path, {"plain": _card("license: mit\n")})
    said = {a.key: a for a in answers(run.results[0].facts)}["licensor"].answer
    assert "for this model: the publisher, which offers the model under this license" in said


# -- 6. a declared dataset recorded under another id of the same corpus ----------------------------------------------


def test_a_declared_corpus_is_read_under_its_other_id(tmp_path: Path) -> None:
    """allenai/c4 has no record of its own; the embedded catalog holds the same corpus under the legacy id c4."""
    got = _answers_for(tmp_path, _card("license: apache-2.0\ndatasets:\n- allenai/c4\n"))
    said = got["data_licenses"]
    # review 29: read under that id by the lineage itself, so the data rules see it too (it was a review answer only)
    assert said.answer.startswith("allenai/c4 (read as c4, another id of the same corpus, C4): ODC-By-1.0")
    assert said.status == "answered"


def test_the_pile_under_its_hub_ids_reads_the_legacy_record(tmp_path: Path) -> None:
    got = _answers_for(tmp_path, _card("license: apache-2.0\ndatasets:\n- EleutherAI/pile\n"))
    said = got["data_licenses"]
    assert said.answer.startswith("EleutherAI/pile (read as the_pile, another id of the same corpus, The Pile): custom")
    assert said.status == "partial"  # the Pile's card says "other": its subsets' licenses are not one license


@pytest.mark.parametrize("dataset", ["someone/pile", "someone/c4-mirror"])
def test_a_dataset_no_corpus_lists_stays_unknown(tmp_path: Path, dataset: str) -> None:
    """Near miss: a name that merely resembles a corpus is not read as it."""
    got = _answers_for(tmp_path, _card(f"license: apache-2.0\ndatasets:\n- {dataset}\n"))
    said = got["data_licenses"].answer
    assert said.startswith(f"{dataset}: unknown (no record of this dataset was read") and "Pile" not in said


def test_a_dataset_with_its_own_record_is_read_as_before(tmp_path: Path) -> None:
    got = _answers_for(tmp_path, _card("license: apache-2.0\ndatasets:\n- c4\n"))
    assert got["data_licenses"].answer == "c4: ODC-By-1.0"


# -- 7. the model's own license in a sentence of the prose -----------------------------------------------------------


@pytest.mark.parametrize(("line", "name"), [
    ("This model is based on Llama-3-8b, and is governed by [META LLAMA 3 COMMUNITY LICENSE AGREEMENT](LICENSE)",
     "META LLAMA 3 COMMUNITY LICENSE AGREEMENT"),
    ("The model is licensed under the [MIT license](https://example.org/LICENSE).", "MIT license"),
    ("This model is released under the [NVIDIA Open Model License Agreement](https://x.example/l.pdf).",
     "NVIDIA Open Model License Agreement"),
])
def test_a_sentence_about_the_model_states_its_license(line: str, name: str) -> None:
    assert _stated(line, "license-stated") == [(name, ())]


@pytest.mark.parametrize("line", [
    "Llama 2 is licensed under the [LLAMA 2 Community License](https://ai.meta.com/llama/license/), Copyright",
    "This code repository is licensed under [the MIT License](https://x.example/LICENSE-CODE).",
    "The model is described under the [paper](https://arxiv.org/abs/1)",
    "The model is licensed under the [paper](https://arxiv.org/abs/1)",  # a link that names no license
])
def test_near_misses_state_no_license(line: str) -> None:
    assert _stated(line, "license-stated") == []


def test_a_license_sentence_answers_for_an_other_declaration(tmp_path: Path) -> None:
    """dolphin-2.9-llama3-8b's shape: `license: other`, a Llama 3 base, the prose "is governed by [META LLAMA 3
    COMMUNITY LICENSE AGREEMENT]": the commercial answers read that license instead of 'unknown own terms'."""
    card = _card("license: other\nbase_model: meta-llama/Meta-Llama-3-8B\n",
                 "# M\n\nThis model is based on Llama-3-8b, and is governed by "
                 "[META LLAMA 3 COMMUNITY LICENSE AGREEMENT](LICENSE)\n")
    got = _answers_for(tmp_path, card)
    assert "its prose names LicenseRef-Llama-3 (README line 7)" in got["license"].answer
    assert got["license"].status == "partial"  # record it in `license:`
    assert got["commercial"].status == "answered" and "inherited licenses only" not in got["commercial"].answer


# -- 8. terms the Hub's access form asks to accept ------------------------------------------------------------------

_COHERE_FORM = ("license: cc-by-nc-4.0\nextra_gated_prompt: By submitting this form, you agree to the [License "
                "Agreement](https://example.org/c4ai-cc-by-nc-license) and acknowledge our [Privacy Policy]"
                "(https://example.org/privacy).\nextra_gated_fields:\n  Name: text\n")


def test_a_license_agreement_the_form_links_qualifies_license_and_use_policy(tmp_path: Path) -> None:
    """aya-expanse's shape: CC BY-NC declared, the form asks agreement to the publisher's own license agreement (which
    adds a use policy): "no acceptable-use policy" read from the CC text alone would be wrong."""
    got = _answers_for(tmp_path, _card(_COHERE_FORM))
    for key in ("license", "aup"):
        assert got[key].status == "partial", key
        assert '"License Agreement" (https://example.org/c4ai-cc-by-nc-license)' in got[key].answer
        assert "Privacy Policy" not in got[key].answer


@pytest.mark.parametrize("prompt", [
    # the Llama prompts: links whose text is their address, to the license's own use policy
    "Use it as the [https://llama.meta.com/llama3/use-policy](https://llama.meta.com/llama3/use-policy) says.",
    # the license's own reference text
    "You agree to the [License](https://creativecommons.org/licenses/by-nc/4.0/legalcode).",
    # a privacy policy is no license term
    "Your data is handled per our [Privacy Policy](https://example.org/privacy).",
])
def test_links_to_the_licenses_own_texts_leave_the_answers(tmp_path: Path, prompt: str) -> None:
    got = _answers_for(tmp_path, _card(f"license: cc-by-nc-4.0\nextra_gated_prompt: \"{prompt}\"\n"))
    assert "access form asks acceptance" not in got["license"].answer
    assert got["license"].status == "answered"


def test_a_developer_is_not_said_to_be_the_copyright_holder(tmp_path: Path) -> None:
    """Near miss of the owner case: "Developed by: Robin Rombach, Patrick Esser" (Stable Diffusion v1) names people
    whose organisation may hold the rights."""
    got = _answers_for(tmp_path, _card("license: mit\n", "# M\n\n- **Developed by:** Jane Doe, John Roe\n"))
    said = got["licensor"].answer
    assert "Jane Doe, John Roe, whom the card names as its developer (README line 6)" in said
    assert "presumably the developer, or the organisation it made the model for" in said
