"""Lineage pass 9: 31 more real cards (bench/lineage_pass9_cards.md), 30/31 right before, 31/31 after.

The cards aim at shapes passes 7 and 8 did not cover: diffusers DreamBooth / AutoTrain SDXL LoRAs (some written with
a blank line before `---`), a ControlNet, Unsloth uploads on `unsloth/*-bnb-4bit` bases, Trainer cards for Whisper,
ViT and DETR (some naming the base in prose only), sentence-transformers and SetFit cards, TRL/DPO cards with TRL's
`licence: license` placeholder, a PEFT card whose base_model is a local ModelScope cache path, and declared
`base_model_relation: quantized` cards, a Fluxgym FLUX.1-dev LoRA. One class was wrong, with the open case the brief
named, and one finding (no verdict) was:

- a distiller's line names its teacher: "a distilled variant of [Whisper large-v2](https://huggingface.co/openai/
  whisper-large-v2)" (distil-whisper's cards) named no base at all ("variant of" was not a phrase), and the line
  pass 8 did read ("a distilled version of [RoBERTa-base](...)") gave the edge the relation finetune. The prose's
  distiller's phrase now gives the statement the role "distillation" and the edge that relation, when nothing else
  says how the model was made (a GGUF file, quantized_by, an adapter or a declared relation still win);
- a datasets-library loader's name as the dataset (`datasets: [imagefolder]`, the Trainer's record of
  `load_dataset("imagefolder", data_dir=...)`) read as an owner-less Hub dataset the catalog lacks: it is local files,
  and LIN009 says so, as it does for a local path.

Near misses: a bare "variant of" or "version of", a distilled line with no link, a fine-tune's line, a front-matter
base next to a distiller's line; an owned id or a longer name that contains a loader's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.card import parse_card

POLICY = "examples/policy.yaml"
TEACHER = "openai/whisper-large-v2"
DISTILLED_LINE = f"This is distil-large-v2, a distilled variant of [Whisper large-v2](https://huggingface.co/{TEACHER}).\n"


def _card(front: str, body: str = "# Model\n") -> str:
    return f"---\n{front}---\n{body}"


def _statements(body: str) -> list[tuple[str, tuple[str, ...]]]:
    card = parse_card(_card("license: mit\n", body))
    return [(st.as_written, st.roles) for st in card.statements if st.kind == "base-stated"]


def _audit(tmp_path: Path, card: str, files: dict[str, str] | None = None) -> Any:
    from auditor import pipeline
    from auditor.model import parse_ref

    where = tmp_path / "m"
    where.mkdir()
    (where / "README.md").write_text(card, encoding="utf-8")
    for name, text in (files or {}).items():
        (where / name).write_text(text, encoding="utf-8")
    ref = parse_ref(str(where), as_id="acme/student")
    return pipeline.audit([ref], policy=POLICY, offline=True, allow_incomplete=True).results[0]


def _direct(result: Any) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in result.facts["lineage"]["ancestors"] if a["distance"] == 1}


@pytest.mark.parametrize("line", [
    DISTILLED_LINE,
    f"It is a distilled version of [Whisper large-v2](https://huggingface.co/{TEACHER}).\n",
    f"This student was distilled from [the teacher](https://huggingface.co/{TEACHER}) on LibriSpeech.\n",
    f"A distillation of [Whisper](https://huggingface.co/{TEACHER}) for English.\n",
])
def test_a_distillers_line_names_the_teacher_with_the_distillation_role(line: str) -> None:
    assert _statements(line) == [(TEACHER, ("distillation",))]


@pytest.mark.parametrize(("line", "roles"), [
    # the fine-tuned-from phrase carries its own role since lineage pass 22 (held against base_model, prose_check.py)
    (f"This model is a fine-tuned version of [x](https://huggingface.co/{TEACHER}) on Common Voice.\n",
     ("finetuned-version",)),
    # a quantizer's phrase carries its own role since lineage pass 16 (the relation of a prose-only base)
    (f"Static quants of https://huggingface.co/{TEACHER}\n", ("quantized",)),
])
def test_other_makers_lines_carry_no_distillation_role(line: str, roles: tuple[str, ...]) -> None:
    assert _statements(line) == [(TEACHER, roles)]


@pytest.mark.parametrize("line", [
    # no link: a family named in words, not a repository
    "It is a distilled version of the Whisper model that is 6 times faster and 49% smaller.\n",
    # a bare "variant of" / "version of" is not a maker's phrase: an updated variant may be a new model
    f"An updated variant of [Whisper large-v2](https://huggingface.co/{TEACHER}) is recommended instead.\n",
    f"This is a newer version of [Whisper large-v2](https://huggingface.co/{TEACHER}).\n",
    # a comparison in the same clause
    f"Unlike models distilled from [Whisper](https://huggingface.co/{TEACHER}), ours is trained from scratch.\n",
])
def test_lines_that_name_no_teacher_are_not_read_as_one(line: str) -> None:
    assert _statements(line) == []


def test_a_prose_only_distilled_variant_gets_a_distillation_edge(tmp_path: Path) -> None:
    """distil-whisper/distil-large-v2 (find_string id 47465222739): no base_model; the prose names the teacher."""
    result = _audit(tmp_path, _card("license: mit\nlibrary_name: transformers\n", "# Distil\n\n" + DISTILLED_LINE))
    edge = _direct(result)[TEACHER]
    assert edge["relation"] == "distillation", edge
    assert edge["inferred"] is True


def test_a_prose_only_fine_tune_keeps_the_finetune_relation(tmp_path: Path) -> None:
    line = f"This model is a fine-tuned version of [x](https://huggingface.co/{TEACHER}) on Common Voice.\n"
    result = _audit(tmp_path, _card("license: mit\n", "# M\n\n" + line))
    assert _direct(result)[TEACHER]["relation"] == "finetune"


def test_a_gguf_file_still_says_quantized_though_the_prose_says_distilled(tmp_path: Path) -> None:
    """A stronger signal (the weights themselves) decides the relation; the prose only names the base."""
    result = _audit(tmp_path, _card("license: mit\n", "# M\n\n" + DISTILLED_LINE), {"model-Q4_K_M.gguf": ""})
    assert _direct(result)[TEACHER]["relation"] == "quantized"


def test_a_declared_relation_still_wins_over_a_distillers_line(tmp_path: Path) -> None:
    result = _audit(tmp_path, _card("license: mit\nbase_model_relation: finetune\n", "# M\n\n" + DISTILLED_LINE))
    assert _direct(result)[TEACHER]["relation"] == "finetune"


def test_a_front_matter_base_is_followed_and_the_distillers_line_adds_nothing(tmp_path: Path) -> None:
    result = _audit(tmp_path, _card("license: mit\nbase_model: acme/other-base\n", "# M\n\n" + DISTILLED_LINE))
    direct = _direct(result)
    assert set(direct) == {"acme/other-base"}
    assert direct["acme/other-base"]["relation"] == "finetune"


def test_an_unreadable_teacher_still_fails_closed(tmp_path: Path) -> None:
    """A distillation edge to a teacher the catalog does not hold leaves the terms unknown: no pass."""
    line = "This is a distilled variant of [Teacher](https://huggingface.co/acme/unknown-teacher-xyz).\n"
    result = _audit(tmp_path, _card("license: mit\n", "# M\n\n" + line))
    assert _direct(result)["acme/unknown-teacher-xyz"]["relation"] == "distillation"
    assert result.verdict == "fail"


# -- 2. a datasets-library loader's name is local files, not a Hub dataset ------------------------------------------

def _dataset_result(tmp_path: Path, dataset: str) -> Any:
    front = f"license: apache-2.0\nbase_model: acme/base\ndatasets:\n- {dataset}\n"
    return _audit(tmp_path, _card(front))


@pytest.mark.parametrize("dataset", ["imagefolder", "ImageFolder", "audiofolder", "csv", "json"])
def test_a_loaders_name_as_dataset_says_local_files(tmp_path: Path, dataset: str) -> None:
    """ViT / Whisper Trainer cards (Mattz-CE/NYU-DL-2024-FP outputs/train_vit_base/README.md): `datasets:
    [imagefolder]` is what the Trainer writes for `load_dataset("imagefolder", data_dir=...)`: local files whose terms
    are unknown, as a local path's are (LIN009), not a Hub dataset the catalog merely lacks."""
    result = _dataset_result(tmp_path, dataset)
    messages = [f.message for f in result.findings if f.rule == "LIN009"]
    assert any(f"dataset {dataset!r} is the datasets library's loader for local files" in m for m in messages), messages
    codes = {p["code"] for p in result.facts["lineage"]["problems"] if dataset in p["message"]}
    assert codes == {"lineage-dataset-local-path"}, result.facts["lineage"]["problems"]


@pytest.mark.parametrize("dataset", ["acme/imagefolder", "imagefolder-cats", "common_voice_11_0"])
def test_names_that_only_resemble_a_loader_stay_dataset_ids(tmp_path: Path, dataset: str) -> None:
    result = _dataset_result(tmp_path, dataset)
    assert not any("loader for local files" in f.message for f in result.findings)
