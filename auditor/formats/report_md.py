"""The procurement review as Markdown, for wikis (GitHub, GitLab, Confluence imports).

Same sections and same data as the HTML report (auditor/formats/review.py gathers both), without a
character budget: a wiki page is meant to hold the whole review. The lineage is a nested list (every
wiki renders lists) followed by a Mermaid diagram (GitHub and GitLab draw it). Every value from a card goes through
`auditor.formats.markdown.escape`, which neutralises HTML, Markdown syntax, @mentions and control
characters, so a hostile card cannot inject links, images or markup into the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from auditor.formats.actions import NO_POLICY_TEXT, next_actions, pin_state, sources
from auditor.formats.markdown import escape as _md_escape
from auditor.formats.paths import scrub_paths
from auditor.formats.questions import (
    MOF_VERSUS_TITLE,
    answered_count,
    answers,
    component_cells,
    dataset_license_cell,
    dataset_note_marks,
    mof_versus_evidence,
    no_datasets_said,
    review_term_sources,
    review_term_value,
)
from auditor.formats.regulatory import regulatory
from auditor.formats.review import (
    OBLIGATION_GROUPS,
    SECTION_TITLES,
    VERDICT_TEXT,
    LineageView,
    ModelView,
    as_dict,
    as_list,
    content_digest,
    decision_text,
    declared_text,
    exit_code_text,
    model_view,
    run_meta,
    text,
)
from auditor.formats.review import policy_files as policy_file_digests
from auditor.formats.summary import (
    SUSPECTED_TITLE,
    carry_owed_text,
    category_text,
    effective_license_text,
    grouped_findings,
    laundering_items,
    mof_declared_note,
    suspected_said,
)
from auditor.openness.classname import facts_class_name
from auditor.results import RunResult
from auditor.textsafe import utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext

MAX_CELL = 600



def _laundering_line(lineage: dict[str, Any]) -> str:
    """"yes" only where a declared license drops a term that must travel; a permissive ancestor's carry
    conditions alone are named as what they are, never as laundering."""
    if laundering_items(lineage):
        return "**yes**"
    owed = carry_owed_text(lineage)
    return f"not found (the base's license permits other terms on a derivative; {md(owed)})" if owed else "not found"

# a question's answer, a regulatory row, and the evidence (a finding's message, a source of the facts, the recorded
# origin): exact notice texts and whole use policies fit, and the Markdown report no longer cut the evidence the HTML
# holds (review 37 L5: the origin note explaining incoder's developer exclusion was cut)
ANSWER_CELL = 5000
CUT_MARK = " … [cut here: {more} more characters; the HTML and JSON reports hold the full text]"


def md(value: Any, default: str = "unknown", limit: int | None = MAX_CELL) -> str:
    """A value for a cell or line, escaped; a value over `limit` is cut at a word and says so (hermes3's question 6
    in Markdown ended "disclose known dangers of the AI system to en…": a reader could not tell a cut use-policy
    item from the policy's own end)."""
    value = scrub_paths(text(value, default))
    value = " ".join(value.split())
    if limit is None or len(value) <= limit:
        return _md_escape(value, limit=None)
    head = value[:limit]
    word = head.rfind(" ")
    head = head[:word] if word > limit * 3 // 4 else head
    head = head.rstrip(" ,;:")
    return _md_escape(head + CUT_MARK.format(more=f"{len(value) - len(head):,}"), limit=None)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], empty: str = "None.") -> list[str]:
    rows = list(rows)
    if not rows:
        return [f"_{empty}_", ""]
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    out.append("")
    return out


def _lineage_tree(view: LineageView) -> list[str]:
    """The lineage as a nested list from the audited model down, each node once (repeats say so)."""
    by_child: dict[str, list[Any]] = {}
    for edge in view.edges:
        by_child.setdefault(edge.child, []).append(edge)
    root = next((n for n in view.nodes if n.root), None)
    if root is None:
        return ["_No lineage._"]
    out: list[str] = []
    seen: set[str] = set()

    def walk(node_id: str, depth: int, relation: str | None, inferred: bool, bad: bool) -> None:
        node = view.node(node_id)
        if node is None:
            return
        rel = f"{relation}{' (inferred)' if inferred else ''}" if relation else ""
        mark = " **⚠ license laundering**" if node.laundering or bad else ""
        kind = "dataset " if node.kind == "dataset" else ""
        repeat = " (shown above)" if node_id in seen else ""
        shown = f"{md(rel) + ' → ' if rel else ''}{kind}{md(node.name, limit=200)}: {md(node.license)}"
        out.append(f"{'  ' * depth}- {shown}{mark}{repeat}")
        if node_id in seen:
            return
        seen.add(node_id)
        for edge in by_child.get(node_id, ()):
            walk(edge.base, depth + 1, edge.relation, edge.inferred, edge.laundering)

    walk(root.id, 0, None, False, False)
    return out


def _mof_note(openness: dict[str, Any]) -> str:
    note = mof_declared_note(openness)
    return f" ({md(note)})" if note else ""


def _pin(view: ModelView) -> str:
    state = pin_state(view)
    return f"**{md(state)}**" if state.startswith("NOT PINNED") else md(state)


def _questions(view: ModelView) -> list[str]:
    items = answers(view.facts, view.locked)
    count = answered_count(items)
    out = [f"### {SECTION_TITLES['questions']}", "",
           f"{count['answered']} of {len(items)} answered in full, {count['partial']} in part, "
           f"{count['unanswered']} not answered by the sources. Clauses cite the license knowledge base; the words "
           "are the auditor's summary, not the license text.", ""]
    return out + _table(["#", "Question", "Answer", "Clause", "Status"],
                        [[str(a.number), md(a.question), md(a.answer, limit=ANSWER_CELL),
                          md("; ".join(a.clauses) or None, "-"), a.status] for a in items])


# An address a CommonMark autolink holds as written: http or https, then only the characters of RFC 3986 (no blank,
# `<`, `>`, backtick, backslash or `|`, which could end the link, format or split a table cell)
_AUTOLINK = re.compile(r"https?://[A-Za-z0-9][A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]*", re.IGNORECASE)


def autolink(url: Any) -> str:
    """An http(s) address as a Markdown autolink `<url>` (a reviewer opens the license text from a wiki page, P2 of
    review pass 29); anything else, or an address holding a character an autolink cannot, as escaped text."""
    value = "" if url is None else str(url).strip()
    if not value:
        return ""
    return f"<{value}>" if _AUTOLINK.fullmatch(value) and len(value) <= MAX_CELL else md(value)


def _regulatory(view: ModelView) -> list[str]:
    out = [f"### {SECTION_TITLES['regulatory']}", "",
           "Facts from the audit against each provision, with its source; the conclusion is the reviewer's.", ""]
    return out + _table(["Topic", "Provision (summary)", "What the records show", "Source", "Kind"],
                        [[md(r.topic), md(r.provision, limit=ANSWER_CELL), md(r.facts, limit=ANSWER_CELL),
                          " ".join(x for x in (md(r.ref), autolink(r.url)) if x), r.status]
                         for r in regulatory(view.facts)])


def _evidence(view: ModelView) -> list[str]:
    links = answers(view.facts, view.locked)[2].links
    policy_urls = sorted({str(o.url) for o in view.obligations if o.url})
    out = [f"### {SECTION_TITLES['evidence']}", "", f"- Revision: {_pin(view)}",
           f"- License texts: {', '.join(map(autolink, links)) or md(None, 'not recorded')}",
           f"- Use-policy texts: {', '.join(map(autolink, policy_urls)) or md(None, NO_POLICY_TEXT)}", "",
           "**Sources of the facts (primary first; third-party copies marked)**", ""]
    return out + _table(["Kind", "Source"], [[md(s.kind), md(s.what, limit=ANSWER_CELL)] for s in sources(view)],
                        "No origin recorded.")


SIGN_OFF_FIELDS = ("Reviewer", "Date", "Decision (approve / approve with conditions / reject)", "Conditions",
                   "Waiver ticket", "Waiver expiry")


def _pin_banner(views: list[ModelView]) -> list[str]:
    """NOT PINNED right under the decision (as in the HTML and PDF): approving an unknown revision approves
    whatever the repository holds tomorrow."""
    loose = [v for v in views if not as_dict(v.facts.get("model")).get("sha")]
    if not loose:
        return []
    if len(views) == 1:
        return [f"> {_pin(loose[0])}", ""]
    return [f"> **NOT PINNED**: the audited revision of {len(loose)} of {len(views)} models is unknown (no SHA "
            f"was read): {md(', '.join(v.id for v in loose), limit=None)}; pin them and re-audit before approving",
            ""]


def _sign_off(views: list[ModelView]) -> list[str]:
    """One block for one model; for several, a row per model (each is approved or rejected on its own)."""
    if len(views) <= 1:
        return _table(["Field", "Entry"], [[f, " "] for f in SIGN_OFF_FIELDS])
    return [*_table(["Field", "Entry"], [[f, " "] for f in SIGN_OFF_FIELDS[:2]]),
            *_table(["Model", *SIGN_OFF_FIELDS[2:]], [[md(v.id), " ", " ", " ", " "] for v in views])]


def _page_one(run: RunResult, views: list[ModelView], meta: dict[str, str]) -> list[str]:
    """The decision, the numbered next actions per model and the sign-off block."""
    out = [f"**Decision: {run.verdict.upper()}**: {md(decision_text(run.verdict, len(views)))} "
           f"(audit exit code {md(exit_code_text(run))}; auditor {md(meta['auditor_version'])}, "
           f"{md(meta['generated_at'])}, policy {md(meta['policy'])}; report SHA-256 `{content_digest(run)}`)", ""]
    out += _pin_banner(views)
    out += _table(["Model", "Verdict", "Declared", "Effective", "Revision", "MOF class"],
                  [[md(v.id), v.verdict, md(declared_text(v.facts)),
                    md(effective_license_text(as_dict(v.facts.get("license")), short=True)),
                    md(as_dict(v.facts.get("model")).get("sha")) if as_dict(v.facts.get("model")).get("sha")
                    else "**NOT PINNED**",
                    md(facts_class_name(as_dict(v.facts.get("openness"))))] for v in views],
                  "No model was audited.")
    for view in views:
        out += [f"### Next actions to approve {md(view.id)}", ""]
        items = next_actions(view, run)
        out += [f"{i}. {md(a.text, limit=ANSWER_CELL)}" + (f" ({md(', '.join(a.refs))})" if a.refs else "")
                for i, a in enumerate(items, 1)] or ["_No action: nothing stands in the way._"]
        out.append("")
    out += ["### Sign-off", "", *_sign_off(views)]
    out += ["_Obligation numbers (O1, O2, ...) and rule ids refer to the appendix, where each obligation is "
            "stated once with its clause._", "", "---", "", "## Appendix: the details behind the decision", ""]
    return out


def _lineage_diagram(view: ModelView) -> list[str]:
    """The lineage as a Mermaid diagram (GitHub and GitLab draw it; other wikis show the code, and the list
    above says the same), conflicts marked (auditor/lineage/mermaid.py escapes every label)."""
    # lazy: start-up (auditor.lineage.mermaid)
    from auditor.lineage.mermaid import mermaid_block, mermaid_of_view

    incompatible = [as_dict(i) for i in as_list(as_dict(view.facts.get("lineage")).get("incompatible"))]
    return mermaid_block(mermaid_of_view(view.lineage, incompatible))


def _model(view: ModelView, run: RunResult, meta: dict[str, str], files: list[Any]) -> list[str]:
    facts = view.facts
    lic = as_dict(facts.get("license"))
    lineage = as_dict(facts.get("lineage"))
    openness = as_dict(facts.get("openness"))
    model = as_dict(facts.get("model"))
    out = [f"## {md(view.id)}: {view.verdict.upper()}", ""]

    out += [f"### {SECTION_TITLES['summary']}", "",
            f"**{md(VERDICT_TEXT.get(view.verdict, view.verdict))}**", "",
            f"- Declared license: {md(declared_text(facts))}",
            f"- Effective license: **{md(effective_license_text(lic))}**",
            f"- License laundering: {_laundering_line(lineage)}",
            f"- Obligations: {len(view.obligations)}",
            f"- MOF class: {md(facts_class_name(openness))}{_mof_note(openness)}; "
            f"OSAID: {md(openness.get('osaid'))}",
            f"- Findings: {view.counts['error']} error, {view.counts['warning']} warning, "
            f"{view.counts['note']} note, {view.counts['waived']} waived",
            f"- Revision: {_pin(view)}",
            f"- Audit complete: {'yes' if facts.get('complete') else 'no (something could not be read)'}", ""]

    out += [f"### {SECTION_TITLES['obligations']}", ""]
    if not view.obligations:
        out += ["_No obligation was found in the effective terms._", ""]
    numbered = list(enumerate(view.obligations, 1))
    for key, title in OBLIGATION_GROUPS:
        items = [(i, o) for i, o in numbered if o.group == key]
        if not items:
            continue
        out += [f"**{title}**", ""]
        for i, ob in items:
            origin = "; ".join(o.text() for o in ob.origins) or "origin not recorded"
            url = f" ({autolink(ob.url)})" if ob.url else ""
            flag = " _(unknown: find out before use)_" if ob.unknown else ""
            out.append(f"- **O{i}** {md(ob.text)}{url}{flag}  \n  _Clause: {md(origin)}_")
        out.append("")
    out += _questions(view) + _regulatory(view) + _evidence(view)

    out += [f"### {SECTION_TITLES['license']}", "",
            f"- Declared license: {md(declared_text(facts))}",
            f"- Declared (canonical): {md(as_list(lic.get('declared')) or None, 'none')}",
            f"- {'Curated' if lic.get('curated') else 'Declared'} (as written): "
            f"{md(as_list(lic.get('declared_raw')) or None, 'none')}",
            f"- Detected: {md(as_list(lic.get('detected')) or None, 'none')}",
            f"- Resolved expression: {md(lic.get('expression'))}",
            f"- Effective (with lineage): **{md(effective_license_text(lic))}**",
            f"- State / category / OSI approved: {md(lic.get('state'))} / {md(category_text(lic))} / "
            f"{md(lic.get('osi_approved'))}", "", "**Evidence**", ""]
    out += _table(["Source", "Location", "Value", "Revision", "Detail"],
                  [[md(as_dict(e).get("source")), md(as_dict(e).get("location")), md(as_dict(e).get("value"), "-"),
                    md(as_dict(e).get("revision"), "-"), md(as_dict(e).get("detail"), "-")]
                   for e in as_list(lic.get("evidence"))], "No evidence recorded.")
    out += ["**Conflicts**", ""]
    out += _table(["Kind", "What disagrees"], [[md(as_dict(c).get("kind")), md(as_dict(c).get("message"))]
                                               for c in as_list(lic.get("conflicts"))], "No conflicting evidence.")
    out += ["**Effective terms**", ""]
    out += _table(["Term", "Value", "From"],
                  [[md(k), md(review_term_value(facts, k, as_dict(v))),
                    md(review_term_sources(facts, k, as_dict(v)), "-")]
                   for k, v in as_dict(facts.get("terms")).items()],
                  "No terms known.")
    out += ["**License laundering**", ""]
    out += _table(["Model", "Declares", "Ancestor", "Ancestor license", "Dropped"],
                  [[md(as_dict(x).get("model")), md(as_dict(x).get("declared")), md(as_dict(x).get("ancestor")),
                    md(as_dict(x).get("ancestor_license")), md(as_list(as_dict(x).get("dropped")) or None)]
                   for x in laundering_items(lineage)], "No declared license drops a term that must travel.")
    if carry_owed_text(lineage):
        out += ["", f"Not laundering, carry conditions: {md(carry_owed_text(lineage))}."]

    out += [f"### {SECTION_TITLES['lineage']}", "", *_lineage_tree(view.lineage), *_lineage_diagram(view), ""]
    unresolved = as_list(lineage.get("unresolved"))
    if unresolved:
        out += ["**Not resolved**", ""] + [f"- {md(as_dict(u).get('id'))}: {md(as_dict(u).get('reason'))}"
                                           for u in unresolved] + [""]
    suspected = [as_dict(s) for s in as_list(lineage.get("suspected"))]
    if suspected:
        out += [f"**{SUSPECTED_TITLE}**", ""] + [f"- {md(suspected_said(s), limit=None)}" for s in suspected] + [""]

    out += [f"### {SECTION_TITLES['openness']}", "",
            f"- MOF class: {md(facts_class_name(openness))}{_mof_note(openness)}",
            f"- OSI Open Source AI Definition: {md(openness.get('osaid'))}", ""]
    scores = as_dict(openness.get("scores"))
    out += _table(["Area", "Score", "Reason"],
                  [[md(k), md(as_dict(v).get("score") if isinstance(v, dict) else v),
                    md(as_dict(v).get("reason"), "-")] for k, v in scores.items()], "No scores.")
    out += _table(["Component", "Status", "License"],
                  [[md(k), md(cells[0]), md(cells[1], "-")]
                   for k, v in as_dict(openness.get("components")).items()
                   for cells in (component_cells(facts, k, as_dict(v)),)], "No component evidence.")
    versus = mof_versus_evidence(facts)
    if versus:
        out += [f"**{MOF_VERSUS_TITLE}**", ""] + [f"- {md(kind)}: {md(message)}" for kind, message in versus] + [""]

    out += [f"### {SECTION_TITLES['datasets']}", ""]
    out += _table(["Dataset", "License", "Category", "Trained"],
                  [[md(as_dict(d).get("id")), md(f"{dataset_license_cell(as_dict(d)) or 'unknown'}"
                                                 f"{dataset_note_marks(as_dict(d))}"), md(as_dict(d).get("category")),
                    md(as_dict(d).get("trained"))] for d in as_list(facts.get("datasets"))],
                  no_datasets_said(facts))

    out += [f"### {SECTION_TITLES['findings']}", ""]
    rows = []
    for f in grouped_findings(list(view.findings)):
        waiver = "-"
        if f.waived_by is not None:
            w = f.waived_by
            waiver = (f"{md(w.reason)} (approved by {md(w.approved_by, 'not recorded')}, ticket {md(w.ticket, '-')}"
                      f", expires {md(w.expires)})")
        rows.append([md(f.severity), f"{md(f.rule)}", f"**{md(f.title)}**: {md(f.message, limit=ANSWER_CELL)}", waiver])
    out += _table(["Severity", "Rule", "Finding", "Waiver"], rows, "No rule fired for this model.")

    out += [f"### {SECTION_TITLES['provenance']}", "",
            f"- Model: {md(model.get('id'))} (requested as {md(model.get('requested') or view.result.model)})",
            f"- Revision SHA read: {md(model.get('sha'))}; source: {md(model.get('source'))}",
            f"- Recorded origin: {md(model.get('origin'), '-', limit=ANSWER_CELL)}",
            f"- Policy: {md(meta['policy'])}, effective digest `sha256:{md(meta['policy_digest'])}`"]
    out += [f"- Policy file: {md(p.path)} `sha256:{md(p.sha256, 'not readable')}`" for p in files]
    out += [f"- Auditor version: {md(meta['auditor_version'])}; report generated {md(meta['generated_at'])}", ""]
    out += _table(["Field", "Source", "Location", "Revision"],
                  [[md(k), md(as_dict(v).get("source")), md(as_dict(v).get("location")),
                    md(as_dict(v).get("revision"), "-")] for k, v in as_dict(facts.get("provenance")).items()],
                  "No provenance recorded.")
    return out


def to_report_markdown(run: RunResult, *, policy_files: list[str] | None = None,
                       generated_at: str | None = None) -> str:
    """The whole review as one Markdown page."""
    meta = run_meta(run, generated_at)
    files = policy_file_digests(policy_files)
    views = [model_view(r, run) for r in run.results]
    out = ["# Model review" + (f": {md(views[0].id)}" if len(views) == 1 else f": {len(views)} models"), ""]
    out += _page_one(run, views, meta)
    for view in views:
        out += _model(view, run, meta, files)
    out.append("_This report states facts with their evidence; it is not legal advice._")
    return "\n".join(out) + "\n"


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: the procurement review as one Markdown page (for wikis)."""
    return utf8(to_report_markdown(run, policy_files=list(context.policy_files),
                                   generated_at=context.generated_at))
