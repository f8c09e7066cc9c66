"""The 17 MOF components of an audited model, derived from what its sources show, each with its evidence.

Why derive rather than trust a declaration: few models ship a MOF file, and the ones that do can be wrong.
The Hub shows enough to judge most components: weight files and the model license (parameters), config.json
and the library (architecture), linked code repositories and their licenses (code), `datasets` and their
licenses (data), the card, `model-index` (evaluation results), arXiv tags (papers).

Two stages, as in OpenSSF Scorecard: auditor.openness.raw reads what the sources show into plain frozen
data (RawEvidence); auditor.openness.checks judges each component from that alone, one evaluator per
component in a table. This module joins them, and keeps the names callers have always imported from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor.model import ModelRecord
from auditor.openness.checks import CHECKS, evaluate
from auditor.openness.component import SHORT_CARD, Component, Status
from auditor.openness.licensing import (
    Verdict,
    expression_verdict,
    id_is_open,
    id_is_osi,
    model_license_verdict,
)
from auditor.openness.raw import (
    ARCHITECTURE_LIBRARIES,
    CARD,
    CODE_COMPONENTS,
    HUB_FORMAT_TAGS,
    LIBRARY_LICENSES,
    RawEvidence,
    code_links,
    extract,
    hub_config_evidence,
    hub_format_tags,
    stated_code_license,
)

if TYPE_CHECKING:
    from auditor.openness.github import GitHubClient

__all__ = [
    "ARCHITECTURE_LIBRARIES",
    "CARD",
    "CHECKS",
    "CODE_COMPONENTS",
    "HUB_FORMAT_TAGS",
    "LIBRARY_LICENSES",
    "SHORT_CARD",
    "Component",
    "RawEvidence",
    "Status",
    "Verdict",
    "code_links",
    "derive_components",
    "expression_verdict",
    "extract",
    "hub_config_evidence",
    "hub_format_tags",
    "id_is_open",
    "id_is_osi",
    "model_license_verdict",
    "stated_code_license",
]


def derive_components(
    record: ModelRecord,
    license: dict[str, Any] | None,
    *,
    datasets: list[dict[str, Any]] | None = None,
    github: GitHubClient | None = None,
) -> dict[str, Component]:
    """The 17 MOF components of a model, from its record, its resolved license and its datasets.

    `license` is ResolvedLicense.to_dict(); `datasets` the lineage's dataset entries ({id, license, known,
    trained, ...}); `github` a client to read linked code repositories' licenses (None: not consulted, and
    code licenses stay unknown).
    """
    return evaluate(extract(record, license, datasets=datasets, github=github))
