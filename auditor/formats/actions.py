"""Page one of the review: the decision, the next actions it takes to approve, and the sources behind it.

Why derived, never written per model: a reviewer approves on what this audit found, so every action comes from
a finding (a waiver for a failing rule), a fact (the gate, a missing revision, an offline source) or an
obligation of the effective terms (ship what the licenses ask with copies, or nothing where they allow no
distribution; pass the use policy on). An
action names the obligations it discharges by number (O1, O2, ...) instead of repeating them: each
obligation is written once, in the appendix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditor.formats.origin import origin_parts
from auditor.formats.questions import (
    PASS_ON_TEXT,
    commercial_contact,
    gate_mode_unshown,
    gated_bases,
    holds_said,
    hosted_notice_exempt,
    license_choices,
    licenses_of,
    no_commercial_offer,
    no_distribution,
    passes_on,
    prose_named_licenses,
    restricted_training_data,
    ship_items,
    suspected_notices,
    unestablished_bases,
)
from auditor.formats.summary import LOCK_PINS_WHEN, as_dict, as_list, fail_on, fails_run
from auditor.lineage.naming import LICENSOR_OWNERS, name_begins_with
from auditor.lineage.remedy import fold_remedies
from auditor.model import owner_and_name

if TYPE_CHECKING:
    from auditor.formats.review import ModelView
    from auditor.results import Finding, RunResult

_HUB_API = re.compile(r"huggingface\.co/api/models/")
_FIXTURE = re.compile(r"(?i)(?:^|[:/@])(?:tests?|cassettes|fixtures)/")
RECORDED_FIXTURE = "recorded copy (test fixture), not read at audit time"
_HOLDER = re.compile(r"[/.]")  # an OWNER/REPO or a host: origin.py names a copy's holder so, else by a first word


# The evidence section when no obligation carries a use policy's address: "none" read as "no use policy" beside
# a question 6 that names one written in the license (BLOOM's Attachment A, FLUX.1-dev, the Mistral licenses).
NO_POLICY_TEXT = "no separate text recorded (question 6 says where the use restrictions are written, if any)"


@dataclass(frozen=True)
class Action:
    text: str
    refs: tuple[str, ...] = ()  # obligation numbers (O1...) or rule ids the action answers
    # the action in a few words, for page one's compact list when the full texts do not fit there (issue 19 item 1:
    # FLUX.1-dev-LoRA-AntiBlur's actions moved whole to page 2, leaving page one without them); `headline` reads it
    short: str = ""


# characters of a compact action on page one: one printed line (about 118 characters of the list's text fill a line
# at 9.5 pt in WeasyPrint's layout of FLUX.1-dev-LoRA-AntiBlur) less its number and a margin for wide letters
COMPACT_CHARS = 104
_CLAUSE_END = re.compile(r"[;:]\s|\s\(")


# a rule id an action answers (LIN002, ACME001; not an obligation number, O1), and one followed by its title in
# parentheses as the full texts write it ("LIN002 (A base model could not be resolved)")
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]{0,9}\d{3}")
_TITLED_RULE = re.compile(r"\b([A-Z][A-Z0-9]{0,9}\d{3}) \([^()]{0,300}\)")


# what a one-line action may lose without losing its object: a closing parenthetical ("(the repository's file list
# is unknown)"), and the long form of the waiver's opening words
_LAST_ASIDE = re.compile(r"\s\((?![^()]{0,200}[/\d])[^()]{1,200}\)$")  # words only: an id or a line is the object
_WAIVER_OPENING = re.compile(r"^Legal waiver for (rules?) ([^:]{1,120}?), or fix it: ")
# where a clause of its own begins: the words before it are a whole instruction ("..., then re-audit")
_CLAUSE_BOUNDARY = re.compile(r",\s(?:then|and then|so|which|because|or|and)\s|;\s|\s\u2014\s")


def headline(action: Action, width: int = COMPACT_CHARS) -> str:
    """The action on one line: its short form, or else its text up to the first clause break. Longer than `width`,
    it loses first what is not its object (a closing parenthetical; "Legal waiver for rule X, or fix it:" said as
    "Waive X or fix:"), then whole clauses from the end, marked with an ellipsis since the full text follows in the
    appendix; never a cut inside a clause: page one read "The declared license cannot be checked against the…"
    (review 37 L2), so a label with no clause to drop is given whole (it wraps). Every rule id the action answers
    stays in it: page one read "a waiver for rules LIN002" where the action was for LIN002 and LIN010, the text's first
    clause break falling inside the first rule's title (review pass 32)."""
    said = action.short or _CLAUSE_END.split(_TITLED_RULE.sub(r"\1", action.text), 1)[0]
    rules = [r for r in action.refs if _RULE_ID.fullmatch(r)]

    def fits(text: str) -> bool:
        return len(text) + len(_rules_left_out(rules, text)) <= width

    for shorter in (said, _LAST_ASIDE.sub("", said), _WAIVER_OPENING.sub(r"Waive \2 or fix: ", said),
                    _LAST_ASIDE.sub("", _WAIVER_OPENING.sub(r"Waive \2 or fix: ", said))):
        if fits(shorter):
            return shorter + _rules_left_out(rules, shorter)
    compact = _LAST_ASIDE.sub("", _WAIVER_OPENING.sub(r"Waive \2 or fix: ", said))
    for boundary in reversed(list(_CLAUSE_BOUNDARY.finditer(compact))):
        cut = compact[:boundary.start()].rstrip(" ,;") + "\u2026"
        if fits(cut) and boundary.start() > width // 3:
            return cut + _rules_left_out(rules, cut)
    return compact + _rules_left_out(rules, compact)


def _rules_left_out(rules: list[str], said: str) -> str:
    """" (LIN010)": the rule ids `said` does not name, for the end of a one-line action; "" when it names them all."""
    missing = [r for r in rules if not re.search(rf"\b{r}\b", said)]
    return f" ({', '.join(missing)})" if missing else ""


@dataclass(frozen=True)
class Source:
    """Where the facts came from: primary (the Hub at a SHA, the publisher's own file) or a third-party copy."""

    kind: str  # primary | secondary
    what: str



def _refs(view: ModelView, groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"O{i}" for i, ob in enumerate(view.obligations, 1) if ob.group in groups and not ob.unknown)


def _finding_actions(view: ModelView, run: RunResult) -> list[Action]:
    """A waiver (or the fix) for every rule that fails the run; the rules that one license alone causes are asked in
    one action (P4 of review pass 29: FLUX.1-dev-LoRA-AntiBlur's page one asked three waivers, LIC001, LIC007 and
    LIN005, all for the one FLUX.1 [dev] non-commercial license, and said "the rights holder" where question 27 names
    Black Forest Labs)."""
    level = fail_on(run)
    failing: dict[str, list[Finding]] = {}
    for finding in view.findings:
        if fails_run(finding, view.result, level):
            failing.setdefault(finding.rule, []).append(finding)
    by_license: dict[str, list[str]] = {}
    by_bases: dict[tuple[str, ...], list[str]] = {}
    for rule, hits in failing.items():
        caused = {cause_license(f) for f in hits}
        if len(caused) == 1 and None not in caused:
            by_license.setdefault(str(next(iter(caused))), []).append(rule)
        elif (unread := _unread_bases_of(hits)) is not None:
            by_bases.setdefault(unread, []).append(rule)
    out = []
    done: set[str] = set()
    for rule in failing:
        if rule in done:
            continue
        license_id = next((lid for lid, rules in by_license.items() if rule in rules and len(rules) > 1), None)
        same = next((rules for rules in by_bases.values() if rule in rules and len(rules) > 1), None)
        rules = by_license[license_id] if license_id else (same or [rule])
        done.update(rules)
        # every distinct fix of the rules' hits: an item may carry its own (a base named only in the prose)
        # (bases named only in the prose are listed in one fix, not one fix each: a merge names several)
        fixes = _distinct(fold_remedies(list(dict.fromkeys(
            f.remediation for r in rules for f in failing[r] if f.remediation))))
        cause = license_id or _one_cause(failing[rule])
        holder, none_offered = commercial_contact(view.facts, cause), no_commercial_offer(view.facts, cause)
        fixes = [_name_holder(_ASK_WAIVER.sub("", _OBTAIN.sub(f"; {none_offered}", fix) if none_offered else fix),
                              holder) for fix in fixes]
        titles = _and([f"{r} ({failing[r][0].title})" for r in rules])
        bases = _same_unread_bases(rules, failing)
        if bases:
            # the first rule's fix reads the bases; the others' (LIN010: compare the terms) follow once they are read
            first = [_name_holder(_ASK_WAIVER.sub("", fix), holder) for fix in _distinct(fold_remedies(list(
                dict.fromkeys(f.remediation for f in failing[rules[0]] if f.remediation))))]
            fix = f"; or fix them: {' '.join(first)}" if first else ""
            many = len(bases) > 1
            which = ((f"the same {len(bases)} unread bases" if many else "the unread base")
                     if all(b in fix for b in bases)
                     else f"the unread base{'s' if many else ''} {', '.join(bases)}")  # the fix names them already
            out.append(Action(f"Get a waiver from legal for rules {titles}, {'both' if len(rules) == 2 else 'all'} "
                              f"about {which}{fix}", tuple(rules)))
        elif len(rules) == 1:
            fix = f" or fix it: {' '.join(fixes)}" if fixes else ""
            out.append(Action(f"Get a waiver from legal for rule {titles}{fix}", (rule,),
                              f"Legal waiver for rule {rule}, or fix it: {failing[rule][0].title}"))
        else:
            fix = f"; or fix them: {' '.join(fixes)}" if fixes else ""
            out.append(Action(f"Get a waiver from legal for rules {titles}, all caused by one license, {license_id}"
                              f"{fix}", tuple(rules),
                              f"Legal waiver for rules {', '.join(rules)}: one license, {license_id}"))
    return out


def _unread_bases_of(hits: list[Finding]) -> tuple[str, ...] | None:
    """The bases a rule's findings are all about when each is about one base that could not be read (LIN002: an
    unresolved base, its evidence item's id; LIN010: a base whose terms cannot be compared, its ancestor, unread);
    None when any finding is about something else."""
    out: list[str] = []
    for finding in hits:
        items = [as_dict(as_dict(e).get("item")) for e in finding.evidence or ()]
        ids = [str(i.get("id")) for i in items if finding.rule == "LIN002" and i.get("id")] + [
            str(i.get("ancestor")) for i in items if i.get("ancestor_record") == "unread" and i.get("ancestor")]
        if len(ids) != 1:
            return None
        out.append(ids[0])
    return tuple(sorted(set(out), key=str.lower)) or None


def _same_unread_bases(rules: list[str], failing: dict[str, list[Finding]]) -> tuple[str, ...]:
    """The unread bases several rules are all about (LIN002 and LIN010 on a merge's four unread parts: two actions,
    one spelling out four card lines, said one thing twice, review pass 30 P2); empty for one rule or other causes."""
    if len(rules) < 2:
        return ()
    sets = {_unread_bases_of(failing[r]) for r in rules}
    return next(iter(sets)) or () if len(sets) == 1 else ()


# LIC007's "or obtain a commercial license from the rights holder", where question 27 finds none is offered
_OBTAIN = re.compile(r",? or obtain a commercial license from the rights holder(?=\.|$)")
# a fix's own "or ask legal for a waiver ...": the action asks for that waiver already (LIC001's remedy said it twice)
_ASK_WAIVER = re.compile(r",? or ask legal for a waiver\b[^.]*(?=\.)")
_LICENSE_TOKEN = re.compile(r"[^\s()]+")


def _named(license_id: str, message: str) -> bool:
    """Whether the message names the license id as a whole token (LicenseRef-Llama-3 is not in LicenseRef-Llama-3.1)."""
    return re.search(r"(?<![\w.+-])" + re.escape(license_id) + r"(?![\w+-]|\.\w)", message) is not None


def _license_candidates(value: Any, out: list[str]) -> None:
    """The license ids a finding's evidence holds: an item's `license`, the license that opens each of a term's
    `sources` ("CC-BY-NC-4.0 Section 1(i) (model)"), and the ids of a `license.effective` expression."""
    if isinstance(value, dict):
        if isinstance(value.get("license"), str):
            out.append(value["license"])
        if value.get("fact") == "license.effective" and isinstance(value.get("value"), str):
            out.extend(t for t in _LICENSE_TOKEN.findall(value["value"]) if t.upper() not in ("AND", "OR", "WITH"))
        sources = value.get("sources")
        for source in sources if isinstance(sources, list) else ():
            if isinstance(source, str) and source.split():
                out.append(source.split()[0])
        for key, inner in value.items():
            if key != "sources":
                _license_candidates(inner, out)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            _license_candidates(inner, out)


def cause_license(finding: Finding) -> str | None:
    """The one license a finding stems from: of the license ids its evidence holds, the one its message names; None
    when it names none or several (a finding about a combination, an unread base, a missing file)."""
    found: list[str] = []
    _license_candidates(finding.evidence, found)
    named = [x for x in dict.fromkeys(found) if _named(x, finding.message)]
    return named[0] if len(named) == 1 else None


def _one_cause(hits: list[Finding]) -> str | None:
    causes = {cause_license(f) for f in hits}
    return next(iter(causes)) if len(causes) == 1 else None


def _distinct(fixes: list[str]) -> list[str]:
    """The fixes without one another's repeats: LIN005's "Use a model whose whole lineage allows commercial use." is
    the start of LIC007's, which goes on "..., or obtain a commercial license from the rights holder."."""
    bare = [fix.rstrip(". ") for fix in fixes]
    return [fix for i, fix in enumerate(fixes)
            if not any(j != i and (bare[j].startswith(bare[i]) and (len(bare[j]) > len(bare[i]) or j < i))
                       for j in range(len(fixes)))]


def _name_holder(fix: str, holder: str | None) -> str:
    """A fix that sends the reader to "the rights holder", saying who that is where questions 1 and 27 know it."""
    if not holder or "the rights holder" not in fix:
        return fix
    return fix.replace("the rights holder", f"the rights holder, {holder}", 1)


# a rule whose fix is a human sign-off (LIC003's "Have legal review ..., then waive this rule", LIC016's "Have the
# license text reviewed, then waive"): below the failing level it asks for no waiver, but approval waits on it
_SIGN_OFF = re.compile(r"(?i)\bhave (?:legal|the license text) review|\bthen waive\b")


def _review_actions(view: ModelView, run: RunResult) -> list[Action]:
    """The legal review the policy requires before approval, for each active finding below the failing level whose
    remedy is a review and a waiver (W3 of review pass 27: deepseek-coder under LicenseRef-DeepSeek, on the policy's
    review list, listed shipping and pinning on page one and left the review out, so a reviewer following page one
    approved without it). A failing finding is already a waiver action (_finding_actions)."""
    level = fail_on(run)
    out: list[Action] = []
    seen: set[str] = set()
    for finding in view.findings:
        if finding.rule in seen or not finding.active or fails_run(finding, view.result, level) \
                or not _SIGN_OFF.search(finding.remediation or ""):
            continue
        seen.add(finding.rule)
        out.append(Action(f"Have legal review the model before approval, as the policy requires ({finding.title}: "
                          f"{finding.message}), and record the approval reference as the waiver ticket below",
                          (finding.rule,), f"Legal review before approval, as the policy requires ({finding.rule}: "
                          f"{finding.title})"))
    return out


def _pass_on_refs(view: ModelView) -> tuple[str, ...]:
    """The carry obligation that passes the use restrictions on to recipients (Gemma §3.1, OpenRAIL 4.a): page one
    says that duty with the use policy ("... and write it into your terms with recipients"), so it is referred to
    there and not again among the carry conditions of the ship action (it was referred to by both)."""
    return tuple(f"O{i}" for i, ob in enumerate(view.obligations, 1)
                 if ob.group == "carry" and not ob.unknown and ob.text.startswith(PASS_ON_TEXT))


def _obligation_actions(view: ModelView) -> list[Action]:
    out = []
    aup = _refs(view, ("aup",))
    pass_on_refs = _pass_on_refs(view) if aup and passes_on(view.facts) else ()
    ship = tuple(r for r in _refs(view, ("notices", "carry")) if r not in pass_on_refs)
    barred = no_distribution(view.facts)
    if ship and barred:
        verb = "allows" if len(barred) == 1 else "allow"
        out.append(Action(f"Do not distribute the model or derivatives: {', '.join(barred)} {verb} no "
                          "distribution; keep its notices in every copy you hold", ship,
                          f"Do not distribute the model or derivatives ({', '.join(barred)} {verb} no distribution)"))
    elif ship:
        items = ship_items(view.facts)
        # a suspected base's fixed notice binds the copies too when the report says the suspicion (review 38 W1)
        base_notices = "".join(f"; {said}" for said in suspected_notices(view.facts))
        hosted = hosted_notice_exempt(view.facts)
        if hosted:  # the policy's use is a hosted service: which half of the duty it owes (review 37 M12)
            base_notices += (f"; for the policy's hosted service (distribution: saas), {', '.join(hosted)} owes that "
                             "file only with copies distributed other than through a hosted service, while its other "
                             "carry conditions bind the service too (question 7)")
        out.append(Action(f"With every copy you distribute, ship {', '.join(items)}, and meet the other carry "
                          f"conditions{base_notices}" if items else
                          f"Meet the carry conditions with every copy you distribute{base_notices}",
                          ship, "With every copy you distribute, ship the notice and license files and meet the "
                          "carry conditions" if items else ""))
    naming = _refs(view, ("naming",))
    if naming:
        out.append(_naming_action(view, naming))
    if aup:
        out.append(_use_policy_action(view, aup + pass_on_refs))
    conditions = [(what, refs) for what, refs in ((_users_checked(view), _refs(view, ("users",))),
                                                  (["the restrictions on outputs"], _refs(view, ("outputs",))),
                                                  (["the other conditions"], _refs(view, ("other",)))) if refs]
    if conditions:  # name only the kinds of condition this model has (an Apache model has no user limit)
        named = [item for what, _ in conditions for item in what]
        out.append(Action(f"Check the use against {_and(named)}",
                          tuple(ref for _, refs in conditions for ref in refs),
                          f"Check the use against {_and([what.removeprefix('the ') for what in named])}"))
    unknown = tuple(f"O{i}" for i, ob in enumerate(view.obligations, 1) if ob.unknown)
    if unknown:
        out.append(Action("Find out the terms the audit could not establish before use", unknown))
    return out


def _users_checked(view: ModelView) -> list[str]:
    """What the use is checked against for the model's user and commercial-use obligations, as each says it (a user
    limit, the one-off monthly-user test, the prohibition of commercial use, a condition): "the user limits and
    commercial terms" for CC-BY-NC-4.0, whose only such obligation is that commercial use is not allowed, named a
    user limit the license does not set (review pass 33 E3)."""
    checks = [ob.check or "the commercial terms" for ob in view.obligations if ob.group == "users" and not ob.unknown]
    return list(dict.fromkeys(checks))


def name_prefixes(facts: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(license, prefix, clause) of each name-prefix rule the model's licenses carry (Llama 3: "Llama 3"; Llama 3.1,
    3.2, 3.3: "Llama"), each once."""
    return [(license_id, prefix, clause) for license_id, prefix, clause, _ in _prefix_rules(facts)]


def _prefix_rules(facts: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """name_prefixes with each rule's scope: True when the clause also binds a model made with the licensed model's
    outputs (Llama 3.1 §1.b.i), False when it names the materials only (Llama 3 §1.b.i, GLM-4 §2), None when the
    KB does not record it. The scope is the clause's, never assumed: one sentence "improve one with it or its
    outputs" for every rule added a duty the GLM-4 and Llama 3 texts do not set (review 40 W3)."""
    out: dict[str, tuple[str, str, str, bool | None]] = {}
    for licensed in licenses_of(facts):
        term = licensed.entry.term("naming")
        prefix = term.get("name_prefix") if term is not None else None
        if isinstance(prefix, str) and prefix.strip() and prefix not in out:
            scope = term.get("prefix_covers_outputs")
            out[prefix] = (licensed.entry.id, prefix, str(term.clause or "").strip(),
                           scope if isinstance(scope, bool) else None)
    return list(out.values())


def _prefix_scope(scope: bool | None) -> str:
    """What a name-prefix rule binds, as its clause says."""
    if scope is True:
        return "fine-tune, train or improve one with it or with its outputs"
    if scope is False:
        return "fine-tune, train or improve one with it; the clause names the model's materials, not its outputs"
    return "fine-tune, train or improve one with it; whether a model made with its outputs is bound is not recorded"


def _naming_action(view: ModelView, refs: tuple[str, ...]) -> Action:
    """The naming and display duty. A name-prefix rule binds a model someone builds from the licensed one and
    distributes (Llama 3.1 §1.b.i: its name must begin with "Llama"), not the use of the model as it is: the action
    says so, or a reviewer reads it as a duty to rename the product. For a third party's copy it states whether that
    copy's own name begins with the prefix: a fact about what is being approved, not advice."""
    scoped = _prefix_rules(view.facts)
    rules = [(license_id, prefix, clause) for license_id, prefix, clause, _ in scoped]
    if not rules:
        return Action("Follow the naming and display duty in the product and its documentation", refs)
    scopes = list(dict.fromkeys(scope for *_, scope in scoped))
    if len(scopes) == 1:  # one scope: said once, before the rules
        said = "; ".join(f'its name must begin with "{prefix}" ({license_id}{" " + clause if clause else ""})'
                         for license_id, prefix, clause in rules)
        built = f"if you build a model from this one ({_prefix_scope(scopes[0])}) and distribute that model, "
    else:  # Llama 3 beside Llama 3.1: each rule with its own scope, never one sentence mixing them
        said = "; ".join(f'its name must begin with "{prefix}" ({license_id}{" " + clause if clause else ""}: '
                         f"{_prefix_scope(scope)})" for license_id, prefix, clause, scope in scoped)
        built = "if you build a model from this one and distribute that model, "
    others = [ob for ob in view.obligations if ob.group == "naming" and not ob.unknown
              and not any(f'"{prefix}"' in ob.text for _, prefix, _ in rules)]
    display = "Follow the display duty in the product and its documentation; " if others else ""
    text_ = f"{display}{built}{said}"
    split = owner_and_name(view.id)
    if split is not None and split[0].lower() not in LICENSOR_OWNERS:
        facts_ = [f"the audited repository's own name, {split[1]}, "
                  f"{'begins' if name_begins_with(split[1], prefix) else 'does not begin'} with \"{prefix}\""
                  for _, prefix, _ in rules]
        text_ += f" ({'; '.join(facts_)})"
    prefixes = " / ".join(f'"{prefix}"' for _, prefix, _ in rules)
    short = (f"{'Display duty; ' if others else ''}a model you build from it and distribute: "
             f"name begins with {prefixes}")
    return Action(text_[:1].upper() + text_[1:], refs, short)


def _use_policy_action(view: ModelView, refs: tuple[str, ...]) -> Action:
    """Accept a use policy only where one exists: a license that writes its restrictions itself (the Microsoft
    Research License Terms §2.d, FLUX.1 [dev] §2, BLOOM's Attachment A) has no policy document to accept, and
    "Accept and follow the use policy" sent a reviewer looking for one (review pass 30, Beyonder-4x7B-v2)."""
    aup = [ob for i, ob in enumerate(view.obligations, 1) if f"O{i}" in refs and ob.group == "aup"]
    separate, written = any(not ob.in_license for ob in aup), any(ob.in_license for ob in aup)
    pass_on = passes_on(view.facts)
    if separate:
        said = "Accept and follow the use policy" + (" and the use restrictions written in the license" if written
                                                     else "")
        return Action(said + (" and write it into your terms with recipients" if pass_on else ""), refs)
    return Action("Follow the use restrictions written in the license" + (
        " and write them into your terms with recipients" if pass_on else ""), refs)


def _base_gate_actions(view: ModelView) -> list[Action]:
    """One action per gated base whose weights this copy holds (question 22): a quantization skips the base's gate
    on download, not the license accepted there. Not for a base of the same publisher under a license the model's
    own gate already collects (Meta-Llama-3-70B-Instruct's base, review pass 34 E3): the one acceptance the model's
    gate records covers it, and a second action asked the same thing twice."""
    model = as_dict(view.facts.get("model"))
    own_gate = model.get("gated") not in (None, False, "unknown")
    owner = str(model.get("id") or view.id).split("/", 1)[0].lower()
    own_ids = {str(i) for i in as_list(as_dict(view.facts.get("license")).get("effective_ids"))}
    return [Action(f"Accept the license of the gated base {base.get('id')} ({base.get('license') or 'its license'}) "
                   f"as its Hub gate asks, and record the acceptance: {holds_said([base])}", (),
                   f"Accept the gated base's license and record it: {base.get('id')}")
            for base in gated_bases(view.facts)
            if not (own_gate and str(base.get("id") or "").split("/", 1)[0].lower() == owner
                    and str(base.get("license") or "") in own_ids)]


def _fact_actions(view: ModelView) -> list[Action]:
    model = as_dict(view.facts.get("model"))
    out = []
    gated = model.get("gated")
    accepted = as_dict((view.locked or {}).get("acceptance"))
    if gated not in (None, False, "unknown") and not (accepted.get("by") and accepted.get("sha") == model.get("sha")):
        mode = "approval mode not recorded" if gate_mode_unshown(model) else gated
        out.append(Action(f"Accept the publisher's gate on the Hub ({mode}) and record who accepted it, when, "
                          "and which license version (`auditor lock --accepted-by NAME`)", (),
                          "Accept the publisher's Hub gate and record the acceptance (`auditor lock --accepted-by`)"))
    out.extend(_base_gate_actions(view))
    out.extend(_prose_license_action(view))
    out.extend(_pin_actions(view, model))
    missing = [what for what, unknown in (("the gate", gated in (None, "unknown")),
                                          ("the gate's approval mode", gate_mode_unshown(model)),
                                          ("the file list", as_dict(view.facts.get("files")).get("known") is not True),
                                          ("the revision", not model.get("sha"))) if unknown]
    if missing or model.get("source") == "catalog" or not view.facts.get("complete"):
        read = (f"to read {_and(missing)} from the Hub" if missing
                else "to confirm the recorded facts against the Hub's current revision")
        if model.get("source") == "local":
            out.append(Action(f"{_hub_audit(view.id)} {read}; this audit read a local directory, which holds "
                              "none of them", (), f"Audit the Hub repository the directory was copied from, {read}"))
        else:
            out.append(Action(f"Re-audit online (`auditor report {view.id}` without --offline) {read}", (),
                              f"Re-audit online {read}"))
    return out


def _hub_repo(model_id: str) -> str | None:
    """The Hub repository a local directory stands for: its id when given (`--as org/name`), or the `org__name`
    folder name read back as org/name; None when the folder name says no owner."""
    # lazy: start-up (lineage's name reading is only needed for a local directory)
    from auditor.lineage.suspect import split_owner

    if "/" in model_id:
        return model_id
    owner, name = split_owner(model_id)
    return f"{owner}/{name}" if owner else None


def _hub_audit(model_id: str) -> str:
    """The command that audits, on the Hub, the repository a local directory was copied from: a local folder has
    no gate, no Hub revision and no Hub file list, so "re-audit it online" would read the same folder again."""
    repo = _hub_repo(model_id)
    if repo is None:
        return ("Audit the Hub repository the directory was copied from (`auditor report ORG/NAME`, or this "
                "directory with `--as ORG/NAME`)")
    return f"Audit the Hub repository it was copied from (`auditor report {repo}` without --offline)"


def _prose_license_action(view: ModelView) -> list[Action]:
    """The license the card's prose names when its metadata declares none the audit knows (Qwen-14B: the Tongyi
    Qianwen agreement, linked from its "License Agreement" section): the questions read it, the verdict cannot;
    recording it is what turns the answers into a verdict."""
    named = prose_named_licenses(view.facts)
    if not named:
        return []
    return [Action(f"Confirm the license the card's prose names ({', '.join(named)}) and record it (the card's "
                   "`license:` field, or a catalog), then re-audit: the verdict above does not use it", (),
                   f"Confirm and record the license the card's prose names ({', '.join(named)}), then re-audit")]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _pin_actions(view: ModelView, model: dict[str, Any]) -> list[Action]:
    """Pin the revision; with an auditor.lock (`report --lock`), audit the revision it pins, or resolve the
    mismatch when the lock pins another one than the audited."""
    sha, lock = model.get("sha"), view.locked or {}
    locked, lock_file = lock.get("sha"), lock.get("file")
    if lock.get("edited"):  # its pins are not the lock's result (report.lock_pin): nothing to audit or compare
        return [Action(f"Re-lock before approving: {lock['edited']}", (),
                       f"Re-lock: {lock_file}'s entry was edited (run `auditor lock`)")]
    if not sha and locked:
        return [Action(f"Re-audit the revision {lock_file} pins: `auditor report {view.id}@{locked}`; the audited "
                       "revision is NOT PINNED", (), f"Re-audit the revision {lock_file} pins (NOT PINNED now)")]
    if not sha and model.get("source") == "local":
        repo = _hub_repo(view.id) or "ORG/NAME"
        return [Action(f"Pin the revision: a local directory has no revision SHA; audit the Hub repository at the "
                       f"revision the files came from (`auditor report {repo}@<sha>`) and lock it (`auditor lock`); "
                       "the audited revision is NOT PINNED", (),
                       "Pin the revision: audit the Hub repository at a SHA and lock it (NOT PINNED now)")]
    if not sha:
        return [Action(f"Pin the revision: run `auditor lock` online (or audit {view.id}@<sha>); "
                       f"{LOCK_PINS_WHEN}; the audited revision is NOT PINNED", (),
                       "Pin the revision with `auditor lock` online (the audited revision is NOT PINNED)")]
    if locked and locked != sha:
        return [Action(f"Resolve the revision mismatch: {lock_file} pins {locked}, the audit read {sha}; re-lock "
                       "or audit the locked revision", (), f"Resolve the revision mismatch with {lock_file}")]
    return []


def _data_actions(view: ModelView, run: RunResult) -> list[Action]:
    """Training data under non-commercial or no-derivatives terms (DAT001, DAT002) that the policy rates below
    failing: no waiver is asked, but a commercial use over such data is a decision for legal, taken before
    approval; a policy that declares no commercial use leaves only the no-derivatives question."""
    level = fail_on(run)
    commercial = as_dict(as_dict(view.facts.get("policy")).get("use")).get("commercial") is not False
    wanted = ("DAT001", "DAT002") if commercial else ("DAT002",)
    rules = list(dict.fromkeys(f.rule for f in view.findings
                               if f.rule in wanted and not fails_run(f, view.result, level)))
    if not rules:
        return []
    kinds = ("noncommercial", "no-derivatives") if commercial else ("no-derivatives",)
    said = restricted_training_data(view.facts, kinds) or "training data under restrictive terms"
    return [Action(f"Have legal assess whether the terms of the training data reach your use of the model: {said} "
                   "(question 25); or get permission from the datasets' rights holders", tuple(rules),
                   "Legal to assess whether the training data's terms reach your use (question 25)")]


def _choice_actions(view: ModelView) -> list[Action]:
    """An OR choice the audit read the model under (LIC017): the reading holds only once the organisation records
    that it takes that license, so approving the model starts there."""
    return [Action(f"Record that the organisation takes {c.get('take')} under the choice {c.get('expression')} (in "
                   "the compliance file and with the notices shipped): the audit read the model under it",
                   ("LIC017",), f"Record that the organisation takes {c.get('take')} under {c.get('expression')}")
            for c in license_choices(view.facts)]


def next_actions(view: ModelView, run: RunResult) -> tuple[Action, ...]:
    """What it takes to approve this model, in the order a reviewer works: waivers, then obligations, then
    the facts to complete (gate, pin, re-audit)."""
    waivers = _finding_actions(view, run)
    asked = {ref for action in waivers for ref in action.refs}
    return tuple(waivers + _review_actions(view, run) + _choice_actions(view) + _data_actions(view, run)
                 + _base_actions(view, asked) + _obligation_actions(view) + _fact_actions(view))


# what a shared action's text says where each model it applies to wrote its own id (a command such as
# `auditor report <model>`), as the pin action writes `<sha>` for a revision still to be read
MODEL_SLOT = "<model>"


@dataclass(frozen=True)
class SharedAction:
    """One item of a multi-model report's single numbered list (issue 19 item 1: two models with about seven
    actions each moved both lists to page 2): an action that several models ask in the same words is listed once,
    with the models it applies to, and with the obligation numbers or rules it answers for each of them (each model's
    obligations are numbered in its own appendix)."""

    action: Action  # its text with each model's own id written as MODEL_SLOT when it applies to several
    models: tuple[str, ...]  # in the report's order
    refs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (model, what it answers for that model)


def _own_id(model_id: str) -> re.Pattern[str]:
    """The model's id as a whole word: not a base's longer id it begins (meta-llama/Llama-3.1-8B inside
    meta-llama/Llama-3.1-8B-Instruct), and with a revision after it (`@<sha>`) still the id."""
    return re.compile(r"(?<![\w./-])" + re.escape(model_id) + r"(?![\w-]|\.\w)")


def combined_actions(views: list[ModelView], run: RunResult) -> tuple[SharedAction, ...]:
    """Every model's next actions as one list, grouped by the models they apply to: the actions all models share
    first, then the ones of fewer models, each model's own after those; within a group, in the order a reviewer works
    (each model's own order). Two actions are one when their texts are the same once each model's id is set aside."""
    entries: dict[str, tuple[Action, list[str], list[tuple[str, tuple[str, ...]]]]] = {}
    order = {view.id: n for n, view in enumerate(views)}
    for view in views:
        own = _own_id(view.id)
        for action in next_actions(view, run):
            key = own.sub(MODEL_SLOT, action.text)
            first, models, refs = entries.setdefault(key, (action, [], []))
            if view.id not in models:
                models.append(view.id)
                refs.append((view.id, action.refs))
    out = []
    for key, (first, models, refs) in entries.items():
        action = first
        if len(models) > 1 and key != first.text:
            short = _own_id(models[0]).sub(MODEL_SLOT, first.short) if first.short else ""
            action = Action(key, first.refs, short)
        out.append(SharedAction(action, tuple(models), tuple(refs)))
    out.sort(key=lambda s: (-len(s.models), [order[m] for m in s.models]))
    return tuple(out)


def shared_refs(item: SharedAction) -> str:
    """What the item answers, for its parenthesis: the rule ids or obligation numbers once when they are the same
    for every model it applies to and name no obligation (rule ids are the same everywhere; O1 is each model's own
    first obligation), else model by model."""
    given = [(model, refs) for model, refs in item.refs if refs]
    if not given:
        return ""
    if len(item.models) == 1 or (len({refs for _, refs in given}) == 1 and len(given) == len(item.models)
                                 and not any(r.startswith("O") and r[1:].isdigit() for r in given[0][1])):
        return ", ".join(given[0][1])
    return "; ".join(f"{model}: {', '.join(refs)}" for model, refs in given)


# the findings that speak of a base whose terms are open (their ids are the action's references)
_BASE_RULES = ("LIN002", "LIN004", "LIN010", "LIN015", "LIN017", "CRD003")


def _base_actions(view: ModelView, asked: set[str]) -> list[Action]:
    """A base (or merged model) whose terms nobody established leaves questions 2, 4, 9 and 27 partial; page one
    must say so, or a reviewer approves on the declared license alone (s3nh's Yarn-Llama-2 GGUF declares OpenRAIL and
    its name says Llama 2, a CRD003 note only; Beyonder-4x7B-v2's tags name four merged models). Nothing when a waiver
    already asked for (`asked`, its rule ids) is about the base (an unresolved base fails LIN002): once is enough."""
    gaps = unestablished_bases(view.facts)
    refs = tuple(dict.fromkeys(f.rule for f in view.findings if f.rule in _BASE_RULES))
    if not gaps or asked & set(refs):
        return []
    return [Action("Establish the terms of what the model is made from before relying on its declared license "
                   f"alone: {'; '.join(gaps)}", refs,
                   "Establish the terms of what the model is made from (its bases or merged models)")]


def sources(view: ModelView) -> tuple[Source, ...]:
    """The model's recorded origins, primary sources first and third-party copies marked as such, each named by
    who holds it. The parts are read as auditor/formats/origin.py reads them (the text format's reading): a
    split at every "; " cut a part's parenthesised note in two ("(a copy of the Hub README, seen via search
    corpus 'code'" and "front matter transcribed in full)" shown as two sources), and only a repository in
    parentheses was seen as a copy, so "card: OWNER/REPO@SHA:README.md" held by a third party was not marked."""
    model = as_dict(view.facts.get("model"))
    out: list[Source] = []
    if model.get("source") in ("hub", "lock", "local") and model.get("sha"):
        out.append(Source("primary", f"{model.get('source')}: {view.id} at revision {model.get('sha')}"))
    for part in origin_parts(str(model.get("origin") or ""), view.id):
        api = _HUB_API.search(part.source)
        if api and f"/api/models/{view.id}".lower() in part.source.lower():
            # a response recorded as a test fixture of another project (huggingface_hub's tests/cassettes) is the
            # Hub's own words, but of that day, kept by someone else: plain "primary" read as read at audit time
            kind = RECORDED_FIXTURE if _FIXTURE.search(part.text()) else "primary"
            out.append(Source(kind, f"the Hub's API response for {view.id} (recorded copy: {part.text()})"))
        elif part.primary and not api:
            out.append(Source("primary", f"{part.holder}: {part.text()}"))
        elif _HOLDER.search(part.holder):  # a copy someone else holds (a repository or a site)
            out.append(Source("secondary", f"third-party copy held by {part.holder}: {part.text()}"))
        else:  # a recorded note that names no holder ("renamed from gpt2: the same revision SHA ...")
            out.append(Source("secondary", part.text()))
    out.sort(key=lambda s: (s.kind != "primary", s.kind != RECORDED_FIXTURE))
    return tuple(out)


def pin_state(view: ModelView) -> str:
    """"pinned at SHA (source)" or the NOT PINNED warning, with the lock's part when a lock was used."""
    model = as_dict(view.facts.get("model"))
    sha = model.get("sha")
    locked = view.locked or {}
    if locked.get("edited"):  # an edited entry's pins are not shown as the lock's result (report.lock_pin)
        state = (f"revision {sha} read from {model.get('source') or 'an unknown source'}" if sha else
                 "NOT PINNED: the audited revision is unknown (no SHA was read)")
        return f"{state}; {locked['edited']}"
    state = _pin_state(view, model, sha, locked)
    return f"{state}; {locked['unverified']}" if locked.get("unverified") else state


def _pin_state(view: ModelView, model: dict[str, Any], sha: Any, locked: dict[str, Any]) -> str:
    if not sha:
        if locked.get("sha"):
            return (f"NOT PINNED: the audited revision is unknown (no SHA was read); {locked['file']} pins "
                    f"{locked['sha']} (license {locked.get('license') or 'unknown'} when locked): re-audit "
                    f"{view.id}@{locked['sha']} before approving")
        # page one's banner stays short: the pin action below says when `auditor lock` can pin (LOCK_PINS_WHEN)
        return ("NOT PINNED: the audited revision is unknown (no SHA was read); pin it with `auditor lock` online "
                "(next actions) and re-audit before approving")
    if model.get("source") == "lock":
        return f"pinned at {sha} by auditor.lock"
    state = f"revision {sha} read from {model.get('source') or 'an unknown source'}"
    if locked.get("sha") and locked["sha"] != sha:
        return (f"{state}; {locked['file']} pins a different revision, {locked['sha']} (license "
                f"{locked.get('license') or 'unknown'} when locked): `auditor check --locked` reports the change")
    if locked.get("sha"):
        return f"{state}, the revision {locked['file']} pins"
    return f"{state} (no auditor.lock used)"
