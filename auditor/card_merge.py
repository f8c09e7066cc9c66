"""The models a merge's card names in its prose, and whether the prose says the model is a merge.

Why prose at all: many merges never fill `base_model` and ship no mergekit configuration, and an offline catalog keeps
only a card's facts, never its blocks. Their ingredients are then named only in sentences ("The models used in the
merge are [Xwin](https://huggingface.co/Xwin-LM/Xwin-LM-70B-V0.1) and [Euryale](...)", goliath-120b; "This is a
merge of [X](url) and [Y](url)") or in mergekit's own card template ("### Models Merged" / "The following models
were included in the merge:" followed by a bullet list, "using [X](url) as a base"; mergekit-moe's "It uses the
following base models:"). Without them a merge reads as an original, and its training-data answer as "none".

What is read, each with its README line (auditor/card.py keeps them as "merge-part" and "merge-declared"):
- a sentence's ids after a merge phrase, up to the sentence's end; a piece of the list that a comparison, a judge, a
  tokenizer, a quantization or a release names ("compared with [X]", "we also release [Y]", "[GGUF](url)") ends it;
- the bullet items of the list a merge heading or a line ending in ":" that speaks of the merge opens (a Hub link,
  an id in backticks, a bare `owner/name`, or a local path as written, which no Hub repository answers: fail closed);
- the model a merge-method line uses "as a base" (mergekit's template names its base model there).
Links to papers, code and the Hub's own pages name no model. Whether an id is this model's own quantization is
decided where the model's id is known (lineage/graph.py, facts.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.card_other_model import SCRATCH
from auditor.card_text import HEADING_TITLE as _HEADING
from auditor.card_text import HUB_HOST as _HUB_HOST
from auditor.card_text import REPO_ID as _REPO_ID
from auditor.card_text import SENTENCE_END as _SENTENCE_END
from auditor.card_text import SITE_PAGES as _SITE_PAGES
from auditor.lazyre import lazy_compile

MAX_MERGE_PARTS = 32  # ingredients kept from one card's prose (mergekit's own configs are read up to 64)
# an id as prose writes it: a Markdown link to its Hub page (the id from the address), an address alone, an id in
# backticks, or a bare `owner/name` (a bare one is checked by _bare_ok: "and/or" is no id)
_ID = lazy_compile(
    rf"\[(?P<text>[^\]]{{0,160}})\]\(\s*<?(?:{_HUB_HOST}|(?=[A-Za-z0-9][\w.-]*/[\w.-]*[\w-]/?\s*\)))"
    rf"(?P<link>{_REPO_ID})(?:[/?#][^)\s>]*)?\s*>?\s*\)"
    rf"|(?<![(\w/])<?{_HUB_HOST}(?P<url>{_REPO_ID})"
    rf"|`(?P<quoted>{_REPO_ID})`"
    rf"|(?<![\w/.:@#\\-])(?P<bare>{_REPO_ID})(?![\w/@\\-])")
_NAME_MARK = lazy_compile(r"[0-9A-Z_.-]")  # a bare name without a digit, capital or mark is a word pair ("and/or")

# A phrase after which a sentence names what was merged.
_MERGE_PHRASE = lazy_compile(
    r"\b(?:franken-?)?merge[sr]?\s+(?:of|between)\b"
    r"|\bmerged\s+(?:from|together)\b"
    r"|\bmodels?\s+(?:(?:that\s+)?(?:were|was|are|is)\s+)?(?:used|included|combined|merged)\s+(?:in|into|for)\s+"
    r"(?:the|this)\s+merge\b"
    r"|\b(?:created|made|built|produced)\s+by\s+(?:merging|interleaving(?:\s+(?:the\s+)?layers\s+of)?|"
    r"stacking(?:\s+(?:the\s+)?layers\s+of)?|frankenmerging)\b"
    r"|\binterleaving\s+(?:the\s+)?layers\s+of\b"
    # the same in Chinese, which marks no word boundary: "基于以下模型合并：`A` 和 `B`", "合并自 `A`"
    r"|(?:以下|如下|下列)(?:[的几两三四五六七八九十个]{1,3})?模型\s*(?:进行)?(?:合并|融合)(?:而成|得到)?\s*[：:]"
    r"|(?:合并|融合)自"
    # a composition of parts of other models: "combines a text encoder from the [NLLB model](url) and an image encoder
    # from the [SigLIP](url) model" (visheratin/nllb-clip-base-siglip, lineage pass 20); each part's weights are
    # copied, so each model named is a base as a merge's ingredient is
    r"|\bcombin(?:es|ed|ing)\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,3}?(?:encoders?|decoders?|towers?|backbones?)\s+"
    r"(?:from|of)\b",
    re.IGNORECASE)
# "merged using the [TIES](paper) merge method using [X](url) as a base" (mergekit's template; `[X](url) + [L](url)`
# for a model with a LoRA applied, a local path written bare)
_AS_BASE = lazy_compile(r"\busing\s++(?P<what>\S[^\n]{0,399}?)\s++as\s++(?:a|the)\s++base(?:\s+model)?\b",
                        re.IGNORECASE)
_MERGE_WORD = lazy_compile(r"\bmerg(?:e|ed|ing)\b|\bmergekit\b", re.IGNORECASE)
# Words in a piece of the list, before its id, that make the model named something other than an ingredient.
_NOT_PART = lazy_compile(
    r"\b(?:compared|comparison|compare|versus|vs\.?|than|unlike|judge[ds]?|grader|evaluat\w*|benchmark\w*|"
    r"scor(?:e|ed|ing)|tokeni[sz]er|vocab\w*|chat\s+template|quanti[sz]\w*|quants?|gguf|gptq|awq|exl2|mlx|onnx|fp8|"
    r"releas\w*|publish\w*|upload\w*|inspired|thanks?|credits?|paper|see|check|available|also|instead|rather|not|"
    r"without|except|excluding|like|similar|successor|succeeded|previous|predecessor|version\s+of\s+this)\b",
    re.IGNORECASE)

# Words in the clause before a merge phrase that make what was merged data or another part, not the model's weights:
# "Fine-tuned on a merge of teknium/OpenHermes-2.5 and Open-Orca/SlimOrca", "trained on a dataset created by merging
# `a/ds1` and `b/ds2`", "Our vocabulary is a merge of the Llama and Qwen tokenizers". "fine-tuned on top of a merge
# of" names models.
_NOT_MODEL_SUBJECT = lazy_compile(
    r"\b(?:data(?:sets?)?|corpus|corpora|samples|examples|instructions|conversations|prompts|responses|mix(?:ture)?|"
    r"tokeni[sz]ers?|vocab\w*|(?:chat\s+|prompt\s+)?templates?|config(?:uration)?s?|licen[cs]es?|"
    r"(?:pre-?|post-?)?train(?:ed|ing)\s+(?:on|with)(?!\s+top\s+of)|"
    r"(?:fine-?|instruction[- ]?)tun(?:ed|ing)\s+(?:on|with)(?!\s+top\s+of)|"
    r"finetun(?:ed|ing)\s+(?:on|with)(?!\s+top\s+of))\b",
    re.IGNORECASE)
_CLAUSE_MARK = lazy_compile(r"[,;:()]|[.!?](?=\s|$)|[。！？，；：]")
# "trained from scratch": a model trained from nothing names no merged ingredients in its sentences ("...from scratch.
# Fine-tuned on a merge of two datasets"); "not trained from scratch" is no such claim
_SCRATCH = SCRATCH  # auditor/card_other_model.py: one reading of the words for every prose reader
# A merge of this model with one other (a LoRA or the publisher's diffs applied to a base) is no merge of models:
# "this is a merge with the leaked model" beside "My diffs" (Senku-70B), "This model is a merge. Please refer to the
# ... base model and lora" (a merged LoRA's GGUF)
_NOT_MODELS_MERGED = lazy_compile(r"\bmerge\s+with\b|\b(?:q?lora|adapters?|diffs?|deltas?|peft)\b", re.IGNORECASE)


def data_merged(clause: str) -> bool:
    """Whether the words of a clause before "a merge of" make what was merged data or another part, not models
    (see _NOT_MODEL_SUBJECT); auditor/card.py asks it of a base a "merge of" phrase names."""
    return _NOT_MODEL_SUBJECT.search(clause) is not None


def _clause_before(line: str, at: int) -> str:
    """The words of the clause that ends at `at`: from the last clause or sentence mark before it."""
    marks = [m.end() for m in _CLAUSE_MARK.finditer(line, max(0, at - 300), at)]
    return line[marks[-1] if marks else max(0, at - 300): at]


# Lines that open a list of ingredients: a merge heading ("### Models Merged", "## Merged models", "Merge
# ingredients"), or a line ending in a colon that speaks of the merge ("The following models were included in the
# merge:", mergekit-moe's "It uses the following base models:" after "made with mergekit").
_LIST_HEADING = lazy_compile(
    r"^[\W_]*(?:models?\s+merged|merged\s+models?|merge\s+(?:ingredients|components|parts|sources|models|fodder)|"
    r"(?:source|parent)\s+models?\s+(?:of\s+the\s+merge|merged))[\W_]*$", re.IGNORECASE)
# the words of such a line (one that ends in a colon), and LazyMergekit's "This model is a merge of the following models
# made with [mergekit](url)", which may end in "." as well
_LIST_WORDS = lazy_compile(
    r"\bmodels?\b[^:\n]{0,60}\bmerge\b|\bmerge\b[^:\n]{0,40}\bmodels?\b|\bmerged\b[^:\n]{0,40}\bmodels?\b|"
    r"\bmodels?\s+merged\b|\b(?:mergekit|moe|mixture\s+of\s+experts)\b[^\n]{0,160}?\bfollowing\s+"
    r"(?:base\s+|source\s+|expert\s+)?models\b",
    re.IGNORECASE)
_FOLLOWING = lazy_compile(r"\bmerge\s+of\s+the\s+following\b", re.IGNORECASE)
# a sentence that ends on the models merged, the list coming next ("I used [mergekit](url) to merge models.",
# SeraphMarcoroni-7B; "We merged these two models."): it opens the list as a colon would
_MERGED_MODELS_AT_END = lazy_compile(
    r"\bmerg(?:e|ed|ing)\s+(?:(?:the|these|those|two|three|four|\d|following|pre-?trained|language)\s+){0,3}"
    r"models?[\s*_]*\.[\s*_]*$", re.IGNORECASE)
# an intro to a list of other models: "It was inspired by large merges like:", "Compared with these merges:"
_NOT_INTRO = lazy_compile(r"\b(?:inspired|like|similar|compared?|comparison|versus|than|other|also|quanti[sz]\w*|"
                          r"gguf|versions?|check\s+out|see)\b", re.IGNORECASE)
_BULLET = lazy_compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+(?P<item>.*)$")
_LOCAL_PATH = lazy_compile(r"^(?:[A-Za-z]:[/\\]|\.{1,2}[/\\]|[/~][\w.-])")
_MARKUP = lazy_compile(r"^[\s*_`]+|[\s*_`]+$")

# The prose says the model is a merge: "This is a merge of ...", "X is a frankenmerge", "made with mergekit",
# "The following models were included in the merge", a "Models Merged" heading.
_DECLARES = lazy_compile(
    r"\b(?:is|was)\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:franken-?)?merge\b(?!\s+(?:request|conflict|commit))"
    r"|\bfranken-?merge\b"
    r"|\bmodels?\s+(?:were\s+|was\s+)?(?:included|used)\s+in\s+the\s+merge\b"
    r"|\b(?:made|created|built|produced|merged)\s+(?:with|using)\s+(?:the\s+)?\[?mergekit\b"
    # a line that opens on the merge, its subject the model the card is about: "A multi-model merge of several LLaMA2
    # 70B finetunes for roleplaying" (lzlv_70b, review pass 31 W1)
    r"|^[\s*_#>]*an?\s+(?:[\w-]+\s+){0,3}?merge\s+of\b",
    re.IGNORECASE)
# a bare "Models used:" line (lzlv_70b's "## Procedure:" / "Models used:"): it opens a list of ingredients only in a
# card whose prose has said the model is a merge (elsewhere the models used may be judges or baselines)
_USED_LIST = lazy_compile(r"^[\W_]*(?:models?|components?|ingredients?)\s+used[\W_]*[:：][\W_]*$", re.IGNORECASE)
# the same words as a heading ("## Models used" over a bullet list of ids, Clover3-17B, lineage pass 29): a list of
# ingredients, again only once the prose has said the model is a merge
_USED_HEADING = lazy_compile(r"^[\W_]*(?:models?|components?|ingredients?)\s+used[\W_]*$", re.IGNORECASE)
# a slash ending a list item's id ("- NeverSleep/Noromaid-7b-v0.1.1/", a folder's way of writing it): not part of the
# id, and left in place it would cut the id at its last dot
_TRAILING_SLASH = lazy_compile(r"(?<=[\w-])/+(?=[\s*_`]*$)")


def _declared(line: str, number: int) -> tuple[str, int] | None:
    """(what says it, line) when a line says the model is a merge (see _DECLARES): its subject must be the model
    ("Our vocabulary is a merge of ..." is not), and what was merged models, not a LoRA or diffs applied to one."""
    for said in _DECLARES.finditer(line):
        if _NOT_MODEL_SUBJECT.search(_clause_before(line, said.start())) or _NOT_MODELS_MERGED.search(line):
            continue
        return said.group(0).strip()[:60], number
    return None


def _bare_ok(found: str) -> bool:
    owner, _, name = found.partition("/")
    return len(owner) > 1 and len(name) > 1 and "." not in owner and _NAME_MARK.search(name) is not None


def ids_in(text: str) -> Iterator[tuple[int, str, str]]:
    """(position, id, link text) of every model id the text names (see _ID); Hub pages and word pairs are skipped."""
    for match in _ID.finditer(text):
        found = match.group("link") or match.group("url") or match.group("quoted") or match.group("bare")
        if match.group("bare") and not _bare_ok(found):
            continue
        if found.split("/", 1)[0].lower() in _SITE_PAGES:
            continue
        yield match.start(), found, match.group("text") or ""


def _sentence_parts(rest: str) -> list[str]:
    """The ids of the sentence part after a merge phrase, piece by piece, until a piece that names a model as
    something else (a comparison, a judge, a release): the rest of the sentence is then not read."""
    end = _SENTENCE_END.search(rest)
    out: list[str] = []
    at = 0
    segment = rest[: end.start() if end else len(rest)]
    for position, found, text in ids_in(segment):
        if _NOT_PART.search(segment[at:position]) or _NOT_PART.search(text):
            break
        out.append(found)
        at = position + 1
    return out


def runs_on(line: str) -> bool:
    """Whether the sentence a merge phrase opens on this line goes on past the line's end (no sentence end after the
    last phrase, and nothing stopped it): a paragraph wrapped in the middle of its list of ingredients ("... and an
    image encoder from the" / "[SigLIP](url) model."), whose next line MergeReader reads as its rest."""
    phrases = [p for p in _MERGE_PHRASE.finditer(line)
               if not _NOT_MODEL_SUBJECT.search(_clause_before(line, p.start()))]
    if not phrases:
        return False
    rest = line[phrases[-1].end():]
    return _SENTENCE_END.search(rest) is None and not any(_NOT_PART.search(rest[:at]) for at, _, _ in ids_in(rest)) \
        and _NOT_PART.search(rest) is None


# A part of a composed model named by its role after the Hub link that names it: "The [Qwen2.5-1.5B-instruct](url) model
# is chose as the LLM, while [siglip-so400m-patch14-384](url) is utilized as the vision tower" (a LLaVA-style VLM,
# BAAI/Aquila-VL-2B-llava-qwen), "it uses the [SigLIP-L](url) as the vision encoder" (deepseek-ai/Janus-Pro-7B; lineage
# pass 23). Each part's weights are copied into the model, as a composition's encoders are (_MERGE_PHRASE). Only a Hub
# model link, and only a part's role ("as the base model" is a merge's or a finetune's, read elsewhere); a few words
# between, bounded (linear on any line).
_HUB_LINK_END = lazy_compile(
    r"\[[^\]\n]{1,120}\]\(\s{0,3}https?://(?:www\.)?(?:huggingface|hf)\.co/"
    r"(?P<id>[A-Za-z0-9][\w.-]{0,95}/[\w.-]{0,95}[\w-])/?\s{0,3}\)")
_PART_ROLE_AFTER = lazy_compile(
    r"^[\s*_`]{0,4}(?:(?:model|checkpoint|weights)\s{1,3})?(?:(?:is|was|are|were|has\s+been|have\s+been)\s{1,3})?"
    r"(?:(?:chosen|chose|used|utili[sz]ed|adopted|selected|employed|taken|serves?|acts?)\s{1,3})?as\s{1,3}"
    r"(?:the|its|our|a|an)\s{1,3}(?:[\w-]{1,20}\s{1,3}){0,2}?"
    r"(?:llms?|language\s+models?|(?:vision|visual|image|text|audio|speech)\s+(?:towers?|encoders?|backbones?|"
    r"decoders?|models?)|towers?)\b",
    re.IGNORECASE)
MAX_PART_ROLE_AFTER = 120


# Linked models joined by "and" (or a comma, "&", "+") right before the noun "merge": "my [MythoLogic-L2](url) and
# [Huginn](url) merge using a highly experimental tensor type merge technique" (Gryphe/MythoMax-L2-13b, lineage pass
# 27). The ids come before the phrase, so _MERGE_PHRASE (ids after it) misses them. Each link is bounded and starts
# with "[" and ends with ")", so the bounded repetition cannot backtrack over the same characters two ways.
_HUB_LINK = (r"\[[^\]\n]{1,120}\]\(\s{0,3}https?://(?:www\.)?(?:huggingface|hf)\.co/"
             r"[A-Za-z0-9][\w.-]{0,95}/[\w.-]{0,95}[\w-]/?\s{0,3}\)")
_LINKS_THEN_MERGE = lazy_compile(
    rf"(?:{_HUB_LINK}[ \t]{{0,3}}(?:,|&|\+|\band\b)[ \t]{{0,3}}(?:and[ \t]{{1,3}})?){{1,8}}{_HUB_LINK}[ \t]{{1,3}}"
    r"(?:franken-?)?merge\b(?![ \t]{1,3}(?:of|between|request|conflict|commit|method))",
    re.IGNORECASE)


def links_then_merge(line: str) -> list[str]:
    """The Hub models a line names as what was merged, written before the noun "merge" (_LINKS_THEN_MERGE); none when
    the words before the first link make them something else (a comparison, a quantization, a release)."""
    if "merge" not in line.lower():
        return []
    out: list[str] = []
    for match in _LINKS_THEN_MERGE.finditer(line):
        if _NOT_PART.search(_clause_before(line, match.start())):
            continue
        out.extend(link.group("id") for link in _HUB_LINK_END.finditer(line, match.start(), match.end()))
    return out


def component_parts(line: str) -> list[str]:
    """The Hub models a line names as parts of the model by their role after the link (_PART_ROLE_AFTER)."""
    if "as " not in line.lower():
        return []
    out = []
    for link in _HUB_LINK_END.finditer(line):
        if _PART_ROLE_AFTER.match(line[link.end(): link.end() + MAX_PART_ROLE_AFTER]) \
                and not _NOT_PART.search(_clause_before(line, link.start())):
            out.append(link.group("id"))
    return out


def sentence_parts(line: str) -> list[str]:
    """The ingredients a line's sentences name after a merge phrase, the parts it names by their role in a
    composition (component_parts), and the model a merge line uses "as a base"."""
    out: list[str] = component_parts(line) + links_then_merge(line)
    for phrase in _MERGE_PHRASE.finditer(line):
        if _NOT_MODEL_SUBJECT.search(_clause_before(line, phrase.start())):
            continue  # "fine-tuned on a merge of [data]": the data was merged, not models
        out.extend(_sentence_parts(line[phrase.end():]))
    based = _AS_BASE.search(line) if _MERGE_WORD.search(line) else None
    if based is not None:
        what = based.group("what").rsplit(" using ", 1)[-1]  # "the [TIES](paper) merge method using [X](url)"
        named = [found for _, found, text in ids_in(what) if not _NOT_PART.search(text)]
        out.extend(named or [p for p in [_MARKUP.sub("", what).strip()] if _local(p)])
    return list(dict.fromkeys(out))


def _local(text: str) -> bool:
    """Whether a list item or a base's words are a local path: mergekit writes a model it did not find on the Hub as
    the path it was given (`D:/models/x`, `./out/x`, `/data/x`, or relative with more than one slash)."""
    text = text.strip()
    if not text or len(text) > 200:
        return False
    return _LOCAL_PATH.match(text) is not None or (" " not in text and text.count("/") > 1)


def item_parts(item: str) -> list[str]:
    """The ingredients one bullet item of a merge list names: its ids, or the item itself when it is a local path
    (which names no Hub repository: the lineage says so instead of dropping it). A quantization or release link in
    the list names none."""
    found = [(text, found) for _, found, text in ids_in(_TRAILING_SLASH.sub("", item))]
    if found:
        return [f for text, f in found if not _NOT_PART.search(text)]
    bare = _MARKUP.sub("", item).strip()
    return [bare[:200]] if _local(bare) else []


def _opens_list(line: str) -> bool:
    """Whether a line opens a list of ingredients (see _LIST_WORDS), and is not a list of other models ("inspired by
    merges like:"). The colon is checked first: most lines have none, and the words are not searched for."""
    opens = (line.rstrip(" \t*_").endswith((":", "：")) and _LIST_WORDS.search(line) is not None) or (
        "following" in line.lower() and _FOLLOWING.search(line) is not None) or (
        line.rstrip(" \t*_").endswith(".") and _MERGED_MODELS_AT_END.search(line) is not None)
    return opens and _NOT_INTRO.search(line) is None


class MergeReader:
    """Follows a card's prose line by line: the ingredients it names (see the module docstring) and the first line
    that says the model is a merge."""

    def __init__(self) -> None:
        self.parts: dict[str, tuple[str, int, str]] = {}  # id.lower -> (id, line, how: sentence | list | base)
        self.declared: tuple[str, int] | None = None  # (what says it, line)
        self.zone: str | None = None  # "heading" (under a merge heading) or "intro" (after a "...merge:" line)
        self.listing = False  # bullet items of the open zone have been read
        self.scratch = False  # the card says the model was trained from scratch
        self.running = False  # the last line's merge sentence runs on into the next line (runs_on)

    def gap(self) -> None:
        """A blank line or a code block: a paragraph ends, and with it any sentence running on."""
        self.running = False

    def kept(self) -> list[tuple[str, int, str]]:
        """The ingredients read, (id, line, how): a card that says its model was trained from scratch keeps none
        its sentences name (a dataset "merge of" them is what such a sentence is about), only its merge lists."""
        return [part for part in self.parts.values() if not (self.scratch and part[2] == "sentence")]

    def feed(self, line: str, number: int) -> None:
        heading = _HEADING.match(line)
        if heading is not None:
            self.running = False
            title = heading.group("title")
            self.zone = "heading" if _LIST_HEADING.match(title) or (
                self.declared is not None and _USED_HEADING.match(title)) else None
            self.listing = False
            if self.zone and self.declared is None:
                self.declared = ("a heading listing the models merged", number)
            return
        if self.declared is None:
            self.declared = _declared(line, number)
        if not self.scratch and "scratch" in line.lower() and _SCRATCH.search(line):
            self.scratch = True
        bullet = _BULLET.match(line)
        if bullet is not None and self.zone is not None:
            self.listing = True
            for found in item_parts(bullet.group("item")):
                self._add(found, number, "list")
            return
        if self.zone is not None and self.listing:
            self.zone, self.listing = None, False  # the list ended
        if _opens_list(line) or (self.declared is not None and _USED_LIST.match(line) is not None):
            self.zone, self.listing = "intro", False
        if self.running and bullet is None:
            for found in _sentence_parts(line):
                self._add(found, number, "sentence")
        for found in sentence_parts(line):
            self._add(found, number, "sentence")
        self.running = bullet is None and runs_on(line)

    def _add(self, found: str, number: int, how: str) -> None:
        key = found.lower()
        if key not in self.parts and len(self.parts) < MAX_MERGE_PARTS:
            self.parts[key] = (found, number, how)
