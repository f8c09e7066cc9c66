"""The reviewer's questions, each answered with the clause that says it (issue 19, item 2).

Why a fixed list: a legal reviewer signs a model off against a checklist (licensor, license and its text,
commercial use against the organisation's own figures, use policy, attribution, derivatives, outputs,
territory and export, patents and termination, warranty, liability, indemnity, law and venue, gate,
training data, drift, contacts, the organisation's own decision). The report answers every question, in the
same order for every model, so a reviewer can tick them off and a missing answer is visible.

Where the answers come from: the facts document (effective terms, lineage, datasets, gate, policy) and the
license knowledge base entries of the licenses the facts name (the model's own and every ancestor's: an
ancestor's terms are a floor, so they are answered too, each under its own license id), plus
rules/review-facts.yaml for what the base does not model as a term (licensor, contact, use-policy categories,
liability, export). Nothing is guessed: a question the sources do not answer says "not stated in the knowledge
base" and is counted as unanswered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.card_data_license import CATEGORY_TERMS
from auditor.formats.origin import origin_parts
from auditor.formats.secondary import (
    mof_record,
    note_mof_datasets,
    note_mof_record,
    note_secondary_custom,
    producer_said,
)
from auditor.formats.summary import (
    LOCK_PINS_WHEN,
    as_dict,
    as_list,
    gate_mode_unshown,
    laundering_items,
    term_value,
)
from auditor.lazyre import lazy_compile
from auditor.licenses.kb import INFO_TERM_NAMES, LicenseEntry, Term, load_kb
from auditor.licenses.review_facts import REVIEW_FACTS_FILE as REVIEW_FACTS_FILE
from auditor.licenses.review_facts import licensor_named_by_text, review_facts
from auditor.lineage.inherit import identified_part
from auditor.makers import maker_of, namespaces_of
from auditor.model import owner_and_name
from auditor.textsafe import plain

NOT_STATED = "not stated in the knowledge base"
# what question 5 says when a commercial condition is not a figure the policy records (annual revenue,
# registration, "reference and learning purposes"): the reviewer must check it, so the answer is partial
BY_HAND = "check it by hand"
# the carry obligation that passes the use restrictions on (review.py writes it, actions.py refers to it once)
PASS_ON_TEXT = "Pass the use restrictions on"
# Every Creative Commons BY-family license (2.0 to 4.0) accepts the license's URI in place of its text (4.0
# §3(a)(1)(C), 3.0 and 2.x §4(a)): "a copy of the license" alone would ask more than they do.
URI_SUFFICES = ("CC-BY-",)
_LINK_WORDS = re.compile(r"\b(?:URL|URI|hyperlink)\b")


def uri_suffices(license_id: str) -> bool:
    """Whether a license accepts its address in place of its text with copies: the CC BY family, and any license
    whose carry note says so (Coqui: "a copy of the terms or their URL")."""
    entry = load_kb().get(license_id)
    carry = entry.term("derivative_must_carry") if entry is not None else None
    return license_id.startswith(URI_SUFFICES) or bool(carry and _LINK_WORDS.search(str(carry.get("note") or "")))
CARRY_WORDS = {
    "license-copy": "a copy of the license",
    "notice": "the required notice",
    "use-restrictions": "the use restrictions (derivatives and their use stay bound by them)",
    "changes-marked": "a statement of the changes made",
    "same-license": "the same license",
    "source": "the corresponding source",
    "attribution": "the attribution",
}


@dataclass(frozen=True)
class Answer:
    """One question and its answer. status: answered | partial | unanswered (a reviewer must find out)."""

    number: int
    key: str
    question: str
    answer: str
    clauses: tuple[str, ...] = ()
    status: str = "answered"
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Licensed:
    """One license the model is under: its KB entry and where it comes from (None: the model's own)."""

    entry: LicenseEntry
    via: str | None = None

    prose: bool = False  # named by the card's prose only ("License: ..."), not by its metadata

    @property
    def label(self) -> str:
        if self.prose:
            return f"{self.entry.id} ({self.via})"
        return self.entry.id + (f" (inherited from {self.via})" if self.via else "")






def licenses_of(facts: dict[str, Any]) -> list[Licensed]:
    """The KB entries of the model's own licenses, then of every license it inherits (an effective license
    that is not its own, or an ancestor license recorded as inherited), each once and labelled with the ancestor
    it comes from. An id the base does not hold is left out: its questions are answered as unknown."""
    kb = load_kb()
    out: list[Licensed] = []
    seen: set[str] = set()
    lic = as_dict(facts.get("license"))
    inherited = [as_dict(i) for i in as_list(as_dict(facts.get("lineage")).get("inherited"))]
    origin = {str(i.get("license")): str(i.get("from") or "an ancestor") for i in inherited if i.get("license")}
    own = [str(x) for x in as_list(lic.get("ids") if "ids" in lic else lic.get("effective_ids"))]
    candidates = [(x, None) for x in own]
    candidates += [(str(x), origin.get(str(x), "an ancestor")) for x in as_list(lic.get("effective_ids"))
                   if str(x) not in own]
    candidates += [(x, via) for x, via in origin.items()]
    declined = declined_ids(facts)
    for license_id, via in candidates:
        if license_id in declined:
            continue  # the alternative of an OR choice the organisation does not take binds no one (question 2)
        entry = kb.get(license_id)
        if entry is not None and entry.id not in seen:
            seen.add(entry.id)
            out.append(Licensed(entry, via))
    if not own:
        stated = _prose_named(facts)
        out[:0] = [s for s in stated if s.entry.id not in seen]
    out.extend(b for b in prose_base_licensed(facts) if b.entry.id not in {li.entry.id for li in out})
    return out


def prose_base_licensed(facts: dict[str, Any]) -> list[Licensed]:
    """The license of the base family the card's prose says the weights were made from, as a floor beside the
    model's own (gpt4all-lora: GPL-3.0 declared, "Finetuned from: LLaMA", a LoRA unusable without the first LLaMA
    release's weights, licensed for non-commercial research only): "commercial use allowed" from GPL-3.0 alone was
    the headline of a review whose base forbids it (review pass 27, W1). Only a made-from statement counts
    ("Finetuned from", "distilled from", "based on the weights of"; card.base_family_stated.made_from), never
    "based on" or "built on", which also name a design; nothing when the metadata declares a base (lineage reads
    that), the family's license differs by release, or the publisher is the family's own. The label keeps the
    evidence: the family as written, the phrase and the README line."""
    base = as_dict(as_dict(facts.get("license")).get("prose_base"))  # auditor/facts.py prose_base_facts
    entry = load_kb().get(str(base.get("license"))) if base.get("license") else None
    if entry is None:
        return []
    return [Licensed(entry, f"{base.get('name')}, the base the card's prose names: \"{base.get('phrase')}\", "
                            f"README line {base.get('line')}; not in its metadata")]


def license_choices(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The OR choices the facts record (`license.choices`, auditor/lineage/choice.py)."""
    return [as_dict(c) for c in as_list(as_dict(facts.get("license")).get("choices"))]


def declined_ids(facts: dict[str, Any]) -> set[str]:
    """The licenses an OR choice declines: the answers read the licenses taken."""
    return {str(i) for c in license_choices(facts) for i in as_list(c.get("declined_ids"))}


def choice_sentence(facts: dict[str, Any]) -> str | None:
    """Each OR choice in words: what is offered, what the organisation can take and why, and that it must record it
    (LIC017); None when the license offers no choice that matters."""
    said = [f"{c.get('expression')} is a choice: the organisation can take {c.get('take')} ({c.get('why')}) and must "
            f"record that it does (LIC017); the terms of {c.get('take')} then bind, not those of "
            f"{', '.join(str(d) for d in as_list(c.get('declined')))}" for c in license_choices(facts)]
    return "; ".join(said) or None


def _prose_named(facts: dict[str, Any]) -> list[Licensed]:
    """The KB entries a "License:" line of the prose names (falcon-11B: `license: unknown` in the metadata,
    "License: TII Falcon License 2.0" in the prose), read as a card's `license_name` would be; only when the
    metadata declares no license the knowledge base knows. The review answers from them, labelled as named by the
    prose; resolution and the verdict never use them."""
    stated = as_dict(as_dict(facts.get("card")).get("license_stated"))
    if not stated.get("name"):
        return []
    what = " for the adapter's own weights" if stated.get("role") == ADAPTER_WEIGHTS else ""
    return [Licensed(entry, f"named in the card's prose{what}, README line {stated.get('line')}, not in its metadata",
                     prose=True) for entry in _entries_named(str(stated["name"]))]


def prose_named_licenses(facts: dict[str, Any]) -> list[str]:
    """The ids of the licenses the card names only in its prose (see _prose_named), with the README line."""
    line = as_dict(as_dict(facts.get("card")).get("license_stated")).get("line")
    return [f"{li.entry.id}, README line {line}" for li in _prose_named(facts)] if not _own_ids(facts) else []


def prose_named_entries(facts: dict[str, Any]) -> list[LicenseEntry]:
    """The KB entries of the licenses the card names only in its prose (see prose_named_licenses), for the rows
    that judge the license's kind (the Art. 53(2) exemption): StableLM 2's metadata says `other`, its prose the
    Stability AI Community License, and "not identified" there contradicted question 2."""
    return [li.entry for li in _prose_named(facts)] if not _own_ids(facts) else []


def _own_ids(facts: dict[str, Any]) -> list[str]:
    lic = as_dict(facts.get("license"))
    return [str(x) for x in as_list(lic.get("ids") if "ids" in lic else lic.get("effective_ids"))]


@cache
def _entries_named(name: str) -> tuple[LicenseEntry, ...]:
    # lazy: start-up (the resolver is only needed for a prose-named license)
    from auditor.licenses.resolve import resolve_license
    from auditor.model import ModelRecord

    kb = load_kb()
    record = ModelRecord(id="prose/license", source="local", card={"license": "other", "license_name": name},
                         card_present=True)
    resolved = resolve_license(record, kb)
    if resolved.state != "known":
        return ()
    return tuple(e for e in (kb.get(i) for i in resolved.entries) if e is not None)


def own_terms_unknown(facts: dict[str, Any]) -> str | None:
    """A sentence when the publisher's own license could not be identified (its terms are unknown), so the
    inherited licenses answer as a floor; None when the model's own license is known."""
    lic = as_dict(facts.get("license"))
    if as_list(lic.get("ids")) or lic.get("state") not in ("custom", "unknown", "none"):
        return None
    written = ", ".join(str(x) for x in as_list(lic.get("declared_raw"))) or "nothing"
    prose = _prose_named(facts)
    if prose:
        return (f"the card's metadata declares no license the audit knows (declared: {written}; state "
                f"{lic.get('state')}), its prose names {', '.join(p.entry.id for p in prose)} (README line "
                f"{as_dict(as_dict(facts.get('card')).get('license_stated')).get('line')}): "
                "the answers below read that license, with any inherited ones as a floor; record it in the card's "
                "`license:` field")
    return (f"the publisher's own terms are unknown (declared: {written}; state {lic.get('state')}"
            f"{_prose_unheld(facts)}); the licenses below are inherited from ancestors and are a floor, not the whole "
            "of the terms")


def _prose_unheld(facts: dict[str, Any]) -> str:
    """"; its prose names X (README line N), a license the knowledge base does not hold" when a "License:" line of
    the card names a license the audit could not identify (the metadata declares none it knows): the reviewer learns
    which text to read; empty otherwise."""
    stated = as_dict(as_dict(facts.get("card")).get("license_stated"))
    if not stated.get("name") or _own_ids(facts) or _prose_named(facts):
        return ""
    return (f"; its prose names \"{stated['name']}\" (README line {stated.get('line')}), a license the knowledge base "
            "does not hold, so its terms were not read")


_NO_TERMS = "none: without a license there are no terms here, and no rights are granted"
_UNLICENSED = {
    "text": "none: there is no license text",
    "threshold": "not applicable: no license grants commercial use at any scale",
    "derivatives": "not granted: modifying or fine-tuning it needs the rights holder's permission (no license)",
    "patent": "none: no license, so no patent grant",
    "warranty": "none given (no license)",
    "liability": "not limited by any license (no license)",
    "termination": "not applicable: no license is granted, so none can end",
    **{key: _NO_TERMS for key in ("aup", "attribution", "naming", "carry", "ownership", "outputs", "territory",
                                  "export", "indemnity", "law", "venue")},
}


def _no_license(facts: dict[str, Any]) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """The license questions when nothing was declared or found, by what was read: a record that held no card
    establishes nothing; a card without a license, in a repository whose file list is known and holds no
    license file, grants nothing (every license question then has its answer: no rights); a card without a
    license whose files were not listed (or hold an unidentified license file) leaves the license open."""
    card, files = as_dict(facts.get("card")), as_dict(facts.get("files"))
    if card.get("present") is not True:
        return {"license": ("not established: no model card or license file was read for this record (re-audit "
                            "online to read them)", (), "unanswered")}
    stated = as_dict(card.get("license_section"))
    if stated.get("title"):
        # Guanaco ("## License and Intended Use": Apache 2 adapters on LLaMA's license) has no front matter:
        # "the card declares none, nothing is granted" would contradict the card's own words
        return {"license": (f"the card's metadata declares no license, but its prose has a \"{stated['title']}\" "
                            f"section (README line {stated.get('line')}) the audit does not read as a license: read "
                            "it, and record the license in the card's `license:` field or a catalog", (), "partial")}
    if files.get("known") is not True or files.get("has_license_file"):
        why = ("the repository has a license file the audit did not identify" if files.get("has_license_file")
               else "whether the repository ships a license file is not recorded (re-audit online)")
        return {"license": (f"the card declares no license; {why}", (), "partial")}
    card_only = _card_without_repository(facts)
    sha = as_dict(facts.get("model")).get("sha")
    owner = (owner_and_name(str(as_dict(facts.get("model")).get("id") or "")) or ("the publisher", ""))[0]
    base = card_only or (f"no license: the card declares none and the repository{f' at {sha}' if sha else ''} has "
                         "no license file, so nothing is granted")
    out = {key: (text, (), "answered") for key, text in _UNLICENSED.items()}
    # a card alone: the license is not established (partial), and the other answers take the default a reviewer
    # takes until a license is shown: nothing is granted
    out["license"] = (base, (), "partial" if card_only else "answered")
    out["licensor"] = ("none: no license is granted; the rights holder is presumably the publisher", (), "answered")
    out["commercial"] = (f"not granted ({base}): commercial use needs the rights holder's permission", (),
                         "answered")
    out["contact"] = (f"the publisher, {owner}: any use needs its permission", (), "answered")
    return out


def _card_without_repository(facts: dict[str, Any]) -> str | None:
    """A sentence when the audited local directory holds no weights (a card copied without its repository, as a
    snapshot of README.md alone): its lack of a license file says nothing of the repository the card describes,
    which may ship one (NousResearch/Llama-2-7b-hf's card declares no license; its repository ships Meta's
    LICENSE.txt), so "the repository has no license file" would be a fact the directory cannot support; "nothing
    is granted" stands only as the default until a license is shown. None otherwise."""
    model, files = as_dict(facts.get("model")), as_dict(facts.get("files"))
    if model.get("source") != "local" or as_list(files.get("weights_formats")):
        return None
    hints = [f"{as_dict(h).get('family')} ({as_dict(h).get('likely_license')})"
             for h in as_list(as_dict(facts.get("lineage")).get("suspected"))
             if as_dict(h).get("likely_license")]
    named = f"; its name suggests {', '.join(hints)}, whose terms would bind it" if hints else ""
    return ("no license shown: the card declares none and the audited directory holds no license file, but no "
            f"weights either ({files.get('count')} file(s)): a card without its repository, whose own files may hold "
            f"the license{named}; until one is shown nothing is granted (audit the repository itself)")


def _cite(licensed: Licensed, clause: str | None) -> str:
    return f"{licensed.entry.id} {clause}" if clause else licensed.entry.id


def _fact(licensed: Licensed, key: str) -> dict[str, Any]:
    return as_dict(review_facts().get(licensed.entry.id, {}).get(key))


def _term(licensed: Licensed, name: str) -> Term | None:
    """The KB's term, else (for the informational terms only) rules/review-facts.yaml's; None when unknown."""
    term = licensed.entry.info.get(name) or licensed.entry.terms.get(name)
    if (term is None or term.value == "unknown") and name in INFO_TERM_NAMES:
        fact = dict(_fact(licensed, name))
        if fact.get("value"):
            term = Term(fact.pop("value"), fact.pop("clause", None), fact)
    return term if term is not None and term.value != "unknown" else None


def _with_note(text: str, term: Term | None) -> str:
    note = term.get("note") if term is not None else None
    return f"{text} ({note})" if note else text


def _per_license(licenses: list[Licensed], describe: Callable[[Licensed], tuple[str, str | None] | None]
                 ) -> tuple[str, tuple[str, ...], str]:
    """One answer from every license: "id: text" joined, the clauses cited, and the status (answered when every
    license answers, partial when some do, unanswered when none does)."""
    parts, clauses, missing, gaps = [], [], 0, 0
    for licensed in licenses:
        found = describe(licensed)
        if found is None:
            missing += 1
            parts.append(f"{licensed.label}: {NOT_STATED}")
            continue
        text, clause = found
        parts.append(f"{licensed.label}: {text}" if len(licenses) > 1 or licensed.via else text)
        clauses.append(_cite(licensed, clause))
        gaps += NOT_STATED in text or BY_HAND in text  # answered, but part of it is not in the sources
    if not licenses:
        return f"{NOT_STATED} (the license was not identified)", (), "unanswered"
    status = "answered" if not missing and not gaps else ("partial" if missing < len(licenses) else "unanswered")
    return "; ".join(parts), tuple(clauses), status


# The knowledge base's term values are short codes for machines; a reviewer reads a sentence. A value the table
# does not know is shown as it is, never dropped.
# "prohibited" is about sharing: CC ND 4.0 lets adapted material be made for private use (§2(a)(1)(B)), the
# Microsoft research terms let the licensee modify for its own research (§1); "not allowed" as the answer to "may
# we modify it?" would contradict the note beside it, which says what private modification the text permits.
_DERIVATIVES = {"allowed": "allowed", "same-terms": "allowed, under the same license",
                "prohibited": "derivatives may not be shared", "unknown": "unknown"}
_OWNERSHIP = {"not-claimed": "the licensor claims no rights in the outputs",
              "unspecified": "not stated: the license does not say who owns outputs",
              "licensee": "the licensee owns the outputs", "licensor": "the licensor owns the outputs"}
_INDEMNITY = {"licensee-indemnifies": "the licensee indemnifies the licensor",
              "none": "the text imposes no indemnity on the licensee"}


def _phrase(table: dict[str, str], value: Any) -> str:
    return table.get(str(value), str(value))


def _patent_phrase(term: Term) -> str:
    """Question 15's head. A grant made under the licensor's "intellectual property rights" (Llama, Qwen, Stability
    AI, DBRX) names no patent license, yet IP rights include patents: a bare "none" read as if patents were
    excluded, so the head says the grant is not express and may reach them."""
    note = str(term.get("note") or "").lower()
    if str(term.value) == "none" and ("intellectual property" in note or "ip rights" in note):
        return ("no express patent grant; the general grant under the licensor's intellectual property rights may "
                "reach patents without naming them (for legal to assess)")
    return str(term.value)


def _term_answer(name: str, phrase: Callable[[Term], str]) -> Callable[[Licensed], tuple[str, str | None] | None]:
    def describe(licensed: Licensed) -> tuple[str, str | None] | None:
        term = _term(licensed, name)
        return None if term is None else (_with_note(phrase(term), term), term.clause)
    return describe


_TERMINATES = re.compile(r"\bterminat", re.IGNORECASE)


def _termination(licensed: Licensed) -> tuple[str, str | None] | None:
    """Question 16: the litigation clause, then every other ending the knowledge base records under another term
    (the Stability AI Community License's §III ends every license once revenue passes USD 1M, which questions 4
    and 27 said and question 16 left out); and the duty that follows termination where the text sets one (review-facts
    `termination_effect`: delete and stop using the materials, Gemma §4.5, Llama §6)."""
    base = _term_answer("termination_on_litigation", lambda t: "a litigation clause ends rights" if t.value == "yes"
                        else "no clause ends the license on litigation")(licensed)
    more: list[tuple[str, str | None]] = []
    for name in ("commercial_use", "use_restrictions", "derivatives", "output_training"):
        term = _term(licensed, name)
        said = " ".join(str(term.get(k) or "") for k in ("condition", "note")) if term is not None else ""
        if term is not None and _TERMINATES.search(said):
            more.append((f"{name.replace('_', ' ')} ({term.clause}): {' '.join(said.split())}"
                         if term.clause else ' '.join(said.split()), term.clause))
    effect = _fact(licensed, "termination_effect")
    if effect.get("value"):  # the duty that follows (Gemma §4.5, Llama §6: delete and stop using the materials)
        more.append((f"on termination: {effect['value']}" + (f" ({effect['clause']})" if effect.get("clause") else ""),
                     effect.get("clause")))
    if not more:
        return base
    text = "; ".join(([base[0]] if base else []) + [m if m.startswith("on termination: ") else f"also ends: {m}"
                                                    for m, _ in more])
    clauses = [c for c in ([base[1]] if base else []) + [c for _, c in more] if c]
    return text, ", ".join(dict.fromkeys(clauses)) or None


def _fact_answer(key: str) -> Callable[[Licensed], tuple[str, str | None] | None]:
    def describe(licensed: Licensed) -> tuple[str, str | None] | None:
        fact = _fact(licensed, key)
        return (str(fact["value"]), fact.get("clause")) if fact.get("value") else None
    return describe


# -- the answers that need more than one term --------------------------------------------------------------


def _license_version(licensed: Licensed) -> tuple[str, str | None]:
    """Question 2 for one license: its name, id, version and category, and, for a knowledge-base entry whose text was
    not read in full (`status: partial`), that its unread terms are unknown: a category printed bare read as settled
    where the entry's terms were never read (Katanemo's 'research-only' from the Hub's slug, review pass 34 W1)."""
    entry = licensed.entry
    version = f", version {entry.version}" if entry.version else ""
    date = f" of {entry.date}" if entry.date else ""
    category = ("category not established: 'proprietary' is the knowledge base's placeholder, its text unread"
                if entry.category == "proprietary" and entry.status == "partial" and entry.text_file is None
                else entry.category)
    partial = ("; not every term was read (the knowledge base's entry is partial: the terms its text was not read for "
               "are unknown, see below)" if entry.status == "partial" else "")
    # a text revised since (Grok 2's, renamed "xAI Community License Agreement"): the name and date are the first
    # version's, and the answers may apply a later one's terms (review 38 M1): which one binds is said to be checked
    revised = (f"; the name and date are the first version's, and the text was revised since "
               f"({_revisions_said(entry)}): which text binds depends on {_binds_by(entry)} ({BY_HAND})"
               if entry.revisions else "")
    return f"{entry.name} ({entry.id}{version}{date}; {category}){_other_numbers(entry)}{partial}{revised}", None


# a version number at the end of a name ("tii falcon license 2.0", "bigcode open rail-m v1.0")
_NAME_NUMBER = re.compile(r"(?<![\d.])v?(\d{1,3}(?:\.\d{1,3}){0,3})$")


def _same_number(a: str, b: str) -> bool:
    """1 and 1.0 (and 2.0.0) are one version number."""
    def parts(n: str) -> list[int]:
        out = [int(p) for p in n.split(".")]
        while len(out) > 1 and out[-1] == 0:
            out.pop()
        return out
    return parts(a) == parts(b)


def _other_numbers(entry: Any) -> str:
    """The names the license goes by that carry another number than the text's version (Falcon 2 11B's cards call
    version 1.0 of its license "TII Falcon License 2.0", review pass 27): said, so "2.0" on the card and "1.0" here
    read as one license under two names, not as a version mismatch. "" when no alias carries another number."""
    if not entry.version or not re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){0,3}", str(entry.version)):
        return ""
    others = [alias for alias in entry.aliases
              if (m := _NAME_NUMBER.search(alias.strip())) and not _same_number(m.group(1), str(entry.version))]
    if not others:
        return ""
    return (f"; also called \"{others[0]}\" (as model cards name it): that number is not the text's version; the "
            f"text's own title, {entry.name}, makes this version {entry.version}")


def is_family_entry(entry: LicenseEntry) -> bool:
    """Whether a KB entry stands for a family of licenses, not one text (LicenseRef-OpenRAIL-Family, the
    unversioned GPL, the unspecified BSD or CC): its address is an overview (a blog post, an index page), and which
    member's text binds the model is for its repository's license file to say."""
    return entry.id.lower().endswith("-family")


def _official_text(licensed: Licensed) -> tuple[str, str | None] | None:
    """The KB's reference text; for a family of licenses there is none to give (review 38 M8: the OpenRAIL tag
    answered with a blog post as "the official license text"): its address is shown as the family's overview."""
    if licensed.entry.url and is_family_entry(licensed.entry):
        return (f"no single official text: {licensed.entry.id} names a family of licenses whose members each have "
                f"their own text, and which member binds the model is for its repository's license file or card to say "
                f"({BY_HAND}); an overview of the family, not a license text: {licensed.entry.url}"), None
    return (licensed.entry.url, None) if licensed.entry.url else None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_LINK_MONTH = re.compile(r"(?i)(?<![a-z])(" + "|".join(_MONTHS) + r")[a-z]*[-_ .]?(20\d\d)(?!\d)")
_LINK_ISO = re.compile(r"(?<!\d)(20\d\d)[-_.](0[1-9]|1[0-2])(?!\d)")
_LICENSE_LINK = "front-matter.license_link"


def card_license_link(facts: dict[str, Any]) -> str | None:
    """The card's `license_link` as recorded in the license evidence (the text the publisher points to)."""
    for item in as_list(as_dict(facts.get("license")).get("evidence")):
        item = as_dict(item)
        if str(item.get("location") or "").endswith(_LICENSE_LINK) and item.get("value"):
            return str(item["value"])
    return None


def _link_month(link: str) -> str | None:
    """The year and month a license link names ("...-june-2024.pdf", "...-aug2024.pdf", ".../2025-04/..."), as
    YYYY-MM; None when it names none."""
    named = _LINK_MONTH.search(link)
    if named:
        return f"{named.group(2)}-{_MONTHS.index(named.group(1).lower()[:3]) + 1:02d}"
    iso = _LINK_ISO.search(link)
    return f"{iso.group(1)}-{iso.group(2)}" if iso else None


def _own_single(licenses: list[Licensed]) -> Licensed | None:
    own = [li for li in licenses if li.via is None and not li.prose]
    return own[0] if len(own) == 1 else None


def _linked_version(facts: dict[str, Any], licenses: list[Licensed]) -> tuple[Licensed, str, str] | None:
    """(the one license answered, the card's license_link, the month it names as "Month YYYY") when that link names
    a dated text other than the one the knowledge base read; None when they agree or the link names no date."""
    own, link = _own_single(licenses), card_license_link(facts)
    if own is None or not link or not own.entry.date:
        return None
    linked = _link_month(link) if checked_link(link) else None
    if linked is None or own.entry.date.startswith(linked):
        return None
    year, month = linked.split("-")
    return own, link, f"{_MONTH_NAMES[int(month) - 1]} {year}"


def version_gap(facts: dict[str, Any], licenses: list[Licensed]) -> str | None:
    """A sentence when the card's license_link names a dated text other than the one the knowledge base read
    (Nemotron-4-340B links the NVIDIA Open Model License of June 2024; the KB holds the terms of 2025-04-28): the
    version that binds the model is the linked one, and the terms answered are another's. None when they agree
    or the link names no date."""
    gap = _linked_version(facts, licenses)
    if gap is None:
        return None
    own, link, named = gap
    return (f"the card's license_link ({link}) names the text of {named}, but the "
            f"knowledge base's terms for {own.entry.id} are read from the version of {own.entry.date}: the answers "
            "below may not be those of the text that binds this model; compare the two texts")


# the answers read from a license's terms and clauses (question 3, the text's address, is the card's own link; the
# licensor of a license's versions is the same publisher)
_CLAUSE_KEYS = ("commercial", "threshold", "aup", "attribution", "naming", "derivatives", "carry",
                "ownership", "outputs", "territory", "export", "patent", "termination", "warranty", "liability",
                "indemnity", "law", "venue", "contact")


def _note_version_gap(facts: dict[str, Any], licenses: list[Licensed],
                      found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """When the card links another dated version of its license than the one the knowledge base read (see
    version_gap), every answer read from the terms cites clauses of a text that may not bind the model: question 2
    said so, and each such answer says which text it read and is partial, never "answered" above that warning."""
    gap = _linked_version(facts, licenses)
    if gap is None:
        return
    own, _, named = gap
    said = (f" (read from the {own.entry.id} text of {own.entry.date}, not the {named} text the card links: "
            "question 2; check the clause there)")
    for key in _CLAUSE_KEYS:
        text, clauses, status = found[key]
        if status != "unanswered" and said not in text:
            found[key] = (text + said, clauses, "partial")


def _version_in_force(entry: LicenseEntry, released: str) -> tuple[str, str]:
    """(date, where) of the dated text of `entry` in force on `released` (YYYY-MM-DD...): the latest dated on or before
    it, or the oldest when the release predates them all (the text it shipped with cannot be later than it)."""
    texts = sorted([(entry.date or "", entry.url or entry.id)] + [(v["date"], v["ref"]) for v in entry.dated_versions])
    before = [text for text in texts if text[0] and text[0] <= released[:10]]
    return before[-1] if before else texts[0]


def _ref_said(ref: str) -> str:
    """A text's place as a reader finds it: an address as it is, owner/repo@commit:path as "path at owner/repo@commit"
    (the commit cut to 12 characters)."""
    if "://" in ref or "@" not in ref or ":" not in ref:
        return ref
    repo, _, rest = ref.partition("@")
    commit, _, path = rest.partition(":")
    return f"{path} at {repo}@{commit[:12]}"


def _card_linked_version(facts: dict[str, Any], entry: LicenseEntry) -> tuple[str, str] | None:
    """(date, where) of the dated text the card itself links (its license_link, or the link of its "License:" line),
    when that link is the address of one of the entry's dated texts (SDXL's card links its LICENSE.md, the 2023
    text); None otherwise."""
    stated = as_dict(as_dict(facts.get("card")).get("license_stated"))
    links = [str(link).rstrip("/") for link in (card_license_link(facts), stated.get("link")) if link]
    texts = [(entry.date or "", entry.url or "")] + [(v["date"], v["ref"]) for v in entry.dated_versions]
    return next(((date, where) for date, where in texts if where and where.rstrip("/") in links), None)


def _note_dated_versions(facts: dict[str, Any], licenses: list[Licensed],
                         found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Questions 2 and 3 for a license whose text exists in several dated versions with the same terms (CreativeML
    Open RAIL++-M: SD 2.x's of 2022-11-24, SDXL's of 2023-07-26): the version named is the one in force at the model's
    release (the repository's creation date), not the one the knowledge base read; "of 2023-07-26" and SDXL's address
    were said of SD 2.1 (review 40 W2). With no release date on record the version is unsettled: said, and partial."""
    own = _own_single(licenses)
    if own is None or not own.entry.dated_versions:
        return
    entry = own.entry
    released = str(as_dict(facts.get("model")).get("created_at") or "")
    dates = ", ".join(sorted([entry.date or "?"] + [v["date"] for v in entry.dated_versions]))
    text, clauses, status = found["license"]
    ref_text, ref_clauses, ref_status = found["text"]
    read = f"; the knowledge base's terms are read from the text of {entry.date}"
    linked = _card_linked_version(facts, entry)
    if linked is not None or (len(released) >= 10 and released[:4].isdigit()):
        date, where = linked or _version_in_force(entry, released)
        why = ("the one the card links" if linked is not None
               else f"in force when the repository was created ({released[:10]})")
        text = text.replace(f" of {entry.date};", ";", 1)
        found["license"] = (f"{text}; the text of {date}, {why}: {_ref_said(where)}"
                            + (read + " (the same terms)" if date != entry.date else ""), clauses, status)
        if date != entry.date and _ref_said(where) not in ref_text:
            found["text"] = (f"{_ref_said(where)} (the text of {date}, in force at the model's release); the "
                             f"knowledge base's reference text, of {entry.date}: {ref_text}", ref_clauses, ref_status)
        return
    text = text.replace(f" of {entry.date};", ";", 1)
    found["license"] = (f"{text}; the license's text exists in dated versions ({dates}) with the same terms, and which "
                        "one the model was released under is not settled (its release date is not on record): read "
                        f"the repository's own license file{read}", clauses, "partial" if status == "answered"
                        else status)
    versions = "; ".join(f"the text of {v['date']}: {_ref_said(v['ref'])}" for v in entry.dated_versions)
    found["text"] = (f"{ref_text} (the text of {entry.date}); also {versions}: which one binds is the repository's own "
                     "license file to say", ref_clauses, "partial" if ref_status == "answered" else ref_status)


def _official_texts(facts: dict[str, Any], licenses: list[Licensed]
                    ) -> tuple[str, tuple[str, ...], str] | None:
    """Question 3 when the card links a text for its one license: the linked text first (the publisher's word on
    which text applies, possibly another version or the repository's own copy), then the knowledge base's
    reference text. None: answer from the knowledge base alone."""
    own, link = _own_single(licenses), card_license_link(facts)
    if own is None or not link or link.rstrip("/") == (own.entry.url or "").rstrip("/"):
        return None
    shown = checked_link(link)
    if shown is None:  # javascript:, data:, a hidden character...: never offered as the text, nor echoed here
        text = "the card's license_link is not an https address or a file of the repository, so it is not offered"
    else:
        text = f"{shown} (the card's license_link)"
    if own.entry.url and is_family_entry(own.entry):
        text += f"; the knowledge base's overview of the {own.entry.id} family (not a license text): {own.entry.url}"
    elif own.entry.url:
        text += f"; the knowledge base's reference text for {own.entry.id}: {own.entry.url}"
    return text, (own.entry.id,), "answered"


_REPO_FILE = re.compile(r"^(?:\./)?[\w][\w.-]*(?:/[\w][\w.-]*)*$")
_HTTPS = re.compile(r"^https://[^\s<>\"'`\\]+$", re.IGNORECASE)
MAX_LINK_CHARS = 500  # an address a reviewer can read and copy; a longer one is no license text's


def checked_link(link: str) -> str | None:
    """A link from a card as the review may show it: an https address, or a file of the repository ("LICENSE",
    "./docs/LICENSE.md"), said as such; None for anything else (javascript:, data:, http:, a host-relative or
    parent path, whitespace), which a reviewer must never be offered as the license text. Printable ASCII only,
    and of a length one reads: a hidden character (a right-to-left override, a zero-width space) or a look-alike
    letter (a Cyrillic a in the host) makes the address another than the one read, so it is not offered."""
    link = link.strip()
    if not (link.isascii() and link.isprintable() and len(link) <= MAX_LINK_CHARS):
        return None
    if _HTTPS.match(link):
        return link
    if _REPO_FILE.match(link) and ".." not in link:
        return f"the repository's file {link.removeprefix('./')}"
    return None


def _card_text_link(facts: dict[str, Any]) -> str | None:
    """Where the card points for the text of a license the knowledge base does not hold: its "License:" line's link,
    else its `license_link`, checked (checked_link) and labelled as the card's, not verified; None without one."""
    stated = as_dict(as_dict(facts.get("card")).get("license_stated"))
    # the statement comes from a "License:" label line or from a sentence ("is governed by [X](LICENSE)"): named as
    # the license the prose names, which is true of both (review 37 M2: "its "License:" line" of a sentence)
    named = f"the link of the license its prose names (\"{stated.get('name')}\", README line {stated.get('line')})"
    for link, label in ((str(stated.get("link") or ""), named), (card_license_link(facts) or "", "its license_link")):
        shown = checked_link(link) if link else None
        if shown:
            return f"{shown}, {label}: the card's link, not verified (the audit did not read that text)"
    return None


def _note_card_contact(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Question 27 with the address the card's "Contact:" line gives (stablelm-2-1_6b: lm@stability.ai, README line
    89), labelled as the card's: the license says whom to ask, the card where to write. Nothing when the card gives
    none, or when the answer is that no license is needed."""
    stated = as_dict(as_dict(facts.get("card")).get("contact_stated"))
    text, clauses, status = found["contact"]
    if not stated.get("address"):
        return
    if all(part.startswith("none needed") or ": none needed" in part for part in text.split("; ")):
        return
    what = ("where the card says to ask about commercial use" if stated.get("commercial")
            else "the card's own contact for questions")
    found["contact"] = (f"{text}; {what}: {stated['address']} (README line {stated.get('line')})", clauses, status)


def _own_license_file(facts: dict[str, Any]) -> bool:
    """Whether the card's "License:" line links a license file of the model's own repository (a file path, or the
    Hub's /blob/, /resolve/ or /raw/ address of this repository): evidence the text ships with the weights."""
    link = str(as_dict(as_dict(facts.get("card")).get("license_stated")).get("link") or "").strip()
    model_id = str(as_dict(facts.get("model")).get("id") or "")
    own = re.compile(rf"(?i)^(?:https://huggingface\.co/{re.escape(model_id)}/(?:blob|resolve|raw)/[^/?#]+/|\./)?"
                     r"(?:[\w.-]+/)*(?:licen[sc]e|copying|notice)[\w.-]*$")
    return bool(link) and checked_link(link) is not None and own.match(link) is not None


def _note_own_grant(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Question 2 with the publisher's own first-person grant (dolphin-2.9: "I grant permission for any use,
    including commercial, that falls within accordance with Meta's Llama-3 license", README line 63), quoted with its
    line beside the declared license: the publisher's word on its own terms, which neither replaces the license nor
    widens an ancestor's. Nothing when the prose states none."""
    stated = as_dict(as_dict(facts.get("card")).get("own_grant_stated"))
    if not stated.get("text"):
        return
    text, clauses, status = found["license"]
    found["license"] = (f"{text}; the publisher's own grant beside it (README line {stated.get('line')}): "
                        f"\"{stated['text']}\" (its own word: it does not replace the license, nor widen the terms "
                        "of a model it derives from)", clauses, status)


def _note_card_text_link(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Question 3 when the model's own license is not in the knowledge base (falcon-11B's "License: [TII Falcon
    License 2.0](https://...)"): the text the card links is offered, labelled as the card's and not verified, in
    place of "not stated" (partial), or beside the inherited licenses' texts. A license the KB holds keeps its own
    reference text (and the license_link answer of _official_texts)."""
    if _own_ids(facts) or as_dict(facts.get("license")).get("state") == "known":
        return
    offered = _card_text_link(facts)
    if offered is None:
        return
    if _prose_named(facts):
        # the license the prose names is answered from the knowledge base, but where the card links a license file
        # of its own repository (stablelm-2-1_6b: LICENSE.md, README line 87), that file is the text that binds
        # the model: listed first. A link elsewhere stays the card's word only (the KB's text answers).
        text, clauses, status = found["text"]
        if status != "unanswered" and _own_license_file(facts):
            found["text"] = (f"{offered}; the knowledge base's reference text: {text}", clauses, status)
        return
    text, clauses, status = found["text"]
    if status == "unanswered":
        found["text"] = (f"not in the knowledge base (the license was not identified); the card points to {offered}",
                         clauses, "partial")
    else:
        found["text"] = (f"{text}; for the publisher's own license, the card points to {offered}", clauses, status)


def _commercial(licensed: Licensed) -> tuple[str, str | None] | None:
    term = _term(licensed, "commercial_use")
    if term is None:
        return None
    condition = term.get("condition")
    text = term.value + (f": {condition}" if condition else "")
    return _with_note(text, term), term.clause


def _against_policy(use: dict[str, Any]) -> Callable[[Licensed], tuple[str, str | None] | None]:
    users = use.get("monthly_active_users")
    commercial = use.get("commercial")

    def describe(licensed: Licensed) -> tuple[str, str | None] | None:
        term = _term(licensed, "commercial_use")
        if term is None:
            return None
        limit = licensed.entry.mau_limit
        wanted = "commercial" if commercial else ("non-commercial" if commercial is False else "unstated")
        if term.value == "prohibited":
            verdict = "commercial use is not allowed" + (", and the policy declares commercial use"
                                                          if commercial else "")
            return verdict, term.clause
        if isinstance(limit, int) and isinstance(users, int) and not isinstance(users, bool):
            side = "under" if users <= limit else "ABOVE"
            one_off = " (a one-off test at the release date)" if "one-off" in str(term.get("condition")) else ""
            return (f"the policy's {users:,} monthly active users are {side} the {limit:,} threshold{one_off}; "
                    f"policy use: {wanted}"), term.clause
        if isinstance(limit, int):
            return f"threshold {limit:,} monthly active users; the policy states no user figure", term.clause
        if term.value == "conditional":
            return (f"the condition ({term.get('condition') or 'see the clause'}) is not a figure the policy "
                    f"records; {BY_HAND}; policy use: {wanted}"), term.clause
        return f"{term.value}: no user or revenue threshold; policy use: {wanted}", term.clause
    return describe


# A use-restriction term that incorporates an outside policy ("the FAIR Acceptable Use Policy is incorporated",
# "subject to Stability AI's Acceptable Use Policy") rather than writing the restrictions into the license
_INCORPORATED = re.compile(r"\bincorporated\b|\bAcceptable Use Policy\b|\bAUP\b")
# a note that says the list is elsewhere (a license family whose members each write their own)
_LISTED_ELSEWHERE = re.compile(r"\bdiffers by\b")


def _no_aup(licensed: Licensed, term: Term) -> tuple[str, str | None]:
    """Question 6 for a license with no use policy, said with what else limits use: a rule on outputs (Tongyi
    Qianwen §5.b) or a ban on, or condition of, commercial use (CC BY-NC, a research license): "no use
    restrictions" beside question 4's "prohibited" would contradict it."""
    outputs = _term(licensed, "output_training")
    if outputs is not None and outputs.value in ("restricted", "prohibited"):
        # Tongyi Qianwen §5.b: no use policy, but a rule of use on outputs; "no use restrictions" beside
        # question 12's "restricted" would contradict it
        return (f"no acceptable-use policy; the license's rule on outputs ({outputs.value}, "
                f"{outputs.clause or 'see question 12'}) is answered under question 12"), term.clause
    commercial = _term(licensed, "commercial_use")
    if commercial is not None and commercial.value in ("prohibited", "conditional"):
        limit = "its ban on commercial use" if commercial.value == "prohibited" else "its commercial conditions"
        return (f"no acceptable-use policy and no list of prohibited uses; the license limits use by {limit} "
                f"({commercial.clause or 'see question 4'}), answered under question 4"), term.clause
    return "no acceptable-use policy or use restrictions", term.clause


def _policy_name(fact: dict[str, Any], term: Term | None) -> str:
    """The use policy's name: the review fact's, else a phrase for what the KB term records (its `policy` value is
    an identifier for machines, "mrl-section-3", never shown as a name)."""
    if fact.get("name"):
        return str(fact["name"])
    if term is not None and term.get("url"):
        return "the acceptable-use policy the license incorporates"
    if term is not None and _INCORPORATED.search(str(term.get("note") or "")):
        return "the use policy the license incorporates"
    return "use restrictions written in the license"


# a use-policy name that is a document of its own (the Llama Acceptable Use Policy, Gemma's Prohibited Use Policy, a
# policy the license incorporates), not a list of restrictions written in the license text (Attachment A, MSR §2.d)
_SEPARATE_POLICY = re.compile(r"\bpolicy\b", re.IGNORECASE)


def separate_use_policy(name: str) -> bool:
    """Whether a use-policy name (use_policy_named) is a policy document to accept, rather than restrictions the
    license writes itself: "Accept and follow the use policy" named a policy the Microsoft Research License Terms
    do not have (review pass 30, Beyonder-4x7B-v2), whose restrictions are §1 and §2.d of the license."""
    return bool(_SEPARATE_POLICY.search(name))


def use_policy_named(licensed: Licensed, term: Term) -> str:
    """The words for a license's use policy (its name, or what the term records), for the obligations too."""
    return _policy_name(_fact(licensed, "aup"), term)


def _aup(licensed: Licensed) -> tuple[str, str | None] | None:
    term = _term(licensed, "use_restrictions")
    fact = _fact(licensed, "aup")
    if term is None and not fact:
        return None
    if term is not None and term.value == "none" and not fact:
        return _no_aup(licensed, term)
    name = _policy_name(fact, term)
    url = term.get("url") if term is not None else None
    note = term.get("note") if term is not None else None
    categories = as_list(fact.get("categories"))
    text = f"{name}{f' ({url})' if url else ''}"
    if categories:
        text += "; prohibited: " + "; ".join(str(c) for c in categories)
        if note:
            text += f" (also: {note})"
    elif note and not url and not _INCORPORATED.search(str(note)) and not _LISTED_ELSEWHERE.search(str(note)):
        text += f"; {note}"  # the restrictions are the license's own words, and the note says them
    else:
        # an outside policy whose categories the knowledge base does not hold: naming it is not saying what it
        # prohibits (Databricks, Falcon 2, Stability: "no use against the incorporated policy")
        text += f"{f'; {note}' if note else ''}; prohibited categories: {NOT_STATED} (read the policy)"
    clause = fact.get("clause") or (term.clause if term is not None else None)
    return text, clause


def _attribution(licensed: Licensed) -> tuple[str, str | None] | None:
    term = _term(licensed, "attribution")
    if term is None:
        return None
    notice = term.get("notice")
    if term.value in ("none", "no", "not-required"):  # "not-required" is the schema's value (CC0, Unlicense)
        return _with_note("no attribution duty", term), term.clause
    placement = term.get("note")
    display = term.get("display")
    # a fixed display text is a fixed text: "no fixed notice text" followed by the fixed "Built with glm-4" (GLM-4
    # §2(B)) contradicted itself (review 40 M2); what is not fixed is the copyright notice
    unfixed = "no fixed copyright-notice text" if display and not notice else "no fixed notice text"
    lead = f'fixed display text: "{display}", to be displayed prominently; ' if display and not notice else ""
    if notice:
        text = f'exact text: "{notice}"'
    elif placement:
        # no fixed text: what to attribute and where are the license's own (FAIR Noncommercial: acknowledge the
        # materials in publications; Apache: keep the notices and the NOTICE file's attributions), and saying
        # "keep the copyright and attribution notices" would ask for notices a license may not name
        # a note that only says when ("for unmodified redistribution": Apple's sample-code terms) names no duty
        text = lead + (f"{unfixed}; keep the license's notice and disclaimers {placement}"
                       if str(placement).startswith("for ") else f"{unfixed}; what the license asks: {placement}")
    else:
        carry = _term(licensed, "derivative_must_carry")
        items = [_carry_item(licensed, str(v)) for v in as_list(carry.value if carry is not None else None)
                 if str(v) in ("notice", "attribution", "license-copy")]
        shipped = (f"; copies shared carry {', '.join(items)} ({carry.clause})" if items and carry is not None
                   and carry.clause else "")
        return (f"{lead}required, with {unfixed}{shipped}; which notices to keep and where: {NOT_STATED} (read "
                f"{term.clause or 'the license'})"), term.clause
    if display and notice:
        text += f'; display prominently: "{term.get("display")}"'
    if notice:
        text += f"; placement: {placement}" if placement else f"; placement: {NOT_STATED} (read the clause)"
    return text, term.clause


def _naming(licensed: Licensed) -> tuple[str, str | None] | None:
    term = _term(licensed, "naming")
    if term is None:
        return None
    if term.value == "none":
        return _with_note("no naming duty", term), term.clause
    return _with_note(str(term.get("rule") or term.value), term), term.clause


def pass_on_clause(licensed: Licensed) -> str | None:
    """The clause that makes the licensee write the use restrictions into its own agreements with recipients
    as enforceable provisions (OpenRAIL paragraph 4.a, Gemma §3.1, DeepSeek §4.a), from the review facts; None
    when the text only binds derivatives and their use to the restrictions (the Llama, Stability, FLUX and
    Mistral texts ask no such clause of the licensee's own terms)."""
    clause = _fact(licensed, "aup").get("pass_on")
    return str(clause) if clause else None


def passes_on(facts: dict[str, Any]) -> bool:
    """Whether any license of the model makes the licensee pass its use restrictions on in its own terms."""
    return any(pass_on_clause(licensed) for licensed in licenses_of(facts))


def _carry_item(licensed: Licensed, value: str) -> str:
    if value == "license-copy" and uri_suffices(licensed.entry.id):
        return "a copy of the license or its URI"
    clause = pass_on_clause(licensed) if value == "use-restrictions" else None
    if clause:
        return (f"the use restrictions, as an enforceable provision in every agreement governing the use or "
                f"distribution, with notice to recipients that they are bound by them ({clause})")
    return CARRY_WORDS.get(value, value)


def _carry(licensed: Licensed) -> tuple[str, str | None] | None:
    term = _term(licensed, "derivative_must_carry")
    derivatives = _term(licensed, "derivatives")
    if term is None:
        return None
    items = [_carry_item(licensed, str(v)) for v in as_list(term.value)]
    if derivatives is not None and derivatives.value == "prohibited":
        # a no-derivatives license (CC ND, Microsoft Research): "derivatives carry any license" would say the
        # opposite of the grant; what it asks is of copies shared as they are, if any may be shared at all
        text = ("derivatives may not be shared, so none carries a license; copies shared unmodified carry: "
                + ", ".join(items)) if items else "not applicable: derivatives may not be shared"
        return _with_note(text, term), term.clause
    license_rule = ("the same license" if (derivatives is not None and derivatives.value == "same-terms")
                    or "same-license" in as_list(term.value) else "any license that keeps these conditions")
    if not items and license_rule != "the same license":
        return _with_note("no conditions: derivatives may carry any license, with no notice to keep", term), term.clause
    # the license rule heads the answer; "the same license" again in the list said one duty twice (FLUX.1-dev)
    items = [i for i in items if i != CARRY_WORDS["same-license"]]
    text = f"derivatives carry {license_rule}; with: " + (", ".join(items) if items else "nothing more")
    # the note holds what the list's words cannot (NVIDIA's "Built on NVIDIA Cosmos", OpenRAIL's documentation of
    # changes, FLUX's disclaimers in a derivative's terms): dropping it lost duties the text imposes
    return _with_note(text, term), term.clause


# the Creative Commons elements whose terms would reach an output that is an adaptation of the licensed material
_CC_ELEMENTS = {"NC": "non-commercial", "ND": "no-derivatives", "SA": "share-alike"}


def _cc_unsettled(licensed: Licensed) -> str | None:
    """For a Creative Commons license with NC, ND or SA terms whose knowledge-base entry reads outputs as "allowed"
    for want of any clause on them: the text never speaks to model outputs, and whether an output is an adaptation
    of the licensed material (and so bound by those terms) is not settled by it. "allowed" alone (galactica-120b,
    CC-BY-NC-4.0, beside question 11's own "not settled") would claim what the text does not say."""
    parts = licensed.entry.id.upper().split("-")
    term = _term(licensed, "output_training")
    elements = [_CC_ELEMENTS[p] for p in parts if p in _CC_ELEMENTS]
    if parts[:2] != ["CC", "BY"] or not elements or term is None or term.value != "allowed" or term.clause:
        return None
    return ("training other models on outputs: no clause of the license speaks to outputs; whether an output is an "
            f"adaptation of the licensed material, and so bound by its {' and '.join(elements)} terms, is not settled "
            "by the text (for legal to assess)")


# an output-training note that already says the use stays within the license's scope (MNPL-0.1's "limited to
# non-production purposes", Qwen Research's "within the non-commercial scope")
SCOPE_STATED = re.compile(r"(?i)\bnon-?commercial\b|\bnon-?production\b|\bresearch\b|\bscope\b")


def output_scope(licensed: Licensed) -> str | None:
    """For a license that confines every use (research only, non-commercial, non-production: commercial use
    "prohibited") while its output-training term reads "allowed": how the outputs stay in that scope. Generating
    outputs is itself use of the model, so a bare "allowed" read as a green light under the Microsoft Research License
    (beyonder, review pass 30) right below a question 4 that says "prohibited". The scope sentence when the term's
    note does not state it, "" when it does (MNPL-0.1, Qwen Research), None when the use is not scoped."""
    term = _term(licensed, "output_training")
    commercial = _term(licensed, "commercial_use")
    if term is None or commercial is None or term.value != "allowed" or commercial.value != "prohibited":
        return None
    if SCOPE_STATED.search(str(term.get("note") or "")):
        return ""
    scope = str(commercial.get("note") or "the license's non-commercial scope")
    where = f" ({commercial.clause})" if commercial.clause else ""
    return f"generating outputs is itself use of the model, so it is confined to {scope}{where}"


def _outputs_use(licensed: Licensed) -> tuple[str, str | None] | None:
    term = _term(licensed, "output_training")
    commercial = _term(licensed, "commercial_use")
    if term is None:
        return None
    unsettled = _cc_unsettled(licensed)
    scope = None if unsettled else output_scope(licensed)
    clauses = [term.clause]
    if unsettled:
        text = unsettled
    elif scope is not None:
        head = "training other models on outputs: allowed only within the license's scope"
        text = _with_note(f"{head}: {scope}" if scope else head, term)
        clauses.append(commercial.clause if commercial is not None else None)
    else:
        text = _with_note(f"training other models on outputs: {term.value}", term)
    note = commercial.get("note") if commercial is not None else None
    if note and "output" in str(note):
        text += f"; commercial use of outputs: {note}"
    return text, ", ".join(dict.fromkeys(c for c in clauses if c)) or None


def _fact_or_term_note(fact_key: str, term_name: str, words: tuple[str, ...]
                       ) -> Callable[[Licensed], tuple[str, str | None] | None]:
    """A review fact (rules/review-facts.yaml) when the base states one, else the note of a KB term that speaks
    of the subject (a word of `words` in it): export control lives in `territorial`'s note, liability in
    `warranty`'s, where the texts put them."""
    def describe(licensed: Licensed) -> tuple[str, str | None] | None:
        fact = _fact(licensed, fact_key)
        if fact.get("value"):
            return str(fact["value"]), fact.get("clause")
        term = _term(licensed, term_name)
        note = str(term.get("note") or "") if term is not None else ""
        return (note, term.clause) if term is not None and any(w in note for w in words) else None
    return describe


def _territory(facts: dict[str, Any]) -> Callable[[Licensed], tuple[str, str | None] | None]:
    """The territorial term, judged for this model where the KB records it with a condition (`applies_if`):
    the Llama 3.2/3.3 policies withhold the grant from EU licensees for the release's multimodal models only,
    so a text-only model's effective term is "none" (licenses/conditions.py); answering the KB's bare
    "restricted" would contradict the effective-terms table of the same report."""
    judged = [str(n) for n in as_list(as_dict(as_dict(facts.get("terms")).get("territorial")).get("notes"))]
    regions = [str(r) for r in as_list(as_dict(as_dict(facts.get("policy")).get("use")).get("regions"))]

    def describe(licensed: Licensed) -> tuple[str, str | None] | None:
        term = _term(licensed, "territorial")
        if term is None:
            return None
        if term.value == "none":
            return _with_note("no territorial restriction", term), term.clause
        note = str(term.get("note") or "")
        reading = next((n for n in judged if term.get("applies_if") and note and n.endswith(note)), None)
        if reading is None:
            return _with_note(str(term.value), term) + _against_regions(note, regions), term.clause
        if reading.startswith("does not apply"):
            return f"none for this model: the restriction {reading.removeprefix('does not apply: the restriction ')}", \
                term.clause
        if reading.startswith("applies:"):
            said = f"restricted for this model: {reading.removeprefix('applies: ')}"
            return said + _against_regions(note, regions), term.clause
        return (f"restricted only if the model is multimodal: "
                f"{reading.removeprefix('applies only to multimodal models; ')}" + _against_regions(note, regions)), \
            term.clause
    return describe


def _against_regions(note: str, regions: list[str]) -> str:
    """The policy's regions set against a restriction that names the European Union (Llama 3.2 / 4 multimodal
    models: the grant is withheld from EU-domiciled licensees): the question is the organisation's, and the
    policy's `use.regions` is its own word on where it operates."""
    if "European Union" not in note or not regions:
        return ""
    if "EU" in regions:
        return ("; the policy's regions include the EU: if the organisation is domiciled or has its principal place "
                "of business there, the grant is withheld")
    return f"; the policy's regions ({', '.join(regions)}) do not include the EU"


_export = _fact_or_term_note("export", "territorial", ("export", "sanction", "trade-control"))
_liability = _fact_or_term_note("liability", "warranty", ("liabilit",))


# a duty to indemnify that only some licensees bear (Apache §9: one who offers its own warranty or support; EPL §4: a
# commercial distributor): "imposes no indemnity" as the headline would be contradicted by the note beside it
_CONDITIONAL_INDEMNITY = re.compile(r"\bmust\s+(?:defend\s+and\s+)?indemnify\b", re.IGNORECASE)


def _indemnity(licensed: Licensed) -> tuple[str, str | None] | None:
    term = _term(licensed, "indemnity")
    if term is None:
        return None
    if term.value == "none" and _CONDITIONAL_INDEMNITY.search(str(term.get("note") or "")):
        return _with_note("the text imposes no indemnity on the licensee for ordinary use, only in the case its clause "
                          "sets", term), term.clause
    return _with_note(_phrase(_INDEMNITY, term.value), term), term.clause


def _law(licensed: Licensed) -> tuple[str, str | None] | None:
    term = _term(licensed, "governing_law")
    if term is None:
        return None
    value = "the text names no governing law" if term.value == "none" else str(term.value)
    return value, term.clause


def _venue(licensed: Licensed) -> tuple[str, str | None] | None:
    term = _term(licensed, "governing_law")
    if term is None:
        return None
    if term.get("venue"):  # the clause that names the courts, where the text puts them apart from the law (§9.b)
        return str(term.get("venue")), term.get("venue_clause") or term.clause
    return ("the text names no venue", term.clause) if term.value == "none" else None


def _licensor(facts: dict[str, Any]) -> Callable[[Licensed], tuple[str, str | None] | None]:
    """Question 1: the review fact, and, for a license whose text names no licensor (MIT, Apache-2.0, Creative
    Commons, the OpenRAIL family: `named_by: publisher`), who that is for this model: "the copyright holders named in
    the LICENSE file" is a definition, not a name a reviewer can sign against."""
    def describe(licensed: Licensed) -> tuple[str, str | None] | None:
        fact = _fact(licensed, "licensor")
        if not fact.get("value"):
            return None
        text = str(fact["value"])
        form = as_dict(fact.get("form_of"))
        if form and _form_authors_model(facts, licensed, form):
            return f"{form.get('licensor')}, whom the text names as \"Licensor\"", fact.get("clause")
        if fact.get("named_by") == "publisher":
            text += f"; for this model: {_rights_holder(facts, licensed)}{_same_license_bases(facts, licensed)}"
        if form:
            text += (f"; the text's own \"Licensor\", {form.get('licensor')}, is the licensor of the release it was "
                     "written for, not of this model, which reuses the form: confirm with legal who grants it, as "
                     "the form was not adapted")
        return text, fact.get("clause")
    return describe


def _form_authors_model(facts: dict[str, Any], licensed: Licensed, form: dict[str, Any]) -> bool:
    """Whether the model (or the ancestor a license is inherited from) is published by the organisations a reused
    license form was written for (`form_of.orgs`: bigscience for the BLOOM RAIL form): then the text's own
    "Licensor" is the licensor; for anyone else's model under the form it is not (stanford-crfm/BioMedLM, review
    pass 35 W1)."""
    orgs = {str(o).lower() for o in as_list(form.get("orgs"))}
    model_id = licensed.via or str(as_dict(facts.get("model")).get("id") or "")
    split = owner_and_name(model_id)
    return split is not None and split[0].lower() in orgs


_MADE_FROM = ("finetune", "adapter", "merge")


def _same_license_bases(facts: dict[str, Any], licensed: Licensed) -> str:
    """The direct bases a fine-tune, adapter or merge was made from under the same license as its own: their rights
    holders license the base weights in it, and no inherited license names them (the id is the same).
    alefiury's wav2vec2 fine-tune (Apache-2.0) named only its publisher as licensor, not facebook, whose Apache-2.0
    weights it carries and whose notices it must keep. Empty for the model's inherited licenses and quantizations
    (their holders are said already)."""
    if licensed.via:
        return ""
    near = [a for a in lineage_ancestors(facts) if a.get("distance") == 1 and a.get("relation") in _MADE_FROM
            and a.get("license") == licensed.entry.id]
    names = [f"{a.get('id')}" + (f" (published by {split[0]})" if (split := owner_and_name(str(a.get("id") or "")))
                                 else "") for a in near]
    if not names:
        return ""
    return (f"; the base {', '.join(names)}, under the same license, is licensed by its own rights holder, whose "
            "notices the base weights carry")


_HOLDER_WORDS = {"owner": "as its owner", "copyright": "in a copyright notice", "developer": "as its developer"}


def _rights_holder(facts: dict[str, Any], licensed: Licensed) -> str:
    """Who grants a license that names no licensor: for an inherited one, the ancestor's rights holder; else the
    holder the card names (owner, developer, copyright notice); else, for a quantization, its base's; else the
    publisher, said as a presumption to confirm."""
    if licensed.via and not licensed.prose:
        split = owner_and_name(licensed.via)
        whose = f" (published on the Hub by {split[0]})" if split else ""
        return f"the rights holder of {licensed.via}{whose}, from which this license is inherited"
    holder = as_dict(as_dict(facts.get("card")).get("holder_stated"))
    mirror = as_dict(as_dict(facts.get("card")).get("mirror_stated"))
    if mirror.get("of"):
        return _mirror_holder(facts, mirror, holder)
    if holder.get("name"):
        how = _HOLDER_WORDS.get(str(holder.get("role")), "")
        who = ("the rights holder who grants it is presumably the developer, or the organisation it made the model "
               "for" if holder.get("role") == "developer" else "presumably the copyright holder who grants it")
        return (f"{_holder_named(str(holder['name']), how)} (README line {holder.get('line')}): {who}; confirm "
                "against the repository's LICENSE or NOTICE file")
    ancestors = lineage_ancestors(facts)
    near = [a for a in ancestors if a.get("distance") == 1]
    split = owner_and_name(str(as_dict(facts.get("model")).get("id") or ""))
    who = f"the publisher, {split[0]}," if split else "the publisher,"
    maker = _same_maker_release(facts, near)
    if maker is not None:
        return maker
    if near and all(a.get("relation") == "quantized" for a in near):
        bases = ", ".join(f"{a.get('id')}" + (f" (published by {split[0]})" if (split := owner_and_name(
            str(a.get("id") or ""))) else "") for a in near)
        trained = _declared_training_data(facts)
        if trained and any(a.get("inferred") for a in near):
            return _quantized_fine_tune_holder(who, bases, trained, _no_holder_read(facts))
        return (f"the rights holder of the quantized base {bases}: a quantization repackages its weights, so the "
                "publisher of this repository holds rights only in its own changes")
    if near:  # a declared base: the publisher holds rights in its own changes, the base's holder in the base
        unread = _no_holder_read(facts)
        if unread.startswith("whether"):
            # the holder kind was never read: "presumably the publisher" guessed a party the card may contradict
            # (mini-magnum's credits name another person for the training, review 40 M4); who made the changes is
            # open, and the publisher is named only as the one that offers them
            return (f"whoever made this model's changes to its base, which the audit did not establish: {unread}, "
                    "so its credits (who trained it) were not read; "
                    f"that {split[0] if split else 'the publisher'} publishes the model does not make it the trainer "
                    "or the rights holder; read the card's credits and confirm against the repository's LICENSE or "
                    "NOTICE file")
        return (f"presumably {who} as the copyright holder of its changes ({unread}); confirm "
                "against the repository's LICENSE or NOTICE file")
    mirrored = community_upload(str(as_dict(facts.get("model")).get("id") or ""))
    if mirrored is not None:
        family, maker = mirrored
        return (f"presumably the maker of the {family} models (the Hub organisation {maker}), whose release this is: "
                f"{split[0] if split else 'the publisher'} is a community organisation that hosts copies and "
                f"conversions of {family} releases, not their maker, and {_no_holder_read(facts, 'other ')}; the "
                "publisher's own part is the conversion at most; confirm against "
                "the repository's LICENSE or NOTICE file and the maker's own release")
    # no holder the card names: the producer a MOF declaration names is said too (review pass 35 W1, G)
    producer = producer_said(facts)
    made = f"; {producer}, who may hold rights in the weights" if producer else ""
    if as_dict(facts.get("card")).get("present") is not True:  # nothing of the card was read: not "it names none"
        return (f"{who} which offers the model under this license (no model card was read, so whether it names an "
                "owner, a developer, a copyright notice or a base model is not known, and that the publisher holds "
                f"the rights in all of the weights is not recorded){made}; confirm against the repository's LICENSE "
                "or NOTICE file")
    return (f"{who} which offers the model under this license ({_no_holder_read(facts)}, and "
            f"{_undeclared_base(facts)}: that it holds the rights in all of the weights is "
            f"not recorded){made}; confirm against the repository's LICENSE or NOTICE file")


def _same_maker_release(facts: dict[str, Any], near: list[dict[str, Any]]) -> str | None:
    """Question 1 for a maker's own compressed, quantized or further-trained release of its own base
    (google/gemma-2b-sfp-cpp, "a compressed version of the weights" of google/gemma-2b, review pass 32 P2): every
    ancestor the lineage holds is published by the same organisation, or by another Hub namespace of the same maker
    (auditor/makers.py), so the licensor is that maker, not "the rights holder of the base" beside a publisher holding
    "rights only in its own changes". A base whose own lineage was not read is said so (it may carry another's
    weights). None when the publisher is no recorded maker (a re-uploader's namespace may hold its own copy of
    another's base), any ancestor is another's, or none is known."""
    split = owner_and_name(str(as_dict(facts.get("model")).get("id") or ""))
    recorded = maker_of(split[0]) if near and split is not None else None
    if split is None or recorded is None:
        return None  # a namespace no maker is recorded for may re-package another's base it re-uploaded (unsloth)
    owner = split[0]
    ours = set(recorded.orgs)
    every = [str(a.get("id") or "") for a in lineage_ancestors(facts) if a.get("kind", "model") == "model"]
    if not all((b := owner_and_name(base)) is not None and b[0].lower() in ours for base in every):
        return None
    bases = [str(a.get("id") or "") for a in near]
    who = f"{recorded.name} (the Hub organisation {owner})"
    how = ("a quantized or compressed form of its own release" if all(a.get("relation") == "quantized" for a in near)
           else "made from its own release")
    unread = [base for base in bases if base in _unread_model_bases(facts)]
    beyond = (f"; the lineage of {', '.join(unread)} was not read, so whether that base was itself made from "
              "another's model is not known to this audit" if unread else "")
    return (f"{who}, which published both this model and its base {', '.join(bases)}: this is {how}, so the "
            f"licensor is the maker, not a third party re-packaging its weights{beyond} ({_no_holder_read(facts)}); "
            "confirm against the repository's LICENSE or NOTICE file")


# the statement kinds of a catalog record transcribed for its lineage, uses and training data (scripts/build_catalog.py
# `card_kinds_read: lineage-uses-data`), with the compute kinds such a record may add
_LINEAGE_KINDS = frozenset({"base-component", "base-family-stated", "base-stated", "code-license", "merge-declared",
                            "merge-part", "training-data", "training-data-id", "training-data-section",
                            "training-data-sentence", "use-restriction-section", "training-gpu-hours",
                            "training-gpu-hours-row"})


def _no_holder_read(facts: dict[str, Any], other: str = "") -> str:
    """That the card names no rights holder, said only where its prose was read for one: a catalog record made from a
    third-party copy may hold only some statement kinds (facts.card.statement_kinds_read), and "the card names no
    developer" of a card that names two was wrong (review pass 32 W1)."""
    kinds = as_dict(facts.get("card")).get("statement_kinds_read")
    if isinstance(kinds, list) and "holder-stated" not in kinds:
        # a record that left the kind out on purpose (incoder's Credits: ten developers) is not one made for lineage
        # only: "the card names no developer" read as a fact about a card that names ten (review 37 M6)
        why = ("transcribed for its lineage, uses and training data only" if set(kinds) <= _LINEAGE_KINDS else
               "transcribed without such statements (see the catalog's origin note in the sources of the facts)")
        return (f"whether the card names an {other}owner, developer or copyright notice is not recorded: its prose was "
                f"{why}")
    return f"the card names no {other}owner, developer or copyright notice the audit read"


def _mirror_holder(facts: dict[str, Any], mirror: dict[str, Any], holder: dict[str, Any]) -> str:
    """Question 1 for a repository whose card says it mirrors another: the mirror's publisher made no changes and
    holds no rights in the weights, so the licensor is the original's maker, by the names the card gives its
    developers when it gives them (stable-diffusion-v1-5/stable-diffusion-v1-5 mirrors the deprecated RunwayML
    release and names Robin Rombach and Patrick Esser; review pass 32 W1 had it name the mirror's organisation)."""
    split = owner_and_name(str(as_dict(facts.get("model")).get("id") or ""))
    publisher = split[0] if split else "the publisher"
    disclaims = (f"; it says {publisher} is not affiliated with the original's maker" if mirror.get("not_affiliated")
                 else "")
    said = f"the card says this repository is a mirror of {mirror['of']} (README line {mirror.get('line')}){disclaims}"
    if holder.get("name"):
        who = (f"the original's developers as the card names them, {holder['name']} (README line "
               f"{holder.get('line')}), or the organisation they made it for")
    else:
        mirrored = owner_and_name(str(mirror["of"]))
        who = (f"the maker of {mirror['of']}" + (f" (published on the Hub by {mirrored[0]})" if mirrored else ""))
    return (f"{who}, not {publisher}: {said}, so {publisher} made no changes to the weights and holds no rights in "
            "them; confirm against the copyright line of the license text and the original's release")


# a holder the card gives only as a web address ("Developed by: [https://www.tii.ae](https://www.tii.ae)")
_WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)(?P<host>[^/\s]+)", re.IGNORECASE)


def _holder_named(name: str, how: str) -> str:
    """The holder the card names, as question 1 says it: a name as written; a bare web address is no name
    (tiiuae/falcon-11B's "Developed by:" is https://www.tii.ae, review pass 18), so the answer says it is the
    organisation at that address, which the card gives in place of a name."""
    address = _WEB_ADDRESS.match(name.strip())
    if address is None:
        return f"{name}, whom the card names {how}"
    host = re.sub(r"^www\.", "", address.group("host"), flags=re.IGNORECASE)
    return (f"the organisation at {host}, whose web address ({name}) the card gives {how} in place of a name "
            "(no organisation name is written there)")


def community_upload(model_id: str) -> tuple[str, str] | None:
    """(family, maker's Hub organisation) when the model's publisher is a community organisation of a model family
    (auditor/card.py PROSE_BASE_FAMILIES lists it among the family's owners, after the maker's own) and the model's
    name is of that family: mistral-community/Mixtral-8x22B-v0.1 is Mistral AI's release, converted and re-uploaded
    (its card credits the conversion to another user and links mistralai's own repositories), and the review named
    the re-uploader as licensor (review pass 17). None otherwise, and for the maker's own organisation."""
    # lazy: start-up (the card module's family table is only asked for a review)
    from auditor.card import MAKER_ORGS, PROSE_BASE_FAMILIES

    split = owner_and_name(model_id)
    if split is None:
        return None
    owner, name = split[0].lower(), re.sub(r"[-_]", " ", split[1])
    families = [(label, pattern, owners[0]) for label, pattern, _, owners in PROSE_BASE_FAMILIES
                if owner in owners[1:] and owner not in MAKER_ORGS]
    # the name must be of the family: a community organisation's fine-tune of another family's model
    # (mistral-community/some-finetune-of-qwen) is no re-upload of the maker's release
    named = [(label, maker) for label, pattern, maker in families
             if re.search(pattern, name, re.IGNORECASE) or re.search(_FAMILY_MODEL_NAMES.get(label, "(?!)"), name,
                                                                     re.IGNORECASE)]
    return named[0] if named else None


# the maker's own model names that its family pattern (card.py) does not spell: Mistral AI names its models
# Pixtral, Codestral, Mathstral, Ministral, Devstral, Magistral (mistralai's Hub repositories, e.g.
# mistralai/Pixtral-12B-2409, mistralai/Codestral-22B-v0.1, mistralai/Mathstral-7B-v0.1)
_FAMILY_MODEL_NAMES = {"Mistral": r"(?<![a-z])(?:pixtral|codestral|mathstral|ministral|devstral|magistral)(?![a-z])"}




# a dataset a quantization names for its importance matrix (llama.cpp's imatrix calibration), not training data
_CALIBRATION = re.compile(r"calibration|imatrix", re.IGNORECASE)


def _declared_training_data(facts: dict[str, Any]) -> list[str]:
    """The training datasets the card's own front matter declares, without the calibration sets quantizers name and
    without those a base declares (the lineage lists its ancestors' datasets too: a GGUF whose base declares data
    has not declared any itself, review pass 15)."""
    ids = [str(d.get("id")) for d in own_datasets(facts) if d.get("id")]
    return [i for i in ids if not _CALIBRATION.search(i)]


def own_datasets(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The datasets the model's own card declares: those the lineage records as trained by the model itself (a
    record without `trained` is the model's own, as older facts wrote it)."""
    root = str(as_dict(facts.get("model")).get("id") or "")
    return [d for d in (as_dict(x) for x in as_list(facts.get("datasets"))) if declared_by(d, root)]


def declared_by(dataset: dict[str, Any], root: str) -> bool:
    """Whether the model `root` itself declares a dataset record (not one of its ancestors): decided on the record's
    own `trained` field, never on object identity, so copies of the facts answer the same."""
    trained = dataset.get("trained")
    return not trained or str(trained).lower() == root.lower()


def calibration_set(dataset_id: str) -> bool:
    """Whether a dataset id names an importance-matrix calibration set (llama.cpp's imatrix, a quantizer's
    calibration text): data that tunes how weights are rounded, not data the model was trained on."""
    return bool(_CALIBRATION.search(dataset_id))


def _quantized_fine_tune_holder(who: str, bases: str, trained: list[str], holder_said: str) -> str:
    """Question 1 for what the audit infers is a quantization (from its files or name) whose card declares training
    data. Hermes-2-Pro-Llama-3-8B-GGUF names NousResearch/Meta-Llama-3-8B as its base and teknium/OpenHermes-2.5 as
    its data: the weights quantized are the fine-tune's; Falcon-180B-Chat-GGUF's data are its base's own. The records
    do not tell the two apart, so "a quantization repackages the base's weights" is not said as settled, and the
    answer is partial."""
    data = ", ".join(trained[:3]) + (f" and {len(trained) - 3} more" if len(trained) > 3 else "")
    return (f"not settled by the records: the audit infers a quantization of {bases}, but the card declares "
            f"training data ({data}); if those are the base's own, the base's rights holder holds the weights, and if "
            f"the quantized weights are a fine-tune made from that base, whoever trained them holds rights in them "
            f"beside it ({holder_said}; {who} publishes this repository): {BY_HAND} against the repository's "
            "LICENSE or NOTICE file")


def _undeclared_base(facts: dict[str, Any]) -> str:
    """What is known of the origin of weights whose card declares no base: the base its prose names, or nothing.
    all-MiniLM-L6-v2 (a fine-tune of another publisher's MiniLM) and DeepSeek-R1-Distill-Qwen (made from Qwen) were
    answered "presumably the publisher, as the copyright holder": a presumption that the weights are all the
    publisher's, which nothing recorded supports (review pass 12)."""
    stated = prose_base_stated(facts)
    if stated:
        return f"its prose says it was made from {stated}"
    suspected = [as_dict(x) for x in as_list(as_dict(facts.get("lineage")).get("suspected"))]
    families = ", ".join(dict.fromkeys(str(x.get("family") or x.get("hint")) for x in suspected))
    if families:
        # unsloth/mistral-7b-v0.3-bnb-4bit: a 4-bit copy of a Mistral release, answered as all the publisher's
        return (f"it declares no base model, while its name suggests it derives from {families}, whose maker would "
                "then hold the rights in those weights")
    design = as_dict(as_dict(facts.get("card")).get("architecture_stated"))
    if design.get("name"):
        # jina-embeddings-v3: "Based on the [Jina-XLM-RoBERTa architecture](...)": a design, not a base
        return (f"it declares no base model; its prose says it is based on the {design['name']} architecture "
                f"(README line {design.get('line')}), a design the model follows, not a base, and names no "
                "model whose weights it started from")
    if _prose_read_for_lineage(facts):
        # t5-small, bert-base-uncased: a pre-trained release whose card, read, names no model it was made from; "it
        # declares no base model" alone read as the front matter's silence, the same words as for a card whose prose
        # was never read (review 38 P2)
        return "it declares no base model and its prose, which the audit read, names no model it was made from"
    return "it declares no base model"


def _prose_read_for_lineage(facts: dict[str, Any]) -> bool:
    """Whether the card's prose was read for what the model was made from: a recorded prose length, with the lineage
    kinds among those read (a transcription may hold some kinds only)."""
    card = as_dict(facts.get("card"))
    if card.get("present") is not True or not isinstance(card.get("body_length"), int):
        return False
    kinds = card.get("statement_kinds_read")
    return not isinstance(kinds, list) or "base-stated" in kinds


def prose_base_stated(facts: dict[str, Any]) -> str | None:
    """"<base> (README line N), whose rights holder licenses the base weights in it" for a base the card's prose
    names (a Hub id or a family) when nothing else declares one; None when it names none."""
    card = as_dict(facts.get("card"))
    for stated in (as_dict(card.get("base_stated")), as_dict(card.get("base_family_stated"))):
        name = stated.get("id") or stated.get("name")
        if name:
            return f"{name} (README line {stated.get('line')}), whose rights holder licenses the base weights in it"
    return None


def holder_unnamed(facts: dict[str, Any], licenses: list[Licensed]) -> bool:
    """Whether question 1 leaves a rights holder open: a license that names no licensor (the model's own), no holder
    the card states, no base read, and a base the prose names, whose holder licenses part of the weights. The answer
    says so and is partial; without such a base the publisher offering the license is the answer, with no
    presumption about the weights."""
    if as_dict(as_dict(facts.get("card")).get("holder_stated")).get("name") or not prose_base_stated(facts):
        return False
    if any(as_dict(a).get("distance") == 1 for a in as_list(as_dict(facts.get("lineage")).get("ancestors"))):
        return False
    return any(not li.via and _fact(li, "licensor").get("named_by") == "publisher" for li in licenses)


def _contact(licensed: Licensed) -> tuple[str, str | None] | None:
    """The review fact, else what the commercial term itself says: allowed needs no one; a condition that says
    whom to ask (Yi: "prior written authorization from 01.AI, requested by email") answers with it, so the
    contact question never says "not stated" beside a commercial answer that names the licensor to ask."""
    fact = _fact(licensed, "contact")
    if fact.get("value"):
        return str(fact["value"]), fact.get("clause")
    term = _term(licensed, "commercial_use")
    if term is not None and term.value == "allowed":
        return "none needed: commercial use is allowed without a separate license", term.clause
    condition = str(term.get("condition") or "") if term is not None else ""
    if term is not None and term.value == "conditional" and re.search(r"\b(request|ask|authori[sz]|permission|"
                                                                      r"apply|contact|email)", condition):
        return f"as the commercial condition says: {condition} (the knowledge base records no address)", \
            term.clause
    return None


def commercial_contact(facts: dict[str, Any], license_id: str | None) -> str | None:
    """Whom to ask for the license a waiver action is about, as questions 1 and 27 say it, short enough for page one:
    the licensor the text names with question 27's contact (FLUX.1-dev: Black Forest Labs, www.bfl.ai, §2.b); for a
    text that names no licensor (Creative Commons), the holder the card states, or, presumably, the publisher of the
    model or of the base the license comes from. None when the knowledge base records neither."""
    licensed = next((li for li in licenses_of(facts) if li.entry.id == license_id), None) if license_id else None
    if licensed is None:
        return None
    licensor, contact = _fact(licensed, "licensor"), _contact(licensed)
    if licensor.get("value") and licensor.get("named_by") != "publisher":
        said = str(licensor["value"])
        return said + (f" (question 27: {contact[0]}; {_cite(licensed, contact[1])})" if contact else "")
    if licensor.get("named_by") != "publisher":
        return f"as question 27 says: {contact[0]} ({_cite(licensed, contact[1])})" if contact else None
    if licensed.via and not licensed.prose:
        return f"the rights holder of {licensed.via}, from which {licensed.entry.id} is inherited (question 1)"
    holder = as_dict(as_dict(facts.get("card")).get("holder_stated")).get("name")
    if holder:
        return f"{holder}, whom the card names (question 1)"
    split = owner_and_name(str(as_dict(facts.get("model")).get("id") or ""))
    return f"presumably the publisher, {split[0]} (question 1)" if split else None


def no_commercial_offer(facts: dict[str, Any], license_id: str | None) -> str | None:
    """When question 27 finds that the license offers no commercial license ("none: ... no commercial license or
    contact"): what page one says in place of "obtain a commercial license from the rights holder", which told the
    reader to obtain what question 27 says is not offered (Beyonder, Microsoft Research License, review pass 30).
    None when a commercial license is offered, needed by no one, or not known."""
    licensed = next((li for li in licenses_of(facts) if li.entry.id == license_id), None) if license_id else None
    contact = _contact(licensed) if licensed is not None else None
    if licensed is None or contact is None or not contact[0].startswith("none:"):
        return None
    licensor = _fact(licensed, "licensor")
    who = (f", {licensor['value']}," if licensor.get("value") and licensor.get("named_by") != "publisher" else "")
    return (f"{licensed.entry.id} offers no commercial license ({_cite(licensed, contact[1])}, question 27): ask the "
            f"licensor{who} whether one can be had")


def inherited_floor(facts: dict[str, Any], name: str) -> list[tuple[Licensed, Term]]:
    """The KB term `name` of each inherited license whose value differs from the effective one, for the terms that
    do not travel to a derivative under a known license of its own (patent grant, termination on litigation:
    lineage keeps the derivative's own value). They still bind whoever uses the ancestor's material, and question
    16 answers them per license: whisper-large-v3-turbo declares MIT (no litigation clause) on whisper-large-v3
    (Apache-2.0 §3 ends the patent license on a patent suit), so a terms table and an obligation list that say
    only "no" contradict the answers above them."""
    effective = as_dict(as_dict(facts.get("terms")).get(name)).get("value")
    out = []
    for licensed in licenses_of(facts):
        term = licensed.entry.term(name) if licensed.via and not licensed.prose else None
        if term is not None and term.value not in (None, "unknown", effective):
            out.append((licensed, term))
    return out


def review_term_sources(facts: dict[str, Any], name: str, raw: dict[str, Any]) -> list[str] | None:
    """The "From" cell of a scalar term in the review's effective-terms table: the recorded sources, plus every
    inherited license whose KB clause gives the same value. The effective term keeps the first license that says
    it, so Hermes-2-Theta's "termination on litigation: yes" cited only Apache-2.0 §3 (the patent license ends)
    and not the inherited Llama 3 §5.c (every license ends) that question 16 answers beside it."""
    sources = [str(s) for s in as_list(raw.get("sources"))]
    value = raw.get("value")
    if "values" in raw or value in (None, "unknown"):
        return sources or None
    for licensed in licenses_of(facts):
        term = licensed.entry.term(name) if licensed.via and not licensed.prose else None
        if term is None or term.value != value or not term.clause:
            continue
        if not any(src.startswith(f"{licensed.entry.id} ") for src in sources):
            sources.append(f"{licensed.entry.id} {term.clause} ({licensed.via})")
    return sources or None


def review_term_value(facts: dict[str, Any], name: str, raw: dict[str, Any]) -> Any:
    """A row of the review's effective-terms table: summary.term_value, plus what the review's answers say and the
    bare value would contradict. A user limit that no license sets reads "none" (the commercial term is known
    and names none: Apache, MIT), not "unknown"; a floor-only term adds each inherited license's own value."""
    value = term_value(raw)
    commercial = as_dict(as_dict(facts.get("terms")).get("commercial_use")).get("value")
    if name == "mau_limit" and value is None and commercial in ("allowed", "conditional", "prohibited"):
        return "none (no license sets a monthly-user limit)"
    if name == "output_training" and value == "allowed":
        # question 12's answer, not the bare "allowed": SOLAR-10.7B-Instruct (CC-BY-NC-4.0) read "allowed" in the
        # table right below a question 12 that says the text does not settle it (one answer, the same in both)
        unsettled = [(licensed, said) for licensed in licenses_of(facts) if (said := _cc_unsettled(licensed))]
        if unsettled:
            names = ", ".join(dict.fromkeys(licensed.label for licensed, _ in unsettled))
            return f"not settled by the text ({names}): " + unsettled[0][1].split(": ", 1)[1]
        scoped = [licensed for licensed in licenses_of(facts) if output_scope(licensed) is not None]
        if scoped:  # question 12's scope, not a bare "allowed" beside question 4's "prohibited"
            names = ", ".join(dict.fromkeys(licensed.label for licensed in scoped))
            said = output_scope(scoped[0]) or str(scoped[0].entry.term("output_training").get("note") or "")
            return f"allowed only within the license's scope ({names})" + (f": {said}" if said else "")
    if raw.get("floor_note") and value is not None:
        # an inherited floor over a term the model's own license leaves unknown: shown, and said to be a floor, as the
        # rows whose value is "unknown" say it the other way round (review 37 W5: tulu's commercial use read a bare
        # "conditional" beside "derivatives: unknown (the model's own license); ...")
        return f"{plain(value)}{raw['floor_note']}"
    floor = inherited_floor(facts, name)
    if floor and value is not None:
        # a list term's values merge the own and the inherited licenses' items: Hermes-2-Theta's naming rule and
        # use policy (Llama 3's) were labelled "the model's own license", which is Apache-2.0 (no such term)
        own = own_terms_unknown(facts) is None and "values" not in raw
        whose = "the model's own license" if own else "effective"
        return "; ".join([f"{plain(value)} ({whose})"] + [
            f"{licensed.label}{' ' + term.clause if term.clause else ''}: {plain(term.value)}"
            for licensed, term in floor])
    return value


def no_distribution(facts: dict[str, Any]) -> list[str]:
    """The licenses of the model that allow no distribution of the materials at all (review fact `distribution:
    none`), each as "id clause": a review must not ask to ship notices and a license copy with copies that no one
    may distribute (the Microsoft research terms, §2.e)."""
    return [_cite(li, _fact(li, "distribution").get("clause")) for li in licenses_of(facts)
            if _fact(li, "distribution").get("value") == "none"]


# "a Notice text file" (Llama, Gemma) or "a Notice file" (Qwen §3.c): straight or curly quotes; only read where
# the term fixes a notice text, so Apache's "NOTICE file" (no text of its own) is not taken for one
_NOTICE_FILE = re.compile(r"notice\W{0,2}\s*(?:text\s+)?file", re.IGNORECASE)
_APACHE_NOTICE = re.compile(r"\bNOTICE file")
# a note that asks to keep copyright notices ("retain copyright, patent, trademark and attribution notices",
# FLUX §4.b "copyright and other proprietary notices"); "Copyright © Meta" inside a fixed notice text is not one
_COPYRIGHT_NOTICES = re.compile(r"\bcopyright\b[\w ,]*\bnotices?\b", re.IGNORECASE)
_NOTICE_CARRY = {"notice", "attribution"}


def notice_file_duties(licenses: list[Licensed]) -> tuple[list[str], list[str]]:
    """(fixed, kept): the licenses (cited with their clause) that fix a notice text to keep in a "Notice" text
    file (Llama §1.b.iii, Gemma §3.1: the attribution term records the text), and those that only keep the
    attributions of a NOTICE file the work already has (Apache-2.0 §4(d): no text of its own, and nothing to
    keep where the base ships no NOTICE file). Read from the knowledge base, so a license is in one list or
    neither by its terms, never by its name."""
    fixed: list[str] = []
    kept: list[str] = []
    for li in licenses:
        term = li.entry.term("attribution")
        note = str(term.get("note") or "") if term is not None else ""
        clause = term.clause if term is not None else None
        found = _NOTICE_FILE.search(note) if term is not None and term.get("notice") else None
        if found:
            fixed.append(_cite(li, _clause_after(note, found.end(), clause)))
        elif apache := _APACHE_NOTICE.search(note):
            kept.append(_cite(li, _clause_after(note, apache.end(), clause)))
    return fixed, kept


# a Notice-file placement that leaves a hosted service out (Gemma §3.1: "other than through a Hosted Service")
_NOT_HOSTED = lazy_compile(r"(?i)\bother than (?:through|via) a hosted service\b")


def hosted_notice_exempt(facts: dict[str, Any]) -> list[str]:
    """The licenses (cited with their clause) whose fixed Notice file is owed only for copies distributed other than
    through a hosted service, when the policy's use is a hosted service (`use.distribution: saas`): page one's "with
    every copy you distribute, ship the Notice file" did not tell the SaaS reviewer which half of Gemma §3.1 applies
    (review 37 M12). Empty for any other use."""
    use = as_dict(as_dict(facts.get("policy")).get("use"))
    if use.get("distribution") != "saas":
        return []
    out = []
    for li in licenses_of(facts):
        term = li.entry.term("attribution")
        if term is not None and term.get("notice") and _NOT_HOSTED.search(str(term.get("note") or "")):
            out.append(_cite(li, term.clause))
    return list(dict.fromkeys(out))


# a clause cited in a note: "(§1.b.iii)", "(§4(d))", "(§3.c)"
_NOTE_CLAUSE = re.compile(r"\((§[\w.]+(?:\([\w.]+\))*)\)")


def _clause_after(note: str, start: int, clause: str | None) -> str | None:
    """The clause the note cites for the sentence that names the Notice file (up to its ";"), else the term's
    whole clause: the attribution term of Llama 3 cites §1.b.i (the "Built with" display) and §1.b.iii (the Notice
    file), Qwen's §3.c and §5.b, Apache's §4(c) and §4(d), and the Notice file is only the second of each."""
    cited = _NOTE_CLAUSE.search(note[start:].split(";", 1)[0])
    return cited.group(1) if cited else clause


def ship_items(facts: dict[str, Any]) -> list[str]:
    """What a distributed copy must carry, in the licenses' own terms: the Notice text file only where a license
    asks for one (Llama §1.b.iii, Gemma §3.1, Tongyi §3.c, NVIDIA §3.1, MRL §2.2), the NOTICE file's attributions
    where Apache-style §4(d) keeps them, the license copy (or its URI for Creative Commons), the notices and a
    statement of changes where the carry term lists them. MIT asks for no Notice file; saying it did was wrong."""
    licenses = licenses_of(facts)
    carry = {str(v) for v in as_list(as_dict(as_dict(facts.get("terms")).get("derivative_must_carry")).get("values"))}
    out = []
    fixed, kept = notice_file_duties(licenses)
    if fixed:
        out.append(f'the "Notice" text file with the notice text {", ".join(fixed)} fixes (question 7)')
    if kept:
        out.append(f"the attributions of the model's (and any base's) NOTICE file, if it has one "
                   f"({', '.join(kept)}: no fixed text)")
    if "license-copy" in carry:
        uri = [li.entry.id for li in licenses if uri_suffices(li.entry.id)]
        out.append("a copy of the license" + (f" (for {', '.join(uri)}: its text or its URI)" if uri else ""))
    if _asks_kept_notices(facts, licenses, carry):
        out.append("the copyright and attribution notices")
    if "changes-marked" in carry:
        out.append("a statement of the changes you made")
    return out


def _keeps_notices(li: Licensed) -> bool:
    """Whether one license asks copies to keep notices beyond a fixed Notice-file text: MIT, Apache, CC and
    OpenRAIL keep the copyright and attribution notices; Gemma §3.1, Llama 2 §1.b.iii, Tongyi §3.c and MRL §2.2
    fix one notice text for a Notice file and ask no copyright notice, so "the copyright and attribution notices"
    beside their Notice file claimed a duty their text does not state and said the notice twice."""
    term = li.entry.term("attribution")
    carry = li.entry.term("derivative_must_carry")
    asks = (term is not None and term.value == "required") or bool(
        {str(v) for v in as_list(carry.value if carry is not None else None)} & _NOTICE_CARRY)
    if not asks:
        return False
    note = str(term.get("note") or "") if term is not None else ""
    fixed_file = term is not None and bool(term.get("notice")) and bool(_NOTICE_FILE.search(note))
    return not fixed_file or bool(_COPYRIGHT_NOTICES.search(note))


def _asks_kept_notices(facts: dict[str, Any], licenses: list[Licensed], carry: set[str]) -> bool:
    """Whether a copy must keep the copyright and attribution notices: some license asks it (_keeps_notices), or
    the effective terms carry notices and a license's attribution duty is not known (not in the knowledge base,
    or recorded as unknown: AI2 ImpACT): fail closed, its text was not read, so the duty is not dropped."""
    if any(_keeps_notices(li) for li in licenses):
        return True
    held = {li.entry.id for li in licenses}
    effective = {str(x) for x in as_list(as_dict(facts.get("license")).get("effective_ids"))} - declined_ids(facts)
    unknown = any(t is None or t.value == "unknown" for li in licenses for t in (li.entry.term("attribution"),))
    return bool(carry & _NOTICE_CARRY) and (not licenses or unknown or not effective <= held)


# -- questions answered from the facts, not the licenses ------------------------------------------------------


def gated_bases(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The ancestors whose weights this repository holds (quantized, fine-tuned, adapted, merged, along the whole
    chain) and whose own Hub gate the lineage recorded as on, or, its gate state not recorded, whose card carries
    the Hub's access-request form (`extra_gated_*`: FLUX.1-dev's agreement to its license and use policy): their
    terms are accepted at their gate, and they bind this copy whatever its own gate is. A base recorded as not
    gated, or with neither a gate state nor a form, is left out; so is one whose form only collects contact details
    or links a privacy notice (`gate_asks` contact: Mistral-7B-v0.1's), and one under a permissive license, which
    asks no acceptance whatever its gate asks (Apache-2.0's grant is unconditional; review pass 33, W1)."""
    out = []
    for anc in _gate_form_bases(facts):
        gated = anc.get("gated")
        on = gated not in (None, False, "unknown", "false") or (
            gated is None and bool(anc.get("gate_form")) and anc.get("gate_asks") != "contact")
        if on and anc.get("category") != "permissive":
            out.append(anc)
    return out


def _gate_form_bases(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The ancestors whose weights this repository holds (or made its own from) and whose record says the Hub gates
    them or, its gate state unknown, carries an access-request form; one recorded as not gated is left out."""
    out = []
    for a in as_list(as_dict(facts.get("lineage")).get("ancestors")):
        anc = as_dict(a)
        relations = [str(r) for r in as_list(anc.get("relations"))] or [str(anc.get("relation"))]
        gated = anc.get("gated")
        if gated not in (False, "false") and (gated not in (None, "unknown") or anc.get("gate_form")) and all(
                r in _HOLDS_BASE for r in relations):
            out.append(anc)
    return out


def _bases_no_acceptance(facts: dict[str, Any]) -> str:
    """The bases with a gate or form that question 22 does not count as a license to accept (gated_bases), said
    as what their gate asks: a contact form under a privacy notice, or a permissive license that needs no
    acceptance; "" without any."""
    kept = {str(a.get("id")) for a in gated_bases(facts)}
    said = []
    for anc in _gate_form_bases(facts):
        if str(anc.get("id")) in kept:
            continue
        license = anc.get("license") or "its license"
        form = ", ".join(str(k) for k in as_list(anc.get("gate_form")))
        asks = (f"its card's Hub access-request form ({form}) only collects contact details or links the "
                "publisher's privacy notice and names no license or use policy to accept"
                if anc.get("gate_asks") == "contact" else
                "it is gated on the Hub" if anc.get("gated") not in (None, "unknown") else
                f"its card carries the Hub's access-request form ({form})")
        permissive = (f"; {license} is a permissive license whose grant asks no acceptance"
                      if anc.get("category") == "permissive" else "")
        said.append(f"{anc.get('id')} ({license}): {asks}{permissive}")
    if not said:
        return ""
    return (f"; its base {'; '.join(said)}: no license acceptance is owed at that gate, and a copy of weights made "
            "from the base does not pass it")


def _base_gate_said(anc: dict[str, Any]) -> str:
    """One gated base as Q22 says it: its id, the gate's mode (or that the mode was not shown) and its license."""
    gated = anc.get("gated")
    license = anc.get("license") or "its license"
    if gated in (None, "unknown"):
        form = ", ".join(str(k) for k in as_list(anc.get("gate_form")))
        return (f"{anc.get('id')} carries the Hub's access-request form on its card ({form}, as its own record says: "
                f"its terms are accepted before download; the gate state itself not recorded) under {license}")
    mode = ("approval mode not shown by the recorded source" if anc.get("gate_mode_unshown")
            else f"{gated} approval" if gated in ("auto", "manual") else "approval mode not recorded")
    return f"{anc.get('id')} is gated on the Hub ({mode}, as its own record says) under {license}"


def _bases_gate(facts: dict[str, Any]) -> str:
    """The gated bases sentence, "" without any: this copy holds their weights, so their license (carried to it)
    is the one their gate asks to accept, and a copy that skipped the gate does not skip the license."""
    bases = gated_bases(facts)
    if not bases:
        return ""
    said = "; ".join(_base_gate_said(a) for a in bases)
    holds = holds_said(bases)
    return (f"; its base {said}: {holds}, so the base's license binds it and must be accepted as at the base's "
            "gate")


def holds_said(bases: list[dict[str, Any]]) -> str:
    """How this repository holds a gated base's weights, as its recorded relations say: a quantization holds them
    (converted), a finetune or merge holds weights made from them, an adapter is used on them. "Holds the base's
    weights" said of a finetune (BAAI/bge-multilingual-gemma2 on gemma-2-9b) claimed a copy the audit never saw."""
    kinds = {str(r) for a in bases for r in (as_list(a.get("relations")) or [a.get("relation")])}
    if kinds == {"quantized"}:
        return "this repository holds the base's weights, converted (quantized)"
    if kinds == {"adapter"} or kinds == {"adapter", "quantized"}:
        return "this repository is an adapter, used only on the base's weights"
    made = " and ".join(w for k, w in (("finetune", "fine-tuning"), ("merge", "merging"), ("adapter", "an adapter"),
                                      ("quantized", "quantization")) if k in kinds)
    return f"this repository's weights were made from the base's ({made or 'as its lineage records'})"


def _gate(model: dict[str, Any], card: dict[str, Any], facts: dict[str, Any] | None = None) -> tuple[str, str]:
    """From the Hub's gate state; when that is unknown (a local folder, a recording without it), the card's
    access-request form (`extra_gated_*`) says the publisher set a gate up, though not whether it is on now nor
    its approval mode: partial. A base whose weights this copy holds and whose gate the catalog records is said
    beside it (a quantization of a gated Llama): the base's license is accepted there and binds this copy too."""
    gated = model.get("gated")
    bases = _bases_gate(facts or {}) + _bases_no_acceptance(facts or {})
    source = gate_source(facts or {})
    form = [str(k) for k in as_list(card.get("gate_form"))]
    if gated is False and form:
        # CompVis/stable-diffusion-v1-4: a recorded `gated: false` beside a card that carries extra_gated_prompt
        # ("Please read the LICENSE to access this model"): the two sources disagree, and either may be the older
        return (f"not gated, as recorded{source}; but the card carries the Hub's access-request form "
                f"({', '.join(form)}): the publisher set up a form asking for its terms to be accepted before "
                f"download, so the two sources disagree; re-audit online to read whether the gate is on{bases}"), \
            "partial"
    if gated is False:
        return "not gated: the files download without accepting terms on the Hub" + source + bases, "answered"
    if gated in (None, "unknown"):
        if form:
            eu = ("; `extra_gated_eu_disallowed` asks the Hub to refuse access from the EU"
                  if "extra_gated_eu_disallowed" in form else "")
            asks = ("the form only collects contact details or links the publisher's privacy notice and names no "
                    "license or use policy to accept, so no acceptance is owed there"
                    if card.get("gate_asks") == "contact" else
                    "the publisher asks for its terms to be accepted before download")
            return (f"the Hub's gate state was not recorded, but the card carries the Hub's access-request form "
                    f"({', '.join(form)}): {asks}{eu}; "
                    f"re-audit online to read whether the gate is on and its approval mode{bases}"), "partial"
        if gated_bases(facts or {}):
            return (f"this repository's own gate was not recorded (re-audit online to read it){bases}"), "partial"
        return "not recorded (re-audit online to read the Hub's gate)" + bases, "unanswered"
    if gate_mode_unshown(model):
        return ("gated: the publisher's terms are accepted on the Hub before download; the approval mode (automatic "
                "or manual) was not shown by the source recorded, which the catalog records as manual, the stricter; "
                "re-audit online to read it" + source + bases), "partial"
    return (f"gated ({gated}): the publisher's terms are accepted on the Hub before download{source}{bases}",
            "answered")


def gate_source(facts: dict[str, Any]) -> str:
    """Where question 22's gate state comes from: the Hub's `gated` field at a revision, read by this run or recorded
    earlier (a catalog's copy of an API response, with its date). "not gated" said without it read as today's state,
    while a publisher can turn a gate on later (review pass 21). "" when no source of the field is recorded."""
    prov = as_dict(as_dict(facts.get("provenance")).get("gated"))
    where = prov.get("detail") or prov.get("location")
    if not where:
        return ""
    rev = f", revision {prov['revision']}" if prov.get("revision") else ""
    if prov.get("source") == "hub":
        return f" (the Hub's `gated` field, read by this audit: {where}{rev})"
    return (f" (the Hub's `gated` field as recorded: {where}{rev}; a recorded state, not today's: re-audit online "
            "to confirm it)")


def _acceptance(facts: dict[str, Any], locked: dict[str, Any] | None) -> tuple[str, str]:
    """Answered from the gate acceptance an auditor.lock records (`auditor lock --accepted-by`): who, when, for
    which license at which revision; one given for another revision or license has lapsed and says so."""
    model = as_dict(facts.get("model"))
    if model.get("gated") is False:
        return "no gate, so no acceptance record; the license applies on use", "answered"
    record = as_dict((locked or {}).get("acceptance"))
    if not record.get("by"):
        # the gate itself unknown (an offline record without the Hub's gate state): "record who accepted the gate"
        # took for granted a gate question 22 could not confirm (review pass 21); but when the card carries the
        # access-request form, or a base whose weights it holds is gated, question 22 says there are terms to
        # accept, and "whether there is a gate is not recorded" contradicted it (review 29: a local Llama-3.2 copy)
        unknown = model.get("gated") in (None, "unknown")
        whether = ("whether there is a gate to accept is not recorded (question 22: re-audit online); if there is, "
                   if unknown else "")
        form = [str(k) for k in as_list(as_dict(facts.get("card")).get("gate_form"))]
        contact = as_dict(facts.get("card")).get("gate_asks") == "contact"
        if unknown and form and contact:
            whether = (f"the card's Hub access-request form ({', '.join(form)}, question 22) asks contact details "
                       "only, no license acceptance; whether the Hub gates the files is not recorded; if it does, ")
        elif unknown and form:
            whether = (f"the card carries the Hub's access-request form ({', '.join(form)}, question 22), so there "
                       "are terms to accept before download; ")
        bases = [str(a.get("id")) for a in gated_bases(facts)]
        on_bases = (f"; the gated base{'s' if len(bases) > 1 else ''} {', '.join(bases)} (question 22): record its "
                    "acceptance too, as its license binds this copy") if bases else ""
        if unknown and bases and not form:
            whether = "this repository's own gate is not recorded (question 22: re-audit online); "
        return (f"no acceptance record is held by the audit: {whether}record who accepted the gate, when, and which "
                f"license version (`auditor lock --accepted-by NAME`), or in the sign-off below{on_bases}"), "partial"
    license = as_dict(facts.get("license")).get("expression")
    at = (f"revision {record['sha']}" if record.get("sha") else
          "no pinned revision (the lock read no SHA, so the acceptance names a license, not a revision)")
    said = (f"accepted by {record['by']} on {record.get('on')} for license {record.get('license') or 'unknown'} at "
            f"{at} (gate {record.get('gate') or 'not recorded'}; {(locked or {}).get('file') or 'the lock'})")
    if record.get("sha") != model.get("sha") or record.get("license") != license:
        return (f"LAPSED: {said}; the audited revision {model.get('sha') or 'unknown'} has license "
                f"{license or 'unknown'}: accept again"), "partial"
    # who, when and which license, but at no revision: the question asks which version was accepted
    return said, "answered" if record.get("sha") else "partial"


def _stated_corpora(card: dict[str, Any], skip: set[str], maker: str | None = None
                    ) -> list[tuple[str, dict[str, Any]]]:
    """The corpora the card's prose names in its training-data section, each (as shown, with its README line; the
    catalog's dataset record of it or {}), leaving out those the front matter already declares and folding a prose
    name onto a Hub id the prose also gives when both name the same dataset (StableLM-alpha's "EleutherAI/the_pile"
    and "The Pile" on one line are one corpus, not two)."""
    kept: list[tuple[str, str, int | None, dict[str, Any]]] = []  # (name, also named, line, record)
    private: set[str] = set()  # the sets the card calls private (auditor/card_data_list.py)
    for item in as_list(card.get("training_data")):
        item = as_dict(item)
        name = str(item.get("name") or "")
        record = as_dict(item.get("dataset"))
        if not name or name.lower() in skip or str(record.get("id") or "").lower() in skip or any(
                same_corpus_name(name, d, maker) for d in skip):
            continue  # OLMo: the prose's "Dolma" is the declared allenai/dolma, not a further corpus
        for index, (other, also, line, other_record) in enumerate(kept):
            if _one_corpus(name, other, maker):
                keep_id = "/" in name and "/" not in other
                kept[index] = (name if keep_id else other, other if keep_id else (also or name),
                               line, other_record or record)
                break
        else:
            kept.append((name, "", item.get("line"), record))
            if item.get("private") is True:
                private.add(name)
    out: dict[str, dict[str, Any]] = {}
    for name, also, line, record in kept:
        where = "; ".join(w for w in (f"README line {line}" if line else "", f"also named {also}" if also else "",
                                      PRIVATE_SET if name in private else "") if w)
        out.setdefault(f"{name} ({where})" if where else name, record)
    return list(out.items())


# words that name no dataset of their own: "The Pile", "RedPajama Data" and "Dolma corpus" are their datasets
_GENERIC_CORPUS_WORDS = frozenset({"the", "data", "dataset", "datasets", "corpus"})


def _corpus_tokens(name: str) -> list[str]:
    """A corpus name or a Hub dataset id's name part as lower-case words, without the words that name nothing."""
    return [w for w in re.split(r"[^a-z0-9]+", name.rsplit("/", 1)[-1].lower()) if w and w not in
            _GENERIC_CORPUS_WORDS]


# a leading word that makes another dataset of a known one (a variant, a language, a subset), never a brand
_VARIANT_WORDS = frozenset({"code", "simple", "mini", "tiny", "small", "clean", "cleaned", "filtered", "dedup",
                            "chinese", "japanese", "korean", "multilingual", "instruct", "chat", "synthetic", "m"})


def same_corpus_name(name: str, dataset_id: str, maker: str | None = None) -> bool:
    """Whether a corpus named in prose and a dataset id clearly name one dataset: the same words once "the", "data",
    "dataset" and "corpus" are dropped, or one brand word before them in the id ("RefinedWeb" is
    tiiuae/falcon-refinedweb; any word for a dataset the model's own publisher, `maker`, holds). Anything else keeps
    them apart: a trailing word is a version, size or subset ("Pile" is not pilev2-dev, "RedPajama" is not
    RedPajama-Data-V2, "OpenAssistant" is not openassistant-guanaco), a leading variant word another dataset
    ("Alpaca" is not code-alpaca, "Wikipedia" not simple-wikipedia), a leading word with a digit another release
    ("Wikipedia" is not 2023-wikipedia, "RedPajama" not 1T-RedPajama), and words are compared whole ("C4" is not
    mC4)."""
    a, b = _corpus_tokens(name), _corpus_tokens(dataset_id)
    if not a or not b:
        return False
    if a == b:
        return True
    owner = dataset_id.rsplit("/", 1)[0].lower() if "/" in dataset_id else None
    brand = len(b) == len(a) + 1 and b[1:] == a and len("".join(a)) >= 6  # "Dolly": too short to be distinctive
    if brand and any(c.isdigit() for c in b[0]):
        return False  # a leading version, size or date is a release, not a brand ("2023-wikipedia", "1T-RedPajama")
    return brand and (bool(maker and owner == maker.lower()) or b[0] not in _VARIANT_WORDS)


def _one_corpus(name: str, other: str, maker: str | None) -> bool:
    """Two prose names are folded only when one of them is a Hub id (owner/name) the other names."""
    if ("/" in name) == ("/" in other):
        return False
    prose, hub_id = (other, name) if "/" in name else (name, other)
    return same_corpus_name(prose, hub_id, maker)


# how question 24 marks a set the card calls private (a "- Dataset-G (private dataset of ...)" item), so that
# question 25 says whose terms those are
PRIVATE_SET = "private, the card says"


def _corpora_licenses(prose: list[tuple[str, dict[str, Any]]]) -> str:
    """Question 25 for the corpora only the prose names: the license of the catalog's dataset record of each that
    has one, and "not stated" for the rest; a set the card calls private is the publisher's own, whose terms only
    the publisher can give (review pass 34 P4)."""
    said = [_corpus_license(shown, record) for shown, record in prose if record]
    unknown = [shown for shown, record in prose if not record]
    if unknown:
        private = " (a private set's terms are the publisher's own: only the publisher can give them)" if any(
            PRIVATE_SET in shown for shown in unknown) else ""
        said.append(f"not stated for the corpora only the prose names ({', '.join(unknown)}): the card names them "
                    "without their licenses and the catalog holds no dataset record of them; check their terms, or ask "
                    f"the publisher{private}")
    return "; ".join(said)


def _record_terms(record: dict[str, Any]) -> tuple[str, str, bool]:
    """A catalog dataset record's license as the review says it, its non-commercial mark, and whether it is known."""
    known = record.get("state") == "known" and bool(record.get("license"))
    license = str(record.get("license")) if known else f"not identified (state {record.get('state')})"
    risk = " (non-commercial)" if record.get("category") in ("non-commercial", "research-only") else ""
    return license, risk, known


def _corpus_license(shown: str, record: dict[str, Any]) -> str:
    license, risk, _ = _record_terms(record)
    loose = (" (matched loosely: the names differ only in separators or case)"
             if record.get("matched") == "loosely" else "")
    return (f"{shown}: {license}{risk}, as the catalog's dataset record {record.get('id')} says{loose} "
            f"({record.get('source')}; named in the prose only, so the data rules did not read it)")


def _prose_settled(prose: list[tuple[str, dict[str, Any]]]) -> bool:
    return all(r.get("state") == "known" and r.get("license") for _, r in prose)


def readme_action(facts: dict[str, Any]) -> str:
    """What reads a README this audit did not read, by how it was audited: an offline record is read by auditing
    online; an online audit that could not read it (a gated repository serves its files only to an accepted token)
    is not helped by "audit online", which acme/gated-model's online review advised (review pass 21)."""
    model = as_dict(facts.get("model"))
    if not audited_online(facts):
        return "audit online to read it"
    if model.get("gated") not in (None, False, "unknown", "false"):
        return ("this online audit could not read it: the repository is gated, so accept its terms on the Hub, set "
                "HF_TOKEN and audit again")
    return "this online audit could not read it: read the README on the Hub, or audit again"


def _no_datasets(card: dict[str, Any], prose: list[tuple[str, dict[str, Any]]], bases: tuple[str, bool] = ("", True),
                 calibration: tuple[str, ...] = (), action: str = "audit online to read it", tuned: bool = False
                 ) -> tuple[str, str, str, str]:
    """What the data questions say when the front matter declares no training dataset: the corpora the prose names
    (with the licenses of those the catalog holds a record of), or "none" when the whole card was read (with
    `bases`, what the model's own bases were trained on is theirs to say, and whether every such base was read: an
    unread base's data is not known, so "none" is then partial), or what was not read. `calibration`: the
    calibration sets the front matter names instead (not training data); `action`, what reads a README whose prose
    was not recorded (readme_action); `tuned`, whether the model was trained from a base (a fine-tune or adapter):
    its own tuning data exists and is then undisclosed, not "none". (data answer, data-licenses answer, data status,
    data-licenses status)."""
    bases_text, bases_read = bases
    front = (f"its `datasets:` names only {', '.join(calibration)}, a quantizer's importance-matrix calibration set, "
             "not training data" if calibration else "no `datasets:` in its front matter")
    if prose:
        names = ", ".join(shown for shown, _ in prose)
        licenses = _corpora_licenses(prose)
        return (f"declared in the card's prose, without Hub dataset ids in its front matter: {names}", licenses,
                "answered", "answered" if _prose_settled(prose) else "partial")
    if card.get("present") is not True:
        # an offline record held no card: the card is what reads it, before the publisher (review pass 21)
        read = ("audit online to read the card, or ask the publisher for a training-data summary"
                if action.startswith("audit online") else "ask the publisher for a training-data summary")
        return (f"no training dataset is recorded: no model card was read ({read})",
                "training data licenses: none declared, so none can be checked", "partial", "partial")
    section = as_dict(card.get("training_data_section"))
    if section.get("title"):
        where = f"README line {section['line']}" if section.get("line") else "the card"
        link = as_dict(card.get("training_data_link"))
        # BLOOM's section links the data cards of its sources: the list a reviewer asks for is there (review 30 P7)
        ask = (f"it links where its datasets are described, {link['url']} (README line {link.get('line')}): read "
               "the list and each source's terms there" if link.get("url") else
               "ask the publisher for the list of training datasets (a training-data summary)")
        said = _sentence_said(as_dict(card.get("training_data_sentence")))
        # a quantization whose card is its base's (unsloth's Llama 3.1 copies): the section is the base's, and the
        # weights carry the base's data, as the other branches say (`bases_text`, with a card-quality note)
        return (f"described, not named: the card's \"{section['title']}\" section ({where}) names no Hub dataset and "
                f"no known corpus{said}; {ask}{bases_text}",
                "training data licenses: the datasets are not named, so their licenses cannot be checked", "partial",
                "partial")
    sentence = as_dict(card.get("training_data_sentence"))
    if sentence.get("names"):
        where = f"README line {sentence['line']}" if sentence.get("line") else "the card"
        return (f"described, not declared: the card's prose says it was trained on \"{sentence['names']}\" ({where}), "
                "outside a training-data section and without a Hub dataset id in the front matter; ask the publisher "
                f"for the list of training datasets (a training-data summary){bases_text}",
                _sentence_licenses(sentence, where), "partial", "partial")
    if card.get("body_length") is None:
        calibrated = f" ({front})" if calibration else ""
        return ("no training dataset is declared in the card's metadata (`datasets:`)"
                f"{calibrated}; its prose was not recorded, so a training-data section may name more ({action})"
                f"{bases_text}", "training data licenses: none declared, so none can be checked", "partial",
                "partial")
    prose_read = f"no training-data section naming a corpus in its {card['body_length']} characters of prose"
    described = as_dict(card.get("unnamed_data_stated"))
    if described.get("text"):  # data described by kind or by the model that generated it (review 38 M4)
        said = (f"; its prose describes training data without naming a dataset (\"{plain(str(described['text']))}\", "
                f"README line {described.get('line')}): which data and under which terms is not stated")
        joint = "; " if calibration else " and "
        return (f"described, not named: the card declares no training dataset ({front}{joint}{prose_read}){said}"
                f"{bases_text}; ask the publisher for a training-data summary",
                "training data licenses: the data the card describes is not named, so its licenses cannot be checked",
                "partial", "partial")
    none = "none of its own" if bases_text else "none"  # a derivative's weights hold its bases' data
    if tuned:  # a fine-tune was trained on data of its own, which the card does not name (review pass 34, W2)
        return (f"undisclosed: the data of its own fine-tuning is not named ({front}"
                f"{'; ' if calibration else ' and '}{prose_read}){bases_text}; ask the publisher for a training-data "
                "summary", "training data licenses: its fine-tuning data is not named, so its licenses cannot be "
                "checked", "partial", "partial")
    return (f"{none}: the card declares no training data ({front}{'; ' if calibration else ' and '}{prose_read})"
            f"{bases_text}; ask the publisher for a training-data summary",
            "training data licenses: none declared, so none can be checked" + (
                "; the data in its bases' weights is under the terms their own cards state (question 24)"
                if bases_text else ""), "answered" if bases_read else "partial",
            "partial")


def _datasets(facts: dict[str, Any]) -> tuple[str, str, str, str]:
    """(data answer, data-licenses answer, data status, data-licenses status)."""
    root = str(as_dict(facts.get("model")).get("id") or "")
    listed = [as_dict(d) for d in as_list(facts.get("datasets"))]
    calibration = tuple(str(d.get("id")) for d in listed
                        if declared_by(d, root) and calibration_set(str(d.get("id") or "")))
    datasets = [d for d in listed if not (declared_by(d, root) and str(d.get("id")) in calibration)]
    card = as_dict(facts.get("card"))
    maker = (owner_and_name(root) or (None, ""))[0]
    prose = _stated_corpora(card, {str(d.get("id")).lower() for d in datasets}, maker)
    if not datasets:
        return _no_datasets(card, prose, _bases_data(facts), calibration, readme_action(facts),
                            tuned=any(a.get("distance") == 1 and a.get("relation") in ("finetune", "adapter")
                                      for a in lineage_ancestors(facts)))
    names = _declared_names(datasets, root, calibration)
    own = _own_data_described(card) if not prose and not any(declared_by(d, root) for d in datasets) else None
    if own:  # pygmalion-6b: its bases' data is listed, its own fine-tuning data only described
        names += f"; {own}"
    also, generated = _data_sentence_beside(card, own)
    names += also
    risks = _data_risks(facts)
    aliases = {str(d.get("id")): _same_corpus(d) for d in datasets}
    online, source = audited_online(facts), str(as_dict(facts.get("model")).get("source") or "")
    licenses = _grouped([aliases[str(d.get("id"))][0] if aliases[str(d.get("id"))] else
                         _dataset_said(d, card, online, risks.get(str(d.get("id"))), source) for d in datasets])
    status = "answered" if all(_dataset_license_known(d) or
                               (aliases[str(d.get("id"))] or ("", False))[1] for d in datasets) else "partial"
    if prose:
        # the corpora the prose adds: the catalog's record of each where it has one; "answered" only when every
        # one has a known license (vouching for data nobody checked would be wrong)
        names += f"; the card's prose also names {', '.join(shown for shown, _ in prose)}"
        licenses += "; " + _corpora_licenses(prose)
        status = status if _prose_settled(prose) else "partial"
    noted = _notes_said([str(d.get("id") or "") for d in datasets]
                        + [str(record.get("id") or "") for _, record in prose if record])
    if noted:
        licenses += f"; {noted}"
    restricted = restricted_training_data(facts)
    if restricted:
        licenses += (f"; {restricted}: the licenses do not settle whether a dataset's terms reach the weights trained "
                     "on it (for legal to assess, DAT001/DAT002)")
    share_alike = _share_alike_data(facts)
    if share_alike:
        licenses += f"; {share_alike}"
    unread = unread_weight_bases(facts)
    if unread:  # zephyr-7b-gemma declares its DPO set; its unread SFT base's data is in the weights too, unknown
        names += (f"; the weights of {', '.join(unread)} are in this model too: "
                  f"{unread_said(unread, audited_online(facts))}")
        status = "partial"
    near = [a for a in lineage_ancestors(facts) if a.get("distance") == 1 and a.get("relation") in _HOLDS_BASE]
    open_bases = "" if unread else _bases_data_said(near, audited_online(facts))
    if open_bases:
        # dolphin-2_6-phi-2 declares its fine-tuning sets, while phi-2's card describes its own data without naming
        # it: "declared: ..." answered in full said nothing of the base's data in the same weights (review pass 21)
        names += f"; the training data of the base in its weights is open too: {open_bases}"
    if generated:
        licenses += f"; {generated}"
    unnamed = _unnamed_sources(card)
    if unnamed:
        licenses += f"; {unnamed}"
    design = _design_only(facts, card)
    if design:
        names += f"; {design}"
    gap = bool(unread or own or open_bases or design)
    return (names, licenses, "partial" if gap else "answered",
            "partial" if own or open_bases or generated or unnamed else status)


def _design_only(facts: dict[str, Any], card: dict[str, Any]) -> str:
    """What question 24 adds where the card declares its (fine-tuning) data and names another model only as its
    architecture, with no base model recorded (bigscience/bloomz-560m: "Architecture: Same as [bloom-560m](...)",
    xP3 declared; review pass 33 P4): an architecture is a design, not the weights' parent, so no base is invented,
    and the answer says that whatever pretraining data the weights hold beyond the declared data is not established.
    "" when the card names no architecture or a base model is recorded."""
    design = as_dict(card.get("architecture_stated"))
    if not design.get("name") or lineage_ancestors(facts):
        return ""
    return (f"the card names its architecture as {design['name']}'s (README line {design.get('line')}): a design, "
            "not a base model, so none is recorded; whether the weights were pretrained from that model's, and on "
            "what data beyond the declared data, is not established here")


def _unnamed_sources(card: dict[str, Any]) -> str:
    """What question 25 adds where the card names a corpus and describes other sources by kind only ("RefinedWeb
    enhanced with curated corpora", Falcon; review pass 33 P10): the named dataset's license is not the license of all
    the data, so the answer says the others are not named and their licenses unknown (auditor/card_unnamed_data.py);
    "" when the card says no such thing or its prose was not read."""
    stated = as_dict(card.get("unnamed_data_stated"))
    if not stated.get("text"):
        return ""
    return (f"the card also describes training sources it does not name (\"{plain(str(stated['text']))}\", README "
            f"line {stated.get('line')}): which they are and their licenses are unknown; ask the publisher")


def _notes_said(ids: list[str]) -> str:
    """What auditor/data/dataset_notes.json knows of these datasets beyond their license, each note once with its
    sources: The Pile's Books3 (rev29 P3: pythia's answer gave the Pile's license and no word of the contested part)
    and OSCAR's CC0 that covers only the packaging, not the web texts (rev27)."""
    # lazy: start-up (the notes file is read only for a review's training-data answer)
    from auditor.dataset_notes import notes_for

    seen: dict[int, tuple[str, Any]] = {}
    for dataset_id in ids:
        for note in notes_for(dataset_id):
            seen.setdefault(id(note), (dataset_id, note))
    return "; ".join(f"{dataset_id}: {'license scope: ' + note.scope + ' only; ' if note.scope else ''}{note.says} "
                     f"(sources: {note.origin})" for dataset_id, note in seen.values())


_UNKNOWN_SAID = re.compile(r"^(?P<id>[^:;()]+): (?P<note>unknown \((?:its dataset|the catalog|the Hub served|no "
                           r"record)[^()]*\))$")


def _grouped(items: list[str]) -> str:
    """Question 25's items joined, the datasets whose license is unknown for the same reason named together with the
    reason said once: dolphin-2_6-phi-2's seven uncatalogued sets repeated one sentence seven times (review pass
    21). Every other item stays as it is, in its place."""
    notes: dict[str, list[str]] = {}
    for item in items:
        m = _UNKNOWN_SAID.match(item)
        if m:
            notes.setdefault(m["note"], []).append(m["id"])
    out: list[str] = []
    for item in items:
        m = _UNKNOWN_SAID.match(item)
        if not m or len(notes[m["note"]]) == 1:
            out.append(item)
        elif m["id"] == notes[m["note"]][0]:
            out.append(f"{', '.join(notes[m['note']])}: each {m['note']}")
    return "; ".join(out)


def _dataset_said(dataset: dict[str, Any], card: dict[str, Any], online: bool, risks: set[str] | None,
                  source: str = "") -> str:
    """One declared dataset as question 25 says it: its license and risks, or what the model card says of it (that
    statement already sends the reviewer to the dataset's card, so the "unknown" is said bare beside it)."""
    card_said = _card_says_data_license(card, dataset)
    license = ("unknown" if card_said and dataset.get("license") in (None, "unknown")
               else _dataset_license(dataset, online, source))
    return f"{dataset_shown(dataset)}: {license}{_risk_mark(risks)}{card_said}"


# names of proprietary models whose outputs a card may say it was trained on ("data generated from GPT4")
_PROPRIETARY_OUTPUTS = re.compile(r"\b(?:gpt-?[345](?:\.5)?(?:-?turbo|o)?|chat-?gpt|openai|claude|gemini|bard|"
                                  r"palm-?2?)\b", re.IGNORECASE)


def _sentence_licenses(sentence: dict[str, Any], where: str) -> str:
    """Question 25 for a card whose only word on its data is a "trained on" sentence: the licences it gives that data
    and the sources it names without one, as the card's word (review 37 W4: InCoder's "Apache 2.0, MIT, BSD-2 or
    BSD-3 ... as well as StackOverflow" was "cannot be checked"); else that no licence can be checked."""
    licenses = [str(x) for x in as_list(sentence.get("licenses"))]
    if not licenses:
        return "training data licenses: the datasets are not declared, so their licenses cannot be checked"
    unstated = [str(x) for x in as_list(sentence.get("unstated"))]
    its = "its" if len(unstated) == 1 else "their"
    rest = (f"; it also names {', '.join(unstated)} as a source without stating {its} license: read that source's "
            "own terms" if unstated else "")
    return (f"training data licenses: the card states its data's licenses ({', '.join(licenses)}; {where}), as the "
            f"publisher's word, not verified against each source{rest}; the datasets themselves are not declared")


def _sentence_said(sentence: dict[str, Any]) -> str:
    """"; it says: \"...\" (README line N)" for the card's training-data sentence beside a section that names no
    dataset: whisper's section says its data is "680,000 hours of audio ... collected from the internet" (review pass
    32 P3), which tells a reviewer the data is web-collected and its sources undisclosed. "" when there is none."""
    said = str(sentence.get("names") or "")
    return f"; it says: \"{said}\" (README line {sentence.get('line')})" if said else ""


def _data_sentence_beside(card: dict[str, Any], own: str | None) -> tuple[str, str]:
    """("; the card also says ...", the outputs note) for the prose's training-data sentence beside declared datasets
    (dolphin-2.9: ten datasets declared, and "trained on data generated from GPT4", README line 63; review pass 31
    P3): the sentence is kept, and a proprietary model named in it is flagged, its outputs in the training data under
    terms that may restrict using them to develop competing models. ("", "") when there is no such sentence."""
    sentence = as_dict(card.get("training_data_sentence"))
    said = str(sentence.get("names") or "")
    if not said or own:
        return "", ""
    also = f"; the card also says it was trained on \"{said}\" (README line {sentence.get('line')})"
    found = _PROPRIETARY_OUTPUTS.search(said)
    if found is None:
        return also, ""
    return also, (f"third-party model outputs in the training data: the card names {found.group(0)} (README line "
                  f"{sentence.get('line')}), whose provider's terms may restrict using its outputs to develop "
                  "competing models (for legal to assess)")


def _own_data_described(card: dict[str, Any]) -> str | None:
    """What the card says of the model's own training data when it declares none and only its bases' data is listed:
    a training-data section or sentence that names no dataset (PygmalionAI/pygmalion-6b: a "Training data" section on
    its fine-tuning dialogue data, while question 24 listed only GPT-J's Pile). None when it says nothing of it."""
    section = as_dict(card.get("training_data_section"))
    sentence = as_dict(card.get("training_data_sentence"))
    if section.get("title"):
        where = f"its \"{section['title']}\" section (README line {section.get('line')})"
    elif sentence.get("names"):
        where = f"its prose (\"trained on {sentence['names']}\", README line {sentence.get('line')})"
    else:
        return None
    return (f"its own training data is described, not named, in {where}: no Hub dataset or known corpus, so its "
            "licenses cannot be checked; ask the publisher for the list of training datasets")


def _card_says_data_license(card: dict[str, Any], dataset: dict[str, Any]) -> str:
    """What the model card's prose says of an unidentified dataset's license (auditor/card_data_license.py), "" when
    it says nothing of it or the license is identified. The statement is tied to the dataset only when the card links
    the corpus under the dataset's id or its name (dolly-v2-12b: "[`databricks-dolly-15k`](addr)" and "[~15K record
    instruction corpus](addr) ... released under a permissive license (CC-BY-SA)"), or links its Hub dataset page.
    It stays the model card's word: the answer keeps the dataset's license open (question 25 stays partial)."""
    if _dataset_license_known(dataset):
        return ""
    ident = str(dataset.get("id") or "").lower()
    name = ident.rsplit("/", 1)[-1]
    for st in as_list(card.get("data_license_stated")):
        st = as_dict(st)
        names = {str(n).lower() for n in as_list(st.get("names"))}
        link = str(st.get("link") or "").lower().rstrip("/")
        if str(st.get("license")) in CATEGORY_TERMS.values() and _names_token(names, name):
            # SOLAR-10.7B-Instruct: "some non-commercial datasets such as Alpaca are used for fine-tuning" (line
            # 162), declared as c-s-ale/alpaca-gpt4-data: a kind of terms, by the model card's word
            return (f" (the model card's prose calls {', '.join(as_list(st.get('names')))} {st.get('license')} "
                    f"training data (README line {st.get('line')}): the model card's word, not the dataset's own "
                    "record; confirm on the dataset's card)")
        if ident in names or (name and name in names) or link.endswith(f"huggingface.co/datasets/{ident}"):
            version = "" if re.search(r"\d", str(st.get("license"))) else ", with no version"
            return (f" (the model card's prose says the corpus it links as {', '.join(as_list(st.get('names')))} is "
                    f"released under {st.get('license')}{version} (README line {st.get('line')}): the model card's "
                    "word, not the dataset's own record; confirm on the dataset's card)")
    return ""


def dataset_shown(dataset: dict[str, Any]) -> str:
    """A dataset's id as the answers name it: the id the card declared, with the record's when it was read under
    another ("EleutherAI/pile (read as the_pile)"), so the reviewer finds the card's own words in the answer."""
    declared = dataset.get("declared_as")
    if not declared:
        return str(dataset.get("id"))
    corpus = f", another id of the same corpus, {dataset['same_corpus']}" if dataset.get("same_corpus") else ""
    return f"{declared} (read as {dataset.get('id')}{corpus})"


def _names_token(names: set[str], dataset_name: str) -> bool:
    """Whether a corpus the prose names in one word (4 characters or more) is a whole token of the dataset's name:
    "Alpaca" and alpaca-gpt4-data, never "pile" and pilev2."""
    tokens = set(re.split(r"[-_. ]+", dataset_name.lower()))
    return any(len(n) >= 4 and " " not in n and n in tokens for n in names)


def _declared_names(datasets: list[dict[str, Any]], root: str, calibration: tuple[str, ...]) -> str:
    """"declared: A, B", with the datasets a base declares said as the base's ("declared by its base X: C"): the
    lineage lists an ancestor's training data beside the model's own, and InternVL2-Llama3-76B's answer named its
    vision encoder's LAION sets as declared by a card that declares none (review pass 15)."""
    mine = [dataset_shown(d) for d in datasets if declared_by(d, root)]
    by_base: dict[str, list[str]] = {}
    for d in datasets:
        if not declared_by(d, root):
            by_base.setdefault(str(d.get("trained")), []).append(dataset_shown(d))
    parts = [f"declared: {', '.join(mine)}"] if mine else [
        "none in the card's own front matter (`datasets:`)" + (f", which names only the calibration set "
                                                               f"{', '.join(calibration)}" if calibration else "")]
    parts += [f"declared by its base {base}: {', '.join(ids)}" for base, ids in by_base.items()]
    if mine and calibration:
        parts.append(f"{', '.join(calibration)} is a quantizer's calibration set, not training data")
    return "; ".join(parts)


# the dataset states whose "license" value names no terms a reviewer could check: a card's `license: other` is
# recorded as "custom", which says the terms exist, not what they are
_UNSETTLED_DATASET_STATES = ("custom", "unknown", "none")


def _dataset_license_known(dataset: dict[str, Any]) -> bool:
    """Whether a declared dataset's license is identified: a value other than "unknown" whose state is not one that
    names no terms. "the_pile: custom" counted as an answer, yet it tells the reviewer nothing to check."""
    license = dataset.get("license")
    return bool(license) and license != "unknown" and dataset.get("state") not in _UNSETTLED_DATASET_STATES


# a dataset card read without a license key: the state is "none", which a table cell or question 25 printed bare
# ("ms_marco: none"), as if the data came with no terms, while DAT003 says its license is not known
DATASET_NO_LICENSE = "no license declared (its card names none, so the terms are not known)"


def dataset_license_cell(dataset: dict[str, Any]) -> Any:
    """A declared dataset's license as the datasets table shows it: the recorded value, except that a card naming
    no license reads as such, not as "none" (no terms to follow)."""
    if dataset.get("state") == "none" and dataset.get("license") in (None, "", "none"):
        return DATASET_NO_LICENSE
    return dataset.get("license")


def no_datasets_said(facts: dict[str, Any]) -> str:
    """What the datasets table says when it has no row: no Hub dataset id in the front matter, and, when the card's
    prose names or describes the training data, that question 24 gives it. "No training dataset is declared" alone
    stood under question 24's five LAION corpora read from stable-diffusion-v1-5's prose (review 37 M4)."""
    card = as_dict(facts.get("card"))
    said = "No training dataset is declared in the card's metadata (`datasets:`)"
    if as_list(card.get("training_data")):
        return f"{said}; the card's prose names its training corpora: see question 24."
    if as_dict(card.get("training_data_section")).get("title") or as_dict(
            card.get("training_data_sentence")).get("names"):
        return f"{said}; the card's prose describes its training data: see question 24."
    return f"{said}."


def dataset_note_marks(dataset: dict[str, Any]) -> str:
    """What the datasets table adds after a dataset's license from auditor/data/dataset_notes.json: the part its
    license covers ("covers the packaging only": OSCAR's CC0 is not a grant over the web texts) and a contested
    component ("includes Books3"), each sending the reader to question 25 for the sources; "" when none."""
    # lazy: start-up (the notes file is read only for a review's datasets table)
    from auditor.dataset_notes import notes_for

    marks = [f"license covers the {n.scope} only" if n.kind == "license-scope" and n.scope
             else f"includes {n.component}, contested" if n.component
             else "withdrawn by its publisher" if n.kind == "withdrawn" else n.kind
             for n in notes_for(str(dataset.get("id") or dataset.get("same_corpus") or ""))]
    return f" ({'; '.join(marks)}: see question 25)" if marks else ""


def _unknown_dataset_said(dataset: dict[str, Any], online: bool, source: str) -> str:
    """A dataset whose license is unknown, said with what is missing and what gets it: "HuggingFaceH4/ultrachat_200k:
    unknown" told the reviewer neither whether its card was read nor where to look (review pass 21). Its card read and
    declaring `license: unknown` is the publisher's gap; no record read is the audit's, closed online (offline) or on
    the dataset's own page (an online audit the Hub served none to). `source`: where the model's record came from."""
    if dataset.get("card_present"):
        return ("unknown (its dataset card was read and declares no identifiable license, e.g. `license: unknown`: ask "
                "the dataset's publisher)")
    if dataset.get("resolved"):
        return "unknown (its dataset record was read without a card stating a license: ask the dataset's publisher)"
    if online:
        return ("unknown (the Hub served no dataset record under this id to this online audit: read the terms on the "
                "dataset's own page, or ask the publisher)")
    if source == "catalog":
        return ("unknown (the catalog holds no record of this dataset: audit online, where its Hub dataset card states "
                "its license)")
    return ("unknown (no record of this dataset was read by this audit's sources: audit online, where its Hub dataset "
            "card states its license, or read its terms)")


def _dataset_license(dataset: dict[str, Any], online: bool = False, source: str = "") -> str:
    """A declared dataset's license as question 25 says it: the identifier when known; for custom terms, that they
    are custom and not identified, so the reviewer reads the dataset's own terms; unknown, with what is missing."""
    if dataset_license_cell(dataset) == DATASET_NO_LICENSE:
        return f"{DATASET_NO_LICENSE}: read the dataset's own terms"
    license = str(dataset.get("license") or "unknown")
    if dataset.get("state") != "custom":
        return _unknown_dataset_said(dataset, online, source) if license == "unknown" else license
    if license not in ("custom", "unknown", "other"):
        # multi_nli: `license: [cc-by-3.0, cc-by-sa-3.0, mit, other]`: the identified part, and the part that is not
        return (f"{identified_part(license)}, plus custom terms, not identified (its card also declares a license "
                "of its own, such as `other`, whose text the audit did not read: read the dataset's terms)")
    return ("custom terms, not identified (its card declares a license of its own, such as `other`, whose text "
            "the audit did not read: read the dataset's terms)")


def _share_alike_data(facts: dict[str, Any]) -> str | None:
    """Training data under share-alike terms (CC BY-SA, ODbL, GPL), stated as a fact with each dataset's license:
    such a license asks adaptations to be shared under the same terms, and whether a model trained on the data is such
    an adaptation is not settled (DAT004). Not legal advice: the reviewer's counsel decides. None without such data."""
    risks = (as_dict(x) for x in as_list(facts.get("data_risks")))
    items = list(dict.fromkeys(f"{r.get('dataset')} ({r.get('license')})" for r in risks
                               if r.get("risk") == "share-alike"))
    if not items:
        return None
    return (f"training data {', '.join(items)} {'is' if len(items) == 1 else 'are'} under share-alike terms, which ask "
            "adaptations to be shared under the same license: whether a model trained on such data is an adaptation "
            "bound by that is unsettled (a fact for legal to assess, DAT004, not legal advice)")


def _same_corpus(dataset: dict[str, Any]) -> tuple[str, bool] | None:
    """A declared dataset whose own id has no record (EleutherAI/pile, allenai/c4), answered from the embedded
    catalog's record of the same corpus under another id (the_pile, c4: the legacy ids of the datasets library, whose
    cards moved to the Hub and since to namespaced ids), said as such: (text, whether its license is known). None when
    the dataset's own record was read or no other id of it has a record."""
    if (dataset.get("license") and dataset.get("license") != "unknown") or dataset.get("resolved"):
        return None
    # lazy: start-up (the catalog's dataset records are only asked for a review)
    from auditor.lineage.datasets import loose_dataset_record, same_corpus_record

    record = same_corpus_record(str(dataset.get("id") or ""))
    if record is None:
        return _loose_record(dataset, loose_dataset_record(str(dataset.get("id") or "")))
    license, risk, known = _record_terms(record)
    return (f"{dataset.get('id')}: {license}{risk}, as the catalog's record of the same corpus "
            f"({record.get('corpus')}) under the id {record.get('id')} says ({record.get('source')}; no record under "
            "the declared id, so the data rules did not read it)"), known


def _loose_record(dataset: dict[str, Any], record: dict[str, Any] | None) -> tuple[str, bool] | None:
    """A declared dataset answered from the one catalog record whose id differs from it only in separators and case
    (`ljspeech` declared, `lj_speech` held), said as a loose match; several such records are named and none chosen."""
    if record is None:
        return None
    if "ambiguous" in record:
        return (f"{dataset.get('id')}: unknown (its name matches several catalog datasets loosely, differing only in "
                f"separators or case: {', '.join(record['ambiguous'])}; none was chosen, so read the dataset's own "
                "terms)"), False
    license, risk, known = _record_terms(record)
    if record.get("matched") == "exactly":
        return (f"{dataset.get('id')}: {license}{risk}, as the embedded catalog's dataset record under the same id "
                f"says ({record.get('source')}; this run's sources read no record of it, so the data rules did "
                "not read it)"), known
    return (f"{dataset.get('id')}: {license}{risk}, as the catalog's dataset record {record.get('id')} says, matched "
            f"loosely (the names differ only in separators or case; {record.get('source')}; no record under the "
            "declared id, so the data rules did not read it)"), known


_HOLDS_BASE = ("quantized", "finetune", "adapter", "merge")


def unread_weight_bases(facts: dict[str, Any]) -> list[str]:
    """The ancestors whose weights are in the model (quantized, fine-tuned, adapted or merged from) that the lineage
    could not read: what they were trained on is unknown to the audit."""
    return [str(a.get("id")) for a in lineage_ancestors(facts)
            if a.get("relation") in _HOLDS_BASE and not a.get("resolved")]


def lineage_ancestors(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The lineage's ancestor entries, each a dict (anything else in the list read as an empty one)."""
    return [as_dict(a) for a in as_list(as_dict(facts.get("lineage")).get("ancestors"))]


def unread_said(unread: list[str], online: bool = False) -> str:
    """"the card of X could not be read, so what that base was trained on is not known to this audit", in the
    plural for several bases (TheProfessor-155b merges four unread ones). `online`: the audit read the Hub and still
    could not read them (not found, gated, a fault: the lineage says which), so "audit online" would send the reviewer
    round in a circle: the publisher, or the card read by hand, is what is left."""
    one = len(unread) == 1
    how = (f"the Hub did not serve {'it' if one else 'them'} to this online audit (the lineage says why): read "
           f"{'its card' if one else 'their cards'} on the Hub, or ask the publisher" if online
           else f"audit {'it' if one else 'them'} online, or ask the publisher")
    if one:
        return (f"the card of {unread[0]} could not be read, so what that base was trained on is not known to this "
                f"audit ({how})")
    return (f"the cards of {', '.join(unread)} could not be read, so what those bases were trained on is not known "
            f"to this audit ({how})")


def audited_online(facts: dict[str, Any]) -> bool:
    """Whether the model's own record was read from the Hub in this run (not a catalog, a lock or a folder)."""
    return as_dict(facts.get("model")).get("source") == "hub"


def _bases_data(facts: dict[str, Any]) -> tuple[str, bool]:
    """For a model made from bases that declares no data of its own (a GGUF of Gemma, a fine-tune without
    `datasets:`): "none" would read as "trained on nothing", while its weights carry what the bases learned from.
    The phrase names the nearest bases and says their cards answer for that data; empty without bases. With it,
    whether every base in the weights' chain was read: "none declared for the bases either" is only known of bases
    whose cards were read (aya-expanse-32b-GGUF's base was not found, review pass 15)."""
    near = [a for a in lineage_ancestors(facts) if a.get("distance") == 1 and a.get("relation") in _HOLDS_BASE]
    merged = merge_components(facts)
    if merged and not near:
        return (f"; its weights were merged from {', '.join(merged)} (named in its tags), so their training data is in "
                "them too: read their cards or ask their publishers"), False
    declared = merge_declared_said(facts)
    suspected = [as_dict(x) for x in as_list(as_dict(facts.get("lineage")).get("suspected"))]
    if not near and not declared and suspected:
        # flux1-dev-bnb-nf4 declares no base, while its name says FLUX.1 and its card an nf4 quantization: "none"
        # answered said its weights were trained on nothing (review pass 17)
        families = ", ".join(dict.fromkeys(str(x.get("family") or x.get("hint")) for x in suspected))
        return (f"; its name suggests it derives from {families}, which its card does not declare as its base: if it "
                "does, that model's training data is in its weights and not known to this audit (ask the publisher "
                "which model it was made from)"), False
    if not near and declared:
        return (f"; the card says it is a merge ({declared}) but names none of the models merged, so their training "
                "data is in its weights and not known to this audit (ask the publisher which models were merged)"
                ), False
    if not near:
        return "", True
    named = ", ".join(f"{a.get('id')} ({a.get('relation')})" for a in near)
    mismatch = instruct_base_mismatch(facts, near)
    if mismatch:
        named += f" ({mismatch})"
    whose = ("its weights are its base's" if all(a.get("relation") == "quantized" for a in near)
             else "its weights were merged from its parts'" if all(a.get("relation") == "merge" for a in near)
             else "its weights were made from its bases'")
    unread = unread_weight_bases(facts)
    if unread:
        said = unread_said(unread, audited_online(facts))
        return f"; {whose}, so the training data of {named} is in them too: {said}", False
    said = _bases_data_said(near, audited_online(facts))
    if said:
        return f"; {whose}, so the training data of {named} is in them too: {said}", False
    return (f"; {whose}, so the training data of {named} is in them too: this audit lists none declared for the "
            "bases either (read their cards or ask their publishers)"), True


# the name part that marks a tuned model (Meta-Llama-3.1-8B-Instruct, gemma-2-9b-it, Llama-2-7b-chat-hf)
_TUNED_SUFFIX = ("-instruct", "-chat", "-it")


def instruct_base_mismatch(facts: dict[str, Any], near: list[dict[str, Any]]) -> str | None:
    """A card-quality note when a quantization of a tuned model declares the untuned base: the model's name is the
    base's name plus "-Instruct"/"-chat"/"-it" (unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit declares
    unsloth/Meta-Llama-3.1-8B, review pass 30), so the weights are most likely the instruct model's, not the declared
    base's. Only for a quantized relation: a fine-tune of a base into an instruct model is the normal case."""
    name = str(as_dict(facts.get("model")).get("id") or "").rsplit("/", 1)[-1].lower()
    for ancestor in near:
        base = str(ancestor.get("id") or "").rsplit("/", 1)[-1].lower()
        if ancestor.get("relation") != "quantized" or not base or any(t in base for t in _TUNED_SUFFIX):
            continue
        suffix = next((t for t in _TUNED_SUFFIX if name.startswith(base + t)), None)
        rest = name[len(base) + len(suffix):] if suffix else ""
        if suffix and (not rest or not rest[0].isalnum()):
            return (f"card quality: the model's name is its base's plus \"{suffix}\" (a tuned model), while the "
                    "declared base is the untuned one; a quantization holds the weights it was made from, so ask the "
                    "publisher which model was quantized")
    return None


def _bases_data_said(near: list[dict[str, Any]], online: bool = False) -> str:
    """What the read bases' cards leave open about their training data (lineage ancestors' `data_said`): a card that
    describes its data without naming datasets, or whose prose was not recorded, is not one that declares none (a
    GGUF of gemma-2b-it answered "none declared for the bases either" from a base recorded without its prose: review
    pass 17). "" when every base's whole card was read and declares none."""
    described = [str(a.get("id")) for a in near if a.get("data_said") == "described"]
    unrecorded = [str(a.get("id")) for a in near if a.get("data_said") == "unread"]
    parts = []
    if described:
        parts.append(f"the card{'s' if len(described) > 1 else ''} of {', '.join(described)} describe"
                     f"{'' if len(described) > 1 else 's'} the training data without naming datasets (ask the "
                     "publisher for the list)")
    if unrecorded:
        parts.append(f"the prose of {', '.join(unrecorded)}'s card{'s' if len(unrecorded) > 1 else ''} was not "
                     "recorded, so what it says of its training data was not read "
                     f"({'read the card on the Hub' if online else 'audit online, or read the card'})")
    return "; ".join(parts)


def _data_risks(facts: dict[str, Any]) -> dict[str, set[str]]:
    """{dataset id: the risks the data rules read for it (noncommercial, no-derivatives, share-alike)}, the model's own
    and its ancestors' training data alike."""
    out: dict[str, set[str]] = {}
    for risk in (as_dict(r) for r in as_list(facts.get("data_risks"))):
        if risk.get("risk") in ("noncommercial", "no-derivatives", "share-alike") and risk.get("dataset"):
            out.setdefault(str(risk["dataset"]), set()).add(str(risk["risk"]))
    return out


def _risk_mark(risks: set[str] | None) -> str:
    words = [w for k, w in (("noncommercial", "non-commercial"), ("no-derivatives", "no derivatives"),
                            ("share-alike", "share-alike")) if k in (risks or ())]
    return f" ({', '.join(words)})" if words else ""


def restricted_training_data(facts: dict[str, Any], kinds: tuple[str, ...] = ("noncommercial", "no-derivatives")
                             ) -> str | None:
    """A sentence naming the training data under non-commercial terms (and no-derivatives terms) when the model's
    own licenses allow commercial use: question 4's "allowed" read alone would hide that the data's rights holders
    may argue their restriction carries into the model (a non-commercial dataset under an Apache model). None when
    no such data is recorded."""
    risks = [as_dict(r) for r in as_list(facts.get("data_risks"))]
    nc = list(dict.fromkeys(f"{r.get('dataset')} ({r.get('license')})" for r in risks
                            if r.get("risk") == "noncommercial"))
    nd = list(dict.fromkeys(f"{r.get('dataset')} ({r.get('license')})" for r in risks
                            if r.get("risk") == "no-derivatives"))
    said = [f"{', '.join(items)} {'is' if len(items) == 1 else 'are'} under {what} terms"
            for items, what, kind in ((nc, "non-commercial", "noncommercial"), (nd, "no-derivatives", "no-derivatives"))
            if items and kind in kinds]
    return f"training data {'; '.join(said)}" if said else None


def _drift_from_lock(facts: dict[str, Any], locked: dict[str, Any] | None) -> tuple[str, str] | None:
    """Drift answered from an auditor.lock (`report --lock`): the license the lock recorded at its revision
    against the one read now. Two revisions with their licenses answer the question; the same revision does
    not (nothing to compare)."""
    if not locked or not locked.get("sha") or not (locked.get("license") or locked.get("effective_license")):
        return None
    lic = as_dict(facts.get("license"))
    sha = as_dict(facts.get("model")).get("sha")
    if sha and sha == locked["sha"]:
        return None
    then = (locked.get("license"), locked.get("effective_license"))
    now = (lic.get("expression"), lic.get("effective"))
    verdict = "unchanged" if then == now else "CHANGED"
    audited = f"the audited revision {sha}" if sha else "the audited record (revision not pinned)"
    said = (f"{verdict}: {locked.get('file') or 'the lock'} recorded license {then[0] or 'unknown'} (effective "
            f"{then[1] or 'unknown'}) at revision {locked['sha']}; {audited} has {now[0] or 'unknown'} (effective "
            f"{now[1] or 'unknown'})")
    # a lock whose entry cannot be checked against its digest (version 1) answers only in part
    return (f"{said}; {locked['unverified']}", "partial") if locked.get("unverified") else (said, "answered")


def _history_evidence(history: dict[str, Any]) -> str:
    reads = [str(x)[:12] for x in as_list(history.get("readmes_read"))]
    return (f"evidence: {history.get('commits')} commits listed from {history.get('listing')}; the README read at "
            f"{len(reads)} of them ({', '.join(reads)})")


def _drift_from_history(history: dict[str, Any]) -> tuple[str, str | None] | None:
    """Drift answered from the repository's history on the Hub (`facts.model.license_history`, read by
    `auditor report`): the change bisection found, with its commit and date, or the license unchanged since
    the first revision with a card. (text, None) adds what the history says without answering (it could
    not be read, or the audited revision has no card); None: no history was read."""
    if not history:
        return None
    if history.get("problem"):
        return f"the license history on the Hub could not be read: {history['problem']}", None
    current = as_dict(history.get("current"))
    if not current:
        return ("the audited revision has no README, so there is no declared license to follow through its "
                "history"), None
    changes = [as_dict(c) for c in as_list(history.get("changes"))]
    if changes:
        c = changes[0]
        if c.get("exact"):
            text = (f"CHANGED at commit {c.get('sha')} ({c.get('date')}): {c.get('before')} -> {c.get('after')} "
                    f"(the commit before it, {c.get('previous_sha')} ({c.get('previous_date')}), declares "
                    f"{c.get('before')})")
            return f"{text}; {_history_evidence(history)}", "answered"
        text = (f"CHANGED between commit {c.get('previous_sha')} ({c.get('previous_date')}), which declares "
                f"{c.get('before')}, and commit {c.get('sha')} ({c.get('date')}), which declares {c.get('after')}; the "
                f"exact commit was not located ({history.get('bound')})")
        return f"{text}; {_history_evidence(history)}", "partial"
    return _unchanged(history, current)


def _unchanged(history: dict[str, Any], current: dict[str, Any]) -> tuple[str, str]:
    first = as_dict(history.get("first_card"))
    if not first or (first.get("sha") == history.get("revision") and not history.get("first_card_exact")):
        return (f"not known: the audited revision declares {current.get('license')}, and no earlier card was read "
                f"({history.get('bound')}); {_history_evidence(history)}"), "partial"
    exact = bool(history.get("first_card_exact"))
    since = (f"the first revision with a card ({first.get('sha')}, {first.get('date')})" if exact
             else f"revision {first.get('sha')} ({first.get('date')}) at least; the first revision with a card "
             f"was not located ({history.get('bound')})")
    text = (f"unchanged since {since}: {current.get('license')} (the declared license fields of that card and "
            "the audited one are the same; a license changed and changed back between reads would not show)")
    return f"{text}; {_history_evidence(history)}", "answered" if exact else "partial"


def _drift(facts: dict[str, Any], licenses: list[Licensed], locked: dict[str, Any] | None = None) -> tuple[str, str]:
    from_lock = _drift_from_lock(facts, locked)
    if from_lock is not None:
        return from_lock
    model = as_dict(facts.get("model"))
    lineage = as_dict(facts.get("lineage"))
    from_history = _drift_from_history(as_dict(model.get("license_history")))
    parts = [from_history[0]] if from_history is not None else []
    laundering = laundering_items(lineage)
    if laundering:
        # a lineage fact, not a change between revisions: said as such, so it is not read as drift
        parts.append(f"across the lineage, not between revisions: the declared license differs from {len(laundering)} "
                     "ancestor license(s) (see laundering)")
    elif laundering_items(lineage, proper=False):
        parts.append("across the lineage, not between revisions: the declared license differs from "
                     f"{len(laundering_items(lineage, proper=False))} ancestor license(s) that let a derivative carry "
                     "other terms on carry conditions (not laundering)")
    if locked and locked.get("edited"):  # the entry's pins are not the lock's result (report.lock_pin)
        parts.append(str(locked["edited"]))
    if from_history is not None and from_history[1] is not None:
        status = from_history[1]
    elif model.get("sha") and locked and locked.get("sha") == model["sha"]:
        # the lock pins this very revision: "`auditor lock` pins it" told a reviewer holding that lock to make one
        parts.append(f"audited at revision {model['sha']}, the one {locked.get('file') or 'the lock'} pins (license "
                     f"{locked.get('license') or 'unknown'} there): nothing to compare with yet; `auditor check "
                     "--locked` reports a license change when a later revision is audited")
        status = "partial"
    elif model.get("sha"):
        parts.append(f"audited at revision {model['sha']}; `auditor lock` pins it and `auditor check --locked` "
                     "reports a license change at a later revision")
        status = "partial"
    else:
        parts.append("NOT PINNED: no revision SHA, so "
                     + ("which revision's text was audited is not known; " if any(li.entry.revisions for li in licenses)
                        else "a change of license between revisions cannot be detected; ")
                     + ("audit online (`auditor report` reads the license through the repository's history on the "
                        f"Hub), or `auditor lock` online to pin a revision that a later audit compares against "
                        f"({LOCK_PINS_WHEN})"
                        if not audited_online(facts) else
                        "the Hub did not give this online audit the revision: `auditor lock` pins one to compare "
                        f"against when the Hub gives it ({LOCK_PINS_WHEN})"))
        status = "unanswered"
    versions = [f"{li.entry.id} is version {li.entry.version}" for li in licenses if li.entry.version]
    if versions:
        parts.append("; ".join(versions))
    revised = [li for li in licenses if li.entry.revisions]
    if revised:  # a change of the text itself, recorded with its commits: known drift, never "cannot be detected"
        parts.append("; ".join(f"the knowledge base records that the {li.entry.id} text changed "
                               + ("at its own address" if any(_in_place(r.get("ref")) for r in li.entry.revisions)
                                  else "in the publisher's repository")
                               + f": {_revisions_said(li.entry)}: which text applies depends on {_binds_by(li.entry)}"
                               for li in revised))
        status = "partial" if status == "unanswered" else status
    return "; ".join(parts), status


def _in_place(ref: Any) -> bool:
    """Whether a revision's `ref` is the address of a text its publisher revises in place (Gemma's terms page), not a
    commit of the publisher's repository."""
    return str(ref or "").startswith(("https://", "http://"))


def _revisions_said(entry: LicenseEntry) -> str:
    """The recorded revisions of a license text, oldest first: "at commit d60cbe267db8, <change>; at commit
    daf4395a80ad (2025-11-04), titled "xAI Community License Agreement", <change>", or for a text revised at its
    own address, "at https://... (2024-04-01), <change>"."""
    out = []
    for rev in entry.revisions:
        when = f" ({rev['date']})" if rev.get("date") else ""
        title = f', titled "{rev["title"]}"' if rev.get("title") else ""
        where = f"at {rev['ref']}, revised in place" if _in_place(rev.get("ref")) else f"at commit {rev['ref']}"
        out.append(f"{where}{when}{title}, {rev['change']}")
    return "; ".join(out)


def _binds_by(entry: LicenseEntry) -> str:
    """What decides which revision of a text binds: the repository revision audited, or, for a text revised at its
    own address (Gemma's "Last modified" dates), when the terms were accepted and which version they refer to: "of
    2024-02-21" read as settled while the page had been revised (review 37 M7)."""
    if any(_in_place(rev.get("ref")) for rev in entry.revisions):
        return ("when the terms were accepted (the publisher revises the text at the same address, so the version "
                "of that date binds; compare it with the one read here)")
    return "the revision audited"


_STATUS_SAID = {"denied": "denies", "review": "puts under review", "allowed": "allows", "not_listed": "does not list",
                "unlisted": "does not list", "unknown": "cannot judge"}


def _prose_base_policy(facts: dict[str, Any]) -> str | None:
    """What the policy says of the license of the base the card's prose says the model was made from (license.
    prose_base): Q28 said "review: GPL-3.0-only" of gpt4all-lora while the policy denies its LLaMA base's license."""
    base = as_dict(as_dict(facts.get("license")).get("prose_base"))
    if not base.get("license"):
        return None
    return (f"the policy {_STATUS_SAID.get(str(base.get('policy')), str(base.get('policy')))} {base['license']}, the "
            f"license of {base.get('name')}, the base the card's prose says the model was made from "
            f"(\"{base.get('phrase')}\", README line {base.get('line')}; rule LIC019 judges it)")


def _policy_decision(facts: dict[str, Any], licenses: list[Licensed]) -> tuple[str, str]:
    text, status = _own_policy_decision(facts, licenses)
    base = _prose_base_policy(facts)
    return (f"{text}; {base}", status) if base else (text, status)


def _own_policy_decision(facts: dict[str, Any], licenses: list[Licensed]) -> tuple[str, str]:
    lic = as_dict(facts.get("license"))
    policy = _by_own_category(facts, as_dict(lic.get("policy")))
    for choice in license_choices(facts):  # the alternatives declined: what the policy says of them, too
        for license_id in (str(i) for i in as_list(choice.get("declined_ids"))):
            status = str(as_dict(choice.get("statuses")).get(license_id))
            policy.setdefault("unlisted" if status not in policy else status, []).append(license_id)
    lists = [f"{k}: {', '.join(str(x) for x in as_list(policy.get(k)))}" for k in ("allowed", "review", "denied",
                                                                             "not_listed") if as_list(policy.get(k))]
    if as_list(policy.get("unknown")):
        lists.append(_undecided_policy(facts, [str(x) for x in as_list(policy.get("unknown"))]))
    chosen = choice_sentence(facts)
    if lists and chosen:
        return "; ".join([*lists, f"{chosen}: the policy's verdict on the license chosen applies"]), "answered"
    if lists:
        expression = str(lic.get("effective") or lic.get("expression") or "")
        if " OR " in expression and len(lists) > 1:
            lists.append(f"the card offers a choice ({_bare(expression)}): the policy's verdict on the license "
                         "chosen applies; the findings read the licenses together (the audit does not choose)")
        elif len(lists) > 1 and " AND " in expression and listed_licenses(facts):
            lists.append(f"the card lists {', '.join(listed_licenses(facts))} without saying whether all apply or one "
                         f"may be chosen (question 2); the audit reads them together ({_bare(expression)}), the "
                         "stricter reading, so the strictest verdict governs the model")
        elif len(lists) > 1 and " AND " in expression:
            lists.append(f"the licenses apply together ({_bare(expression)}), so the strictest verdict governs the "
                         "model")
        return "; ".join(lists), "answered"
    prose = _prose_policy(facts, [li for li in licenses if li.prose])
    if prose:
        return prose, "answered"
    unknown = _unknown_policy(facts)
    return (unknown, "answered") if unknown else ("the policy does not list the license", "partial")


_LEVEL_SAID = {"fail": "the model fails the policy (an error) until its license is established",
               "warn": "a warning: the policy lets the model pass with it reported",
               "note": "a note: the policy lets the model pass with it reported",
               "ignore": "the policy does not check it"}


_SEVERITY_LEVEL = {"error": "fail", "warning": "warn", "note": "note"}  # a rule severity, as the level it acts as


def _undecided_policy(facts: dict[str, Any], ids: list[str]) -> str:
    """The licenses the policy's lists cannot decide (license.policy.unknown: a knowledge-base category that is a
    placeholder, its text unread; rule LIC025), with the policy's `licenses.unknown` setting that decides them."""
    said = _setting_said(as_dict(facts.get("policy")), "unknown", "LIC025")
    return (f"undecided: {', '.join(ids)} (the knowledge base records its category only as a placeholder, its text "
            "unread, and no entry of the lists names it, so no list decides it"
            + (f"; the policy's setting for it: {said})" if said else ")"))


def _setting_said(policy: dict[str, Any], key: str, rule: str) -> str | None:
    """The policy's `licenses.<key>` level and what it does, or the rules table's override of `rule` that governs
    instead; None when the policy recorded no such setting."""
    level = str(as_dict(policy.get("licenses")).get(key))
    if level not in _LEVEL_SAID:
        return None
    said = f"licenses.{key}: {level} (rule {rule}): {_LEVEL_SAID[level]}"
    override = as_dict(as_dict(policy.get("rules")).get(rule))
    if override.get("enabled") is False:  # the rules table overrides the setting: say what governs
        said = f"rule {rule} is disabled in the policy's rules: the policy does not check it"
    elif str(override.get("severity")) in _SEVERITY_LEVEL:  # the engine applies the override: it governs
        severity = str(override.get("severity"))
        said = (f"rule {rule} at severity {severity}, set in the policy's rules over licenses.{key}: {level}: "
                f"{_LEVEL_SAID[_SEVERITY_LEVEL[severity]]}")
    return said


def _unknown_policy(facts: dict[str, Any]) -> str | None:
    """What the policy says of a model whose license could not be identified: its lists cannot judge a license
    nobody identified, but its `licenses.unknown` setting (rule LIC004: none declared or found, or a name not
    identified) and its `licenses.custom` setting (LIC006: `license: other` with no text; LIC016: a text that
    matches no license) are written for exactly these cases, so "the policy does not list the license" left the
    organisation's own answer out. None when a license was identified or the policy recorded no such setting."""
    lic = as_dict(facts.get("license"))
    state = str(lic.get("state") or "")
    if state in ("none", "unknown"):
        key, rule = "unknown", "LIC004"
        what = ("no license is declared or found" if state == "none"
                else "the license named could not be identified")
    elif state == "custom" and not as_list(lic.get("ids")):
        key, rule = "custom", "LIC006" if lic.get("custom_without_text") else "LIC016"
        what = ("the card declares `license: other` and no license text was found to read its terms"
                if rule == "LIC006" else "the card declares `license: other` and its text matches no known license")
        if lic.get("secondary_custom"):  # no card said it: a third party's record did (secondary.py), rule LIC024
            rule = "LIC024"
            what = ("a third party's record says the weights are under the publisher's own custom license, whose "
                    "text was not read")
    else:
        return None
    said = _setting_said(as_dict(facts.get("policy")), key, rule)
    if said is None:
        return None
    return f"{what} (license state: {state}), so no license list applies; the policy's setting for it: {said}"


def _bare(expression: str) -> str:
    """An expression without the parentheses that wrap the whole of it ("(A OR B)" said inside a parenthesis)."""
    return expression[1:-1] if expression.startswith("(") and expression.endswith(")") and \
        expression.count("(") == 1 else expression


def _by_own_category(facts: dict[str, Any], recorded: dict[str, Any]) -> dict[str, list[str]]:
    """The policy's lists applied to each license by its own knowledge-base category: an expression's category
    given to every id it holds put Apache-2.0 among the "denied" of "Apache-2.0 AND CC-BY-NC-4.0" (the category
    of the whole, non-commercial), under a policy that allows Apache-2.0; the verdict on the whole stays the run's.
    A license the knowledge base does not hold keeps the recorded list."""
    # lazy: start-up (the policy's matcher and the KB are only needed here)
    from auditor.facts import license_status

    lists = as_dict(as_dict(facts.get("policy")).get("licenses"))
    kb = load_kb()
    out: dict[str, list[str]] = {k: [] for k in ("allowed", "review", "denied", "not_listed", "unknown")}
    for key in out:
        for license_id in (str(x) for x in as_list(recorded.get(key))):
            entry = kb.get(license_id)
            if entry is None or not lists:
                out[key].append(license_id)
                continue
            # the facts' own matcher: a placeholder category decides nothing there (LIC025), nor here
            own = license_status(lists, entry.id, entry.category)
            out[key if own == "unlisted" else own].append(license_id)
    return {k: sorted(set(v)) for k, v in out.items()}


def _prose_policy(facts: dict[str, Any], prose: list[Licensed]) -> str | None:
    """What the policy's license lists say of the licenses the card names only in its prose (the other answers
    read them; the verdict does not): "the policy reviews LicenseRef-Tongyi-Qianwen". None when there is none."""
    # lazy: start-up (the policy's matcher is only needed here)
    from auditor.policy import license_matches

    lists = as_dict(as_dict(facts.get("policy")).get("licenses"))
    said = []
    for licensed in prose:
        entry = licensed.entry
        verdict = next((word for key, word in (("deny", "denies"), ("review", "puts under review"),
                                               ("allow", "allows"))
                        if any(license_matches(str(p), entry.id, entry.category) for p in as_list(lists.get(key)))),
                       "does not list")
        said.append(f"the policy {verdict} {entry.id}, the license the card's prose names")
    if not said:
        return None
    return (f"{'; '.join(said)} (the card's metadata declares no license the policy could judge, so the verdict "
            "above does not apply these lists)")


QUESTIONS: tuple[tuple[str, str], ...] = (
    ("licensor", "Who is the licensor?"),
    ("license", "Which license and version?"),
    ("text", "Where is the official license text?"),
    ("commercial", "Is commercial use allowed, and on what conditions?"),
    ("threshold", "Are we within the commercial conditions, given the policy's figures?"),
    ("aup", "Which acceptable-use policy applies, and what does it prohibit?"),
    ("attribution", "Which attribution text is required, and where must it go?"),
    ("naming", "Is there a naming or display duty?"),
    ("derivatives", "May we modify and fine-tune it?"),
    ("carry", "Which license and notices must derivatives carry?"),
    ("ownership", "Who owns the outputs?"),
    ("outputs", "Are there restrictions on the use of outputs?"),
    ("territory", "Is use restricted by territory?"),
    ("export", "What does the license say on export control and sanctions?"),
    ("patent", "Is there a patent grant?"),
    ("termination", "When does the license terminate?"),
    ("warranty", "Is any warranty given?"),
    ("liability", "Is the licensor's liability limited?"),
    ("indemnity", "Who indemnifies whom?"),
    ("law", "Which law governs the license?"),
    ("venue", "Which courts (venue)?"),
    ("gate", "Is the model gated, and how?"),
    ("acceptance", "Who accepted the gate, when, and which license version?"),
    ("data", "Which training data is declared?"),
    ("data_licenses", "Under which licenses is the training data?"),
    ("drift", "Has the license changed between revisions?"),
    ("contact", "Whom to contact for a commercial license?"),
    ("policy", "What does the organisation's policy say about this license?"),
)


def _license_answers(facts: dict[str, Any], licenses: list[Licensed]) -> dict[str, tuple[str, tuple[str, ...], str]]:
    use = as_dict(as_dict(facts.get("policy")).get("use"))
    describers: dict[str, Callable[[Licensed], tuple[str, str | None] | None]] = {
        "licensor": _licensor(facts),
        "license": _license_version,
        "text": _official_text,
        "commercial": _commercial,
        "threshold": _against_policy(use),
        "aup": _aup,
        "attribution": _attribution,
        "naming": _naming,
        "derivatives": _term_answer("derivatives", lambda t: _phrase(_DERIVATIVES, t.value)),
        "carry": _carry,
        "ownership": _term_answer("output_ownership", lambda t: _phrase(_OWNERSHIP, t.value)),
        "outputs": _outputs_use,
        "territory": _territory(facts),
        "export": _export,
        "patent": _term_answer("patent_grant", _patent_phrase),
        "termination": _termination,
        "warranty": _term_answer("warranty", lambda t: str(t.value)),
        "liability": _liability,
        "indemnity": _indemnity,
        "law": _law,
        "venue": _venue,
        "contact": _contact,
    }
    return {key: _per_license(licenses, fn) for key, fn in describers.items()}


def _facts_answers(facts: dict[str, Any], licenses: list[Licensed],
                   locked: dict[str, Any] | None = None) -> dict[str, tuple[str, tuple[str, ...], str]]:
    model = as_dict(facts.get("model"))
    data, data_licenses, data_status, licenses_status = _datasets(facts)
    gate, gate_status = _gate(model, as_dict(facts.get("card")), facts)
    acceptance, acceptance_status = _acceptance(facts, locked)
    drift, drift_status = _drift(facts, licenses, locked)
    decision, decision_status = _policy_decision(facts, licenses)
    return {
        "gate": (gate, (), gate_status),
        "acceptance": (acceptance, (), acceptance_status),
        "data": (data, (), data_status),
        "data_licenses": (data_licenses, (), licenses_status),
        "drift": (drift, (), drift_status),
        "policy": (decision, (), decision_status),
    }


def _base_license(gap: dict[str, Any]) -> str:
    """How a base's license stands, as the lineage read it: "declares no license" only where its card was read
    (a recording without the card, such as a gated repository's stored page, says nothing either way)."""
    value, record = gap.get("ancestor_license"), gap.get("ancestor_record")
    if value not in (None, "none"):
        return f"license {value}"
    return {"not-recorded": "recorded without its card or license files",
            "no-card": "no card and no license file",
            "unread": "it could not be read"}.get(str(record), "it declares no license")


def _foreign_family(repo_id: str, answered: set[str]) -> list[tuple[str, str]]:
    """(family, usual license) that a repository's name points at, when that license is not among the licenses
    answered (a name that says Llama 2 under an AGPL or CC-BY-SA declaration)."""
    # lazy: start-up (lineage's name hints are only needed for a review)
    from auditor.lineage.suspect import suspected_bases

    out = []
    for hint in suspected_bases(repo_id):
        likely = str(hint.likely_license or "")
        if likely and not _covered(likely, answered):
            out.append((hint.family, likely))
    return out


def _covered(likely: str, answered: set[str]) -> bool:
    """Whether a family's usual license (as the name hints give it: "LicenseRef-Llama-3 (or 3.1/3.2/3.3)", or a Hub
    id such as "bigcode-openrail-m") is among the licenses answered, by its id, its version family or the KB entry
    the Hub id names."""
    # lazy: start-up (the knowledge base is loaded once, by whoever needs it first)
    from auditor.licenses.kb import load_kb

    first = likely.split(" ")[0]
    entry = load_kb().get(first)
    return any(a.startswith(first) or (entry is not None and a == entry.id) for a in answered)


def family_release(repo_id: str, answered: set[str]) -> str | None:
    """The family a Hub id is the publisher's own release of (meta-llama/Meta-Llama-3-8B-Instruct: Llama 3;
    google/gemma-2-9b: Gemma), when that family's usual license is among the licenses answered; None otherwise
    (another publisher's derivative, whose own terms may add to the family's, or a family with no single
    license: Mistral, Qwen, Phi)."""
    # lazy: start-up (lineage's name hints are only needed for a review)
    from auditor.lineage.suspect import split_owner, suspected_bases

    name = split_owner(repo_id)[1]
    hints = suspected_bases(name)
    if not hints or suspected_bases(repo_id):
        return None  # no family in the name, or a repository of someone other than the family's publisher
    if all(_release_license(h.family, str(h.likely_license or ""), name, answered) for h in hints):
        return " / ".join(h.family for h in hints)
    return None


_LLAMA3_VERSION = re.compile(r"(?i)(?<![a-z])llama[-_ .]?3(?:[._](\d))?(?!\d)")


def _release_license(family: str, likely: str, name: str, answered: set[str]) -> bool:
    """Whether the license of a family's own release is answered. The Llama 3 family has one license per version
    (Llama 3, 3.1, 3.2, 3.3 differ: 3.1 allows improving other models with outputs, 3.0 does not), so the
    version the name carries must be the one answered ("Meta-Llama-3-8B": 3; "Llama-3.1-8B", "Llama-3_1": 3.1)."""
    if not likely:
        return False
    if family == "Llama-3.x":
        found = _LLAMA3_VERSION.search(name)
        version = f".{found.group(1)}" if found and found.group(1) else ""
        return f"LicenseRef-Llama-3{version}" in answered
    return _covered(likely, answered)


def _unestablished_bases(facts: dict[str, Any], licenses: list[Licensed]) -> list[str]:
    """What leaves the base's terms open, each as a phrase: a base read whose license is none, unknown or custom
    (Senku-70B, a CC0 adapter on miqu-1-70b, which declares none); a lineage that a name points at and no
    license answered here covers: the model's own name when its card names no base (Luna-AI-Llama2-Uncensored:
    CC-BY-SA-4.0, its name says Llama 2), or the name of a base that could not be read (limarp-v2-merged-GGUF
    declares AGPL on llama-2-13b-chat-limarp-v2-merged); any other base named in base_model that could not be read
    (see _unread_base)."""
    lineage = as_dict(facts.get("lineage"))
    gaps = [g for g in (as_dict(u) for u in as_list(lineage.get("unverifiable")))
            if g.get("ancestor_license") in ("none", "custom", "unknown") and g.get("ancestor_record") != "unread"]
    out = [f"the terms of base model {b} are not established, and a derivative is bound by them" for b in dict.fromkeys(
        f"{g.get('ancestor')} ({_base_license(g)})" for g in gaps if g.get("ancestor"))]
    answered = {li.entry.id for li in licenses}
    prose_id = str(as_dict(_prose_base_id(facts)).get("id") or "").lower()
    unread_by_reason: dict[str, list[str]] = {}
    settled = set(settled_unread_bases(facts, licenses))
    for unread in (as_dict(x) for x in as_list(lineage.get("unresolved")) if as_dict(x).get("kind") != "dataset"):
        if str(unread.get("id") or "") in settled:
            continue  # the declared license itself names who licenses that family's weights (question 2 says so)
        foreign = _foreign_family(str(unread.get("id") or ""), answered)
        for family, likely in foreign:
            out.append(f"base model {unread.get('id')} could not be read, and its name suggests {family} ({likely}), "
                       "a license not answered here that would bind a derivative")
        if not foreign and str(unread.get("id") or "").lower() != prose_id:  # a prose base: _prose_base says it
            for shown, reason in _unread_base(unread, answered, str(as_dict(facts.get("model")).get("id") or "")):
                unread_by_reason.setdefault(reason, []).append(shown)
    out.extend(_unread_bases_said(unread_by_reason))
    for top in _top_ancestors(lineage):
        for family, likely in _foreign_family(top, answered):
            out.append(f"base model {top}, whose record names no base of its own, has a name that suggests {family} "
                       f"({likely}), a license not answered here that would bind it and its derivatives (not "
                       "established)")
    for hint in (as_dict(x) for x in as_list(lineage.get("suspected"))):
        likely = str(hint.get("likely_license") or "")
        if likely and not any(a.startswith(likely.split(" ")[0]) for a in answered):
            out.append(f"the model's name suggests it derives from {hint.get('family') or 'another model'} "
                       f"({likely}), which the card does not declare (not established) and which would bind it")
    unidentified = declared_unidentified(facts)
    if unidentified:
        out.append(unidentified)
    prose_base = _prose_base(facts) or _prose_base_family(facts, answered)
    if prose_base:
        out.append(prose_base)
    merged = merge_components(facts)
    if merged:
        out.append(f"the card's tags mark the model a merge of {', '.join(merged)}, which its metadata does not "
                   "declare as base_model: the merged models' terms were not checked, and each binds the merged "
                   "weights (record them as base_model, or audit them)")
    return list(dict.fromkeys(out))


def _licensor_named_by_text(license_id: str) -> bool:
    """Whether the license text itself names its licensor (Llama: Meta; Gemma: Google LLC), not the publisher."""
    return licensor_named_by_text(license_id) is not None


def settled_unread_bases(facts: dict[str, Any], licenses: list[Licensed]) -> list[str]:
    """The unread bases whose terms the declared license already settles: the base's name is a release of the family
    whose license the model declares (unsloth/Meta-Llama-3.1-8B under Llama 3.1), and that license names its own
    licensor, so reading the copy would change no answer of questions 2, 4, 5, 9 and 27 (review pass 30 P5: five
    answers were partial for it). Only for the publisher's own base (the same Hub owner: another publisher's model
    of the family may add terms of its own); never for a merge or a model with several bases, whose parts may carry
    other terms, and never when the model's own license is not one that names its licensor."""
    # lazy: start-up (lineage's name hints are only needed for a review)
    from auditor.lineage.suspect import split_owner, suspected_bases

    own = [li for li in licenses if li.via is None and not li.prose]
    unread = _unread_model_bases(facts)
    if (len(unread) != 1 or not own or merge_declared_said(facts) or merge_components(facts)
            or not all(_licensor_named_by_text(li.entry.id) for li in own)):
        return []
    answered = {li.entry.id for li in own}
    owner, name = split_owner(unread[0])
    if owner.lower() != split_owner(str(as_dict(facts.get("model")).get("id") or ""))[0].lower():
        return []  # another publisher's model of the family may add terms of its own
    hints = suspected_bases(name)
    if hints and all(_release_license(h.family, str(h.likely_license or ""), name, answered) for h in hints):
        return unread
    return []


def _settled_bases_said(facts: dict[str, Any], licenses: list[Licensed]) -> str:
    """Question 2's note on a settled unread base (settled_unread_bases): the copy was not checked, its terms are the
    declared license's, whose licensor that license names."""
    settled = settled_unread_bases(facts, licenses)
    if not settled:
        return ""
    own = [li.entry.id for li in licenses if li.via is None and not li.prose]
    return (f"; the declared base {settled[0]} could not be read, but its name is a release of the family whose "
            f"license is declared here ({', '.join(own)}), and that license names its licensor itself (question 1): "
            "the terms answered are the ones that bind it (the copy itself was not checked)")


def merge_declared_said(facts: dict[str, Any]) -> str:
    """How the card says the model is a merge ("tag 'merge'", "the card's prose (...), README line 12"), "" when it
    does not (facts card.merge, auditor/facts.py)."""
    merge = as_dict(as_dict(facts.get("card")).get("merge"))
    if not merge.get("declared"):
        return ""
    return f"{merge['declared']}, README line {merge['line']}" if merge.get("line") else str(merge["declared"])


def merge_components(facts: dict[str, Any]) -> list[str]:
    """The models a merge's tags name (facts card.merge_named) that the lineage did not read: a merge's weights are
    its components', so their terms bind it beside the declared license (Beyonder-4x7B-v2 declares the Microsoft
    Research License of one of its four components and no base_model)."""
    named = [str(m) for m in as_list(as_dict(facts.get("card")).get("merge_named"))]
    return [m for m in named if not _followed(facts, m)]


def _unread_bases_said(by_reason: dict[str, list[str]]) -> list[str]:
    """One phrase per reason for the bases named in base_model that could not be read: TheProfessor-155b merges four
    unread bases, and each answer repeated the same sentence four times, once per base (review pass 15)."""
    out = []
    for reason, shown in by_reason.items():
        one = len(shown) == 1
        out.append(f"base model{'' if one else 's'} {', '.join(shown)} could not be read ({reason}), so "
                   f"{'its' if one else 'their'} terms were not checked against the declared license and would bind a "
                   f"derivative (audit {'it' if one else 'them'} online, or add {'it' if one else 'them'} to a "
                   "catalog)")
    return out


def _unread_base(unread: dict[str, Any], answered: set[str], model_id: str) -> list[tuple[str, str]]:
    """A base named in base_model that could not be read (not in the offline catalog, not found, no owner): the
    verdict fails it (LIN002), and "commercial use allowed" read from the declared license alone would say more than
    was checked (ubergarm's Qwen3 GGUF declares MIT on Qwen/Qwen3-235B-A22B, unread). Empty for the publisher's own
    release of a family whose license is answered here (meta-llama/Meta-Llama-3-8B-Instruct under Llama 3: its terms
    are the ones answered)."""
    base = str(unread.get("id") or "")
    if not base or family_release(base, answered):
        return []
    who = owner_and_name(base)
    named_by = str(unread.get("named_by") or "")
    about = ([f"published by {who[0]}"] if who else []) + (
        [f"the base of {named_by}, an ancestor"] if named_by and named_by != model_id else [])
    shown = f"{base} ({'; '.join(about)})" if about else base
    return [(shown, str(unread.get("reason") or "unresolved"))]


def _prose_base_family(facts: dict[str, Any], answered: set[str]) -> str | None:
    """A base the card's prose names only by its family, without a Hub link or base_model (gpt4all-lora: GPL-3.0
    declared, "Finetuned from: LLaMA", the first LLaMA release's non-commercial research license): lineage never read
    it, so "commercial use allowed" from the declared license alone says more than the card supports. None when the
    metadata declares a base, the family's license is answered here, or the publisher is the family's own."""
    # lazy: start-up (the card's family table is only needed for a review)
    from auditor.card import PROSE_BASE_FAMILIES

    card = as_dict(facts.get("card"))
    stated = as_dict(card.get("base_family_stated"))
    row = next((r for r in PROSE_BASE_FAMILIES if r[0] == stated.get("family")), None)
    owner = (owner_and_name(str(as_dict(facts.get("model")).get("id") or "")) or ("", ""))[0].lower()
    if card.get("has_base_model") or row is None or owner in row[3] or (row[2] and _covered(row[2], answered)):
        return None
    terms = (f"whose license ({row[2]}) is not answered here and would bind a derivative" if row[2] else
             "whose license differs by release and would bind a derivative")
    return (f"the card's prose says the model was made from {stated.get('name')} (README line {stated.get('line')}, "
            f"the {row[0]} family), a base its metadata does not declare, {terms}; the audit did not check it (record "
            "the base as base_model, or audit it)")


def _top_ancestors(lineage: dict[str, Any]) -> list[str]:
    """The ancestors read whose own records name no further base (the top of each chain): Luna-AI-Llama2-Uncensored's
    GGUF declares Tap-M/Luna-AI-Llama2-Uncensored (CC-BY-SA-4.0), whose record names no base although its name says
    Llama 2; lineage stops there, and "commercial use: allowed" would be read from CC BY-SA alone."""
    ancestors = [as_dict(a) for a in as_list(lineage.get("ancestors"))]
    inner = {str(p) for a in ancestors for p in as_list(a.get("path"))[1:-1]}
    return [str(a.get("id")) for a in ancestors
            if a.get("id") and a.get("resolved") and a.get("state") == "known" and str(a.get("id")) not in inner]


def unestablished_bases(facts: dict[str, Any]) -> list[str]:
    """What leaves the terms of the model's base open (see _unestablished_bases), for the sections beside the
    questions (the exemption row of the regulatory status): a permissive own license is not the whole of them."""
    return _unestablished_bases(facts, licenses_of(facts))


def suspected_notices(facts: dict[str, Any]) -> list[str]:
    """The fixed notice each suspected base's license requires with every copy, as page one's ship action adds it
    when the report states the suspicion (s3nh's GGUF of a Llama 2 model: the Llama 2 "Notice" file of §1.b.iii,
    review 38 W1): "if the base is Llama-2, as its name suggests: the notice "..." (LicenseRef-Llama-2 §1.b.iii)".
    Only where the suspicion is said (a gap of _unestablished_bases) and the license fixes a notice text."""
    licenses = licenses_of(facts)
    if not _unestablished_bases(facts, licenses):
        return []
    out = []
    for family, licensed in _suspected_floors(facts, licenses):
        term = licensed.entry.term("attribution")
        notice = term.get("notice") if term is not None else None
        if not notice:
            continue
        where = f", {term.get('note')}" if term is not None and term.get("note") else ""
        clause = f" {term.clause}" if term is not None and term.clause else ""
        out.append(f'if the base is {family}, as its name suggests: the notice "{notice}"{where} '
                   f"({licensed.entry.id}{clause})")
    return out


def _prose_base_id(facts: dict[str, Any]) -> dict[str, Any] | None:
    """The card's base_stated (id, line) when the metadata declares no base and the prose names one other than the
    model itself; None otherwise."""
    card = as_dict(facts.get("card"))
    stated = as_dict(card.get("base_stated"))
    own = str(as_dict(facts.get("model")).get("id") or "").lower()
    if card.get("has_base_model") or not stated.get("id") or str(stated["id"]).lower() == own:
        return None
    return stated


def _followed(facts: dict[str, Any], base_id: str) -> bool:
    """Whether the lineage followed this base and read it (auditor/lineage/graph.py prose_base follows a base the
    prose names when nothing else names one): then its terms are in the answers like any base's. A base it could
    not read still leaves them unchecked, which the answers keep saying. A name the prose gives without its owner
    ("fine-tune checkpoint of distilbert-base-uncased") is followed as the full id the lineage resolved it to: the
    inferred direct base of that repository name (distilbert/distilbert-base-uncased); comparing the two ids as
    written said "its terms were not checked" of a base whose terms were in the answers."""
    wanted = base_id.lower()
    for ancestor in (as_dict(a) for a in as_list(as_dict(facts.get("lineage")).get("ancestors"))):
        found = str(ancestor.get("id") or "").lower()
        if not ancestor.get("resolved"):
            continue
        if found == wanted or ("/" not in wanted and ancestor.get("inferred") and ancestor.get("distance") == 1
                               and found.rpartition("/")[2] == wanted):
            return True
    return False


def _prose_family_base(facts: dict[str, Any], licenses: list[Licensed]) -> str | None:
    """What the license answer adds when the prose names a base that is its family's own release under a license
    answered here (QuantFactory's Meta-Llama-3-8B-Instruct-GGUF: llama3, "quantized version of
    meta-llama/Meta-Llama-3-8B-Instruct"): the base is said, and no gap is (its terms are the ones answered)."""
    stated = _prose_base_id(facts)
    family = family_release(str(stated["id"]), {li.entry.id for li in licenses}) if stated else None
    if stated is None or family is None:
        return None
    return (f"the card's prose names base model {stated['id']} (README line {stated.get('line')}), the publisher's "
            f"own {family} release, whose license is answered here (record it as base_model)")


def _prose_base(facts: dict[str, Any]) -> str | None:
    """A base model the card names only in its prose that the lineage did not follow (a statement facts recorded
    before lineage pass 7, or one the lineage could not take), so its terms were not checked against the declared
    license. None when the metadata declares a base, the prose names none, or the lineage followed it."""
    stated = _prose_base_id(facts)
    if stated is None or family_release(str(stated["id"]), {li.entry.id for li in licenses_of(facts)}):
        return None  # the base is the family's own release under a license answered here: its terms are read
    if _followed(facts, str(stated["id"])):
        return None  # the lineage read it: its terms are in the answers
    unread = any(str(as_dict(u).get("id") or "").lower() == str(stated["id"]).lower()
                 for u in as_list(as_dict(facts.get("lineage")).get("unresolved")))
    return (f"the card's prose names base model {stated['id']} (README line {stated.get('line')}), which its "
            f"metadata does not declare (no base_model){' and which could not be read' if unread else ''}, so its "
            "terms were not checked and would bind a derivative (record it as base_model, or audit it)")


def declared_unidentified(facts: dict[str, Any]) -> str | None:
    """A sentence when the card declares several licenses and only some were identified (DeciLM-6b: `license:
    [llama2, other]`, the other being Deci's extension of the Llama 2 terms): answering from the identified one
    alone would silently drop a license that binds the model too. None when every declared license is known."""
    lic = as_dict(facts.get("license"))
    if not as_list(lic.get("ids")) or lic.get("state") not in ("custom", "unknown"):
        return None
    names = [str(as_dict(e).get("value")) for e in as_list(lic.get("evidence"))
             if "front-matter.license" in str(as_dict(e).get("location"))
             and not str(as_dict(e).get("location")).endswith(_LICENSE_LINK)
             and not str(as_dict(e).get("detail") or "").startswith("canonical")]
    if not names:  # a license text in the repository (or another source) that was not identified
        return (f"a further license was found that the audit could not identify (state {lic.get('state')}), whose "
                "terms are unknown and bind the model too (read the repository's license files)")
    return (f"the card also declares {', '.join(dict.fromkeys(names))}, a license the audit could not identify (state "
            f"{lic.get('state')}), whose terms are unknown and bind the model too (read the card's license section "
            "or LICENSE file)")


def _note_unverifiable_bases(facts: dict[str, Any], licenses: list[Licensed],
                             found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """A base whose terms nobody established, or a declared license nobody identified, binds the model all the
    same: "commercial use allowed" and "no contact needed", read from the identified license alone, would be a
    conclusion the sources do not support. Those answers say why and are partial; a prohibition stands whatever
    the rest adds, and so does "nothing is granted" (no license). Where no license was identified at all (guanaco-65b:
    no license, "LLaMA" in its prose), the base is said too, and the answers stay unanswered."""
    settled = _settled_bases_said(facts, licenses)
    if settled and found["license"][2] != "unanswered":
        text, clauses, status = found["license"]
        found["license"] = (text + settled, clauses, status)
    gaps = _unestablished_bases(facts, licenses)
    if not gaps:
        return
    said = f"; but {'; '.join(gaps)}: ask the rights holder before relying on this"
    merged = merge_components(facts)
    if merged and found["licensor"][2] != "unanswered":
        text, clauses, _ = found["licensor"]
        found["licensor"] = (f"{text}; for the declared license only: the models merged into it ({', '.join(merged)}) "
                             "each have their own rights holders, who license their parts of the weights (not "
                             "checked)", clauses, "partial")
    text, clauses, _ = found["licensor"]
    unread = [b for b in _unread_model_bases(facts) if b not in merged and not _maker_named(facts, b, text)]
    if unread and found["licensor"][2] != "unanswered":
        many = len(unread) > 1
        found["licensor"] = (f"{text}; for the declared license only: the base model{'s' if many else ''} "
                             f"{', '.join(unread)} could not be read, and whoever made {'them' if many else 'it'} may "
                             "hold rights in the changes made to the weights, licensed on their own terms (not "
                             "checked)", clauses, "partial")
    _note_unread_named_base(facts, found, merged)
    floors = _suspected_floors(facts, licenses)
    beyond_own = _gaps_beyond_own(facts, licenses)
    for key in _BASE_BOUND_KEYS:
        text, clauses, status = found[key]
        if _stands_whatever_base(key, text):
            continue
        if key not in _GAP_SAID_IN_FULL and not beyond_own:
            continue  # only the publisher's own base is unread: it licenses the whole under the declared terms
        if key == "licensor" and (status != "answered" or "for the declared license only" in text):
            continue  # unanswered, or already says whose rights the declared license leaves out
        floor = _floor_said(key, floors)
        if key == "licensor" and not floor:
            continue  # who made an unread base is said above (_maker_named); only a suspected family's licensor adds
        if key in _GAP_SAID_IN_FULL:
            found[key] = (text + said + floor, clauses, "unanswered" if status == "unanswered" else "partial")
        elif status != "unanswered":  # said once in full under question 2; here a pointer and the known floor
            found[key] = (text + _GAP_POINTER + floor, clauses, "partial")


def _note_unread_named_base(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]],
                            merged: list[str]) -> None:
    """Question 1 where it names the rights holder of a base the audit could not read (a quantization's "the rights
    holder of the quantized base X"): that base's own lineage is unknown, so whoever made the model it was made from
    may hold rights too (bartowski's GGUF of deepseek-ai/DeepSeek-R1-0528-Qwen3-8B, itself a post-train of a Qwen3
    model; review 40 M5). Said, with the base's own bases where the lineage holds them, and partial, never answered
    beside question 2's "could not be read"."""
    text, clauses, status = found["licensor"]
    if status == "unanswered":
        return
    named = [b for b in _unread_model_bases(facts) if b not in merged and b.lower() in text.lower()]
    if not named or "could not be read" in text or "was not read" in text:  # said already (a maker's own base)
        return
    further = [str(a.get("id")) for a in lineage_ancestors(facts)
               if isinstance(a.get("distance"), int) and a["distance"] >= 2 and a.get("id")]
    own = (f" (the lineage names {', '.join(dict.fromkeys(further))} further up)" if further
           else " (its own base is not known to this audit)")
    many = len(named) > 1
    was = "they were themselves" if many else "it was itself"
    found["licensor"] = (f"{text}; but {', '.join(named)} could not be read, so whether {was} made from another's "
                         f"model{own}, whose maker would hold rights in the weights too, is not established (question "
                         "2)", clauses, "partial")


def card_prose_on_unread_base(facts: dict[str, Any]) -> str | None:
    """What the card's own prose says of the weights' license and origin when the declared base could not be read
    and the prose names another license than the metadata: "; the card's own prose ..." with README lines, or None.
    unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF declares llama3.1 on an unread base, while its README says the
    weights are licensed under the MIT License (line 314) and derived from Llama-3.1-8B (line 317): the answers
    asked the reviewer to "ask the rights holder" and were silent on it. Evidence beside the metadata, never in
    its place: the answers stay partial and the metadata's license is still the one judged."""
    unread = _unread_model_bases(facts)
    card = as_dict(facts.get("card"))
    stated = as_dict(card.get("license_stated"))
    own = set(_own_ids(facts))
    if not unread or not stated.get("name") or not own:
        return None
    named = [e.id for e in _entries_named(str(stated["name"]))]
    if named and set(named) <= own:
        return None  # the prose agrees with the metadata: nothing to add
    shown = f"{stated['name']}" + (f" ({', '.join(named)})" if named and named != [stated["name"]] else "")
    link = f", linked to {stated['link']}" if stated.get("link") else ""
    own_line = named_license_for_model(facts, unread)
    if own_line is not None:  # the card names this very model's license beside its general statement
        line_ids = [e.id for e in _entries_named(str(own_line["license"]))]
        agrees = bool(line_ids) and set(line_ids) <= own
        return (f"; the card's prose states {shown} for the release as a whole (README line {stated.get('line')}"
                f"{link}), and README line {own_line.get('line')} gives {own_line['name']}, whose weights these "
                f"are, \"{own_line['license']}\"" + (f" ({', '.join(line_ids)})" if line_ids else "")
                + (": the license the metadata declares, so the card agrees with it for this model" if agrees else
                   f", where the metadata declares {', '.join(sorted(own))}: the publisher's word beside the "
                   "metadata, not in its place (for legal to weigh)"))
    base = as_dict(card.get("base_stated"))
    origin = (f", and names {base['id']} (README line {base.get('line')}) as what they were made from"
              if base.get("id") and str(base["id"]) not in unread else "")
    return (f"; the card's own prose states the weights' license as {shown} (README line {stated.get('line')}"
            f"{link}){origin}, where the metadata declares {', '.join(sorted(own))}: the publisher's word beside "
            f"the metadata, not in its place; the unread base {', '.join(unread)} would settle which terms its maker "
            "set (for legal to weigh)")


def _note_card_prose_on_unread_base(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]
                                    ) -> None:
    """Questions 1, 2, 4, 9 and 27 carry card_prose_on_unread_base, partial (never answered on the prose alone),
    unless the card's line for this very model agrees with the metadata: then it is said once, under question 2,
    and settles nothing the other caveats leave open (review 38 M3, L3: the same sentence five times)."""
    said = card_prose_on_unread_base(facts)
    if said is None:
        return
    if said.endswith(_CARD_AGREES):
        text, clauses, status = found["license"]
        if status != "unanswered":
            found["license"] = (text + said, clauses, status)
        return
    for key in ("licensor", "license", "commercial", "derivatives", "contact"):
        text, clauses, status = found[key]
        if status != "unanswered":
            found[key] = (text + said, clauses, "partial")


_CARD_AGREES = "so the card agrees with it for this model"
# a repository name's format or quantization tail: the weights of "X-GGUF" are X's
_FORMAT_TAIL = lazy_compile(r"(?i)(?:[-_.](?:gguf|ggml|gptq|awq|exl2|mlx|onnx|hqq|imatrix|i?q\d\w{0,8}|int[48]|"
                          r"[48]-?bits?|bnb|fp(?:16|8)|bf16|quantized|unsloth))+$")


def named_license_for_model(facts: dict[str, Any], bases: Iterable[str] = ()) -> dict[str, Any] | None:
    """The card's line that names this model, or the unread base whose weights it holds, among some models of a
    release it gives a license of their own (facts card.named_license_stated): {license, line, name, link}, or
    None. A name matches the repository name without its format tail ("DeepSeek-R1-Distill-Llama-8B" for
    unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF), letter case aside; a longer or shorter name is another model."""
    wanted = set()
    for repo in (str(as_dict(facts.get("model")).get("id") or ""), *bases):
        name = repo.rsplit("/", 1)[-1]
        wanted |= {name.lower(), _FORMAT_TAIL.sub("", name).lower()}
    wanted.discard("")
    for item in (as_dict(x) for x in as_list(as_dict(facts.get("card")).get("named_license_stated"))):
        hit = next((str(n) for n in as_list(item.get("names")) if str(n).lower() in wanted), None)
        if hit and item.get("license"):
            return {"license": str(item["license"]), "line": item.get("line"), "name": hit, "link": item.get("link")}
    return None


def _unread_model_bases(facts: dict[str, Any]) -> list[str]:
    """The bases (models, not datasets) the lineage names and could not read: their makers' rights in the weights
    are not known, so question 1 cannot name the licensor in full (zephyr-7b-gemma-v0.1 on an unread SFT model,
    TheProfessor-155b's four unread parts: "Google LLC" and "Meta" alone named only the license's licensor)."""
    lineage = as_dict(facts.get("lineage"))
    return list(dict.fromkeys(str(as_dict(u).get("id")) for u in as_list(lineage.get("unresolved"))
                              if as_dict(u).get("kind") != "dataset" and as_dict(u).get("id")))


def _maker_named(facts: dict[str, Any], base: str, licensor: str) -> bool:
    """Whether question 1 already names who made an unread base: the base is the publisher's own (same owner),
    the answer names the base itself (a quantization's "rights holder of the quantized base X"), or the base's owner
    is the license's licensor ("meta-llama" and "Meta Platforms", "mistralai" and "Mistral AI")."""
    owner = base.split("/", 1)[0] if "/" in base else ""
    model = str(as_dict(facts.get("model")).get("id") or "")
    if not owner or owner.lower() == model.split("/", 1)[0].lower() or base.lower() in licensor.lower():
        return True
    if owner.lower() in _license_family_owners(facts):
        return True
    # the whole owner, not a part of it: "mistralai" is Mistral AI, but "meta-math" is not Meta, "the-bloke" not
    # The Apache Software Foundation, "open-orca" not OpenAI, "mistral-community" not Mistral AI
    whole = re.sub(r"[^a-z0-9]", "", owner.lower())
    return len(whole) >= 3 and re.sub(r"[^a-z0-9]", "", licensor.lower()).startswith(whole)


def _license_family_owners(facts: dict[str, Any]) -> set[str]:
    """The Hub namespaces of the maker of a license family this model or its lineage carries ("meta-llama",
    "facebook" and "codellama" for the Llama 2 license): a base of theirs is the licensor's. Which license is whose
    family comes from auditor/card.py PROSE_BASE_FAMILIES; which namespaces are that maker's comes from the makers
    table (auditor/makers.py, the one source), so a community re-uploader a family row lists is never the maker."""
    # lazy: auditor.card is large and only this answer and the family checks above read its family table
    from auditor.card import PROSE_BASE_FAMILIES

    lic = as_dict(facts.get("license"))
    ids = {str(i) for i in as_list(lic.get("ids"))}
    ids.update(str(a.get("license")) for a in lineage_ancestors(facts) if a.get("license"))
    return {org for _, _, family_license, owners in PROSE_BASE_FAMILIES if family_license in ids
            for owner in owners for org in namespaces_of(owner)}


# the license answers a base's terms would change (questions 1, 2, 4-7, 9, 10, 12, 14, 16, 19-21 and 27): one set
# for every path that says a base's terms are not known (a base nobody read, one a name suggests, a prose nobody
# read), so "no indemnity" or "no governing law" is never left standing as the model's answer by one path while
# another marks it partial (review 38 W1: s3nh's GGUF of a Llama 2 model, "no venue" answered beside "its name
# suggests Llama-2")
_BASE_BOUND_KEYS = ("licensor", "license", "commercial", "threshold", "aup", "attribution", "derivatives", "carry",
                    "outputs", "export", "termination", "indemnity", "law", "venue", "contact")
# the answers that carry the unestablished-base sentence in full; the rest point at question 2 (said once)
_GAP_SAID_IN_FULL = ("license", "commercial", "threshold", "derivatives", "contact")
_GAP_POINTER = "; but a base whose terms are not established may set this too (question 2)"


def _same_publisher(base_id: str, model_id: str) -> bool:
    """Whether a base is the publisher's own: the same Hub owner, two namespaces of one recorded maker, or one
    organisation renamed (Qwen/Qwen2.5-72B under Qwen/Qwen2.5-72B-Instruct, CompVis's v1-2 under its v1-4)."""
    # lazy: the renames table is read only for a review with an unread base
    from auditor.sources.org_renames import renames_between

    a, b = owner_and_name(base_id), owner_and_name(model_id)
    if a is None or b is None:
        return False
    return a[0].lower() == b[0].lower() or bool(namespaces_of(a[0]) & {b[0].lower()}) \
        or bool(renames_between(a[0], b[0]))


def _gaps_beyond_own(facts: dict[str, Any], licenses: list[Licensed]) -> bool:
    """Whether something other than the publisher's own unread base leaves the terms open. The publisher licenses
    the whole of its own release, its own base's weights in it too, under the terms it declares: its notice, law,
    venue and indemnity are those (its base unread still leaves questions 2, 4, 5, 9 and 27 open, which say so).
    A third party's base, a suspected family or a merge may set them (review 38 W1)."""
    model = str(as_dict(facts.get("model")).get("id") or "")
    lineage = dict(as_dict(facts.get("lineage")))
    lineage["unresolved"] = [u for u in as_list(lineage.get("unresolved"))
                             if not _same_publisher(str(as_dict(u).get("id") or ""), model)
                             and not _card_names_declared(facts, str(as_dict(u).get("id") or ""))]
    card = dict(as_dict(facts.get("card")))
    if _same_publisher(str(as_dict(card.get("base_stated")).get("id") or ""), model):
        card.pop("base_stated", None)
    return bool(_unestablished_bases({**facts, "lineage": lineage, "card": card}, licenses))


def _card_names_declared(facts: dict[str, Any], base: str) -> bool:
    """Whether the card's line for this model's weights (named_license_for_model: "Foo-Distill-Llama-8B ... is
    licensed under llama3.1 license") gives them the license the metadata declares: the publisher states the
    unread base's terms, so its notice, law and venue are the declared license's (review 38 M3)."""
    if not base:
        return False
    line = named_license_for_model(facts, [base])
    own = set(_own_ids(facts))
    ids = {e.id for e in _entries_named(str(line["license"]))} if line else set()
    return bool(ids) and ids <= own


def _stands_whatever_base(key: str, text: str) -> bool:
    """Whether an answer holds whatever a base adds: a prohibition of commercial use, derivatives that may not be
    shared, nothing granted, no license at all."""
    if key in ("commercial", "threshold") and ("prohibited" in text or "not allowed" in text):
        return True
    return text.startswith((_DERIVATIVES["prohibited"], "not granted", "not applicable: no license"))


def _suspected_floors(facts: dict[str, Any], licenses: list[Licensed]) -> list[tuple[str, Licensed]]:
    """(family, KB license) for each family a name suggests (an unread base's, the model's own, a top ancestor's)
    whose usual license is one knowledge-base entry not answered here: its terms are the floor that would bind if
    the suspicion holds (issue 19: an ancestor's terms are a floor). A hint naming several versions ("Llama-3 (or
    3.1/3.2/3.3)") gives no floor: which text's notice, law or venue would bind is not known."""
    lineage = as_dict(facts.get("lineage"))
    answered = {li.entry.id for li in licenses}
    hints: list[tuple[str, str]] = []
    for unread in (as_dict(x) for x in as_list(lineage.get("unresolved")) if as_dict(x).get("kind") != "dataset"):
        hints.extend(_foreign_family(str(unread.get("id") or ""), answered))
    for top in _top_ancestors(lineage):
        hints.extend(_foreign_family(top, answered))
    hints.extend((str(h.get("family") or ""), str(h.get("likely_license") or ""))
                 for h in (as_dict(x) for x in as_list(lineage.get("suspected"))))
    kb = load_kb()
    out: list[tuple[str, Licensed]] = []
    for family, likely in hints:
        entry = kb.get(likely) if likely and " " not in likely else None
        if entry is not None and entry.id not in answered and entry.id not in {li.entry.id for _, li in out}:
            out.append((family or entry.id, Licensed(entry)))
    return out


def _floor_said(key: str, floors: list[tuple[str, Licensed]]) -> str:
    """What the suspected base's license would add to one answer: "; if the base is Llama-2, as its name suggests,
    LicenseRef-Llama-2 would bind too: <its answer> (clause)", or "" when no floor is known or it says nothing."""
    if not floors or key in ("license",):
        return ""
    parts = []
    for family, licensed in floors:
        text, clauses, status = _floor_answers(licensed.entry.id)[key]
        if status == "unanswered":
            continue
        cited = f" ({'; '.join(c for c in clauses if c)})" if any(clauses) else ""
        parts.append(f"; if the base is {family}, as its name suggests, {licensed.entry.id} would bind too: "
                     f"{text}{cited}")
    return "".join(parts)


@cache
def _floor_answers(license_id: str) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """A KB license's own answers, with no model's facts (no policy figures, no card): the terms as the text sets
    them, which is what a suspected base's license adds whatever the model is."""
    entry = load_kb().get(license_id)
    return _license_answers({}, [Licensed(entry)]) if entry is not None else {}
# what the card's prose yields about lineage: any of these set means the prose (or a transcription of it) was read
_PROSE_LINEAGE_KEYS = ("base_stated", "base_family_stated", "architecture_stated")


def prose_unread_caveat(facts: dict[str, Any], licenses: list[Licensed]) -> str | None:
    """The caveat for a card recorded by its front matter only (a catalog record transcribed from a copy, an API
    answer's cardData) that declares no base: its prose, which is where merges and fine-tunes often say what they
    were made from (lzlv_70b: "a multi-model merge of several LLaMA2 70B finetunes", review pass 31 W1), was not
    read, so answering from the declared license alone would present it as the only terms. None when the prose was
    read, a base is known, or the publisher is itself the maker the license or a base family names (meta-llama under
    a Llama license, Qwen, NVIDIA under its own license): their own release is no one's derivative by that license."""
    card = as_dict(facts.get("card"))
    lineage = as_dict(facts.get("lineage"))
    if not licenses or card.get("present") is not True or card.get("body_length") is not None:
        return None
    if card.get("has_base_model") or lineage.get("ancestors") or lineage.get("unresolved"):
        return None
    merge = as_dict(card.get("merge"))
    if any(card.get(k) for k in _PROSE_LINEAGE_KEYS) or merge.get("declared") or as_list(merge.get("parts")) \
            or as_list(card.get("prose_bases")):
        return None
    if _publisher_is_maker(facts, licenses) or _declared_own_origin(facts):
        return None  # the maker's own release, or the publisher's MOF declaration names no other origin (pythia)
    if community_upload(str(as_dict(facts.get("model")).get("id") or "")) is not None:
        return None  # a community organisation's re-upload of the maker's release: question 1 names whose it is
    return ("; but the card's prose was not read (the record holds its front matter only) and it declares no base "
            "model, so a base model's terms may bind as well as the declared license (audit online, or read the "
            "card)")


def _declared_own_origin(facts: dict[str, Any]) -> bool:
    """Whether the publisher's Model Openness Framework declaration names no other model as the release's origin:
    none, the release itself or its family ("OLMo" for OLMo-7B-hf, "MPT-30B", "GPT" for gpt-j-6b), or a license
    written in the origin field ("Apache-2.0" for Yi-1.5). A named other model (a fine-tune's "Mistral") is not."""
    openness = as_dict(facts.get("openness"))
    if not openness.get("mof_declared"):
        return False
    origin = str(openness.get("mof_origin") or "")
    if not origin or _entries_named(origin):
        return True
    squash = re.sub(r"[^a-z0-9]", "", origin.lower())
    name = re.sub(r"[^a-z0-9]", "", str(as_dict(facts.get("model")).get("id") or "").rsplit("/", 1)[-1].lower())
    return bool(squash) and squash in name


def _publisher_is_maker(facts: dict[str, Any], licenses: list[Licensed]) -> bool:
    """Whether the publisher is a recorded model maker (auditor/makers.py: meta-llama, Qwen, nvidia; never a
    namespace the table records as a mirror or community re-uploader, such as mistral-community or google-bert) or
    the licensor the declared license's own text names (nvidia and "NVIDIA Corporation")."""
    model = str(as_dict(facts.get("model")).get("id") or "")
    owner = model.split("/", 1)[0].lower() if "/" in model else ""
    if not owner:
        return False
    if maker_of(owner) is not None:
        return True
    whole = re.sub(r"[^a-z0-9]", "", owner)
    for li in licenses:
        if li.via or not _licensor_named_by_text(li.entry.id):
            continue
        named = re.sub(r"[^a-z0-9]", "", str(_fact(li, "licensor").get("value") or "").lower())
        if len(whole) >= 3 and named.startswith(whole):
            return True
    return False


def _note_prose_unread(facts: dict[str, Any], licenses: list[Licensed],
                       found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Questions 1, 2, 6, 7, 10, 12, 14, 16, 19-21 and 27 carry prose_unread_caveat and are partial (the pattern of
    the unresolved-base caveat): "no indemnity", "no governing law" are the declared license's answers, not the
    model's, while a base nobody read may set them."""
    said = prose_unread_caveat(facts, licenses)
    if said is None:
        return
    for key in _BASE_BOUND_KEYS:
        text, clauses, status = found[key]
        if status != "unanswered" and said not in text and not _stands_whatever_base(key, text):
            found[key] = (text + said, clauses, "partial")


# the answers on use that a card's prose can narrow (a research-only release, an out-of-scope section): said unknown
# where the prose was not read, whoever the publisher is
_USE_KEYS = ("commercial", "aup")
PROSE_UNREAD_USE = ("; the card's prose was not read (the record holds its front matter only), so a use restriction "
                    "or research-only statement it may make is not known (read the card)")


def _note_prose_unread_use(facts: dict[str, Any], licenses: list[Licensed],
                           found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Questions 4 and 6 for a card recorded by its front matter only, whoever published it: the prose is where a
    publisher says "released for research purposes only" or lists out-of-scope uses (phi-1_5), so "allowed" and "no
    acceptable-use policy" are the license's answers, not the model's. glm-4-9b-chat carried the unread-prose caveat
    and phi-1_5, with the same kind of record, did not (its publisher is a known maker, so no base caveat; review 40
    M6): this caveat is about the card's own words, not a base, and is said for every record of the kind glm-4's is
    (front matter only, no base known), whoever the publisher. A record whose lineage holds a base is answered from
    the lineage's terms, as before (left for a later pass: its prose may narrow use as well)."""
    card = as_dict(facts.get("card"))
    lineage = as_dict(facts.get("lineage"))
    if not licenses or card.get("present") is not True or card.get("body_length") is not None:
        return
    if card.get("has_base_model") or lineage.get("ancestors") or lineage.get("unresolved"):
        return
    for key in _USE_KEYS:
        text, clauses, status = found[key]
        if status == "unanswered" or "prose was not read" in text or _stands_whatever_base(key, text):
            continue
        found[key] = (text + PROSE_UNREAD_USE, clauses, "partial")


def card_use_restrictions_said(facts: dict[str, Any]) -> str | None:
    """What the publisher's card rules out, as question 6 says it beside a license that sets no use policy
    (FLUX.1-schnell under Apache-2.0: "Out-of-Scope Use", eight purposes the model and its derivatives "may not be
    used" for; review pass 31 W2), or None when the card states none or its prose was not read."""
    stated = as_dict(as_dict(facts.get("card")).get("use_restrictions_stated"))
    if not stated.get("title"):
        return None
    items = int(stated.get("items") or 0)
    where = f"README line {stated.get('line')}, \"{stated['title']}\""
    said = str(stated.get("said") or "")
    if said and not items and not stated.get("prohibits"):  # prose only (review 40 W1): its words, not a count
        return (f"the publisher's card states out-of-scope uses under \"{stated['title']}\" (README line "
                f"{stated.get('line')}: \"{plain(said)}\"): the card's stated scope, not a term of the license; "
                "whether it binds beside the license is for legal")
    if stated.get("prohibits"):
        what = f"lists {items} prohibited use{'s' if items != 1 else ''}" if items else "states prohibited uses"
    else:
        what = f"lists {items} use{'s' if items != 1 else ''} it calls out of scope"
    return f"the publisher's card {what} ({where}); whether they bind beside the license is for legal"


def _note_card_use_restrictions(found: dict[str, tuple[str, tuple[str, ...], str]], facts: dict[str, Any]) -> None:
    """Question 6 where the license sets no use policy and the card lists uses it rules out: "no use restrictions"
    would be the license's answer, not the model's. The card's list is said with its line, and the answer is partial
    (whether a card's words bind beside the license is for legal)."""
    said = card_use_restrictions_said(facts)
    text, clauses, status = found["aup"]
    if said is None or status == "unanswered":
        return
    if "no acceptable-use policy" not in text:
        # the license restricts use and the card states more (Skywork's declaration: no internet service without
        # security review and filing, review 38 M6): said beside the license's list, which still answers
        if "prohibited" in said:
            found["aup"] = (f"{text}; besides, {said}", clauses, status)
        return
    found["aup"] = (f"{text} (so says the license); but {said}", clauses, "partial")


def card_use_scope_said(facts: dict[str, Any]) -> tuple[str, bool] | None:
    """What the card's prose says of the model's scope of use (auditor/card_use_scope.py), with its words and line,
    and whether it is a restriction (research only, no commercial use: rule CRD005) rather than an intent ("intended
    for research purposes", which no rule reads as a condition); None when the prose says neither or was not read."""
    stated = as_dict(as_dict(facts.get("card")).get("use_scope_stated"))
    scope = str(stated.get("scope") or "")
    if not scope:
        return None
    where = f"\"{plain(str(stated.get('words') or ''))}\", README line {stated.get('line')}"
    if scope.endswith("-intended"):
        return (f"the card states an intended use of {scope.removesuffix('-intended').replace('-', ' ')} "
                f"({where}): the card's stated intent, not a term of the license; the license, not the card, "
                "governs use", False)
    return (f"the publisher's card says {scope.replace('-', ' ')} ({where}), beyond what its license says (rule "
            "CRD005): which of the two binds is for legal; get the publisher's written permission for commercial "
            "use, or use the model only as the card allows", True)


def _note_card_use_scope(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Questions 4 and 6 beside a card whose prose limits use to research or rules out commercial use while the
    license allows it (BELLE-7B-2M: apache-2.0 declared, research only in the prose; rule CRD005): "commercial use
    allowed" and "no acceptable-use policy" would be the license's answers alone. They cite the card's words and are
    partial; a license that already prohibits commercial use says more. An intent only ("intended for research
    purposes") is said beside question 4 and changes no status."""
    said = card_use_scope_said(facts)
    if said is None:
        return
    words, restricts = said
    if as_dict(as_dict(facts.get("terms")).get("commercial_use")).get("value") == "prohibited":
        return  # the license already rules commercial use out: the card's words add no restriction (no CRD005)
    text, clauses, status = found["commercial"]
    if (status != "unanswered" or not restricts) and words not in text \
            and not ("prohibited" in text or "not allowed" in text):
        found["commercial"] = (f"{text}; but {words}" if restricts else f"{text}; {words}", clauses,
                               "partial" if restricts else status)
    if not restricts:
        return
    text, clauses, status = found["aup"]
    if status != "unanswered" and words not in text:
        found["aup"] = (f"{text}; and {words}", clauses, "partial")


def card_trademark_said(facts: dict[str, Any]) -> str | None:
    """The card's "Trademarks" section as question 8 quotes it (auditor/card_trademark.py), None when it has none or
    its prose was not read."""
    stated = as_dict(as_dict(facts.get("card")).get("trademark_stated"))
    if not stated.get("text"):
        return None
    return (f"the card's Trademarks section says: \"{plain(str(stated['text']))}\" (README line {stated.get('line')}): "
            "the license grants no trademark rights, so how a derivative or product may use the publisher's names "
            "and logos is governed by that statement and trademark law")


def _note_card_trademark(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Question 8 beside a card with a "Trademarks" section (Phi-3's "must not cause confusion or imply Microsoft
    sponsorship", review pass 33 P9): "no naming duty" was the license's answer alone (MIT), while the publisher's
    card says how its names and logos may be used. The statement is quoted with its line; the status is the
    license's (the card adds a duty to follow, not an unknown)."""
    said = card_trademark_said(facts)
    if said is None:
        return
    text, clauses, status = found["naming"]
    found["naming"] = (f"{text}; {said}", clauses, status)


def _note_unknown_own_terms(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """When the publisher's own license is not identified (mlabonne's Meta-Llama-3-120B-Instruct, THUDM's
    cogvlm2-llama3-caption: `license: other` on a Llama 3 base), the inherited licenses answer as a floor; but
    "commercial use: conditional, under the monthly-user test" would say more than the floor can: the publisher's
    own terms may forbid or condition commercial use. Those answers say so and are partial; a prohibition stands."""
    lic = as_dict(facts.get("license"))
    if own_terms_unknown(facts) is None or _prose_named(facts) or lic.get("state") == "none":
        return  # a known own license, one the prose names, or none declared (the inherited ones are all there is)
    written = ", ".join(str(x) for x in as_list(lic.get("declared_raw"))) or "nothing"
    said = (f"; but these are the inherited licenses only: the publisher's own license (declared: {written}"
            f"{_prose_unheld(facts)}) is not identified, and its terms may add to them (read it, or ask the publisher)")
    for key in ("commercial", "threshold", "contact"):
        text, clauses, status = found[key]
        if key in ("commercial", "threshold") and ("prohibited" in text or "not allowed" in text):
            continue  # a prohibition stands whatever the publisher's own terms add
        if said not in text:
            found[key] = (text + said, clauses, "unanswered" if status == "unanswered" else "partial")


def _note_restricted_data(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Training data under non-commercial terms beside a model license that allows commercial use: question 4 and
    question 27 say so (pointing to question 25), so "allowed" and "no separate license needed" never stand
    alone above a question 25 that lists a CC BY-NC dataset. A prohibition already says more."""
    nc = [as_dict(r) for r in as_list(facts.get("data_risks")) if as_dict(r).get("risk") == "noncommercial"]
    if not nc:
        return
    named = ", ".join(dict.fromkeys(f"{r.get('dataset')} ({r.get('license')})" for r in nc))
    notes = {"commercial": f"; but the training data include {named} under non-commercial terms (question 25): "
                           "whether those terms reach the model is for legal to assess",
             "contact": f"; and, if legal finds the non-commercial terms of {named} reach the model, the rights "
                        "holders of those datasets (question 25)"}
    for key, said in notes.items():
        text, clauses, status = found[key]
        if "prohibited" in text.split(";")[0] and key == "commercial":
            continue
        found[key] = (text + said, clauses, status)


# strictest first: where several licenses bind the model together, the first of these any of them holds governs
_STRICTNESS = {
    "commercial": ("commercial_use", ("prohibited", "conditional", "allowed"), "commercial use"),
    "derivatives": ("derivatives", ("prohibited", "same-terms", "allowed"), "derivatives"),
    "outputs": ("output_training", ("prohibited", "restricted", "allowed"), "training other models on outputs"),
}


_LEAD_WORDS = {"same-terms": "share-alike (allowed, under the same license only)",
               "prohibited": "prohibited"}


def listed_licenses(facts: dict[str, Any]) -> list[str]:
    """The licenses a card's `license:` list names, as written, when they differ (the resolver's license-list
    conflict); empty for a single license or an expression the card wrote with AND or OR itself."""
    for conflict in as_list(as_dict(facts.get("license")).get("conflicts")):
        conflict = as_dict(conflict)
        if conflict.get("kind") == "license-list":
            return list(dict.fromkeys(str(as_dict(e).get("value")) for e in as_list(conflict.get("evidence"))
                                      if as_dict(e).get("value")))
    return []


def _note_license_list(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """A `license:` list on a card has no AND/OR meaning on the Hub: JujoHotaru/lora lists mit and openrail, which
    may mean both bind the weights, either may be taken, or each covers different files. The audit reads the list
    together (the stricter reading: every condition of each, the strictest verdict), and question 2 says so and is
    partial: "MIT; OpenRAIL" answered in full claimed both terms apply as cleanly as a written "MIT AND ..."."""
    listed = listed_licenses(facts)
    text, clauses, status = found["license"]
    if not listed or status == "unanswered":
        return
    found["license"] = (f"{text}; but the card lists {', '.join(listed)} without saying whether all of them apply, "
                        "one may be chosen, or each covers different files (a license list has no AND or OR meaning "
                        "on the Hub): the audit reads them as applying together, the stricter reading, in every "
                        "answer and finding; ask the publisher which it means", clauses, "partial")


def _note_combined(facts: dict[str, Any], licenses: list[Licensed],
                   found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Where several licenses bind the model together (an expression's AND, or an ancestor's license beside the
    model's own) and their terms differ, question 4, 9 and 12 lead with the strictest, which governs: "Apache-2.0:
    allowed; CC-BY-NC-4.0: prohibited" read alone leaves the reviewer to combine them. An OR choice says that the
    terms of the license chosen apply instead."""
    lic = as_dict(facts.get("license"))
    expression = _bare(str(lic.get("effective") or lic.get("expression") or ""))
    taken = [f"{c.get('expression')}: the organisation can take {c.get('take')}" for c in license_choices(facts)]
    # a choice the facts record: the licenses answered are those taken (they bind together, strictest first); a
    # choice the audit could not settle (operands alike for the policy) is said as one
    choice = not taken and " OR " in expression and " AND " not in expression and not any(li.via for li in licenses)
    _lead_strictest(licenses, found, expression, choice)
    for key in _STRICTNESS if taken else ():
        text, clauses, status = found[key]
        found[key] = (f"a choice ({'; '.join(taken)}, and must record it: question 2); {text}", clauses, status)


def _lead_strictest(licenses: list[Licensed], found: dict[str, tuple[str, tuple[str, ...], str]], expression: str,
                    choice: bool) -> None:
    """Questions 4, 9 and 12 led by the strictest value of the licenses answered (see _note_combined)."""
    for key, (name, order, what) in _STRICTNESS.items():
        values = {li.entry.id: term.value for li in licenses if (term := _term(li, name)) is not None}
        if len(licenses) < 2 or len(set(values.values())) < 2 or not set(values.values()) <= set(order):
            continue
        text, clauses, status = found[key]
        strictest = min(values.values(), key=order.index)
        by = ", ".join(i for i, v in values.items() if v == strictest)
        # the KB's codes said as words: "same-terms under LicenseRef-FLUX..." led FLUX.1-merged's question 9
        shown = _LEAD_WORDS.get(strictest, strictest)
        if choice:
            # the findings and page one read the licenses together (the strictest): say so, or Q4 contradicts them
            each = " or ".join(_LEAD_WORDS.get(v, v) for v in sorted(set(values.values()), key=order.index))
            lead = (f"a choice ({expression}): the terms of the license chosen apply, {what} {each} by license; "
                    f"neither is better for this policy, so the findings and page one read the strictest, {shown} "
                    f"under {by}")
        else:
            lead = (f"{shown} under {by}, the strictest of the licenses answered here, which governs {what} where "
                    "they bind the model together")
        found[key] = (f"{lead}; {text}", clauses, status)


def _publisher(facts: dict[str, Any]) -> str:
    """Who published the repository (the Hub owner in its id), said beside the licensor: a re-upload or a
    derivative is often published by someone other than the licensor, and a reviewer needs both names."""
    split = owner_and_name(str(as_dict(facts.get("model")).get("id") or ""))
    return f"; the repository is published on the Hub by {split[0]}" if split else ""


def _bare_url(url: str) -> str:
    return re.sub(r"^https?://(?:www\.)?", "", url.strip()).rstrip("/").lower()


def gate_terms(facts: dict[str, Any], licenses: list[Licensed]) -> list[str]:
    """The texts the access form asks to accept (card.gate_terms) other than the licenses answered (their reference
    texts, use policies) and the card's license_link, each as "text (url)": bartowski's aya-expanse GGUF declares
    cc-by-nc-4.0 while its form asks agreement to Cohere's "License Agreement", which adds an acceptable-use policy
    the CC text does not have; "no acceptable-use policy" read from CC BY-NC alone would be wrong."""
    known = {_bare_url(u) for li in licenses for u in (li.entry.url, _aup_url(li)) if u}
    link = card_license_link(facts)
    if link and "://" in link:
        known.add(_bare_url(link))
    out = []
    for item in (as_dict(x) for x in as_list(as_dict(facts.get("card")).get("gate_terms"))):
        url = str(item.get("url") or "")
        if url and _bare_url(url) not in known:
            out.append(f"\"{item.get('text')}\" ({url})")
    return list(dict.fromkeys(out))


def _aup_url(licensed: Licensed) -> str | None:
    term = _term(licensed, "use_restrictions")
    return str(term.get("url")) if term is not None and term.get("url") else None


def _note_gate_terms(facts: dict[str, Any], licenses: list[Licensed],
                     found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Questions 2 and 6 when the access form asks acceptance of a text the answers did not read (see gate_terms):
    it may add terms, a use policy among them, so both say so and are partial."""
    extra = gate_terms(facts, licenses)
    if not extra:
        return
    said = (f"; but the Hub's access form asks acceptance of {', '.join(extra)}, a text other than the license's own, "
            "which the audit did not read and which may add terms (a use policy among them): read it")
    for key in ("license", "aup"):
        text, clauses, status = found[key]
        found[key] = (text + said, clauses, "unanswered" if status == "unanswered" else "partial")


_SAYS_WEIGHTS = re.compile(r"\b(?:models?|weights|checkpoints?|parameters)\b", re.IGNORECASE)


def _code_license_note(facts: dict[str, Any], declared: list[str]) -> tuple[str, bool] | None:
    """What question 2 says of the licenses the card's prose gives the code (facts card.code_license_stated), and
    whether it leaves the weights' license open: a code license that is the declared one, with no sentence of the
    prose saying the model is under it too, may be the code's alone."""
    # lazy: the license-name reader is the openness module's, asked only when a card names a code license
    from auditor.openness.normalise import normalise_license

    card = as_dict(facts.get("card"))
    stated = [as_dict(s) for s in as_list(card.get("code_license_stated")) if as_dict(s).get("name")]
    if not stated:
        return None
    whole = as_dict(card.get("license_stated"))
    whole_text = str(whole.get("name") or "")
    notes, open_ = [], False
    for st in stated:
        name, where = str(st["name"]), f"README line {st.get('line')}"
        ids = set(normalise_license(name).ids)
        if ids & set(declared):
            if "model" in as_list(st.get("roles")) or (_SAYS_WEIGHTS.search(whole_text)
                                                       and name.lower() in whole_text.lower()):
                also = (f"; README line {whole.get('line')}" if whole.get("line") not in (None, st.get("line"))
                        and "model" not in as_list(st.get("roles")) else "")
                notes.append(f"the card says the code and the model are both under {name} ({where}{also})")
            else:
                open_ = True
                notes.append(f"the card gives {name} as the license of its code ({where}) and says nothing the audit "
                             f"read of the weights' license: whether the declared {', '.join(sorted(ids))} covers "
                             "the weights too, or only the code, is for the repository's LICENSE files or the "
                             "publisher")
        else:
            notes.append(f"the card gives {name} as the license of its code ({where}), apart from the declared "
                         f"{', '.join(declared)}, which is the model's")
    return "; ".join(notes), open_


def _note_code_license(facts: dict[str, Any], licenses: list[Licensed],
                       found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Question 2 says which license is the code's and which the weights' beside the code licenses the prose names
    (review pass 32 P7: a record holding the front matter and the card's code-license line, OLMo-1B-hf, answered the
    declared Apache-2.0 as the weights' license while the line transcribed speaks of the code). A code license that
    is the declared one, with no sentence saying the model is under it too, leaves the weights' license open and the
    answer partial; a code license apart from the declared one is said and changes nothing."""
    text, clauses, status = found["license"]
    declared = [li.entry.id for li in licenses if not li.via]
    if status == "unanswered" or not declared:
        return
    said = _code_license_note(facts, declared)
    if said is not None:
        note, open_ = said
        found["license"] = (f"{text}; {note}", clauses, "partial" if open_ else status)


# the role a license-stated line gives when it speaks of an adapter's own weights (auditor/card.py)
ADAPTER_WEIGHTS = "adapter-weights"


def is_adapter(facts: dict[str, Any]) -> bool:
    """Whether the model is an adapter applied to base weights: its card's license line speaks of the adapter's
    weights, or the lineage reaches a direct base as an adapter."""
    stated = as_dict(as_dict(facts.get("card")).get("license_stated"))
    return stated.get("role") == ADAPTER_WEIGHTS or any(
        a.get("distance") == 1 and a.get("relation") == "adapter" for a in lineage_ancestors(facts))


def adapter_split(facts: dict[str, Any], licenses: list[Licensed]) -> str | None:
    """Which license covers the adapter's own weights and which the base weights it is applied to, for an adapter
    with both known; None otherwise. Why: guanaco-65b's card puts the adapter weights under Apache-2.0 and says they
    need LLaMA's weights, used under the LLaMA license; the review listed both licenses without saying which covers
    what, and a reviewer could take Apache-2.0 for the whole model (review pass 34 P6)."""
    if not is_adapter(facts):
        return None
    own = [li for li in licenses if not li.via or li.prose]  # the declared, or the prose-named when none is
    base = [li for li in licenses if li not in own]
    if not own:
        return None
    stated = as_dict(as_dict(facts.get("card")).get("license_stated"))
    where = (f" (the card's prose, README line {stated.get('line')})"
             if any(li.prose for li in own) and stated.get("line") else "")
    owned = " and ".join(li.entry.id for li in own)
    head = f"which license covers what: the adapter's own weights, in this repository, are under {owned}{where}; "
    if base:
        based = "; ".join(f"{li.entry.id} (from {li.via})" for li in base)
        return (f"{head}the base weights it is applied to, obtained apart, are under {based}; using the adapter needs "
                "both, so both sets of terms bind the user, the stricter where they differ")
    direct = [a for a in lineage_ancestors(facts) if a.get("distance") == 1 and a.get("relation") == "adapter"]
    unknown = [str(a.get("id")) for a in direct if a.get("state") != "known" or not a.get("license")]
    if unknown:  # Senku-70B-Full: CC0 for the adapter, on base weights that declare no license
        return (f"{head}the base weights it is applied to ({', '.join(unknown)}) have no license this audit could "
                f"identify, so {owned} covers only the adapter, and no known grant covers the weights it needs")
    if direct:  # the same license on both sides: say so, that the adapter's license is not the only one in play
        return (f"the adapter's own weights and the base weights it is applied to "
                f"({', '.join(str(a.get('id')) for a in direct)}, obtained apart) are both under {owned}")
    return None


def _note_adapter_split(facts: dict[str, Any], licenses: list[Licensed],
                        found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Question 2 says which license is the adapter's and which the base's (adapter_split)."""
    text, clauses, status = found["license"]
    said = adapter_split(facts, licenses) if status != "unanswered" else None
    if said is not None:
        found["license"] = (f"{text}; {said}", clauses, status)


def _qualify_license(facts: dict[str, Any], licenses: list[Licensed],
                     found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """The license question, said with what qualifies it: the version the card links against the one read; the
    card's own license fields disagreeing (Yi-VL-6B: `license: apache-2.0`, `license_name: yi-license`: a reviewer
    must learn which applies); the publisher's own terms unknown."""
    text, clauses, _ = found["license"]
    notes = [n for n in (version_gap(facts, licenses),) if n]
    notes += [f"the card's license fields disagree: {as_dict(c).get('message')}; ask the publisher which license "
              "applies"
              for c in as_list(as_dict(facts.get("license")).get("conflicts"))
              if as_dict(c).get("kind") == "license-name-mismatch" and as_dict(c).get("message")]
    if notes:
        found["license"] = (f"{text}; {'; '.join(notes)}", clauses, "partial")
    chosen = choice_sentence(facts)
    if chosen:
        text, clauses, status = found["license"]
        found["license"] = (f"{text}; {chosen}", clauses, status)
    released = _prose_family_base(facts, licenses)
    if released:
        text, clauses, status = found["license"]
        found["license"] = (f"{text}; {released}", clauses, status)
    unknown_own = own_terms_unknown(facts)
    if unknown_own and licenses:
        text, clauses, _ = found["license"]
        found["license"] = (f"{unknown_own}: {text}", clauses, "partial")
    elif not licenses and as_dict(facts.get("license")).get("state") == "none":
        found.update(_no_license(facts))
    elif not licenses and _prose_unheld(facts):
        written = ", ".join(str(x) for x in as_list(as_dict(facts.get("license")).get("declared_raw"))) or "nothing"
        found["license"] = (f"not identified: the card's metadata declares {written}{_prose_unheld(facts)}; read that "
                            "license (its version and terms) and record it in the card's `license:` field or a "
                            "catalog", (), "partial")


MOF_VERSUS_TITLE = "The Model Openness Tool's declaration against the evidence"
_MOF_KIND_SAID = {"contradicts": "disagrees", "license-differs": "disagrees", "omitted": "not declared",
                  "unverified": "unverified"}


def mof_versus_evidence(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """(what it is, the message) for each component where the Model Openness Tool's declaration (a third party's
    file) and the evidence part, disagreements first, then the claims nothing here confirms. Pythia-2.8b's
    declaration gives its training code MIT where the repository's LICENSE is Apache-2.0: `auditor openness` said
    so, while the report showed only the declared class beside Apache-2.0 rows, with no note."""
    entries = [as_dict(e) for e in as_list(as_dict(facts.get("openness")).get("mof_declared_versus_evidence"))]
    order = list(_MOF_KIND_SAID)
    entries.sort(key=lambda e: order.index(str(e.get("kind"))) if e.get("kind") in order else len(order))
    return [(_MOF_KIND_SAID.get(str(e.get("kind")), str(e.get("kind"))), str(e.get("message")))
            for e in entries if e.get("message")]


def component_cells(facts: dict[str, Any], name: str, comp: dict[str, Any]) -> tuple[str, str | None]:
    """(status, license) of one row of the MOF component table. Where the evidence cannot judge a component the
    Model Openness Tool's declaration states, the row shows the declared value beside "unknown", marked declared:
    Command R's table said "Model architecture | unknown | -" while its declaration gives not_open under
    CC-BY-NC-4.0 (review pass 30). A declaration is a claim, never evidence, so the status stays unknown."""
    status, license_id = str(comp.get("status") or "unknown"), comp.get("license")
    if status != "unknown":
        return status, license_id
    claim = next((as_dict(e) for e in as_list(as_dict(facts.get("openness")).get("mof_declared_versus_evidence"))
                  if as_dict(e).get("component") == name and as_dict(e).get("kind") == "unverified"), None)
    if claim is None or not claim.get("declared_status"):
        return status, license_id
    declared = claim.get("declared_license")
    lic = (f"{license_id or '-'} (declared: {declared})" if declared and declared != claim.get("declared_status")
           else license_id)
    return f"unknown (declared: {claim['declared_status']}, not evidence)", lic


# the resolver's methods for a license only a third party names (auditor/licenses/resolve.py)
_THIRD_PARTY_METHODS = ("mof-declaration", "third-party-declaration")


def third_party_license_source(facts: dict[str, Any]) -> str | None:
    """The third-party file that is the only source of the model's license, named, or None when the publisher's
    card, a license file, a tag or a curation says it. Mixtral-8x22B-Instruct-v0.1's license came from the Model
    Openness Tool's yaml alone (its card was not read), yet questions 1 and 2 read "answered" as if the publisher
    had said it: a declaration somebody else holds is evidence to confirm, not the publisher's word."""
    lic = as_dict(facts.get("license"))
    detected = [as_dict(d) for d in as_list(lic.get("detected"))]
    if lic.get("declared") or lic.get("curated") or not detected:
        return None
    if any(d.get("method") not in _THIRD_PARTY_METHODS for d in detected):
        return None
    if all(d.get("method") == "third-party-declaration" for d in detected):
        where = ", ".join(dict.fromkeys(str(d.get("location")).removeprefix("third-party:") for d in detected
                                        if d.get("location")))
        return (f"a third party's record of the model ({where}), not the publisher's card or LICENSE file")
    model = as_dict(facts.get("model"))
    parts = origin_parts(model.get("origin"), model.get("id"))
    mot = next((p for p in parts if p.source.startswith("lfai/model_openness_tool")
                or "model_openness_tool" in p.source), None)
    where = ", ".join(dict.fromkeys(str(d.get("location")) for d in detected if d.get("location")))
    named = mot.source.split(" (", 1)[0] if mot is not None else "a Model Openness Tool declaration"
    return (f"the Model Openness Tool's declaration ({named}, {where}), a third-party file, not the publisher's "
            "card or LICENSE file")


_ORG_SQUEEZE = re.compile(r"[^a-z0-9]")


def _same_org(name: str, owner: str) -> bool:
    """Whether an organisation's name ("IBM", "Mistral", "Google") and a Hub namespace (ibm-granite, mistralai,
    google) are one organisation: one, squeezed to letters and digits, begins the other (at least three of them), or
    the maker table names the namespace's maker so."""
    said = _ORG_SQUEEZE.sub("", name.split(",", 1)[0].lower())
    maker = maker_of(owner)
    names = {_ORG_SQUEEZE.sub("", owner.lower()), *([_ORG_SQUEEZE.sub("", maker.name.lower())] if maker else [])}
    return len(said) >= 3 and any(len(n) >= 3 and (n.startswith(said) or said.startswith(n)) for n in names)


def _licensor_corroborated(facts: dict[str, Any], text: str) -> bool:
    """Whether question 1's rights holder stands whichever license a secondary source got right: the Model Openness
    Tool's producer is the publisher's own organisation (IBM for ibm-granite), or the license text names as licensor
    the maker the publisher's namespace belongs to (Gemma's Google LLC for google/codegemma-2b; review pass 35 graded
    that answer full while the review said partial). A reused form whose own licensor is another's (BLOOM RAIL on
    stanford-crfm/BioMedLM) is never corroborated: who grants it is for legal to confirm."""
    split = owner_and_name(str(as_dict(facts.get("model")).get("id") or ""))
    if split is None or "the text's own \"Licensor\"" in text:
        return False
    producer = str(mof_record(facts).get("producer") or "").strip()
    if producer and _same_org(producer, split[0]):
        return True
    maker = maker_of(split[0])
    return maker is not None and text.lower().startswith(maker.name.lower())


def _note_third_party_license(facts: dict[str, Any], found: dict[str, tuple[str, tuple[str, ...], str]]) -> None:
    """Questions 1 and 2 partial, with the source named, when the license is known only from a third party; and
    question 27's "none needed" said as resting on that license."""
    source = third_party_license_source(facts)
    if source is None:
        return
    for key in ("license", "licensor"):
        text, clauses, status = found[key]
        if status == "unanswered":
            continue
        if key == "licensor" and status == "answered" and _licensor_corroborated(facts, text):
            found[key] = (f"{text}; who holds the rights does not depend on which license applies, while the license "
                          f"itself is known only from {source} (question 2)", clauses, status)
            continue
        found[key] = (f"{text}; the license is known only from {source} (secondary): confirm it on the "
                      "publisher's repository", clauses, "partial")
    text, clauses, status = found["contact"]
    if text.startswith("none needed"):  # said as resting on that license (review pass 35 W2); a secondary license
        # that is the weights' own is still an answer, so the status stays (the license question carries the doubt)
        found["contact"] = (f"{text}, if the license is the one the secondary source names: confirm it on the "
                            "publisher's repository first", clauses, status)


def answers(facts: dict[str, Any], locked: dict[str, Any] | None = None) -> tuple[Answer, ...]:
    """The 28 questions answered for one model, in QUESTIONS order; `locked` is what an auditor.lock records
    for it (`report --lock`: file, sha, license, effective_license), which answers the drift question."""
    licenses = licenses_of(facts)
    found = _license_answers(facts, licenses) | _facts_answers(facts, licenses, locked)
    links = tuple(dict.fromkeys(li.entry.url for li in licenses if li.entry.url))
    linked = _official_texts(facts, licenses)
    if linked is not None:
        found["text"] = linked
        link = card_license_link(facts) or ""
        links = tuple(dict.fromkeys(([link] if "://" in link else []) + list(links)))
    _qualify_license(facts, licenses, found)
    _note_card_text_link(facts, found)
    _note_card_contact(facts, found)
    _note_own_grant(facts, found)
    _note_unverifiable_bases(facts, licenses, found)
    _note_card_prose_on_unread_base(facts, found)
    _note_prose_unread(facts, licenses, found)
    _note_prose_unread_use(facts, licenses, found)
    if holder_unnamed(facts, licenses) and found["licensor"][2] == "answered":
        found["licensor"] = (*found["licensor"][:2], "partial")
    _note_version_gap(facts, licenses, found)
    _note_dated_versions(facts, licenses, found)
    _note_license_list(facts, found)
    _note_card_use_restrictions(found, facts)
    _note_card_use_scope(facts, found)
    _note_card_trademark(facts, found)
    _note_code_license(facts, licenses, found)
    _note_adapter_split(facts, licenses, found)
    _note_third_party_license(facts, found)
    note_secondary_custom(facts, found)
    note_mof_record(facts, found)
    note_mof_datasets(facts, found)
    if licenses:
        _note_unknown_own_terms(facts, found)
        _note_restricted_data(facts, found)
        _note_combined(facts, licenses, found)
        _note_gate_terms(facts, licenses, found)
    out = []
    for number, (key, question) in enumerate(QUESTIONS, 1):
        text, clauses, status = found[key]
        if key == "indemnity" and licenses and "vendor" not in text:
            text += "; an open model has no vendor that indemnifies its users"
        if key == "licensor":
            text += _publisher(facts)
        out.append(Answer(number, key, question, text, clauses, status, links if key == "text" else ()))
    return tuple(out)


def answered_count(items: Iterable[Answer]) -> dict[str, int]:
    """How many questions are answered in full, in part, or not at all (the review's own score)."""
    out = {"answered": 0, "partial": 0, "unanswered": 0}
    for item in items:
        out[item.status] = out.get(item.status, 0) + 1
    return out
