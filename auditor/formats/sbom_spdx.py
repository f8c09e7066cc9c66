"""SPDX 2.3 JSON for an audited run, written and validated with spdx-tools; plus what all SBOMs share.

One package per model and dataset in the lineage (shared bases once), each with the license its card
declares (licenseDeclared) and, for audited models, the effective license after lineage
(licenseConcluded): the difference between the two is the finding a reviewer files. Bases that were not
audited on their own keep licenseConcluded NOASSERTION, since their own lineage was not judged.

Lineage as SPDX 2.3 relationships (child -> base); this table is the documented mapping:
    finetune, merge        DESCENDANT_OF   the model was derived from the base's weights
    quantized              VARIANT_OF      same model, other precision or format
    adapter                DESCENDANT_OF + DEPENDS_ON   derived from, and useless without, the base
    trained_on (dataset)   GENERATED_FROM  the weights were generated from the data
Every relationship carries a comment with the auditor relation and whether it was declared or inferred.

Every LicenseRef used anywhere is declared as extracted licensing info: its name (from the license
knowledge base when known) and a pointer ("See <url>") instead of the license text, which the project
never copies.

What the model is (sbom_facts.ModelMeta, the view all three SBOMs share): supplier and originator are the
Hub namespace (`Organization: org`, the Hub's author of the repository); homepage the model page;
downloadLocation the repository pinned to the audited commit (`git+https://huggingface.co/ID@SHA`); the
description the model's own (card name, task, library, base); externalRefs a purl (unversioned for a base
whose commit is unknown) and OTHER `arxiv` / `doi` references; what SPDX 2.3 has no field for
(architecture, the number of model-index results, gated access, languages, parameters) is said in the comment.
The document namespace ends in the document's RFC 4122 UUID (version 5 over the run: reproducible).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from auditor.formats import RenderError
from auditor.formats.review import as_dict, as_list, lineage_view
from auditor.formats.sbom_facts import (
    SUPPLIER_NOTE,
    ModelMeta,
    access_lines,
    model_meta,
    renamed_bases,
    split_id,
)
from auditor.formats.summary import curated_declaration
from auditor.results import AuditResult, RunResult
from auditor.textsafe import clean_tree, utf8

if TYPE_CHECKING:
    from auditor.formats import RenderContext

_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SHA = re.compile(r"^[0-9a-f]{40}$")
_NOT_A_LICENSE = {"", "none", "unknown", "other", "custom", "noassertion", "unresolved", "no license"}
SPDX2_RELATIONS: dict[str, tuple[str, ...]] = {
    "finetune": ("DESCENDANT_OF",),
    "merge": ("DESCENDANT_OF",),
    "quantized": ("VARIANT_OF",),
    "adapter": ("DESCENDANT_OF", "DEPENDS_ON"),
    "trained_on": ("GENERATED_FROM",),
}


class SbomError(RenderError):
    """The SBOM did not validate against its official validator: a bug, reported with the messages."""


@dataclass
class BomItem:
    """One model or dataset of the run's lineage, as every SBOM format needs it."""

    key: str  # the lineage node id (datasets: "dataset:org/name")
    name: str
    kind: str  # model | dataset
    sha: str | None = None
    declared: str | None = None  # SPDX expression or None (unknown / none)
    concluded: str | None = None  # audited models only: the effective license
    audited: bool = False
    verdict: str | None = None
    source: str | None = None
    notes: list[str] = field(default_factory=list)
    result: AuditResult | None = None
    relation: str | None = None  # bases: how the nearest model that names it was made from it
    meta: ModelMeta | None = None  # set by bom_data for every model (sbom_facts)

    @property
    def url(self) -> str | None:
        if not _REPO_ID.match(self.name) or self.source == "local":
            return None
        return f"https://huggingface.co/{'datasets/' if self.kind == 'dataset' else ''}{self.name}"

    @property
    def purl(self) -> str | None:
        """pkg:huggingface/org/name@sha (the purl type is for Hub models, pinned to a commit); without a
        version when the commit is not known (a base that could not be read still has its name)."""
        if self.kind != "model" or not _REPO_ID.match(self.name) or self.source == "local":
            return None
        org, name = self.name.split("/", 1)
        version = f"@{self.sha}" if self.sha and _SHA.match(self.sha) else ""
        return f"pkg:huggingface/{org}/{name}{version}"


@dataclass(frozen=True)
class BomLink:
    child: str
    base: str
    relation: str
    inferred: bool = False


@dataclass
class BomData:
    items: dict[str, BomItem]
    links: list[BomLink]
    license_refs: set[str]
    roots: list[str]

    def bases_of(self, key: str, relation: str | None = None) -> list[str]:
        """The direct bases (or, with relation "trained_on", datasets) of one node, each once, in order.
        Without `relation`: every base model and dataset it depends on."""
        return list(dict.fromkeys(
            link.base for link in self.links if link.child == key and link.base in self.items
            and (relation is None or (link.relation == "trained_on") == (relation == "trained_on"))))


@cache
def _licensing():
    """One SPDX Licensing per process: building it reads license-expression's whole index (about 0.3 s on a busy
    machine), and an SBOM asks for it for every license of every model (three times a model: a 36-model SBOM
    spent 30 of its 38 s here)."""
    # lazy: heavy (license_expression)
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def license_ref(name: str) -> str:
    """A valid LicenseRef id for any name (SPDX idstring: letters, digits, '.' and '-')."""
    body = name[len("LicenseRef-"):] if name.startswith("LicenseRef-") else name
    body = re.sub(r"[^A-Za-z0-9.-]+", "-", body).strip("-") or "unknown"
    return f"LicenseRef-{body[:80]}"


def normalise_expression(expr: Any, refs: set[str]) -> str | None:
    """A valid SPDX expression (unknown names become LicenseRef-*, collected in refs) or None."""
    if expr is None or isinstance(expr, (dict, bool)):
        return None
    if isinstance(expr, (list, tuple)):
        parts = [p for p in (normalise_expression(e, refs) for e in expr) if p]
        if not parts:
            return None
        return " AND ".join(f"({p})" if " " in p else p for p in parts)
    raw = str(expr).strip()
    if raw.lower() in _NOT_A_LICENSE:
        return None
    licensing = _licensing()
    try:
        parsed = licensing.parse(raw, validate=False)
    except Exception:  # license_expression raises several types for garbage; a LicenseRef says what it was
        ref = license_ref(raw)
        refs.add(ref)
        return ref
    if parsed is None:
        return None
    mapping = {}
    for symbol in licensing.license_symbols(parsed, unique=True):
        key = str(symbol.key)
        if key.startswith("LicenseRef-"):
            new = license_ref(key)
        elif licensing.known_symbols.get(key.lower()) is not None or _is_spdx_id(key):
            continue
        else:
            new = license_ref(key)
        refs.add(new)
        if new != key:
            mapping[key] = new
    rendered = str(parsed)
    for old, new in sorted(mapping.items(), key=lambda kv: -len(kv[0])):
        rendered = re.sub(rf"(?<![A-Za-z0-9.+-]){re.escape(old)}(?![A-Za-z0-9.+-])", new, rendered)
    return rendered


def _is_spdx_id(key: str) -> bool:
    licensing = _licensing()
    symbol = licensing.known_symbols.get(key)
    return symbol is not None


def _node_licenses(result: AuditResult) -> dict[str, Any]:
    """Each lineage node's own resolved license as lineage recorded it (graph first, then facts)."""
    out: dict[str, Any] = {}
    lineage = result.lineage
    if lineage is not None:
        try:
            for node in as_list(lineage.graph_dict().get("nodes")):
                node = as_dict(node)
                if node.get("resolved", True):
                    out[str(node.get("id"))] = node.get("license") or node.get("entries")
        except Exception:  # the facts below still know the ancestors' licenses
            out = {}
    facts = result.facts or {}
    for anc in as_list(as_dict(facts.get("lineage")).get("ancestors")):
        anc = as_dict(anc)
        out.setdefault(str(anc.get("id")), anc.get("entries") or anc.get("license"))
    for ds in as_list(facts.get("datasets")):
        ds = as_dict(ds)
        out.setdefault(f"dataset:{ds.get('id')}", ds.get("license"))
    return out


def _root_item(node: Any, result: AuditResult, refs: set[str]) -> BomItem:
    facts = result.facts or {}
    lic = as_dict(facts.get("license"))
    model = as_dict(facts.get("model"))
    curated = as_dict(lic.get("curated"))
    # after a curation `declared` holds the curated value: the SBOM's declared license is what the source said
    declared = curated.get("declared_ids") if curated else lic.get("declared")
    item = BomItem(
        key=node.id, name=node.name, kind="model", sha=model.get("sha"), audited=True,
        declared=normalise_expression(declared or None, refs),
        concluded=normalise_expression(lic.get("effective"), refs), verdict=result.verdict,
        source=model.get("source"), result=result)
    if curated:
        item.notes.append(f"declared license: {curated_declaration(facts)}")
    elif lic.get("declared") and item.declared is None:
        item.notes.append(f"declared license not expressible in SPDX: {lic.get('declared')}")
    return item


def _base_item(node: Any, licenses: dict[str, Any], renamed: dict[str, str], refs: set[str]) -> BomItem:
    declared = normalise_expression(licenses.get(node.id), refs) if node.resolved else None
    item = BomItem(key=node.id, name=node.name, kind=node.kind, sha=node.sha, declared=declared)
    if not node.resolved:
        item.notes.append(f"not resolved: {node.license}")
        current = renamed.get(node.name.lower()) if node.kind == "model" else None
        if current and current != node.name:
            item.notes.append(f"named {node.name} by the card; the Hub's base_model tag gives its current name")
            item.name = current
    return item


def _root_key(node_id: str, items: dict[str, BomItem]) -> str:
    """The key of an audited model in the SBOM: its lineage id, unless another audited model of the run already
    holds it. Two local folders of one name (`a/model`, `b/model`) are two models, each with its own component;
    keyed by name alone the second replaced the first and the SBOM lost a model without a word."""
    key, n = node_id, 2
    while key in items and items[key].audited:
        key, n = f"{node_id}#{n}", n + 1
    return key


def bom_data(run: RunResult) -> BomData:
    """The run's models, bases and datasets (each once) and the lineage links between them.

    A base the card names by an old name that could not be read under it is listed under the current name
    the Hub's base_model tags give it (sbom_facts.renamed_bases), with the old name in its notes."""
    items: dict[str, BomItem] = {}
    links: list[BomLink] = []
    seen_links: set[tuple[str, str, str]] = set()
    refs: set[str] = set()
    roots: list[str] = []
    for result in run.results:
        view = lineage_view(result)
        licenses = _node_licenses(result)
        renamed = renamed_bases(result.record)
        alias: dict[str, str] = {}
        for node in view.nodes:
            if node.root:
                key = _root_key(node.id, items)
                alias[node.id] = key
                items[key] = _root_item(node, result, refs)  # an audited model wins over the same base
                items[key].key = key
                roots.append(key)
            elif node.id not in items:
                items[node.id] = _base_item(node, licenses, renamed, refs)
        for edge in view.edges:
            child, base = alias.get(edge.child, edge.child), alias.get(edge.base, edge.base)
            key = (child, base, edge.relation)
            if key not in seen_links:
                seen_links.add(key)
                links.append(BomLink(child, base, edge.relation, edge.inferred))
    data = BomData(items, links, refs, list(dict.fromkeys(roots)))
    for item in items.values():
        if item.kind == "model":
            trained = [data.items[k].name for k in data.bases_of(item.key, "trained_on")]
            item.meta = model_meta(item.name, item.result, sha=item.sha, page=item.url, datasets=trained)
            item.relation = next((link.relation for link in links if link.base == item.key
                                  and link.relation != "trained_on"), None)
    return data


def license_ref_info(ref: str) -> tuple[str, str | None, str | None]:
    """(name, url, category) for a LicenseRef from the knowledge base; the id itself when unknown."""
    try:
        # lazy: start-up (auditor.licenses.kb)
        from auditor.licenses.kb import load_kb

        entry = load_kb().get(ref)
    except Exception:  # a missing KB must not stop the SBOM: the id alone still declares the ref
        entry = None
    if entry is None:
        return ref[len("LicenseRef-"):], None, None
    url = entry.url if entry.url and entry.url.startswith(("http://", "https://")) else None
    return entry.name, url, entry.category


def serial_uuid(run: RunResult, created: str) -> uuid.UUID:
    """An RFC 4122 UUID (version 5) for the document: the same run at the same time gives the same one."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"auditor:sbom:{document_seed(run, created)}")


def document_seed(run: RunResult, created: str) -> str:
    """A stable seed for document ids: the same run at the same time gives the same namespace."""
    parts = [created] + [f"{r.model}@{as_dict((r.facts or {}).get('model')).get('sha')}" for r in run.results]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def created_at(generated_at: str | None) -> str:

    if generated_at:
        return generated_at
    return dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- SPDX 2.3 -------------------------------------------------------------------------------------------


def _spdx_id(key: str, used: set[str]) -> str:
    base = "SPDXRef-" + ("Dataset-" if key.startswith("dataset:") else "Model-") + \
        (re.sub(r"[^A-Za-z0-9.-]+", "-", key.removeprefix("dataset:")).strip("-") or "x")[:100]
    out, n = base, 2
    while out in used:
        out, n = f"{base}-{n}", n + 1
    used.add(out)
    return out


def to_spdx_document(run: RunResult, *, generated_at: str | None = None):

    # lazy: heavy (spdx_tools); start-up (auditor)
    from spdx_tools.spdx.model import (
        Actor,
        ActorType,
        CreationInfo,
        Document,
        ExtractedLicensingInfo,
        Relationship,
        RelationshipType,
    )

    from auditor import __version__

    data = bom_data(run)
    created = created_at(generated_at)
    when = dt.datetime.strptime(created[:19], "%Y-%m-%dT%H:%M:%S")
    names = ", ".join(data.items[k].name for k in data.roots) or "no model"
    creation = CreationInfo(
        spdx_version="SPDX-2.3", spdx_id="SPDXRef-DOCUMENT", name=f"auditor SBOM: {names}"[:200],
        document_namespace=f"https://spdx.org/spdxdocs/auditor-{serial_uuid(run, created)}",
        creators=[Actor(ActorType.TOOL, f"auditor-{__version__}")], created=when,
        creator_comment=f"License and lineage audit; run verdict {run.verdict}; policy {run.policy_name} "
                        f"(sha256:{run.policy_digest}).")
    licensing = _licensing()
    used: set[str] = set()
    ids: dict[str, str] = {}
    packages = []
    for key, item in data.items.items():
        ids[key] = _spdx_id(key, used)
        packages.append(_spdx_package(item, ids[key], licensing))
    relationships = [Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, ids[k]) for k in data.roots]
    for link in data.links:
        if link.child not in ids or link.base not in ids:
            continue
        for name in SPDX2_RELATIONS.get(link.relation, ("DESCENDANT_OF",)):
            relationships.append(Relationship(
                ids[link.child], RelationshipType[name], ids[link.base],
                comment=f"auditor relation: {link.relation} ({'inferred' if link.inferred else 'declared'})"))
    extracted = []
    for ref in sorted(data.license_refs):
        name, url, category = license_ref_info(ref)
        note = f"See {url}" if url else ("The license text is not reproduced here; see the model repository's "
                                         "license file or card.")
        extracted.append(ExtractedLicensingInfo(
            license_id=ref, extracted_text=note, license_name=name, cross_references=[url] if url else [],
            comment=f"Declared by auditor; category: {category or 'unknown'}; terms summarised in the audit "
                    "report, text not copied."))
    return Document(creation, packages=packages, relationships=relationships, extracted_licensing_info=extracted)


def _spdx_package(item: BomItem, spdx_id: str, licensing: Any) -> Any:
    """One model or dataset as an SPDX 2.3 package: licenses, version, supplier, links (sbom_facts)."""
    # lazy: heavy (spdx_tools)
    from spdx_tools.spdx.model import (
        Actor,
        ActorType,
        ExternalPackageRef,
        ExternalPackageRefCategory,
        Package,
        PackagePurpose,
        SpdxNoAssertion,
    )

    comment = [f"auditor: {item.kind}"]
    if item.audited:
        comment.append(f"audited; verdict {item.verdict}; licenseConcluded is the effective license "
                       "after lineage, licenseDeclared what the card says")
    else:
        comment.append("not audited on its own: licenseConcluded NOASSERTION")
    comment.extend(item.notes)
    meta = item.meta
    refs = []
    if item.purl:
        refs.append(ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", item.purl))
    if meta is not None:
        refs += [ExternalPackageRef(ExternalPackageRefCategory.OTHER, "arxiv", f"arXiv:{a}") for a in meta.arxiv]
        refs += [ExternalPackageRef(ExternalPackageRefCategory.OTHER, "doi", d) for d in meta.dois if " " not in d]
        comment.extend(_meta_comment(meta))
    group = split_id(item.name)[0] if item.url else None
    supplier = Actor(ActorType.ORGANIZATION, group) if group else SpdxNoAssertion()
    pinned = f"git+{item.url}@{item.sha}" if item.url and item.sha and _SHA.match(item.sha) else None
    return Package(
        spdx_id=spdx_id, name=item.name, download_location=pinned or item.url or SpdxNoAssertion(),
        version=item.sha or None, files_analyzed=False, supplier=supplier,
        originator=Actor(ActorType.ORGANIZATION, group) if group else None, homepage=item.url or None,
        description=meta.description if meta is not None else None,
        license_declared=licensing.parse(item.declared) if item.declared else SpdxNoAssertion(),
        license_concluded=licensing.parse(item.concluded) if item.concluded else SpdxNoAssertion(),
        copyright_text=SpdxNoAssertion(), comment="; ".join(comment), external_references=refs,
        primary_package_purpose=PackagePurpose.OTHER)


def _meta_comment(meta: ModelMeta) -> list[str]:
    """What SPDX 2.3 has no field for (architecture, metrics, gated access, languages), said in the comment."""
    out = []
    if meta.supplier:
        out.append(f"supplier and originator: {SUPPLIER_NOTE}")
    arch = " / ".join(a for a in (meta.architecture, meta.architecture_family) if a)
    if arch:
        out.append(f"architecture {arch} ({meta.architecture_source})")
    if meta.metrics:
        out.append(f"{len(meta.metrics) + meta.metrics_cut} evaluation results in the card's model-index")
    return out + access_lines(meta)


def validate_document(document: Any) -> list[str]:
    # lazy: heavy (spdx_tools)
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    return [m.validation_message for m in validate_full_spdx_document(document)]


def to_spdx_json(run: RunResult, *, generated_at: str | None = None) -> str:
    """SPDX 2.3 JSON text; raises SbomError when spdx-tools' validator rejects the document."""
    # lazy: heavy (spdx_tools)
    from spdx_tools.spdx.jsonschema.document_converter import DocumentConverter

    document = to_spdx_document(run, generated_at=generated_at)
    problems = validate_document(document)
    if problems:
        raise SbomError("the SPDX 2.3 document does not validate: " + "; ".join(problems[:5]))
    # names and texts from cards and folder names: no bidi override or control reaches an SBOM viewer (textsafe)
    return json.dumps(clean_tree(DocumentConverter().convert(document)), indent=2, ensure_ascii=False) + "\n"


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: SPDX 2.3 JSON (RenderError when it does not validate)."""
    return utf8(to_spdx_json(run, generated_at=context.generated_at))
