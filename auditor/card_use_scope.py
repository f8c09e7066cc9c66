"""A card's prose limiting use to research, or ruling out commercial use, in words its declared license does not
(lineage pass 25's BelleGroup/BELLE-7B-2M: apache-2.0 declared, while its English "only use ... for research purposes.
Commercial use ... not allowed" and its Chinese 仅...用于研究目的，不得用于商业 say the publisher allows no
commercial use).

Why: the Hub shows the declared license, and a permissive one lets a commercial policy pass. The publisher's own
restriction, said in the card, is at least a question for legal before commercial use: rule CRD005 reports it when
the policy's use is commercial and the effective license itself allows commercial use (LIC007 already covers a
license that forbids it). What binds (the license or the card's words) is for legal; the audit fails closed.

kind "use-scope-stated": `as_written` the words that say it (cut at a word, auditor/card_quote.py), `line` its README
line, `roles` ("research-only") or ("non-commercial"), "-intended" appended where the words only say what the model
is intended for, or ("base-license-non-commercial") where the words say another model's licence (the base's, the
original weights') rules out commercial use: Ziya-LLaMA-13B-v1 declares gpl-3.0 while its English and Chinese prose
say that, because of the licensing restrictions of the LLaMA weights, commercial use "is precluded" (不能用于商业);
StableVicuna notes that the base LLaMA weights' licence is Meta's "non-commercial bespoke license". The declared
license is then not the whole answer: the base's terms travel with it. Only a line that speaks of the model or the
project's artifacts ("model", "weights", "checkpoint", "artifacts", 模型) counts: a dataset's own research-only terms
are the data's.
"""

from __future__ import annotations

import re

from auditor.card_quote import clipped
from auditor.lazyre import lazy_compile

KIND = "use-scope-stated"
WINDOW = 60  # characters past the match read for the rest of its clause
# "only use ... for research purposes", "for research purposes only", "research-only", "solely for non-commercial
# research", "purely intended for research purposes" (Guanaco),
# research", "仅...用于研究", "仅供研究", "仅限研究"
_RESEARCH_ONLY = lazy_compile(
    r"\b(?:only|solely|exclusively|purely)\b[^.;\n]{0,100}?\bfor\s+(?:non-?commercial\s+)?(?:academic\s+)?research\b|"
    r"\bfor\s+(?:non-?commercial\s+)?(?:academic\s+)?research\s+(?:purposes?\s+|use\s+)?only\b|\bresearch[- ]only\b|"
    r"仅[^。；\n]{0,60}?用于(?:学术)?研究|仅供(?:学术)?研究|仅限(?:学术)?研究",
    re.IGNORECASE)
# "Commercial use ... is not allowed / prohibited", "not (be) used for commercial", "non-commercial use only",
# "不得用于商业", "禁止商用", "不可商用", "不得商用", "禁止商业"
_NO_COMMERCIAL = lazy_compile(
    r"\bcommercial\s+(?:use|usage|purposes?)\b[^.;\n]{0,60}?\b(?:(?:is|are)\s+)?(?:not\s+(?:be\s+)?(?:allowed|"
    r"permitted)|prohibited|forbidden)\b|\b(?:not|never)\s+(?:be\s+)?used?\s+(?:for\s+)?commercial(?:ly)?\b|"
    r"\bnon-?commercial\s+(?:use|purposes?)\s+only\b|不得用于商业|禁止商用|不可商用|不得商用|禁止商业|不可用于商业",
    re.IGNORECASE)
# the base's licence barring commercial use: a licence word, a phrase that bars commercial use, and words that make the
# licence another model's ("licensing restrictions of X", "License for the base ...", "X's license", X权重的许可)
_LICENSE_WORD = lazy_compile(r"\blicen[cs](?:e|es|ed|ing)\b|许可|授权", re.IGNORECASE)
_COMMERCIAL_BARRED = lazy_compile(
    r"\bcommercial\s+(?:use|usage|purposes?)\b[^.;\n]{0,40}?\b(?:precluded|prohibited|forbidden|restricted|barred|"
    r"not\s+(?:allowed|permitted))\b|\b(?:restricts?|prohibits?|forbids?|precludes?|bars?|disallows?)\s+(?:any\s+)?"
    r"(?:the\s+)?commercial\b|\bnon-?commercial\s+(?:[\w-]+\s+){0,2}?licen[cs]e\b|"
    r"(?:不能|不得|不可|禁止)(?:用于)?商(?:业|用)",
    re.IGNORECASE)
_ANOTHERS_LICENSE = lazy_compile(
    r"\blicen[cs](?:e|es|ing)\s+(?:restrictions?\s+|limitations?\s+|terms\s+|agreement\s+)?(?:of|for|on)\s|"
    r"\b(?:base|original|upstream|parent|foundation|underlying)\b|'s\s+(?:[\w-]+\s+){0,3}?licen[cs]e\b|"
    r"的(?:许可|授权)|(?:许可|授权)(?:证|协议)?(?:的)?限制",
    re.IGNORECASE)
_ABOUT_MODEL = lazy_compile(r"\b(?:models?|weights|checkpoints?|artifacts?)\b|模型", re.IGNORECASE)
# a sentence that allows what it names ("free for research and commercial use") or speaks of another's terms
_ALLOWS = lazy_compile(r"\bresearch\s+and\s+commercial\b|\bcommercial\s+and\s+research\b|\bnot\s+only\b|"
                       r"\b(?:licen[cs]e|terms)\s+of\s+(?:the\s+)?(?:dataset|data)\b", re.IGNORECASE)
# "The model is intended for research purposes only" (the Stable Diffusion cards' "Direct Use"): the publisher's intent,
# kept as a statement (role "research-only-intended") but not read by CRD005 as a restriction
_INTENDED = lazy_compile(r"\bintended\b|\bdesigned\b|\bmeant\b", re.IGNORECASE)
_CHEAP = ("research", "commercial", "研究", "商")


def use_scope(line: str, number: int) -> tuple[str, int, str] | None:
    """(the words, the line, "research-only" or "non-commercial") of a line where the publisher limits the model's use
    to research or rules out commercial use; None when it says neither (see the module's docstring)."""
    if len(line) > 2_000 or not any(word in line for word in _CHEAP) or not _ABOUT_MODEL.search(line):
        return None
    if _ALLOWS.search(line) or line.lstrip().startswith(("|", "<")):
        return None  # (a table row or HTML cell speaks of one of several models: bloomz's "-p3" row)
    base_license = _base_license_bars_commercial(line)
    if base_license is not None:
        return clipped(line, *base_license), number, "base-license-non-commercial"
    for pattern, scope in ((_RESEARCH_ONLY, "research-only"), (_NO_COMMERCIAL, "non-commercial")):
        found = pattern.search(line)
        if found is not None:
            stop = next((i for i in range(found.end(), min(len(line), found.end() + WINDOW)) if line[i] in ".;。；\n"),
                        min(len(line), found.end() + WINDOW))
            # "intended for research purposes only", and "purely intended for research" (the word inside the match)
            intended = _INTENDED.search(line[max(0, found.start() - 40): found.end()]) is not None
            return clipped(line, found.start(), stop), number, f"{scope}-intended" if intended else scope
    return None


def _base_license_bars_commercial(line: str) -> tuple[int, int] | None:
    """(start, end) of the words where a line says another model's licence (the base's, the original weights') rules
    out commercial use, None when it does not (see the module's docstring)."""
    if _LICENSE_WORD.search(line) is None or _ANOTHERS_LICENSE.search(line) is None:
        return None
    barred = _COMMERCIAL_BARRED.search(line)
    if barred is None:
        return None
    floor = max(0, barred.start() - 3 * WINDOW)  # the sentence that says it, read back to its start
    start = next((i + 1 for i in range(barred.start() - 1, floor - 1, -1) if _sentence_end(line, i)), floor)
    stop = next((i for i in range(barred.end(), min(len(line), barred.end() + WINDOW)) if _sentence_end(line, i)),
                min(len(line), barred.end() + WINDOW))
    sentence = line[start:stop]
    # the licence and the other model must be the same sentence's, and no dataset's ("the training dataset's license
    # prohibits commercial use", "the original Alpaca dataset is released under a non-commercial license")
    if _LICENSE_WORD.search(sentence) is None or _ANOTHERS_LICENSE.search(sentence) is None \
            or _DATA_LICENSE.search(sentence) is not None:
        return None
    return start, stop


# a dataset's licence, not a model's: "dataset's license", "the data ... is released under", "license of the corpus"
_DATA_LICENSE = lazy_compile(
    r"\b(?:datasets?|data|corpus|corpora)(?:'s)?\s+(?:[\w-]+\s+){0,4}?(?:(?:is|are)\s+(?:released|licen[cs]ed|"
    r"distributed|available)\b|licen[cs](?:e|es|ing)\b)|\blicen[cs](?:e|es|ing)\s+(?:of|for|on)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:datasets?|data|corpus|corpora)\b|数据(?:集)?的?(?:许可|授权)", re.IGNORECASE)


def _sentence_end(line: str, i: int) -> bool:
    """Whether line[i] ends a sentence: a full stop followed by a space or the line's end (never a version's dot,
    "4.0", "FLUX.1"), a semicolon, or a Chinese stop."""
    char = line[i]
    if char in ";。；!?\n":
        return True
    return char == "." and (i + 1 == len(line) or line[i + 1].isspace())
