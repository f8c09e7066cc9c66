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

from auditor.lazyre import lazy_compile

KIND = "adapter-stated"
MAX_LINE = 1200
# "is a/an LoRA adapter", "es un adaptador LoRA", "é um adaptador LoRA", "est un adaptateur LoRA", with up to two words
# between the article and the kind ("a small LoRA adapter", "un adaptador de bajo rango LoRA" is not read); the kind
# is a whole word ("a LoRA adapter-merged version" names a merge, review 25)
_IS_ADAPTER = lazy_compile(
    r"\b(?:is|es|é|est)\s+(?:a|an|un|una|um|uma)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:(?:q?lora|peft|dora)\s+(?:adapter|adaptador|adaptateur)|(?:adapter|adaptador|adaptateur)\s+(?:q?lora|peft|dora))"
    r"\b(?![-\w])", re.IGNORECASE)
# The same said in the shapes other templates use (lineage pass 20): the Hub template's "Model type" label with an
# adapter as its value ("- **Model Type:** LoRA Adapter for Qwen2.5-1.5B-Instruct"), a repository said to contain the
# adapter's weights ("This repository contains a backdoored-Lora weight of the model", BackdoorLLM), and a sentence
# whose subject is "this adapter" ("This adapter was created with the PEFT library", a PEFT card's description), and a
# method's label whose value is an adapter's kind ("- PEFT Method: LoRA", lineage pass 28).
# Each is read in its own clause, with the checks the "is a LoRA adapter" sentence gets.
_ADAPTER_KIND = r"(?:[\w]+-)?(?:q?lora|peft|dora)(?:\s+|-)(?:adapters?|adaptador|adaptateur|weights?)\b(?![-\w])"
_OTHER_SHAPES = lazy_compile(
    r"^\s*+(?:[-*+]\s++)?[*_]*+model[\s_-]*type[*_]*+\s*+:[*_\s]*+(?:(?:a|an)\s+)?(?P<label>" + _ADAPTER_KIND + r")"
    r"|\b(?:this|the|our)\s+(?:repo(?:sitory)?|model\s+repo(?:sitory)?)\s+contains\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,2}?(?P<contains>" + _ADAPTER_KIND + r")"
    r"|^\s*+(?P<this>this\s+(?:(?:q?lora|peft|dora)\s+)?adapter)\s+(?:was|is|has\s+been)\b"
    # a "Model Details" bullet naming the method as an adapter's ("- PEFT Method: LoRA", "- **Fine-tuning method:**
    # QLoRA", "Adapter type: LoRA", lineage pass 28): the value must open with the adapter's kind, so "Training
    # method: full fine-tuning (no LoRA)" is none
    r"|^\s*+(?:[-*+]\s++)?[*_]*+(?P<method>(?:peft|(?:fine-?)?tuning|training|adaptation)[\s_-]?"
    r"(?:method|technique|approach|type)|adapter[\s_-]?type)[*_]*+\s*+[:：][*_\s]*+(?:q?lora|dora|peft)\b(?![-\w])",
    re.IGNORECASE)
# the subject of the sentence is another model or a possibility, not this repository, or the sentence is a question
# ("What is a LoRA adapter?")
_OTHER_SUBJECT = lazy_compile(
    r"\b(?:base|original|parent|upstream|modelo\s+base|mod[èe]le\s+de\s+base|modelo\s+original|it\s+can|which|that|"
    r"each|every|any|not|no|nor|never|if|when|what|why|how|whether|earlier|previous|older|other|another|"
    r"qu[ée]|c[óo]mo|por\s+qu[ée])\b", re.IGNORECASE)
# where the clause holding the statement starts: a sentence's end, or a parenthesis, ";", ":" or a question mark
# ("This model is a full fine-tune (our earlier release is a LoRA adapter)" says it of the earlier release)
_CLAUSE_START = lazy_compile(r"[.!?](?:\s|$)|[(;:?]")
# what follows the statement and says the weights are no adapter alone: "a LoRA adapter plus base, fused into one
# file", "merged with", a question
_NOT_ALONE_AFTER = lazy_compile(r"^[^.;!\n]{0,80}?(?:\b(?:plus|fused|merged|baked|combined|together\s+with)\b|\?)|"
                                r"^\s*\)", re.IGNORECASE)


def adapter_statement(prose: Sequence[str], first_line: int) -> tuple[str, int] | None:
    """(phrase as written, README line) of the first sentence saying this model is a LoRA (or PEFT) adapter, else
    None. `prose` holds each line's prose (code blocks blanked), numbered from `first_line`. Only the statement's own
    clause is its subject (a parenthesis or a question is another clause), and words after it that join the adapter
    to its base ("plus base, fused") or close a parenthesis say it is no adapter alone."""
    for number, line in enumerate(prose, first_line):
        if len(line) > MAX_LINE:
            continue
        for match in _IS_ADAPTER.finditer(line):
            before = line[: match.start()]
            starts = [m.end() for m in _CLAUSE_START.finditer(before)]
            subject = before[starts[-1] if starts else 0:]
            if before.count("(") > before.count(")") or _NOT_ALONE_AFTER.match(line[match.end():]):
                continue
            if not _OTHER_SUBJECT.search(subject):
                return match.group(0).strip()[:120], number
        other = _OTHER_SHAPES.search(line)
        if other is not None and not _NOT_ALONE_AFTER.match(line[other.end():]) \
                and not _OTHER_SUBJECT.search(line[: other.start()]):
            return other.group(0).strip(" -*_")[:120], number
    return None
