"""What the review's answers say from secondary sources when the publisher's own word is missing (issue 19, review
pass 35): a third party's record that the weights are under the publisher's own custom license, and what a Model
Openness Framework declaration holds beyond the weights' license (its producer, the licenses of other components,
its Datasets component).

Why apart from questions.py: these notes are about where an answer comes from, not about a license's terms; each
takes the answers found so far ({key: (text, clauses, status)}) and qualifies them, never raising a status to
"answered": a secondary source is a lead to confirm, and a component's license is that component's alone (StellarX's
inference code under CC-BY-NC-SA-4.0 says nothing of its weights; XVERSE's Apache-2.0 is its code's, while its
weights are under the publisher's own model license).
"""

from __future__ import annotations

from typing import Any

from auditor.formats.summary import as_dict, as_list
from auditor.licenses.resolve import default_kb

Found = dict[str, tuple[str, tuple[str, ...], str]]

# the questions about a license's terms: what a license that does not govern the weights must not answer
TERM_KEYS = ("commercial", "threshold", "aup", "attribution", "naming", "derivatives", "carry", "ownership",
             "outputs", "territory", "export", "patent", "termination", "warranty", "liability", "indemnity", "law",
             "venue")
_POLICY_SAID = {"denied": "the policy denies it", "review": "the policy puts it under review",
                "allowed": "the policy allows it", "not_listed": "the policy does not list it"}


def secondary_custom(facts: dict[str, Any]) -> dict[str, Any] | None:
    """The third party's record that the weights are under the publisher's own custom license (facts
    license.secondary_custom), when that is the only word on them."""
    record = as_dict(as_dict(facts.get("license")).get("secondary_custom"))
    return record or None


def mof_record(facts: dict[str, Any]) -> dict[str, Any]:
    """The MOF declaration's facts (facts openness.mof_record), empty without one."""
    return as_dict(as_dict(facts.get("openness")).get("mof_record"))


def producer_said(facts: dict[str, Any]) -> str | None:
    """"X, the producer the Model Openness Tool's record names (...; secondary)", or None when it names none."""
    record = mof_record(facts)
    producer = str(record.get("producer") or "").strip()
    if not producer:
        return None
    return f"{producer}, whom {record.get('source') or 'a MOF declaration'} names as the model's producer (secondary)"


def _custom_said(record: dict[str, Any]) -> str:
    link = record.get("link")
    where = f"; its text is at {link}" if link else "; the record gives no address for its text"
    return f"the publisher's own model license (custom{where}), per {record.get('source')}"


def note_secondary_custom(facts: dict[str, Any], found: Found) -> None:
    """Questions 1-21, 27 and 28 when a third party's record says the weights are under the publisher's own license
    and nothing of the publisher's was read (xverse/XVERSE-65B-Chat-GGUF, review pass 35 W2): the license is that
    custom one, known only second-hand; the license a MOF declaration gave the weights is set aside and said as the
    disagreement; the term answers say the terms are unknown instead of describing a license that does not govern
    the weights; the contact is the publisher."""
    record = secondary_custom(facts)
    if record is None:
        return
    custom = _custom_said(record)
    code = f"; the record gives {record['code_license']} as the code's license only" if record.get(
        "code_license") else ""
    aside = ", ".join(str(x) for x in as_list(record.get("set_aside")))
    disagree = (f"; the sources disagree: a MOF declaration names {aside} for the weights, set aside because the "
                "record that names a separate model license says which license is the code's (see the license "
                "conflict)" if aside else "")
    found["license"] = (f"{custom}{code}{disagree}; a secondary source, not the publisher's card or LICENSE file: "
                        "read the license and confirm it on the publisher's repository", (), "partial")
    link = record.get("link")
    if link:
        found["text"] = (f"{link} (the address the third party's record gives for the custom license; secondary: "
                         "confirm it on the publisher's repository)", (), "partial")
    unknown = (f"not known: the weights are under {custom.split(', per ', 1)[0]}, whose terms the knowledge base "
               "does not hold; read them" + (f" at {link}" if link else ""))
    for key in TERM_KEYS:
        found[key] = (unknown, (), "unanswered")
    who = producer_said(facts) or "the publisher"
    found["contact"] = (f"not known: ask the licensor ({who}) whether commercial use of the weights needs its "
                        "permission; the custom license's terms were not read", (), "unanswered")
    if found["licensor"][2] == "unanswered":
        found["licensor"] = (f"not established: the weights are under {custom.split(', per ', 1)[0]}, known only "
                             f"from a secondary source; presumably its rights holder: {who}", (), "partial")


def _components_said(record: dict[str, Any]) -> str:
    parts = []
    for comp in (as_dict(c) for c in as_list(record.get("components"))):
        ids = [str(i) for i in as_list(comp.get("ids"))]
        policy = as_dict(comp.get("policy"))
        judged = "; ".join(f"{i}: {_POLICY_SAID[str(policy.get(i))]}" for i in ids if str(policy.get(i))
                           in _POLICY_SAID)
        shown = ", ".join(ids) or "no license the audit knows"
        parts.append(f"{comp.get('name')}: {shown} (written \"{comp.get('license')}\"" + (f"; {judged})" if judged
                                                                                          else ")"))
    return "; ".join(parts)


def _weights_component(record: dict[str, Any]) -> bool:
    return any(as_dict(c).get("name") == "Model parameters (Final)" for c in as_list(record.get("components")))


def note_mof_record(facts: dict[str, Any], found: Found) -> None:
    """Questions 1, 2, 4 and 28 for a model whose license was not identified while its MOF declaration names a
    producer or licenses other components (Dampish/StellarX-4B-V0, review pass 35 A: the weights "Component not
    include.", the inference code "commercial use restrcitions; CC-BY-NC-SA-4.0", the producer "Dampish, Arkane
    Industries"; the answers were all "the license was not identified"). Each component's license is said for its
    component only; the answers stay partial, since the weights' license is still unknown."""
    lic = as_dict(facts.get("license"))
    record = mof_record(facts)
    if not record or lic.get("state") != "none" or secondary_custom(facts) is not None:
        return
    source = record.get("source") or "a MOF declaration"
    producer = producer_said(facts)
    if producer and found["licensor"][2] == "unanswered":
        found["licensor"] = (f"not established, as no license for the weights is known; presumably the rights "
                             f"holder: {producer}", (), "partial")
    others = [as_dict(c) for c in as_list(record.get("components")) if as_dict(c).get("ids")]
    if not others or _weights_component(record):
        return
    said = _components_said({"components": others})
    found["license"] = (f"no license for the weights is declared or found; {source} (secondary) gives licenses only "
                        f"for other components, each for that component alone, not the weights: {said}", (),
                        "partial")
    kb = default_kb()
    commercial = []
    for comp in others:
        for license_id in (str(i) for i in as_list(comp.get("ids"))):
            entry = kb.get(license_id)
            term = entry.terms.get("commercial_use") if entry is not None else None
            if term is not None:
                commercial.append(f"{comp.get('name')} under {license_id}: {term.value} ({license_id} "
                                  f"{term.clause or ''})".replace(" )", ")"))
    if commercial and found["commercial"][2] == "unanswered":
        found["commercial"] = ("unknown for the weights (no license for them is known); for the components "
                               f"{source} licenses (secondary): {'; '.join(commercial)}", (), "partial")
    text, clauses, status = found["policy"]
    found["policy"] = (f"{text}; {source} licenses other components, each for its component only: {said}", clauses,
                       status)


def note_mof_datasets(facts: dict[str, Any], found: Found) -> None:
    """Questions 24 and 25 with what the MOF declaration's Datasets component says, when the answer is not already
    complete (stanford-crfm/BioMedLM, review pass 35 D: the record gives "pubmed" where the Datasets license
    belongs, the report's own openness table printed it, and question 24 said no training data was recorded). A
    hint from a secondary source, to confirm with the publisher; it never completes an answer."""
    record = mof_record(facts)
    data = next((as_dict(c) for c in as_list(record.get("components")) if as_dict(c).get("name") == "Datasets"),
                None)
    if data is None:
        return
    ids = [str(i) for i in as_list(data.get("ids"))]
    said = (f"{record.get('source') or 'a MOF declaration'} (secondary) gives its Datasets component as "
            f"\"{data.get('license')}\"")
    text, clauses, status = found["data"]
    if status != "answered":
        hint = (f"a license ({', '.join(ids)}), not which data" if ids else
                "in the field meant for the datasets' license: a hint at the training data (no dataset id, no "
                "license), to confirm with the publisher")
        found["data"] = (f"{text}; {said}, {hint}", clauses, "partial")
    text, clauses, status = found["data_licenses"]
    if status != "answered" and ids:
        found["data_licenses"] = (f"{text}; {said}, naming {', '.join(ids)} (secondary; confirm)", clauses, "partial")
