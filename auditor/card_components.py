"""The further bases a "made from" sentence names in one list with the first: a vision-language model "built upon
[SigLIP](https://huggingface.co/google/siglip-so400m-patch14-384) and [Llama-3-8B-Instruct](https://huggingface.co/
meta-llama/Meta-Llama-3-8B-Instruct)" (BAAI/Bunny-Llama-3-8B-V, lineage pass 25), a model "initialized from [X](url)
and [Y](url)".

Why: the card reader keeps the first model such a sentence names (auditor/card.py "base-stated"); a model assembled
from a vision encoder and a language model has both as bases, and the second one's terms (here Llama 3's, under an
Apache-2.0 declaration) were never reached. Only Hub links joined right after the first one by "and", a comma, "&",
"+" or "with" count, with at most a few words of their own between ("and the language model [Y](url)"); a later
clause ("and trained on [data](url)", "and compared with [Z](url)") names no base, as its verb or words say.
"""

from __future__ import annotations

import re

from auditor.card_text import HUB_HOST, REPO_ID, SITE_PAGES
from auditor.lazyre import lazy_compile

MAX_LINE = 1000  # a sentence; longer lines are not read for it
MAX_COMPONENTS = 4  # a sentence listing more models is a comparison or a family, not one model's parts
# the phrases that say a model is assembled from (or started from) the models named
# A plural base label lists the models the same way ("- **Parent Models:** [X](url) and [Y](url)", HuggingFaceM4/
# idefics2-8b, lineage pass 29): a vision encoder and a language model, each a base.
_PHRASE = lazy_compile(
    r"\b(?:built\s+(?:up)?on(?:\s+top\s+of)?|built\s+from|based\s+on|consists?\s+of|composed\s+of|made\s+up\s+of|"
    r"combin(?:es|ing)|initiali[sz]ed\s+(?:from|with)|integrat(?:es|ing)|"
    # a composed model "fine-tuned from [meta-llama/Meta-Llama-3-8B-Instruct](url) and [CLIP-ViT-Large-patch14-336]
    # (url)" (xtuner/llava-llama-3-8b-v1_1, lineage pass 31): the language model and the vision encoder it started from
    r"fine-?tuned\s+from)\s+"
    r"|\b(?:parent|base)\s+models[*_]{0,3}\s{0,3}[:：][*_]{0,3}\s{0,3}", re.IGNORECASE)
# one Hub link (its address gives the id; the file tree or a file of it still names it)
_LINK = lazy_compile(rf"\[[^\[\]\n]{{1,120}}\]\(\s*{HUB_HOST}(?P<id>{REPO_ID})(?:/[^()\s]{{0,200}})?\s*\)",
                     re.IGNORECASE)
# what may stand before the first link: an article and a few words naming its part ("the vision encoder")
_LEAD = lazy_compile(r"(?:(?:the|a|an|our)\s+)?(?:[\w-]{1,30}\s+){0,3}?(?=\[)", re.IGNORECASE)
# what joins the next link to the list: a comma, "and", "&", "+", "with", then a few words naming its part; never a
# verb or a word that opens another clause
_JOIN = lazy_compile(r"(?:\s*+,\s*+(?:and\s+)?|\s++(?:and|with|plus)\s+|\s*+[&+]\s*+)(?:(?:the|a|an|our)\s+)?"
                     r"(?P<words>(?:[\w-]{1,30}\s+){0,3}?)(?=\[)", re.IGNORECASE)
_NOT_A_PART = lazy_compile(r"\b(?:trained|tuned|fine-?tun\w*|compared|evaluated|tested|data(?:sets?)?|corpus|"
                           r"than|versus|vs|benchmark\w*|baselines?|judged|outperform\w*|beats?|surpass\w*|"
                           r"exceed\w*|match(?:es|ing)?|rivals?|replac\w*|instead)\b", re.IGNORECASE)


def _owned(found: str) -> bool:
    owner = found.partition("/")[0]
    return owner.lower() not in SITE_PAGES and "." not in owner


def component_bases(line: str) -> list[str]:
    """The ids of the Hub links one "made from" phrase lists together in `line`, first to last, when it lists two
    or more (else []): each is a base of the model the sentence is about."""
    if len(line) > MAX_LINE or "](" not in line:
        return []
    for phrase in _PHRASE.finditer(line):
        lead = _LEAD.match(line, phrase.end())
        if lead is None:
            continue
        link = _LINK.match(line, lead.end())
        if link is None:
            continue
        found = [link.group("id")]
        at = link.end()
        while len(found) <= MAX_COMPONENTS:
            join = _JOIN.match(line, at)
            if join is None or _NOT_A_PART.search(join.group("words")):
                break
            link = _LINK.match(line, join.end())
            if link is None:
                break
            found.append(link.group("id"))
            at = link.end()
        ids = list(dict.fromkeys(f for f in found if _owned(f)))
        if 2 <= len(ids) <= MAX_COMPONENTS:
            return ids
        return []
    return []
