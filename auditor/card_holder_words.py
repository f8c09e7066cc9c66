"""Whether the words auditor/card.py reads as the model's maker name an organisation and speak of this model.

Why (card-reader differential 35): two holder readers added in review passes 33-34 took any capitalised words for a
developer. A subtitle "### By Hardware", "## By GPU Type" or "## By Context Length" (a table sorted by something)
became the developer, and one such subsection above "- **Developed by:** Meta" replaced Meta; "The teacher is a
large model trained by [Google](...)" and "The reward model used for training is a model built by [OpenAssistant]"
named another model's maker as this one's. The readers now ask for evidence instead of excluding known words:

- a "By ..." subtitle names a developer only when its words look like an organisation (a link, a name written in
  CamelCase, an acronym in brackets after a name, an institution's word after a capitalised one or before "of" /
  "for": "Technical University of Crete", "Acme Labs", "Meta AI"), and never when it opens with a dimension results
  are sorted by (organisation_subtitle);
- "X is a model built by Y" names this model's developer only when X is this model: "it", "this (model)", "the
  model", "our model", or the model's name as a heading of the card gives it ("# 🚀 Falcon-7B" over "Falcon-7B is
  a ... model built by [TII]"); a teacher, a baseline, a reward model or any other name is another model
  (own_subject).

All regexes are anchored or bounded; the inputs are one subtitle or one sentence's opening words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from auditor.lazyre import lazy_compile

MAX_SUBJECT = 120  # characters of a sentence's subject compared with the headings: a name, not a clause
# a markdown link in the subtitle: the organisation's page ("## By [Acme Labs](https://acme.example)")
_LINK = lazy_compile(r"\[[^\]\n]{1,120}\]\([^)\s]{1,300}\)")
# a word written in CamelCase ("DeepMind", "TheBloke", "NousResearch", "OpenAI"): a brand's spelling, no common noun
_CAMEL = lazy_compile(r"(?<![\w-])[A-Z]?[a-z]+[A-Z][A-Za-z]*(?![\w-])")
# an acronym in brackets right after a name ("the Hellenic Army Academy (SSE)"): how institutions are introduced
_ACRONYM_AFTER_NAME = lazy_compile(r"[A-Z][a-z]+\s\([A-Z][A-Za-z&.]{1,9}\)")
# an institution's word, capitalised as in a name ("AI" only in capitals: "Meta AI", "Mistral AI")
_INSTITUTION = (r"(?:Universit(?:y|ies|ät|é|at|ad)|Academy|Academia|Institute|Institut|Instituto|Labs?|Laboratory|"
                r"Laboratories|Inc\.?|Ltd\.?|LLC|GmbH|Corp\.?|Corporation|Company|Team|Group|Foundation|Research|"
                r"College|School|Centre|Center|Department|Ministry|Agency|Consortium|Society|Association|AI)")
# after a capitalised word ("Acme Labs", "Technical University", "Meta AI", "Google Research")
_INSTITUTION_AFTER_NAME = lazy_compile(rf"(?<![\w-])[A-Z][\w&.-]{{0,40}}\s{_INSTITUTION}(?![\w-])")
# or before "of" / "for" and a capitalised word ("University of Crete", "Institute for Advanced Study")
_INSTITUTION_OF = lazy_compile(rf"(?<![\w-]){_INSTITUTION}\s(?:of|for)\s(?:the\s)?[A-Z]")
# the first word of a subtitle that sorts or groups results rather than naming anyone ("By Hardware", "By GPU Type",
# "By Region", "By Context Length", "By Prompt Format", "By Author", "By Research Area", "By Model Team Size"): never a
# developer, whatever the later words look like
_SORTED_BY = lazy_compile(
    r"^[*_`\[]*(?:tasks?|languages?|sizes?|categor(?:y|ies)|datasets?|models?|domains?|types?|uses?|defaults?|"
    r"dates?|names?|metrics?|benchmarks?|hardware|gpus?|cpus?|tpus?|devices?|accelerators?|regions?|"
    r"countr(?:y|ies)|locales?|quanti[sz]ation|quants?|precision|bits?|methods?|context|lengths?|prompts?|"
    r"formats?|authors?|contributors?|users?|popular|versions?|releases?|famil(?:y|ies)|architectures?|"
    r"parameters?|params|licen[cs]es?|frameworks?|backends?|providers?|vendors?|scores?|ranks?|rankings?|"
    r"performance|speed|latency|throughput|memory|vram|cost|price|stages?|steps?|epochs?|checkpoints?|splits?|"
    r"subsets?|modalit(?:y|ies)|inputs?|outputs?|research|groups?|teams?|areas?|fields?|topics?|levels?|"
    r"difficulty|sources?|origins?|numbers?|counts?|total|design|far|way|using|running|clicking)\b", re.IGNORECASE)
# what a sentence calls this model without naming it ("It is a ...", "This model is a ...", "The model was ...")
_OWN_PRONOUN = lazy_compile(
    r"^(?:it|this|(?:this|the|our)\s+(?:present\s+|current\s+)?(?:model|checkpoint|repo(?:sitory)?|version|release|"
    r"variant|llm))$", re.IGNORECASE)
# the markup and symbols around a name ("**Falcon-7B", "🚀 Falcon-7B", "`Acme-7B`")
_MARKUP = lazy_compile(r"[^\w\s.-]+")
_ARTICLE = lazy_compile(r"^(?:the|our)\s+", re.IGNORECASE)
# Tried only where a run of blanks starts (`(?<!\s)`): tried at every blank of a 20,000-blank run, `\s+` ran to the
# run's end each time (quadratic: 37 s in the p9-regex probe). The match, when there is one, starts there anyway.
_MODEL_NOUN = lazy_compile(r"(?<!\s)\s+(?:model|llm|checkpoint)$", re.IGNORECASE)
_NOT_KEY = lazy_compile(r"[^0-9a-z]+")
MIN_KEY = 3  # characters of a name compared with the headings: "M" or "AI" would be in any heading


def organisation_subtitle(name: str) -> bool:
    """Whether the words of a "By ..." subtitle (after "By" and "the") look like an organisation's name: see the
    module's docstring. False for a dimension results are sorted by, whatever follows it."""
    if _SORTED_BY.match(name):
        return False
    return bool(_LINK.search(name) or _CAMEL.search(name) or _ACRONYM_AFTER_NAME.search(name)
                or _INSTITUTION_AFTER_NAME.search(name) or _INSTITUTION_OF.search(name))


def name_key(text: str) -> str:
    """A heading or a name as compared: lower case, letters and digits only ("🚀 Falcon-7B" and "Falcon-7B" agree)."""
    return _NOT_KEY.sub("", text.lower())


def own_subject(subject: str, headings: Iterable[str]) -> bool:
    """Whether a sentence's subject (the words before its "is" / "was") is this model: a word that points at it
    (_OWN_PRONOUN), or a name that one of the card's headings (their name_key) holds ("Falcon2-11B" under "# 🚀
    Falcon2-11B" or "# Model Card for Falcon2-11B"). A subject that is another model ("The teacher", "Our
    baseline", "The reward model used for training") or a name no heading gives is not."""
    words = " ".join(_MARKUP.sub(" ", subject[-MAX_SUBJECT:]).split())
    if not words:
        return False
    if _OWN_PRONOUN.match(words):
        return True
    key = name_key(_MODEL_NOUN.sub("", _ARTICLE.sub("", words)))
    return len(key) >= MIN_KEY and any(key in heading for heading in headings)


# A byline under the card's title (the first line of prose after the title, images and badges: "#### by Alina Xia",
# "by David, Fernando and Eric", cognitivecomputations/laserxtral): who wrote the card and made the model, a person as
# often as an organisation. Only there: "## By Context Length" deeper in a card has a name's shape too, and is a
# section sorting results. A name is one to four capitalised words; a list of names joins them by commas, "and" or "&";
# an acronym ("By TII") is one word of two to ten capitals and digits.
MAX_BYLINE_NAMES = 6
_LIST_JOIN = lazy_compile(r"\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")
_NAME_WORD = lazy_compile(r"(?:[^\W\d_][\w'’.-]{0,30}|@[\w-]{1,40})")
_ACRONYM = lazy_compile(r"[A-Z][A-Z0-9&]{1,9}")


def _a_persons_name(name: str) -> bool:
    """Whether a part of a byline is one person's name: one to four words (joiners aside: "Ludwig van Beethoven"),
    each capitalised or a handle ("@jdoe")."""
    words = [word for word in name.split() if word.lower() not in _NAME_JOINERS]
    return 1 <= len(words) <= 4 and all(
        _NAME_WORD.fullmatch(word) is not None and (word[0].isupper() or word[0] == "@") for word in words)


# the small words a name may hold in lower case ("University of Crete", "Ludwig van Beethoven", "Jane and John")
_NAME_JOINERS = frozenset(str.split("of for the and de du des der den di da van von la le y at zu"))
_BYLINE_WORD = lazy_compile(r"[^\s,&()\[\]]+")


def _only_names(name: str) -> bool:
    """Whether every word of a byline is a name's: capitalised, an acronym, a handle, a number or a joiner
    (_NAME_JOINERS); "the way, this is a tiny model" or "Acme Institute, in 2024, for research" are prose."""
    return all(word[0].isupper() or word[0].isdigit() or word[0] in "@&." or word.lower() in _NAME_JOINERS
               for word in _BYLINE_WORD.findall(name))


def byline_names(name: str) -> bool:
    """Whether the words of a byline ("by ..." under the title) name its makers: an organisation's shape
    (organisation_subtitle), a person's name or a list of them, or an acronym, every word a name's (_only_names);
    never a dimension results are sorted by (_SORTED_BY)."""
    if _SORTED_BY.match(name) or not _only_names(name):
        return False
    if organisation_subtitle(name) or _ACRONYM.fullmatch(name) is not None:
        return True
    names = [part for part in _LIST_JOIN.split(name.strip()) if part]
    return 1 <= len(names) <= MAX_BYLINE_NAMES and all(_a_persons_name(part) for part in names)
