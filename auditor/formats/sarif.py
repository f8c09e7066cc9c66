"""SARIF 2.1.0 for GitHub code scanning: one alert at every line that names a model that broke a rule.

Why SARIF: it is the format code scanning reads, so a policy violation shows up as an annotation on the
pull request line that introduces the model, and as a tracked alert afterwards. The output validates
against the OASIS 2.1.0 schema and stays inside GitHub's documented limits (one run per file; at most
25,000 results per run, only the top 5,000 by severity displayed; at most 20 tags per rule; only the
first entry of a result's `locations` is used, and code scanning needs one to display the alert).

Choices, each for a reason:
- **One result per (finding, reference).** GitHub uses only a result's first location, and annotates a
  pull request only where the alert's location is in the diff. A model named in `serve.py` and in the
  manifest gets one alert at each, so the line the change touches is annotated whichever it is.
- **A finding with no reference** (a model given on the command line, a run-level finding) is placed at
  `fallback_uri` (the manifest or policy file the caller names, else `run.meta["manifest"]`, else
  `auditor.yaml`), line 1, because code scanning rejects a result without a location.
- **Paths from the repository root.** Every `artifactLocation.uri` is relative to the repository root
  (`run.meta["path_prefix"]`, the scanned folder's place in its git repository, is prepended) with
  `uriBaseId` `%SRCROOT%`, and `originalUriBaseIds` maps `%SRCROOT%` to the root's file URI: a scan of
  `services/api` annotates `services/api/serve.py`, which is what GitHub resolves against the checkout.
- **Fingerprints** (`partialFingerprints["auditor/v2"]`): one per distinct result, stable across runs.
  They hash the rule, the model id (lower case, without revision), the file from the repository root,
  the ordinal of this reference among all references to that id in that file (not the line number, so
  inserting a line above keeps the alert) and, for a rule that fires once per item (`for_each`: one
  finding per ancestor, dataset or card problem), the item's identity with volatile parts (SHAs,
  messages, scores) left out. Any remaining tie gets an ordinal, so no two results share a fingerprint
  (v1 omitted the item: GitHub merged distinct findings of one rule into one alert). Re-pinning a model
  or moving its line keeps the alert; another model, rule, file or item makes a new one.
- **Waived findings** stay in the file with a `suppressions` entry (kind external, status accepted,
  the waiver's reason, expiry, approver and ticket as justification) so code scanning shows them as
  dismissed rather than fixed. A reference carrying an inline `auditor: ignore[RULE] reason`
  (auditor/suppress.py) gets a suppression of kind inSource with the reason as justification, at that
  reference only.
- **Rules** come from rules/checks (id, name, area, severity, title, rationale, remediation,
  references). A finding whose rule is not in that list (engine or source findings) gets a descriptor
  made from the finding itself, so every `ruleIndex` points at a real descriptor.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from auditor import __version__
from auditor.formats.summary import counts, fail_on, not_checked_sentence, repo_path
from auditor.results import SEVERITY_ORDER, AuditResult, Finding, Location, RunResult
from auditor.suppress import SUPPRESSION_RULES, location_suppression
from auditor.textsafe import clean_tree, utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext
    from auditor.policy import Policy

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
MAX_RESULTS = 25_000
MAX_TAGS = 20
_LEVELS = {"error": "error", "warning": "warning", "note": "note"}
# GitHub ranks security alerts by this number (CVSS-like); we only set it for the security area.
_SECURITY_SEVERITY = {"error": "8.0", "warning": "5.0", "note": "2.0"}


def to_sarif(
    run: RunResult,
    rules: Sequence[dict[str, Any]],
    *,
    fallback_uri: str | None = None,
    help_base_uri: str | None = None,
    max_results: int = MAX_RESULTS,
) -> dict[str, Any]:
    """Build the SARIF log (a JSON-able dict) for one run.

    `help_base_uri`, when given (e.g. the published docs/rules.md), makes each rule's helpUri
    `<base>#<rule id in lower case>`; otherwise the rule's first http(s) reference is used.
    """
    fallback = fallback_uri or run.meta.get("manifest") or run.meta.get("policy_file") or "auditor.yaml"
    table = ResultTable(rules, str(fallback), help_base_uri)
    ordinals = reference_ordinals(run)
    results: list[dict[str, Any]] = []
    for audit in run.results:
        results.extend(table.model_results(audit, run, ordinals))
    dropped = max(0, len(results) - max_results)
    if dropped:
        # Keep the most severe: GitHub would display only the top results by severity anyway.
        results.sort(key=result_rank)
        results = results[:max_results]
    return sarif_log(run, table.descriptors, results, dropped=dropped, max_results=max_results)


def result_rank(result: dict[str, Any]) -> int:
    """A result's place when only the most severe are kept (a stable sort by it: errors, warnings, notes)."""
    return -SEVERITY_ORDER.get(result["level"], 0)


class ResultTable:
    """The rule descriptors of a run and its results, one model at a time: descriptors for rules no catalogue
    lists are added as findings name them, and fingerprints are made unique in the order results are made
    (what `to_sarif` does for a whole run and a streamed batch, auditor/heldstream.py, does model by model)."""

    def __init__(self, rules: Sequence[dict[str, Any]], fallback: str, help_base_uri: str | None = None) -> None:
        self.descriptors: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}
        self.fallback = fallback
        self.help_base_uri = help_base_uri
        self.unique = Uniquer()
        for rule in rules:
            rule_id = str(rule.get("id") or "")
            if rule_id and rule_id not in self.index:
                self.index[rule_id] = len(self.descriptors)
                self.descriptors.append(_descriptor(rule, help_base_uri))

    def model_results(self, audit: AuditResult, run: RunResult,
                      ordinals: dict[tuple[str, str, int, int], int]) -> list[dict[str, Any]]:
        """One model's results in document order, their fingerprints unique across the run so far."""
        out: list[dict[str, Any]] = []
        for finding in audit.findings:
            if finding.rule not in self.index:
                self.index[finding.rule] = len(self.descriptors)
                self.descriptors.append(_descriptor_from_finding(finding, self.help_base_uri))
            out.extend(_results(finding, audit, self.index[finding.rule], self.fallback, run, ordinals))
        for result in out:
            prints = result["partialFingerprints"]
            prints["auditor/v2"] = self.unique(prints["auditor/v2"])
        return out


def sarif_log(run: RunResult, descriptors: list[dict[str, Any]], results: Any, *, dropped: int = 0,
              max_results: int = MAX_RESULTS) -> dict[str, Any]:
    """The SARIF log around `results` (a list, or the mark a streamed batch replaces with its spooled results):
    the tool and its rules, the invocation and its notifications, the run's properties. `dropped`: how many
    lower-severity results were left out to keep within `max_results`."""
    notifications: list[dict[str, Any]] = []
    if dropped:
        text = f"{dropped} lower-severity results were left out: GitHub accepts at most {max_results} per run"
        notifications.append(_notification("warning", text))
    for audit in run.results:
        if not audit.complete:
            notifications.append(_notification("error", f"The audit of {audit.model} could not be completed."))
    missing = not_checked_sentence(run)
    if missing:
        notifications.append(_notification("error", missing + "."))
    for waiver in run.expired_waivers:
        notifications.append(
            _notification("warning", f"The waiver of {waiver.rule} for {waiver.model} expired on {waiver.expires}.")
        )

    summary = counts(run)
    invocation: dict[str, Any] = {
        "executionSuccessful": all(a.complete for a in run.results),
        "exitCode": int(run.exit_code),
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    sarif_run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "auditor",
                "fullName": "auditor: license and openness compliance for open ML models",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "invocations": [invocation],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "verdict": run.verdict,
            "policy": run.policy_name,
            "policyDigest": run.policy_digest,
            "models": len(run.results),
            "modelsNotChecked": summary.not_checked,
            "findingsSuppressed": summary.suppressed,
            "findingsWaived": summary.waived,
            "failOn": fail_on(run),
            "allowIncomplete": bool(run.meta.get("allow_incomplete", False)),
        },
    }
    info = run.meta.get("information_uri")
    if isinstance(info, str) and info.startswith(("http://", "https://")):
        sarif_run["tool"]["driver"]["informationUri"] = info
    root = run.meta.get("root_uri")
    if isinstance(root, str) and root:
        sarif_run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root if root.endswith("/") else root + "/"}}
    category = run.meta.get("sarif_category")
    if isinstance(category, str) and category:
        sarif_run["automationDetails"] = {"id": category if category.endswith("/") else category + "/"}

    return clean_tree({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [sarif_run]})


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _references(rule: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(label, url) for each reference, whether written as a string or as {title, url}."""
    out: list[tuple[str, str | None]] = []
    for ref in rule.get("references") or []:
        if isinstance(ref, dict):
            url = ref.get("url") or ref.get("href")
            label = ref.get("title") or ref.get("name") or url or ""
            out.append((_text(label), str(url) if url else None))
        elif ref:
            text = str(ref).strip()
            out.append((text, text if text.startswith(("http://", "https://")) else None))
    return out


def _descriptor(rule: dict[str, Any], help_base_uri: str | None) -> dict[str, Any]:
    rule_id = str(rule["id"])
    title = _text(rule.get("title")) or rule_id
    rationale = _text(rule.get("rationale"))
    remediation = _text(rule.get("remediation"))
    severity = str(rule.get("severity") or "warning")
    area = _text(rule.get("area")) or "general"
    refs = _references(rule)
    text_parts = [title + "."] if not title.endswith(".") else [title]
    md_parts = [f"**{_md(title)}**"]
    if rationale:
        text_parts.append(f"Why: {rationale}")
        md_parts.append(f"**Why it matters.** {_md(rationale)}")
    if remediation:
        text_parts.append(f"How to fix: {remediation}")
        md_parts.append(f"**How to fix.** {_md(remediation)}")
    if refs:
        text_parts.append("References: " + "; ".join(url or label for label, url in refs))
        md_parts.append(
            "**References.**\n"
            + "\n".join(f"- [{_md(label)}]({url})" if url else f"- {_md(label)}" for label, url in refs)
        )
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": _text(rule.get("name")) or rule_id,
        "shortDescription": {"text": title},
        "fullDescription": {"text": rationale or title},
        "help": {"text": "\n".join(text_parts), "markdown": "\n\n".join(md_parts)},
        "defaultConfiguration": {"level": _LEVELS.get(severity, "warning")},
        "properties": _properties(area, severity),
    }
    help_uri = _help_uri(rule_id, refs, help_base_uri)
    if help_uri:
        descriptor["helpUri"] = help_uri
    return descriptor


def _descriptor_from_finding(finding: Finding, help_base_uri: str | None) -> dict[str, Any]:
    rule = {
        "id": finding.rule,
        "name": finding.name,
        "area": finding.area,
        "severity": finding.severity,
        "title": finding.title,
        "rationale": None,
        "remediation": finding.remediation,
        "references": [],
    }
    return _descriptor(rule, help_base_uri)


def _properties(area: str, severity: str) -> dict[str, Any]:
    tags = ["auditor", area]
    if area in ("license", "lineage", "data"):
        tags.append("license-compliance")
    if area == "security":
        tags.append("security")
    unique_tags = list(dict.fromkeys(tags))[:MAX_TAGS]
    props: dict[str, Any] = {"tags": unique_tags, "precision": "high", "problem.severity": severity}
    if area == "security":
        props["security-severity"] = _SECURITY_SEVERITY.get(severity, "5.0")
    return props


def _help_uri(rule_id: str, refs: list[tuple[str, str | None]], base: str | None) -> str | None:
    if base:
        return f"{base}#{rule_id.lower()}"
    return next((url for _, url in refs if url), None)


def _results(finding: Finding, audit: AuditResult, rule_index: int, fallback: str, run: RunResult,
             ordinals: dict[tuple[str, str, int, int], int]) -> list[dict[str, Any]]:
    locations = list(finding.locations or audit.locations) or [Location(fallback, 1)]
    message = _text(finding.message) or _text(finding.title)
    if finding.model and finding.model not in message:
        message = f"{finding.model}: {message}"
    out = []
    for loc in locations:
        path = repo_path(run, loc.file)
        text = message
        if len(locations) > 1:
            text = f"{message} (reference {len(out) + 1} of {len(locations)})"
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": rule_index,
            "level": _LEVELS.get(finding.severity, "warning"),
            "message": {"text": text},
            "locations": [_location(loc, path)],
            "partialFingerprints": {"auditor/v2": fingerprint(run, audit, finding, loc, ordinals)},
            "properties": {"model": finding.model, "area": finding.area},
        }
        if finding.waived_by is not None:
            result["suppressions"] = [_suppression(finding)]
        else:
            inline = location_suppression(loc, finding.rule)
            if inline is not None:
                result["suppressions"] = [{
                    "kind": "inSource", "status": "accepted",
                    "justification": f"{_text(inline.reason)} ({repo_path(run, inline.file)}:{inline.line})",
                }]
        out.append(result)
    return out


def _model_id(audit: AuditResult) -> str:
    """The model as the code names it, without revision, lower case: a re-pin is the same alert, and the
    Hub renaming the repository (the facts' id) is not a new one."""
    return str(audit.model).split("@", 1)[0].lower()


def reference_ordinals(run: RunResult) -> dict[tuple[str, str, int, int], int]:
    """(model id, file, line, column) -> the ordinal of that reference among the id's references in the file.

    Counted over the whole run, so a model referenced pinned at one line and unpinned at another (two audit
    targets) still gets two fingerprints; an ordinal rather than a line survives edits above the line."""
    places: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for audit in run.results:
        model_id = _model_id(audit)
        every = [*audit.locations, *(loc for f in audit.findings for loc in f.locations)]
        for loc in every:
            places.setdefault((model_id, loc.file), set()).add((int(loc.line), int(loc.column or 1)))
    out: dict[tuple[str, str, int, int], int] = {}
    for (model_id, file), positions in places.items():
        for ordinal, (line, column) in enumerate(sorted(positions)):
            out[(model_id, file, line, column)] = ordinal
    return out


_SHA = re.compile(r"\b[0-9a-f]{40}\b")
# Parts of a for_each item that change between runs without making it another finding.
_VOLATILE = frozenset({"message", "evidence", "reason", "reasons", "summary", "sha", "revision", "line", "column",
                       "score", "scores", "incomplete", "verdict", "via", "data"})


def _item_identity(finding: Finding) -> str:
    """What tells two findings of one rule for one model apart: the item a for_each rule fired on."""
    items = [ev["item"] for ev in finding.evidence if isinstance(ev, dict) and "item" in ev]
    if not items:
        return ""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): strip(v) for k, v in value.items() if str(k) not in _VOLATILE}
        if isinstance(value, list | tuple):
            return [strip(v) for v in value]
        if isinstance(value, str):
            return _SHA.sub("", value)
        return value

    return json.dumps([strip(i) for i in items], sort_keys=True, default=str, ensure_ascii=False)


def fingerprint(run: RunResult, audit: AuditResult, finding: Finding, loc: Location,
                ordinals: dict[tuple[str, str, int, int], int]) -> str:
    """The stable identity of one result (one finding at one reference); GitLab's Code Quality uses it too."""
    model_id = _model_id(audit)
    ordinal = ordinals.get((model_id, loc.file, int(loc.line), int(loc.column or 1)), 0)
    key = "\x1f".join((finding.rule, model_id, repo_path(run, loc.file), str(ordinal), _item_identity(finding)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class Uniquer:
    """A tie left after everything that tells results apart (the same finding twice) gets an ordinal: called on
    each fingerprint in document order, it returns the fingerprint to write."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, value: str) -> str:
        if value in self.seen:
            self.seen[value] += 1
            return hashlib.sha256(f"{value}#{self.seen[value]}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
        self.seen[value] = 0
        return value


def unique(prints: list[str]) -> list[str]:
    """`prints` with each tie given an ordinal (Uniquer), in order."""
    one = Uniquer()
    return [one(value) for value in prints]


def _location(loc: Location, path: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, int(loc.line)), "startColumn": max(1, int(loc.column or 1))}
    if loc.end_column is not None and loc.end_column > region["startColumn"]:
        region["endColumn"] = int(loc.end_column)
    if loc.snippet:
        region["snippet"] = {"text": loc.snippet}
    return {
        "physicalLocation": {
            "artifactLocation": {
                "uri": _uri((path or loc.file).replace("\\", "/").lstrip("/")),
                "uriBaseId": "%SRCROOT%",
            },
            "region": region,
        }
    }


def _suppression(finding: Finding) -> dict[str, Any]:
    waiver = finding.waived_by
    assert waiver is not None
    parts = [_text(waiver.reason) or "waived", f"expires {waiver.expires}"]
    if waiver.approved_by:
        parts.append(f"approved by {_text(waiver.approved_by)}")
    if waiver.ticket:
        parts.append(f"ticket {_text(waiver.ticket)}")
    return {"kind": "external", "status": "accepted", "justification": "; ".join(parts)}


def _notification(level: str, text: str) -> dict[str, Any]:
    return {"level": level, "message": {"text": text}}


def _md(text: str) -> str:
    """Rule text is the project's own (rules/checks), so its Markdown (`code`, *emphasis*) is kept; only
    HTML is neutralised, because GitHub renders help.markdown."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rule_descriptors(policy: Policy | None) -> list[dict[str, Any]]:
    """Every rule a finding can name: the built-in rules (rules/checks: license, lineage, ..., engine,
    policy and lock rules) and the policy's custom rules."""
    # lazy: start-up (auditor.engine)
    from auditor.engine import load_builtin_rules

    rules = [r.to_dict() for r in load_builtin_rules(include_emitted=True)] + list(SUPPRESSION_RULES)
    for c in policy.custom_rules if policy is not None else ():
        rules.append({"id": c["id"], "name": c.get("name", c["id"].lower()), "area": c.get("area", "custom"),
                      "severity": c.get("severity", "error"), "title": c["title"],
                      "rationale": c.get("rationale", ""), "remediation": c.get("remediation", ""),
                      "references": c.get("references", [])})
    return rules


def fallback_uri(root: Path | None) -> str:
    """Where a finding without a location points: the project's policy, pyproject or README, else the root."""
    for name in ("auditor.yaml", "pyproject.toml", "README.md"):
        try:
            if root is not None and (root / name).is_file():
                return name
        except OSError:  # a root that can be listed but not searched: Path.is_file raises EACCES
            break
    return "."


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: the SARIF log as JSON."""

    log = to_sarif(run, rule_descriptors(context.policy), fallback_uri=fallback_uri(context.root or Path(".")))
    if context.scan_problems:
        # Files the scan could not read or parse (auditor check): notifications of the run, with their file.
        notes = [{"level": "warning", "message": {"text": clean_tree(f"{p.file or '.'}: {p.message}")},
                  "descriptor": {"id": str(p.code)},
                  **({"locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(str(p.file))},
                                                          **({"region": {"startLine": int(p.line)}}
                                                             if p.line else {})}}]} if p.file else {})}
                 for p in context.scan_problems]
        for sarif_run in log.get("runs") or ():
            invocation = (sarif_run.setdefault("invocations", [{"executionSuccessful": True}]) or [{}])[0]
            invocation.setdefault("toolExecutionNotifications", []).extend(notes)
    return utf8(json.dumps(log, indent=2, ensure_ascii=False))


def _uri(path: str) -> str:
    """A relative path as a URI reference. A file name that is not UTF-8 reaches here with its bytes as surrogate
    escapes (os.fsdecode): they are percent-encoded as the bytes they stand for (%FF), where quote's default
    strict encoding raised and lost the whole check's output (hostile pass 21, p19-repo name-invalid-utf8)."""
    return quote(path, safe="/", errors="surrogateescape")
