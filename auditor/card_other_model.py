"""Whether a card's sentence is about another model than the one the card describes, and whether the card says its
model was trained from scratch: the shared vetoes of the prose base readers that read a base out of a sentence
(auditor/card_named_base.py, auditor/card_base_is.py).

Why: a card names more models than its own. A reward model ("The reward model we used for RLHF is based on X"), a
DPO reference ("using as the reference policy the base model X"), a teacher or judge, a sibling release ("A larger
sibling, fine-tuned from X, is also available") or a lead-in ("For the reward model used in RLHF, the base model is
X") each has a base of its own, which is not this model's (review 28, finding 3). The subject is read over the whole
sentence before the phrase, not only its comma clause: an apposition puts the subject before the comma. A card that
says its model was trained from scratch names no base in such sentences, as MergeReader's `scratch` already rules for
merge ingredients (auditor/card_merge.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from auditor.lazyre import lazy_compile

MAX_SCRATCH_LINE = 1_000  # a statement is one sentence; longer lines are not read for it
MAX_ATTACHED_BEFORE = 40  # characters before a "for the ... model" read for the noun it attaches to
# another model named as a subject or lead-in: a role's model ("reward model", "reference policy", "teacher",
# "judge LLM"), a sibling or another size ("a larger sibling", "the smaller variant", "our other model"), or a lead-in
# that names the model it is about ("For the reward model, ...", "For the 70B model, ...")
OTHER_MODEL = lazy_compile(
    r"\b(?:(?:reward|reference|teacher|judge|critic|verifier|draft|preference|value)\s+"
    r"(?:model|policy|llm|network|checkpoint|lm)s?\b|siblings?\b|"
    r"(?:larger|smaller|bigger|tinier|other|another|sister|companion)\s+(?:\w+\s+)?"
    r"(?:models?|versions?|variants?|siblings?|checkpoints?|releases?)\b|"
    r"for\s+(?:the|our|its|their)\s+(?:[\w.-]+\s+){0,3}?(?:model|checkpoint|variant|version)s?\b)",
    re.IGNORECASE)
# what a "for the ... model" attaches to when it names the model a thing is made for, not a sentence's lead-in: "A
# LoRA adapter for the Acme chat model, fine-tuned from X", "Weights for the Qwen2 chat model", "GGUF quants for the X
# model" say what this repository adds to or holds of that model, whose base the rest of the sentence names (lineage
# pass 22). The noun must stand right before "for": "The tokenizer for the 70B model is based on X" is another model's
# part, still a lead-in. Only the words just before are read (MAX_ATTACHED_BEFORE), so many such phrases in a sentence
# cost a short look each.
_ATTACHED_FOR = lazy_compile(
    r"\b(?:adapters?|lora|qlora|dora|loras|weights|heads?|plug-?ins?|patch(?:es)?|deltas?|quanti[sz]ations?|quants?|"
    r"gguf|ggml|awq|gptq|exl2|mlx|onnx|conversions?|ports?|exports?|fine-?tunes?|extensions?|add-?ons?|modules?)"
    r"[\s*_`]*$", re.IGNORECASE)
_SENTENCE_MARK = lazy_compile(r"[.!?](?:\s|$)|<t[dh][^>]*>")
# "trained from scratch" (MergeReader reads the same words, auditor/card_merge.py); "not trained from scratch" is no
# such claim
SCRATCH = lazy_compile(r"(?<!not\s)(?<!n't\s)\b(?:trained|pre-?trained|built)\s+(?:\w+\s+){0,3}?from\s+scratch\b",
                        re.IGNORECASE)
# a scratch statement about a base or another model ("the base model was pretrained from scratch") is not this one's
_BASE_SUBJECT = lazy_compile(r"\bbase\b|\bfoundation\b|\bparent\b|\bupstream\b", re.IGNORECASE)
# The publisher's process or product line as a sentence's subject (card-reader differential 35, left over): "Our
# pipeline produces quantized versions of [X](url)", "Our conversion service makes GGUF versions of X", "We regularly
# publish quantized versions of popular models such as X" describe what the publisher does in general, not what this
# repository holds; "This repo contains quantized versions of X", "We quantized X", "We provide the official GGUF
# version of X" still speak of this repository. Two shapes: "our" and up to two words before a noun that names a
# process, a tool or a product line (never the model: "our model", "our team fine-tuned" stay this model's); or "we"
# (or "our team / company / lab") with a present-tense verb of making, and a word that says it is done over and over
# or to many models ("regularly", "automatically", "all", "popular", "every"). Only the words of the sentence before
# the phrase are read, and none of it when "this", "these" or "here" points at the repository.
_PROCESS_NOUN = (r"(?:pipelines?|process(?:es)?|workflows?|tool(?:s|kit|chain)?|scripts?|bots?|services?|"
                 r"platforms?|systems?|automation|infrastructure|frameworks?|librar(?:y|ies)|methods?|approach|"
                 r"recipes?|product(?:\s+line)?s?|line\s+of\s+\w+|mission|goal|aim|focus|quanti[sz]ers?|"
                 r"converters?|factory|program(?:me)?s?|initiative)")
_OUR_PROCESS = lazy_compile(rf"\bour\s+(?:[\w-]+\s+){{0,2}}?{_PROCESS_NOUN}\b", re.IGNORECASE)
_WE_MAKE = lazy_compile(
    r"\b(?:we|our\s+(?:team|company|lab|organi[sz]ation|group|community))\s+(?:\w+ly\s+)?(?:also\s+)?"
    r"(?:produce|make|create|publish|build|generate|release|provide|offer|maintain|host|upload|distribute|share|"
    r"convert|quanti[sz]e|prepare|run|specialis?ze\s+in|focus\s+on)s?\b", re.IGNORECASE)
_HABITUAL = lazy_compile(
    r"\b(?:regularly|routinely|automatically|continuously|constantly|always|usually|typically|daily|weekly|nightly|"
    r"every|each\s+new|all|many|various|popular|latest|any|most)\b", re.IGNORECASE)
_POINTS_HERE = lazy_compile(r"\b(?:this|these|here)\b", re.IGNORECASE)


def sentence_before(line: str, at: int) -> str:
    """The words of the sentence that runs up to position `at` of a line (the line's start at most)."""
    return _SENTENCE_MARK.split(line[:at])[-1]


def names_other_model(text: str) -> bool:
    """Whether `text` (the words of a sentence before a base phrase) names another model as its subject or lead-in
    (OTHER_MODEL): a "for the ... model" that an adapter's, a quantization's or weights' noun governs names the model
    this repository is made for, not another one (_ATTACHED_FOR)."""
    for match in OTHER_MODEL.finditer(text):
        at = match.start()
        if match.group(0)[:3].lower() == "for" and \
                _ATTACHED_FOR.search(text, max(0, at - MAX_ATTACHED_BEFORE), at) is not None:
            continue
        if _SIBLING_WORD.search(match.group(0)) and _own_subject_beside(text, match):
            continue
        return True
    return False


# A sibling or another size named without its id beside this model as the sentence's subject: "Like its sibling
# Bar-7B, this model is fine-tuned from X", "This model, the 13B sibling of Bar-7B, is fine-tuned from X", "A sibling
# of Bar-7B, this model is based on X" (Skywork's and DCLM's family cards). The sibling is an apposition or a
# comparison; the sentence's base is this model's, which the veto dropped (the card then named no base at all). Only
# the sibling words: a reward model, a teacher or a lead-in ("For the 70B model, ...") still vetoes.
_SIBLING_WORD = lazy_compile(r"\b(?:siblings?|sister|companion|larger|smaller|bigger|tinier|other|another)\b",
                             re.IGNORECASE)
# this model as a subject: "this model", "the model", "our model", "this checkpoint"; never "of this model" (the
# sibling of this model is the other one) nor "this model's" (its sibling is)
_OWN_SUBJECT = lazy_compile(
    r"(?<!\bof\s)\b(?:this|the|our)\s+(?:model|checkpoint|repository|release)\b(?![\'’]s)|"
    r"(?:^|[,;]\s{0,3})it\s+(?:is|was|has)\b", re.IGNORECASE)


def _own_subject_beside(text: str, mention: re.Match[str]) -> bool:
    """Whether a sibling mention's sentence has this model as its subject outside the mention (_OWN_SUBJECT), the
    mention not naming this model's sibling as the one the sentence speaks of ("the larger sibling of this model")."""
    return any(not (found.start() < mention.end() and mention.start() < found.end())
               for found in _OWN_SUBJECT.finditer(text))


def describes_process(sentence: str) -> bool:
    """Whether the words of a sentence before a "made from" phrase have the publisher's process or product line as
    their subject, not this repository (see _OUR_PROCESS, _WE_MAKE): "Our pipeline produces quantized versions of"."""
    if _POINTS_HERE.search(sentence):
        return False
    return _OUR_PROCESS.search(sentence) is not None or (
        _WE_MAKE.search(sentence) is not None and _HABITUAL.search(sentence) is not None)


def about_other_model(line: str, at: int) -> bool:
    """Whether the sentence before position `at` names another model as its subject or lead-in (names_other_model)."""
    return names_other_model(sentence_before(line, at))


def says_scratch(lines: Iterable[str]) -> bool:
    """Whether a card's prose says its own model was trained from scratch: a "trained from scratch" sentence whose
    words before the phrase name no base and no other model ("The base model was pretrained from scratch" is the
    base's history, not this model's)."""
    for line in lines:
        if len(line) > MAX_SCRATCH_LINE or "scratch" not in line.lower():
            continue
        for match in SCRATCH.finditer(line):
            before = sentence_before(line, match.start())
            if not _BASE_SUBJECT.search(before) and not names_other_model(before):
                return True
    return False
