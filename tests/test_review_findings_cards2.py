"""Review 22 of the card readers: wrong answers fixed as classes, each with the reviewer's reproducer and near misses
on both sides (what must still be read, what must not).

A1. A list item naming its subject ("- **Acme-7B-Chat** is a fine-tuned version of [X](url)") gives its base to the
    repository it names (also without an owner or a quantizer's suffix), never to a sibling a family card names.
A2. A version number's dot carries the "made from" clause on, a ";", "!" or "?" ends it.
A3. "基于...数据集 `org/x`": data (or an architecture) between a Chinese phrase and its id names no base.
A4. "基于以下模型合并：A 和 B": the full-width colon ends a prose base's clause; the merge reader gives both parts.
A5. A Chinese comma ends the clause in the folded reading too, and an ASCII comma after a Chinese phrase does.
A6. A data license is stated only when the sentence plainly ties one license to the data: not "respectively", not
    the model's own license, not a negation, not past a ";" or a sentence's end.
A10. "a reward model trained on X" is another model's data; "an offline dataset" names no data; hardware, an ISA or a
    generic design is no architecture the model follows; both whole-prose readers skip HTML comments and code as
    card_statements does (one filter, auditor/card_text.ProseFilter).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.card import _base_named, _base_stated, _trained_on, card_statements
from auditor.card_architecture import architecture_statement
from auditor.card_data_license import data_license_statements
from auditor.card_subject import names_repository, own_statements
from auditor.card_text import ProseFilter, prose_lines
from auditor.model import parse_ref
from auditor.pipeline import audit
from tests.cardaudit import audit_card, direct_bases
from tests.reviewdata import answer_of

POLICY = "examples/policy.yaml"
REPRO = Path("/tmp/review22/repro")
LLAMA2 = "meta-llama/Llama-2-7b-hf"  # catalogued, Llama 2 license
MISTRAL = "mistralai/Mistral-7B-v0.1"  # catalogued, Apache-2.0
LINK2 = f"[{LLAMA2}](https://huggingface.co/{LLAMA2})"
FRONT = "---\nlicense: apache-2.0\n---\n# card\n\n"


def _audit(tmp_path: Path, body: str, as_id: str = "acme/x") -> Any:
    return audit_card(tmp_path, FRONT + body + "\n", as_id, POLICY)


def _rules(result: Any) -> set[str]:
    return {f.rule for f in result.findings}


def _bases(text: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == "base-stated"]


def _kind(text: str, kind: str) -> list[str]:
    return [st.as_written for st in card_statements(text) if st.kind == kind]


# -- A1. a list item naming the model itself ----------------------------------------------------------------------
ITEM_BOLD = f"- **Acme-7B-Chat** is a fine-tuned version of {LINK2}."
ITEM_PLAIN = f"- Acme-7B-Chat is fine-tuned from {LINK2} on our chat data."


@pytest.mark.parametrize("line", [ITEM_BOLD, ITEM_PLAIN])
def test_reproducer_own_item_keeps_its_base(tmp_path: Path, line: str) -> None:
    result = _audit(tmp_path, line, "acme/Acme-7B-Chat")
    assert direct_bases(result) == {LLAMA2: "finetune"}
    assert "LIN001" in _rules(result)  # a Llama 2 derivative relicensed Apache-2.0 fails, as before the veto
    assert result.facts["card"]["base_stated"]["id"] == LLAMA2


@pytest.mark.parametrize("repo", ["acme/Acme-7B-Chat", "other/Acme-7B-Chat-GGUF", "q/Acme-7B-Chat-Q4_K_M-GGUF",
                                  "x/acme-7b-chat-4bit", "Acme-7B-Chat", "acme/Acme_7B_Chat-AWQ"])
def test_the_repositorys_name_matches_without_owner_case_or_format_suffix(repo: str) -> None:
    assert names_repository(["Acme-7B-Chat"], repo)


@pytest.mark.parametrize("repo", ["acme/Acme-7B-Base", "acme/Acme-7B-Chat-v2", "acme/Acme-70B-Chat", "acme/Chat"])
def test_another_models_name_does_not_match(repo: str) -> None:
    assert not names_repository(["Acme-7B-Chat"], repo)


def test_an_item_about_a_sibling_gives_no_base(tmp_path: Path) -> None:
    result = _audit(tmp_path, ITEM_BOLD, "acme/Acme-7B-Base")
    assert direct_bases(result) == {}
    assert result.facts["card"]["base_stated"] is None


def test_family_note_holds_for_the_member_it_names_only(tmp_path: Path) -> None:
    note = ("- Acme-R1-Distill-Qwen-1.5B and Acme-R1-Distill-Qwen-7B are derived from [Qwen-2.5 series]"
            "(https://github.com/QwenLM/Qwen2.5).\n"
            f"- Acme-R1-Distill-Llama-8B is derived from Llama-2-Base and is originally licensed under "
            f"[llama2 license](https://huggingface.co/{LLAMA2}/blob/main/LICENSE).\n"
            f"- Acme-R1-Distill-Mistral-7B is derived from Mistral and is licensed under "
            f"[its license](https://huggingface.co/{MISTRAL}/blob/main/LICENSE).\n")
    statements = [st.to_dict() for st in card_statements(note)]
    assert [st["as_written"] for st in own_statements(statements, "acme/Acme-R1-Distill-Qwen-1.5B")] == []
    assert [st["as_written"] for st in own_statements(statements, "acme/Acme-R1-Distill-Llama-8B")] == [LLAMA2]
    assert [st["as_written"] for st in own_statements(statements, "u/Acme-R1-Distill-Mistral-7B-GGUF")] == [MISTRAL]
    assert direct_bases(_audit(tmp_path, note, "acme/Acme-R1-Distill-Qwen-1.5B")) == {}


def test_a_sibling_item_does_not_hide_the_cards_own_base_line(tmp_path: Path) -> None:
    body = f"- Acme-13B-Chat is a fine-tuned version of {LINK2}.\n\nThis model is a fine-tuned version of " \
           f"[{MISTRAL}](https://huggingface.co/{MISTRAL}).\n"
    assert direct_bases(_audit(tmp_path, body, "acme/Acme-7B-Chat")) == {MISTRAL: "finetune"}


def test_an_item_naming_several_models_holds_for_each(tmp_path: Path) -> None:
    body = f"- Acme-3B-Chat, Acme-7B-Chat and Acme-13B-Chat are fine-tuned from {LINK2}."
    assert direct_bases(_audit(tmp_path, body, "acme/Acme-7B-Chat")) == {LLAMA2: "finetune"}
    assert direct_bases(_audit(tmp_path / "b", body, "acme/Acme-70B-Chat")) == {}


def test_real_family_card_gives_no_sibling_base() -> None:
    card = Path("/work/shared/corpus/cards/deepseek-ai__DeepSeek-R1-Distill-Qwen-1.5B.md")
    if not card.is_file():
        pytest.skip("the corpus card deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B is not in /work/shared/corpus")
    statements = [st.to_dict() for st in card_statements(card.read_text(encoding="utf-8"))]
    # the family table's own row is the 1.5B's base (lineage pass 23, auditor/card_table_base.py); no sibling's is
    assert [st["as_written"] for st in own_statements(statements, "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B")] == [
        "Qwen/Qwen2.5-Math-1.5B"]
    assert set(st["as_written"] for st in own_statements(statements, "deepseek-ai/DeepSeek-R1-Distill-Llama-8B")) == {
        "meta-llama/Llama-3.1-8B"}


# -- A2. a version dot does not carry the clause past ";" ---------------------------------------------------------
JUDGE = f"It is based on v2.0 of our pipeline; the judge was {LINK2}."


def test_reproducer_judge_after_semicolon_is_no_base(tmp_path: Path) -> None:
    assert _bases(JUDGE) == []
    assert direct_bases(_audit(tmp_path, JUDGE, "acme/judge")) == {}


@pytest.mark.parametrize("line", [
    f"It is based on v2.0 of our pipeline! The judge was {LINK2}.",
    f"Fine-tuned from Qwen2.5 7B with care? See {LINK2}.",
    f"Derived from release 1.5 of our recipe; weights of {LINK2} were compared.",
])
def test_clause_marks_after_a_version_end_the_clause(line: str) -> None:
    assert _bases(line) == []


@pytest.mark.parametrize("line", [
    "Fine-tuned from Qwen2.5 7B, [Qwen/Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B).",
    f"It is based on Llama 2.0 weights: {LINK2}.",
    f"Based on v2.0 of {LINK2}.",
])
def test_a_version_dot_still_carries_the_clause_to_its_link(line: str) -> None:
    assert len(_bases(line)) == 1


# -- A3. a dataset between a Chinese phrase and its id -------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "我们基于开源数据集 `BAAI/COIG-PC` 训练了本模型。",
    "本模型基于中文语料 `acme/corpus-zh` 训练。",
    "基于公开数据 `acme/data` 微调。",
    "本模型基于 Llama 架构 `meta-llama/Llama-2-7b-hf` 实现。",
])
def test_data_or_architecture_after_a_chinese_phrase_is_no_base(line: str) -> None:
    assert _bases(line) == []


def test_reproducer_chinese_dataset(tmp_path: Path) -> None:
    result = _audit(tmp_path, "我们基于开源数据集 `BAAI/COIG-PC` 训练了本模型。")
    assert direct_bases(result) == {}
    assert not {"LIN002", "LIN010"} & _rules(result)


@pytest.mark.parametrize("line, base", [
    ("本模型基于上游指令模型 `Qwen/Qwen3-1.7B` 微调。", "Qwen/Qwen3-1.7B"),
    (f"本模型基于 {LINK2} 训练。", LLAMA2),
    ("基于 `Qwen/Qwen2.5-7B` 在数据集上继续训练。", "Qwen/Qwen2.5-7B"),
])
def test_a_model_after_a_chinese_phrase_is_still_a_base(line: str, base: str) -> None:
    assert _bases(line) == [base]


# -- A4. a merge list after a full-width colon ---------------------------------------------------------------------
CN_MERGE = f"基于以下模型合并：`{LLAMA2}` 和 `{MISTRAL}`"


def test_reproducer_chinese_merge_gives_both_parts(tmp_path: Path) -> None:
    assert _bases(CN_MERGE) == []
    assert _kind(CN_MERGE, "merge-part") == [LLAMA2, MISTRAL]
    result = _audit(tmp_path, CN_MERGE)
    assert direct_bases(result) == {LLAMA2: "merge", MISTRAL: "merge"}
    assert "LIN001" in _rules(result)


def test_chinese_merge_near_misses() -> None:
    assert _kind(f"合并自 `{LLAMA2}` 和 `{MISTRAL}`。", "merge-part") == [LLAMA2, MISTRAL]
    assert _kind(f"以下模型用于对比：`{LLAMA2}` 和 `{MISTRAL}`", "merge-part") == []  # a comparison, no merge
    assert _bases(f"基于 `{MISTRAL}` 微调：我们使用了 `{LLAMA2}` 打分") == [MISTRAL]


# -- A5. a Chinese comma, folded or not --------------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    f"本模型基于 Llama 架构，评测时与 `{LLAMA2}` 对比。",
    f"本模型基于 Llama，评测时与 `{LLAMA2}` 一起使用。",
    f"本模型基于 Llama, 我们与 `{LLAMA2}` 一起使用。",
    f"本模型基于 Llama：`{LLAMA2}` 是参考。",
])
def test_a_clause_mark_after_a_chinese_phrase_ends_it(line: str) -> None:
    assert _bases(line) == []
    assert _base_stated(line, 1) is None


def test_reproducer_chinese_comma(tmp_path: Path) -> None:
    assert direct_bases(_audit(tmp_path, f"本模型基于 Llama 架构，评测时与 `{LLAMA2}` 对比。")) == {}


def test_folded_reading_ends_the_clause_where_the_raw_one_does() -> None:
    hidden = "meta-llama/Lla\u200bma-2-7b-hf"  # a zero-width space: only the folded reading names the id
    line = f"本模型基于 `{hidden}` 训练。"
    assert _base_named(line, 1) is None
    found = _base_stated(line, 1)
    assert found is not None and found.as_written == "meta-llama/Lla<U+200B>ma-2-7b-hf"  # fail closed, as written
    for stop in ("，", "；", "："):
        assert _base_stated(f"本模型基于 Llama{stop}评测时与 `{hidden}` 一起使用。", 1) is None


def test_an_english_comma_is_no_stop_after_an_english_phrase() -> None:
    assert _bases(f"Fine-tuned from Llama 2 7B, {LINK2}.") == [LLAMA2]


# -- A6. a data license tied to one corpus, plainly ---------------------------------------------------------------
DL = ("Trained on the corpora [acme/data-a](https://huggingface.co/datasets/acme/data-a) and [acme/data-b]"
      "(https://huggingface.co/datasets/acme/data-b), released under CC-BY-SA 4.0 and Apache 2.0 respectively.")


@pytest.mark.parametrize("line", [
    DL,
    "Trained on [a](https://huggingface.co/datasets/o/a) and [b](https://huggingface.co/datasets/o/b), released "
    "under CC-BY-4.0.",
    "The model was fine-tuned on the Alpaca dataset and is released under Apache 2.0.",
    "Trained on the Pile dataset. Released under Apache 2.0.",
    "The training data is not released under an open license; see the model card (MIT) for the weights.",
    "All datasets used are released under their original licenses; the model code is MIT.",
    "The dataset is released under CC BY 4.0 and CC BY-SA 4.0 for its two parts.",
    "The corpus was never distributed under CC BY 4.0.",
])
def test_no_data_license_when_the_tie_is_unclear(line: str) -> None:
    assert data_license_statements(line) == []


@pytest.mark.parametrize("line, name", [
    ("The dataset is released under CC BY 4.0.", "CC BY 4.0"),
    ("Fine-tuned on the [OpenOrca dataset](https://huggingface.co/datasets/Open-Orca/OpenOrca), released under "
     "the MIT license.", "MIT"),
    ("on a [~15K record instruction corpus](https://github.com/acme/data) generated by Acme employees and released "
     "under a permissive license (CC-BY-SA)", "CC-BY-SA"),
    ("The training datasets are licensed under CC-BY-SA 4.0; the model is Apache 2.0.", "CC-BY-SA 4.0"),
])
def test_a_plain_data_license_is_still_read(line: str, name: str) -> None:
    assert [found[0] for found in data_license_statements(line)] == [name]


def test_reproducer_question_25_ties_no_license_to_the_wrong_corpus(tmp_path: Path) -> None:
    where = tmp_path / "dl"
    where.mkdir()
    (where / "README.md").write_text("---\nlicense: apache-2.0\ndatasets:\n- acme/data-a\n- acme/data-b\n---\n# dl\n\n"
                                     + DL + "\n", encoding="utf-8")
    run = audit([parse_ref(str(where), as_id="acme/dl")], policy=POLICY, offline=True, allow_incomplete=True)
    assert run.results[0].facts["card"]["data_license_stated"] == []
    said = answer_of(run, run.results[0].model, "data_licenses")
    assert "CC-BY-SA" not in said.answer and "Apache 2.0" not in said.answer
    assert said.status == "partial"


# -- A10. other models' data, empty data, hardware, comments ------------------------------------------------------
@pytest.mark.parametrize("line", [
    "We score responses with a reward model trained on the HH-RLHF preference data.",
    "Our model outperforms a baseline model trained on 1T tokens of web data.",
    "The teacher LLM trained on 15T tokens produced the labels.",
    "The tokenizer model trained on Wikipedia text is reused.",
    "This is a static model trained on an offline dataset.",
    "It was trained on some data.",
])
def test_no_training_data_sentence_for_another_model_or_no_data(line: str) -> None:
    assert _trained_on(line, 1) is None


@pytest.mark.parametrize("line, what", [
    ("Acme is a decoder-only language model pretrained on a large amount of data.", "a large amount of data"),
    ("Our model trained on 2T tokens of web text outperforms the rest.", "2T tokens of web text outperforms the rest"),
    ("This is a static model trained on an offline dataset of 15T tokens.", "an offline dataset of 15T tokens"),
    ("Built by Acme and pre-trained on 2T tokens of web text.", "2T tokens of web text"),
])
def test_this_models_training_data_sentence_is_still_read(line: str, what: str) -> None:
    found = _trained_on(line, 1)
    assert found is not None and found.as_written == what


@pytest.mark.parametrize("line", [
    "Kernels are optimized for GPUs built on the NVIDIA Hopper architecture.",
    "Inference runs on devices built on the ARM architecture.",
    "The serving stack is built on the x86-64 architecture.",
    "Based on the decoder-only Transformer architecture with rotary embeddings.",
    "It is based on the Transformer decoder architecture.",
    "The model is based on the Mixture-of-Experts architecture.",
    "The model is based on a U-Net architecture.",
    "Our tokenizer is based on the GPT-2 architecture.",
])
def test_hardware_and_generic_designs_are_no_architecture(line: str) -> None:
    assert architecture_statement(line) is None


@pytest.mark.parametrize("line, name", [
    ("This model is based on the Llama 2 architecture.", "Llama 2"),
    ("Our model is based on the BERT-base architecture but trained from scratch.", "BERT-base"),
    ("It is built on the NeoX transformer architecture.", "NeoX transformer"),
    ("Based on the Mixtral MoE architecture.", "Mixtral MoE"),
])
def test_a_named_design_is_still_read(line: str, name: str) -> None:
    found = architecture_statement(line)
    assert found is not None and found[0] == name


HIDDEN = [
    "<!-- Based on the Llama 2 architecture. -->",
    "<!-- The training data is released under CC-BY-NC-4.0 -->",
    "<!--\nThe training data is released under CC-BY-NC-4.0.\nBased on the Llama 2 architecture.\n-->",
    "```\nThe training data is released under CC-BY-NC-4.0.\nBased on the Llama 2 architecture.\n```",
]


@pytest.mark.parametrize("text", HIDDEN)
def test_whole_prose_readers_skip_comments_and_code(text: str) -> None:
    assert _kind(text, "architecture-stated") == [] and _kind(text, "data-license-stated") == []
    assert architecture_statement(text) is None and data_license_statements(text) == []


def test_prose_after_a_comment_is_read_at_its_line() -> None:
    text = "<!-- hidden\n-->\n<!-- x --> The training data is released under CC-BY-NC-4.0.\nBased on the Llama 2 " \
           "architecture."
    assert [(st.as_written, st.line) for st in card_statements(text) if st.kind == "data-license-stated"] == [
        ("CC-BY-NC-4.0", 3)]
    assert [(st.as_written, st.line) for st in card_statements(text) if st.kind == "architecture-stated"] == [
        ("Llama 2", 4)]


def test_one_prose_filter_for_every_reader() -> None:
    text = "a\n```\ncode\n```\n<!-- c -->b\n<!-- open\nstill\n--> c"
    assert prose_lines(text) == ["a", "", "", "", "b", "", "", " c"]
    walker = ProseFilter()
    assert [walker.step(line) for line in text.split("\n")][:4] == [("a", False), ("", True), ("", True), ("", True)]


# --- a folder audited without a name ---------------------------------------------------------------------------------


_NAMED_ITEM = ("---\nlicense: apache-2.0\n---\n# card\n\n- **Acme-7B-Chat** is a fine-tuned version of "
               "[meta-llama/Llama-2-7b-hf](https://huggingface.co/meta-llama/Llama-2-7b-hf).\n")


def test_a_folder_audited_without_a_name_keeps_every_named_item_and_fails_closed(tmp_path: Path) -> None:
    """A local folder without `--as` is called by its folder's name ("m" here), which cannot say whether the item is
    its own: the base is kept, so a relicensed Llama 2 derivative fails instead of passing."""
    where = tmp_path / "m"
    where.mkdir()
    (where / "README.md").write_text(_NAMED_ITEM, encoding="utf-8")
    result = audit([parse_ref(str(where))], policy="examples/policy.yaml", offline=True,
                   allow_incomplete=True).results[0]
    assert "meta-llama/Llama-2-7b-hf" in direct_bases(result)
    assert result.verdict == "fail"


def test_near_miss_a_named_folder_keeps_only_its_own_item(tmp_path: Path) -> None:
    assert "meta-llama/Llama-2-7b-hf" in direct_bases(audit_card(tmp_path / "own", _NAMED_ITEM, "acme/Acme-7B-Chat"))
    assert direct_bases(audit_card(tmp_path / "sibling", _NAMED_ITEM, "acme/Acme-7B-Base")) == {}


def test_own_statements_with_no_name_keeps_items_about_any_model() -> None:
    item = {"kind": "base-stated", "as_written": "org/x", "line": 3, "roles": ["subject:Other-7B"]}
    plain = {"kind": "base-stated", "as_written": "org/y", "line": 4, "roles": []}
    assert own_statements([item, plain], None) == [item, plain]
    assert own_statements([item, plain], "acme/Mine-7B") == [plain]
