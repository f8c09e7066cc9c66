"""The ingredients of a merge named only in its card's prose (auditor/card_merge.py "merge-part"), as the lineage
follows them: when the front matter, the Hub's tags, a mergekit configuration and an axolotl block name no base. A
sentence naming one model with "merge of [X](url)" is also the prose's base (auditor/card.py "base-stated"); the
parts then stand for it, so "a merge of [X](url) and [Y](url)" gives both, not only the first. A prose base that is
not among the parts ("a GGUF quantization of [M](url), a merge of [A](url) and [B](url)") is the model's base, and
the parts are that base's: they are not added."""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile
from auditor.merge_tags import DECLARED_TAGS
from auditor.model import ModelRecord

# what follows a model's own name in its own versions' names, which its card links ("[GGUF](.../goliath-120b-GGUF)")
_OWN_VERSION = lazy_compile(
    r"^[-_.]?(?:gguf|ggml|gptq|awq|exl2|mlx|onnx|fp8|fp16|bf16|int[48]|bnb|\d+(?:\.\d+)?-?bits?|"
    r"\d+(?:\.\d+)?bpw|h\d+|q\d\w*|imatrix|i1|dynamic)(?:[-_.].*)?$", re.IGNORECASE)


def own_version(model_id: str, part: str) -> bool:
    """Whether `part` is the model itself or one of its own versions (a quantization of it), by the repository name."""
    own = model_id.rsplit("/", 1)[-1].lower()
    name = part.rsplit("/", 1)[-1].lower()
    return part.lower() == model_id.lower() or (bool(own) and name.startswith(own)
                                                and (name == own or _OWN_VERSION.match(name[len(own):]) is not None))


def merge_parts(record: ModelRecord) -> list[tuple[str, int]]:
    """(id or path as written, README line) of each ingredient the prose names, in order, without the model itself
    and its own versions."""
    out: list[tuple[str, int]] = []
    for st in record.card_statements:
        if st.get("kind") != "merge-part" or not isinstance(st.get("as_written"), str):
            continue
        text = str(st["as_written"]).strip()
        line = st.get("line")
        if text and not own_version(record.id, text):
            out.append((text, int(line) if isinstance(line, int) else 0))
    return out


def merge_declared(record: ModelRecord) -> tuple[str, int | None] | None:
    """(how, README line) when the card says the model is a merge: a `merge` / `mergekit` tag in its front matter
    or the Hub's tags (line None), else its prose (auditor/card_merge.py "merge-declared"); None otherwise."""
    card_tags = record.card.get("tags") if isinstance(record.card, dict) else None
    tags = [*(card_tags if isinstance(card_tags, list) else []), *record.tags]
    tag = next((t for t in tags if isinstance(t, str) and t.strip().lower() in DECLARED_TAGS), None)
    # mergekit also extracts LoRA adapters, whose cards it tags `mergekit` and `peft`: an adapter, not a merge
    extracted = any(isinstance(t, str) and t.strip().lower() == "peft" for t in tags)
    if tag is not None and not (extracted and tag.strip().lower() == "mergekit"):
        return f"tag {tag.strip()!r}", None
    said = next((st for st in record.card_statements if st.get("kind") == "merge-declared"), None)
    if said is None:
        return None
    line = said.get("line")
    return f"the card's prose (\"{said.get('as_written')}\")", int(line) if isinstance(line, int) else None




def parts_for(record: ModelRecord, prose: tuple[str, int] | None) -> list[tuple[str, int]]:
    """The prose's ingredients the lineage follows, given the prose's base (graph.py's `prose`, None when there is
    none or something else names a base): all of them when the prose base is one of them or absent; none when the
    prose base is another model (the parts are then that base's)."""
    parts = merge_parts(record)
    if not parts or (prose is not None and prose[0].lower() not in {p.lower() for p, _ in parts}):
        return []
    return parts
