"""A "based on" sentence whose subject "It" is another model (lineage pass 34, left over): Projecte AINA's Ǎguila-7B
description, pasted into a QLoRA card built on it, reads "Ǎguila-7B is a 7B parameters LLM ... It is based on the
Falcon-7B model": "It" is Ǎguila-7B, so Falcon-7B is that model's base, not the card's. Likewise "We fine-tuned X.
It is based on Y." names X as the base and Y as X's. Such an "It" sentence is blanked for the base readers when the
sentence before has another model for its subject ("X is ...") or for the object of a "we fine-tuned / trained"
phrase; when that subject is this model ("This model is ...", the card's own title or repository name) or no model
at all, "It" is the card's model and the sentence is read as before (auditor/card.py card_statements)."""

from __future__ import annotations

import re
import unicodedata

from auditor.card_text import HUB_HOST, REPO_ID, SENTENCE_END, hub_relative_links
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
# a link to a Hub repository, its text and its id (after hub_relative_links, a relative one too)
_HUB_LINK = lazy_compile(rf"(?:\[(?P<text>[^\[\]\n]{{1,120}})\]\(\s*+)?{HUB_HOST}(?P<id>{REPO_ID})", re.IGNORECASE)


def _key(name: str) -> str:
    """A name compared: its repository part, accents dropped ("Ǎguila-7B" is "aguila7b"), letters and digits only."""
    folded = unicodedata.normalize("NFKD", name.rsplit("/", 1)[-1]).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub("", folded.lower())


def linked_model_keys(body: str) -> frozenset[str]:
    """The names (_key) of the Hub repositories a card links, by their ids and their link texts: a model the card
    describes under a name it also links is known to be a model of its own repository, not this one."""
    keys: set[str] = set()
    for line in body.split("\n"):
        for found in _HUB_LINK.finditer(hub_relative_links(line)):
            keys.add(_key(found.group("id")))
            if found.group("text"):
                keys.add(_key(found.group("text")))
    keys.discard("")
    return frozenset(keys)


def _antecedent(sentence: str, linked: frozenset[str]) -> str | None:
    """The other model a sentence is about, whom a following "It" refers to: the object of a "we fine-tuned" phrase,
    or its subject when that is a model the card links to the Hub (by the link's text or id, this sentence's link or
    another's); None when the sentence is about this model, names none, or names one only by a name never linked (a
    card may call itself by a name its title does not spell: it is read as before)."""
    made = _WE_MADE.match(sentence)
    found = made if made is not None else _SUBJECT.match(sentence)
    if found is None:
        return None
    name = (found.group("linked") or found.group("name") or "").strip(" *_`")
    if not name or _SELF.search(name) or not _MODEL_LIKE.search(name):
        return None
    if made is None and not found.group("linked") and _key(name) not in linked:
        return None
    return name


def _is_own(name: str, own_names: tuple[str, ...]) -> bool:
    """Whether a name is this model's: its title's or its repository's name, or one holding it ("Acme-ES-7B" for
    acme-es). Not one it holds: a fine-tune's name holds its base's ("aguila-7b-instructft" holds "Aguila-7B")."""
    key = _key(name)
    return any(len(own) >= 3 and own in key for own in (_key(n) for n in own_names))


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a line (SENTENCE_END), the last running to the line's end."""
    spans, start = [], 0
    for end in SENTENCE_END.finditer(text):
        spans.append((start, end.end()))
        start = end.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def without_borrowed_it(line: str, previous: str, own_names: tuple[str, ...], linked: frozenset[str]) -> str:
    """The line with each "It is based on ..." sentence blanked whose "It" is another model named in the sentence
    before (on this line, or ending `previous`, the paragraph's line before); `linked` is linked_model_keys of the
    card. Other lines are returned unchanged."""
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
        other = _antecedent(prior.strip(), linked)
        if other is None or _is_own(other, own_names):
            continue
        out, changed = out[:start] + " " * (end - start) + out[end:], True
    return out if changed else line
