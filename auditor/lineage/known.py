"""The catalogs a run confirms a card's prose bases against: the user's own `--catalog` files, then the embedded one.

Why: a base the prose names bare ("fine-tuned from acme/Foo" with no link) or by its name alone ("built on Foo-7B")
is followed only when a catalog confirms it (auditor/lineage/graph.py confirmed_statements): a model of that id, or
the one original model of that name. The embedded catalog was the only one asked, so a user who recorded their own
models (`auditor snapshot`, then `--catalog FILE`, docs/offline.md) got the base their catalog holds reported as
unconfirmed, though the audit reads its record from that very file. `KnownCatalogs` asks the run's catalogs (the ones
its resolver reads, passed in: no global switch) and the embedded one, with the same rules: an id is confirmed when a
catalog holds a complete record of it, a name when exactly one original model answers to it across them all (two
different ones, in one catalog or in two, leave the name unconfirmed), and anything else still fails closed.

Cheap: a user catalog's index is the resolver's own (CatalogSource reads it once), and the name index of its
originals is built once per catalog object, on the first name-only base a card gives.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor.card_named_base import name_key
from auditor.lineage.modelscope import catalog_holds, embedded_catalog
from auditor.lineage.named_original import embedded_originals, originals_by_name

_ORIGINALS: weakref.WeakKeyDictionary[Any, dict[str, set[str]]] = weakref.WeakKeyDictionary()
_ORIGINALS_LOCK = threading.Lock()


def _originals(catalog: Any) -> dict[str, set[str]]:
    """name key -> original model ids of one user catalog, built once per catalog object (the run's own)."""
    with _ORIGINALS_LOCK:
        found = _ORIGINALS.get(catalog)
    if found is None:
        try:
            found = originals_by_name((line.kind, line.id, line.body) for line in catalog.lines())
        except Exception:  # a catalog that cannot be read confirms nothing; the audit reports it when it reads it
            found = {}
        with _ORIGINALS_LOCK:
            _ORIGINALS[catalog] = found
    return found


def _holds(catalog: Any, repo_id: str, kind: str) -> bool:
    # lazy: the model module is needed only when a card's bare id is asked about
    from auditor.model import ModelRef

    try:
        record = catalog.fetch(ModelRef(repo_id=repo_id, kind=kind))
    except Exception:  # a catalog that cannot be read confirms nothing; the audit reports it when it reads it
        return False
    return record is not None and record.complete


class KnownCatalogs:
    """The catalogs that confirm a card's prose bases for one run: `catalogs` (the user's, in their order), then the
    embedded catalog, always."""

    def __init__(self, catalogs: Sequence[Any] = ()) -> None:
        self.catalogs = tuple(catalogs)

    def holds(self, repo_id: str, kind: str) -> bool:
        """Whether any of them holds a complete record of `repo_id` as a `kind` ("model" or "dataset")."""
        return any(_holds(c, repo_id, kind) for c in self.catalogs) or catalog_holds(repo_id, kind)

    def holds_model(self, repo_id: str) -> bool:
        """Whether any of them holds a model of that id."""
        return self.holds(repo_id, "model")

    def original(self, name: str) -> str | None:
        """The id of the one original model (no base of its own) they know under that repository name, else None: two
        different ones (case aside) leave the name unsettled, wherever each is recorded."""
        key = name_key(name)
        found: dict[str, str] = {}
        for index in (*(_originals(c) for c in self.catalogs), embedded_originals()):
            for repo_id in index.get(key, ()):
                found.setdefault(repo_id.lower(), repo_id)
        return next(iter(found.values())) if len(found) == 1 else None


EMBEDDED_ONLY = KnownCatalogs()


def known_catalogs(resolver: Any) -> KnownCatalogs:
    """The catalogs a resolver reads besides the embedded one (`--catalog FILE`), as KnownCatalogs; a resolver with
    no sources (a test's stub) or none of them gives the embedded catalog alone."""
    # lazy: the catalog source is needed only to tell the resolver's catalogs apart
    from auditor.sources.catalog import CatalogSource, embedded_catalog_path

    embedded = _same_file_key(embedded_catalog_path())
    sources = getattr(resolver, "sources", None)
    if not isinstance(sources, list | tuple):
        return EMBEDDED_ONLY
    own = [s for s in sources if isinstance(s, CatalogSource) and s is not embedded_catalog()
           and _same_file_key(s.path) != embedded]
    return KnownCatalogs(own) if own else EMBEDDED_ONLY


def _same_file_key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError, ValueError):
        return str(path)
