"""The OSI Open Source AI Definition (OSAID 1.0) verdict, from the derived MOF components.

What OSAID asks, reduced to what metadata can show: the parameters under open (OSD-conformant) terms; the
code used to process data, train and run the model under OSI-approved licenses; and data information
(what the training data was and where to get it). We check exactly that, component by component.

Why three verdicts and not two: most models do not show enough to decide. "meets" needs every requirement
shown to hold, "does-not-meet" needs one shown to fail, and anything unknown in between is
"insufficient-evidence". A verdict of "meets" is impossible while any required component is unknown,
unless a shipped MOF declaration speaks for it: the Model Openness Tool's entries and publishers'
declarations say which components were released under which license, and where the evidence alone is
silent (no file list, GitHub not asked) that word is taken, and every reason that rests on it says so.
The MOF class from the evidence never counts it (it is what the declared class is compared against).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from auditor.openness.component import Component
from auditor.openness.licensing import expression_verdict, id_is_osi
from auditor.openness.normalise import judge_expression

OsaidVerdict = Literal["meets", "does-not-meet", "insufficient-evidence"]
PARAMETERS = ("Model parameters (Final)",)
CODE = ("Model architecture", "Training code", "Inference code", "Data preprocessing code")
DATA_INFORMATION = ("Datasets", "Data card")
REQUIRED = PARAMETERS + CODE + DATA_INFORMATION


def _osi_expression(expression: str | None) -> bool:
    """OSI-approved terms for an id or expression: any branch of an OR, every part of an AND."""
    if not expression:
        return False
    def combine(op: str, parts: list[bool]) -> bool:
        return any(parts) if op == "OR" else all(parts)

    return bool(judge_expression(expression, id_is_osi, combine))


def _missing(components: Mapping[str, Component], name: str) -> Component:
    return components.get(name) or Component(name, "unknown", note="not derived")


def osaid_verdict(components: Mapping[str, Component]) -> tuple[OsaidVerdict, list[str]]:
    """("meets" | "does-not-meet" | "insufficient-evidence", one reason per requirement).

    The verdict reads only the required components' status, license, note and presence; a catalog repeats
    a few combinations, so each is judged once (every caller gets its own list of reasons).
    """
    key = tuple((c.status, c.license, c.note, c.present, c.declared, c.availability)
                if (c := components.get(n)) is not None else None for n in REQUIRED)
    found = _VERDICTS.get(key)
    if found is None:
        if len(_VERDICTS) >= 4096:
            _VERDICTS.clear()
        found = _VERDICTS[key] = _verdict(components)
    return found[0], list(found[1])


_VERDICTS: dict[tuple[Any, ...], tuple[OsaidVerdict, list[str]]] = {}


_DECLARED = "in the shipped MOF declaration (the publisher's word; the evidence alone cannot tell)"
# the same reason when the declaration is the Model Openness Tool's record of the model, which a catalog recorded
# (its origin "mof: lfai/model_openness_tool@...:models/X.yml"): a third party's word, never the publisher's
# (issue 19 leftovers: google/recurrentgemma-2b-it's OSAID reasons called the tool's record the publisher's word)
DECLARED_BY_TOOL = ("in the MOF declaration the Model Openness Tool records (a third party's word, not the "
                    "publisher's; the evidence alone cannot tell)")


def declared_by_tool(reasons: list[str]) -> list[str]:
    """The reasons with each "shipped MOF declaration" said as the Model Openness Tool's record (DECLARED_BY_TOOL)."""
    return [reason.replace(_DECLARED, DECLARED_BY_TOOL) for reason in reasons]


def _parameters(comp: Component, fails: list[str], unknowns: list[str], passes: list[str]) -> None:
    if comp.status == "open":
        passes.append(f"parameters are available under open terms ({comp.license})")
    elif comp.status != "unknown":
        fails.append(f"parameters are {comp.status}: {comp.note or comp.license or 'not under open terms'}")
    elif comp.declared is not None and comp.availability != "gated":
        declared = expression_verdict(comp.declared)
        if declared == "open":
            passes.append(f"parameters are declared released under open terms ({comp.declared}) {_DECLARED}")
        elif declared in ("restricted", "closed"):
            fails.append(f"parameters are declared under {comp.declared}, which is not open, {_DECLARED}")
        else:
            unknowns.append(f"parameters: {comp.note or 'availability or license unknown'}")
    else:
        unknowns.append(f"parameters: {comp.note or 'availability or license unknown'}")


def _code(comp: Component, fails: list[str], unknowns: list[str], passes: list[str]) -> None:
    label = comp.name[0].lower() + comp.name[1:]
    if comp.status == "open" and _osi_expression(comp.license):
        recorded = any(e.source == "github-recording" for e in comp.evidence)
        passes.append(f"{label} is under an OSI-approved license ({comp.license})"
                      + (" per the shipped recording, not a live GitHub answer" if recorded else ""))
    elif comp.status == "open":
        fails.append(f"{label} is under {comp.license}, which is not OSI-approved")
    elif comp.status != "unknown":
        fails.append(f"{label} is {comp.status}: {comp.note or 'not released under open terms'}")
    elif comp.declared is not None and _osi_expression(comp.declared):
        passes.append(f"{label} is declared released under an OSI-approved license ({comp.declared}) {_DECLARED}")
    elif comp.declared is not None and expression_verdict(comp.declared) in ("restricted", "closed"):
        fails.append(f"{label} is declared under {comp.declared}, which is not OSI-approved, {_DECLARED}")
    else:
        unknowns.append(f"{label}: {comp.note or 'not shown'}")


def _data_information(datasets: Component, data_card: Component, fails: list[str], unknowns: list[str],
                      passes: list[str]) -> None:
    if datasets.present or data_card.present:
        caveat = (
            ""
            if datasets.status == "open"
            else " (the data is not all shown to be openly licensed; OSAID asks for the information, not open data)"
        )
        passes.append(f"data information is available: {datasets.note or data_card.note}{caveat}")
    elif datasets.declared is not None or data_card.declared is not None:
        listed = ", ".join(c.name.lower() for c in (datasets, data_card) if c.declared is not None)
        passes.append(f"data information is declared: the {listed} {_DECLARED}")
    elif datasets.status == "absent" and data_card.status in ("absent", "unknown") and data_card.present is not True:
        fails.append("no data information: the card declares no training datasets and no data card is found")
    else:
        unknowns.append(f"data information: {datasets.note or 'not shown'}")


def _verdict(components: Mapping[str, Component]) -> tuple[OsaidVerdict, list[str]]:
    fails: list[str] = []
    unknowns: list[str] = []
    passes: list[str] = []
    _parameters(_missing(components, PARAMETERS[0]), fails, unknowns, passes)
    for name in CODE:
        _code(_missing(components, name), fails, unknowns, passes)
    _data_information(_missing(components, "Datasets"), _missing(components, "Data card"), fails, unknowns, passes)
    if fails:
        return "does-not-meet", fails + [f"unknown: {u}" for u in unknowns]
    if unknowns:
        return "insufficient-evidence", [f"unknown: {u}" for u in unknowns] + [f"ok: {p}" for p in passes]
    return "meets", passes
