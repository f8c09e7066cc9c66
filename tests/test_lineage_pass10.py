"""Lineage pass 10: 50 more real cards (bench/lineage_pass10_cards.md), 43/50 right before, 50/50 after.

The cards aim at shapes passes 7-9 did not cover: base_model lists with a declared relation, axolotl-generated cards
(local-path bases, the config block), mergekit model_stock / dare_ties / multi-stage SLERP / passthrough cards,
`model+lora` entries, GitHub READMEs that paste a card below prose, PEFT cards on owner-less legacy ids, TheBloke /
bartowski quantizations of finetunes, FLUX.1-dev LoRAs under other licenses, adapter_config.json beside Unsloth
templates, diffusion finetunes. Wrong before, each a class:

- a mergekit config block fenced as "```.yaml:" was not read (only "```", "```yaml", "```yml"), so a merge whose card
  has no base_model named no base; and a merge made in stages (one block per stage) was read from its first block
  only. Every block is read now; a later stage adds only the Hub ids it names (its `previous/model/path` or
  `/intermediate/model/A` is the earlier stage's result, no ingredient), and a result the card names on the line
  before a block ("The Orca2flat model uses the following mergekit yaml") is that result in any stage;
- a merge card whose front matter lists the Hub ids and whose config names the same models by local folders
  (`C:\\Users\\me\\models\\HMS-Fusion-12B-Lorablated`) got six bases, three of them unresolvable paths: a local
  folder named after a base the card names is that base;
- axolotl's config block (a card with no base_model whose "Settings:" block holds `base_model:`) named no base, so
  the model passed as an original: its `base_model` is the base now ("base-configured");
- "#### Base model:" with the id alone on the next line named no base;
- the diffusers scripts' line ("These are controlnet weights trained on org/name ...") named no base.

Classes fixed beyond the bench (the brief's shapes the crawl found no card of; fail closed): a base_model naming a
dataset (`datasets/org/x`, a `huggingface.co/datasets/...` link) was read as the model `org/x`; an id pinned to a
revision (`org/x@<sha>`) was an invalid id; a schemeless Hub address (`hf.co/org/x`) was an invalid id; a base_model
key spelled otherwise (`Base_Model`, `base-model`) was ignored, so the model had no base at all; a blank base_model
value was not said.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.card import base_model_key, card_base_models, parse_card
from auditor.lineage.bases import classify_id
from auditor.sources.mergekit import LATER_STAGES, PRODUCTS, mergekit_config_from_card

POLICY = "examples/policy.yaml"


def _audit(tmp_path: Path, card: str, files: dict[str, str] | None = None, as_id: str = "acme/derived") -> Any:
    from auditor import pipeline
    from auditor.model import parse_ref

    where = tmp_path / "m"
    where.mkdir(parents=True)
    (where / "README.md").write_text(card, encoding="utf-8")
    for name, text in (files or {}).items():
        (where / name).write_text(text, encoding="utf-8")
    ref = parse_ref(str(where), as_id=as_id)
    return pipeline.audit([ref], policy=POLICY, offline=True, allow_incomplete=True).results[0]


def _direct(result: Any) -> dict[str, str | None]:
    return {a["id"]: a.get("relation") for a in result.facts["lineage"]["ancestors"] if a["distance"] == 1}


def _problems(result: Any) -> list[str]:
    return [p["code"] for p in result.facts["lineage"].get("problems", [])]


# --- mergekit blocks: decorated fences, several stages -------------------------------------------------------------

STAGE_1 = """slices:
  - sources:
      - model: jondurbin/bagel-dpo-7b-v0.1
        layer_range: [0, 32]
      - model: mindy-labs/mindy-7b-v2
        layer_range: [0, 32]
merge_method: slerp
base_model: mindy-labs/mindy-7b-v2
"""
STAGE_2 = """slices:
  - sources:
      - model: previous/model/path
        layer_range: [0, 32]
      - model: rishiraj/CatPPT
        layer_range: [0, 32]
merge_method: slerp
base_model: previous/model/path
"""


@pytest.mark.parametrize("fence", ["```.yaml:", "```yaml title=merge.yml", "``` YAML", "```yml", "```"])
def test_a_mergekit_block_is_read_whatever_the_fence_says_around_yaml(fence: str) -> None:
    config = mergekit_config_from_card(f"Slerp merge.\n\n{fence}\n{STAGE_1}```\n")
    assert config is not None and config["merge_method"] == "slerp"


@pytest.mark.parametrize("fence", ["```python", "```bash", "```text"])
def test_a_block_in_another_language_is_not_a_mergekit_config(fence: str) -> None:
    assert mergekit_config_from_card(f"Made with mergekit.\n\n{fence}\n{STAGE_1}```\n") is None


def test_a_python_block_does_not_shift_which_lines_are_read_as_a_block() -> None:
    # the python block's closing fence must not open a block that swallows the prose up to the yaml block
    card = "mergekit\n```python\nprint(1)\n```\nmodels: are nice\n```yaml\n" + STAGE_1 + "```\n"
    config = mergekit_config_from_card(card)
    assert config is not None and config["base_model"] == "mindy-labs/mindy-7b-v2"


def test_every_stage_of_a_merge_is_kept_and_later_stages_add_only_hub_ids(tmp_path: Path) -> None:
    card = ("---\nlicense: apache-2.0\ntags:\n- merge\n---\nSlerp 1:\n\n```.yaml:\n" + STAGE_1 + "```\n\nSlerp 2:\n\n"
            "```.yaml:\n" + STAGE_2 + "```\n")
    config = mergekit_config_from_card(card)
    assert config is not None and len(config[LATER_STAGES]) == 1
    bases = _direct(_audit(tmp_path, card))
    assert set(bases) == {"jondurbin/bagel-dpo-7b-v0.1", "mindy-labs/mindy-7b-v2", "rishiraj/CatPPT"}
    assert set(bases.values()) == {"merge"}


def test_a_single_stage_keeps_its_local_paths_as_unresolved_bases(tmp_path: Path) -> None:
    # near miss: one block naming a local folder is a real (unreadable) ingredient, never dropped (fail closed)
    card = ("---\nlicense: apache-2.0\n---\nmergekit\n```yaml\nmerge_method: slerp\nbase_model: /data/my-base\n"
            "slices:\n  - sources:\n      - model: /data/my-base\n      - model: rishiraj/CatPPT\n```\n")
    result = _audit(tmp_path, card)
    assert "/data/my-base" in _direct(result)
    assert result.verdict == "fail"


# --- a config's local folder named after a card base ---------------------------------------------------------------

def _stock_card(paths: list[str], front: list[str]) -> str:
    listed = "".join(f"- {b}\n" for b in front)
    models = "".join(f"  - model: {p}\n" for p in paths[1:])
    return (f"---\nlibrary_name: transformers\ntags:\n- mergekit\n- merge\nbase_model:\n{listed}---\n# merge\n\n"
            f"```yaml\nmerge_method: model_stock\nbase_model: {paths[0]}\nmodels:\n{models}```\n")


def test_local_folders_named_after_the_front_matter_ids_are_those_models(tmp_path: Path) -> None:
    front = ["yamatazen/HMS-Fusion-12B-Lorablated", "yamatazen/ForgottenMaid-12B-Lorablated"]
    paths = ["C:\\Users\\me\\models\\HMS-Fusion-12B-Lorablated", "C:\\Users\\me\\models\\ForgottenMaid-12B-Lorablated"]
    bases = _direct(_audit(tmp_path, _stock_card(paths, front)))
    assert set(bases) == set(front)


def test_a_local_folder_with_another_name_stays_an_unresolved_base(tmp_path: Path) -> None:
    front = ["yamatazen/HMS-Fusion-12B-Lorablated"]
    paths = ["C:\\Users\\me\\models\\HMS-Fusion-12B-Lorablated", "/home/me/models/Secret-Blend-12B"]
    result = _audit(tmp_path, _stock_card(paths, front))
    assert set(_direct(result)) == {"yamatazen/HMS-Fusion-12B-Lorablated", "/home/me/models/Secret-Blend-12B"}
    assert any(u["reason"] == "local-path" for u in result.facts["lineage"]["unresolved"])


# --- axolotl's config block ----------------------------------------------------------------------------------------

AXOLOTL_BADGE = ('[<img src="https://raw.githubusercontent.com/OpenAccess-AI-Collective/axolotl/main/image/'
                 'axolotl-badge-web.png" alt="Built with Axolotl"/>](https://github.com/OpenAccess-AI-Collective/axolotl)\n')
SETTINGS = ("## Settings:\n```\nbase_model: mistralai/Mistral-7B-Instruct-v0.1\nmodel_type: MistralForCausalLM\n"
            "load_in_4bit: true\ndatasets:\n  - path: nickrosh/Evol-Instruct-Code-80k-v1\n    type: oasst\n"
            "adapter: qlora\nsequence_len: 16384\n```\n")


def _configured(body: str) -> list[tuple[str, int]]:
    card = parse_card("---\nlicense: apache-2.0\n---\n" + body)
    return [(st.as_written, st.line) for st in card.statements if st.kind == "base-configured"]


def test_an_axolotl_config_block_names_the_base_with_its_line() -> None:
    # lines: 1-3 front matter, 4 title, 5 badge, 6 "## Settings:", 7 the fence, 8 base_model
    assert _configured("# Model\n" + AXOLOTL_BADGE + SETTINGS) == [("mistralai/Mistral-7B-Instruct-v0.1", 8)]


@pytest.mark.parametrize("body", [
    SETTINGS,  # the card does not name axolotl
    AXOLOTL_BADGE + "```\nbase_model: mistralai/Mistral-7B-Instruct-v0.1\n```\n",  # no training keys
    AXOLOTL_BADGE + "```yaml\nbase_model: a/b\nmerge_method: slerp\nmodels:\n  - model: c/d\nadapter: x\n"
                    "datasets: []\n```\n",  # a mergekit config
    AXOLOTL_BADGE + "base_model: mistralai/Mistral-7B-Instruct-v0.1\nadapter: qlora\nsequence_len: 1\n",  # no fence
])
def test_blocks_that_are_no_axolotl_training_config_name_no_base(body: str) -> None:
    assert _configured(body) == []


def test_the_axolotl_base_is_followed_when_the_front_matter_names_none(tmp_path: Path) -> None:
    result = _audit(tmp_path, "---\nlicense: apache-2.0\n---\n# Mistral-7B-code-16k-qlora\n" + AXOLOTL_BADGE + SETTINGS)
    assert set(_direct(result)) == {"mistralai/Mistral-7B-Instruct-v0.1"}
    assert result.verdict in ("pass", "warn")


def test_the_axolotl_base_comes_before_a_prose_line(tmp_path: Path) -> None:
    # the prose names the family's other model; the training configuration names what was trained
    prose = "It is based on [Mistral](https://huggingface.co/mistralai/Mistral-7B-v0.1).\n"
    result = _audit(tmp_path, "---\nlicense: apache-2.0\n---\n" + prose + AXOLOTL_BADGE + SETTINGS)
    assert set(_direct(result)) == {"mistralai/Mistral-7B-Instruct-v0.1"}
    without = _audit(tmp_path / "p", "---\nlicense: apache-2.0\n---\n" + prose)  # near miss: prose alone is read
    assert set(_direct(without)) == {"mistralai/Mistral-7B-v0.1"}


def test_a_front_matter_base_wins_over_the_axolotl_block(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1\n---\n" + AXOLOTL_BADGE + SETTINGS
    assert set(_direct(_audit(tmp_path, card))) == {"mistralai/Mistral-7B-v0.1"}


def test_an_axolotl_local_path_base_fails_closed(tmp_path: Path) -> None:
    body = AXOLOTL_BADGE + SETTINGS.replace("mistralai/Mistral-7B-Instruct-v0.1", "/home/me/models/phi-2")
    result = _audit(tmp_path, "---\nlicense: mit\n---\n" + body)
    assert "/home/me/models/phi-2" in _direct(result)
    assert result.verdict == "fail"


# --- a lone "Base model:" label with the id on the next line --------------------------------------------------------

def _stated(body: str) -> list[str]:
    card = parse_card("---\nlicense: apache-2.0\n---\n" + body)
    return [st.as_written for st in card.statements if st.kind == "base-stated"]


@pytest.mark.parametrize("label", ["#### Base model:", "**Base model:**", "Base model:", "## Base model",
                                   "- **Finetuned from model:**"])
def test_a_lone_base_label_names_the_id_on_the_next_line(label: str) -> None:
    assert _stated(f"{label}\nPY007/TinyLlama-1.1B-intermediate-step-480k-1T \n\n#### Dataset:\nx\n") == [
        "PY007/TinyLlama-1.1B-intermediate-step-480k-1T"]


@pytest.mark.parametrize("body", [
    "## Base model\nThe base model was trained on org/data for a week.\n",  # a sentence, not an id
    "#### Dataset:\nOpen-Orca/OpenOrca\n",  # another label
    "#### Base model:\n\n#### Dataset:\nOpen-Orca/OpenOrca\n",  # the label's next line is another label
    "Base model:\nN/A\n",  # no id
    "## Training\nPY007/TinyLlama-1.1B-intermediate-step-480k-1T\n",  # an id under no base label
])
def test_near_misses_of_the_lone_label_name_no_base(body: str) -> None:
    assert _stated(body) == []


# --- base_model values: dataset ids, revisions, schemeless addresses, other sites -----------------------------------

@pytest.mark.parametrize("text", ["datasets/rajpurkar/squad", "https://huggingface.co/datasets/rajpurkar/squad",
                                  "hf.co/datasets/rajpurkar/squad"])
def test_a_base_model_naming_a_dataset_is_no_model(text: str) -> None:
    assert classify_id(text) == (None, "dataset-id", "names a dataset, not a model")
    assert classify_id(text, "dataset")[0] == "rajpurkar/squad"  # near miss: as a datasets entry it is that dataset


def test_a_space_is_no_base_model() -> None:
    assert classify_id("https://huggingface.co/spaces/acme/demo")[0] is None


@pytest.mark.parametrize("text", ["microsoft/phi-2@ef382358ec9e382308935a992d908de099b64c23", "microsoft/phi-2@main",
                                  "hf.co/microsoft/phi-2", "huggingface.co/microsoft/phi-2", "HF.CO/microsoft/phi-2",
                                  "https://huggingface.co/models/microsoft/phi-2/resolve/main/config.json"])
def test_revisions_and_hub_addresses_name_the_repository(text: str) -> None:
    assert classify_id(text) == ("microsoft/phi-2", None, None)


@pytest.mark.parametrize("text", ["https://github.com/microsoft/phi-2", "github.com/microsoft/phi-2",
                                  "https://www.modelscope.cn/models/qwen"])
def test_an_address_on_another_site_is_no_hub_id(text: str) -> None:
    repo_id, code, detail = classify_id(text)
    assert (repo_id, code) == (None, "invalid-id") and "not a Hub repository id" in str(detail)


def test_a_modelscope_model_page_names_a_modelscope_repository_never_a_hub_id() -> None:
    """Review 25: a ModelScope page is read as its cache path is: the ModelScope repository, mapped to a Hub id only
    through recorded facts (graph.py), never taken as the Hub's repository of the same name."""
    repo_id, code, detail = classify_id("https://www.modelscope.cn/models/qwen/Qwen2-7B")
    assert (repo_id, code) == (None, "modelscope-id") and "the ModelScope repository qwen/Qwen2-7B" in str(detail)


def test_a_revision_pinned_base_resolves_and_says_which_revision_was_judged(tmp_path: Path) -> None:
    result = _audit(tmp_path, "---\nlicense: mit\nbase_model: microsoft/phi-2@ef382358ec9e382308935a992d908de0\n---\n")
    assert set(_direct(result)) == {"microsoft/phi-2"}
    messages = [p["message"] for p in result.facts["lineage"]["problems"]]
    assert any("pins revision" in m and "may not be the one pinned" in m for m in messages)
    assert "LIN009" in {f.rule for f in result.findings}  # said, never a silent pass


def test_a_dataset_as_base_model_fails_closed(tmp_path: Path) -> None:
    # the dataset's name matches a catalogued *model* (a near miss that must not resolve to it)
    result = _audit(tmp_path, "---\nlicense: mit\nbase_model: datasets/microsoft/phi-2\n---\n")
    assert "microsoft/phi-2" not in _direct(result)
    assert [u["reason"] for u in result.facts["lineage"]["unresolved"]] == ["dataset-id"]
    assert result.verdict == "fail"


# --- a base_model key spelled otherwise ------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["Base_Model", "base-model", "BASE_MODEL", "base model", "Base-Models"])
def test_a_misspelt_base_model_key_is_read(key: str) -> None:
    card = {key: "microsoft/phi-2", "license": "mit"}
    assert base_model_key(card) == key
    assert card_base_models(card)[0] == ["microsoft/phi-2"]


@pytest.mark.parametrize("key", ["base_model_relation", "base_model_name", "basemodel_notes", "model"])
def test_other_keys_are_not_a_base_model_key(key: str) -> None:
    assert base_model_key({key: "microsoft/phi-2"}) is None


def test_the_documented_key_wins_over_a_misspelt_one() -> None:
    assert base_model_key({"Base_Model": "a/b", "base_model": "c/d"}) == "base_model"


def test_a_misspelt_key_base_is_followed_and_said(tmp_path: Path) -> None:
    result = _audit(tmp_path, "---\nlicense: mit\nBase_Model: microsoft/phi-2\n---\n")
    assert set(_direct(result)) == {"microsoft/phi-2"}
    assert "lineage-base-key-misspelt" in _problems(result)


@pytest.mark.parametrize("value", ["", "null", "''", "'  '"])
def test_a_blank_base_model_value_is_said_as_an_empty_one(tmp_path: Path, value: str) -> None:
    result = _audit(tmp_path, f"---\nlicense: mit\nbase_model: {value}\n---\n# x\n")
    assert _direct(result) == {}
    assert "lineage-base-empty" in _problems(result)


def test_a_blank_base_model_still_lets_the_prose_name_the_base(tmp_path: Path) -> None:
    body = "A fine-tuned version of [phi-2](https://huggingface.co/microsoft/phi-2).\n"
    result = _audit(tmp_path, "---\nlicense: mit\nbase_model:\n---\n" + body)
    assert set(_direct(result)) == {"microsoft/phi-2"}


def test_a_card_without_the_key_has_no_empty_base_problem(tmp_path: Path) -> None:
    assert "lineage-base-empty" not in _problems(_audit(tmp_path, "---\nlicense: mit\n---\n# x\n"))


# --- a stage's result named by the card ("The Orca2flat model uses the following mergekit yaml") --------------------

FINAL = ("```\nslices:\n  - sources:\n    - model: output/Orca2flat\n      layer_range: [0, 13]\n  - sources:\n"
         "    - model: PygmalionAI/mythalion-13b\n      layer_range: [3, 22]\nmerge_method: passthrough\n```\n")
EARLIER = ("```\nmerge_method: task_arithmetic\nbase_model: TheBloke/Llama-2-13B-fp16\nmodels:\n"
           "  - model: TheBloke/Llama-2-13B-fp16\n  - model: microsoft/Orca-2-13b\n```\n")


@pytest.mark.parametrize("line", ["The Orca2flat model uses the following mergekit yaml:",
                                  "Orca2flat was made with the following config:",
                                  "`Orca2flat` was merged using this:"])
def test_a_stage_result_the_card_names_is_no_ingredient(tmp_path: Path, line: str) -> None:
    card = "---\nlicense: other\n---\nmade with mergekit:\n" + FINAL + "\n" + line + "\n" + EARLIER
    assert set(_direct(_audit(tmp_path, card))) == {
        "PygmalionAI/mythalion-13b", "TheBloke/Llama-2-13B-fp16", "microsoft/Orca-2-13b"}


def test_a_line_naming_an_ingredient_before_a_block_drops_nothing(tmp_path: Path) -> None:
    # near miss: the line before the block names what goes in, not what comes out
    card = ("---\nlicense: other\n---\nmade with mergekit:\n" + FINAL + "\nMerge of TheBloke/Llama-2-13B-fp16 with "
            "Orca 2:\n" + EARLIER)
    bases = set(_direct(_audit(tmp_path, card)))
    assert {"output/Orca2flat", "TheBloke/Llama-2-13B-fp16", "microsoft/Orca-2-13b"} <= bases


def test_a_named_result_in_a_single_block_card_is_kept(tmp_path: Path) -> None:
    # near miss: with one block there is no other stage whose result it could be (fail closed)
    card = "---\nlicense: other\n---\nThe Orca2flat model uses the following mergekit yaml:\n" + FINAL
    assert "output/Orca2flat" in _direct(_audit(tmp_path, card))


def test_an_indented_block_inside_details_names_no_step_as_a_base() -> None:
    # mergekit-multi steps indented in a list (KansenSakura's card): read since pass 11 (tests/test_lineage_pass11.py),
    # but their `name:`d intermediates are no bases
    from auditor.lineage.bases import _mergekit_models

    card = ("mergekit\n<details>\n\n  2. Merge:\n  ```yml\n    name: knowledge_core\n    merge_method: nuslerp\n"
            "    models:\n      - model: acme/a\n  ```\n")
    config = mergekit_config_from_card(card)
    assert config is not None and _mergekit_models(config) == ["acme/a"]


# --- the diffusers scripts' template line ----------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "base"), [
    ("These are LoRA adaption weights for runwayml/stable-diffusion-v1-5. The weights were fine-tuned on x.",
     "runwayml/stable-diffusion-v1-5"),
    ("### These are my-lora LoRA adaption weights for stabilityai/stable-diffusion-xl-base-1.0.",
     "stabilityai/stable-diffusion-xl-base-1.0"),
    ("These are controlnet weights trained on stabilityai/stable-diffusion-2-1-base with new type of conditioning.",
     "stabilityai/stable-diffusion-2-1-base"),
    ("This pipeline was finetuned from **CompVis/stable-diffusion-v1-4** on the **lambdalabs/pokemon** dataset.",
     "CompVis/stable-diffusion-v1-4"),
])
def test_the_diffusers_template_line_names_its_base(line: str, base: str) -> None:
    assert _stated(line + "\n") == [base]


@pytest.mark.parametrize("line", [
    "These are the weights for acme/x.",  # not the template's words
    "These are LoRA adaption weights for {base_model}.",  # an unfilled template
    "Unlike these, our LoRA adaption weights for acme/x were lost.",  # the template opens its line
    "These are LoRA adaption weights for SDXL.",  # no id
])
def test_lines_like_the_template_name_no_base(line: str) -> None:
    assert _stated(line + "\n") == []


def test_a_pronoun_before_a_block_names_no_stage_result() -> None:
    card = ("mergekit\n```yaml\n" + STAGE_1 + "```\nThis model was made with the following config:\n```yaml\n"
            + STAGE_2.replace("previous/model/path", "acme/this") + "```\n")
    config = mergekit_config_from_card(card)
    assert config is not None and PRODUCTS not in config
