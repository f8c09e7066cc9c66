"""The rule engine: facts x rules x policy -> findings, a verdict per model and for the run.

Rules are data (rules/checks/*.yaml, plus custom rules inside a policy). Each rule's condition is a CEL
expression over the facts document, compiled once per run. A rule may iterate (`for_each: lineage.laundering`)
to fire once per item, with the item bound as `item`. How severe a rule is comes from, in order: the
policy's per-rule override, the policy setting the rule names (`policy_setting: lineage.laundering` =
fail/warn/note/ignore), then the rule's default. A rule that errors at run time becomes an engine finding
for that model: never a silent pass.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import itertools
import marshal
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from auditor.cel import FACT_ROOTS, cel_module, compile_condition
from auditor.celcheck import RUN_BUDGET, longest_list, run_cost, shape, template_tokens
from auditor.lazyre import lazy_compile
from auditor.policy import LEVEL_TO_SEVERITY, Policy
from auditor.resources import rules_dir
from auditor.results import SEVERITY_ORDER, AuditResult, Finding, RunResult, Verdict, Waiver
from auditor.safeyaml import YamlError, load_yaml

RULE_FIELDS = ("id", "name", "area", "severity", "title", "condition", "message", "rationale", "remediation",
               "references", "policy_setting", "for_each", "evidence", "emitted_by", "shown_once")
EMITTERS = ("engine", "check")  # who emits a rule that has no condition (rules/checks/emitted.yaml)
INCOMPLETENESS_RULES = frozenset({"SRC001", "LIN002"})


class RuleFileError(Exception):
    """A rule file that cannot be used (names file and rule)."""


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    area: str
    severity: str
    title: str
    condition: str
    message: str
    rationale: str = ""
    remediation: str = ""
    references: tuple[str, ...] = ()
    policy_setting: str | None = None
    for_each: str | None = None
    evidence: tuple[str, ...] = ()  # fact paths whose values are attached to findings as evidence
    origin: str = ""  # the file (and policy) the rule came from
    emitted_by: str | None = None  # engine | check: no condition, emitted by that code (never compiled)
    # placeholder paths whose value, when an earlier finding of the same model already gave it, reads "as RULE says"
    # (render_message): SEC004's note on a recorded gap repeated SEC002's remote-code evidence word for word
    shown_once: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "area": self.area, "severity": self.severity, "title": self.title,
            "condition": self.condition, "message": self.message, "rationale": self.rationale,
            "remediation": self.remediation, "references": list(self.references),
            "policy_setting": self.policy_setting, "for_each": self.for_each, "origin": self.origin,
        }



def _item_remedy(item: Any) -> str:
    """The fix an item of the facts knows for itself (lineage.unresolved's `remedy`: a base named only in the
    card's prose has no base_model id to correct), which replaces the rule's generic remediation for that hit."""
    return str(item.get("remedy") or "") if isinstance(item, dict) else ""

def _rule_from_dict(data: dict[str, Any], origin: str) -> Rule:
    unknown = set(data) - set(RULE_FIELDS)
    if unknown:
        raise RuleFileError(f"{origin}: rule {data.get('id', '?')} has unknown keys {sorted(unknown)}")
    required = ("id", "name", "area", "severity", "title", "message")
    if data.get("emitted_by") is None:
        required += ("condition",)
    elif data["emitted_by"] not in EMITTERS or data.get("condition") or data.get("for_each"):
        raise RuleFileError(f"{origin}: rule {data.get('id', '?')}: emitted_by must be one of {list(EMITTERS)}, "
                            "without condition or for_each")
    missing = [k for k in required if not data.get(k)]
    if missing:
        raise RuleFileError(f"{origin}: rule {data.get('id', '?')} is missing {missing}")
    if data["severity"] not in SEVERITY_ORDER:
        raise RuleFileError(f"{origin}: rule {data['id']} has severity {data['severity']!r}")
    return Rule(
        id=str(data["id"]), name=str(data["name"]), area=str(data["area"]), severity=str(data["severity"]),
        title=str(data["title"]).strip(), condition=str(data.get("condition") or "").strip(),
        message=str(data["message"]).strip(), rationale=str(data.get("rationale", "")).strip(),
        remediation=str(data.get("remediation", "")).strip(),
        references=tuple(data.get("references") or ()), policy_setting=data.get("policy_setting"),
        for_each=data.get("for_each"), evidence=tuple(data.get("evidence") or ()), origin=origin,
        emitted_by=data.get("emitted_by"), shown_once=tuple(data.get("shown_once") or ()),
    )


@cache
def load_builtin_rules(folder: Path | None = None, *, include_emitted: bool = False) -> tuple[Rule, ...]:
    """Every rule in rules/checks/*.yaml, sorted by id; duplicate ids are an error. The rules the engine or
    check emit themselves (ENG001, POL001, LCK*: no condition) only with include_emitted."""
    folder = folder or rules_dir() / "checks"
    rules: dict[str, Rule] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            doc = load_yaml(path.read_text(encoding="utf-8"), file=str(path))
        except YamlError as exc:
            raise RuleFileError(str(exc)) from None
        for item in (doc or {}).get("rules", []):
            rule = _rule_from_dict(item, path.name)
            if rule.id in rules:
                raise RuleFileError(f"{path.name}: rule id {rule.id} is defined twice")
            rules[rule.id] = rule
    return tuple(sorted((r for r in rules.values() if include_emitted or r.emitted_by is None), key=lambda r: r.id))


def emitted_rule(rule_id: str) -> Rule:
    """The definition of a rule the code emits itself (rules/checks/emitted.yaml): its name, area, default
    severity, title and remediation, so findings carry the same metadata as SARIF and docs/rules.md."""
    for rule in load_builtin_rules(include_emitted=True):
        if rule.id == rule_id and rule.emitted_by is not None:
            return rule
    raise RuleFileError(f"rules/checks: no emitted rule {rule_id}")


def emitted_finding(rule_id: str, *, model: str, message: str, **fields: Any) -> Finding:
    """A finding of an emitted rule, its metadata read from the rule's definition."""
    rule = emitted_rule(rule_id)
    return Finding(rule=rule.id, name=rule.name, area=rule.area, severity=rule.severity,  # type: ignore[arg-type]
                   model=model, title=rule.title, message=message, remediation=rule.remediation or None,
                   **fields)


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    program: Any
    severity: str | None  # None: disabled under this policy
    # For a rule whose for_each is a plain fact path: `(path).map(item, condition)`, one bool per item, so the
    # items themselves need not travel through CEL (see projected_view and evaluate).
    flags: Any = None


@dataclass
class RuleSet:
    """The rules of one run, compiled once, with their severities under the run's policy."""

    policy: Policy
    compiled: list[CompiledRule] = field(default_factory=list)
    needed: dict[str, frozenset[str] | None] = field(default_factory=dict)  # root -> keys the rules read
    reads: dict[str, Any] | None = None  # every fact path the enabled rules read (see read_tree)
    # Per rule (by position in `compiled`: custom rules may reuse an id): the parts of the projected view
    # it reads, as (root,) or (root, key) (see _units). Rules with a for_each that is not a plain path have
    # none: their hits come from CEL each time.
    units: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)  # indexes into all_units
    all_units: tuple[tuple[str, ...], ...] = ()
    # Every rule's answers for one combination of read values (all_units), for models that repeat it whole.
    answers: dict[tuple[int, ...], list[Any]] = field(default_factory=dict, repr=False, compare=False)
    # For such a combination whose answers are all known: the positions of the rules that fire on it.
    firing: dict[tuple[int, ...], tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)
    # Answers already computed in this run: (rule position, ids of the values it read) -> bool or flags.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False, compare=False)
    interned: dict[Any, int] = field(default_factory=dict, repr=False, compare=False)
    # Ids for interned values: a counter, so that two values never share an id (even across a clear, or
    # when two threads share the ruleset: next() and dict.setdefault are single steps under the GIL).
    id_counter: Iterator[int] = field(default_factory=itertools.count, repr=False, compare=False)
    # Rules with nested comprehensions (position -> shape and read tree): checked against a cost budget on
    # each model before they run (auditor.celcheck), so a costly condition is an ENG001, not a hang.
    costly: dict[int, tuple[tuple[int, int, int], dict[str, Any]]] = field(default_factory=dict, repr=False)
    plan: tuple[tuple[Any, ...], ...] | None = field(default=None, repr=False, compare=False)  # see _unit_plan

    @classmethod
    def build(cls, policy: Policy, rules: Sequence[Rule] | None = None) -> RuleSet:
        rules = list(rules if rules is not None else load_builtin_rules())
        for item in policy.custom_rules:
            rule = _rule_from_dict(
                {"name": item.get("name") or item["id"].lower(), "area": item.get("area", "custom"),
                 "severity": item.get("severity", "error"), **item},
                f"policy {policy.name}",
            )
            if not rule.evidence and not rule.for_each:  # cite what the condition read (each claim its evidence)
                rule = replace(rule, evidence=condition_facts(rule.condition))
            rules.append(rule)
        compiled = []
        for rule in rules:
            source = rule.condition
            if rule.for_each:
                # One execution per rule, not per item: adding `item` to a CEL context invalidates it, and the
                # next execution converts the whole facts document again (hundreds of microseconds).
                source = f"({rule.for_each}).filter(item, {rule.condition})"
            flags = None
            if rule.for_each and _PLAIN_PATH.match(rule.for_each):
                flags = compile_condition(f"({rule.for_each}).map(item, {rule.condition})")
            compiled.append(CompiledRule(rule, compile_condition(source), effective_severity(rule, policy), flags))
        ruleset = cls(policy, compiled, needed_fields(rules))
        ruleset.reads = read_tree([c.rule for c in compiled if c.severity is not None])
        index: dict[tuple[str, ...], int] = {}
        for position, item in enumerate(compiled):
            rule = item.rule
            if item.severity is not None and (not rule.for_each or _PLAIN_PATH.match(rule.for_each)):
                ruleset.units[position] = tuple(index.setdefault(unit, len(index))
                                                for unit in _units(read_tree([rule]), ruleset.needed))
        ruleset.all_units = tuple(index)

        for position, item in enumerate(compiled):
            measured = shape(item.program.source if hasattr(item.program, "source") else item.rule.condition)
            if measured[0] >= 2:
                ruleset.costly[position] = (measured, read_tree([item.rule]))
        return ruleset

    @property
    def enabled(self) -> list[CompiledRule]:
        return [c for c in self.compiled if c.severity is not None]


def needed_fields(rules: Sequence[Rule]) -> dict[str, frozenset[str] | None]:
    """Which parts of the facts the rules read: root -> second-level keys (None: the whole root).

    Converting a Python dict into a CEL value costs about a microsecond per hundred bytes, so handing CEL
    only what the conditions name (not the provenance, ancestors or score details) keeps rule evaluation
    close to the cost of reading the facts.
    """
    needed: dict[str, set[str] | None] = {}
    for rule in rules:
        found = _root_reads(code_only(f"{rule.condition} {rule.for_each or ''}"))
        for root in FACT_ROOTS:  # in this order, as the dict's keys are
            if root not in found:
                continue
            keys, bare = found[root]
            if bare:
                needed[root] = None
            elif keys and needed.get(root, set()) is not None:
                needed.setdefault(root, set()).update(keys)
    return {k: (frozenset(v) if v is not None else None) for k, v in needed.items()}


# Each fact root where a CEL expression names it, with the field read (`license.spdx`) or alone (`license`): one
# pass for every root, where a findall and a search per root and rule cost ~2,000 regex runs per policy.
_ROOT_READ = lazy_compile(rf"(?<![.\w])({'|'.join(FACT_ROOTS)})(?:\.([A-Za-z_][A-Za-z0-9_]*)|(?![.\w]))")


def _root_reads(text: str) -> dict[str, tuple[list[str], bool]]:
    """root -> (the fields read of it, in order; whether it is also read whole) for one rule's code. The same
    answer as, for each root, findall(`root.(field)`) and search(`root` not followed by `.` or a name
    character): a match is one or the other, and roots never overlap (one ending where another continues
    fails the look-ahead, and the engine tries the next alternative at the same place)."""
    found: dict[str, tuple[list[str], bool]] = {}
    for match in _ROOT_READ.finditer(text):
        keys, bare = found.get(match.group(1), ([], False))
        if match.group(2) is not None:
            keys.append(match.group(2))
        found[match.group(1)] = (keys, bare or match.group(2) is None)
    return found


# CEL string and bytes literals (https://github.com/google/cel-spec/blob/master/doc/langdef.md, "Syntax"):
# raw ones (r/R prefix) know no escapes, the others do; triple quotes may span lines.
_LITERAL = re.compile(
    r"""(?<!\w)(?:[rR][bB]?|[bB][rR])(?:'{3}[\s\S]*?'{3}|"{3}[\s\S]*?"{3}|'[^'\r\n]*'|"[^"\r\n]*")"""
    r"""|(?<!\w)[bB]?(?:'{3}(?:\\[\s\S]|[^\\])*?'{3}|"{3}(?:\\[\s\S]|[^\\])*?"{3}"""
    r"""|'(?:\\.|[^'\\\r\n])*'|"(?:\\.|[^"\\\r\n])*")""")


def code_only(text: str) -> str:
    """A CEL expression with every string literal emptied, so that the names a rule reads are found in its
    code only: `item.kind == "license-name-without-license"` reads item.kind, not the whole `license` root
    (which made every model's license, terms, model and lineage a memo key of their own). If anything
    quote-like is left (a literal this reading does not know), the text is returned whole: reading wider
    is always safe, narrower never."""
    stripped = _LITERAL.sub('""', text)
    return stripped if "'" not in stripped and stripped.count('"') == 2 * len(_LITERAL.findall(text)) else text


_CHAIN = re.compile(r"(?<![.\w])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)")
_PLAIN_PATH = re.compile(r"^\s*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\s*$")
ITEMS = "[]"  # in a read tree: what the rules read of each element of a list (not a CEL identifier)
SIZE = "#"  # in a read tree: the value's size is read (its elements or keys counted, not their values)
_SIZE_CALL = re.compile(r"(?<![.\w])size\s*\(\s*$")
_CLOSE = re.compile(r"\s*\)")
_SIZE_METHOD = re.compile(r"\s*\(\s*\)")


def condition_facts(condition: str) -> tuple[str, ...]:
    """The fact paths a condition reads (`files.gguf`, `model.relation`), in order, once each: a custom rule that
    names no `evidence` cites these, so its finding says what it was decided on (a finding without evidence is a
    claim without a source; the example policy's GGUF rule had none once it fired on unknown files)."""
    out: list[str] = []
    for parts in _chains(condition):
        path = ".".join(p for p in parts if p not in (SIZE, ITEMS))
        if parts[0] in FACT_ROOTS and path not in out:
            out.append(path)
    return tuple(out)


def _chains(text: str) -> list[list[str]]:
    """Every dotted name in a CEL expression, without a trailing function or method name.

    `lineage.laundering.exists(x, ...)` reads lineage.laundering (all of it), `size(license.policy.denied)`
    reads only the size of license.policy.denied (the path ends in SIZE; `x.size()` too), `item.code.
    startsWith("card-")` reads item.code. Names inside string literals are not names (code_only).
    """
    return [list(parts) for parts in _chain_parts(text)]


@cache
def _chain_parts(text: str) -> tuple[tuple[str, ...], ...]:
    """_chains of one text, computed once per process: RuleSet.build reads each rule's chains for the whole
    read tree, again for the rule's own units, and again for its cost shape."""
    return tuple(tuple(parts) for parts in _chain_scan(text))


def _chain_scan(text: str) -> Iterator[list[str]]:
    text = code_only(text)
    for match in _CHAIN.finditer(text):
        parts = [match.group(1), *match.group(2).split(".")[1:]]
        rest = text[match.end():]
        sized = False
        if rest.lstrip().startswith("("):
            sized = parts[-1] == "size" and _SIZE_METHOD.match(rest) is not None
            parts = parts[:-1]
        else:
            sized = _CLOSE.match(rest) is not None and \
                _SIZE_CALL.search(text, max(0, match.start() - 64), match.start()) is not None
        if len(parts) >= 2 and sized:  # a root's own size is read as the whole root (its keys are its units)
            yield [*parts, SIZE]
        elif parts:
            yield parts


def _insert(tree: dict[str, Any], parts: Sequence[str], whole: bool = True) -> None:
    """Mark `parts` as read in full (None) in a tree of nested dicts (or, with whole=False, only make sure
    the path exists); a prefix read in full absorbs it."""
    node = tree
    for part in parts[:-1]:
        child = node.get(part, {})
        if child is None:
            return
        node[part] = child
        node = child
    if whole:
        node[parts[-1]] = None
    else:
        node.setdefault(parts[-1], {})


def read_tree(rules: Sequence[Rule]) -> dict[str, Any]:
    """What the rules' CEL reads of the facts, as a tree: root -> key -> ... -> None (read in full).

    Converting a Python value to CEL costs about a microsecond per string, key or container, so evaluate
    hands CEL only these paths (see project). The reading is conservative: any name followed by something
    other than a field name (an index, a method call, an operator) is read in full. For a rule with a plain
    `for_each` path, what its condition reads of `item` is what is kept of each element (key ITEMS): the
    rule then runs as `(path).map(item, condition)` and its hits are taken from the facts themselves.
    """
    tree: dict[str, Any] = {}
    for rule in rules:
        if rule.for_each and _PLAIN_PATH.match(rule.for_each):
            path = [*rule.for_each.strip().split("."), ITEMS]
            _insert(tree, path, whole=False)
            for parts in _chains(rule.condition):
                if parts[0] == "item":
                    _insert(tree, [*path, *parts[1:]])
                elif parts[0] in FACT_ROOTS:
                    _insert(tree, parts)
            continue
        for text in (rule.condition, rule.for_each or ""):
            for parts in _chains(text):
                if parts[0] in FACT_ROOTS:
                    _insert(tree, parts)
    return tree


def project(value: Any, node: dict[str, Any] | None) -> Any:
    """The part of `value` that a read tree node names: dict keys it lists (when present: a missing key
    stays missing), list elements through ITEMS, everything else whole. Where the size is read (SIZE), a
    dict keeps every key (the unlisted ones as null) and a list without ITEMS its length (as nulls)."""
    if node is None:
        return value
    if isinstance(value, dict):
        if SIZE in node:
            return {key: project(item, node[key]) if key in node else None for key, item in value.items()}
        return {key: project(value[key], sub) for key, sub in node.items()
                if key != ITEMS and key != SIZE and key in value}
    if isinstance(value, list):
        if ITEMS in node:
            sub = node[ITEMS]
            return [project(v, sub) for v in value]
        if SIZE in node:
            return [None] * len(value)
    return value


def projected_view(facts: dict[str, Any], needed: dict[str, frozenset[str] | None],
                   reads: dict[str, Any]) -> dict[str, Any]:
    """rule_view with every value cut down to what the rules read (read_tree).

    The first two levels are exactly rule_view's (the same roots, the same keys, a missing key as null), so
    that `has()` and null checks see what they saw before; below them only the read paths are kept.
    """
    view: dict[str, Any] = {}
    for root, keys in needed.items():
        value = facts.get(root)
        node = reads.get(root)
        if keys is None or not isinstance(value, dict):
            view[root] = project(value, node)
        else:
            sub = node or {}
            view[root] = {k: project(value[k], sub.get(k)) if k in value else None for k in keys}
    return view


def _units(tree: dict[str, Any], needed: dict[str, frozenset[str] | None]) -> tuple[tuple[str, ...], ...]:
    """The parts of a projected view (projected_view) that a rule's read tree touches: a whole root, or
    one key of a root whose keys projected_view lists."""
    out: list[tuple[str, ...]] = []
    for root, node in tree.items():
        if needed.get(root) is None or node is None:
            out.append((root,))
        else:
            out.extend((root, key) for key in node if key != ITEMS and key != SIZE)
    return tuple(out)


class _Unfreezable(Exception):
    """A value without a frozen form (not plain JSON data): the rule is evaluated, not looked up."""


def _freeze(value: Any) -> Any:
    """A hashable form of a plain value that equals another's only when CEL would see the same value
    (True is not 1, 1 is not 1.0, a list is not a tuple, key order is kept).

    A str, int or None stands for itself; anything else is its marshal text (format 2: no back-references
    and no interning marks, so the text depends on the value alone, not on which objects are shared). Equal
    texts load as equal values of the same types (marshal writes each object's exact type: bool, int and float
    apart, list and tuple apart, a dict's keys in order), so a memo hit is an equal value; the text is written
    by C, where freezing item by item in Python was a tenth of a batch's rule evaluation. A str is never equal
    to bytes, so the two forms cannot meet. A value marshal cannot write (an object that is not plain data,
    a str or int subclass, too deep) has no frozen form."""
    kind = type(value)
    if kind is str or kind is int or value is None:
        return value
    try:
        return marshal.dumps(value, 2)
    except ValueError:
        raise _Unfreezable from None


_MEMO_MAX = 200_000


_GENERAL = object()  # in a unit plan: this unit is frozen by _unit_frozen
_ABSENT = object()


def _unit_plan(ruleset: RuleSet) -> tuple[tuple[Any, ...], ...]:
    """Per unit of all_units, what _unit_ids needs to freeze it: (root, key, read-tree node of the key) for
    a key of a root whose keys the view lists (the common case, done inline), else (unit, _GENERAL)."""
    plan = ruleset.plan
    if plan is None or len(plan) != len(ruleset.all_units):
        needed, reads = ruleset.needed, ruleset.reads or {}
        steps: list[tuple[Any, ...]] = []
        for unit in ruleset.all_units:
            keys, node = needed.get(unit[0]), reads.get(unit[0])
            if len(unit) == 2 and keys is not None and unit[1] in keys:
                steps.append((unit[0], unit[1], node.get(unit[1]) if node else None))
            else:
                steps.append((unit, _GENERAL))
        plan = ruleset.plan = tuple(steps)
    return plan


def _unit_ids(ruleset: RuleSet, facts: dict[str, Any]) -> tuple[int, ...] | None:
    """The interned id of every part of the projected view some rule reads (all_units), frozen straight
    from the facts (the same value _freeze(projected_view(...)[root][key]) gives, without building the
    view); None when a value cannot be frozen (then nothing is looked up: every rule is evaluated)."""
    ids: list[int] = []
    interned = ruleset.interned
    try:
        for step in _unit_plan(ruleset):
            if step[1] is _GENERAL:
                frozen = _unit_frozen(ruleset, step[0], facts)
            else:
                root, key, node = step
                value = facts.get(root)
                if type(value) is not dict and not isinstance(value, dict):
                    frozen = ("not a map", _frozen(value, ruleset.reads.get(root) if ruleset.reads else None))
                else:
                    item = value.get(key, _ABSENT)
                    kind = type(item)
                    if item is _ABSENT:
                        frozen = None
                    elif node is None and (kind is str or kind is int or item is None):
                        frozen = item  # what _freeze gives a plain str, int or None
                    else:
                        frozen = _frozen(item, node)
            if frozen is _ABSENT:
                return None
            found = interned.get(frozen)
            if found is None:
                found = interned.setdefault(frozen, next(ruleset.id_counter))
            ids.append(found)
    except _Unfreezable:
        return None
    return tuple(ids)


def _unit_frozen(ruleset: RuleSet, unit: tuple[str, ...], facts: dict[str, Any]) -> Any:
    """The frozen value of one unit in general (a whole root, or a key of a root read whole); _ABSENT when
    the unit is not a part of the view (read_tree and needed_fields disagree: then every rule is evaluated)."""
    root = unit[0]
    keys, value, node = ruleset.needed.get(root), facts.get(root), (ruleset.reads or {}).get(root)
    if len(unit) == 1:
        if keys is None or not isinstance(value, dict):
            return _frozen(value, node)
        sub = node or {}
        return ("{", tuple((k, _frozen(value[k], sub.get(k)) if k in value else None) for k in keys))
    if keys is None or not isinstance(value, dict):
        return ("not a map", _frozen(value, node))
    if unit[1] not in keys:
        return _ABSENT
    return _frozen(value[unit[1]], node.get(unit[1]) if node else None) if unit[1] in value else None


def _frozen(value: Any, node: dict[str, Any] | None) -> Any:
    """_freeze(project(value, node)) in one pass."""
    if node is None:
        return _freeze(value)
    if SIZE in node:
        return _freeze(project(value, node))
    if isinstance(value, dict):
        # a key read whole (sub None) is frozen here: the same as _frozen(value[k], None), one call fewer
        return ("{", tuple([(k, _freeze(value[k]) if sub is None else _frozen(value[k], sub))
                            for k, sub in node.items() if k != ITEMS and k in value]))
    if isinstance(value, list) and ITEMS in node:
        sub = node[ITEMS]
        return ("[", tuple([_frozen(v, sub) for v in value]))
    return _freeze(value)


_SCALARS = frozenset({str, int, float, bool, type(None)})  # returned as they are by _as_cel_returns


def _as_cel_returns(value: Any) -> Any:
    """A fact value as CEL hands it back from an evaluation (tuples become lists, containers are new)."""
    if isinstance(value, dict):
        return {k: v if type(v) in _SCALARS else _as_cel_returns(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _SCALARS else _as_cel_returns(v) for v in value]
    return value


def rule_view(facts: dict[str, Any], needed: dict[str, frozenset[str] | None]) -> dict[str, Any]:
    """The slice of the facts that the compiled rules read (see needed_fields)."""
    view: dict[str, Any] = {}
    for root, keys in needed.items():
        value = facts.get(root)
        if keys is None or not isinstance(value, dict):
            view[root] = value
        else:
            view[root] = {k: value.get(k) for k in keys}
    return view


def effective_severity(rule: Rule, policy: Policy) -> str | None:
    override = (policy.data.get("rules") or {}).get(rule.id) or {}
    if override.get("enabled") is False:
        return None
    if override.get("severity"):
        return str(override["severity"])
    if rule.policy_setting:
        level = policy.setting(rule.policy_setting)
        if level is not None:
            return LEVEL_TO_SEVERITY.get(str(level), rule.severity)
    return rule.severity


def lookup(data: Any, dotted: str) -> Any:
    """The value at a dotted path: a number indexes a list, and `*` takes the rest of the path from each item of a
    list (`license.detected.*.source`: every detection's source, each once, in order; items without it left out),
    so a message can name every record a finding rests on, not only the first."""
    node = data
    parts = _path_parts(dotted)
    for at, part in enumerate(parts):
        if type(node) is dict:  # the common step, first: what the isinstance test below would do with it
            node = node.get(part)
            continue
        if part == "*" and isinstance(node, list):
            rest = ".".join(parts[at + 1:])
            found = [lookup(item, rest) if rest else item for item in node]
            return list(dict.fromkeys(_hashable(v) for v in found if v is not None and v != "")) or None
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


@lru_cache(maxsize=4096)
def _path_parts(dotted: str) -> tuple[str, ...]:
    """A dotted path's parts: the few paths of the rules' messages and evidence, split once (bounded: a
    policy's custom rules add their own)."""
    return tuple(dotted.split("."))


def _hashable(value: Any) -> Any:
    """A value `*` may collect once: lists and dicts by their rendering (never equal by identity only)."""
    return _render_value(value) if isinstance(value, (list, dict)) else value


def _render_value(value: Any) -> str:
    if value is None:
        return "unknown"
    if type(value) is str:  # what the last line gives a str, without the tests in between
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return _join_rendered([_render_value(v) for v in value]) or "none"
    if isinstance(value, dict):
        # a record of the facts reads as its name: an id, a license, a name hint's family (never key=value dumps)
        for key in ("id", "license", "name", "value", "family"):
            if key in value:
                return _render_value(value[key])
        return ", ".join(f"{k}={_render_value(v)}" for k, v in value.items())
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def _join_rendered(parts: list[str]) -> str:
    """Items with commas between them, except after an item that ends a sentence: notice texts such as
    "... All Rights Reserved." read as sentences, not as "Reserved., Meta ..."."""
    out = ""
    for part in parts:
        if not out:
            out = part
        elif out.endswith((".", "!", "?")):
            out += " " + part[:1].upper() + part[1:]
        else:
            out += ", " + part
    return out


def render_message(template: str, scope: dict[str, Any], said: dict[str, str] | None = None,
                   rule: Rule | None = None) -> str:
    """Fill `{path.to.value}` placeholders from the facts (and `item`); unknown paths read 'unknown', or the words
    after a `|` (`{card.license_stated.link|no link}`) when the template gives them. `said` (value -> rule id)
    holds the values earlier findings of the same model gave: a placeholder the rule lists in `shown_once` whose
    value is there reads "as RULE says", so the evidence SEC002 gives for a model's remote code is not repeated
    word for word in SEC004's note (review pass 34); the values this message gives are added to it."""
    parts = _template(template)
    if len(parts) == 1:
        return parts[0]
    # split() alternates text and tokens: text at even positions; at odd ones `{{` or `}}` (one literal brace, as in
    # str.format) or a placeholder.
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0 or part in ("{{", "}}"):
            out.append(part if i % 2 == 0 else part[0])
            continue
        placeholder = part[1:-1]
        value = _placeholder_value(placeholder, scope)
        if said is not None and rule is not None:
            first = said.setdefault(value, rule.id)
            if first != rule.id and placeholder.partition("|")[0] in rule.shown_once:
                value = f"as {first} says"
        out.append(value)
    return "".join(out)


def _placeholder_value(placeholder: str, scope: dict[str, Any]) -> str:
    path, bar, fallback = placeholder.partition("|")
    value = lookup(scope, path)
    if bar and (value is None or value == "" or value == []):
        return fallback
    return _render_value(value)


@cache
def _template(template: str) -> tuple[str, ...]:
    return template_tokens(template)


def waiver_applies(waiver: Waiver, model_id: str, rule_id: str) -> bool:
    return (waiver.rule in ("*", rule_id)) and fnmatch.fnmatchcase(model_id.lower(), waiver.model.lower())


def waiver_expired(waiver: Waiver, today: dt.date) -> bool:
    return dt.date.fromisoformat(waiver.expires) < today


def evaluate(facts: dict[str, Any], ruleset: RuleSet, *, today: dt.date | None = None,
             context: Any | None = None, areas: frozenset[str] | None = None) -> list[Finding]:
    """Every enabled rule over one model's facts; waivers applied; engine errors reported as findings.

    `areas` limits evaluation (an unreadable model has no facts for license or lineage rules to judge:
    only the source rules speak about it, so its report is not a wall of "unknown" findings).
    """
    run = _Evaluation(facts, ruleset, today or dt.date.today(), context, areas)
    findings: list[Finding] = []
    over = _over_budget(ruleset, facts) if ruleset.costly else {}
    for position in run.positions:
        compiled = ruleset.compiled[position]
        if compiled.severity is None or (areas is not None and compiled.rule.area not in areas):
            continue
        if position in over:
            findings.append(_over_budget_finding(compiled.rule, run.model_id, over[position]))
            continue
        try:
            hits = run.hits(position, compiled)
        except Exception as exc:
            findings.append(emitted_finding(
                "ENG001", model=run.model_id,
                message=f"rule {compiled.rule.id} ({compiled.rule.name}) failed on this model: {rule_error_words(exc)}",
                evidence=({"rule": compiled.rule.id, "origin": compiled.rule.origin},),
            ))
            continue
        findings.extend(run.finding(compiled, item) for item in hits)
    run.remember_firing()
    return findings


class _Evaluation:
    """One model's pass over the rules: the memo keys of its values, the CEL contexts (built only when a
    rule must really be evaluated), and the findings' common parts (model id, today's waivers)."""

    def __init__(self, facts: dict[str, Any], ruleset: RuleSet, today: dt.date, context: Any | None,
                 areas: frozenset[str] | None) -> None:
        self.facts, self.ruleset, self.areas = facts, ruleset, areas
        self.model_id = str(lookup(facts, "model.id") or "?")
        self.full: Any | None = context
        self.ctx: Any | None = None
        # The waivers in force today, checked per rule below (expiry is the same for every rule of the run).
        self.waivers = [w for w in ruleset.policy.waivers if not waiver_expired(w, today)]
        self.reads = ruleset.reads if context is None else None
        if len(ruleset.interned) >= _MEMO_MAX or len(ruleset.memo) >= _MEMO_MAX:  # a bound; between models only
            ruleset.interned.clear()
            ruleset.memo.clear()
            ruleset.answers.clear()
            ruleset.firing.clear()
        self.ids = _unit_ids(ruleset, facts) if self.reads is not None else None
        self.answers: list[Any] | None = None
        self.said: dict[str, str] = {}  # the values the model's findings gave so far (render_message)
        self.positions: Iterable[int] = range(len(ruleset.compiled))
        if self.ids is not None:
            answers = ruleset.answers.get(self.ids)
            if answers is None:
                answers = ruleset.answers[self.ids] = [None] * len(ruleset.compiled)
            elif areas is None and self.ids in ruleset.firing:
                self.positions = ruleset.firing[self.ids]  # every other rule is known not to fire on these values
            self.answers = answers

    def full_context(self) -> Any:
        """The facts as the rules' keys name them (built only when needed)."""
        if self.full is None:
            self.full = cel_module().Context(rule_view(self.facts, self.ruleset.needed))
        return self.full

    def hits(self, position: int, compiled: CompiledRule) -> list[Any]:
        """The rule's hits: from the memo of answers on equal values, else from the projected view, else
        from the rule as written on the full facts (whose errors are the ones reported)."""
        ruleset, answers, facts = self.ruleset, self.answers, self.facts
        hits = None
        key = None
        if answers is not None and position in ruleset.units:
            answer = answers[position]
            if answer is None:
                key = (position, *(self.ids[i] for i in ruleset.units[position]))  # type: ignore[index]
                answer = answers[position] = ruleset.memo.get(key)
            if answer is not None:
                hits = _from_memo(compiled, answer, facts)
        if hits is None and self.reads is not None:
            if self.ctx is None:
                self.ctx = cel_module().Context(projected_view(facts, ruleset.needed, self.reads))
            answer = _fast_answer(compiled, self.ctx, facts)
            if answer is not None:
                if key is not None and answers is not None:
                    ruleset.memo[key] = answers[position] = answer
                hits = _from_memo(compiled, answer, facts)
        if hits is None:
            hits = _hits(compiled, self.full_context())
        return hits

    def finding(self, compiled: CompiledRule, item: Any) -> Finding:
        """The finding of one hit: its message filled from the facts, its evidence, the waiver that covers it."""
        rule = compiled.rule
        scope = {**self.facts, "item": item}
        evidence: list[dict[str, Any]] = []
        if isinstance(item, dict):
            evidence.append({"item": item})
        for path in rule.evidence:
            value = lookup(scope, path)
            if value not in (None, [], {}):
                evidence.append({"fact": path, "value": value})
        waived = next((w for w in self.waivers if waiver_applies(w, self.model_id, rule.id)), None)
        return Finding(
            rule=rule.id, name=rule.name, area=rule.area, severity=compiled.severity or rule.severity,
            model=self.model_id, title=rule.title, message=render_message(rule.message, scope, self.said, rule),
            remediation=_item_remedy(item) or rule.remediation or None, evidence=tuple(evidence), waived_by=waived,
        )

    def remember_firing(self) -> None:
        """Once every memoisable answer on these values is known, keep which rules can fire on them."""
        ruleset, ids = self.ruleset, self.ids
        if self.answers is not None and self.areas is None and ids not in ruleset.firing:
            firing = _firing(ruleset, self.answers)
            if firing is not None:
                ruleset.firing[ids] = firing  # type: ignore[index]


# What a condition's run-time failure was, in words: the CEL runtime raises Python's exception classes, and a
# finding that says "ZeroDivisionError:" names an implementation, not what the rule did on the model's facts.
_RUN_TIME_ERRORS: tuple[tuple[type[BaseException], str], ...] = (
    (ZeroDivisionError, "a division or modulo by zero"), (OverflowError, "an arithmetic overflow"),
    (IndexError, "an index outside a list"), (KeyError, "a key the value does not have"),
    (TypeError, "an operation on values of the wrong type"), (ValueError, "a value that cannot be converted"),
    (RecursionError, "a condition nested too deeply to evaluate"), (MemoryError, "a value too large to evaluate"),
)


def rule_error_words(exc: BaseException) -> str:
    """One line for a condition that raised on a model: what went wrong in words, then the runtime's own detail
    (cut short, on one line) where it adds something."""
    what = next((words for kind, words in _RUN_TIME_ERRORS if isinstance(exc, kind)), "an error while evaluating it")
    detail = " ".join(str(exc).split())
    detail = detail[:200] + ("…" if len(detail) > 200 else "")
    return f"{what} ({detail})" if detail else what


def _over_budget_finding(rule: Rule, model_id: str, cost: int) -> Finding:
    return Finding(
        rule="ENG001", name="rule-error", area="engine", severity="error", model=model_id,
        title="A rule could not be evaluated",
        message=f"rule {rule.id} ({rule.name}) was not run on this model: its nested comprehensions "
                f"would take about {cost:,} steps here (budget {_budget():,})",
        remediation="Simplify the rule's condition (fewer nested all/exists/map/filter).",
        evidence=({"rule": rule.id, "origin": rule.origin},),
    )


def _budget() -> int:

    return RUN_BUDGET


def _over_budget(ruleset: RuleSet, facts: dict[str, Any]) -> dict[int, int]:
    """Positions of the costly rules whose worst case on these facts exceeds the budget, with the cost."""

    out: dict[int, int] = {}
    for position, ((deepest, macros, literal), tree) in ruleset.costly.items():
        view = {root: project(facts.get(root), node) for root, node in tree.items()}
        cost = run_cost(deepest, macros, literal, longest_list(view))
        if cost > _budget():
            out[position] = cost
    return out


def _firing(ruleset: RuleSet, answers: list[Any]) -> tuple[int, ...] | None:
    """Positions of the enabled rules that can fire on values whose answers are all known: those that
    fire, and those that are never memoised; None while some memoisable answer is still unknown."""
    out: list[int] = []
    for position, compiled in enumerate(ruleset.compiled):
        if compiled.severity is None:
            continue
        if position not in ruleset.units:
            out.append(position)
            continue
        answer = answers[position]
        if answer is None:
            return None
        if answer is True or (isinstance(answer, tuple) and True in answer):
            out.append(position)
    return tuple(out)


def _hits(compiled: CompiledRule, ctx: Any) -> list[Any]:
    """The rule as written, on the facts under the keys rules name: its items, or [None] when it fires."""
    rule = compiled.rule
    if rule.for_each:
        hits = compiled.program.execute(ctx)
        if not isinstance(hits, list):
            raise TypeError(f"for_each {rule.for_each} gave {type(hits).__name__}, not a list")
        return hits
    return [None] if _truth(compiled.program.execute(ctx), rule) else []


def _fast_answer(compiled: CompiledRule, ctx: Any, facts: dict[str, Any]) -> Any:
    """The rule's answer on the projected view (see read_tree): True/False, the tuple of per-item flags of
    a plain for_each, or the hits of any other for_each; None to ask _hits instead.

    None whenever anything is out of the ordinary (an error, a value that is not true/false, a for_each
    that is not a list), so errors and their messages always come from the rule as written.
    """
    rule = compiled.rule
    try:
        if not rule.for_each:
            value = compiled.program.execute(ctx)
            return value if isinstance(value, bool) else None
        if compiled.flags is None:
            hits = compiled.program.execute(ctx)
            return ("hits", hits) if isinstance(hits, list) else None
        items = lookup(facts, rule.for_each.strip())
        flags = compiled.flags.execute(ctx)
    except Exception:
        return None
    if not isinstance(items, list) or not isinstance(flags, list) or len(flags) != len(items):
        return None
    if not all(type(flag) is bool for flag in flags):
        return None
    return tuple(flags)


def _from_memo(compiled: CompiledRule, answer: Any, facts: dict[str, Any]) -> list[Any] | None:
    """The hits an answer of _fast_answer stands for (None if the facts do not fit it)."""
    if isinstance(answer, bool):
        return [None] if answer else []
    if isinstance(answer, tuple) and answer and answer[0] == "hits":
        return answer[1]
    if True not in answer:
        return []
    items = lookup(facts, compiled.rule.for_each.strip())  # type: ignore[union-attr]
    if not isinstance(items, list) or len(items) != len(answer):
        return None
    return [_as_cel_returns(item) for item, flag in zip(items, answer, strict=True) if flag]


def _truth(value: Any, rule: Rule) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"condition of {rule.id} gave {type(value).__name__} {value!r}, not true/false")
    return value


def verdict_for(findings: Iterable[Finding], fail_on: str, complete: bool) -> Verdict:
    """fail: an active finding at or above fail_on; incomplete: the model or a base could not be read;
    warn: active findings below the bar; pass: nothing active."""
    threshold = SEVERITY_ORDER[fail_on]
    active = [f for f in findings if f.active]
    if not complete:
        # The findings that say *why* the audit is incomplete are exit code 3's business, not a violation:
        # a violation (exit 1) needs evidence, and missing evidence is what these rules report.
        active = [f for f in active if f.rule not in INCOMPLETENESS_RULES]
    if any(SEVERITY_ORDER[f.severity] >= threshold for f in active):
        return "fail"
    if not complete:
        return "incomplete"
    if any(f.severity in ("error", "warning") for f in active):
        return "warn"
    return "pass"


def run_verdict(results: Sequence[AuditResult], policy: Policy, *, allow_incomplete: bool = False,
                today: dt.date | None = None) -> RunResult:
    """The run's verdict and exit code: 1 on violations, else 3 on incomplete audits (unless allowed)."""
    today = today or dt.date.today()
    verdicts = {r.verdict for r in results}
    if "fail" in verdicts:
        verdict: Verdict = "fail"
        code = 1
    elif "incomplete" in verdicts:
        verdict = "incomplete"
        code = 0 if allow_incomplete else 3
    elif "warn" in verdicts:
        verdict, code = "warn", 0
    else:
        verdict, code = "pass", 0
    expired = tuple(w for w in policy.waivers if waiver_expired(w, today))
    return RunResult(results=tuple(results), verdict=verdict, exit_code=code, policy_name=policy.name,
                     policy_digest=policy.digest, expired_waivers=expired)


def expired_waiver_findings(policy: Policy, model_id: str, today: dt.date) -> list[Finding]:
    """An expired waiver that would have matched this model is reported on it, so nobody misses it; at the severity
    the policy gives POL001 (`rules: {POL001: {severity: error}}`; `enabled: false`: none). Not fail-closed: the
    finding is a reminder, and the rule the waiver silenced applies again whatever POL001's severity."""
    out: list[Finding] = []
    severity = effective_severity(emitted_rule("POL001"), policy)
    if severity is None:  # turned off: the waived rule applies again all the same, only the reminder goes
        return out
    for waiver in policy.waivers:
        if waiver_expired(waiver, today) and fnmatch.fnmatchcase(model_id.lower(), waiver.model.lower()):
            out.append(replace(emitted_finding(
                "POL001", model=model_id,
                message=f"the waiver for rule {waiver.rule} on {waiver.model} expired on {waiver.expires} "
                        f"(reason was: {waiver.reason}); the rule applies again",
                evidence=({"waiver": {"model": waiver.model, "rule": waiver.rule, "expires": waiver.expires,
                                      "reason": waiver.reason}},),
            ), severity=severity))
    return out
