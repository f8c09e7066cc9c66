"""The procurement review as ONE self-contained HTML document (also the source of the PDF).

Why self-contained: legal files the report with the approval, often years before anyone reads it again,
and often on a machine without network. So everything is inline (CSS, the lineage SVG, the score bars),
nothing loads (a Content-Security-Policy of `default-src 'none'` enforces that in browsers), an http(s) address
is a link a reader may follow (its text is the address itself, so the paper copy says where it goes; no other
scheme is ever linked: `linked`), and a print stylesheet makes the same file read well on paper.

Why escape everything: model ids, license names, notices, messages and evidence values come from model
cards that anyone can write. Every such value passes through `esc` (html.escape with quote=True) and
through no other path; the SVG is escaped the same way (auditor/formats/lineage_svg.py).
"""

from __future__ import annotations

import fnmatch
import html as _html
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from auditor.formats.actions import (
    COMPACT_CHARS,
    NO_POLICY_TEXT,
    SharedAction,
    combined_actions,
    headline,
    next_actions,
    pin_state,
    shared_refs,
    sources,
)
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
    ModelView,
    Obligation,
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
from auditor.formats.review import policy_files as policy_files_digests
from auditor.formats.summary import (
    SUSPECTED_TITLE,
    carry_owed_text,
    category_text,
    effective_license_text,
    gate_label,
    grouped_findings,
    laundering_items,
    mof_declared_note,
    suspected_said,
)
from auditor.lazyre import lazy_compile
from auditor.openness.classname import facts_class_name
from auditor.results import Finding, RunResult, Waiver
from auditor.textsafe import clean, utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
SCORE_AREAS = ("weights", "data", "code", "documentation", "docs", "overall")
STATUS_CLASS = {"open": "ok", "restricted": "warn", "closed": "bad", "absent": "bad", "unknown": "unk"}

CSS = """
:root { --ok:#2e7d4f; --warn:#a86800; --bad:#c62828; --unk:#5f6b7a; --line:#d9dee5; --soft:#f6f8fa; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1f24;
       max-width: 1100px; margin: 0 auto; padding: 24px 28px 60px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 8px; padding-top: 10px; border-top: 3px solid #1b1f24;
     overflow-wrap: anywhere; }
h3 { font-size: 16px; margin: 26px 0 8px; padding-bottom: 3px; border-bottom: 1px solid var(--line);
     break-after: avoid; page-break-after: avoid; }
h4 { font-size: 14px; margin: 14px 0 6px; break-after: avoid; page-break-after: avoid; }
p, li { overflow-wrap: anywhere; }
.sub { color: #57606a; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; word-break: break-word; }
th { background: var(--soft); font-weight: 600; overflow-wrap: normal; word-break: normal; hyphens: manual; }
/* a first column holds labels ("primary", "commercial use", a model id with its zero-width breaks): `anywhere`
   would let the table shrink it to a few letters and split words ("primar|y") */
td:first-child { overflow-wrap: break-word; word-break: normal; }
tr { break-inside: avoid; page-break-inside: avoid; }
/* a row taller than what is left of a page (a finding's evidence, a long use-policy answer) must be allowed to
   break: kept whole, it leaves the page above blank and strands the table's heading alone on it */
tr.tall { break-inside: auto; page-break-inside: auto; }
/* its cells break line by line (orphans and widows of 1): with the default of 2, a page with one line left kept the
   one-line cells (the number, the status) and moved the answer whole to the next page, leaving it unnumbered; no
   bottom padding, which a one-line cell must fit beside its line, so the number never goes without the answer */
tr.tall td { orphans: 1; widows: 1; padding-bottom: 0; }
.ev { font-size: 12px; color: #3d444d; }
code, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
.badge { display: inline-block; white-space: nowrap; padding: 2px 10px; border-radius: 12px; color: #fff;
         font-weight: 700;
         font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.v-pass { background: var(--ok); } .v-warn { background: var(--warn); } .v-fail { background: var(--bad); }
.v-incomplete { background: var(--unk); }
.verdict { border: 2px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 10px 0 16px;
           break-inside: avoid; page-break-inside: avoid; }
.verdict.fail { border-color: var(--bad); background: #fdf3f2; }
.verdict.warn { border-color: var(--warn); background: #fff8ec; }
.verdict.pass { border-color: var(--ok); background: #f1f8f3; }
.verdict.incomplete { border-color: var(--unk); background: #f4f5f7; }
.verdict .big { font-size: 18px; font-weight: 700; }
.kv { display: grid; grid-template-columns: 210px minmax(0, 1fr); gap: 2px 14px; margin: 8px 0; }
.kv div:nth-child(odd) { color: #57606a; }
.sev-error { color: var(--bad); font-weight: 700; } .sev-warning { color: var(--warn); font-weight: 700; }
.sev-note { color: var(--unk); font-weight: 600; }
.st-ok { color: var(--ok); font-weight: 600; } .st-warn { color: var(--warn); font-weight: 600; }
.st-bad { color: var(--bad); font-weight: 600; } .st-unk { color: var(--unk); font-style: italic; }
.waived { opacity: .75; } .waived td:first-child::after { content: " (waived)"; font-weight: 400; }
.unknown { color: var(--unk); font-style: italic; }
.laundering { color: var(--bad); font-weight: 700; }
.ob-group { margin: 8px 0 4px; font-weight: 700; }
ul.obligations { margin: 2px 0 10px 0; padding-left: 20px; }
ul.obligations li { margin: 3px 0; }
.origin { color: #57606a; font-size: 12px; }
span.num, code.nowrap { white-space: nowrap; }
.bar { position: relative; height: 14px; background: #e9edf1; border-radius: 7px; min-width: 160px; }
.bar > span { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 7px; background: #3b6ea5; }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 10px; overflow-x: auto;
          break-inside: avoid; page-break-inside: avoid; }
.figure svg { max-width: 100%; height: auto; }
.caption { color: #57606a; font-size: 12px; margin-top: 4px; }
.model { break-before: page; page-break-before: always; }
.model:first-of-type, .appendix-title + .model { break-before: auto; page-break-before: auto; }
.appendix-title + .model > h2 { border-top: 0; margin-top: 4px; padding-top: 0; }
footer { margin-top: 40px; color: #57606a; font-size: 12px; border-top: 1px solid var(--line);
         padding-top: 8px; }
.qa table, .reg table { table-layout: fixed; }
.qa th:nth-child(1) { width: 6%; } .qa th:nth-child(2) { width: 19%; } .qa th:nth-child(3) { width: 45%; }
.qa th:nth-child(4) { width: 17%; } .qa th:nth-child(5) { width: 13%; }
.qa td:nth-child(1), .qa td:nth-child(5) { overflow-wrap: normal; word-break: normal; }
.reg th:nth-child(1) { width: 13%; } .reg th:nth-child(2) { width: 30%; } .reg th:nth-child(3) { width: 30%; }
.reg th:nth-child(4) { width: 15%; } .reg th:nth-child(5) { width: 12%; }
.reg td:nth-child(5) { overflow-wrap: normal; word-break: normal; }
.notpinned { color: var(--bad); font-weight: 700; }
.pinbanner { margin-top: 6px; padding: 4px 8px; border: 2px solid var(--bad); border-radius: 4px; background: #fff;
             overflow-wrap: anywhere; }
ol.actions li { margin: 4px 0; }
ol.actions.compact li { margin: 1px 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
                       list-style-position: inside; }
ol.actions.compact a { color: inherit; text-decoration: none; }
ol.actions.grouped { margin: 0 0 4px; padding-left: 8px; list-style: none; } p.actions-for { margin: 4px 0 0;
  font-weight: 600; } ol.actions.grouped.compact li { list-style: none; }
.actions-columns { columns: 2; column-gap: 16px; } .actions-columns p.actions-for { break-after: avoid; }
table.signoff th { width: 22%; } table.signoff td.blank { width: 28%; height: 24px; }
table.signoff-models th { width: auto; } table.signoff-models td.blank { width: auto; height: 28px; }
/* the model id is what a reader looks for: wide enough that an ordinary id is not split inside a word */
.overview th:first-child { width: 30%; }
.nobr { white-space: nowrap; }
.actions-all { break-after: page; page-break-after: always; }
.page-one { break-after: page; page-break-after: always; }
.running { display: none; }
@page { size: A4; margin: 20mm 13mm 18mm;
  @top-center { content: element(runhead); font-size: 8pt; color: #57606a;
                font-family: Helvetica, Arial, sans-serif; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #57606a;
                  font-family: Helvetica, Arial, sans-serif; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  /* `anywhere` makes every cell's min-content width a per-character question: WeasyPrint's table layout
     then takes minutes instead of seconds. break-word wraps long ids just as well on paper. */
  p, li, h2, th, td { overflow-wrap: break-word; word-break: normal; }
  .figure { overflow: visible; }
  h2 { margin-top: 0; }
  .page-one { font-size: 9.5pt; } .page-one h3 { margin: 10px 0 4px; } .page-one table { margin: 4px 0 8px; }
  .page-one .verdict { margin: 6px 0 8px; padding: 8px 12px; }
  .ev { font-size: 8.5pt; }
  .running { display: block; position: running(runhead); font-size: 8pt; overflow-wrap: anywhere; }
  pre, code { white-space: pre-wrap; overflow-wrap: anywhere; }
}
"""


# Past this, one untrusted value is cut (ids, names, reasons and evidence are a few hundred characters): a
# 1 MB license name, wrapped every 16 characters, made WeasyPrint build boxes past 1.5 GB for the PDF.
MAX_VALUE_CHARS = 4_000


def esc(value: Any, default: str = "unknown") -> str:
    """The only way untrusted text reaches the document."""
    shown = text(value, default)
    if len(shown) > MAX_VALUE_CHARS:
        shown = f"{shown[:MAX_VALUE_CHARS]}… (cut: {len(shown):,} characters in all)"
    return _html.escape(clean(scrub_paths(shown)), quote=True)


def _badge(verdict: str) -> str:
    cls = verdict if verdict in VERDICT_TEXT else "incomplete"
    return f'<span class="badge v-{cls}">{esc(verdict)}</span>'


_TAG = re.compile(r"(<[^>]*>)")
_LONG = re.compile(r"[^\s<>]{21,}")
_SEGMENT = re.compile(r"&[#\w]+;|[/@:._,;=?-]|[^/@:._,;=?&-]{1,16}|&")


def _wrap_long(match: re.Match[str]) -> str:
    """A long token with <wbr> after its separators and every 16 characters between them (entities kept
    whole): the line can break there, while copying the text still gives the token unchanged."""
    out = []
    for piece in _SEGMENT.findall(match.group(0)):
        out.append(piece + "<wbr>" if piece in "/@:._,;=?-" or len(piece) == 16 else piece)
    return "".join(out)


# An http(s) address in escaped text: printable ASCII only, ending at a blank, a tag or an entity other than `&amp;`
# (a quote, `<`, `>` escaped), so it never runs into markup; the two alternatives start apart, so matching is linear.
_URL = re.compile(r"(?i)\bhttps?://[a-z0-9](?:[!#-%'-;=?-~]|&amp;)*")
_URL_TAIL = ".,;:!?'"


def _url_end(url: str) -> str:
    """The address without the punctuation of the sentence around it: a trailing full stop, comma or colon, and a
    closing bracket that closes a bracket opened before the address ("(https://x/LICENSE)")."""
    while url:
        if url[-1] in _URL_TAIL or (url[-1] in ")]" and url.count(url[-1]) > url.count("(" if url[-1] == ")" else "[")):
            url = url[:-1]
        else:
            break
    return url


def _link_url(match: re.Match[str]) -> str:
    url = _url_end(match.group(0))
    after = match.string[match.end():match.end() + 1]
    if after and not after.isspace() and after not in "&<":
        # a character no address holds as written (a homoglyph, a zero-width space): a link to the part before it
        # would lead elsewhere than the text reads, so the address stays text
        return match.group(0)
    if "://" not in url[:8] or len(url) <= len("https://"):
        return match.group(0)
    if "\\" in url or "@" in url.split("/", 3)[2]:
        # a browser reads a backslash as `/` and what stands before `@` as a user name: `https://evil\@good.org` goes to
        # evil while it reads as good.org, so an address holding either is shown, never linked
        return match.group(0)
    rest = match.group(0)[len(url):]
    return f'<a href="{url}" rel="noopener noreferrer">{url}</a>{rest}'


def linked(markup: str) -> str:
    """Escaped HTML whose http(s) addresses are links, the address its own visible text (P2 of review pass 29: a
    reviewer could not open the license or the use policy from the report). Only http and https match, so no
    javascript:, data: or file: address becomes a link; the address is the escaped text, so the attribute holds no
    quote or tag. Text already inside a link (the overview's in-page ids) is left as it is."""
    out: list[str] = []
    depth = 0
    for part in _TAG.split(markup):
        if part.startswith("<"):
            low = part[:3].lower()
            depth += 1 if low == "<a " or low == "<a>" else -1 if part[:4].lower() == "</a>" else 0
            out.append(part)
        else:
            out.append(part if depth > 0 else _URL.sub(_link_url, part))
    return "".join(out)


def breakable(markup: str) -> str:
    """Escaped HTML whose long tokens (ids, SHAs, URLs, paths) may wrap: a table cell is then never wider than
    the page, in browsers and in WeasyPrint alike (their minimum width is the longest unbreakable piece). Its
    addresses become links first (`linked`), so the breaks go into the visible text, never into the href."""
    return "".join(part if part.startswith("<") else _LONG.sub(_wrap_long, part)
                   for part in _TAG.split(linked(markup)))


# A cell with more visible characters than this fills a third of a printed page or more in a narrow column:
# its row is marked `tall` and may break across pages (see the `tr.tall` rule).
TALL_CELL_CHARS = 500


def visible_length(markup: str) -> int:
    """How many characters of escaped HTML a reader sees (tags dropped, entities counted once)."""
    return len(_html.unescape("".join(p for p in _TAG.split(markup) if not p.startswith("<"))))


def _row_class(row: Sequence[str], given: str) -> str:
    names = [given] if given else []
    if any(visible_length(c) > TALL_CELL_CHARS for c in row):
        names.append("tall")
    return f' class="{" ".join(names)}"' if names else ""


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, empty: str = "None.",
           row_classes: Sequence[str] | None = None) -> str:
    """A table; headers are our own words, cells must already be escaped HTML."""
    rows = list(rows)
    if not rows:
        return f'<p class="unknown">{_html.escape(empty)}</p>'
    head = "".join(f"<th>{_html.escape(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        cls = _row_class(row, row_classes[i] if row_classes else "")
        body.append(f"<tr{cls}>" + "".join(f"<td>{breakable(c)}</td>" for c in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _kv(pairs: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<div>{_html.escape(k)}</div><div>{breakable(v)}</div>" for k, v in pairs)
    return f'<div class="kv">{cells}</div>'


def _evidence(items: Any) -> str:
    """Evidence dicts as one escaped line each: source, location, value, revision, detail."""
    lines = []
    for item in as_list(items):
        if isinstance(item, dict):
            parts = [f"{k}: {text(item[k])}" for k in ("source", "location", "value", "revision", "detail",
                                                       "via", "path")
                     if item.get(k) not in (None, "", [])]
            extra = [f"{k}: {text(v)}" for k, v in item.items()
                     if k not in {"source", "location", "value", "revision", "detail", "via", "path"}
                     and v not in (None, "", [])]
            lines.append(esc("; ".join(parts + extra)))
        else:
            lines.append(esc(item))
    return f'<div class="ev">{"<br>".join(lines)}</div>' if lines else '<span class="unknown">none recorded</span>'


def _section(key: str, idx: int, body: str) -> str:
    title = _html.escape(SECTION_TITLES[key])
    return f'<section class="part part-{key}" id="m{idx}-{key}"><h3>{title}</h3>{body}</section>'


# -- sections ---------------------------------------------------------------------------------------------


def attention_items(findings: Iterable[Finding], limit: int = 6) -> list[tuple[str, str, str, int]]:
    """The page-one "What needs attention" list: the active errors and warnings as (severity, rule, title, how
    many), one line per rule and title. Why merged: a rule that fires for two nodes of the lineage (LIN009 for two
    malformed ancestors) would show the same code and title twice, which reads as a repeat; the count and the
    Findings table below tell them apart. The line takes the worst severity of its findings."""
    order = {"error": 0, "warning": 1}
    merged: dict[tuple[str, str], list[Any]] = {}
    for f in findings:
        if f.active and f.severity in order:
            key = (f.rule, f.title)
            if key in merged:
                merged[key][1] += 1
                merged[key][0] = min(merged[key][0], f.severity, key=order.__getitem__)
            else:
                merged[key] = [f.severity, 1]
    return [(sev, rule, title, count) for (rule, title), (sev, count) in merged.items()][:limit]


def _times(count: int) -> str:
    return f" ({count} findings: see Findings and waivers)" if count > 1 else ""


def _summary(view: ModelView) -> str:
    facts = view.facts
    lic = as_dict(facts.get("license"))
    openness = as_dict(facts.get("openness"))
    issues = "".join(f'<li><span class="sev-{esc(severity)}">{esc(severity)}</span> '
                     f"<code>{esc(rule)}</code> {esc(title)}{_times(count)}</li>"
                     for severity, rule, title, count in attention_items(view.findings))
    counts = view.counts
    laundering = laundering_items(as_dict(facts.get("lineage")))
    owed = carry_owed_text(as_dict(facts.get("lineage")))
    box = (
        f'<div class="verdict {esc(view.verdict)}"><div class="big">{_badge(view.verdict)} '
        f"{esc(VERDICT_TEXT.get(view.verdict, view.verdict))}</div>"
        + _kv([
            ("Declared license", esc(declared_text(facts))),
            ("Effective license", esc(effective_license_text(lic))),
            ("License category", esc(category_text(lic))),
            ("License laundering", '<span class="laundering">yes: the declared license drops obligations of '
                                   f"{len(laundering)} ancestor(s)</span>" if laundering else
                                   "not found (the base's license permits other terms on a derivative; "
                                   f"{esc(owed)})" if owed else "not found"),
            ("Obligations", f"{len(view.obligations)} (see below)"),
            ("MOF class / OSAID", f"{esc(facts_class_name(openness))} / {esc(openness.get('osaid'))}"
                                  + _mof_note(openness)),
            ("Findings", f"{counts['error']} error, {counts['warning']} warning, {counts['note']} note, "
                         f"{counts['waived']} waived"),
            ("Revision", _pin(view)),
            ("Audit complete", "yes" if facts.get("complete") else
             '<span class="unknown">no: something could not be read; see findings</span>'),
        ])
        + (f"<h4>What needs attention</h4><ul>{issues}</ul>" if issues else "")
        + "</div>"
    )
    return box


def _obligation_item(ob: Obligation, number: int) -> str:
    origins = "; ".join(o.text() for o in ob.origins) or "origin not recorded"
    url = f' <span class="mono">{breakable(esc(ob.url))}</span>' if ob.url else ""
    cls = ' class="unknown"' if ob.unknown else ""
    return (f"<li{cls}><strong>O{number}</strong> {linked(esc(ob.text))}{url}<br>"
            f"<span class=\"origin\">Clause: {esc(origins)}</span></li>")


def _obligations(view: ModelView) -> str:
    if not view.obligations:
        return ('<p>No obligation was found in the effective terms. That is only as good as the terms that '
                "could be established; see the license section.</p>")
    out = []
    numbered = list(enumerate(view.obligations, 1))
    for key, title in OBLIGATION_GROUPS:
        items = [(i, o) for i, o in numbered if o.group == key]
        if items:
            out.append(f'<div class="ob-group">{_html.escape(title)}</div><ul class="obligations">'
                       + "".join(_obligation_item(o, i) for i, o in items) + "</ul>")
    return "".join(out)


def _terms_table(facts: dict[str, Any]) -> str:
    rows = []
    for name, raw in as_dict(facts.get("terms")).items():
        raw = as_dict(raw)
        value = review_term_value(facts, name, raw)  # a list term not known to be empty reads "unknown"
        if raw.get("condition"):
            value = f"{text(value)} ({text(raw['condition'])})"
        rows.append([esc(name.replace("_", " ")), esc(value, "unknown"),
                     esc(review_term_sources(facts, name, raw), "-")])
    return _table(["Term", "Effective value", "From (license, clause, model)"], rows, empty="No terms known.")


def _license(view: ModelView) -> str:
    facts = view.facts
    lic = as_dict(facts.get("license"))
    lineage = as_dict(facts.get("lineage"))
    policy = as_dict(lic.get("policy"))
    parts = [_kv([
        ("Declared license", esc(declared_text(facts))),
        # after a curation these hold the curated value, not the card's (the row above says both)
        ("Curated (canonical)" if lic.get("curated") else "Declared (card, canonical)",
         esc(as_list(lic.get("declared")) or None, "none")),
        ("Curated (as written)" if lic.get("curated") else "Declared (as written)",
         esc(as_list(lic.get("declared_raw")) or None, "none")),
        ("Detected (license files, prompts)", esc(as_list(lic.get("detected")) or None, "none")),
        ("Resolved expression", esc(lic.get("expression"))),
        ("Effective (with lineage)", f"<strong>{esc(effective_license_text(lic))}</strong>"),
        ("State", esc(lic.get("state"))),
        ("Category", esc(category_text(lic))),
        ("OSI approved", esc(lic.get("osi_approved"))),
        ("Names not recognised", esc(as_list(lic.get("unknown_names")) + as_list(lic.get("custom_names"))
                                     or None, "none")),
        ("Policy: denied / review / allowed / not listed",
         " / ".join(esc(as_list(policy.get(k)) or None, "-") for k in ("denied", "review", "allowed",
                                                                       "not_listed"))),
    ])]
    parts.append("<h4>Evidence</h4>" + _table(
        ["Source", "Location", "Value", "Revision", "Detail"],
        [[esc(as_dict(e).get("source")), esc(as_dict(e).get("location")), esc(as_dict(e).get("value"), "-"),
          f'<code>{esc(as_dict(e).get("revision"), "-")}</code>', esc(as_dict(e).get("detail"), "-")]
         for e in as_list(lic.get("evidence"))], empty="No evidence recorded."))
    parts.append("<h4>Conflicts</h4>" + _table(
        ["Kind", "What disagrees", "Evidence"],
        [[esc(as_dict(c).get("kind")), esc(as_dict(c).get("message")), _evidence(as_dict(c).get("evidence"))]
         for c in as_list(lic.get("conflicts"))], empty="No conflicting evidence."))
    parts.append("<h4>Effective terms</h4>" + _terms_table(facts))
    parts.append("<h4>Inherited from ancestors</h4>" + _table(
        ["Term", "Value", "License", "Clause", "From", "Path"],
        [[esc(as_dict(i).get("term")), esc(as_dict(i).get("value")), esc(as_dict(i).get("license")),
          esc(as_dict(i).get("clause"), "-"), esc(as_dict(i).get("from")),
          esc(" → ".join(str(p) for p in as_list(as_dict(i).get("path"))) or None, "-")]
         for i in as_list(lineage.get("inherited"))], empty="Nothing is inherited."))
    laundering_rows = []
    for item in laundering_items(lineage):
        dropped = as_list(item.get("dropped_terms")) or as_list(item.get("dropped"))
        dropped_html = "<br>".join(
            esc(f"{text(as_dict(d).get('summary'))} ({text(as_dict(d).get('clause'), '-')})")
            if isinstance(d, dict) else esc(d) for d in dropped) or esc(None)
        laundering_rows.append([
            f'<span class="laundering">{esc(item.get("model"))}</span>', esc(item.get("declared")),
            esc(item.get("ancestor")), esc(item.get("ancestor_license")),
            esc(" → ".join(str(p) for p in as_list(item.get("path"))) or None), dropped_html])
    parts.append("<h4>License laundering</h4>" + _table(
        ["Model", "Declares", "Ancestor", "Ancestor license", "Path", "Dropped obligations (clause)"],
        laundering_rows, empty="No declared license drops a term that must travel.")
        + (f"<p>Not laundering, carry conditions: {esc(carry_owed_text(lineage))}.</p>"
           if carry_owed_text(lineage) else ""))
    unverifiable = as_list(lineage.get("unverifiable"))
    if unverifiable:
        parts.append("<h4>Could not be verified</h4><ul>" + "".join(
            f'<li class="unknown">{linked(esc(as_dict(u).get("reason") or u))}</li>' for u in unverifiable)
            + "</ul>")
    return "".join(parts)


def _lineage(view: ModelView, idx: int, engine: str) -> str:
    # lazy: start-up (auditor.formats.lineage_svg)
    from auditor.formats.lineage_svg import lineage_svg

    facts = view.facts
    lineage = as_dict(facts.get("lineage"))
    model = as_dict(facts.get("model"))
    svg, used = lineage_svg(view.lineage, engine=engine, prefix=f"m{idx}")
    drawn = "Graphviz" if used == "graphviz" else "the built-in layout"
    parts = [
        f'<div class="figure">{svg}<div class="caption">Every box shows a model or dataset and its license; '
        "arrows point from a model to its base; dashed arrows are inferred relations; red marks license "
        f"laundering. Drawn with {drawn}.</div></div>",
        _kv([("Depth", esc(lineage.get("depth"))),
             ("Relation to its base", esc(model.get("relation"), "none (not a derivative)")
              + (" (inferred)" if model.get("relation_inferred") else "")),
             ("Truncated by limits", esc(lineage.get("truncated")))]),
        "<h4>Ancestors</h4>" + _table(
            ["Model", "Relation", "Distance", "License", "Revision", "Source"],
            [[esc(as_dict(a).get("id")), esc(as_dict(a).get("relation"))
              + (" (inferred)" if as_dict(a).get("inferred") else ""), esc(as_dict(a).get("distance")),
              esc(as_dict(a).get("license"), "none"), f'<code>{esc(as_dict(a).get("sha"))}</code>',
              esc(as_dict(a).get("source")) + (f' <span class="ev">({esc(as_dict(a).get("renamed"))})</span>'
                                               if as_dict(a).get("renamed") else "")]
             for a in as_list(lineage.get("ancestors"))],
            empty="No base model: this model is not declared as a derivative."),
    ]
    unresolved = as_list(lineage.get("unresolved"))
    if unresolved:
        parts.append("<h4>Not resolved</h4>" + _table(
            ["Id", "Kind", "Named by", "Reason", "Message"],
            [[esc(as_dict(u).get("id")), esc(as_dict(u).get("kind")), esc(as_dict(u).get("named_by")),
              esc(as_dict(u).get("reason")), esc(as_dict(u).get("message"))] for u in unresolved]))
    suspected = as_list(lineage.get("suspected"))
    if suspected:
        parts.append(f"<h4>{esc(SUSPECTED_TITLE)}</h4><ul>" + "".join(
            f"<li>{linked(esc(suspected_said(as_dict(s)) if isinstance(s, dict) else s))}</li>" for s in suspected)
            + "</ul>")
    problems = as_list(lineage.get("problems"))
    if problems:
        parts.append("<h4>Lineage problems</h4><ul>" + "".join(
            f"<li>{linked(esc(as_dict(p).get('message') or p))}</li>" for p in problems) + "</ul>")
    return "".join(parts)


def _score(value: Any) -> tuple[int | None, str, list[Any]]:
    if isinstance(value, dict):
        score = value.get("score")
        return (int(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None,
                text(value.get("reason"), ""), as_list(value.get("details")))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value), "", []
    return None, "", []


def _openness(view: ModelView) -> str:
    openness = as_dict(view.facts.get("openness"))
    scores = as_dict(openness.get("scores"))
    rows = []
    for area in [a for a in SCORE_AREAS if a in scores] + [a for a in scores if a not in SCORE_AREAS]:
        score, reason, details = _score(scores[area])
        width = max(0, min(100, score)) if score is not None else 0
        bar = f'<div class="bar"><span style="width:{width}%"></span></div>'
        detail = ("<br>".join(f'<span class="origin">{esc(d)}</span>' for d in details)) if details else ""
        rows.append([f"<strong>{esc(area)}</strong>",
                     f"<span class=\"num\">{esc(score)}/100</span>" if score is not None else esc(None),
                     bar, esc(reason, "-") + ("<br>" + detail if detail else "")])
    parts = [_kv([
        ("MOF class", esc(facts_class_name(openness)) + _mof_note(openness)),
        ("MOF class (normalised reading)", esc(facts_class_name({**openness, "mof_class": openness.get(
            "mof_class_normalised")}))),
        ("OSI Open Source AI Definition", esc(openness.get("osaid"))),
        ("Weights / data / code", " / ".join(esc(openness.get(k)) for k in ("weights_status", "data_status",
                                                                           "code_status"))),
    ])]
    reasons = as_list(openness.get("osaid_reasons"))
    if reasons:
        parts.append("<h4>Why (OSAID)</h4><ul>" + "".join(f"<li>{linked(esc(r))}</li>" for r in reasons) + "</ul>")
    parts.append("<h4>Scores</h4>" + _table(["Area", "Score", "", "Reason and details"], rows,
                                             empty="No openness scores were computed."))
    components = as_dict(openness.get("components"))
    comp_rows = []
    for name, comp in components.items():
        comp = as_dict(comp)
        css = STATUS_CLASS.get(text(comp.get("status")), "unk")
        status, license_id = component_cells(view.facts, name, comp)
        comp_rows.append([esc(name), f'<span class="st-{css}">{esc(status)}</span>', esc(license_id, "-")])
    parts.append("<h4>Model Openness Framework components</h4>" + _table(
        ["Component", "Status", "License"], comp_rows, empty="No component evidence."))
    versus = mof_versus_evidence(view.facts)
    if versus:
        parts.append(f"<h4>{esc(MOF_VERSUS_TITLE)}</h4><ul>" + "".join(
            f"<li><strong>{esc(kind)}</strong>: {esc(message)}</li>" for kind, message in versus) + "</ul>")
    return "".join(parts)


def _datasets(view: ModelView) -> str:
    facts = view.facts
    risks: dict[str, list[dict[str, Any]]] = {}
    for risk in as_list(facts.get("data_risks")):
        risk = as_dict(risk)
        risks.setdefault(str(risk.get("dataset")), []).append(risk)
    rows = []
    for ds in as_list(facts.get("datasets")):
        ds = as_dict(ds)
        found = risks.get(str(ds.get("id")), [])
        risk = "<br>".join(esc(f"{text(r.get('risk'))}: {text(r.get('reason'), '')}") for r in found) or "-"
        license_cell = (esc(dataset_license_cell(ds)) if ds.get("license") or ds.get("state") == "none"
                        else '<span class="unknown">unknown</span>') + esc(dataset_note_marks(ds))
        rows.append([esc(ds.get("id")), license_cell, esc(ds.get("category")), esc(ds.get("trained")), risk])
    return ("<p>Training data contributes a separate data-license risk; its terms are not inherited "
            "silently.</p>"
            + _table(["Dataset", "License", "Category", "Trained", "Data-license risk"], rows,
                     empty=no_datasets_said(facts)))


def _mof_note(openness: dict[str, Any]) -> str:
    note = mof_declared_note(openness)
    return f' <span class="unknown">({esc(note)})</span>' if note else ""


def _pin(view: ModelView) -> str:
    state = pin_state(view)
    if state.startswith("NOT PINNED"):
        return f'<span class="notpinned">{esc(state)}</span>'
    return f"<code>{esc(state)}</code>"


def _short_pin(view: ModelView) -> str:
    sha = as_dict(view.facts.get("model")).get("sha")
    return f'<code class="nowrap">{esc(str(sha)[:12])}</code>' if sha else '<span class="notpinned">NOT PINNED</span>'


def _questions(view: ModelView) -> str:
    items = answers(view.facts, view.locked)
    count = answered_count(items)
    rows, classes = [], []
    for a in items:
        links = "".join(f'<br><span class="mono">{esc(u)}</span>' for u in a.links if u not in a.answer)
        rows.append([str(a.number), esc(a.question), esc(a.answer) + links,
                     esc("; ".join(a.clauses) or None, "-"), esc(a.status)])
        classes.append("" if a.status == "answered" else "unknown")
    return (f"<p>{count['answered']} of {len(items)} answered in full, {count['partial']} in part, "
            f"{count['unanswered']} not answered by the sources (find out before approving). Clauses cite the "
            "license knowledge base; the words are the auditor's summary, not the license text.</p>"
            + '<div class="qa">' + _table(["#", "Question", "Answer", "Clause", "Status"], rows, row_classes=classes)
            + "</div>")


def _regulatory(view: ModelView) -> str:
    rows = [[f"<strong>{esc(r.topic)}</strong>", esc(r.provision), esc(r.facts),
             esc(r.ref) + (f'<br><span class="mono">{esc(r.url)}</span>' if r.url else ""), esc(r.status)]
            for r in regulatory(view.facts)]
    return ("<p>Facts from the audit against each provision, with the provision's source. This is not legal "
            "advice: the conclusion is the reviewer's.</p>"
            + '<div class="reg">' + _table(["Topic", "Provision (summary)", "What the records show", "Source", "Kind"],
                                           rows) + "</div>")


def _evidence_section(view: ModelView) -> str:
    links = answers(view.facts, view.locked)[2].links
    policy_urls = sorted({str(o.url) for o in view.obligations if o.url})
    rows = [[esc(s.kind), esc(s.what)] for s in sources(view)]
    return (_kv([("Revision", _pin(view)),
                 ("License texts", "<br>".join(f'<span class="mono">{esc(u)}</span>' for u in links)
                  or esc(None, "not recorded")),
                 ("Use-policy texts", "<br>".join(f'<span class="mono">{esc(u)}</span>' for u in policy_urls)
                  or esc(None, NO_POLICY_TEXT))])
            + "<h4>Sources of the facts (primary first; third-party copies marked)</h4>"
            + _table(["Kind", "Source"], rows, empty="No origin recorded."))


def _waiver(w: Waiver | None) -> str:
    if w is None:
        return "-"
    return (f"{esc(w.reason)}<br><span class=\"origin\">approved by {esc(w.approved_by, 'not recorded')}; "
            f"ticket {esc(w.ticket, '-')}; expires {esc(w.expires)}; rule {esc(w.rule)} on "
            f"{esc(w.model)}</span>")


def _findings(view: ModelView, run: RunResult) -> str:
    rows, classes = [], []
    for f in grouped_findings(list(view.findings)):
        rows.append([f'<span class="sev-{esc(f.severity)}">{esc(f.severity)}</span>',
                     f"<code>{esc(f.rule)}</code><br>{esc(f.name)}",
                     f"<strong>{esc(f.title)}</strong><br>{esc(f.message)}"
                     + (f"<br><em>Fix:</em> {esc(f.remediation)}" if f.remediation else ""),
                     _evidence(f.evidence), _waiver(f.waived_by)])
        classes.append("" if f.active else "waived")
    out = _table(["Severity", "Rule", "Finding", "Evidence", "Waiver (who approved)"], rows,
                 row_classes=classes, empty="No rule fired for this model.")
    expired = [w for w in run.expired_waivers if _waiver_applies(w, view.id)]
    if expired:
        out += "<h4>Expired waivers</h4>" + _table(["Waiver"], [[_waiver(w)] for w in expired])
    return out


def _waiver_applies(waiver: Waiver, model_id: str) -> bool:

    return fnmatch.fnmatchcase(model_id.lower(), str(waiver.model).lower())


def _provenance(view: ModelView, meta: dict[str, str], files: list[Any]) -> str:
    facts = view.facts
    model = as_dict(facts.get("model"))
    parts = [_kv([
        ("Model", esc(model.get("id"))),
        ("Requested as", esc(model.get("requested") or view.result.model)),
        ("Revision asked", esc(model.get("revision"), "default branch")),
        ("Revision SHA read", f"<code>{esc(model.get('sha'))}</code>"),
        ("Source", esc(model.get("source"))),
        ("Recorded origin", esc(model.get("origin"), "-")),
        ("Gated", esc(gate_label(model))),
        ("Last modified", esc(model.get("last_modified"))),
        ("Facts version", esc(facts.get("facts_version"))),
        ("Policy", f"{esc(meta['policy'])} (effective digest "
                   f"<code>sha256:{esc(meta['policy_digest'])}</code>)"),
        ("Policy files", "<br>".join(f"{esc(p.path)} <code>sha256:{esc(p.sha256, 'not readable')}</code>"
                                     for p in files) or "not given (built-in or project default)"),
        ("Auditor version", esc(meta["auditor_version"])),
        ("Report generated", esc(meta["generated_at"])),
    ])]
    prov = as_dict(facts.get("provenance"))
    parts.append("<h4>Where each fact came from</h4>" + _table(
        ["Field", "Source", "Location", "Revision", "Detail"],
        [[esc(k), esc(as_dict(v).get("source")), esc(as_dict(v).get("location")),
          f'<code>{esc(as_dict(v).get("revision"), "-")}</code>', esc(as_dict(v).get("detail"), "-")]
         for k, v in prov.items()], empty="No provenance recorded."))
    problems = as_list(facts.get("problems"))
    if problems:
        parts.append("<h4>Problems reading the model</h4><ul>" + "".join(
            f"<li>{linked(esc(as_dict(p).get('message') or p))}</li>" for p in problems) + "</ul>")
    return "".join(parts)


def _running(title: str, revision: str, meta: dict[str, str], digest: str) -> str:
    """The PDF's running header (model, revision, date, report SHA-256): WeasyPrint repeats the last one met on
    every page, so each model's pages of a multi-model report name that model and its revision."""
    return (f'<div class="running">{esc(title)} · revision {esc(revision)} · {esc(meta["generated_at"])} · '
            f"report SHA-256 {esc(digest)}</div>")


def _revision(view: ModelView) -> str:
    return str(as_dict(view.facts.get("model")).get("sha") or "NOT PINNED")


def _model_section(view: ModelView, idx: int, run: RunResult, meta: dict[str, str], files: list[Any],
                   engine: str, digest: str) -> str:
    running = _running(f"Model review: {view.id}", _revision(view), meta, digest)
    return (
        f'<section class="model" id="m{idx}">{running}<h2>{_badge(view.verdict)} {esc(view.id)}</h2>'
        + _section("summary", idx, _summary(view))
        + _section("obligations", idx, _obligations(view))
        + _section("questions", idx, _questions(view))
        + _section("regulatory", idx, _regulatory(view))
        + _section("evidence", idx, _evidence_section(view))
        + _section("license", idx, _license(view))
        + _section("lineage", idx, _lineage(view, idx, engine))
        + _section("openness", idx, _openness(view))
        + _section("datasets", idx, _datasets(view))
        + _section("findings", idx, _findings(view, run))
        + _section("provenance", idx, _provenance(view, meta, files))
        + "</section>"
    )


SIGN_OFF_FIELDS = ("Reviewer", "Date", "Decision (approve / approve with conditions / reject)", "Conditions",
                   "Waiver ticket", "Waiver expiry")


def _actions(view: ModelView, run: RunResult, idx: int, *, compact: bool = False) -> str:
    """The numbered actions in full (each with the obligations and rules it answers), or compact: one line each,
    linked to its full text, for page one when the full texts do not fit there."""
    items = next_actions(view, run)
    if not items:
        return "<p>No action: nothing in the findings, obligations or facts stands in the way.</p>"
    if compact:
        return '<ol class="actions compact">' + "".join(
            f'<li><a href="#a{idx}-{n}">{esc(headline(a))}</a></li>' for n, a in enumerate(items, 1)) + "</ol>"
    return '<ol class="actions">' + "".join(
        f'<li id="a{idx}-{n}">{linked(esc(a.text))}'
        # the space inside the span: before an inline box of its own, WeasyPrint backtracked to the list item's
        # first break and left one word alone on a line ("…-Family, / which / the policy marks…", review 38 L2)
        + (f'<span class="origin"> ({esc(", ".join(a.refs))})</span>' if a.refs else "")
        + "</li>" for n, a in enumerate(items, 1)) + "</ol>"


def _for_models(models: tuple[str, ...], total: int) -> str:
    """The label over a group of a multi-model report's actions: which models they apply to."""
    if len(models) == total:
        return "For both models:" if total == 2 else f"For all {total} models:"
    if len(models) == 1:
        return f"For {_model_id(models[0])} only:"
    return "For " + ", ".join(_model_id(m) for m in models[:-1]) + f" and {_model_id(models[-1])}:"


def _grouped(shared: tuple[SharedAction, ...]) -> list[tuple[tuple[str, ...], list[SharedAction]]]:
    """The items of the combined list in their groups, each group the models its actions apply to."""
    out: list[tuple[tuple[str, ...], list[SharedAction]]] = []
    for item in shared:
        if out and out[-1][0] == item.models:
            out[-1][1].append(item)
        else:
            out.append((item.models, [item]))
    return out


def _combined(views: list[ModelView], run: RunResult, *, compact: bool = False, columns: int = 1,
              shared: tuple[SharedAction, ...] | None = None) -> str:
    """A multi-model report's actions as ONE numbered list (issue 19 item 1): grouped by the models they apply to,
    an action several models share written once; in full (each with what it answers, model by model), or compact
    (one line each, linked to its full text on the next page), across `columns` when one column does not fit page
    one. Numbers run on across the groups, written out (an `<ol start>` is not honoured by every renderer: the PDF
    began each group at 1), so "action 5" names one thing on page one and on the page after."""
    shared = combined_actions(views, run) if shared is None else shared
    if not shared:
        return "<p>No action: nothing in the findings, obligations or facts stands in the way.</p>"
    width = COMPACT_CHARS // columns - 2 * (columns - 1)
    out = []
    number = 1
    seen: set[str] = set()
    for models, items in _grouped(shared):
        # the first group that names a model is where the overview's count links to (when the list moves)
        anchors = "".join(f'<span id="a{views.index(v)}"></span>' for v in views
                          if not compact and v.id in models and v.id not in seen)
        seen.update(models)
        out.append(f'<p class="actions-for">{anchors}{_for_models(models, len(views))}</p>')
        if compact:
            body = "".join(f'<li><a href="#a-{number + n}">{number + n}. {esc(headline(s.action, width))}</a></li>'
                           for n, s in enumerate(items))
        else:
            body = "".join(f'<li id="a-{number + n}">{number + n}. {linked(esc(s.action.text))}'
                           + (f'<span class="origin"> ({esc(refs)})</span>' if (refs := shared_refs(s)) else "")
                           + "</li>" for n, s in enumerate(items))
        out.append(f'<ol class="actions grouped{" compact" if compact else ""}">{body}</ol>')
        number += len(items)
    listed = "".join(out)
    return f'<div class="actions-columns">{listed}</div>' if columns > 1 else listed


def _actions_block(views: list[ModelView], run: RunResult, *, compact: bool = False, columns: int = 1,
                   shared: tuple[SharedAction, ...] | None = None) -> str:
    """Page one's numbered actions (or the page after's full texts): one model's list under its id, or the
    combined list of several models under one heading."""
    if len(views) == 1:
        anchor = "" if compact else ' id="a0"'
        return (f"<h3{anchor}>Next actions to approve {esc(views[0].id)}</h3>"
                + _actions(views[0], run, 0, compact=compact))
    anchor = "" if compact else ' id="a-all"'
    return (f"<h3{anchor}>Next actions to approve the {len(views)} models, one numbered list</h3>"
            + _combined(views, run, compact=compact, columns=columns, shared=shared))


def _sign_off(views: list[ModelView]) -> str:
    """One block for one model; for several, a row per model (each is approved or rejected on its own) under
    one reviewer and date, so the block stays on page one."""
    if len(views) <= 1:
        sign = "".join(
            "<tr>" + "".join(f'<th>{_html.escape(f)}</th><td class="blank"></td>'
                             for f in SIGN_OFF_FIELDS[i:i + 2]) + "</tr>"
            for i in range(0, len(SIGN_OFF_FIELDS), 2))
        return f'<h3>Sign-off</h3><table class="signoff"><tbody>{sign}</tbody></table>'
    who = "".join(f'<th>{_html.escape(f)}</th><td class="blank"></td>' for f in SIGN_OFF_FIELDS[:2])
    head = "".join(f"<th>{_html.escape(f)}</th>" for f in ("Model", *SIGN_OFF_FIELDS[2:]))
    rows = "".join(f"<tr><td>{_model_id(v.id)}</td>" + '<td class="blank"></td>' * 4 + "</tr>" for v in views)
    return (f'<h3>Sign-off</h3><table class="signoff"><tbody><tr>{who}</tr></tbody></table>'
            f'<table class="signoff signoff-models"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')


def _pin_banner(views: list[ModelView]) -> str:
    """NOT PINNED inside the decision box, where the eye lands first: an approval of an unknown revision
    approves whatever the repository holds tomorrow."""
    loose = [v for v in views if not as_dict(v.facts.get("model")).get("sha")]
    if not loose:
        return ""
    if len(views) == 1:
        said = pin_state(loose[0])
    else:
        said = (f"NOT PINNED: the audited revision of {len(loose)} of {len(views)} models is unknown (no SHA was "
                f"read): {', '.join(v.id for v in loose)}; pin them and re-audit before approving")
    return f'<div class="notpinned pinbanner">{esc(said)}</div>'


# Page one as printed (A4 less the margins, 9.5 pt): the estimated lines of everything on it, the title, the decision
# box, the overview, the numbered actions, the sign-off block and its footnote, that still fit one page; and about
# this many characters to a body line across the page. A report whose page one would hold more moves the numbered
# actions to the page after, so the sign-off block and its footnote never move off page one. Calibrated against
# WeasyPrint's layout of 190 catalog models' page one (every page one estimated at 59 or less fitted; 60 was the first
# that did not), with two lines to spare; the PDF lays page one out instead (`page_one_fits`).
PAGE_ONE_LINES = 57
_LINE_CHARS = 100
# characters to a line of the title (26 px), of the line under it (11 pt) and of the overview's cells (13 px), whose
# widths are shares of the page: the id's column is 30 %, the license columns about 17 % each after the others
_TITLE_CHARS, _SUB_CHARS, _ID_CHARS, _LICENSE_CHARS = 40, 88, 24, 16


def _wrapped(text_: str, width: int) -> int:
    """Printed lines of `text_` at `width` characters a line, counted a little high: a break falls at a space or
    a separator, not at the exact width, so each line loses a few characters on average."""
    return max(1, math.ceil(len(text_) * 1.1 / width))


def _page_one_lines(run: RunResult, views: list[ModelView], meta: dict[str, str], title: str, *,
                    compact: bool = False, columns: int = 1, shared: tuple[SharedAction, ...] | None = None) -> int:
    """About how many body lines page one takes with the numbered actions on it, in full or `compact` (one line
    each): every block (W1 of review pass 29: counting only the actions let the sign-off block or its footnote
    spill onto a page 2 of their own when the title wrapped on a long id, the pin banner took three lines or the
    declared license filled a cell four lines deep)."""
    header = 2 * _wrapped(title, _TITLE_CHARS) + 2 + _wrapped(
        f"License and openness review by auditor {meta['auditor_version']}, {meta['generated_at']}, policy "
        f"{meta['policy']}. Report SHA-256 (of the audit data shown) {'0' * 64}.", _SUB_CHARS)
    # the decision box: its large first line, the exit-code line, padding and border; the pin banner, boxed
    decision = 4 + _wrapped(f"Audit exit code {exit_code_text(run)}; {len(views)} model(s); policy "
                            f"{meta['policy']}.", _LINE_CHARS)
    if _pin_banner(views):
        decision += 1 + _wrapped(pin_state(views[0]) if len(views) == 1 else ", ".join(v.id for v in views) + " " * 160,
                                 _LINE_CHARS)
    overview = 3  # the heading row (two lines where a heading wraps) and the table's margins
    for v in views:
        effective = effective_license_text(as_dict(v.facts.get("license")), short=True)
        overview += 1 + max(_wrapped(v.id, _ID_CHARS), _wrapped(declared_text(v.facts), _LICENSE_CHARS),
                            _wrapped(effective, _LICENSE_CHARS), 2)
    if len(views) == 1:
        items = next_actions(views[0], run)
        actions = 3 + (len(items) if compact else
                       sum(_wrapped(f"{a.text} ({', '.join(a.refs)})", _LINE_CHARS) for a in items))
    else:  # one heading, and a label line (with its margin) over each group of the combined list
        groups = _grouped(combined_actions(views, run) if shared is None else shared)
        listed = sum(2 + (len(items) if compact else sum(
            _wrapped(f"{s.action.text} ({shared_refs(s)})", _LINE_CHARS) for s in items)) for _, items in groups)
        actions = 3 + math.ceil(listed / columns) + columns - 1  # a column ends where a label could not
    sign_off = 3 + 3 * 3  # its title; three rows of blank fields, each taller than a line
    if len(views) > 1:  # the reviewer's row, the table head, and a row per model (28 px, an id that may wrap)
        sign_off = 3 + 3 + 2 + 3 * len(views)
    footnote = 3
    return header + decision + overview + actions + sign_off + footnote


def _model_id(repo_id: str) -> str:
    """A model id for a narrow column: it may break after its owner's slash, and each part stays whole when
    it is of ordinary length (a reader looks for the id; "guanac|o-ft" split by the table is not one). A longer
    part breaks only after its own "-" or "_", each piece kept whole (review 38 L1: WeasyPrint broke
    "…Distill-Lla|ma-8B-GGUF" inside a word though a <wbr> followed each "-"; pieces of their own are never split);
    only a piece longer than a line keeps the usual break points, so the cell still never outgrows the page."""
    owner, slash, name = repo_id.rpartition("/")
    parts = [part for part in (owner + slash, name) if part]
    return "<wbr>".join(_nobr(part) if len(part) <= MODEL_ID_PART_CHARS
                        else "<wbr>".join(_nobr(piece) if len(piece) <= MODEL_ID_PART_CHARS else breakable(esc(piece))
                                          for piece in _ID_PIECE.findall(part)) for part in parts)


def _nobr(text_: str) -> str:
    return f'<span class="nobr">{esc(text_)}</span>'


# a piece of a long id: up to and including its next "-" or "_" (the id's own break points)
_ID_PIECE = lazy_compile(r"[^-_]*+[-_]|[^-_]++")


def _counts_cell(counts: dict[str, int]) -> str:
    """The overview's findings cell: each count kept whole with its letter ("4 N" was split "4 | N" on page one,
    review 38 L1); the line breaks only between counts."""
    return " / ".join(_nobr(part) for part in (f"{counts['error']} E", f"{counts['warning']} W",
                                               f"{counts['note']} N", f"{counts['waived']} waived"))


# The longest owner or name kept on one line in the overview: 32 characters fit the first column of a printed
# page at 9.5 pt in a wide font (DejaVu Sans), so most Hub ids break at their slash at most.
MODEL_ID_PART_CHARS = 32


# where page one's numbered actions go (`_placement`): in full on page one; compact on page one (one line each, the
# full texts on the next page); for several models, compact in two columns (a line each is shorter, the full texts
# on the next page); or moved whole to the next page, page one saying how many each model has
FULL, COMPACT, COLUMNS, MOVED = "full", "compact", "columns", "moved"


def _page_one(run: RunResult, views: list[ModelView], meta: dict[str, str], *, placement: str,
              alone: bool = False, shared: tuple[SharedAction, ...] | None = None) -> str:
    """The decision, the numbered next actions, and the sign-off block: what a reviewer signs, on one page.

    When the full action texts outgrow the page (many failing rules, long waivers, several models), page one lists
    them compact, one line each, and the full texts follow on their own page before the appendix (issue 19 item 1:
    FLUX.1-dev-LoRA-AntiBlur's page one had no actions at all). Only when even that does not fit (many models) does
    page one carry the decision, the overview (with each model's number of actions) and the sign-off alone.
    `alone`: page one without the full texts after it (what `_placement` lays out)."""
    inline = placement == FULL
    headers = ["Model", "Verdict", "Declared license", "Effective license", "Revision", "Findings"]
    rows = []
    if len(views) > 1 and shared is None:  # the combined list is built once (it asks every model's actions)
        shared = combined_actions(views, run)
    counts = ({views[0].id: len(next_actions(views[0], run))} if len(views) == 1 else
              {v.id: sum(v.id in s.models for s in shared or ()) for v in views})
    for i, v in enumerate(views):
        row = [f'<a href="#m{i}">{_model_id(v.id)}</a>', _badge(v.verdict), esc(declared_text(v.facts)),
               esc(effective_license_text(as_dict(v.facts.get("license")), short=True)), _short_pin(v),
               _counts_cell(v.counts)]
        if placement == MOVED:
            row.append(f'<a href="#a{i}">{counts[v.id]}</a>')
        rows.append(row)
    overview = ('<div class="overview">'
                + _table(headers + (["Next actions"] if placement == MOVED else []), rows,
                         empty="No model was audited.")
                + "</div>")
    actions = _actions_block(views, run, shared=shared)
    compact = _actions_block(views, run, compact=True, columns=2 if placement == COLUMNS else 1,
                             shared=shared) if placement in (
        COMPACT, COLUMNS) else ""
    shown = actions if inline else compact
    shortened = "Each action is written out in full, with the obligations and rules it answers, on the next page. "
    where = {FULL: "", COMPACT: shortened, COLUMNS: shortened}.get(
        placement, "The numbered next actions follow on the next page. ")
    page_one = (
        '<section class="page-one">'
        f'<div class="verdict {esc(run.verdict)}"><div class="big">Decision: {_badge(run.verdict)} '
        f"{esc(decision_text(run.verdict, len(views)))}</div>"
        f"<div>Audit exit code {esc(exit_code_text(run))}; {len(views)} model(s); policy {esc(meta['policy'])}."
        "</div>" + _pin_banner(views) + "</div>" + overview + shown + _sign_off(views)
        + f'<p class="origin">{where}Obligation numbers (O1, O2, ...) and rule ids refer to the appendix, where '
        "each obligation is stated once with its clause.</p></section>"
    )
    if not inline and not alone:
        title = "Next actions of the models, one numbered list" if len(views) > 1 else "Next actions"
        title += " in full" if placement in (COMPACT, COLUMNS) else ""
        page_one += f'<section class="actions-all"><h2>{title}</h2>{actions}</section>'
    return page_one


_W3C_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?")


def _dates(generated_at: str) -> str:
    """The PDF's CreationDate and ModDate (WeasyPrint reads these two meta tags): an archived report says when
    it was made in its metadata too. Only a W3C date goes there; anything else would be misread or rejected."""
    if not _W3C_DATE.fullmatch(generated_at):
        return ""
    return "".join(f'<meta name="dcterms.{k}" content="{generated_at}">' for k in ("created", "modified"))


# Whether a document holding only the title and page one prints on one page (auditor/formats/pdf.py lays it out).
PageOneFits = Callable[[str], bool]


def _placement(run: RunResult, views: list[ModelView], meta: dict[str, str], title: str, start: str,
               fits: PageOneFits | None, shared: tuple[SharedAction, ...] | None = None) -> str:
    """Where the numbered actions go: in full on page one if that fits, else compact on page one if that fits (for
    several models, else compact in two columns), else moved to the next page. Without a layout engine (the HTML,
    printed by a browser) by the estimate; with one (the PDF), by laying out the title and that page one alone and
    seeing it fill one page: exact, whatever the fonts, the ids and the wrapping, for one model or several (a
    multi-model page one was placed by a rule, never laid out). The estimate still gates the layout: a page one
    twice the page's length is not laid out to learn it is too long."""
    for placement in (FULL, COMPACT, COLUMNS) if len(views) > 1 else (FULL, COMPACT):
        lines = _page_one_lines(run, views, meta, title, compact=placement != FULL,
                                columns=2 if placement == COLUMNS else 1, shared=shared)
        if fits is None:
            if lines <= PAGE_ONE_LINES:
                return placement
        elif lines <= 2 * PAGE_ONE_LINES and fits(
                start + _page_one(run, views, meta, placement=placement, alone=True, shared=shared)
                + "</body></html>\n"):
            return placement
    return MOVED


def to_html(run: RunResult, *, policy_files: list[str] | None = None, generated_at: str | None = None,
            lineage_engine: str = "auto", page_one_fits: PageOneFits | None = None, paged: bool = True) -> str:
    """The whole review as one HTML document. lineage_engine: auto (Graphviz when installed) | builtin.
    page_one_fits: a layout check of page one (the PDF's), in place of the estimate, for the actions' place.
    paged: laid out for pages (the PDF, or a document printed as one); the HTML format itself has no pages, so it
    lists the actions once, in full, and never says "on the next page" (review 38 L4: a compact list, then the same
    actions "in full", and a pointer to a next page that a browser does not have)."""
    meta = run_meta(run, generated_at)
    files = policy_files_digests(policy_files)
    views = [model_view(r, run) for r in run.results]
    title = "Model review: " + (views[0].id if len(views) == 1 else f"{len(views)} models")
    digest = content_digest(run)
    revision = _revision(views[0]) if len(views) == 1 else "one per model (see the overview)"
    head = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="author" content="auditor {esc(meta["auditor_version"])}">'
        f'<meta name="description" content="License and openness review of {len(views)} model(s) for '
        f'procurement sign-off; verdict {esc(run.verdict)}">'
        f'<meta name="generator" content="auditor {esc(meta["auditor_version"])}">'
        f'<meta name="keywords" content="model review, license, openness, {esc(run.verdict)}">'
        + _dates(meta["generated_at"]) +
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
    )
    running = _running(title, revision, meta, digest)
    header = (
        f"{running}<header><h1>{esc(title)}</h1>"
        f'<p class="sub">License and openness review by auditor {esc(meta["auditor_version"])}, '
        f'{esc(meta["generated_at"])}, policy {esc(meta["policy"])}. Report SHA-256 (of the audit data shown) '
        f'<code>{esc(digest)}</code>.</p></header>'
    )
    # every model's actions, combined once for the whole render (built per use, a 60-model report spent 16 s here)
    shared = combined_actions(views, run) if len(views) > 1 else None
    placement = _placement(run, views, meta, title, head + header, page_one_fits, shared) if paged else FULL
    body = "".join(_model_section(v, i, run, meta, files, lineage_engine, digest) for i, v in enumerate(views))
    footer = ("<footer>This report states facts with their evidence; it is not legal advice. License terms "
              "are summarised in the auditor's own words with their clauses; read the license texts before "
              "relying on them.</footer>")
    return (head + header + _page_one(run, views, meta, placement=placement, shared=shared)
            + '<div class="appendix"><h2 class="appendix-title">Appendix: the details behind page one</h2>'
            + body + "</div>" + footer + "</body></html>\n")


def section_titles() -> list[str]:
    """The section headings every model gets, in order (tests and the PDF check use them)."""
    return list(SECTION_TITLES.values())


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: the procurement review as one self-contained HTML page."""
    return utf8(to_html(run, policy_files=list(context.policy_files), generated_at=context.generated_at,
                        lineage_engine=context.lineage_engine, paged=False))
