"""The sentence of a model card's prose that says the model itself is an adapter ("El modelo org/x es un adaptador
LoRA (PEFT) desarrollado sobre el modelo base org/y", "FIIS/sonyazietlow es un adaptador LoRA de texto a imagen",
"This model is a LoRA adapter for ...").

Why: a card with no front matter (a description written for a catalogue, a card pasted into a GitHub README) has no
`peft` library or `lora` tag, so lineage/relation.py called a LoRA a finetune of the base the prose names. A LoRA
runs only on its base and ships none of the base's weights, which changes what the base's terms require of it. Only
a sentence whose subject is this model counts: "the base model is a LoRA adapter" and "can be used as a LoRA
adapter" say nothing of this repository; lineage/relation.py reads the statement only when nothing else (an adapter
config, the library, tags) says what the repository is, and a card saying the LoRA was merged wins over it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

KIND = "adapter-stated"
MAX_LINE = 1200
# "is a/an LoRA adapter", "es un adaptador LoRA", "é um adaptador LoRA", "est un adaptateur LoRA", with up to two words
# between the article and the kind ("a small LoRA adapter", "un adaptador de bajo rango LoRA" is not read)
_IS_ADAPTER = re.compile(
    r"\b(?:is|es|é|est)\s+(?:a|an|un|una|um|uma)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:(?:q?lora|peft|dora)\s+(?:adapter|adaptador|adaptateur)|(?:adapter|adaptador|adaptateur)\s+(?:q?lora|peft|dora))"
    r"\b", re.IGNORECASE)
# the subject of the sentence is another model or a possibility, not this repository
_OTHER_SUBJECT = re.compile(
    r"\b(?:base|original|parent|upstream|modelo\s+base|mod[èe]le\s+de\s+base|modelo\s+original|it\s+can|which|that|"
    r"each|every|any|not|no|nor|never|if|when)\b", re.IGNORECASE)
_SENTENCE_START = re.compile(r"[.!?](?:\s|$)")


def adapter_statement(prose: Sequence[str], first_line: int) -> tuple[str, int] | None:
    """(phrase as written, README line) of the first sentence saying this model is a LoRA (or PEFT) adapter, else
    None. `prose` holds each line's prose (code blocks blanked), numbered from `first_line`."""
    for number, line in enumerate(prose, first_line):
        if len(line) > MAX_LINE:
            continue
        for match in _IS_ADAPTER.finditer(line):
            starts = [m.end() for m in _SENTENCE_START.finditer(line, 0, match.start())]
            subject = line[starts[-1] if starts else 0: match.start()]
            if not _OTHER_SUBJECT.search(subject):
                return match.group(0).strip()[:120], number
    return None
