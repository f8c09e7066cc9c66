"""One call for the pipeline: a model's openness (MOF class, OSAID verdict, scorecard, components).

Why the class is computed by the tool's own algorithm over the derived components: "MOF class II" should
mean the same thing whether it came from a declaration or from the Hub. The derived components are written
out as a MOF declaration (what a careful publisher would have declared, given what the Hub shows) and
classified with mof_class_exact; the normalised class reads the same declaration through
mof_class_normalised. A component counts towards a class only when it is open: restricted ones are written
with a license the tool cannot count as open, unknown and absent ones are not listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from auditor.model import ModelRecord
from auditor.openness.classname import class_name
from auditor.openness.evidence import Component, derive_components
from auditor.openness.mof import (
    COMPONENT_BY_NAME,
    DeclaredComponent,
    MofDeclaration,
    MofError,
    MofResult,
    NormalisedResult,
    mof_class_exact,
    mof_class_normalised,
)
from auditor.openness.osaid import declared_by_tool, osaid_verdict
from auditor.openness.raw import declared_class, mof_file
from auditor.openness.scorecard import Score, compare_declaration, disagreements, score_components

if TYPE_CHECKING:
    from auditor.openness.github import GitHubClient

NOT_OPEN_SUFFIX = " [not open: restricted access or terms]"


@dataclass(frozen=True)
class OpennessReport:
    """Everything the openness stage says about one model (plain data; `to_dict` is the facts shape)."""

    model: str
    mof: MofResult
    mof_normalised: NormalisedResult
    osaid: str
    osaid_reasons: tuple[str, ...]
    scores: dict[str, Score]
    components: dict[str, Component]
    notes: tuple[str, ...] = ()
    declared: MofResult | None = None
    declaration_comparison: tuple[dict[str, Any], ...] = ()
    declaration_error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # the shipped declaration's `release.origin`, the model it says the release derives from ("" or None: none
    # named, the publisher's word that the weights are its own)
    declared_origin: str | None = None

    @property
    def mof_class(self) -> int | None:
        return self.mof.mof_class

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "mof_class": self.mof.mof_class,
            "mof_class_normalised": self.mof_normalised.normalised.mof_class,
            "mof_progress": {f"class_{k}": round(v, 2) for k, v in sorted(self.mof.progress.items(), reverse=True)},
            "osaid": self.osaid,
            "osaid_reasons": list(self.osaid_reasons),
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
            "components": {k: v.to_dict() for k, v in self.components.items()},
            "notes": list(self.notes),
        }
        if self.declared is not None or self.declaration_error:
            out["declared"] = {
                "mof_class": self.declared.mof_class if self.declared else None,
                "progress": self.declared.to_dict()["progress"] if self.declared else None,
                "disagreements": disagreements(list(self.declaration_comparison)),
                "unverified": [e for e in self.declaration_comparison if e["kind"] == "unverified"],
                "error": self.declaration_error,
            }
        return out


def declaration_from_components(name: str, components: dict[str, Component], producer: str = "") -> MofDeclaration:
    """The MOF declaration the evidence supports: open and restricted components, with their licenses."""
    listed: list[DeclaredComponent] = []
    for comp in components.values():
        if comp.name not in COMPONENT_BY_NAME or comp.status in ("unknown", "absent"):
            continue
        if comp.status == "open":
            license_ = comp.license or "NOASSERTION"  # open without one id to name: the tool cannot count it
        else:  # restricted or closed: never counted as open, whatever license string it carries
            license_ = f"{comp.license or 'NOASSERTION'}{NOT_OPEN_SUFFIX}"
        listed.append(DeclaredComponent(comp.name, license_))
    return MofDeclaration(
        name=name,
        producer=producer or (name.split("/", 1)[0] if "/" in name else ""),
        components=tuple(listed),
    )


def assess_openness(
    record: ModelRecord,
    license_dict: dict[str, Any] | None,
    datasets: list[dict[str, Any]] | None = None,
    github: GitHubClient | None = None,
) -> OpennessReport:
    """Derive the components, classify them, judge OSAID, score them, and check any shipped declaration."""
    components = derive_components(record, license_dict, datasets=datasets, github=github)
    decl = declaration_from_components(record.id, components)
    exact, normalised = _classify(tuple((c.name, c.license) for c in decl.components))
    verdict, reasons = osaid_verdict(components)
    by_tool = tool_record(record)
    if by_tool:
        reasons = declared_by_tool(reasons)
    scores = score_components(components)
    notes: list[str] = list(normalised.notes)
    open_not_counted = [
        c.name
        for c in components.values()
        if c.status == "open" and exact.components[c.name].status not in ("open", "open_not_type_appropriate")
    ]
    if open_not_counted:
        notes.append(
            "open under terms the Model Openness Tool does not list by that spelling: " + ", ".join(open_not_counted)
        )
    declared: MofResult | None = None
    comparison: list[dict[str, Any]] = []
    error: str | None = None
    if record.mof:
        try:
            declared = declared_class(record.mof, mof_file(record))
            comparison = compare_declaration(declared, components)
            found = disagreements(comparison)
            if found:
                notes.append(
                    f"{_DECLARATION_NAMES[by_tool]} disagrees with the Hub evidence on {len(found)} "
                    f"component(s): " + "; ".join(e["message"] for e in found)
                )
            if declared.mof_class != exact.mof_class:
                notes.append(
                    f"declared MOF class: {_cls(declared.mof_class)}; the evidence supports: {_cls(exact.mof_class)}"
                )
        except MofError as exc:
            error = str(exc)
            notes.append(f"{_DECLARATION_NAMES[by_tool]} cannot be read: {exc}")
    return OpennessReport(
        model=record.id,
        mof=exact,
        mof_normalised=normalised,
        osaid=verdict,
        osaid_reasons=tuple(reasons),
        scores=scores,
        components=components,
        notes=tuple(notes),
        declared=declared,
        declaration_comparison=tuple(comparison),
        declaration_error=error,
        declared_origin=_declared_origin(record.mof) if declared is not None else None,
    )


# a catalog record's origin that names the Model Openness Tool file its MOF declaration was taken from ("mof:
# lfai/model_openness_tool@<sha>:models/X.yml (MIT License, ...)", as licenses/resolve.py reads it for LIC023)
_TOOL_ORIGIN = re.compile(r"(?:^|;\s)mof: ")
_DECLARATION_NAMES = {False: "the shipped MOF declaration", True: "the Model Openness Tool's record"}


def tool_record(record: ModelRecord) -> bool:
    """Whether the record's MOF declaration is the Model Openness Tool's record of the model (a third party's),
    not a declaration the publisher shipped with it."""
    return bool(record.mof) and _TOOL_ORIGIN.search(record.origin or "") is not None


def _declared_origin(mof: Any) -> str | None:
    """`release.origin` of a MOF declaration, stripped; None when it names none."""
    release = mof.get("release") if isinstance(mof, dict) else None
    origin = release.get("origin") if isinstance(release, dict) else None
    return str(origin).strip() or None if origin is not None else None


@lru_cache(maxsize=2048)
def _classify(listed: tuple[tuple[str, str | None], ...]) -> tuple[MofResult, NormalisedResult]:
    """Class and normalised class of a derived declaration, memoised on its (component, license) pairs.

    Models in a catalog repeat a handful of layouts, so a run classifies each layout once. The results are
    shared between reports: treat them as read-only (they are frozen dataclasses).
    """
    decl = MofDeclaration(name="derived", producer="", components=tuple(DeclaredComponent(n, lic) for n, lic in listed))
    exact = mof_class_exact(decl)
    return exact, mof_class_normalised(decl, exact=exact)


def _cls(klass: int | None) -> str:
    return class_name(klass)
