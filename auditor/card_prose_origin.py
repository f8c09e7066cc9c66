"""Where a card's prose names the model this one was made from in words the "made from" phrases of card.py miss
(issue 19, card reader pass 1):

- a family's weights put into this model ("we integrated Mistral 7B weights into the upscaled layers": depth
  up-scaling; "initialized with Llama 2 weights", "initialised from Qwen2"), the family named without a Hub link;
- a family named before "based" ("“Luna” is a Llama2 based Chat model", "This is a Mistral-based model"), often
  inside HTML markup;
- a merge said with its parts by name ("a merged and then further RLHF'ed version [of] our Hermes 2 Pro model and
  Meta's Llama-3 Instruct model", "merged with Llama-3-Instruct");
- a teacher distilled into this model by a Hub link ("by distilling knowledge from the robust vision foundation
  model, [InternViT-6B](https://huggingface.co/OpenGVLab/InternViT-6B-448px-V1-5)");
- a Hub model the sentence says this model was trained on ("trained on [Mistral NeMo 12B
  Instruct](https://huggingface.co/mistralai/Mistral-Nemo-Instruct-2407) at 8K context"): a model, not data;
- a training configuration the card quotes for another version, or tells the reader to change ("Here is the entire
  axolotl config for V1.5, just change ... model to the 12B"): its base_model is not this model's.

Why a module of its own: card.py's base phrases are edited by the lineage passes; these readers are called from it
with its family pattern, so each stays small and the two change apart. Every regex is bounded (no nested
quantifiers over the same characters).
"""

from __future__ import annotations

import re

from auditor.card_text import HUB_HOST, REPO_ID, SITE_PAGES
from auditor.lazyre import lazy_compile

# the words of a sentence before the phrase that make the family another model's: a comparison, a negation, an offer,
# another part than the weights ("The tokenizer is trained on [X](url)")
_OTHER = lazy_compile(r"\b(?:unlike|not|never|compared|comparison|versus|vs\.?|than|baselines?|rather|instead|"
                      r"can|could|may|might|should|will|would|if|tokeni[sz]ers?|vocab(?:ulary)?)\b", re.IGNORECASE)
_SENTENCE_START = lazy_compile(r"[.!?](?:\s|$)|<br\s*/?>|</?p>", re.IGNORECASE)

# "integrated Mistral 7B weights into", "initialized with the Llama 2 weights", "initialised from Qwen2", "we
# transplanted LLaMA weights": the verb, then at most a few words up to the family (a name, never a clause)
# a name: no clause mark, but a version's dot ("Qwen2.5") may stand in it
_NAME = r"(?:[^.;:,()\n<>]|(?<=\d)\.(?=\d))"
_WEIGHTS_VERB = lazy_compile(
    r"\b(?P<verb>integrat(?:ed|ing)|incorporat(?:ed|ing)|initiali[sz](?:ed|ing)|transplant(?:ed|ing)|"
    r"inherit(?:ed|ing))\s++(?:(?:with|from|using|the|its|our)\s++){0,2}"
    rf"(?P<name>(?=\S){_NAME}{{1,60}}?)\s++(?:pre-?trained\s++)?(?P<weights>weights|parameters|checkpoints?)\b",
    re.IGNORECASE)
_INITIALIZED_FROM = lazy_compile(
    rf"\b(?P<verb>initiali[sz]ed)\s+(?:from|with|using)\s+(?P<name>{_NAME}{{1,40}})", re.IGNORECASE)
# "is a Llama2 based Chat model", "This is a Mistral-based model": an article after "is", or opening the line
_FAMILY_BASED = lazy_compile(
    rf"(?:\b(?:is|was|'s|’s)\s+|^[\W_]*)an?\s++(?P<name>(?=\S){_NAME}{{2,40}}?)[- ]based\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:model|llm|chatbot|assistant)\b(?!s)", re.IGNORECASE)
# "a merged ... version [of] X and Y", "merged with X", "merging X and Y": the first family in the rest of the sentence
_MERGED = lazy_compile(
    r"\b(?P<verb>merged(?:\s+(?:and|then|further|[\w'’-]{2,20}ed)){0,5}\s+version(?:\s+of)?|merged\s+with|"
    r"merging)\s", re.IGNORECASE)
MAX_REST = 160  # characters of the sentence after a merge phrase read for the families merged


def _clause_before(line: str, at: int) -> str:
    starts = [m.end() for m in _SENTENCE_START.finditer(line, 0, at)]
    return line[starts[-1] if starts else 0: at]


def family_origin(line: str, family: re.Pattern[str]) -> tuple[re.Match[str], str] | None:
    """(the family's match of `family`, the phrase's kind) of a line that names a family as this model's origin
    in one of the shapes above, where `family` is card.py's family pattern; None when it names none. The phrase is
    one of "<verb> weights of" ("integrated weights of"), "initialized from", "merged with", "merged version of" and
    "merging" (the weights made from the family's: see auditor/card_made_from.py) or "based on" (a family named before
    "based", which may name a design)."""
    if len(line) > 1_000:
        return None
    text = line.replace("-based", " based")  # one character for one: positions stay
    for finder, phrase in ((_WEIGHTS_VERB, "{verb} weights of"), (_INITIALIZED_FROM, "{verb} from"),
                           (_FAMILY_BASED, "based on")):
        for match in finder.finditer(text):
            found = family.search(match.group("name"))
            if found is None or _OTHER.search(_clause_before(text, match.start())):
                continue
            if finder is _FAMILY_BASED and found.end() != len(match.group("name").rstrip()):
                continue  # "a Llama 2 chat fine-tune based model": the family must be what is "based"
            return found, phrase.format(verb=match.groupdict().get("verb", "").lower())
    for match in _MERGED.finditer(text):
        if _OTHER.search(_clause_before(text, match.start())):
            continue
        rest = text[match.end(): match.end() + MAX_REST]
        end = _SENTENCE_START.search(rest)
        found = family.search(rest[: end.start() if end else None])
        if found is not None:
            verb = match.group("verb").lower()
            return found, ("merged with" if verb.startswith("merged with") else
                           "merging" if verb == "merging" else "merged version of")
    return None


_HUB_MODEL = rf"{HUB_HOST}(?P<id>{REPO_ID})/?(?:#[^)\s]{{0,80}})?\s*\)"
# "by distilling knowledge from the robust vision foundation model, [X](https://huggingface.co/org/x)",
# "knowledge distillation from [X](url)", "distilling from [X](url)"
_DISTILLING = lazy_compile(
    r"\b(?:distill(?:ing|ed|s)?\s+(?:the\s+)?knowledge\s+(?:from|of)|knowledge[- ]distill(?:ation|ed)\s+from|"
    r"distilling\s+from)\b(?P<between>[^.;!?\n\[\]]{0,100}?)\[[^\]\n]{1,120}\]\(\s*" + _HUB_MODEL, re.IGNORECASE)
# "trained on [X](https://huggingface.co/org/x) at 8K context": the link right after "trained on" is a model page
_TRAINED_ON_MODEL = lazy_compile(
    r"\b(?:pre-?|fine-?)?trained\s+on\s+(?:the\s+)?[*_]{0,2}\[[^\]\n]{1,120}\]\(\s*"
    + _HUB_MODEL, re.IGNORECASE)


# "StableVicuna-13B is a [Vicuna-13B v0](https://huggingface.co/lmsys/vicuna-13b-delta-v0) model fine-tuned using
# RLHF" (CarperAI/stable-vicuna-13b-delta, lineage pass 27): the linked model, named as what this one is, then tuned;
# the participle after the model's noun makes the link the model that was tuned ("the fine-tuned [X](url) model", an
# adjective before it, names none). Only after "is a" / "was an": the sentence's subject is the model it speaks of.
_IS_LINK_TUNED = lazy_compile(
    r"\b(?:is|was)\s+an?\s+[*_]{0,2}\[[^\]\n]{1,120}\]\(\s*" + _HUB_MODEL
    + r"[*_]{0,2}\s+(?:(?:model|checkpoint|llm|version)\s+)?(?:(?:that|which)\s+(?:was|has\s+been)\s+)?"
    r"(?:fine-?tuned|further\s+(?:pre-?)?trained|instruction[- ]tuned|(?:rlhf|dpo|sft)[- ]tuned)\b", re.IGNORECASE)
# a subject that is another model than the card's ("The reward model is a [X](url) model fine-tuned on ...")
_OTHER_SUBJECT = lazy_compile(r"\b(?:reward|teacher|judge|critic|evaluator|draft|tokeni[sz]er|encoder|decoder|"
                              r"baseline|previous|predecessor)\b", re.IGNORECASE)
# a model with a job in the data pipeline ("The synthetic data generator is a [X](url) model fine-tuned ...", "The
# classifier used to filter the data was a [Y](url) model fine-tuned ..."): another model, unless the card says it
# is its own ("This classifier is a [Y](url) model fine-tuned ...")
_ROLES = r"(?:generator|classifier|filter|annotator|label(?:l)?er|grader|scorer|rewriter|paraphraser|detector)"
_PIPELINE_ROLE = lazy_compile(rf"\b{_ROLES}s?\b", re.IGNORECASE)
_OWN_SUBJECT = lazy_compile(rf"^\W*(?:this|our)\s+(?:[\w-]+\s+){{0,2}}?{_ROLES}\W*$", re.IGNORECASE)


def tuned_link(line: str) -> str | None:
    """The Hub model a line names as what this model is, tuned ("X is a [Y](url) model fine-tuned ...", see above),
    None when it names none or the subject or the words before are another model's or a comparison."""
    if "tun" not in line.lower() and "train" not in line.lower():
        return None
    for match in _IS_LINK_TUNED.finditer(line):
        before = _clause_before(line, match.start())
        if _OTHER.search(before) or _OTHER_SUBJECT.search(before):
            continue
        if _PIPELINE_ROLE.search(before) and not _OWN_SUBJECT.match(before):
            continue
        if found := _model_id(match.group("id")):
            return found
    return None


def _model_id(found: str) -> str | None:
    owner = found.partition("/")[0].lower()
    return None if owner in SITE_PAGES else found


def distilled_teacher(line: str) -> str | None:
    """The Hub model a line says knowledge was distilled from into this model (see above), None when it names none
    or the words before say it is another model's ("unlike models distilling knowledge from [X](url)")."""
    for match in _DISTILLING.finditer(line):
        if not _OTHER.search(_clause_before(line, match.start())) and (found := _model_id(match.group("id"))):
            return found
    return None


def trained_on_model(line: str) -> str | None:
    """The Hub model a line says this model was trained on, by a link to its model page ("trained on [X](url)"), None
    when the link is a dataset's (huggingface.co/datasets/...) or the line says no such thing."""
    for match in _TRAINED_ON_MODEL.finditer(line):
        if not _OTHER.search(_clause_before(line, match.start())) and (found := _model_id(match.group("id"))):
            return found
    return None


# The words that introduce a quoted training configuration as another version's, or as one to change before use
# ("the entire axolotl config for V1.5, just change ... model to the 12B", "config of the previous version", "replace
# base_model with"): its base_model is not this model's
_OTHER_CONFIG = lazy_compile(
    r"\b(?:change|replace|swap|set)\b[^.\n]{0,120}?\b(?:model|base[_ ]model)\s+(?:to|with|for)\b|"
    r"\b(?:config(?:uration)?|yaml|settings)\b[^.\n]{0,40}?\b(?:of|for|from)\s+(?:the\s+)?(?:previous|prior|old(?:er)?|"
    r"last|earlier|other|another)\s+(?:version|model|release|run)\b", re.IGNORECASE)


def config_for_another(intro: str) -> bool:
    """Whether the prose right before a fenced configuration says it is another version's or one to change."""
    return _OTHER_CONFIG.search(intro[:1_000]) is not None
