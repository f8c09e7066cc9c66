"""A card's sentence that says which model its base is, with the base as the sentence's complement: "The base model is
`org/x`", "Our base checkpoint is [X](https://huggingface.co/org/x)", "El checkpoint base es `org/x`" (lineage pass
21: an MLX packaging's summary), "Das Basismodell ist org/x". A label ("Base model: org/x") and a "made from" phrase
("fine-tuned from org/x") are read in auditor/card.py; this is the copula's shape, which neither is, and the
apposition's ("download the base model [X](https://huggingface.co/org/x)", the subject with the id right after it),
and the id named first with its role after ("- [org/x](https://huggingface.co/org/x) as the base", lineage pass 31).

Only the complement right after the verb counts (an article or the word "model" may stand between): "the base model
is not `org/x`", "the base model is trained on `org/data`" or "the base model is Llama-style" name no base here, nor
does another model's base ("Y, whose base model is X", "the teacher's base model is X", "For the reward model used
in RLHF, the base model is X": auditor/card_other_model.py reads the whole sentence before the subject). A card that
says its model was trained from scratch vetoes this reader in auditor/card.py (card_statements).
"""

from __future__ import annotations

import re

from auditor.card_other_model import about_other_model
from auditor.card_text import HUB_HOST, REPO_ID, REPO_PAGE_TAIL
from auditor.lazyre import lazy_compile

# the subject: "the base model", "our base checkpoint", "the underlying model", "el modelo base", "el checkpoint
# base", "o modelo base", "le modèle de base", "das Basismodell" (an article or possessive first, or the line's start)
_SUBJECT = (
    r"(?:(?:the|our|its|this\s+model's|el|la|o|a|le|das|der|il)\s+)?"
    r"(?:(?:base|underlying|parent|starting|foundation)\s+(?:model|checkpoint|llm)|"
    r"(?:modelo|checkpoint|modello|mod[èe]le)\s+(?:de\s+|di\s+)?base|basismodell|ausgangsmodell)")
# the copula in those languages
_VERB = r"(?:is|was|es|era|ist|war|est|é|è)"
# what may stand between the verb and the id: an article, the word "model"
_FILLER = r"(?:(?:the|el|la|le|o|il|das|der|model|modelo|modello|mod[èe]le|modell)\s+){0,2}"
BASE_IS = lazy_compile(
    rf"(?:^|(?<=[\s>*_(|]))(?P<subject>{_SUBJECT})\s+{_VERB}\s+{_FILLER}[*_]*"
    rf"(?:`(?P<quoted>{REPO_ID})`|\[[^\]\n]{{0,120}}\]\(\s*{HUB_HOST}(?P<linked>{REPO_ID}){REPO_PAGE_TAIL}?/?\s*\)|"
    rf"(?P<bare>{REPO_ID}))(?=[\s`*_),;:]|\.(?:\s|$)|$)",
    re.IGNORECASE)
# The subject with the base right after it, no verb between (an apposition): "make sure to download the base model
# [Flux.1 dev](https://huggingface.co/black-forest-labs/FLUX.1-dev/tree/main)" (a Flux LoRA's card, lineage pass 24),
# "load the base model `org/x` first". Only an id in backticks or a Hub link: a bare word after "the base model" is
# often no id ("the base model weights/tokenizer").
BASE_APPOSED = lazy_compile(
    rf"(?:^|(?<=[\s>*_(|]))(?P<subject>{_SUBJECT})[\s*_]{{1,4}}"
    rf"(?:`(?P<quoted>{REPO_ID})`|\[[^\]\n]{{0,120}}\]\(\s*{HUB_HOST}(?P<linked>{REPO_ID}){REPO_PAGE_TAIL}?/?\s*\))",
    re.IGNORECASE)
# The base named first and its role after ("- [meta-llama/Meta-Llama-3-8B-Instruct](url) as the base", gradientai's
# 1048k card, lineage pass 31; "using `org/x` as our base model", "with [X](url) as the starting checkpoint"): an id in
# backticks or a Hub link, then "as" and the role, which ends there: "as the base for the reward model" or "as the
# base of the judge" is another model's base, "as the baseline" a comparison.
BASE_AS = lazy_compile(
    rf"(?:`(?P<quoted>{REPO_ID})`|\[[^\]\n]{{0,120}}\]\(\s*{HUB_HOST}(?P<linked>{REPO_ID}){REPO_PAGE_TAIL}?/?\s*\))"
    r"[*_]{0,3}\s{1,3}as\s{1,3}(?:(?:the|our|its|a)\s{1,3})?"
    r"(?:base|starting\s+(?:point|checkpoint)|foundation|initiali[sz]ation)(?:\s+(?:model|checkpoint|llm))?"
    r"(?![\w-])(?!\s+(?:for|of)\b)",
    re.IGNORECASE)
# the words right before the subject that make it another model's base ("Y, whose base model is X", "the teacher's
# base model is X", "their base model is X")
_ANOTHERS = lazy_compile(r"(?:\bwhose|\btheir|\bhis|\bher|\w['’]s?)\s*$", re.IGNORECASE)


def base_is(line: str) -> tuple[str, bool] | None:
    """(the id a line's "the base model is X" names, whether it is written bare, with no backticks or link), or
    None. The caller checks a bare id's shape (it may be a path or a pair of words, "input/output")."""
    if "/" not in line:
        return None
    match = BASE_IS.search(line) or BASE_APPOSED.search(line)
    if match is None:
        named = BASE_AS.search(line)
        if named is None or about_other_model(line, named.start()):
            return None
        return named.group("quoted") or named.group("linked"), False
    if _ANOTHERS.search(line[: match.start("subject")]) or about_other_model(line, match.start("subject")):
        return None  # "For the reward model used in RLHF, the base model is X": that model's base, not this one's
    quoted = match.group("quoted") or match.group("linked")
    return (quoted, False) if quoted else (match.groupdict().get("bare"), True)
