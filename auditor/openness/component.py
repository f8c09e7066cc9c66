"""One MOF component of a model, as the openness stage reports it (plain frozen data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from auditor.model import Evidence

Status = Literal["open", "restricted", "closed", "absent", "unknown"]
SHORT_CARD = 300  # characters of prose below which a card documents almost nothing


@dataclass(frozen=True)
class Component:
    """One MOF component of a model: status, license (canonical id or expression), evidence, a note.

    `present` separates "we saw it" from "we may use it": a paper linked on arXiv whose license is not
    recorded is present (True) with status "unknown".
    """

    name: str
    status: Status
    license: str | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    present: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "status": self.status,
            "license": self.license,
            "present": self.present,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.note:
            out["note"] = self.note
        return out

