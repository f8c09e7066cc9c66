"""A base the prose names without its owner, confirmed by a Hub link the same card gives to a model of that name.

Why: many cards name their base the way people speak ("allowed the base model **Falcon-7b** to be fine-tuned",
"fine-tuned from Falcon-7b") and link the repository elsewhere, away from the sentence ("## Model description" /
"[Falcon 7B](https://huggingface.co/tiiuae/falcon-7b)", Bruno/Caramelinho, lineage pass 20). A name without an owner
names no repository, and none is guessed (a catalog match on "Falcon-7b" could be any of its forks); but the card's
own link to a model whose repository name (or link text) is that name, and to no other model of that name, says
which one it is. Without such a link the name stays unconfirmed: no base (auditor/card.py's other readers decide).

Only the words that say "made from" count ("base model", "based on", "fine-tuned from", "fine-tuned version of",
"built on", "on top of", a training verb's object "train an X-base model"), and not in a clause that compares,
credits a tokenizer or an architecture. This reader runs only when no line of the prose named a base (auditor/card.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from auditor.card_children import CHILD_OBJECT, CHILDREN_CLAUSE
from auditor.card_other_model import describes_process, names_other_model, says_scratch, sentence_before
from auditor.card_text import HUB_HOST, REPO_ID, SITE_PAGES, is_document_link, is_tool_name
from auditor.lazyre import lazy_compile

MAX_LINE = 1_000  # a statement is one sentence; longer lines are not read for it
MAX_LINKS = 200  # Hub links of one card compared with the name
# "the base model **Falcon-7b**", "fine-tuned from `Acme-7B`", "based on Acme-7B": the name must look like a model's
# (a letter first, then a digit or a mark somewhere: "Falcon-7b", "Qwen2.5", not "Transformers" or "our data")
_NAMED = lazy_compile(
    r"(?:\b|(?<=^)(?=\#)|(?=[基微]))(?:(?:the|a|its|our)\s+base\s+model|based\s+on(?:\s+the)?|fine-?tuned\s+(?:version\s+of|from|on\s+top\s+of)|"
    # the Chinese "based on" and "fine-tuned from", which run on from the Chinese before them with no word boundary
    # ("**基于 Qwen2.5-7B-Instruct 微调的贵阳方言垂直领域大模型**" (a model fine-tuned on Qwen2.5-7B-Instruct),
    # lvche/Guiyang-LLM, lineage pass 34; "本模型微调自 Acme-7B"): a name right after them, as after "based on"
    r"基[于於]|微[调調]自|"
    r"fine-?tune\s+of|built\s+(?:up)?on(?:\s+top\s+of)?|trained\s+on\s+top\s+of|"
    # "adapted from Falcon-7b", "was tuned from Falcon-7b" (Claire's cards, lineage pass 34): the same claim
    r"adapted\s+from|(?<![\w-])tuned\s+from|"
    # structured pruning ("It is obtained by pruning Llama-3.1-8B", nvidia's Minitron cards, lineage passes 15 and 26)
    r"obtained\s+by\s+pruning|pruned\s+from|"
    # "initialized with the weights of the [Stable-Diffusion-v1-2](https:/steps/huggingface.co/...)" (a link whose
    # address is broken, CompVis/stable-diffusion-v1-4, lineage pass 23): the name in the link's text
    r"initiali[sz]ed\s+(?:with|from)\s+(?:the\s+)?(?:(?:pre-?trained\s+)?weights\s+of\s+(?:the\s+)?)?|"
    # the base model's label ("- **Base Model**: [Whisper Medium](https://github.com/openai/whisper)", lineage pass
    # 28) and a converter's words ("the optimized versions of [Phi-3-mini-4k-instruct](https://aka.ms/...)", "a
    # conversion of [X](url)"): the group `converter` gives the latter the role "quantized"
    r"(?P<label>(?<![\w-])base\s+model[*_]{0,3}\s*[:：]\s*[*_]{0,3})|"
    # a title naming the model as a fine-tuned copy of another ("# Model Card: Fine-Tuned T5 Small for Text
    # Summarization", Falconsai/text_summarization, lineage pass 29): a heading that opens with the participle; the
    # name must then end its phrase (_whole_name), so "## Fine-tuned Llama-2-7b results" names none
    r"(?<=^)\#{1,6}[ \t]{1,3}(?:model[ \t]+card[ \t]*[:：-][ \t]*)?fine-?tuned(?=[ \t]{1,3}[A-Za-z])|"
    r"(?P<converter>conversion\s+of(?:\s+the)?|(?:optimi[sz]ed|quanti[sz]ed|converted)\s+versions?\s+of(?:\s+the)?)|"
    # a training verb with the base as its object, named as "a(n) <name> model" ("to train an XLM-Roberta-base model
    # on STS", lighteternal/stsb-xlm-r-greek-transfer, review pass 34 P5): the noun "model" must follow the name
    r"(?P<trained>(?<![\w-])(?:train|fine-?tune|finetune)\s+an?))"
    # the name: a link's text when the link goes elsewhere than the Hub (a GitHub repository, a short link; a Hub
    # link is an id, read by auditor/card.py), up to thirteen tokens, each after one or two marks or blanks (a mark
    # between tokens, never optional: a run of letters splits one way only); else one word with marks ("Falcon-7b")
    r"\s*(?:model\s+)?(?:\[(?P<linked>[A-Za-z][A-Za-z0-9]*(?:[-_.+ ]{1,2}[A-Za-z0-9]+){0,12})\]"
    rf"\((?!\s*<?{HUB_HOST})|"
    r"[*_`\[]{0,3}(?P<name>[A-Za-z][A-Za-z0-9]*(?:[-_.+][A-Za-z0-9]+)*)[*_`]{0,3})",
    re.IGNORECASE)
# "shares weights with the Stable Diffusion v1.5. For more information please have a look at [Stable Diffusion
# v1.5](https://huggingface.co/runwayml/stable-diffusion-v1-5)" (AIML-TUDA/stable-diffusion-safe, lineage pass 23): a
# redistribution of another model's weights, named in words (up to four) to the end of the clause
_SHARED_WEIGHTS = lazy_compile(
    r"\bshares?\s+(?:its\s+|the\s+same\s+)?(?:model\s+)?weights\s+with\s+(?:the\s+)?"
    r"(?P<name>[A-Za-z][\w+-]{0,40}(?:\.\d+)?(?:\s[A-Za-z0-9][\w+-]{0,20}(?:\.\d+)?){0,3})(?=[.,;:)]?(?:\s|$))",
    re.IGNORECASE)
# a part of a model an "initialized" phrase may speak of ("the vision tower is initialized with [CLIP](url)", "- Large
# Language Model (LLM): it's initialized with [Yi-34B-Chat](url) or [Yi-6B-Chat](url)", 01-ai/Yi-VL-6B): an encoder,
# a tower, the language model of a composed model; auditor/card.py reads its "initialized" phrases with it too
PART_OF_MODEL = lazy_compile(r"\b(?:vi[st]|vision|image|audio|speech|text)\s*(?:encoder|tower|transformer|model)s?\b|"
                             r"\b(?:vit|llm|projector|projection|connector|encoders?|decoders?|towers?|"
                             r"large\s+language\s+model)\b", re.IGNORECASE)
MAX_PART_BEFORE = 200
_LOOKS_NAMED = lazy_compile(r"\d|[-_.+]")
# the noun a training verb's object must have after its name ("train an X-base model"): "train a Mistral-7B on" or
# "fine-tune a 7B-parameter network" names no base this way
_MODEL_NOUN_AFTER = lazy_compile(r"[*_`]{0,3}\s+model\b", re.IGNORECASE)
# the clause's words that make the model named something else than the one these weights were made from
_NOT_OWN = lazy_compile(r"\b(?:compared|comparison|versus|vs\.?|than|unlike|not|tokeni[sz]er|vocab\w*|architecture|"
                        r"inspired|similar|like|same\s+as|data(?:sets?)?|paper|code|"
                        # settings said to come from a model ("the learning rate was tuned from X"): not its weights
                        r"hyper-?param\w*|learning\s+rates?)\b", re.IGNORECASE)
_CLAUSE_MARK = lazy_compile(r"[,;:!?()]|[.](?:\s|$)")
# what may stand before the base model's label on its line: a list mark, a number, emphasis ("- **Base Model**:");
# "- Teacher base model:" and "The reward's base model:" label another model's
_LABEL_OPENING = lazy_compile(r"^\s*+(?:[-*+>]\s++|\d{1,3}[.)]\s++)?[*_]{0,3}$")
# a converter's words say what this repository holds only with this repository (or "we") as the subject ("This
# repository hosts the optimized versions of", "This is a conversion of"), never pointing at another release ("See
# also the optimized versions of X", "Optimized versions of X are available from ..."), nor with the publisher's
# process or product line as the subject ("Our pipeline produces quantized versions of X": describes_process)
_OWN_SUBJECT = lazy_compile(r"\b(?:this|these|here|we|our)\b", re.IGNORECASE)
_POINTER = lazy_compile(r"\b(?:also|see|check|find|download|available|other|another)\b", re.IGNORECASE)
MAX_POINTER_AFTER = 60
# a converter's words in a sentence that measures or compares what it names ("Here we benchmark quantized versions of
# [Qwen 2](url) on CPU", "We evaluate the optimized versions of X"): a benchmark, not this repository's conversion
_MEASURED = lazy_compile(r"\b(?:benchmark\w*|evaluat\w*|compar\w*|measur\w*|test(?:s|ed|ing)?|profil\w*|"
                         r"assess\w*|rank\w*)\b", re.IGNORECASE)
# The words a model's name is never made of (card-reader differential 35): a link's text after the base model's label
# that names a tool, a paper or a page ("[LLaMA Factory](https://github.com/hiyouga/LLaMA-Factory)", "[Our Paper]
# (arxiv)", "[see the config](...)", "[Stable Diffusion 1.5 on Civitai](...)") names no base. A name's words are its
# tokens between marks and blanks; a function word ("our", "see", "the", "on") is no part of a model's name either.
_NOT_MODEL_WORDS = frozenset(str.split(
    "paper papers factory config configs configuration code repo repository github gitlab library framework toolkit "
    "toolbox blog post website site docs documentation project page report link here script scripts notebook demo "
    "space spaces collection dataset datasets data license licence article leaderboard guide tutorial readme card "
    "civitai arxiv homepage details info information trainer recipe details source sources"))
_FUNCTION_WORDS = frozenset(str.split(
    "the a an our my your their its his her see on in at for of to by from with here this that these those and or "
    "is are was were check read view visit click via using about more"))
_NAME_TOKEN = lazy_compile(r"[^\W_]+")
# The words that may follow a model's name written without a link and end its phrase: a function word, a verb's
# participle, the noun the name qualifies ("based on Llama-3-8b and ...", "built on Qwen2-1.5B LLM model", "a
# fine-tuned version of OpenCALM-XX developed by"). Any other word goes on naming something else ("a conversion of the
# tvall43 heretic Qwen3.6-35B-A3B tune": a user's name, then more words), and the name alone is not the model's. The
# name itself goes on over capitalised, numbered or variant words ("Qwen2.5 7B Instruct", "Llama-2 7b chat") and is
# then read whole.
_PHRASE_ENDS = frozenset(str.split(
    "on in at for of to by from with without and or nor but as via using which that who whose where when while is are "
    "was were be been being has have had will would can could may might should it its we our this these those the a "
    "an then than so after before into onto over under through across per plus versus vs model models weights "
    "checkpoint checkpoints base llm llms variant version family series architecture trained fine-tuned finetuned "
    "tuned released published developed created made built licensed available provided quantized quantised converted "
    "distilled merged pruned further also only"))
_VARIANT_WORDS = frozenset(str.split("chat instruct large small mini medium tiny xl xxl uncased cased hf"))
_NEXT_WORD = lazy_compile(r"[*_`]{0,3}[ \t]{1,3}(?P<word>[A-Za-z0-9][\w.+-]{0,40})")
MAX_NAME_WORDS = 4  # words a name may go on over after its first ("Qwen2.5 7B Instruct")
# a sentence whose subject is another model by name ("Yi-9B is continuously trained based on Yi-6B", a family card's
# table row, 01-ai/Yi-6B): it tells that model's origin, which this reader cannot tie to a repository, so it is not read
_NAMED_SUBJECT = lazy_compile(
    r"(?:^|[\s*_`>|])[A-Za-z][\w.]*-[\w.-]*\d[\w.-]*[*_`]*\s+(?:is|was|are|were|has\s+been)\b", re.IGNORECASE)
_HUB_LINK = lazy_compile(
    rf"\[(?P<text>[^\]\n]{{1,80}})\]\(\s*<?{HUB_HOST}(?P<id>{REPO_ID})|{HUB_HOST}(?P<url>{REPO_ID})", re.IGNORECASE)
_NOT_NAME = lazy_compile(r"[^a-z0-9]")


def _key(text: str) -> str:
    """A name as compared: lower case, letters and digits only ("Falcon 7B", "falcon-7b" and "Falcon-7b" agree)."""
    return _NOT_NAME.sub("", text.lower())


def _linked(prose: Sequence[str]) -> list[tuple[str, str]]:
    """(id, link text) of the Hub model links of the prose, in order; the Hub's own pages (datasets, spaces) skipped."""
    out: list[tuple[str, str]] = []
    for line in prose:
        for match in _HUB_LINK.finditer(line):
            found = match.group("id") or match.group("url")
            if found.split("/", 1)[0].lower() not in SITE_PAGES:
                out.append((found, match.group("text") or ""))
            if len(out) >= MAX_LINKS:
                return out
    return out


def _named_phrases(line: str) -> list[re.Match[str]]:
    """The "made from" phrases of a line that name a model in words (_NAMED, _SHARED_WEIGHTS), in order."""
    return sorted([*_NAMED.finditer(line), *_SHARED_WEIGHTS.finditer(line)], key=lambda m: m.start())


def _of_a_part(line: str, match: re.Match[str]) -> bool:
    """Whether an "initialized" phrase speaks of one part of the model (an encoder, a tower), not its weights."""
    return match.group(0).lower().startswith("initiali") and PART_OF_MODEL.search(
        line[max(0, match.start() - MAX_PART_BEFORE): match.start()]) is not None


def _after_name(line: str, match: re.Match[str]) -> str:
    """The words after a phrase's name: past the link's address for a link's text, else right after the name."""
    if match.groupdict().get("linked"):
        close = line.find(")", match.end())
        if close >= 0:
            return line[close + 1:].lstrip()
    return line[match.end():]


def _own_label_or_converter(line: str, match: re.Match[str], sentence: str) -> bool:
    """Whether a base-model label opens its line (_LABEL_OPENING) and a converter's words have this repository as
    their subject with no pointer to another release (_OWN_SUBJECT, _POINTER); True for the other phrases."""
    groups = match.groupdict()
    if groups.get("trained"):
        return _MODEL_NOUN_AFTER.match(line, match.end()) is not None
    if groups.get("label"):
        return _LABEL_OPENING.match(line[: match.start()]) is not None
    if groups.get("converter"):
        after = _after_name(line, match)[:MAX_POINTER_AFTER]
        return _OWN_SUBJECT.search(sentence) is not None and not _POINTER.search(sentence) \
            and not _POINTER.search(after) and not _MEASURED.search(sentence) and not describes_process(sentence)
    return True


def looks_like_model_name(name: str) -> bool:
    """Whether a name read after a "made from" phrase may be a model's: it is no tool's name (card_text.is_tool_name:
    "Megatron-LM", "llama.cpp"), and none of its words names a tool, a paper or a page (_NOT_MODEL_WORDS) or is a
    function word (_FUNCTION_WORDS)."""
    return not is_tool_name(name) and not any(word in _NOT_MODEL_WORDS or word in _FUNCTION_WORDS
                                              for word in (token.lower() for token in _NAME_TOKEN.findall(name)))


def _whole_name(line: str, match: re.Match[str], name: str) -> str | None:
    """The whole name a phrase's unlinked name opens: the name and the capitalised, numbered or variant words that go
    on with it ("Qwen2.5 7B Instruct"), None when a word that neither goes on with it nor ends its phrase follows
    ("the tvall43 heretic Qwen3.6-35B-A3B tune": see _PHRASE_ENDS)."""
    end, words = match.end(), [name]
    for _ in range(MAX_NAME_WORDS + 1):
        following = _NEXT_WORD.match(line, end)
        if following is None:
            return " ".join(words)
        word = following.group("word").rstrip(".")
        low = word.lower()
        if low in _PHRASE_ENDS:
            return " ".join(words)
        version = low[:1] == "v" and low[1:2].isdigit()  # "Mistral-7B v0.1"
        if not (word[:1].isupper() or word[:1].isdigit() or version or low in _VARIANT_WORDS) \
                or len(words) > MAX_NAME_WORDS:
            return None
        if following.group("word").endswith("."):  # the sentence ends after it
            return " ".join((*words, word))
        words.append(word)
        end = following.end()
    return None


def _address_after(line: str, at: int) -> str:
    """The address of a Markdown link whose "(" ends at `at`: up to its ")" or a blank, at most 300 characters."""
    piece = line[at: at + 300]
    stop = min((i for i in (piece.find(")"), piece.find(" ")) if i >= 0), default=len(piece))
    return piece[:stop]


def _in_document_link(line: str, match: re.Match[str]) -> bool:
    """Whether the name a phrase reads is (in) the text of a Markdown link to a paper, a report or a post
    (card_text.is_document_link): the link's text as a whole (group `linked`), or a name read from the start of a
    longer link text ("[Acme-7B - a new open model family](https://acme.example/news/...)")."""
    if match.groupdict().get("linked"):
        return is_document_link(match.group("linked"), _address_after(line, match.end()))
    start = match.start("name") if match.group("name") else -1
    bracket = line.rfind("[", max(0, start - 3), start + 1) if start >= 0 else -1
    if bracket < 0:
        return False
    close = line.find("](", bracket, bracket + 200)
    return close >= 0 and is_document_link(line[bracket + 1: close], _address_after(line, close + 2))


def _candidates(prose: Sequence[str], first_line: int) -> Iterator[tuple[str, int, str, re.Match[str]]]:
    """(name, README line) of each model a "made from" phrase names without an owner, in order; none from a sentence
    about another model (a reward model, a reference policy, a sibling: auditor/card_other_model.py), a comparison, a
    part of the model, and none at all when the card says it was trained from scratch. A name must look like a
    model's (a digit or a mark in it); a link's text of several words may be one ("[Whisper Medium](url)"), as the
    catalog then decides whether one original model has that name."""
    scratch: bool | None = None
    for number, line in enumerate(prose, first_line):
        if len(line) > MAX_LINE:
            continue
        for match in _named_phrases(line):
            name = match.groupdict().get("linked") or match.group("name")
            clause = _CLAUSE_MARK.split(line[: match.start()])[-1]
            sentence = sentence_before(line, match.start())
            looks_named = (_LOOKS_NAMED.search(name) or (match.groupdict().get("linked") and " " in name)) \
                and looks_like_model_name(name)
            if not _own_label_or_converter(line, match, sentence):
                continue
            if looks_named and not match.groupdict().get("linked"):
                name = _whole_name(line, match, name) or ""  # (a user's name followed by more words: none)
                looks_named = bool(name) and looks_like_model_name(name)
            at = line.find(name, match.start()) if name else -1
            if at >= 0 and _A_CARD_AFTER.match(line, at + len(name)):
                continue  # "based on the [DALL-E Mini model card](url)": the card was written after another's
            if _in_document_link(line, match):
                continue  # "based on [Yi Tech Report](https://arxiv.org/abs/...)": the paper, not the weights
            if CHILDREN_CLAUSE.match(clause) or CHILD_OBJECT.match(line[match.end():]):
                continue  # "Models fine-tuned from Acme-7B: ...": the models listed are children (card_children.py)
            if "/" in line[match.end(): match.end() + 1] or not looks_named or _NOT_OWN.search(clause) \
                    or _NAMED_SUBJECT.search(sentence) or names_other_model(sentence) or _of_a_part(line, match):
                continue  # "based on org/x" is read by auditor/card.py as an id, not here as a name
            scratch = says_scratch(prose) if scratch is None else scratch
            if scratch:
                return
            yield name, number, line, match


def named_base(prose: Sequence[str], first_line: int) -> tuple[str, int] | None:
    """(id, README line) of the base a "made from" phrase names without an owner when the card links exactly one
    model of that name (by repository name or link text), else None. `prose` holds each line's prose (code blocks
    blanked), numbered from `first_line` (_candidates says which phrases count)."""
    found = named_base_statement(prose, first_line)
    return (found[0], found[1]) if found is not None else None


def named_base_statement(prose: Sequence[str], first_line: int) -> tuple[str, int, tuple[str, ...]] | None:
    """(id, README line, roles) of named_base's base: the roles are ("quantized",) when the phrase is a converter's
    or its sentence says the repository holds the model quantized (_quantized_roles), else empty."""
    links = None
    for name, number, line, match in _candidates(prose, first_line):
        links = _linked(prose) if links is None else links
        want = _key(name)
        ids = {found.lower(): found for found, text in links
               if _key(found.rsplit("/", 1)[-1]) == want or _key(text) == want}
        if len(ids) == 1:
            return next(iter(ids.values())), number, _quantized_roles(line, match)
    return None


# A quantizer's or converter's word in the sentence of a phrase naming a base without its owner ("GGUF quants of the
# base model **Foo-7b**", "4-bit AWQ build; the base model is Foo-7B"): the repository holds that model's weights
# quantized, so the base is "quantized", not a finetune's start (the name readers gave no role but a converter's)
_QUANTIZED_WORDS = lazy_compile(r"\b(?:(?:de-?)?quanti[sz]\w*|quants?|gguf|ggml|awq|gptq|exl2)\b", re.IGNORECASE)
_SENTENCE_END = lazy_compile(r"[.!?](?:\s|$)")
# a quantization word that is not this repository's: "not quantized", "unquantized", "non-quantized", "before
# quantization", "full precision"; or a training step's ("fine-tuned from the base model Foo-7b with 4-bit
# quantization (QLoRA)": the quantization is the training's, the weights a finetune's)
_NOT_QUANTIZED = lazy_compile(r"\b(?:not|non|un|before|without|pre)[\s-]?quanti[sz]|\bfull[\s-]precision\b|"
                              r"\b(?:q?lora|peft|adapters?|fine-?tun\w*|finetun\w*|train\w*)\b", re.IGNORECASE)


def _quantized_roles(line: str, match: re.Match[str]) -> tuple[str, ...]:
    """("quantized",) for a converter's phrase (`converter`) or a sentence that says the model named is held
    quantized: a quantizer's word (_QUANTIZED_WORDS) in the sentence around the phrase, with this repository its
    subject (no pointer to another release, _POINTER) and no "not quantized" or training step (_NOT_QUANTIZED);
    else ()."""
    if match.groupdict().get("converter"):
        return ("quantized",)
    end = _SENTENCE_END.search(line, match.end())
    sentence = sentence_before(line, match.start()) + line[match.start(): end.start() if end else len(line)]
    if _QUANTIZED_WORDS.search(sentence) and not _POINTER.search(sentence) and not _NOT_QUANTIZED.search(sentence):
        return ("quantized",)
    return ()


# The role of a base the prose names only by its repository's name, which no link of the card confirms ("It is
# obtained by pruning Llama-3.1-8B", "The model is built on Qwen2-1.5B LLM model", lineage passes 15 and 26): the
# statement holds the name as written, and lineage/named_original.py follows it only when the embedded catalog knows
# exactly one original model (one that names no base of its own) of that repository name; otherwise it is no base.
NAME_ONLY_ROLE = "name-only"
# Its own statement kind, so that no reader of "base-stated" takes the name for an id
NAMED_KIND = "base-named"
# the words before a name that make it a comparison's ("We compare against a fine-tuned version of X", "outperforms
# models based on X") and after it that make it data, software or a part ("fine-tuned from `squad-v2` data", "built
# on `acme-trainer` library"): no base
_COMPARED = lazy_compile(r"\b(?:compar\w*|against|versus|vs\.?|than|unlike|outperform\w*|beats?|rivals?)\b",
                         re.IGNORECASE)
_NOT_A_MODEL_AFTER = lazy_compile(r"^[`*_]{0,3}'?s?\s*(?:data(?:sets?)?|corpus|corpora|library|framework|toolkit|"
                                  r"package|code(?:base)?|repo(?:sitory)?|architecture|tokeni[sz]er|vocab\w*|recipe|"
                                  r"paper|format)\b|"
                                  # the same words in Chinese, which no word boundary ends ("基于 Qwen2-7B 架构",
                                  # "基于 Llama-3 的数据", "基于 X 论文"): an architecture, data, a paper, code
                                  r"^[`*_]{0,3}\s*(?:的\s*)?(?:架[构構]|[结結][构構]|[论論]文|[数數]据|[语語]料|框架|代[码碼]|"
                                  r"[词詞][表]|分[词詞]|技[术術]|方法|思路)", re.IGNORECASE)
# after a name, words that make it a document's name, not a model's ("the [DALL-E Mini model card](url)", "X's
# README", "the X documentation"): a card based on another card says nothing of the weights (review pass 3)
_A_CARD_AFTER = lazy_compile(r"[`*_ ]{0,4}(?:'s\s+)?(?:model\s*)?(?:card|readme|documentation|docs)\b", re.IGNORECASE)
_FILE_LIKE = lazy_compile(r"\.(?:jsonl?|txt|csv|ya?ml|py|md|bin|pt|pth|ckpt|safetensors|gguf|onnx)$", re.IGNORECASE)


def unlinked_name(prose: Sequence[str], first_line: int) -> tuple[str, int] | None:
    """(name, README line) of the first model a "made from" phrase names without an owner (_candidates), for a card
    whose prose named no base any other way; None when there is none."""
    found = unlinked_statement(prose, first_line)
    return (found[0], found[1]) if found is not None else None


def unlinked_statement(prose: Sequence[str], first_line: int) -> tuple[str, int, tuple[str, ...]] | None:
    """(name, README line, roles) of the first model a "made from" phrase names without an owner (unlinked_name): the
    roles are ("quantized",) when a converter's words name it ("This is a conversion of [X](url)"), else empty."""
    for name, number, line, match in _candidates(prose, first_line):
        after = _after_name(line, match)[:40]  # past a link's address, not the address
        if _COMPARED.search(sentence_before(line, match.start())) or _FILE_LIKE.search(name) \
                or _NOT_A_MODEL_AFTER.match(after):
            return None  # the first name the prose gives its origin is not a model: no guess from a later one
        return name, number, _quantized_roles(line, match)
    return None


def name_key(text: str) -> str:
    """A repository name as compared with a name in prose (_key): lower case, letters and digits only."""
    return _key(text)
