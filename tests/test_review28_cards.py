"""Review 28, findings 3 and 4 (fixture lines are ours, reduced to the shape of the class).

3. The prose base readers that read a base out of a sentence (auditor/card_named_base.py: an owner-less name confirmed
   by a Hub link elsewhere in the card; auditor/card_base_is.py: "the base model is X") took another model's base as
   this model's: a reward model's, a DPO reference's, a sibling's in an apposition, a "For the reward model, ..."
   lead-in, and they read past a card-level "trained from scratch". The vetoes live in auditor/card_other_model.py.
4. LIC019 (a base named only in the card's prose) fired only for a denied license: LIC020 now follows the policy's
   `licenses.not_allowed` for an unlisted one, LIC021 asks for review, LIC022 warns when the declared license drops
   the base's travelling terms (LIN001's wording).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.card import card_statements
from auditor.card_base_is import base_is
from auditor.card_named_base import named_base
from auditor.card_other_model import about_other_model, says_scratch
from tests.cardaudit import audit_card, direct_bases

HEAD = "---\nlicense: apache-2.0\n---\n# Acme model\n\n"
LINK = "\n\n## Links\n\n- [Acme-7B](https://huggingface.co/acme-lab/Acme-7B)\n"


def _stated(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-stated"]


def _rules(result: object) -> set[str]:
    return {f.rule for f in result.findings}  # type: ignore[attr-defined]


# -- 3. another model's base, read by the owner-less name reader ------------------------------------------------------
OTHER_NAMED = [
    "The reward model we used for RLHF is based on Acme-7B.",
    "A larger sibling, fine-tuned from Acme-7B, is also available.",
    "This model was trained with DPO, using as the reference policy the base model Acme-7B.",
    "The smaller variant of this release is built on top of Acme-7B.",
    "For the 70B model, we fine-tuned from Acme-7B first.",
    "Our other model, based on Acme-7B, is released separately.",
    "The teacher model, fine-tuned from Acme-7B, scored each answer.",
]


@pytest.mark.parametrize("line", OTHER_NAMED)
def test_the_named_reader_skips_a_sentence_about_another_model(line: str) -> None:
    prose = [line, "", "- [Acme-7B](https://huggingface.co/acme-lab/Acme-7B)"]
    assert named_base(prose, 1) is None
    assert "acme-lab/Acme-7B" not in _stated(HEAD + line + LINK)


@pytest.mark.parametrize("line", OTHER_NAMED[:3])
def test_another_models_base_leaves_the_audit_without_a_base(tmp_path: Path, line: str) -> None:
    result = audit_card(tmp_path, HEAD + line + LINK)
    assert direct_bases(result) == {}
    assert not {"LIN001", "LIN016"} & _rules(result)


@pytest.mark.parametrize("card", [
    "A small classifier trained from scratch on our data.\n\nThis release is fine-tuned from Acme-7B on chat data.",
    "We pre-trained this model from scratch.\n\nThe base model **Acme-7B** was our starting point for the ablation.",
])
def test_a_card_trained_from_scratch_vetoes_the_named_reader(card: str) -> None:
    prose = [*card.split("\n"), "- [Acme-7B](https://huggingface.co/acme-lab/Acme-7B)"]
    assert named_base(prose, 1) is None
    assert "acme-lab/Acme-7B" not in _stated(HEAD + card + LINK)


# -- 3. another model's base, read by the copula reader ---------------------------------------------------------------
OTHER_COPULA = [
    "For the reward model used in RLHF, the base model is `acme-lab/Acme-7B`.",
    "For our judge LLM the base model is [Acme](https://huggingface.co/acme-lab/Acme-7B).",
    "In the reference policy used for DPO, the base model was `acme-lab/Acme-7B`.",
    "A larger sibling exists; for it, the base model is `acme-lab/Acme-7B`.",
]


@pytest.mark.parametrize("line", OTHER_COPULA)
def test_the_copula_reader_skips_a_sentence_about_another_model(line: str) -> None:
    assert base_is(line) is None


def test_a_card_trained_from_scratch_vetoes_the_copula_reader(tmp_path: Path) -> None:
    card = HEAD + "Trained from scratch on our corpus. Our tokenizer's base model is `acme-lab/Acme-7B`.\n\n" \
        "Evaluation: the base model is `acme-lab/Acme-7B`.\n"
    assert "acme-lab/Acme-7B" not in _stated(card)
    result = audit_card(tmp_path, card)
    assert direct_bases(result) == {} and "LIN001" not in _rules(result)


def test_a_scratch_statement_about_the_base_is_no_veto() -> None:
    # the base's own history ("the base model was pretrained from scratch") says nothing of this model
    assert not says_scratch(["The base model was pretrained from scratch on 2T tokens."])
    assert not says_scratch(["The reward model was trained from scratch."])
    assert not says_scratch(["This model was not trained from scratch."])
    assert says_scratch(["This model was trained entirely from scratch."])
    card = HEAD + "The base model was pretrained from scratch on 2T tokens.\n\nThe base model is `acme-lab/Acme-7B`.\n"
    assert _stated(card) == ["acme-lab/Acme-7B"]


@pytest.mark.parametrize(("line", "base"), [
    ("The base model is `acme-lab/Acme-7B`.", "acme-lab/Acme-7B"),
    ("This is a fine-tune for chat. Our base checkpoint is [Acme](https://huggingface.co/acme-lab/Acme-7B).",
     "acme-lab/Acme-7B"),
    ("We release a 7B model, and the base model is `acme-lab/Acme-7B`.", "acme-lab/Acme-7B"),
])
def test_this_models_own_base_is_still_read(line: str, base: str) -> None:
    assert not about_other_model(line, len(line))
    found = base_is(line)
    assert found is not None and found[0] == base


def test_this_models_named_base_is_still_read() -> None:
    prose = ["We fine-tuned the base model **Acme-7B** on our chat data.", "",
             "- [Acme 7B](https://huggingface.co/acme-lab/Acme-7B)"]
    assert named_base(prose, 1) == ("acme-lab/Acme-7B", 1)


# -- 4. the prose-named base's license follows the policy ------------------------------------------------------------
PROSE_LLAMA = "---\nlicense: apache-2.0\n---\n# Acme adapter\n\n- **Finetuned from:** Llama 2 7B\n"
PROSE_MIT = "---\nlicense: llama2\n---\n# Acme adapter\n\n- **Finetuned from:** Llama 2 7B\n"


@pytest.fixture
def allow_list(tmp_path: Path) -> str:
    path = tmp_path / "allow.yaml"
    path.write_text('licenses: {allow: ["Apache-2.0", "MIT"], not_allowed: fail}\n', encoding="utf-8")
    return str(path)


def test_an_unlisted_prose_base_license_fails_under_an_allow_list(tmp_path: Path, allow_list: str) -> None:
    result = audit_card(tmp_path, PROSE_LLAMA, policy=allow_list)
    assert result.facts["license"]["prose_base"]["policy"] == "not_listed"
    finding = next(f for f in result.findings if f.rule == "LIC020")
    assert finding.severity == "error" and result.verdict == "fail"
    assert "README line 6" in finding.message


def test_an_unlisted_prose_base_license_follows_not_allowed_warn(tmp_path: Path) -> None:
    policy = tmp_path / "warn.yaml"
    policy.write_text('licenses: {allow: ["Apache-2.0"], not_allowed: warn}\n', encoding="utf-8")
    result = audit_card(tmp_path, PROSE_LLAMA, policy=str(policy))
    assert next(f for f in result.findings if f.rule == "LIC020").severity == "warning"


def test_a_prose_base_license_on_review_asks_for_review(tmp_path: Path) -> None:
    result = audit_card(tmp_path, PROSE_LLAMA, policy="builtin:commercial")
    assert result.facts["license"]["prose_base"]["policy"] == "review"
    assert "LIC021" in _rules(result) and "LIC019" not in _rules(result)


@pytest.mark.parametrize("policy", ["builtin:default", "builtin:commercial", "examples/policy.yaml"])
def test_a_declared_license_dropping_the_prose_bases_terms_is_flagged(tmp_path: Path, policy: str) -> None:
    result = audit_card(tmp_path, PROSE_LLAMA, policy=policy)
    finding = next(f for f in result.findings if f.rule == "LIC022")
    assert finding.severity in ("warning", "error") and result.verdict != "pass"
    assert "declares Apache-2.0" in finding.message and "commercial_use conditional->allowed" in finding.message
    assert result.facts["license"]["prose_base"]["line"] == 6


def test_declaring_the_prose_bases_own_license_drops_nothing(tmp_path: Path) -> None:
    result = audit_card(tmp_path, PROSE_MIT, policy="builtin:default")
    base = result.facts["license"]["prose_base"]
    assert base is not None and base["dropped"] == [] and "LIC022" not in _rules(result)


# -- 3. the same veto for the phrase reader of owner-qualified ids (auditor/card.py _phrase_names_base) --------------
@pytest.mark.parametrize("line", [
    "The reward model we used for RLHF is based on acme-lab/Acme-7B.",
    "A larger sibling, fine-tuned from acme-lab/Acme-7B, is also available.",
    "For the judge model, we fine-tuned from [Acme](https://huggingface.co/acme-lab/Acme-7B).",
])
def test_the_id_phrase_reader_skips_a_sentence_about_another_model(line: str) -> None:
    assert "acme-lab/Acme-7B" not in _stated(HEAD + line + "\n")


def test_the_id_phrase_reader_still_reads_this_models_base() -> None:
    assert _stated(HEAD + "This model is fine-tuned from acme-lab/Acme-7B on our chat data.\n") == ["acme-lab/Acme-7B"]
