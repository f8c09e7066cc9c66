"""A "based on" sentence whose subject "It" is another model (lineage pass 34, left over): Projecte AINA's Ǎguila-7B
description, pasted into a QLoRA card built on it, reads "Ǎguila-7B is a 7B parameters LLM ... It is based on the
Falcon-7B model": "It" is Ǎguila-7B, so Falcon-7B is that model's base, not the card's. Likewise "We fine-tuned X.
It is based on Y." names X as the base and Y as X's. Such an "It" sentence is blanked for the base readers when the
sentence before has another model for its subject ("[X](hub link) is ...", or a bare "X is ..." whose name this
card's own title or repository name holds: a fine-tune named after its base) or for the object of a "we fine-tuned
/ trained" phrase; when that subject is this model ("This model is ...", its own name), a bare name that may be its
own, or no model at all, "It" is the card's model and the sentence is read as before (auditor/card.py
card_statements)."""

from __future__ import annotations

import re
import unicodedata

from auditor.card_text import SENTENCE_END
from auditor.lazyre import lazy_compile

# "It is based on", "It was fine-tuned from", "It's built on", "It has been trained from": a made-from verb after "It"
_IT_MADE_FROM = lazy_compile(
    r"^[\s*_>]*+It(?:'s|\s++(?:is|was|has\s++been))\s++(?:(?:also|itself|originally|initially)\s++)?"
    r"(?:based|built|fine-?tuned|finetuned|trained|derived|initiali[sz]ed|continued|adapted)\b", re.IGNORECASE)
# a sentence's subject, a name or a linked name, before "is" / "was" / "has been" (an aside in brackets allowed)
_SUBJECT = lazy_compile(
    r"^[\s*_>]*+(?:\[(?P<linked>[^\[\]\n]{1,120})\]\([^()\s]{0,300}\)|(?P<name>[^\W\d_][\w.\-]{0,80}+"
    r"(?:[ \t][\d][\w.]{0,20}+)?))[\s*_]*+(?:\([^()\n]{0,200}\)[ \t]*+)?(?:is|was|has[ \t]++been)\b")
# "We fine-tuned X", "We further trained X", "I adapted X": the model named after the verb
_WE_MADE = lazy_compile(
    r"^[\s*_>]*+(?:We|I|Our\s++team)\s++(?:have\s++)?(?:further\s++|continually\s++)?"
    r"(?:fine-?tuned|finetuned|trained|pre-?trained|adapted|extended|merged|quantized|distilled)\s++(?:the\s++)?"
    r"(?:\[(?P<linked>[^\[\]\n]{1,120})\]|(?P<name>[^\W\d_][\w.\-/]{0,80}+))", re.IGNORECASE)
# a pronoun or a phrase for this model: "This model is", "Our model was", "The adapter is"
_SELF = lazy_compile(r"^(?:this|our|the|my)\b|^(?:it|we|i|they|he|she)$", re.IGNORECASE)
# a name that reads as a model's: a digit (a size, a version) in it, or an owner's slash
_MODEL_LIKE = lazy_compile(r"\d|/")
_NOT_ALNUM = lazy_compile(r"[^0-9a-z]+")


def _key(name: str) -> str:
    """A name compared: its repository part, accents dropped ("Ǎguila-7B" is "aguila7b"), letters and digits only. A
    local folder named like a Hub snapshot (`BAAI__bge-multilingual-gemma2`) is compared by its name after the owner,
    as the Hub id `BAAI/bge-multilingual-gemma2` is."""
    part = name.rsplit("/", 1)[-1]
    part = part.rsplit("__", 1)[-1] or part
    folded = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub("", folded.lower())


def _antecedent(sentence: str) -> tuple[str, bool] | None:
    """The model a sentence is about, whom a following "It" may refer to, and whether the sentence says so plainly:
    the object of a "we fine-tuned" phrase, or a subject linked to the Hub, is a named model (True); a subject written
    as a bare name (False) may be this model under another spelling. None when the subject is a pronoun or "this
    model", or no model's name (no digit, no owner)."""
    made = _WE_MADE.match(sentence)
    found = made if made is not None else _SUBJECT.match(sentence)
    if found is None:
        return None
    name = (found.group("linked") or found.group("name") or "").strip(" *_`")
    if not name or _SELF.search(name) or not _MODEL_LIKE.search(name):
        return None
    return name, made is not None or bool(found.group("linked"))


def _is_other(name: str, plain: bool, own_names: tuple[str, ...]) -> bool:
    """Whether the model a sentence is about is another than this one. A named one (`plain`) is, unless it is this
    model's (its title's or repository's name, or one holding it: "Acme-ES-7B" for acme-es). A bare subject name is
    another only when this model's own name holds it, longer: a fine-tune named after its base ("Aguila 7B SFT ..."
    describing "Ǎguila-7B"); any other bare name may be this model's own (BGE-Multilingual-Gemma2's card opens
    "**BGE-Multilingual-Gemma2** is ... It is trained ... based on [google/gemma-2-9b]"), read as before."""
    key = _key(name)
    owns = [own for own in (_key(n) for n in own_names) if len(own) >= 3]
    if any(own in key for own in owns):
        return False
    return plain or any(key and len(key) >= 3 and key in own for own in owns)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a line (SENTENCE_END), the last running to the line's end."""
    spans, start = [], 0
    for end in SENTENCE_END.finditer(text):
        spans.append((start, end.end()))
        start = end.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def without_borrowed_it(line: str, previous: str, own_names: tuple[str, ...]) -> str:
    """The line with each "It is based on ..." sentence blanked whose "It" is another model named in the sentence
    before (on this line, or ending `previous`, the paragraph's line before); `own_names` are this model's (its
    repository's and its title's). Other lines are returned unchanged."""
    if "it" not in line.lower():
        return line
    spans = _sentences(line)
    before = _sentences(previous)
    last = previous[before[-1][0]:before[-1][1]] if before else ""
    out, changed = line, False
    for index, (start, end) in enumerate(spans):
        if not _IT_MADE_FROM.match(line[start:end]):
            continue
        prior = line[spans[index - 1][0]:spans[index - 1][1]] if index else last
        other = _antecedent(prior.strip())
        if other is None or not _is_other(other[0], other[1], own_names):
            continue
        out, changed = out[:start] + " " * (end - start) + out[end:], True
    return out if changed else line
