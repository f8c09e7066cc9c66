"""Distillation and synthetic data: lineage edges to the models whose outputs a model learned from.

The Hub's base_model_relation knows adapter, merge, quantized and finetune only, so a student's teacher and
the model that generated a synthetic training set are read from what cards write:

- a model card naming its teacher (`teacher`, `teacher_model(s)`, `distilled_from`, `distillation_teacher`,
  or `distillation: {teacher: ...}`) gives a `distillation` edge to each teacher;
- a dataset card naming the model that generated it (`generated_by`, `generated_with`, `generator`,
  `generator_model`, `generation_model`, `source_model(s)`, `teacher(_model)`, `synthetic_from`) gives every
  model trained on that dataset a `trained_on_outputs` edge to the generating model, with the dataset as
  evidence;
- a card whose front matter names its base (the student's starting weights) and whose prose names another model
  as its teacher with a distiller's phrase ("knowledge-distilled from a `google/gemma-4-31B` teacher";
  auditor/card.py gives that "base-stated" statement the roles `distillation` and `teacher`) gives a `distillation`
  edge to that teacher as well: the front matter says where the weights started, the prose whose outputs they
  learned from. "A distilled variant of [X](url)" alone says what the model is, as the front matter does: nothing;
- a model card tagged `distillation` / `distilled` / `knowledge-distillation` that names no teacher is a
  problem: whatever the teacher's terms say about its outputs cannot be checked. The tag never turns a
  base_model edge into distillation: a card lists its base_model for the weights it starts from
  (OpenHermes-2.5 is tagged `distillation` for GPT-4 data on a Mistral base).

Which terms travel along these edges is decided in inherit.py from rules/compatibility.yaml (`outputs`).
The graph builder calls `link_teachers` and `link_generators`; this module never fetches anything itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from auditor.card_subject import audited_name, own_statements
from auditor.model import ModelRecord, Problem

if TYPE_CHECKING:
    from auditor.lazygraph import LazyDiGraph

DISTILLATION = "distillation"
TRAINED_ON_OUTPUTS = "trained_on_outputs"
OUTPUT_RELATIONS: frozenset[str] = frozenset({DISTILLATION, TRAINED_ON_OUTPUTS})
TEACHER_KEYS = ("teacher", "teacher_model", "teacher_models", "distilled_from", "distillation_teacher")
GENERATOR_KEYS = ("generated_by", "generated_with", "generator", "generator_model", "generation_model",
                  "source_model", "source_models", "teacher", "teacher_model", "teacher_models", "synthetic_from")
DISTILLATION_TAGS = frozenset({"distillation", "distilled", "knowledge-distillation", "knowledge_distillation"})
_MAX_NAMES = 20  # a card is hostile data: at most this many teacher names per card


class _Builder(Protocol):
    """What this module needs of the lineage graph's builder (graph.py's `_Builder`): its graph and node index
    to see which edges exist, `add_base` to add one, and its problem list. A protocol, so that graph.py can
    import this module without this module importing graph.py back."""

    graph: LazyDiGraph
    index: dict[tuple[str, str], str]
    problems: list[Problem]

    def add_base(self, child: str, depth: int, text: str, relation: str, inferred: bool, because: str,
                 evidence: list[dict[str, Any]], where: tuple[str, str] = ...) -> None: ...


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def named(card: Mapping[str, Any], keys: Iterable[str]) -> list[tuple[str, str]]:
    """(name, card key) for every model a card names under one of `keys` (also inside `distillation:`)."""
    out: list[tuple[str, str]] = []
    for key in keys:
        out.extend((n, key) for n in _names(card.get(key)))
    nested = card.get("distillation")
    if isinstance(nested, Mapping):
        for key in ("teacher", "teachers", "teacher_model", "from"):
            out.extend((n, f"distillation.{key}") for n in _names(nested.get(key)))
    seen: set[str] = set()
    unique = []
    for name, key in out:
        if name.lower() not in seen:
            seen.add(name.lower())
            unique.append((name, key))
    return unique[:_MAX_NAMES]


def teachers(record: ModelRecord) -> list[tuple[str, str]]:
    return named(record.card or {}, TEACHER_KEYS)


def prose_teacher(record: ModelRecord) -> tuple[str, int] | None:
    """(id, README line) of the teacher the prose names as such with a distiller's phrase beside a front matter that
    names the base (the student's own weights), else None. Without a front-matter base, lineage/graph.py reads that
    statement as the base itself (relation distillation); the same id as a declared base adds nothing."""
    if not record.base_models:
        return None
    bases = {b.strip().lower() for b in record.base_models}
    for st in own_statements(record.card_statements, audited_name(record)):
        found = st.get("as_written")
        if ("teacher" not in (st.get("roles") or ()) or not isinstance(found, str) or "/" not in found
                or found.strip().lower() in bases or found.strip().lower() == record.id.lower()):
            return None
        line = st.get("line")
        return found.strip(), line if isinstance(line, int) else 0
    return None


def generators(record: ModelRecord) -> list[tuple[str, str]]:
    return named(record.card or {}, GENERATOR_KEYS)


def _tags(record: ModelRecord) -> set[str]:
    card_tags = (record.card or {}).get("tags")
    extra = [str(t) for t in card_tags] if isinstance(card_tags, list) else []
    return {t.strip().lower() for t in (*record.tags, *extra)}


def _linked(builder: _Builder, child: str, repo_id: str) -> bool:
    """True when the child already has an edge to that model (a base model edge is never overwritten)."""
    node = builder.index.get(("model", repo_id.strip().lower()))
    return node is not None and builder.graph.has_edge(child, node)


def link_teachers(builder: _Builder, name: str, record: ModelRecord, depth: int,
                  copied: tuple[str, bool] | None = None) -> None:
    """`distillation` edges from a model to the teachers its card names (or a problem when it only says
    it was distilled). `copied`: the original whose front matter this repository's card copied with its weights
    (graph._front_matter_copied_from) and whether the lineage follows it. Its `distillation` tag then describes the
    original: no problem of this repository's when the original is followed (its own audit says it), and said of
    the original when it is not."""
    found = teachers(record)
    bases = {b.strip().lower() for b in record.base_models}
    for teacher, key in found:
        if teacher.lower() in bases or _linked(builder, name, teacher):
            continue  # also its base model: the weights edge already carries every term
        because = f"declared ({key})"
        evidence = [{"source": record.source, "location": f"README.md#front-matter.{key}", "revision": record.sha,
                     "value": teacher}]
        builder.add_base(name, depth, teacher, DISTILLATION, False, because, evidence)
    prose = prose_teacher(record)
    if prose is not None and not _linked(builder, name, prose[0]):
        teacher, line = prose
        evidence = [{"source": record.source, "location": f"README.md#L{line}", "revision": record.sha,
                     "value": teacher}]
        builder.add_base(name, depth, teacher, DISTILLATION, False,
                         "the card's prose says it was distilled from this model", evidence)
    tagged = sorted(_tags(record) & DISTILLATION_TAGS)
    if tagged and not found and prose is None and copied is not None:
        original, followed = copied
        if not followed:
            builder.problems.append(Problem(
                "lineage-teacher-unnamed",
                f"{name}: tagged {tagged[0]!r} in front matter copied from {original}, the model its card says it "
                f"holds quantized or converted: the tag describes {original}, whose teacher is named nowhere, so the "
                "terms a teacher sets on using its outputs cannot be checked (audit the original)",
                file="README.md", key="tags"))
        return
    if tagged and not found and prose is None:
        builder.problems.append(
            Problem(
                "lineage-teacher-unnamed",
                f"{name}: tagged {tagged[0]!r} but its card names no teacher model (teacher_model or "
                "distilled_from), so the terms its teacher sets on using its outputs cannot be checked",
                file="README.md",
                key="tags",
            )
        )


def link_generators(builder: _Builder, child: str, depth: int, dataset_node: str | None) -> None:
    """`trained_on_outputs` edges from a model to the models that generated a dataset it was trained on."""
    if dataset_node is None or dataset_node not in builder.graph:
        return
    data = builder.graph.nodes[dataset_node]
    for generator, key in data.get("generators") or ():
        if generator.lower() == child.lower() or _linked(builder, child, generator):
            continue
        evidence = [{"source": data.get("source"), "location": f"dataset:{data.get('repo_id')}:README.md"
                     f"#front-matter.{key}", "revision": data.get("sha"), "value": generator,
                     "detail": f"the dataset {data.get('repo_id')} names the model that generated it"}]
        builder.add_base(child, depth, generator, TRAINED_ON_OUTPUTS, False,
                         f"trained on {data.get('repo_id')}, generated by {generator} ({key})", evidence)
