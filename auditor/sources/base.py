"""The one interface every model source implements, and the per-run resolver that chains them.

A source never raises for a problem with one repository: it returns a ModelRecord carrying a fatal
Problem (the audit of that model is then *incomplete*, exit 3), so that one bad model never stops a run.
Exceptions are reserved for misuse (a bad catalog file given on the command line, say).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from auditor.model import ModelRecord, ModelRef, Problem, RepoKind


class SourceConfigError(Exception):
    """A source that cannot be used at all (unreadable catalog file, bad endpoint): exit code 2."""


@runtime_checkable
class Source(Protocol):
    """Turns a ModelRef into a ModelRecord. `name` is what evidence says the facts came from."""

    name: str

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        """The record for `ref`, a record with a fatal problem, or None when this source does not hold it."""
        ...


def missing_record(ref: ModelRef, code: str, message: str, *, source: str = "catalog") -> ModelRecord:
    """The record for a repository that could not be read: no facts, one fatal problem."""
    return ModelRecord(
        id=ref.repo_id or ref.path or "?",
        source=source,  # type: ignore[arg-type]
        kind=ref.kind,
        revision=ref.revision,
        problems=(Problem(code, message, fatal=True),),
    )


class Resolver:
    """Resolves refs through a chain of sources, once per (kind, id, revision) for the whole run.

    Lineage resolution asks for the same bases again and again (every Llama 3 fine-tune names
    meta-llama/Meta-Llama-3-8B); sharing records across models keeps a run to one request per repository.
    """

    def __init__(self, sources: Iterable[Source], *, offline: bool = False) -> None:
        self.sources = list(sources)
        self.offline = offline
        self._memo: dict[tuple[RepoKind, str, str | None], ModelRecord] = {}

    def fetch(self, ref: ModelRef) -> ModelRecord:
        key = (ref.kind, ref.path or (ref.repo_id or "").lower(), ref.revision)
        if key in self._memo:
            return self._memo[key]
        record: ModelRecord | None = None
        for source in self.sources:
            record = source.fetch(ref)
            if record is not None:
                break
        if record is not None and self.offline and any(p.code == "hub-offline-miss" for p in record.problems):
            # Offline, the Hub cache is only the last place we looked: say every place, so the user knows
            # whether to add a catalog or go online once.
            record = None
        if record is None:
            labels = {"hub": "the Hub cache" if self.offline else "the Hub"}
            names = ", ".join(labels.get(s.name, getattr(s, "label", s.name)) for s in self.sources
                              if s.name != "local" or ref.path) or "no source"
            where = f"offline sources ({names})" if self.offline else names
            record = missing_record(
                ref, "not-found",
                f"{ref.kind} {ref} was not found in {where}",
                source=self.sources[-1].name if self.sources else "catalog",
            )
        self._memo[key] = record
        # A renamed repository is the same record under its new name too.
        self._memo.setdefault((ref.kind, record.id.lower(), ref.revision), record)
        return record

    def fetch_many(self, refs: Iterable[ModelRef]) -> list[ModelRecord]:
        return [self.fetch(r) for r in refs]
