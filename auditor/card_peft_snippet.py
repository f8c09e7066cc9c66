"""The base an adapter's card names only in its usage code: a model loaded with `from_pretrained("org/base")` and then
wrapped by `PeftModel.from_pretrained(model, "org/adapter")` (22h/cabrita-lora-v0-1, lineage pass 25: no `base_model`
key, the prose says only "LLaMA-7B").

Why: the card readers skip fenced code (an example that prints "based on X" says nothing), so an adapter whose card
names its base only where it is loaded passed as a model with no base, its base's terms never reached. The snippet is
no example text: it is the one way to run the adapter, and the model it wraps is the base the adapter was trained on.
Only a block that loads an adapter by its Hub id (a string, not a local folder) counts, and the base is the model
loaded before it in the same block (by its id, written there or in a variable assigned just before), never a
tokenizer's, processor's or config's id. A card whose prose names a base is not read this way (auditor/card.py
offers this only when no line named one).

The same holds for the training command of a LoRA, the other place such a card names its base (tloen/alpaca-lora-7b,
lineage pass 27: "a low-rank adapter for LLaMA-7b", then `python finetune.py --base_model='decapoda-research/llama-7b-
hf' ... --lora_r=16`): a fenced command with a `--base_model` flag whose value is a Hub id, and LoRA flags in the same
block, trained an adapter over that model. Only that flag (`--model_name_or_path` also loads models to evaluate or
serve), only a Hub id (a local path names no repository), and only a block with LoRA flags (a full fine-tune's command
says "finetune", which the card's other words decide).
"""

from __future__ import annotations

import re

from auditor.card_text import FENCE, REPO_ID
from auditor.lazyre import lazy_compile

MAX_BLOCK = 20_000  # characters of one code block read
MAX_BLOCKS = 40
# `Class.from_pretrained(` then the first argument: a quoted Hub id or a variable's name
_LOAD = lazy_compile(
    r"\b(?P<cls>[A-Za-z_]\w{0,80})\s*\.\s*from_pretrained\s*\(\s*"
    rf"(?:(?:pretrained_model_name_or_path|model_id|model_name)\s*=\s*)?(?:(?P<q>[\"'])(?P<id>{REPO_ID})(?P=q)"
    r"|(?P<var>[A-Za-z_]\w{0,80})\s*[,)])")
# `PeftModel.from_pretrained(model, "org/adapter")` (or PeftModelForCausalLM, AutoPeftModel...): the adapter by id
# (or by a variable assigned its id just before: `model_id = "org/adapter"` then `PeftModel.from_pretrained(model,
# model_id)`, turbONE/JARVIS-Qwen3-30B-Fine-tuned, lineage pass 29)
_PEFT_LOAD = lazy_compile(
    r"\b(?:Peft\w{0,40}|AutoPeft\w{0,40})\s*\.\s*from_pretrained\s*\(\s*(?:[A-Za-z_]\w{0,80}\s*,\s*)?"
    rf"(?:model_id\s*=\s*)?(?:[\"'](?P<adapter>{REPO_ID})[\"']|(?P<named>[A-Za-z_]\w{{0,80}})\s*[,)])")
# a variable assigned a Hub id: `base_model = "org/base"`
_ASSIGNED = lazy_compile(rf"^[ \t]*(?P<var>[A-Za-z_]\w{{0,80}})[ \t]*=[ \t]*[\"'](?P<id>{REPO_ID})[\"'][ \t]*(?:#.*)?$",
                         re.M)
# classes whose id is no model's weights
_NOT_WEIGHTS = lazy_compile(r"tokeni[sz]er|processor|config|feature_?extractor|image_?processor|peft|dataset",
                            re.IGNORECASE)


def blocks(body: str, first_line: int) -> list[tuple[str, int]]:
    """The fenced code blocks of a card body, each with the README line it opens on."""
    out: list[tuple[str, int]] = []
    lines = body.split("\n")
    start: int | None = None
    for index, line in enumerate(lines):
        if FENCE.match(line):
            if start is None:
                start = index
            else:
                out.append(("\n".join(lines[start + 1: index])[:MAX_BLOCK], first_line + start + 1))
                start = None
                if len(out) >= MAX_BLOCKS:
                    break
    return out


def _adapter_load(block: str, by_variable: bool = False) -> tuple[re.Match[str], str, dict[str, str]] | None:
    """(the PEFT load, the adapter's id, the variables assigned an id before it) of the first adapter a block loads
    by its Hub id written there (or, `by_variable`, in a variable assigned it before); None for a local folder or an
    unknown name."""
    for peft in _PEFT_LOAD.finditer(block):
        assigned = {m.group("var"): m.group("id") for m in _ASSIGNED.finditer(block[: peft.start()])}
        adapter = peft.group("adapter") or (assigned.get(peft.group("named") or "") if by_variable else None)
        if adapter and not adapter.startswith((".", "/")):
            return peft, adapter, assigned
    return None


def _base_in(block: str, by_variable: bool = False) -> tuple[str, int] | None:
    """(base id, offset in the block) of the model a block loads before wrapping it with an adapter loaded by id.
    An adapter named only through a variable counts for peft_snippet_adapter, which checks it is the repository's own;
    the base reader keeps to an id written in the call (a family card's example loads another size's adapter through
    variables: timdettmers/guanaco-65b shows the 7b one)."""
    loaded = _adapter_load(block, by_variable)
    if loaded is None:
        return None
    peft, adapter, assigned = loaded
    base: tuple[str, int] | None = None
    for load in _LOAD.finditer(block[: peft.start()]):
        if _NOT_WEIGHTS.search(load.group("cls")):
            continue
        found = load.group("id") or assigned.get(load.group("var") or "")
        if found and found.lower() != adapter.lower():
            base = (found, load.start())
    return base


def peft_snippet_adapter(body: str, first_line: int) -> tuple[str, int] | None:
    """(adapter id, README line) of the first adapter a code block wraps a model with and that block loads a base
    for (see _base_in), else None: when it is the repository's own id, the usage code says the repository is an
    adapter (auditor/card.py)."""
    if "from_pretrained" not in body or "Peft" not in body:
        return None
    for block, opens in blocks(body, first_line):
        loaded = _adapter_load(block, by_variable=True)
        if loaded is not None and _base_in(block, by_variable=True) is not None:
            return loaded[1], opens + block.count("\n", 0, loaded[0].start())
    return None


def peft_snippet_base(body: str, first_line: int) -> tuple[str, int] | None:
    """(base id, README line) of the model the first adapter-loading code block wraps, else None."""
    found = peft_snippet_load(body, first_line)
    return (found[0], found[1]) if found is not None else None


def peft_snippet_load(body: str, first_line: int) -> tuple[str, int, str] | None:
    """(base id, README line, adapter id) of the first adapter-loading code block: the model it wraps and the
    adapter it wraps it with. The adapter's id says whose snippet it is: only code loading the repository itself as
    the adapter makes the repository an adapter (a full fine-tune's card may show how to run its LoRA sibling,
    Senku-70B-Full beside Senku-70B), which auditor/card.py decides, knowing the repository's id."""
    if "from_pretrained" not in body or "Peft" not in body:
        return None
    for block, opens in blocks(body, first_line):
        found = _base_in(block)
        if found is not None:
            loaded = _adapter_load(block)
            return found[0], opens + block.count("\n", 0, found[1]), loaded[1] if loaded is not None else ""
    return None


# `--base_model='org/name'`, `--base_model org/name`, `--base-model "org/name"` in a command line
_BASE_FLAG = lazy_compile(
    rf"(?:^|\s)--base[_-]model(?:_name_or_path)?(?:\s*=\s*|\s+)(?P<q>[\"']?)(?P<id>{REPO_ID})(?P=q)(?=\s|\\|$)",
    re.M)
_LORA_FLAG = lazy_compile(r"(?:^|\s)--(?:q?lora|peft|adapter)[\w-]*", re.M | re.IGNORECASE)


def training_command_base(body: str, first_line: int) -> tuple[str, int] | None:
    """(base id, README line) of the model a LoRA training command in a fenced block names with `--base_model`, else
    None (see the module's docstring)."""
    if "--base" not in body:
        return None
    for block, opens in blocks(body, first_line):
        flag = _BASE_FLAG.search(block)
        if flag is not None and _LORA_FLAG.search(block) is not None:
            return flag.group("id"), opens + block.count("\n", 0, flag.start("id"))
    return None
