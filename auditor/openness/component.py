"""One MOF component of a model, as the openness stage reports it (plain frozen data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from auditor.model import Evidence

Status = Literal["open", "restricted", "closed", "absent", "unknown"]
# downloadable: anyone can fetch it (an ungated repository, a local directory, a public GitHub repository or
# library); gated: access must be requested; published: shown to exist, whether access is gated is not
# recorded; declared: only a MOF declaration says it is released; absent: shown not to exist.
Availability = Literal["downloadable", "gated", "published", "declared", "absent", "unknown"]
SHORT_CARD = 300  # characters of prose below which a card documents almost nothing


@dataclass(frozen=True)
class Component:
    """One MOF component of a model: status, license (canonical id or expression), evidence, a note.

    `present` separates "we saw it" from "we may use it": a paper linked on arXiv whose license is not
    recorded is present (True) with status "unknown".

    `status` joins two readings that openness indexes (the European Open Source AI Index, the OSAID) keep
    apart, and both are kept: `availability`, whether it can be had (downloadable, gated, published but
    access not recorded, declared only by a MOF declaration, absent, unknown), and `license_status`, how
    open the terms it is under are (open, restricted, closed, unknown), whatever its availability.
    `declared` is the license a shipped MOF declaration gives a component the evidence cannot judge
    (status unknown): the publisher's word, shown apart and never counted as evidence for the MOF class.
    """

    name: str
    status: Status
    license: str | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    present: bool | None = None
    availability: Availability = "unknown"
    license_status: str | None = None  # open | restricted | closed | unknown; None when nothing is there
    declared: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "status": self.status,
            "license": self.license,
            "present": self.present,
            "availability": self.availability,
            "license_status": self.license_status,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.declared is not None:
            out["declared"] = self.declared
        if self.note:
            out["note"] = self.note
        return out

