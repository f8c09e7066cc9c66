"""Card-reader leftovers of differential 35: the wrong readings it noticed and left, each fixed as a class.

1. A converter's words whose subject is the publisher's process or product line ("Our pipeline produces quantized
   versions of [X](url)") name no base of this repository; "This repo contains quantized versions of X" still does.
2. A training, merging or serving tool named where a base belongs ("Base Model: [LLaMA Factory](github)",
   "Megatron-LM", "llama.cpp") is no base and gives no base family.
3. The Hub-link readers agree with the named-base reader: a link whose text names a document ("[X documentation]",
   "[X README]", "[X model card]" after "based on") is no base.
4. A byline under the card's title ("#### by Alina Xia", "by David, Fernando and Eric") names the developer, a
   person or an acronym too; a "By <name>" subtitle deeper in a card still needs an organisation's shape.
5. A local folder audited without `--as` reads the one repository id its card names and its usage code loads as the
   card's own subject (never one of two, a base, a sibling's or a placeholder's).

Lines are written for these tests; the corpus cards are read from ../shared/corpus (skipped when absent).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.card import parse_card
from auditor.card_holder_words import byline_names
from auditor.card_other_model import describes_process
from auditor.card_own_subject import ONLY_ID_ROLE, only_code_id
from auditor.card_text import is_tool_name
from auditor.sources.local import read_model_dir
from tests.test_lineage_relations import _root_edge

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cards"
BASE = "acme/base-7b"
HUB = f"https://huggingface.co/{BASE}"
BASE_KINDS = ("base-stated", "base-named", "base-family-stated")


def _card(body: str, title: str = "Tiny", front: str = "license: apache-2.0\n") -> str:
    return f"---\n{front}---\n# {title}\n\n{body}\n"


def _read(text: str, *kinds: str) -> list[tuple[str, str]]:
    return [(st.kind, st.as_written) for st in parse_card(text).statements if st.kind in kinds]


def _corpus(name: str) -> str:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the shared corpus card {name} is not here (../shared/corpus)")
    return path.read_text(encoding="utf-8")


# --- 1. the publisher's process or product line -----------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    f"Our pipeline produces quantized versions of [Acme-7B]({HUB}).",
    f"Our pipeline produces a quantized version of [Acme-7B]({HUB}).",
    f"Our automated quantization pipeline makes GGUF quants of [Acme-7B]({HUB}).",
    "Our pipeline produces quantized versions of Acme-7B.",
    "Our conversion service creates a conversion of [Acme-7B](https://github.com/acme/acme-7b).",
    "Our mission is to provide optimized versions of [Acme-7B](https://github.com/acme/acme-7b).",
    f"We regularly publish quantized versions of [Acme-7B]({HUB}).",
    f"Our team automatically produces a quantized version of [Acme-7B]({HUB}).",
])
def test_the_publishers_process_names_no_base(line: str) -> None:
    assert _read(_card(line), *BASE_KINDS) == []


@pytest.mark.parametrize(("line", "found"), [
    (f"This repo contains quantized versions of [Acme-7B]({HUB}).", ("base-stated", BASE)),
    (f"This repo, made by our pipeline, holds a quantized version of [Acme-7B]({HUB}).", ("base-stated", BASE)),
    (f"We provide a quantized version of [Acme-7B]({HUB}).", ("base-stated", BASE)),
    (f"This is a quantized version of [Acme-7B]({HUB}), made with our pipeline.", ("base-stated", BASE)),
    ("These are our quantized versions of [Acme-7B](https://github.com/acme/acme-7b).", ("base-named", "Acme-7B")),
    ("We made optimized versions of [Acme-7B](https://github.com/acme/acme-7b).", ("base-named", "Acme-7B")),
])
def test_this_repositorys_conversion_is_still_read(line: str, found: tuple[str, str]) -> None:
    assert _read(_card(line), *BASE_KINDS) == [found]


def test_a_process_subject_needs_our_process_or_a_habit() -> None:
    assert describes_process("Our pipeline produces ")
    assert describes_process("We routinely make ")
    assert not describes_process("We provide ")  # one release, this repository
    assert not describes_process("This repository, our pipeline's output, holds ")
    assert not describes_process("Our team fine-tuned ")


# --- 2. tools in a base slot ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "- **Base Model**: [LLaMA Factory](https://github.com/hiyouga/LLaMA-Factory)",
    "- **Base Model**: LLaMA Factory",
    "- **Base model:** Megatron-LM",
    "- **Base model:** [Megatron-LM](https://github.com/NVIDIA/Megatron-LM)",
    "- **Base model:** NVIDIA NeMo",
    "- **Base model:** llama.cpp",
    "- **Base model:** [llama.cpp](https://github.com/ggerganov/llama.cpp)",
    "- **Base model:** Unsloth-Zoo",
    "- **Finetuned from model:** [LLaMA Factory](https://github.com/hiyouga/LLaMA-Factory)",
    "This model is based on LLaMA Factory.",
    "This model is built on Megatron-LM.",
])
def test_a_tool_in_a_base_slot_is_no_base(line: str) -> None:
    assert _read(_card(line), *BASE_KINDS) == []


@pytest.mark.parametrize(("line", "found"), [
    ("- **Base model:** Mistral-NeMo-12B", [("base-named", "Mistral-NeMo-12B")]),
    ("- **Base model:** LLaMA", [("base-family-stated", "LLaMA")]),
    ("- **Base model:** [LLaMA](https://github.com/facebookresearch/llama)", [("base-family-stated", "LLaMA")]),
    ("This model is based on LLaMA Factory and Qwen2.", [("base-family-stated", "Qwen2")]),
    ("This model was fine-tuned from Llama 2 using LLaMA Factory.", [("base-family-stated", "Llama 2")]),
    ("- **Base model:** [unsloth/llama-3-8b-bnb-4bit](https://huggingface.co/unsloth/llama-3-8b-bnb-4bit)",
     [("base-stated", "unsloth/llama-3-8b-bnb-4bit"), ("base-family-stated", "llama-3")]),
])
def test_a_model_in_a_base_slot_is_still_read(line: str, found: list[tuple[str, str]]) -> None:
    assert _read(_card(line), *BASE_KINDS) == found


def test_tool_names_are_compared_whole() -> None:
    assert all(is_tool_name(name) for name in ("LLaMA-Factory", "LlamaFactory", "the Axolotl framework", "mergekit",
                                               "Hugging Face Transformers", "NeMo"))
    assert not any(is_tool_name(name) for name in ("Mistral-NeMo-12B", "megatron-bert-cased-345m",
                                                   "unsloth/llama-3-8b", "Qwen2-7B", "Gemma"))


# --- 3. documents named by a Hub link ---------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    f"This model is based on the [Acme-7B documentation]({HUB}).",
    f"This model is based on the [Acme-7B docs]({HUB}).",
    f"This model is based on the [Acme-7B README]({HUB}/blob/main/README.md).",
    f"This model is based on the [Acme-7B technical report]({HUB}).",
    f"This model is based on the [Acme-7B model card]({HUB}).",
    f"Usage follows the [Acme-7B model card]({HUB}).",
    f"This model is based on the [Acme-7B paper]({HUB}).",
])
def test_a_document_linked_after_a_made_from_phrase_is_no_base(line: str) -> None:
    assert _read(_card(line), *BASE_KINDS) == []


@pytest.mark.parametrize("body", [
    f"## Links\n\n- [Acme-7B Model Card]({HUB})",  # a packaging's link to the original's card (Docker)
    f"This model is based on [Acme-7B]({HUB}); see the [Acme-7B model card]({HUB}).",
    f"This model is a fine-tuned version of [Acme-7B]({HUB}) on documentation data.",
])
def test_a_model_linked_beside_a_document_is_still_read(body: str) -> None:
    assert _read(_card(body), "base-stated") == [("base-stated", BASE)]


# --- 4. bylines ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "name"), [
    ("#### by Alina Xia\n\nText.", "Alina Xia"),
    ("by Jane Doe, Kim Lee and Eric\n\nText.", "Jane Doe, Kim Lee and Eric"),
    ("![banner](banner.png)\n\n_by Jane Doe_\n\nText.", "Jane Doe"),
    ("## By TII\n\nText.", "TII"),
    ("by [Jane Doe](https://jane.example)\n\nText.", "Jane Doe"),
    ("by Ludwig van Beethoven\n\nText.", "Ludwig van Beethoven"),
    ("By the Acme Institute\n\nText.", "Acme Institute"),
])
def test_a_byline_under_the_title_names_the_developer(body: str, name: str) -> None:
    assert _read(_card(body), "holder-stated") == [("holder-stated", name)]


@pytest.mark.parametrize("body", [
    "Some text first.\n\n### By Jane Doe\n\nMore.",  # deeper in the card: a section, whatever its shape
    "## By Context Length\n\n| n | tok/s |",  # sorted by, even at the opening
    "## By Popular Demand\n\nA 70B version.",
    "By default, the model answers in English.",
    "by the way, this is a tiny model",
    "By the Acme Institute, in 2024, for research.",
])
def test_other_by_lines_name_no_developer(body: str) -> None:
    assert _read(_card(body), "holder-stated") == []


def test_a_label_outranks_a_byline() -> None:
    body = "by Jane Doe\n\n## Model Details\n\n- **Developed by:** Acme Labs"
    assert _read(_card(body), "holder-stated") == [("holder-stated", "Acme Labs")]


def test_byline_names_take_people_and_acronyms_not_dimensions() -> None:
    assert byline_names("José Carlos Carneiro") and byline_names("LAION") and byline_names("@jdoe")
    assert not byline_names("Hardware")  # a dimension results are sorted by
    assert not byline_names("Model Size") and not byline_names("the way, this is")


def test_laserxtral_names_its_three_authors() -> None:
    found = [(st.as_written, st.line, st.roles) for st in parse_card(_corpus("cognitivecomputations__laserxtral.md"))
             .statements if st.kind == "holder-stated"]
    assert found == [("David, Fernando and Eric", 7, ("developer",))]


def test_lighteternal_still_names_its_institutions() -> None:
    found = [st for st in parse_card(_corpus("lighteternal__stsb-xlm-r-greek-transfer.md")).statements
             if st.kind == "holder-stated"]
    assert [st.line for st in found] == [28] and found[0].as_written.startswith("Hellenic Army Academy (SSE)")


# --- 5. an id-less local folder's own id ---------------------------------------------------------------------------

def _code(*lines: str) -> str:
    return "Intro.\n\n```python\n" + "\n".join(lines) + "\n```\n"


def _subjects(text: str, repo_id: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
    return [(st.as_written, st.roles) for st in parse_card(text, repo_id=repo_id).statements
            if st.kind == "subject-id"]


def test_the_only_id_a_card_names_is_its_own_without_a_repository_id() -> None:
    text = _card(_code('model = AutoModel.from_pretrained("me/Widget-7B")',
                       'tok = AutoTokenizer.from_pretrained("me/Widget-7B")'))
    assert _subjects(text) == [("me/Widget-7B", ("usage code", ONLY_ID_ROLE))]
    assert _subjects(text, "Widget-7B") == [("me/Widget-7B", ("usage code", ONLY_ID_ROLE))]  # a folder's name
    assert _subjects(text, "me/Widget-7B") == [("me/Widget-7B", ("usage code",))]  # with an id: as before
    assert _subjects(text, "other/Widget-7B") == []


@pytest.mark.parametrize(("body", "front"), [
    # a base and an adapter: which is the card's is unknown
    (_code('m = AutoModel.from_pretrained("acme/base-7b")', 'm = PeftModel.from_pretrained(m, "me/lora")'), ""),
    # the code loads only the base the front matter declares
    (_code('m = AutoModel.from_pretrained("acme/base-7b")'), "base_model: acme/base-7b\n"),
    (_code('m = AutoModel.from_pretrained("acme/base-7b")'), "base_model:\n- acme/base-7b\n"),
    # ... or the one the prose names as the base
    (f"A fine-tuned version of [acme/base-7b]({HUB}).\n\n" + _code('m = AutoModel.from_pretrained("acme/base-7b")'),
     ""),
    # the prose links another model (a retriever, a merged version), or a heading names another id
    ("The retriever is [me/retriever](https://huggingface.co/me/retriever).\n\n"
     + _code('m = AutoModel.from_pretrained("me/chat-7b")'), ""),
    ("# me/Widget-7B\n\n" + _code('model_id = "me/Widget-7B-Base"'), ""),
    # a family card whose code loads one sibling among the variants its prose lists
    ("The series has Acme-VL-Tiny, Acme-VL-Small and Acme-VL.\n\n" + _code('model_path = "acme/acme-vl-small"'), ""),
    # a template's placeholder owner
    (_code('model = AutoModel.from_pretrained("YOUR_USERNAME/widget")'), ""),
    (_code('model = AutoModel.from_pretrained("<user>/widget")'), ""),
    # no loader: a quoted id in code that nothing loads
    (_code('print("me/Widget-7B")'), ""),
])
def test_no_other_repositorys_id_is_read_as_the_cards_own(body: str, front: str) -> None:
    found = _subjects(_card(body, front=f"license: apache-2.0\n{front}"))
    assert [said for said, roles in found if "usage code" in roles] == []


def test_only_code_id_reads_the_code_and_the_prose() -> None:
    assert only_code_id(_code('pipe = pipeline("text-generation", model="me/x-7b")')) == "me/x-7b"
    assert only_code_id("See `me/y-7b`.\n\n" + _code('model = "me/x-7b"')) is None
    assert only_code_id("No code here, [me/x-7b](https://huggingface.co/me/x-7b).") is None


def _gguf_folder(tmp_path: Path, name: str, code_id: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "README.md").write_text(
        "---\nlicense: apache-2.0\nbase_model: other/Base-7B-Instruct\n---\n\n# Widget 7B\n\nA function-calling "
        f"model.\n\n```python\nmodel_name = \"{code_id}\"\n```\n", encoding="utf-8")
    (folder / "widget-7b-q4_k_m.gguf").write_bytes(b"GGUF")
    return folder


def test_an_id_less_folder_of_a_publishers_own_gguf_is_a_finetune_of_the_base(tmp_path: Path) -> None:
    edge: dict[str, Any] = _root_edge(read_model_dir(_gguf_folder(tmp_path, "Widget-7B-GGUF", "acme/Widget-7B")))
    assert edge["relation"] == "finetune" and "acme/Widget-7B" in edge["why"]


@pytest.mark.parametrize(("name", "code_id"), [
    ("Widget-7B-GGUF", "acme/Other-7B"),  # the card's id is another model's name than the folder's
    ("Widget-7B", "acme/Widget-7B"),  # no format suffix on the folder: nothing says quantized from the name
])
def test_an_id_less_folder_keeps_its_quantization_otherwise(tmp_path: Path, name: str, code_id: str) -> None:
    edge = _root_edge(read_model_dir(_gguf_folder(tmp_path, name, code_id)))
    assert edge["relation"] == "quantized"
