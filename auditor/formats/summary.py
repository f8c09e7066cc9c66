"""The numbers and decisions every output format states the same way: what fails the run, what was not
checked, what was waived or suppressed, and a file's path from the repository root.

Why one module: each format used to decide on its own what a "failure" was (JUnit failed every warning on
a run that exited 0), and a count said one thing in Markdown and another in JUnit. Every format now asks
here, so the report agrees with the exit code and the summaries agree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.openness.classname import class_name
from auditor.results import SEVERITY_ORDER, AuditResult, Finding, Location, RunResult
from auditor.sources.catalog import GATE_MODE_NOT_SHOWN
from auditor.suppress import location_suppression
from auditor.textsafe import plain

DEFAULT_FAIL_ON = "error"


def as_dict(value: Any) -> dict[str, Any]:
    """A facts value read as a mapping: anything else (absent, malformed) is an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """A facts value read as a list: a scalar is a one-item list, None an empty one."""
    if isinstance(value, (list, tuple)):
        return list(value)
    return [] if value is None else [value]


def laundering_items(lineage: dict[str, Any], proper: bool = True) -> list[dict[str, Any]]:
    """lineage.laundering split by its `launders` flag (auditor/lineage/launder.py): proper=True the entries that
    drop a term which must travel (use restrictions, non-commercial, share-alike: laundering), False those that
    only owe a permissive license's carry conditions (Apache-2.0 §4 lets a derivative carry its own terms). An
    entry without the flag (facts from an older run) counts as laundering: unknown never reads as clean."""
    items = [as_dict(x) for x in as_list(lineage.get("laundering"))]
    return [x for x in items if bool(x.get("launders", True)) == proper]


def carry_owed_text(lineage: dict[str, Any]) -> str:
    """The carry conditions the declared license owes its permissive ancestors, one clause per ancestor."""
    return "; ".join(f"{x.get('ancestor')} ({x.get('ancestor_license')}) lets a derivative carry other terms but asks "
                     f"it to carry {x.get('carry') or ', '.join(map(str, as_list(x.get('dropped'))))}"
                     for x in laundering_items(lineage, proper=False))


def term_value(term: dict[str, Any]) -> Any:
    """A term's effective value as the terms tables show it: a list term not known to be empty is unknown (None),
    not none; the attribution's display phrases follow its notices (the Markdown and HTML tables alike)."""
    if "values" not in term:
        return term.get("value")
    if term["values"] == [] and term.get("known") is False:
        return None
    return [*term["values"], *(f'display prominently: "{d}"' for d in as_list(term.get("displays")))]


def fail_on(run: RunResult, override: str | None = None) -> str:
    """The policy's fail_on for this run (set by `auditor check` in run.meta), else the default policy's."""
    value = override or run.meta.get("fail_on") or DEFAULT_FAIL_ON
    return value if value in SEVERITY_ORDER else DEFAULT_FAIL_ON


def fails_run(finding: Finding, audit: AuditResult, threshold: str) -> bool:
    """True when this finding is what makes the run exit 1: active, at or above fail_on, and not one of
    the findings that only say why an incomplete audit is incomplete (those are exit code 3's business).
    The same rule as engine.verdict_for, applied to one finding."""
    # lazy: start-up (auditor.engine compiles the rules; text and JSON of a run do not need it otherwise)
    from auditor.engine import INCOMPLETENESS_RULES

    if not finding.active:
        return False
    if not audit.complete and finding.rule in INCOMPLETENESS_RULES:
        return False
    return SEVERITY_ORDER.get(finding.severity, 0) >= SEVERITY_ORDER[threshold]


def incomplete_fails(run: RunResult) -> bool:
    """Whether a model that could not be checked fails the run (exit 3) or was allowed (--allow-incomplete)."""
    return not bool(run.meta.get("allow_incomplete", False))


@dataclass(frozen=True)
class Counts:
    """One run's headline numbers (docs/output.md, "Summary")."""

    models: int
    failed: int
    not_checked: int
    findings: int  # active
    failing_findings: int  # active and at or above fail_on
    waived: int
    suppressed: int

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def counts(run: RunResult, threshold: str | None = None) -> Counts:
    level = fail_on(run, threshold)
    findings = [(f, a) for a in run.results for f in a.findings]
    return Counts(
        models=len(run.results),
        failed=sum(1 for a in run.results if a.verdict == "fail"),
        not_checked=sum(1 for a in run.results if not a.complete),
        findings=sum(1 for f, _ in findings if f.active),
        failing_findings=sum(1 for f, a in findings if fails_run(f, a, level)),
        waived=sum(1 for f, _ in findings if f.waived_by is not None),
        suppressed=sum(1 for f, _ in findings if f.waived_by is None and f.suppressed_by),
    )


def not_checked_sentence(run: RunResult) -> str | None:
    """The sentence every format prints when some models could not be checked (None when all were)."""
    missing = [a.model for a in run.results if not a.complete]
    if not missing:
        return None
    n, total = len(missing), len(run.results)
    how = ("allowed by --allow-incomplete: they were NOT checked against the policy"
           if not incomplete_fails(run) else "the audit is incomplete (exit code 3)")
    return f"{n} of {total} model{'s' if total != 1 else ''} could not be checked ({how})"


def suppressed_sentence(c: Counts) -> str | None:
    parts = []
    if c.suppressed:
        parts.append(f"{c.suppressed} finding{'s' if c.suppressed != 1 else ''} suppressed inline")
    if c.waived:
        parts.append(f"{c.waived} waived by the policy")
    return ", ".join(parts) if parts else None


def repo_path(run: RunResult, file: str) -> str:
    """A scanned file's path from the repository root (run.meta["path_prefix"] is the scanned folder's)."""
    prefix = run.meta.get("path_prefix") or ""
    path = file.replace("\\", "/").lstrip("/")
    if path.startswith("./"):
        path = path[2:]
    return f"{prefix}{path}" if isinstance(prefix, str) else path


@dataclass(frozen=True)
class Place:
    """One finding at one reference, with what it means for the run: the unit of the annotation formats."""

    audit: AuditResult
    finding: Finding
    location: Location | None  # None: the finding has no reference (a model named on the command line)
    status: str  # "fails" (fails the run), "below" (active, below fail_on), "waived", "suppressed"


def places(run: RunResult, threshold: str | None = None) -> list[Place]:
    """Every (finding, reference) of the run, most severe status first, in a stable order."""
    level = fail_on(run, threshold)
    out = []
    for audit in run.results:
        for finding in audit.findings:
            locs: list[Location | None] = list(finding.locations or audit.locations) or [None]
            for loc in locs:
                if finding.waived_by is not None:
                    status = "waived"
                elif finding.suppressed_by or (loc is not None and location_suppression(loc, finding.rule)):
                    status = "suppressed"
                elif fails_run(finding, audit, level):
                    status = "fails"
                else:
                    status = "below"
                out.append(Place(audit, finding, loc, status))
    order = {"fails": 0, "below": 1, "suppressed": 2, "waived": 3}
    return sorted(out, key=lambda p: order[p.status])


def mof_declared_note(openness: dict[str, Any]) -> str | None:
    """Beside the evidence-based MOF class, the class the Model Openness Tool's declaration reaches, when the
    tool holds one and the two differ (issue 19: a reviewer must see when the publisher's claim outruns what
    the evidence shows, or falls short of it). None when there is no declaration or both agree."""
    if not openness.get("mof_declared"):
        return None
    declared, evidence = openness.get("mof_class_declared"), openness.get("mof_class")
    if declared == evidence:
        return None

    return (f"the Model Openness Tool's declaration reaches {class_name(declared)}; the evidence here supports "
            f"{class_name(evidence)}")


# What `auditor lock` can pin, said wherever an output advises running it on an unpinned model: a lock written
# offline (or from a record without a SHA) holds `sha: null`, which pins nothing (ux26-9).
LOCK_PINS_WHEN = ("`auditor lock` pins only a revision whose SHA it reads (online from the Hub, or a local folder's "
                  "git or Hub metadata): a catalog record read offline stays unpinned")


def curated_declaration(facts: dict[str, Any]) -> str | None:
    """What the source declared and what a curation made of it, "other (card); curated to llama2 (cur.yaml:3)",
    when a curation corrected the model's own license (facts.license.curated), else None. Every output that
    shows a declared license shows this instead: `license.declared` then holds the curated value, and showing it
    as "llama2 (card)" told a reviewer the card said what only the policy says (docs/policy.md, Curations)."""
    cur = as_dict(as_dict(facts.get("license")).get("curated"))
    if not cur:
        return None
    where = f" ({cur['where']})" if cur.get("where") else " (policy)"
    what = "license_name " if cur.get("field") == "license_name" else ""
    return (f"{what}{plain(cur.get('declared'), 'none')} (card); curated to {plain(cur.get('value'), 'none')}"
            f"{where}")


def no_declared_license(facts: dict[str, Any]) -> str:
    """What to say when no license was declared, by what is known of the card: "none in the card" only when a
    card was read; a catalog record built from other sources (an openness declaration, a tag list) holds no
    card, and saying the card declares nothing would be a claim about a document nobody read."""
    present = as_dict(facts.get("card")).get("present")
    if present is True:
        return "none in the card"
    if present is False:
        return "none: the repository has no model card"
    return "not recorded: no model card was read"


SUSPECTED_TITLE = "Suspected bases (from the name, the prose, tags or a MOT record; not established)"


def suspected_said(item: dict[str, Any]) -> str:
    """One suspected base as the lineage section says it, the same in every format: the model or family, what
    suggested it, why (with the relation it implies) and the terms that would bind the model if it is confirmed."""
    family, hint = item.get("family") or "another model", item.get("hint")
    reason = item.get("reason") or ""
    likely = item.get("likely_license")
    terms = f"; terms if confirmed: {likely}" if likely and str(likely) not in str(reason) else ""
    return f"{family}" + (f" ({hint})" if hint else "") + (f": {reason}" if reason else "") + terms


def category_text(lic: dict[str, Any]) -> str | None:
    """The license section's category as the summaries say it: "proprietary" printed bare over a license whose
    category is the knowledge base's placeholder (LicenseEntry.category_placeholder: AI2's ImpACT, its text unread)
    read as a category someone established (review 37, M10); that is said beside it."""
    category = lic.get("category")
    if not isinstance(category, str) or not category:
        return None
    # lazy: start-up (the knowledge base loads only for a summary that names a category)
    from auditor.licenses.kb import load_kb

    kb = load_kb()
    entries = [e for e in (kb.get(str(i)) for i in lic.get("effective_ids") or ()) if e is not None]
    holders = [e for e in entries if e.category == category]
    if holders and all(e.category_placeholder for e in holders):
        return (f"{category} (not established: the knowledge base's placeholder for "
                f"{', '.join(e.id for e in holders)}, whose text was not read)")
    return category


def effective_license_text(lic: dict[str, Any], *, short: bool = False) -> str:
    """The effective license as every place of the review names it (page one, the summary, the license section, the
    text and Markdown summaries, the regulatory row). When nothing was identified but the evidence says the license
    is a custom one, that is said, with its name and where its text is, never a bare "unknown": a reviewer reading
    "unknown" on page one looks for a license nobody found, while the evidence says which one to read
    (xverse/XVERSE-65B-Chat-GGUF: ecosystem-graphs records the publisher's own model license and its address).
    `short` (a table cell) names the kind of source only; the full source is in the summary and the evidence."""
    effective = lic.get("effective")
    if effective and effective != "unknown":
        return str(effective)
    if lic.get("state") != "custom":
        return str(effective or "unknown")
    record = as_dict(lic.get("secondary_custom"))
    if record:
        link = record.get("link")
        where = f", text at {link}" if link else " (no address for its text is recorded)"
        source = "a third party's record" if short else record.get("source")
        return (f"custom license (the publisher's own model license){where}, per {source} (secondary; its terms were "
                "not read)")
    names = [str(n) for n in as_list(lic.get("custom_names"))]
    if names:
        return f"custom license ({'; '.join(names)}), its terms not read"
    raw = ", ".join(str(r) for r in as_list(lic.get("declared_raw"))) or "other"
    return f"custom license (unnamed: the card's metadata declares {raw} without a name), its terms not read"


def gate_mode_unshown(model: dict[str, Any]) -> bool:
    """Whether the gate was recorded from a source that showed the gate but not its approval mode (a stored Hub
    page: Falcon-180B, Llama-2-7b): the recorded "manual" is the stricter guess, never something seen, so the review
    must not state it as the gate's mode."""
    return model.get("gated") == "manual" and GATE_MODE_NOT_SHOWN in str(model.get("origin") or "")


def gate_label(model: dict[str, Any]) -> Any:
    """The recorded gate as a report row shows it: the stored "manual" of a gate whose mode was not shown says so;
    any other value as recorded."""
    if gate_mode_unshown(model):
        return "manual (approval mode not shown by the source; the stricter recorded)"
    return model.get("gated")


def _one_word_apart(a: list[str], b: list[str]) -> int | None:
    """The one word position where two messages (split at spaces) differ, None when they differ elsewhere too."""
    if len(a) != len(b):
        return None
    apart = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return apart[0] if len(apart) == 1 else None


def _joined(words: list[str]) -> str:
    """Several words that take one place in a sentence, as a list ("A, B and C"), the trailing punctuation they share
    ("cognitivecomputations/Dolphin-2.9,") kept once at the end."""
    tail = ""
    while words and all(w and w[-1] in ",;:." for w in words) and len({w[-1] for w in words}) == 1:
        tail = words[0][-1] + tail
        words = [w[:-1] for w in words]
    body = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"{body} ({len(words)} of them){tail}" if len(words) > 2 else body + tail


def grouped_findings(findings: list[Finding]) -> list[Finding]:
    """The findings as the report's table lists them: active findings of one rule, severity, title and fix whose
    messages differ in one word only (DAT003's dataset id: dolphin's ten "trained on X, whose license is not known"
    notes) become one row naming every such word, with their evidence together (review 37 L6: ten near-identical
    rows over two PDF pages). Waived or suppressed findings, and any that differ more, stay one row each; the
    findings themselves (JSON, counts, rules) are unchanged."""
    # lazy: start-up (dataclasses.replace only for a findings table)
    from dataclasses import replace

    out: list[Finding] = []
    groups: list[tuple[int, int | None, list[Finding]]] = []  # (index in out, word position, members)
    for finding in findings:
        words = finding.message.split(" ")
        for group in groups if finding.active else ():
            index, at, members = group
            first = members[0]
            if (first.rule, first.severity, first.title, first.remediation) != (
                    finding.rule, finding.severity, finding.title, finding.remediation):
                continue
            place = _one_word_apart(first.message.split(" "), words)
            if place is not None and at in (None, place):
                members.append(finding)
                groups[groups.index(group)] = (index, place, members)
                break
        else:
            if finding.active:
                groups.append((len(out), None, [finding]))
            out.append(finding)
    for index, at, members in groups:
        if at is None or len(members) < 2:
            continue
        words = members[0].message.split(" ")
        words[at] = _joined([m.message.split(" ")[at] for m in members])
        # the first one's evidence, and a line for the others: theirs differs by the word the message names, and
        # all of it, repeated, kept the row as long as the rows it replaced (the JSON report lists each in full)
        more = {"others": f"the same evidence for each of the other {len(members) - 1}, with the "
                          "one the message names in place of the first's "
                          "(the JSON report lists each finding in full)"}
        out[index] = replace(members[0], message=" ".join(words), evidence=(*members[0].evidence, more))
    return out
