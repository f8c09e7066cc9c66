"""The audit pipeline end to end: ref -> record -> license -> lineage -> openness -> facts -> findings.

This is the library entry point (`auditor.audit(...)`); the CLI commands only call into it. Each stage is
its own module; this one only wires them and decides which sources a run uses.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from auditor.model import ModelRecord, ModelRef, parse_ref
from auditor.sources.base import Resolver, Source


def hub_offline_env() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def make_resolver(
    *,
    offline: bool = False,
    catalogs: Sequence[Path] = (),
    endpoint: str | None = None,
    token: str | None = None,
    cache_dir: Path | None = None,
    use_embedded: bool | None = None,
) -> Resolver:
    """The sources of one run, in the order they are asked.

    Local directories first (they are what the user points at), then catalogs the user named (explicit
    snapshots win over live data, which is the point of a snapshot), then either the Hub or, offline, the
    embedded catalog and the Hub cache. The embedded catalog is never mixed into an online run: a model the
    Hub cannot serve must show up as incomplete, not silently as an old recording.
    """
    from auditor.sources.catalog import CatalogSource
    from auditor.sources.local import LocalSource

    offline = offline or hub_offline_env()
    sources: list[Source] = [LocalSource()]
    sources.extend(CatalogSource(Path(p)) for p in catalogs)
    if use_embedded is None:
        use_embedded = offline
    if use_embedded:
        sources.append(CatalogSource())
    from auditor.sources.hub import HubSource

    sources.append(HubSource(endpoint=endpoint, token=token, cache_dir=cache_dir, offline=offline))
    return Resolver(sources, offline=offline)


def load_record(ref: str | ModelRef, resolver: Resolver) -> ModelRecord:
    """Parse (if needed) and fetch one ref. Raises auditor.model.RefError for an unparseable ref."""
    if isinstance(ref, str):
        ref = parse_ref(ref)
    return resolver.fetch(ref)
