"""Lineage pass 21: the Trainer's link to a local folder, an owner-less id in backticks, "the base model is X", a bare
id before a Korean or Japanese phrase, and the real cards of the bench.

- The Trainer writes the model it loaded as "[X](https://huggingface.co/X)"; when X was a local folder
  ("[./ruBert-base/](https://huggingface.co/./ruBert-base/)") the base is that folder, kept as written and
  unresolvable (fail closed), as a front matter's local path is; it used to name no base at all, so a licensed card
  got only a warning from other findings. A hand-written link whose text is a path and address an id stays the id.
- A made-from phrase with an owner-less name in backticks ("es una versión afinada de `bert-base-cased`") names it
  unconfirmed: followed when the catalog knows the name (a legacy Hub id), else a suspected base (LIN004).
- "The base model is `org/x`" (and "El checkpoint base es", "Das Basismodell ist") names the base; "is not",
  "is trained on" and another model's base ("whose base model is") do not.
- A bare `org/name` before a Korean or Japanese phrase ("X 사전학습 모델을 기반으로", "모델(X)을 파인튜닝하여") names
  it, without the particle glued to it ("X를 기반으로").
- bench/lineage_pass21_cards.md: real cards (see its header for before -> after).
Fixture lines are paraphrased from the bench's cards (find_string ids 12384539272, 32674316751, 63208394204,
63357226961, 40962798545, 2287967958).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.card import card_statements
from tests.cardaudit import audit_card, direct_bases

ROOT = Path(__file__).resolve().parents[1]


def _stated(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in card_statements(text) if st.kind == "base-stated"]


def _rules(result: object) -> set[str]:
    return {f.rule for f in result.findings}  # type: ignore[attr-defined]


# -- 1. the Trainer's link to a local folder ------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "path"), [
    ("This model is a fine-tuned version of [./acme-base/](https://huggingface.co/./acme-base/) on an unknown dataset.",
     "./acme-base/"),
    ("This model is a fine-tuned version of [/data/models/Acme-7B](https://huggingface.co//data/models/Acme-7B).",
     "/data/models/Acme-7B"),
    ("This model is a fine-tuned version of [../runs/ckpt-500](https://huggingface.co/../runs/ckpt-500) on x.",
     "../runs/ckpt-500"),
])
def test_the_trainers_link_to_a_local_folder_names_that_folder(line: str, path: str) -> None:
    # the role says the Trainer's fine-tuned-from phrase named it (lineage pass 22, prose_check.py)
    assert _stated(line + "\n") == [(path, ("finetuned-version",))]


@pytest.mark.parametrize(("line", "stated"), [
    # a hand-written link: its address is the id
    ("This model is a fine-tuned version of [./acme-7b](https://huggingface.co/acme/acme-7b).",
     [("acme/acme-7b", ("finetuned-version",))]),
    # not said of this model
    ("We compare with a fine-tuned version of [./acme-base/](https://huggingface.co/./acme-base/).", []),
    # no made-from phrase
    ("Checkpoints are saved to [./out/](https://huggingface.co/./out/).", []),
])
def test_other_links_to_paths_are_read_as_before(line: str, stated: list[tuple[str, tuple[str, ...]]]) -> None:
    assert _stated(line + "\n") == stated


def test_a_licensed_trainer_card_on_a_local_folder_fails_closed(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\ntags:\n- generated_from_trainer\n---\n\n# acme-srl\n\n"
            "This model is a fine-tuned version of [./acme-base/](https://huggingface.co/./acme-base/) on an unknown "
            "dataset.\n")
    result = audit_card(tmp_path, card)
    assert list(direct_bases(result)) == ["./acme-base/"]
    assert result.verdict == "fail"  # an unresolvable base: its terms are unknown (was "warn", no base at all)


# -- 2. an owner-less id in backticks ------------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "El modelo es una versión afinada de `bert-base-cased` para NER.",
    "This model is a fine-tuned version of `gpt2` on poems.",
])
def test_an_ownerless_id_in_backticks_is_named_unconfirmed(line: str) -> None:
    [(name, roles)] = _stated(line + "\n")
    assert name == line.split("`")[1] and {"bare", "unconfirmed"} <= set(roles)


@pytest.mark.parametrize("line", [
    "It is a fine-tuned version of `config-v2.json`.",
    "It is a fine-tuned version of `pytorch`.",
    "We compare against a fine-tuned version of `bert-base-cased`.",
    "Fine-tuned from `squad-v2` data.",
    # software, not a model (stabilityai/stablelm-2-1_6b's card: the training code it forked)
    "We use a fork of `gpt-neox` ([Acme, 2021](https://github.com/acme/gpt-neox)) for training.",
    "Built on `acme-trainer-v2` library.",
])
def test_other_backticked_words_name_no_base(line: str) -> None:
    assert _stated(line + "\n") == []


def test_a_legacy_id_the_catalog_knows_is_followed(tmp_path: Path) -> None:
    card = "# acme-ner\n\nEl modelo es una versión afinada de `bert-base-cased` para NER.\n"
    assert list(direct_bases(audit_card(tmp_path, card))) == ["google-bert/bert-base-cased"]


def test_an_unknown_ownerless_name_is_only_suspected(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\n---\n\n# acme-ner\n\nThis is a fine-tuned version of `acme-turkish-cased-v2`.\n"
    result = audit_card(tmp_path, card)
    assert direct_bases(result) == {}
    # a suspected base (LIN004, which the example policy turns off; its CRD003 note names it), never a binding one
    assert [s["family"] for s in result.facts["lineage"]["suspected"]] == ["acme-turkish-cased-v2"]
    assert "CRD003" in _rules(result)
    strict = audit_card(tmp_path / "strict", card, policy="builtin:default")
    assert "LIN004" in _rules(strict) and strict.verdict != "pass"


# -- 3. "the base model is X" --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("The base model is `acme/acme-7b`, itself a fine-tune.", "acme/acme-7b"),
    ("Our base checkpoint is [Acme 7B](https://huggingface.co/acme/acme-7b).", "acme/acme-7b"),
    ("El checkpoint base es `acme/acme-pii-v1`, que a su vez es una versión afinada.", "acme/acme-pii-v1"),
    ("Das Basismodell ist acme/acme-7b.", "acme/acme-7b"),
])
def test_the_base_model_is_names_the_base(line: str, base: str) -> None:
    assert [name for name, _ in _stated(line + "\n")] == [base]


@pytest.mark.parametrize("line", [
    "The base model is not `acme/acme-7b`.",
    "The base model is trained on `acme/data-v1`.",
    "Our base model is input/output pairs.",
    "Compared with Y, whose base model is `acme/acme-7b`.",
    "The teacher's base model is `acme/acme-7b`.",
])
def test_other_copulas_name_no_base(line: str) -> None:
    assert _stated(line + "\n") == []


# -- 4. a bare id before a Korean or Japanese phrase ---------------------------------------------------------------
@pytest.mark.parametrize(("line", "base"), [
    ("Hugging Face의 acme/deberta-v3-base-korean 사전학습 모델을 기반으로 파인튜닝을 진행하며",
     "acme/deberta-v3-base-korean"),
    ("transformer 모델(acme/deberta-v3-base-korean)을 파인튜닝하여 분류합니다", "acme/deberta-v3-base-korean"),
    ("이 모델은 acme/Polyglot-5.8B를 기반으로 파인튜닝된 모델입니다.", "acme/Polyglot-5.8B"),
    ("acme/Acme-8B をベースにファインチューニングしました。", "acme/Acme-8B"),
])
def test_a_bare_id_before_a_cjk_phrase_is_the_base(line: str, base: str) -> None:
    assert [name for name, _ in _stated(line + "\n")] == [base]


@pytest.mark.parametrize("line", [
    "data/train-v2 을 기반으로 학습했습니다",
    "acme/Acme-8B 모델과 비교하여 성능을 평가했습니다",
    "input/output 을 기반으로",
])
def test_other_bare_pairs_before_a_cjk_phrase_name_none(line: str) -> None:
    assert _stated(line + "\n") == []


# -- the bench ---------------------------------------------------------------------------------------------------
def test_pass21_bench_cards() -> None:
    """The recorded cards, audited as the bench does; one subprocess for all the offline audits."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass21_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert wrong == []
    total = out.count("\n") - 1
    assert out.strip().splitlines()[-1] == f"right: {total}/{total}"
