"""The procurement review as plain data: what the HTML, Markdown, PDF and SBOM writers all show.

Why one view module: the review report exists in several formats (HTML, Markdown, PDF through the HTML,
three SBOMs), and a reviewer comparing the PDF with the SBOM must see the same obligations, the same
lineage and the same licenses. So the gathering happens here, once, from the RunResult only (the facts
document and, where a stage left it, the lineage graph), and the writers only lay it out and escape it.
Nothing here recomputes a stage: obligations are read from the effective terms and the inherited-term
records that lineage already produced; the picture is the lineage graph the audit walked.

Every string here is untrusted (it comes from model cards and repositories); escaping is the writers' job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from auditor.formats.paths import display_path
from auditor.formats.prose_terms import with_prose_terms
from auditor.formats.questions import (
    PASS_ON_TEXT,
    Licensed,
    inherited_floor,
    licenses_of,
    pass_on_clause,
    passes_on,
    separate_use_policy,
    uri_suffices,
    use_policy_named,
)
from auditor.formats.summary import as_dict, as_list, curated_declaration, laundering_items, no_declared_license
from auditor.licenses.kb import Term, load_kb
from auditor.results import AuditResult, Finding, RunResult
from auditor.textsafe import plain

VERDICT_TEXT = {
    "pass": "Pass: no policy finding at or above the failure threshold",
    "warn": "Pass with warnings: usable, with conditions a reviewer should read",
    "fail": "Fail: the policy does not allow this model as audited",
    "incomplete": "Incomplete: part of the model or its lineage could not be read; nothing is assumed",
}
# The decision of a report on several models: the run's verdict is the worst model's, so "this model" would name
# none of them (a two-model review read "does not allow this model" above its two-row overview).
RUN_VERDICT_TEXT = {
    **VERDICT_TEXT,  # "pass" and "warn" name no model
    "fail": "Fail: the policy does not allow at least one model as audited",
    "incomplete": "Incomplete: part of a model or its lineage could not be read; nothing is assumed",
}


def decision_text(verdict: str, models: int) -> str:
    """The words beside the decision badge: of the model, or of the models of a report on several."""
    return (RUN_VERDICT_TEXT if models > 1 else VERDICT_TEXT).get(verdict, verdict)


SECTION_TITLES = {
    "summary": "Verdict and summary",
    "questions": "Reviewer questions, answered with the clause",
    "regulatory": "Regulatory status (facts with sources, not legal advice)",
    "evidence": "Evidence and sources",
    "obligations": "Obligations: what you must do to use this model",
    "license": "License: resolved and effective",
    "lineage": "Lineage",
    "openness": "Openness scorecard",
    "datasets": "Datasets and their licenses",
    "findings": "Findings and waivers",
    "provenance": "Provenance",
}
OBLIGATION_GROUPS: tuple[tuple[str, str], ...] = (
    ("notices", "Notices to include"),
    ("naming", "Naming and display rules"),
    ("users", "User limits and commercial use"),
    ("aup", "Acceptable-use policy or use restrictions to follow"),
    ("outputs", "Restrictions on outputs"),
    ("carry", "What copies and derivatives must carry"),
    ("other", "Other conditions"),
)
CARRY_TEXT = {
    "license-copy": "Give every recipient a copy of the license.",
    "notice": "Keep the required notice text with every copy.",
    "use-restrictions": "Derivatives and their use stay bound by the use restrictions (the use policy or use "
                        "restrictions above).",
    "changes-marked": "State what you changed (mark the modified files, or describe the changes where the clause "
                      "says, e.g. in the Notice file).",
    "same-license": "Distribute derivatives under the same license.",
    "source": "Make the corresponding source available to recipients, how and to whom the clause says (question 10 "
              "quotes the knowledge base's reading: with object-code copies, by written offer, to network users).",
    "attribution": "Keep the attribution notice (under \"Notices to include\") with every copy and derivative.",
}
_PRIORITY_SEVERITY = {"error": 0, "warning": 1, "note": 2}
_DERIVATIVE_TEXT = {"same-terms": "allowed, but only under the same license (share-alike)",
                    "prohibited": "no derivatives may be shared (what private modification the text allows: "
                                  "question 9)"}


@dataclass(frozen=True)
class Origin:
    """Where one obligation comes from: the license, its clause, and the model (ancestor) that carries it."""

    license: str | None
    clause: str | None
    model: str | None
    path: tuple[str, ...] = ()

    def text(self) -> str:
        parts = [p for p in (self.license, self.clause) if p]
        out = " ".join(parts) or "unknown clause"
        if self.model:
            out += f" (from {self.model})"
        return out


@dataclass(frozen=True)
class Obligation:
    group: str  # one of OBLIGATION_GROUPS' keys
    text: str
    origins: tuple[Origin, ...] = ()
    url: str | None = None  # shown as text, never as a link
    unknown: bool = False  # the term could not be established: a reviewer must find out
    # an "aup" obligation whose restrictions the license writes itself (no separate use policy to accept)
    in_license: bool = False
    # what page one checks the use against for a "users" obligation ("the user limit", "the prohibition of
    # commercial use"): a license with no user limit was sent to check "the user limits" (review pass 33 E3)
    check: str = ""


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    kind: str  # model | dataset
    license: str  # what to print under the name ("unresolved (reason)" when there is none)
    root: bool = False
    resolved: bool = True
    laundering: bool = False
    sha: str | None = None


@dataclass(frozen=True)
class Edge:
    child: str
    base: str
    relation: str
    inferred: bool = False
    laundering: bool = False


@dataclass(frozen=True)
class LineageView:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)


@dataclass(frozen=True)
class PolicyFile:
    path: str
    sha256: str | None


@dataclass(frozen=True)
class ModelView:
    """One audited model, ready to lay out."""

    result: AuditResult
    facts: dict[str, Any]
    id: str
    verdict: str
    obligations: tuple[Obligation, ...]
    lineage: LineageView
    findings: tuple[Finding, ...]
    counts: dict[str, int] = field(default_factory=dict)
    # what an auditor.lock pins for this model (`auditor report --lock`): {file, sha, license, effective_license}
    locked: dict[str, Any] | None = None


def text(value: Any, default: str = "unknown") -> str:
    """A printable value (textsafe.plain): None is "unknown", never blank and never Python's repr."""
    return plain(value, default)


def parse_source(label: Any) -> Origin:
    """Split a facts term source label, "LicenseRef-Llama-2 §1.b.iii (meta-llama/Llama-2-7b-hf)".

    The model is the last parenthesised group (a clause may carry its own parentheses before it)."""
    value = " ".join(str(label).split())
    model = None
    if value.endswith(")") and " (" in value:
        head, _, tail = value.rpartition(" (")
        if "(" not in tail and ")" not in tail[:-1]:
            value, model = head, tail[:-1]
    license_id, clause = _split_expression(value)
    return Origin(license_id or None, clause or None, model)


_OPERATORS = ("AND", "OR", "WITH")


def _split_expression(value: str) -> tuple[str, str]:
    """The license and the clause of a source label whose license may be an SPDX expression ("Apache-2.0 AND
    CC-BY-NC-4.0 Apache-2.0 §4(c); CC-BY-NC-4.0 Section 3(a)(1)(A)"): the first word alone would name one license
    of the expression and put the rest of it into the clause."""
    words = value.split(" ")
    end, depth = 0, words[0].count("(") - words[0].count(")") if words else 0
    while end + 2 < len(words) and (depth > 0 or words[end + 1] in _OPERATORS):
        end += 1
        depth += words[end].count("(") - words[end].count(")")
        if words[end] in _OPERATORS:
            end += 1
            depth += words[end].count("(") - words[end].count(")")
    return " ".join(words[:end + 1]), " ".join(words[end + 1:])


def _inherited(facts: dict[str, Any], term: str) -> list[dict[str, Any]]:
    lineage = as_dict(facts.get("lineage"))
    return [as_dict(i) for i in as_list(lineage.get("inherited")) if as_dict(i).get("term") == term]


def _origin_of(entry: dict[str, Any]) -> Origin:
    return Origin(entry.get("license"), entry.get("clause"), entry.get("from"),
                  tuple(str(p) for p in as_list(entry.get("path"))))


def _origins_for(value: Any, sources: list[Origin], inherited: list[dict[str, Any]],
                 keys: Sequence[str] = ("notice", "value", "policy", "name"), term: str | None = None,
                 ) -> tuple[Origin, ...]:
    """The origins of one value of a list term: the inherited record naming it, else the source whose
    license the value mentions, else every source of the term that can impose it (an honest "one of these").
    A license whose KB term is "none" imposes nothing: Hermes-2-Theta declares Apache-2.0 (§6: no naming duty)
    on a Llama 3 base, and its "names must begin with Llama 3" rule cited Apache-2.0 §6 beside Llama 3 §1.b.i."""
    for entry in inherited:
        if any(entry.get(k) == value for k in keys):
            return (_origin_of(entry),)
    named = [s for s in sources if s.license and s.license in str(value)]
    imposing = [s for s in sources if term is None or _kb_value(s.license, term) not in ("none", "allowed")]
    return tuple(named or imposing or sources)


def _kb_value(license_id: str | None, name: str) -> Any:
    """The KB value of term `name` for one license id (None when the KB does not hold the license or the term)."""
    entry = load_kb().get(str(license_id)) if license_id else None
    term = entry.term(name) if entry is not None else None
    return term.value if term is not None else None


def _scalar(facts: dict[str, Any], name: str) -> tuple[dict[str, Any], list[Origin]]:
    """A scalar term and its origins: the ancestors it is inherited from when lineage recorded them
    (the value comes from the strictest license, not from the model's own permissive one)."""
    raw, sources = _term_of(facts, name)
    inherited = [_origin_of(e) for e in _inherited(facts, name)]
    return raw, inherited or sources


def _term_of(facts: dict[str, Any], name: str) -> tuple[dict[str, Any], list[Origin]]:
    raw = as_dict(as_dict(facts.get("terms")).get(name))
    return raw, [parse_source(s) for s in as_list(raw.get("sources"))]


def _list_obligations(facts: dict[str, Any]) -> list[Obligation]:
    """Notices, naming rules and use policies: one obligation per value, each with its origin."""
    out: list[Obligation] = []
    for name, group, describe in (
        ("attribution", "notices", lambda v: f"Include this notice: {v}"),
        ("naming", "naming", lambda v: f"Naming rule: {v}"),
        ("use_restrictions", "aup", lambda v: _aup_obligation(facts, v)),
    ):
        raw, sources = _term_of(facts, name)
        if not raw:
            continue
        inherited = _inherited(facts, name)
        for value in as_list(raw.get("values")):
            url = next((e.get("url") for e in inherited if value in (e.get("policy"), e.get("notice"),
                                                                      e.get("value")) and e.get("url")), None)
            url = url or (_policy_words(facts, value)[1] if name == "use_restrictions" else None)
            in_license = name == "use_restrictions" and not separate_use_policy(_policy_words(facts, value)[0])
            out.append(Obligation(group, describe(text(value)), _origins_for(value, sources, inherited, term=name),
                                  url, in_license=in_license))
        for value in as_list(raw.get("displays")) if name == "attribution" else ():
            if _naming_says(facts, value):
                continue  # the naming rule below is this duty (Qwen §4.b / §5.b): one obligation, not two
            out.append(Obligation("naming", f'Display prominently: "{text(value)}" (when, where and any '
                                  "alternative wording: see the clause and question 7)",
                                  _origins_for(value, sources, inherited, keys=("display",))))
        if raw.get("known") is False:
            out.append(Obligation(group, f"Not established: the {name.replace('_', ' ')} terms are unknown; "
                                  "read the license before use.", tuple(sources), unknown=True))
    return out


def _naming_says(facts: dict[str, Any], phrase: Any) -> bool:
    """Whether a naming rule of the model already asks for the display phrase, quoted: the Qwen research license's
    "Built with Qwen" (§4.b) is one duty the knowledge base records both as the attribution's display and as the
    naming rule, and the appendix listed it twice (O2 and O3). Llama 3's "Built with Meta Llama 3" display and its
    name-prefix rule ("Llama 3") are two duties, and stay two."""
    quoted = f'"{text(phrase)}"'
    rules = as_list(as_dict(as_dict(facts.get("terms")).get("naming")).get("values"))
    return any(quoted in text(rule) for rule in rules)


def _kb_terms(facts: dict[str, Any], name: str) -> Iterator[tuple[Licensed, Term]]:
    """The KB term `name` of each license the model is under (own, prose-named, inherited), where the KB has it:
    the notes and clauses the effective terms do not carry (they keep values and sources only)."""
    for licensed in licenses_of(facts):
        term = licensed.entry.term(name)
        if term is not None:
            yield licensed, term


def _pass_on_note(facts: dict[str, Any], policy: str) -> str:
    """Where the license makes the licensee write the restrictions into its own agreements (OpenRAIL 4.a, Gemma
    §3.1, DeepSeek §4.a), the obligation says so; the Llama, Stability, FLUX and Mistral texts ask no such thing
    of the licensee's terms, and "pass it on in your terms" would invent a duty for them."""
    for licensed, term in _kb_terms(facts, "use_restrictions"):
        clause = pass_on_clause(licensed)
        if clause and str(term.get("policy")) == str(policy) \
                and "enforceable" not in str(term.get("note") or ""):  # Gemma's note already says it
            return (f"; include it as an enforceable provision in every agreement governing the use or distribution "
                    f"of the model or its derivatives, and give recipients notice that they are bound by it "
                    f"({licensed.entry.id} {clause})")
    return ""


def _policy_words(facts: dict[str, Any], policy: Any) -> tuple[str, str | None]:
    """("the <name of the use policy>", its URL) for a use-restriction value of the effective terms, which is the
    KB's identifier ("gemma-prohibited-use-policy", "aup-llama2"): an obligation to follow "the use policy
    aup-llama2" named nothing a reviewer can look up, and the policy's own address was left out."""
    for licensed, term in _kb_terms(facts, "use_restrictions"):
        if str(term.get("policy")) == str(policy):
            return use_policy_named(licensed, term), term.get("url")
    return str(policy), None


def _aup_obligation(facts: dict[str, Any], policy: Any) -> str:
    """"Accept and follow the use policy: <its name> (<what the KB notes>)", the name left out where the note
    begins with it (FLUX.1-dev: "restrictions written in the license (military, ...)")."""
    name, note = _policy_words(facts, policy)[0], _policy_note(facts, policy)
    inner = note[2:-1] if note.startswith(" (") and note.endswith(")") else note
    said = inner if inner.startswith(name) else f"{name}{note}"
    # the pass-on duty is said once: by the carry item when the license lists the use restrictions among what
    # derivatives carry (OpenRAIL 4.a, BigCode §5.1, Gemma §3.1), else here
    pass_on = "" if _pass_on_carried(facts) else _pass_on_note(facts, policy)
    if separate_use_policy(name):
        return f"Accept and follow the use policy: {said}{pass_on}"
    # no policy document: the restrictions are the license's own clauses (MSR §2.d, FLUX §2, BLOOM's Attachment A)
    rest = _IN_LICENSE_LEAD.sub("", said, count=1).strip()
    rest = rest[1:-1] if rest.startswith("(") and rest.endswith(")") else rest.removeprefix(": ")
    return f"{IN_LICENSE_TEXT}: {rest}{pass_on}" if rest else f"{IN_LICENSE_TEXT}{pass_on}"


IN_LICENSE_TEXT = "Follow the use restrictions written in the license"
_IN_LICENSE_LEAD = re.compile(r"^(?:use )?restrictions written in the license(?: itself)?", re.IGNORECASE)


def _pass_on_carried(facts: dict[str, Any]) -> bool:
    """Whether the carry obligations will state the pass-on duty ("Pass the use restrictions on", with its clause)."""
    carry = _carried(facts)
    return "use-restrictions" in carry and passes_on(facts)


def _policy_note(facts: dict[str, Any], policy: str) -> str:
    """What the KB says a use policy holds (FLUX.1-dev's restrictions are written in the license, with content-
    filter and disclosure duties): a bare policy id tells a reviewer nothing of what to follow."""
    notes = [t.get("note") for _, t in _kb_terms(facts, "use_restrictions")
             if str(t.get("policy")) == str(policy) and t.get("note")]
    if not notes:
        return ""
    carried = "use-restrictions" in _carried(facts)
    # "they apply to derivatives" (FLUX §2.a, MNPL/MRL §4.3) is the carry item "Derivatives and their use stay bound
    # by the use restrictions": said there once, not also inside the use-policy obligation
    parts = [p for p in text(notes[0]).split("; ") if not (carried and _BINDS_DERIVATIVES.search(p))]
    return f" ({'; '.join(parts)})" if parts else ""


_BINDS_DERIVATIVES = re.compile(r"\b(?:bind|apply to)\s+derivatives\b", re.IGNORECASE)


def _user_limit(limit: str, condition: Any) -> str:
    """The monthly-user obligation. A one-off test at the release date (Llama 2 to 4, DBRX) is no ongoing cap:
    "User limit: 700,000,000 ...; above it you need a separate license" said the opposite of the condition that
    followed it."""
    if condition and "one-off" in str(condition):
        return f"Monthly-user test ({limit} monthly active users), once, at the version release date: {condition}"
    detail = f" Condition: {condition}" if condition else ""
    return f"User limit: {limit} monthly active users; above it you need a separate license.{detail}"


def _user_obligations(facts: dict[str, Any]) -> list[Obligation]:
    """The user limit and commercial use."""
    out: list[Obligation] = []
    mau, mau_sources = _scalar(facts, "mau_limit")
    commercial, commercial_sources = _scalar(facts, "commercial_use")
    condition = commercial.get("condition")
    if isinstance(mau.get("value"), int) and not isinstance(mau.get("value"), bool):
        once = bool(condition and "one-off" in str(condition))
        out.append(Obligation("users", _user_limit(f"{mau['value']:,}", condition), tuple(mau_sources),
                              check="the monthly-user test" if once else "the user limit"))
    value = commercial.get("value")
    if value == "prohibited":
        scope = _prohibited_scope(facts)
        out.append(Obligation("users", f"Commercial use is not allowed{': ' + scope if scope else '.'}",
                              tuple(commercial_sources), check="the prohibition of commercial use"))
    elif value == "conditional" and not isinstance(mau.get("value"), int):
        out.append(Obligation("users", f"Commercial use only under a condition: {text(condition)}",
                              tuple(commercial_sources), check="the condition on commercial use"))
    elif value in (None, "unknown"):
        out.append(Obligation("users", "Not established: whether commercial use is allowed is unknown.",
                              tuple(commercial_sources), unknown=True))
    elif value not in ("allowed", "conditional"):
        out.append(Obligation("users", f"Commercial use: {text(value)}", tuple(commercial_sources),
                              check="the commercial terms"))
    return out


def _prohibited_scope(facts: dict[str, Any]) -> str:
    """What the licenses that prohibit commercial use say of its scope (the KB term's note): FLUX.1-dev allows
    outputs commercially (§2.d) while the model stays non-commercial, a research license may allow evaluation by
    companies; "not allowed" alone would drop that."""
    return "; ".join(dict.fromkeys(str(t.get("note")) for _, t in _kb_terms(facts, "commercial_use")
                                   if t.value == "prohibited" and t.get("note")))


def _kb_notes(facts: dict[str, Any], name: str, value: Any) -> list[tuple[str, str]]:
    """(license id, KB note) of the model's licenses (own and inherited) whose term `name` has the effective value:
    what "restricted" means for Llama 2 (§1.b.v: no improving other LLMs) or Gemma (a model trained on outputs is
    a Model Derivative); the bare value told a reviewer nothing to act on."""
    return [(licensed.entry.id, str(term.get("note"))) for licensed, term in _kb_terms(facts, name)
            if term.value == value and term.get("note")]


def _output_obligations(facts: dict[str, Any]) -> list[Obligation]:
    outputs, output_sources = _scalar(facts, "output_training")
    if not outputs or outputs.get("value") in ("allowed", "none"):
        return []
    inherited = [("", str(e.get("note"))) for e in _inherited(facts, "output_training") if e.get("note")]
    # the KB's note for a license is labelled with its id; the same note inherited from a base is said once
    said = {note for _, note in inherited}
    notes = list(dict.fromkeys(inherited + [(lic, note) for lic, note in _kb_notes(facts, "output_training",
                                                                                   outputs.get("value"))
                                            if note not in said]))
    what = ("Not established: whether outputs may train other models is unknown."
            if outputs.get("value") in (None, "unknown")
            else f"Outputs may not be used freely to train other models ({text(outputs.get('value'))})")
    if notes:
        what += ": " + "; ".join(_unrepeated(notes))
    return [Obligation("outputs", what, tuple(output_sources), unknown=outputs.get("value") in (None, "unknown"))]


def _unrepeated(notes: Iterable[tuple[str, str]]) -> list[str]:
    """Each (label, note) with the sentences an earlier note already said left out, its license label kept: Llama 2
    and Llama 3 word §1.b.v alike and differ only in the exception (a model declaring one and inheriting the
    other carries both), so the shared sentence is said once and each license keeps its own exception."""
    said: set[str] = set()
    out = []
    for label, note in notes:
        parts = [p.strip() for p in text(note).split("; ") if p.strip()]
        kept = [p for p in parts if p not in said]
        said.update(parts)
        if kept:
            out.append(f"{label}: {'; '.join(kept)}" if label else "; ".join(kept))
    return out


def _carried(facts: dict[str, Any]) -> list[Any]:
    """What the effective terms say a derivative must carry (`same-license`, `use-restrictions`, ...)."""
    return as_list(as_dict(as_dict(facts.get("terms")).get("derivative_must_carry")).get("values"))


def _carry_obligations(facts: dict[str, Any]) -> list[Obligation]:
    """What copies and derivatives carry, one obligation per item; the attribution and the notice items are one
    line when the notices are already listed under "Notices to include" (the Llama review listed the same
    Notice-file text three times: O1, "Keep the attribution notice", "Keep the required notice text")."""
    carry, carry_sources = _term_of(facts, "derivative_must_carry")
    inherited_carry = _inherited(facts, "derivative_must_carry")
    listed = bool(as_list(as_dict(as_dict(facts.get("terms")).get("attribution")).get("values")))
    out: list[Obligation] = []
    folded: list[Origin] = []
    for value in as_list(carry.get("values")):
        origins = tuple(o for o in (_origin_of(e) for e in inherited_carry if value in as_list(e.get("value")))
                        if _carries(o.license, value))
        origins = (_own_carry(value, carry_sources, origins) + origins if origins
                   else tuple(o for o in carry_sources if _carries(o.license, value)))
        if listed and value in ("attribution", "notice"):
            folded.extend(origins or carry_sources)
            continue
        what = CARRY_TEXT.get(str(value), f"Carry: {text(value)}")
        uri = [o.license for o in (origins or carry_sources) if o.license and uri_suffices(o.license)]
        if value == "license-copy" and uri:
            what = (f"Give every recipient a copy of the license (for {', '.join(dict.fromkeys(uri))}: its text or "
                    "its URI).")
        if value == "use-restrictions" and passes_on(facts):
            what = f"{PASS_ON_TEXT} (the use policy or use restrictions above){_pass_on_clauses(facts)}."
        out.append(Obligation("carry", what, origins or tuple(carry_sources)))
    if folded:  # not an obligation of its own: obligations() folds it into the notices it places (_fold_placement)
        out.insert(0, Obligation(_FOLD, "", tuple({o.text(): o for o in folded}.values())))
    return out


_FOLD = "fold"  # the group of the carry item "keep the notices with copies", which is the notice duty itself
PLACEMENT_TEXT = ("; keep it with every copy and derivative you distribute, where the clause puts it (question 7 says "
                  "where)")


def _fold_placement(found: list[Obligation]) -> list[Obligation]:
    """The carry items `notice` / `attribution` folded into the notices they place: DeepSeek §4.d asks once that
    the notices be retained, and the appendix listed it twice (O1 "Include this notice", O4 "Keep the notices listed
    under ... with every copy"), so page one cited both for one duty. Each notice gains the placement words; a carry
    origin whose license (from the same model) no notice cites yet joins the first notice, so no license is lost
    and a license already cited keeps its own clause (Llama 2 §1.b.iii, not the whole carry clause list)."""
    folds = [o for ob in found if ob.group == _FOLD for o in ob.origins]
    kept = [ob for ob in found if ob.group != _FOLD]
    notices = [i for i, ob in enumerate(kept) if ob.group == "notices" and not ob.unknown]
    if not folds or not notices:
        return kept
    cited = {(o.license, o.model) for i in notices for o in kept[i].origins}
    extra = tuple({o.text(): o for o in folds if (o.license, o.model) not in cited}.values())
    for n, i in enumerate(notices):
        ob = kept[i]
        kept[i] = replace(ob, text=ob.text.rstrip(".") + PLACEMENT_TEXT + ".",
                          origins=ob.origins + (extra if n == 0 else ()))
    return kept


def _pass_on_clauses(facts: dict[str, Any]) -> str:
    """"; include them as an enforceable provision ... (<license> <clause>)", each license that asks it cited once:
    the appendix's one statement of the pass-on duty (the use-policy obligation no longer repeats it)."""
    cited = list(dict.fromkeys(f"{li.entry.id} {clause}" for li in licenses_of(facts)
                               if (clause := pass_on_clause(li))))
    return (": include them as an enforceable provision in every agreement governing the use or distribution of the "
            "model or its derivatives, and give recipients notice that they are bound by them"
            + (f" ({'; '.join(cited)})" if cited else ""))


def _carries(license_id: str | None, value: Any) -> bool:
    """Whether a license can be the origin of carry item `value`: its KB term lists it, or the KB does not hold
    the term (unknown stays cited). Llama 3 §1.b asks for no statement of changes, yet "state what you changed"
    cited it beside Apache-2.0 §4(b) for Hermes-2-Theta, whose inherited record holds the merged list."""
    known = _kb_value(license_id, "derivative_must_carry")
    return known is None or value in as_list(known)


def _own_carry(value: Any, sources: list[Origin], inherited: tuple[Origin, ...]) -> tuple[Origin, ...]:
    """The sources of the model's own licenses that carry `value` too, when an ancestor's license also does:
    SOLAR-10.7B-Instruct (CC-BY-NC-4.0, Section 3(a)(1): indicate changes, give the license or its URI) on an
    Apache-2.0 base listed only Apache §4 as the origin of "state what you changed", dropping the model's own."""
    inherited_ids = {o.license for o in inherited}
    return tuple(dict.fromkeys(s for s in sources if s.license and s.license not in inherited_ids
                               and value in as_list(_kb_value(s.license, "derivative_must_carry"))))


def _litigation_origins(facts: dict[str, Any], sources: list[Origin]) -> tuple[Origin, ...]:
    """Every license with a litigation clause the model is under: the effective term keeps the first license that
    says "yes", so Hermes-2-Theta (Apache-2.0 §3, on a Llama 3 base whose §5.c ends every license on a suit
    against Meta or any entity) cited only the patent-only Apache clause while question 16 answers both."""
    have = {o.license for o in sources}
    more = [Origin(li.entry.id, t.clause, li.via) for li, t in _kb_terms(facts, "termination_on_litigation")
            if t.value == "yes" and li.via and not li.prose and li.entry.id not in have]
    return tuple(dict.fromkeys([*sources, *more]))


def _other_obligations(facts: dict[str, Any]) -> list[Obligation]:
    """What copies and derivatives carry, derivative terms, territory and litigation."""
    out: list[Obligation] = []
    out.extend(_carry_obligations(facts))
    derivatives, derivative_sources = _term_of(facts, "derivatives")
    same_license = "same-license" in _carried(facts)
    if derivatives.get("value") not in (None, "allowed", "unknown") \
            and not (derivatives.get("value") == "same-terms" and same_license):  # the carry item says it
        value = derivatives.get("value")
        out.append(Obligation("other", f"Derivatives: {_DERIVATIVE_TEXT.get(str(value), text(value))}",
                              tuple(derivative_sources)))
    territorial, territorial_sources = _term_of(facts, "territorial")
    if territorial.get("value") not in (None, "none", "unknown"):
        notes = "; ".join(text(n) for n in as_list(territorial.get("notes")))
        out.append(Obligation("other", f"Territorial restriction: {text(territorial.get('value'))}"
                              + (f" ({notes})" if notes else ""), tuple(territorial_sources)))
    litigation, litigation_sources = _term_of(facts, "termination_on_litigation")
    if litigation.get("value") == "yes":
        out.append(Obligation("other", "A litigation clause can end rights under the license (which rights, "
                              "and suits against whom: see the clause and question 16).",
                              _litigation_origins(facts, litigation_sources)))
    else:
        floor = [(li, t) for li, t in inherited_floor(facts, "termination_on_litigation") if t.value == "yes"]
        if floor:
            out.append(Obligation("other", "A litigation clause of an inherited license can end the rights it grants "
                                  "in the ancestor's material (which rights, and suits against whom: see the clause "
                                  "and question 16).",
                                  tuple(Origin(li.entry.id, t.clause, li.via) for li, t in floor)))
    return out


def obligations(facts: dict[str, Any]) -> list[Obligation]:
    """What a user of the model must do, from the effective terms (own + inherited), each with its origin; in
    the order the report shows them (OBLIGATION_GROUPS), so their numbers O1, O2, ... read in sequence. Where the
    metadata declares no known license and the card's prose names one, from that license's terms, labelled, as
    the questions answer (formats/prose_terms.py): "unknown" beside question 4's "allowed" was two truths."""
    facts = with_prose_terms(facts)
    found = _fold_placement(_list_obligations(facts) + _user_obligations(facts) + _output_obligations(facts)
                            + _other_obligations(facts))
    rank = {group: i for i, (group, _title) in enumerate(OBLIGATION_GROUPS)}
    return sorted(found, key=lambda ob: rank.get(ob.group, len(rank)))  # stable: the order within a group stays


def _graph_dict(result: AuditResult) -> dict[str, Any] | None:
    lineage = result.lineage
    if lineage is not None:
        try:
            data = lineage.graph_dict()
        except Exception:  # a picture must not take the report down; the facts still draw one
            return None
        return data if isinstance(data, dict) else None
    return None


def _node_license(data: dict[str, Any]) -> str:
    if not data.get("resolved", True):
        return f"unresolved ({text(data.get('reason'))})"
    lic = data.get("license")
    state = data.get("state")
    if state == "none" and lic in (None, "", "none"):
        return "no license declared"
    if lic and state in ("custom", "unknown", "none") and lic != state:
        return f"{lic} ({state})"
    return text(lic or state, "no license")


def _nodes_from_graph(graph: dict[str, Any], root: str, root_license: str, marked_nodes: set[str],
                      marked_edges: set[tuple[str, str]], nodes: dict[str, Node], edges: list[Edge]) -> None:
    """The audit's own lineage graph, node by node (the root labelled with its declared/effective license)."""
    for data in as_list(graph.get("nodes")):
        data = as_dict(data)
        node_id = str(data.get("id"))
        is_root = node_id == root
        nodes[node_id] = Node(
            id=node_id, name=str(data.get("repo_id") or node_id), kind=str(data.get("kind") or "model"),
            license=root_license if is_root else _node_license(data), root=is_root,
            resolved=bool(data.get("resolved", True)), laundering=node_id in marked_nodes,
            sha=data.get("sha") if isinstance(data.get("sha"), str) else None)
    for data in as_list(graph.get("edges")):
        data = as_dict(data)
        child, base = str(data.get("child")), str(data.get("base"))
        edges.append(Edge(child, base, str(data.get("relation") or "?"), bool(data.get("inferred")),
                          (child, base) in marked_edges))


def _nodes_from_facts(facts: dict[str, Any], root: str, root_license: str, marked_nodes: set[str],
                      marked_edges: set[tuple[str, str]], nodes: dict[str, Node], edges: list[Edge]) -> None:
    """The lineage rebuilt from the facts document (a run without stage objects, e.g. read back from JSON)."""
    model = as_dict(facts.get("model"))
    lineage = as_dict(facts.get("lineage"))
    nodes[root] = Node(root, root, "model", root_license, root=True, laundering=root in marked_nodes,
                       sha=model.get("sha") if isinstance(model.get("sha"), str) else None)
    seen: set[tuple[str, str]] = set()
    for anc in as_list(lineage.get("ancestors")):
        anc = as_dict(anc)
        anc_id = str(anc.get("id"))
        resolved = bool(anc.get("resolved", True))
        nodes.setdefault(anc_id, Node(
            anc_id, anc_id, "model",
            _node_license({"resolved": resolved, "license": anc.get("license"), "state": anc.get("state"),
                           "reason": anc.get("state")}),
            resolved=resolved, laundering=anc_id in marked_nodes,
            sha=anc.get("sha") if isinstance(anc.get("sha"), str) else None))
        path = [str(p) for p in as_list(anc.get("path"))]
        rels = [str(r) for r in as_list(anc.get("relations"))]
        for (child, base), rel in zip(itertools.pairwise(path), rels, strict=False):
            if (child, base) not in seen:
                seen.add((child, base))
                edges.append(Edge(child, base, rel, bool(anc.get("inferred")),
                                  (child, base) in marked_edges))
    for ds in as_list(facts.get("datasets")):
        ds = as_dict(ds)
        ds_id = f"dataset:{ds.get('id')}"
        label = _node_license({"resolved": ds.get("resolved", True), "license": ds.get("license"),
                               "state": ds.get("state"), "reason": ds.get("state")})
        nodes.setdefault(ds_id, Node(ds_id, str(ds.get("id")), "dataset", label,
                                     resolved=bool(ds.get("resolved", True))))
        trained = str(ds.get("trained") or root)
        if (trained, ds_id) not in seen:
            seen.add((trained, ds_id))
            edges.append(Edge(trained, ds_id, "trained_on"))
    for item in as_list(lineage.get("unresolved")):
        item = as_dict(item)
        uid = str(item.get("id"))
        kind = str(item.get("kind") or "model")
        node_id = f"dataset:{uid}" if kind == "dataset" else uid
        if node_id not in nodes:
            nodes[node_id] = Node(node_id, uid, kind, f"unresolved ({text(item.get('reason'))})",
                                  resolved=False)
            edges.append(Edge(str(item.get("named_by") or root), node_id,
                              "trained_on" if kind == "dataset" else "base"))


def lineage_view(result: AuditResult) -> LineageView:
    """Nodes and edges of the model's lineage: the audit's graph when present, else rebuilt from facts."""
    facts = result.facts or {}
    model = as_dict(facts.get("model"))
    root = str(model.get("id") or result.model)
    lineage = as_dict(facts.get("lineage"))
    license_facts = as_dict(facts.get("license"))
    marked_nodes: set[str] = set()
    marked_edges: set[tuple[str, str]] = set()
    for item in laundering_items(lineage):  # carry conditions alone are not marked as laundering
        path = [str(p) for p in as_list(item.get("path"))]
        marked_nodes.update(str(x) for x in (item.get("ancestor"), item.get("model")) if x)
        marked_edges.update(itertools.pairwise(path))

    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    root_license = text(license_facts.get("expression") or license_facts.get("state"), "no license")
    effective = license_facts.get("effective")
    if effective and effective != license_facts.get("expression"):
        root_license = f"declared {root_license} → effective {effective}"

    graph = _graph_dict(result)
    if graph is not None:
        _nodes_from_graph(graph, root, root_license, marked_nodes, marked_edges, nodes, edges)
    else:
        _nodes_from_facts(facts, root, root_license, marked_nodes, marked_edges, nodes, edges)
    # Unresolved bases named in facts but missing from the graph still belong in the picture.
    for item in as_list(lineage.get("unresolved")):
        item = as_dict(item)
        uid = str(item.get("id"))
        node_id = f"dataset:{uid}" if item.get("kind") == "dataset" else uid
        if node_id not in nodes:
            nodes[node_id] = Node(node_id, uid, str(item.get("kind") or "model"),
                                  f"unresolved ({text(item.get('reason'))})", resolved=False)
            edges.append(Edge(str(item.get("named_by") or root), node_id, "base"))
    if root not in nodes:
        nodes[root] = Node(root, root, "model", root_license, root=True)
    return LineageView(tuple(nodes.values()), tuple(edges))


def sorted_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Active findings first (errors, warnings, notes), then waived ones: what needs action leads."""
    return tuple(sorted(findings,
                        key=lambda f: (not f.active, _PRIORITY_SEVERITY.get(f.severity, 9), f.rule)))


def model_view(result: AuditResult, run: RunResult | None = None) -> ModelView:
    facts = result.facts or {}
    model = as_dict(facts.get("model"))
    findings = sorted_findings(result.findings)
    counts = {
        "error": sum(1 for f in findings if f.active and f.severity == "error"),
        "warning": sum(1 for f in findings if f.active and f.severity == "warning"),
        "note": sum(1 for f in findings if f.active and f.severity == "note"),
        "waived": sum(1 for f in findings if not f.active),
    }
    model_id = str(model.get("id") or result.model)
    pins = (run.meta.get("lock_pins") if run is not None else None) or {}
    return ModelView(result=result, facts=facts, id=model_id,
                     verdict=result.verdict, obligations=tuple(obligations(facts)),
                     lineage=lineage_view(result), findings=findings, counts=counts, locked=pins.get(model_id))


def policy_files(paths: Sequence[str] | None) -> list[PolicyFile]:
    """The policy files the run merged, each with the SHA-256 of its bytes (None when it cannot be read)."""
    out = []
    for path in paths or ():
        digest = None
        try:
            file = Path(path)
            if file.is_file():
                digest = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError:
            digest = None
        out.append(PolicyFile(display_path(str(path)), digest))
    return out


def declared_text(facts: dict[str, Any]) -> str:
    """The declared license as every part of the review states it: the card's (canonical, with the words
    as written when they differ), else what is known of the card (summary.no_declared_license) with the files
    the license was read from."""
    lic = as_dict(facts.get("license"))
    curated = curated_declaration(facts)
    if curated:
        return curated
    canonical = [str(x) for x in as_list(lic.get("declared"))]
    raw = [str(x) for x in as_list(lic.get("declared_raw"))]
    if canonical or raw:
        expression = str(lic.get("expression") or "")
        # an OR choice is declared as one ("apache-2.0 OR cc-by-nc-4.0"): joining its ids with AND said the opposite
        shown = expression if len(canonical) > 1 and " OR " in expression.upper() else " AND ".join(canonical or raw)
        return shown + (f" (card; as written: {', '.join(raw)})" if raw and raw != canonical else " (card)")
    read = [str(as_dict(d).get("location")) for d in as_list(lic.get("detected")) if as_dict(d).get("location")]
    return no_declared_license(facts) + (f" (read from {', '.join(read)})" if read else "")


def exit_code_text(run: RunResult) -> str:
    """The exit code an audit of this run gives, stated the same way everywhere: an incomplete audit is 3
    (never 0, even when the report itself was written with --allow-incomplete)."""
    if not run.results or any(not r.complete for r in run.results):
        return "3 (the audit is incomplete; only --allow-incomplete accepts it)"
    return f"{run.exit_code}" + (" (the policy fails a model)" if run.exit_code == 1 else "")


def content_digest(run: RunResult) -> str:
    """SHA-256 of the audit data the report shows (every model's facts and findings, canonical JSON): the
    running header of the PDF cites it, so a printed page can be matched to the run that produced it."""
    data = json.dumps([r.to_dict() for r in run.results], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def run_meta(run: RunResult, generated_at: str | None) -> dict[str, str]:
    """Auditor version and date for the provenance block (callers pass the date for reproducible output)."""

    # lazy: start-up (auditor)
    from auditor import __version__

    meta = run.meta or {}
    return {
        "auditor_version": str(meta.get("auditor_version") or __version__),
        "generated_at": generated_at or str(meta.get("date") or dt.datetime.now(dt.UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ")),
        "policy": display_path(text(run.policy_name)) if str(run.policy_name or "").startswith("/") else
        text(run.policy_name),
        "policy_digest": text(run.policy_digest),
    }
