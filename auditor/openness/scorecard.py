"""A 0-100 openness scorecard (weights, data, code, documentation, overall), after OpenSSF Scorecard.

Why scores beside the MOF class: a class is all-or-nothing (one missing component and a model with open
weights, data and code is "unclassified"); a score shows how far along each area is. Every check gives a
score, one sentence saying why, and the details (one line per component) so the number can be argued with.

Points per component (the weights below) are earned in full when the component is open, in part when it
is restricted (present but gated or under a license that is not open), and not at all when it is closed,
absent or unknown: unknown never earns points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from auditor.openness.component import SHORT_CARD, Component
from auditor.openness.mof import COMPONENT_BY_NAME, MofDeclaration, MofResult, mof_class_exact
from auditor.openness.normalise import normalise_license

# area -> ((component, points), ...); each area's points sum to 100.
AREAS: dict[str, tuple[tuple[str, int], ...]] = {
    "weights": (("Model parameters (Final)", 85), ("Model parameters (Intermediate)", 15)),
    "data": (("Datasets", 55), ("Data card", 20), ("Evaluation data", 15), ("Model metadata", 10)),
    "code": (
        ("Model architecture", 20),
        ("Training code", 25),
        ("Inference code", 20),
        ("Evaluation code", 10),
        ("Data preprocessing code", 15),
        ("Supporting libraries and tools", 10),
    ),
    "documentation": (
        ("Model card", 35),
        ("Research paper", 15),
        ("Technical report", 15),
        ("Evaluation results", 25),
        ("Sample model outputs", 10),
    ),
}
OVERALL_WEIGHTS = {"weights": 0.35, "data": 0.25, "code": 0.25, "documentation": 0.15}
SHARE = {"open": 1.0, "restricted": 0.5, "closed": 0.0, "absent": 0.0, "unknown": 0.0}
SHARE_PRESENT_UNKNOWN_LICENSE = 0.25  # a component we can see but whose license is unknown (papers, links)


@dataclass(frozen=True)
class Score:
    """One check: the score, the reason in one sentence, and the details behind it."""

    name: str
    score: int
    reason: str
    details: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "reason": self.reason, "details": list(self.details)}


def _share(comp: Component) -> float:
    if comp.status == "unknown" and comp.present:
        return SHARE_PRESENT_UNKNOWN_LICENSE
    share = SHARE[comp.status]
    if comp.name == "Model card" and comp.note and "little prose" in comp.note:
        share *= 0.5  # a card under SHORT_CARD characters documents almost nothing
    return share


def _area(name: str, components: Mapping[str, Component]) -> Score:
    """The score of one area. A score reads only each component's status, license, note and presence, and
    a catalog repeats the same few combinations: so it is computed once per combination (Score is frozen)."""
    key = (name, *((c.status, c.license, c.note, c.present) if (c := components.get(n)) is not None else None
                   for n, _ in AREAS[name]))
    score = _AREA_SCORES.get(key)
    if score is None:
        if len(_AREA_SCORES) >= 4096:
            _AREA_SCORES.clear()
        score = _AREA_SCORES[key] = _compute_area(name, components)
    return score


_AREA_SCORES: dict[tuple[Any, ...], Score] = {}


def _compute_area(name: str, components: Mapping[str, Component]) -> Score:
    total = 0.0
    details: list[str] = []
    best: list[str] = []
    worst: list[str] = []
    for comp_name, points in AREAS[name]:
        comp = components.get(comp_name) or Component(comp_name, "unknown", note="not derived")
        earned = points * _share(comp)
        total += earned
        lic = f" under {comp.license}" if comp.license else ""
        details.append(f"{comp_name}: {comp.status}{lic} ({earned:g}/{points}){' - ' + comp.note if comp.note else ''}")
        (best if comp.status == "open" else worst).append(f"{comp_name.lower()} {comp.status}")
    score = round(total)
    if not worst:
        reason = f"every {name} component is open."
    elif not best:
        reason = f"no {name} component is shown to be open ({'; '.join(worst[:3])})."
    else:
        reason = f"{'; '.join(best[:2])}, but {'; '.join(worst[:3])}."
    return Score(name, score, reason[0].upper() + reason[1:], tuple(details))


def score_components(components: Mapping[str, Component]) -> dict[str, Score]:
    """The four area scores and the weighted overall score."""
    scores = {name: _area(name, components) for name in AREAS}
    overall = round(sum(scores[k].score * w for k, w in OVERALL_WEIGHTS.items()))
    parts = ", ".join(f"{k} {scores[k].score}" for k in AREAS)
    weakest = min(AREAS, key=lambda k: scores[k].score)
    scores["overall"] = Score(
        "overall",
        overall,
        f"Weighted mean of {parts}; the weakest area is {weakest}.",
        tuple(f"{k}: {scores[k].score} x {w:g}" for k, w in OVERALL_WEIGHTS.items()),
    )
    return scores


# ---------------------------------------------------------------------------------------------------------
# Declaration versus evidence


def compare_declaration(declared: MofDeclaration | MofResult, derived: Mapping[str, Component]) -> list[dict[str, Any]]:
    """Where a model's MOF declaration and the Hub evidence disagree, one entry per component.

    kind: "contradicts" (the declaration says open, the evidence shows restricted/closed/absent, or the
    other way round), "license-differs" (both open or both not, but different license ids), "omitted" (the
    evidence shows an open component the declaration does not list). Components the evidence cannot
    judge (unknown) are not disagreements: they are listed with kind "unverified" so a reader sees what
    the declaration claims that nothing confirms.
    """
    result = declared if isinstance(declared, MofResult) else mof_class_exact(declared)
    out: list[dict[str, Any]] = []
    for name, claim in result.components.items():
        comp = derived.get(name)
        if comp is None or name not in COMPONENT_BY_NAME:
            continue
        claim_open = claim.status in ("open", "open_not_type_appropriate")
        entry = {
            "component": name,
            "declared_status": claim.status,
            "declared_license": claim.resolved_license,
            "derived_status": comp.status,
            "derived_license": comp.license,
        }
        if not claim.included:
            if comp.status == "open":
                out.append(
                    {
                        **entry,
                        "kind": "omitted",
                        "message": f"{name}: the evidence shows it open "
                        f"({comp.license}) but the declaration does not list it",
                    }
                )
            continue
        if comp.status == "unknown":
            # a claim nothing here can judge, open or not: Command R's declaration gives its architecture code
            # CC-BY-NC-4.0 while its card was not read, and the report showed "unknown" with no word of the claim
            said = (f"open under {claim.resolved_license}" if claim_open
                    else f"{claim.status} ({claim.resolved_license})"
                    if claim.resolved_license and claim.resolved_license != claim.status else claim.status)
            out.append(
                {
                    **entry,
                    "kind": "unverified",
                    "message": f"{name}: declared {said}; the evidence cannot "
                    f"{'confirm' if claim_open else 'judge'} it ({comp.note})",
                }
            )
            continue
        derived_open = comp.status == "open"
        if claim_open != derived_open:
            said = (
                f"open under {claim.resolved_license}" if claim_open else f"{claim.status} ({claim.resolved_license})"
            )
            out.append(
                {
                    **entry,
                    "kind": "contradicts",
                    "message": f"{name}: declared {said}, but the evidence "
                    f"shows it {comp.status}{' under ' + comp.license if comp.license else ''}"
                    f"{' - ' + comp.note if comp.note else ''}",
                }
            )
            continue
        if claim.resolved_license and comp.license and claim.resolved_license != "unlicensed":
            a = normalise_license(claim.resolved_license).text
            b = normalise_license(comp.license).text
            if a != b:
                out.append(
                    {
                        **entry,
                        "kind": "license-differs",
                        "message": f"{name}: declared under "
                        f"{claim.resolved_license}, the evidence shows {comp.license}",
                    }
                )
    return out


def disagreements(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries of compare_declaration that are real disagreements (not merely unverified claims)."""
    return [e for e in entries if e["kind"] != "unverified"]


__all__ = ["AREAS", "SHORT_CARD", "Score", "compare_declaration", "disagreements", "score_components"]
