"""Merges whose ingredients only the card's prose names (auditor/card_merge.py, auditor/lineage/merged.py; issue 19).

A merge that never fills `base_model` and ships no mergekit configuration names its parts in sentences or in
mergekit's own card template; it used to get no lineage (or only the first id), and question 24 then answered "none"
as if answered. Shapes read, each from a real card (origins below; ids and short facts only):

- goliath-120b (corpus card alpindale__goliath-120b.md): "The models used in the merge are [Xwin](url) and
  [Euryale](url)"; its quantizations listed above ("[GGUF](https://huggingface.co/TheBloke/goliath-120b-GGUF)") and
  "combining 2x finetuned [Llama-2 70B](url)" (the parts' own base) are no parts;
- SG Raccoon 55B (find_string id 19539880038): the same sentence with a link whose target is a bare `owner/name`;
- mergekit's card template (arcee-ai/mergekit mergekit/card.py): "### Models Merged" / "The following models were
  included in the merge:" with `* [id](url)` items, bare ids (corpus card Ttimofeyka__MistralRP-Noromaid-NSFW-
  Mistral-7B-GGUF.md, an older mergekit) or local paths, and "merged using the [TIES](paper) merge method using
  [X](url) as a base";
- LazyMergekit (find_string id 60782788002): "This model is a merge of the following models made with mergekit:";
  mergekit-moe (corpus cards mlabonne__Beyonder-4x7B-v2.md, cognitivecomputations__laserxtral.md): "It uses the
  following base models:";
- bare ids in a sentence (find_string id 19152245126): "This model is a merge of org/a, org/b, org/c and org/d."
Near misses: a comparison, a release, a judge, a tokenizer, a merge method's paper, the merge's own quantizations, a
list of merges that inspired it (corpus card mlabonne__Meta-Llama-3-120B-Instruct.md), "and/or".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.card import card_statements
from auditor.formats.questions import answers
from auditor.lineage.merged import own_version
from tests.reviewdata import audit_cards

HF = "https://huggingface.co"


def _parts(text: str) -> list[tuple[str, int]]:
    return [(st.as_written, st.line) for st in card_statements(text) if st.kind == "merge-part"]


def _declared(text: str) -> list[int]:
    return [st.line for st in card_statements(text) if st.kind == "merge-declared"]


# -- the reader ------------------------------------------------------------------------------------------------------

def test_sentence_names_every_part_with_its_line() -> None:
    card = (f"# Big 120B\n\nCreated by combining 2x finetuned [Llama-2 70B]({HF}/meta-llama/llama-2-70b-hf) into "
            "one.\n\n"
            f"- [GGUF]({HF}/TheBloke/big-120b-GGUF) (llama.cpp)\n\n# Merge process\n\n"
            f"The models used in the merge are [Xwin]({HF}/Xwin-LM/Xwin-LM-70B-V0.1) and "
            f"[Euryale]({HF}/Sao10K/Euryale-1.3-L2-70B).\n")
    assert _parts(card) == [("Xwin-LM/Xwin-LM-70B-V0.1", 9), ("Sao10K/Euryale-1.3-L2-70B", 9)]
    assert _declared(card) == [9]


@pytest.mark.parametrize("line, expected", [
    (f"This is a merge of [A]({HF}/a1/A-7B) and [B]({HF}/b1/B-7B).", ["a1/A-7B", "b1/B-7B"]),
    ("It was merged from `a1/A-7B`, `b1/B-7B` and `c1/C-7B`.", ["a1/A-7B", "b1/B-7B", "c1/C-7B"]),
    ("This model is a merge of ehartford/dolphin-2.1-mistral-7b, Open-Orca/Mistral-7B-OpenOrca and "
     "ehartford/samantha-1.2-mistral-7b.",
     ["ehartford/dolphin-2.1-mistral-7b", "Open-Orca/Mistral-7B-OpenOrca", "ehartford/samantha-1.2-mistral-7b"]),
    (f"The models used in the merge are [Tess]({HF}/migtissera/Tess-M-v1.3/) and [airo](bhenrym14/airoboros-34b).",
     ["migtissera/Tess-M-v1.3", "bhenrym14/airoboros-34b"]),
    (f"A frankenmerge created by interleaving layers of [miqu]({HF}/152334H/miqu-1-70b-sf) with "
     f"[lzlv]({HF}/lizpreciatior/lzlv_70b_fp16_hf) using [mergekit](https://github.com/cg123/mergekit).",
     ["152334H/miqu-1-70b-sf", "lizpreciatior/lzlv_70b_fp16_hf"]),
    (f"This model was merged using the [TIES](https://arxiv.org/abs/2306.01708) merge method using "
     f"[base/Base-12B]({HF}/base/Base-12B) as a base.", ["base/Base-12B"]),
    # a self-frankenmerge of one model (find_string id 19445357371)
    (f"This is a frankenmerge of [Mihaiii/Pallas-0.5]({HF}/Mihaiii/Pallas-0.5) .", ["Mihaiii/Pallas-0.5"]),
    (f"This model was merged using the [DARE](https://arxiv.org/abs/2311.03099) merge method using "
     f"[base/Base-8B]({HF}/base/Base-8B) + [lo/ra-8B]({HF}/lo/ra-8B) as a base.", ["base/Base-8B", "lo/ra-8B"]),
    ("This model was merged using the linear merge method using /data/models/base-7b as a base.",
     ["/data/models/base-7b"]),
])
def test_sentence_shapes(line: str, expected: list[str]) -> None:
    assert [p for p, _ in _parts(f"# M\n\n{line}\n")] == expected


@pytest.mark.parametrize("card, expected", [
    # mergekit's template, links and a model with a LoRA applied
    (f"## Merge Details\n### Models Merged\n\nThe following models were included in the merge:\n"
     f"* [a1/A-7B]({HF}/a1/A-7B)\n* [b1/B-7B]({HF}/b1/B-7B) + [l1/lora-7B]({HF}/l1/lora-7B)\n\n### Configuration\n\n"
     f"* [not/A-Part]({HF}/not/A-Part)\n", ["a1/A-7B", "b1/B-7B", "l1/lora-7B"]),
    # an older mergekit wrote Hub ids bare and local folders as paths
    ("### Models Merged\n\nThe following models were included in the merge:\n* Undi95/Mistral-RP-0.1-7B\n"
     "* D:/Uni/Masterarbeit Code/models/remerge_2\n* output/stage1/model\n",
     ["Undi95/Mistral-RP-0.1-7B", "D:/Uni/Masterarbeit Code/models/remerge_2", "output/stage1/model"]),
    # LazyMergekit, and mergekit-moe's "following base models"
    (f"This model is a merge of the following models made with [mergekit](https://github.com/cg123/mergekit):\n"
     f" * [q1/quantum-v0.01]({HF}/q1/quantum-v0.01)\n * [m1/mistral-7b-dpo-v5]({HF}/m1/mistral-7b-dpo-v5)\n\n"
     f"## Configuration\n", ["q1/quantum-v0.01", "m1/mistral-7b-dpo-v5"]),
    (f"This model is a Mixture of Experts (MoE) made with [mergekit](https://github.com/cg123/mergekit). It uses the "
     f"following base models:\n * [o1/openchat-3.5]({HF}/o1/openchat-3.5)\n * [w1/Math-7B (base)]({HF}/w1/Math-7B)\n\n"
     f"Other text.\n * [x1/After-List]({HF}/x1/After-List)\n", ["o1/openchat-3.5", "w1/Math-7B"]),
])
def test_list_shapes(card: str, expected: list[str]) -> None:
    assert [p for p, _ in _parts(card)] == expected


@pytest.mark.parametrize("card", [
    # a comparison, a release, a judge, a tokenizer in the same sentence: the list stops there
    f"This is a merge of [a1/A-7B]({HF}/a1/A-7B), compared with [c1/C-7B]({HF}/c1/C-7B).",
    f"This is a merge of [a1/A-7B]({HF}/a1/A-7B), evaluated with [j1/Judge-70B]({HF}/j1/Judge-70B) as judge.",
    f"This is a merge of [a1/A-7B]({HF}/a1/A-7B) with the tokenizer of [t1/Tok-7B]({HF}/t1/Tok-7B).",
    f"This is a merge of [a1/A-7B]({HF}/a1/A-7B). We also release [r1/Other-7B]({HF}/r1/Other-7B).",
    # the merge's own quantizations linked in the sentence or a list
    f"This is a merge of [a1/A-7B]({HF}/a1/A-7B) and its [GGUF]({HF}/me/Merge-7B-GGUF).",
    f"Quantized versions of this merge:\n- [GGUF]({HF}/me/Merge-7B-GGUF)\n- [EXL2]({HF}/me/Merge-7B-exl2)\n",
])
def test_near_misses_in_a_sentence_stop_the_list(card: str) -> None:
    assert [p for p, _ in _parts(card)] in ([], ["a1/A-7B"])


@pytest.mark.parametrize("card", [
    f"It was inspired by large merges like:\n\n- [a1/goliath-120b]({HF}/a1/goliath-120b)\n"
    f"- [b1/Venus-120b]({HF}/b1/Venus-120b)\n",
    "This model was merged using the [TIES](https://huggingface.co/papers/2306.01708) merge method.",
    "This model is a merge of the following pre-trained and/or finetuned LLMs, created using mergekit.",
    f"We compared the merged models with [c1/Baseline-7B]({HF}/c1/Baseline-7B).",
    # an earlier model the merged ones descend from (find_string id 19164041003), not an ingredient
    f"This model is a frankenmerge of two custom 70b merges I made that were inspired by or descended from my "
    f"[xwin-70b-v2 model]({HF}/sophosympatheia/xwin-stellarbright-erp-70b-v2).",
    "This model is a frankenmerge of Aurora-Nights-70B-v1.0 with itself.",  # no id (find_string id 19364098542)
    f"Fine-tuned from [b1/Base-7B]({HF}/b1/Base-7B); see the merge request template for details.",
    f"- [a1/A-7B]({HF}/a1/A-7B)\n- [b1/B-7B]({HF}/b1/B-7B)\n",  # a list no merge line opens
])
def test_no_part(card: str) -> None:
    assert _parts(card) == []


def test_own_versions_are_not_parts() -> None:
    assert own_version("alpindale/goliath-120b", "TheBloke/goliath-120b-GGUF")
    assert own_version("alpindale/goliath-120b", "Panchovix/goliath-120b-exl2")
    assert own_version("me/Merge-7B", "me/Merge-7B")
    assert not own_version("me/Merge-7B", "other/Merge-7B-Instruct")
    assert not own_version("me/Merge", "a1/Merged-Base")


def test_declared_in_prose_or_not() -> None:
    assert _declared("This is a merge of pre-trained language models created using mergekit.") == [1]
    assert _declared("# X\n\n## Merged models\n") == [3]
    assert _declared("The LoRA adapter was merged into the base weights before quantization.") == []
    assert _declared("There is no point in those merges anyway.") == []


# -- lineage, facts and the review -----------------------------------------------------------------------------------

def _line(model_id: str, card: dict[str, Any]) -> dict[str, Any]:
    return {"id": model_id, "sha": "b" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
            "tags": [], "siblings": [{"rfilename": f} for f in ("README.md", "config.json", "model.safetensors")],
            "cardData": card, "_auditor": {"origin": "hand-written test fixture (ids made up under pm/)"}}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("merge-prose")
    catalog = folder / "parts.jsonl"
    lines = [_line("pm/Part-A-7B", {"license": "apache-2.0", "datasets": ["pmdata/chat-set"]}),
             _line("pm/Part-B-7B", {"license": "apache-2.0"}),
             _line("pm/Original-7B", {"license": "apache-2.0"}),
             {"id": "pmdata/chat-set", "cardData": {"license": ["cc-by-4.0"]},
              "_auditor": {"kind": "dataset", "origin": "hand-written test fixture"}}]
    catalog.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    cards = {
        "sentence": ("---\nlicense: apache-2.0\ntags:\n- merge\n---\n# Sentence\n\n"
                     f"- [GGUF]({HF}/q/sentence-GGUF)\n\nThe models used in the merge are [A]({HF}/pm/Part-A-7B) and "
                     f"[B]({HF}/pm/Part-B-7B).\n"),
        "declared-only": ("---\nlicense: apache-2.0\ntags:\n- merge\n---\n# Declared\n\nThis is a merge of "
                          "pre-trained language models created using mergekit.\n"),
        "front-matter": ("---\nlicense: apache-2.0\nbase_model: pm/Original-7B\n---\n# Front\n\n"
                         f"This is a merge of [A]({HF}/pm/Part-A-7B) and [B]({HF}/pm/Part-B-7B).\n"),
        "gguf-of-merge": ("---\nlicense: apache-2.0\n---\n# GGUF\n\nThis is a GGUF quantization of "
                          f"[Original]({HF}/pm/Original-7B).\n\nIts original is a merge of [A]({HF}/pm/Part-A-7B) and "
                          f"[B]({HF}/pm/Part-B-7B).\n"),
        "unread-parts": ("---\nlicense: apache-2.0\n---\n# Unread\n\n### Models Merged\n\nThe following models were "
                         "included in the merge:\n* pm-unknown/Gone-7B\n* pm-unknown/Lost-7B\n"),
    }
    return audit_cards(folder, cards, catalogs=[catalog])


def _result(run: Any, name: str) -> Any:
    return next(r for r in run.results if r.model.endswith(name))


def _bases(result: Any) -> dict[str, dict[str, Any]]:
    lineage = result.facts["lineage"]
    return {str(a["id"]): a for a in lineage["ancestors"] if a.get("distance") == 1}


def _answer(result: Any, key: str) -> Any:
    return next(a for a in answers(result.facts) if a.key == key)


def test_prose_parts_become_merge_edges(run: Any) -> None:
    result = _result(run, "sentence")
    bases = _bases(result)
    assert set(bases) == {"pm/Part-A-7B", "pm/Part-B-7B"}  # not the GGUF linked above the sentence
    assert {a["relation"] for a in bases.values()} == {"merge"}
    edges = [e for e in result.lineage.graph.edges(data=True) if e[1] == "pm/Part-A-7B"]
    assert edges and edges[0][2]["evidence"][0]["location"] == "README.md#L10"
    merge = result.facts["card"]["merge"]
    assert merge["declared"] == "tag 'merge'"
    assert [p["id"] for p in merge["parts"]] == ["pm/Part-A-7B", "pm/Part-B-7B"]


def test_front_matter_and_a_prose_base_win_over_prose_parts(run: Any) -> None:
    assert set(_bases(_result(run, "front-matter"))) == {"pm/Original-7B"}
    assert set(_bases(_result(run, "gguf-of-merge"))) == {"pm/Original-7B"}


def test_training_data_of_a_merge_is_its_parts(run: Any) -> None:
    data = _answer(_result(run, "sentence"), "data")
    assert not data.answer.startswith("none:")
    assert "pmdata/chat-set" in data.answer  # declared by a part, said as the part's
    declared_only = _answer(_result(run, "declared-only"), "data")
    assert declared_only.status == "partial" and declared_only.answer.startswith("none of its own:")
    assert "merge" in declared_only.answer and "names none of the models merged" in declared_only.answer
    unread = _answer(_result(run, "unread-parts"), "data")
    assert unread.status == "partial" and "pm-unknown/Gone-7B" in unread.answer
    assert _answer(_result(run, "unread-parts"), "data_licenses").status == "partial"


# -- real cards through the embedded catalog ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalog_run() -> Any:
    from auditor.pipeline import audit  # lazy: as the other catalog tests

    return audit(["alpindale/goliath-120b", "Ttimofeyka/MistralRP-Noromaid-NSFW-Mistral-7B-GGUF",
                  "cognitivecomputations/laserxtral"], policy="examples/policy.yaml", offline=True,
                 allow_incomplete=True)


def test_real_merge_cards(catalog_run: Any) -> None:
    goliath = next(r for r in catalog_run.results if r.model == "alpindale/goliath-120b")
    assert set(_bases(goliath)) == {"Xwin-LM/Xwin-LM-70B-V0.1", "Sao10K/Euryale-1.3-L2-70B"}
    assert not _answer(goliath, "data").answer.startswith("none:")
    assert _answer(goliath, "data").status == "partial"  # the parts are not in the catalog: their data is unknown
    noromaid = next(r for r in catalog_run.results if r.model.startswith("Ttimofeyka/"))
    assert set(_bases(noromaid)) == {"Undi95/Mistral-RP-0.1-7B",
                                     "MaziyarPanahi/NSFW_DPO_Noromaid-7b-Mistral-7B-Instruct-v0.1"}


def test_corpus_cards(corpus: Path) -> None:
    cards = corpus / "cards"
    goliath = _parts((cards / "alpindale__goliath-120b.md").read_text(encoding="utf-8"))
    assert [p for p, _ in goliath] == ["Xwin-LM/Xwin-LM-70B-V0.1", "Sao10K/Euryale-1.3-L2-70B"]
    inspired = _parts((cards / "mlabonne__Meta-Llama-3-120B-Instruct.md").read_text(encoding="utf-8"))
    assert inspired == []  # "inspired by large merges like:" lists other merges, no parts
    moe = _parts((cards / "cognitivecomputations__laserxtral.md").read_text(encoding="utf-8"))
    assert "mlabonne/Marcoro14-7B-slerp" in [p for p, _ in moe] and len(moe) == 5
