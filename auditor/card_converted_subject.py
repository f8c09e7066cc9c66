"""The original a conversion's or a copy's card names as the subject of its own sentence, with no "made from" phrase
before it: "this is [miqu-1-70b](https://huggingface.co/miqudev/miqu-1-70b), dequantised from q5 to f16"
(152334H/miqu-1-70b-sf), "This is deepseek-ai/DeepSeek-R1-Distill-Qwen-7B model converted to the OpenVINO IR format"
(an OpenVINO card without front matter), "Just an easy to download copy of https://huggingface.co/TheBloke/
wizardLM-7B-GPTQ/tree/main" (a re-upload), lineage pass 25.

Why: the card readers find a base after a phrase that says where the weights came from ("converted from", "quants
of"); these cards put the original first and the conversion after it, or call the repository a copy, so the
conversion passed as a model of its own (no base, its terms never reached). The original is the base; a conversion
(dequantised, converted, exported, compressed) holds its weights in another format, the relation the Hub calls
"quantized"; a copy holds them as they are, "quantized" too when the copied repository is a quantization (its name or
the line says GPTQ, GGUF, AWQ...). Only the sentence's own subject counts ("this is", "this repo is", "here is"), and
a copy of a license, a card or a file (a link into a repository's files other than its tree) names no model.

A maker's own compressed release says it of itself without naming the original in the sentence: "This is a
compressed version of the weights ... For more information about the model, visit https://huggingface.co/google/
gemma-2b" (google/gemma-2b-sfp-cpp, review pass 32 P2). The one Hub model the same line links after that sentence is
the original; a line linking two or more models does not say which, and names none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.card_text import HUB_HOST, REPO_ID, SITE_PAGES
from auditor.lazyre import lazy_compile

MAX_LINE = 600  # a subject sentence is short; longer lines are not read for it
# the subject that opens the sentence: "this is", "this repo(sitory) is / holds / contains", "here is", "it is"
_OPENING = (r"^[\s>*_#-]{0,8}(?:just\s+)?(?:this\s+(?:model\s+|repo(?:sitory)?\s+)?(?:is|holds|contains)|here\s+is|"
            r"it\s+is)\s+")
# the original named right after it: a Hub link (its address gives the id), an id in backticks or a bare id
_NAMED = (r"(?:the\s+|an?\s+)?(?:\[[^\]\n]{1,120}\]\(\s*"
          rf"{HUB_HOST}(?P<linked>{REPO_ID})(?:/tree/[\w.-]{{1,80}})?/?\s*\)"
          rf"|`(?P<quoted>{REPO_ID})`|(?P<bare>{REPO_ID})(?![\w/.-]))")
# then the conversion said of it, within a few words ("model converted to", ", dequantised from q5 to f16",
# "(Tencent's model) exported to ONNX")
_CONVERTED = lazy_compile(
    _OPENING + _NAMED + r"[\s,*_]{0,4}(?:\([^()\n]{0,80}\)\s{0,3})?(?:model\s+|weights\s+|checkpoint\s+)?"
    r"(?:that\s+(?:was|has\s+been)\s+|which\s+(?:was|has\s+been)\s+)?"
    r"(?P<verb>de-?quanti[sz]ed|quanti[sz]ed|converted|exported|compressed|transposed|ported)\b",
    re.IGNORECASE)
# The original named first with no subject words before it, then the quantization said with its precision or its
# format: "[Meta-Llama-3-8B-Instruct](https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct) quantized to 4-bit",
# "# `org/x`, quantized to 8 bits with AWQ", "- [X](url) quantized using bitsandbytes to NF4" (issue 19 leftovers). A
# bare "quantized" after a name says nothing of this repository ("X quantized well in our tests"): the precision or
# the format after "to", "in", "into", "at", "with", "using" or "via" makes it the line's statement of what this
# repository holds. A name that is itself a quantization's repository (its id says GPTQ, GGUF, 4bit...) is another
# quantized release the line points to (a sibling), not the original: see _QUANTIZED_KIND.
_QUANTIZED_NAMED = lazy_compile(
    r"^[\s>*_#-]{0,8}" + _NAMED + r"[\s,*_]{0,4}(?:\([^()\n]{0,80}\)\s{0,3})?(?:model\s+|weights\s+|checkpoint\s+)?"
    r"(?:(?:that|which)\s+(?:was|has\s+been|is)\s+)?(?:de-?)?quanti[sz]ed\s+(?:(?:to|in|into|at|with|using|via)\s+)"
    r"(?:[\w.-]{1,20}\s+){0,2}?(?:(?:to|in|into|at)\s+)?"
    r"(?:[2-8]-?bits?|[2-8]\s+bits|int[2348]|u?int[2348]|fp[48]|nf4|w\d+a\d+|i?q[2-8](?:_[a-z0-9]+)*|gguf|ggml|gptq|awq|"
    r"exl2|mlx|hqq|bitsandbytes|bnb)(?![\w-])(?!\.\w)",
    re.IGNORECASE)
# "a copy of", "an easy to download copy of", "a mirror of", "a re-upload of": the id or the Hub address after it,
# an address only to the repository or its file tree (a link to a file, "a copy of the license", names no model)
_COPY = lazy_compile(
    r"\b(?:an?\s+)?(?:[\w-]{1,20}\s+){0,4}?(?:copy|mirror|re-?upload|reupload|clone)\s+of\s+(?:the\s+)?"
    rf"(?:\[[^\]\n]{{1,120}}\]\(\s*)?(?:{HUB_HOST}(?P<addressed>{REPO_ID})(?:/tree/[\w.-]{{1,80}})?/?"
    rf"|`(?P<quoted>{REPO_ID})`)(?=$|[\s)>.,;!?])",
    re.IGNORECASE)
# what makes a copied repository a quantization: its name or the line says a quantized format
_QUANTIZED_KIND = lazy_compile(r"(?<![a-z])(?:gptq|gguf|ggml|awq|exl2|mlx|onnx|int[48]|fp8|[2-8]-?bits?|quant\w*)"
                               r"(?![a-z])", re.IGNORECASE)
# a copy of something that is no model: a license, a card, terms, a dataset, code
_NOT_A_MODEL = lazy_compile(r"\b(?:licen[cs]e|terms|agreement|card|readme|dataset|data|code|paper|notebook|"
                            r"script)s?\b", re.IGNORECASE)


# "this is a compressed version of the weights", "this repository holds a 4-bit quantized version of the model's
# weights", "these are converted weights": the weights themselves, no original named in the sentence
_OWN_WEIGHTS = lazy_compile(
    r"\b(?:this\s+(?:model\s+|repo(?:sitory)?\s+)?(?:is|holds|contains)|these\s+are)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w-]{1,20}\s+){0,2}?(?:de-?quanti[sz]ed|quanti[sz]ed|converted|compressed)\s+"
    r"(?:version\s+of\s+(?:the\s+|its\s+)?(?:model(?:'s)?\s+)?)?weights\b", re.IGNORECASE)
_COMPARED = lazy_compile(r"\b(?:compare[ds]?|comparison|unlike|versus|vs\.?|than|see\s+also|alternatively)\b",
                         re.IGNORECASE)
# a Hub address to a repository (not a file of it), anywhere after that sentence on the line
_HUB_MODEL = lazy_compile(rf"{HUB_HOST}(?!datasets/|spaces/)(?P<id>{REPO_ID})(?:/tree/[\w.-]{{1,80}})?/?"
                          r"(?=$|[\s)>,;!?]|\.(?:\s|$))", re.IGNORECASE)


def _owned(found: str) -> bool:
    """Whether an id names a repository: an owner that is no page of the Hub's site and no file-like name."""
    owner, _, name = found.partition("/")
    return len(owner) > 1 and len(name) > 1 and owner.lower() not in SITE_PAGES and "." not in owner


def _converted(line: str) -> tuple[str, bool] | None:
    """(id, quantized) of the original a "this is X, converted ..." sentence names, else None."""
    match = _CONVERTED.match(line)
    if match is None:
        return None
    found = match.group("linked") or match.group("quoted") or match.group("bare")
    return (found, True) if found and _owned(found) else None


def _quantized_named(line: str) -> tuple[str, bool] | None:
    """(id, True) of the original a line opens with and says is quantized to a precision or format, else None (see
    _QUANTIZED_NAMED); never a name that is itself a quantized release."""
    match = _QUANTIZED_NAMED.match(line)
    if match is None:
        return None
    found = match.group("linked") or match.group("quoted") or match.group("bare")
    return (found, True) if found and _owned(found) and not _QUANTIZED_KIND.search(found) else None


def _copied(line: str) -> tuple[str, bool] | None:
    """(id, quantized) of the repository a "copy of X" sentence says this one copies, else None."""
    for match in _COPY.finditer(line):
        found = match.group("addressed") or match.group("quoted")
        if found and _owned(found) and not _NOT_A_MODEL.search(line[max(0, match.start() - 40): match.start("addressed")
                                                                    if match.group("addressed")
                                                                    else match.start("quoted")]):
            return found, bool(_QUANTIZED_KIND.search(found) or _QUANTIZED_KIND.search(line))
    return None


def _own_weights(line: str) -> tuple[str, bool] | None:
    """(id, quantized) of the one Hub model a line links after saying it holds a compressed, quantized or converted
    version of the weights, else None (no link, or links to two or more models)."""
    said = _OWN_WEIGHTS.search(line)
    if said is None:
        return None
    # only a link before any comparison ("... the quantized weights of our model. Compare with https://huggingface.co/X"
    # links a model to compare against, not the one quantized); a later sentence may name the original ("For more
    # information about the model, visit https://huggingface.co/google/gemma-2b", gemma-2b-sfp-cpp)
    compared = _COMPARED.search(line, said.end())
    stop = compared.start() if compared is not None else len(line)
    found = {m.group("id").rstrip(".") for m in _HUB_MODEL.finditer(line, said.end(), stop)}
    found = {f for f in found if _owned(f)}
    return (found.pop(), True) if len(found) == 1 else None


def converted_subject(prose: Sequence[str], first_line: int) -> tuple[str, int, bool] | None:
    """(id, README line, quantized) of the original the first sentence of this kind names, else None. `prose` holds
    each line's prose (code blocks blanked), numbered from `first_line`."""
    for number, line in enumerate(prose, first_line):
        if not line or len(line) > MAX_LINE:
            continue
        found = _converted(line) or _quantized_named(line) or _copied(line) or _own_weights(line)
        if found is not None:
            return found[0], number, found[1]
    return None
