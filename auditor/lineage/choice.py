"""An OR in a license expression is the licensee's choice: which operand the organisation can take.

`Apache-2.0 OR CC-BY-NC-4.0` (a dual license) grants the model under either license, at the licensee's
option: a policy that denies CC-BY-NC-4.0 and allows Apache-2.0 is satisfied by taking Apache-2.0, and the
terms that bind are Apache's. Reading every operand as if all applied together (AND) failed such models and
reported the strictest terms of licenses nobody has to accept. AND stays strictest-wins: every operand binds.

The choice is made for the organisation by its own policy, then by its declared use, then by strictness:
1. the operand the policy treats best (allowed, then under review, then not listed, then unknown, then
   denied);
2. among those, the one whose terms conflict least with the policy's declared use (commercial use, modifying,
   training on outputs);
3. among those, the one with the least restrictive terms overall.
Operands that tie on all three are all kept (their obligations are listed together, which satisfies either),
so a choice declines only an operand that is worse for this organisation. Each choice is recorded in the facts
(`license.choices`) with the operand taken and those declined, and a note-level finding (LIC017) asks the
organisation to record that it takes it: a choice nobody wrote down is not a license anyone can show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.lazyre import lazy_compile
from auditor.lineage.terms import RANK

# How well the policy treats a license, best first (`license.policy` lists; "unknown": no category to judge)
POLICY_RANK = {"allowed": 0, "unlisted": 0, "review": 1, "not_listed": 2, "unknown": 3, "denied": 4}
# the terms that decide whether an operand suits the policy's declared use: (use key, term)
_USE_TERMS = (("commercial", "commercial_use"), ("modify", "derivatives"),
              ("train_other_models_on_outputs", "output_training"))
_TOKEN = lazy_compile(r"\(|\)|[^\s()]+")


@dataclass(frozen=True)
class _Node:
    """One parsed expression node: op is "AND", "OR" or "ID" (a license, with any WITH exception)."""

    op: str
    args: tuple[_Node, ...] = ()
    text: str = ""  # the license id (an ID node)
    exception: str = ""  # the exception of a WITH (an ID node)


def parse(expression: str) -> _Node | None:
    """An SPDX-style expression as a tree (AND binds tighter than OR); None when it does not parse."""
    tokens = _TOKEN.findall(expression or "")
    if not tokens:
        return None
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def either() -> _Node:
        args = [both()]
        while (peek() or "").upper() == "OR":
            take()
            args.append(both())
        return args[0] if len(args) == 1 else _Node("OR", tuple(args))

    def both() -> _Node:
        args = [one()]
        while (peek() or "").upper() == "AND":
            take()
            args.append(one())
        return args[0] if len(args) == 1 else _Node("AND", tuple(args))

    def one() -> _Node:
        token = take()
        if token == "(":
            inner = either()
            if take() != ")":
                raise ValueError("unbalanced parenthesis")
            return inner
        if token == ")" or token.upper() in ("AND", "OR", "WITH"):
            raise ValueError(f"unexpected {token}")
        if (peek() or "").upper() == "WITH":
            take()
            return _Node("ID", text=token, exception=take())
        return _Node("ID", text=token)

    try:
        tree = either()
    except (ValueError, IndexError):
        return None
    return tree if pos == len(tokens) else None


def ids(node: _Node) -> list[str]:
    """The license ids under a node, in order, each once."""
    if node.op == "ID":
        return [node.text]
    return list(dict.fromkeys(i for a in node.args for i in ids(a)))


def show(node: _Node, top: bool = True) -> str:
    """A node written back as an expression (parentheses around an inner OR)."""
    if node.op == "ID":
        return node.text + (f" WITH {node.exception}" if node.exception else "")
    text = f" {node.op} ".join(show(a, False) for a in node.args)
    return text if top or node.op == "AND" else f"({text})"


Cost = tuple[int, int, int]


@dataclass(frozen=True)
class Judge:
    """What a choice is judged by: each id's policy status, the policy's declared use and each id's terms
    (normalised: term -> {"value", ...}; None when the knowledge base holds none)."""

    status: Callable[[str], str]
    use: Mapping[str, Any]
    terms: Callable[[str], Mapping[str, Mapping[str, Any]] | None]

    def cost(self, license_id: str) -> Cost:
        terms = self.terms(license_id) or {}
        policy = POLICY_RANK.get(self.status(license_id), POLICY_RANK["unknown"])
        conflict = 0
        for key, name in _USE_TERMS:
            if self.use.get(key) is True:
                conflict += _strictness(name, terms)
        overall = sum(_strictness(name, terms) for name in RANK) if terms else 99
        return policy, conflict if terms else 99, overall


    def why(self, reason: str, taken: list[str], declined: list[str]) -> str:
        """The reason a choice was made, in words: what the policy says of each side, or which terms differ."""
        if reason == "policy":
            return "; ".join(f"the policy {_VERB[self.status(i)]} {i}" for i in (*taken, *declined))
        names = [name for key, name in _USE_TERMS if self.use.get(key) is True] if reason == "use" else list(RANK)
        said = []
        for name in names:
            values = {i: str((self.terms(i) or {}).get(name, {}).get("value", "unknown")) for i in (*taken, *declined)}
            if len(set(values.values())) > 1:
                said.append(f"{name} " + " vs ".join(f"{v} ({i})" for i, v in values.items()))
        what = "suit the use the policy declares better" if reason == "use" else "are less restrictive"
        return f"the terms of {', '.join(taken)} {what}" + (f": {'; '.join(said)}" if said else "")


_VERB = {"allowed": "allows", "review": "puts under review", "not_listed": "does not list", "unlisted":
         "does not list", "unknown": "cannot judge (unknown category)", "denied": "denies"}


def _strictness(name: str, terms: Mapping[str, Mapping[str, Any]]) -> int:
    value = str((terms.get(name) or {}).get("value"))
    ranks = RANK[name]
    return ranks.get(value, max(ranks.values()) + 1)  # unknown counts as worse than the strictest known value


def _worst(costs: list[Cost]) -> Cost:
    return (max(c[0] for c in costs), max(c[1] for c in costs), sum(c[2] for c in costs))


def choose(expression: str | None, judge: Judge) -> tuple[list[str], list[dict[str, Any]]]:
    """(the ids the organisation takes, the choices made): every id of an AND, the best operand(s) of each OR.

    Each choice: {expression, take (the operand(s) taken, as written), take_ids, declined (as written),
    declined_ids, statuses {id: policy status}, reason (policy | use | terms)}. An expression that does not
    parse, or holds no OR, takes every id it names and makes no choice."""
    tree = parse(expression or "")
    if tree is None:
        return [], []
    choices: list[dict[str, Any]] = []
    taken, _ = _walk(tree, judge, choices)
    return taken, choices


def _walk(node: _Node, judge: Judge, choices: list[dict[str, Any]]) -> tuple[list[str], Cost]:
    if node.op == "ID":
        return [node.text], judge.cost(node.text)
    if node.op == "AND":
        inner = [_walk(a, judge, choices) for a in node.args]
        return list(dict.fromkeys(i for got, _ in inner for i in got)), _worst([c for _, c in inner])
    results = [_walk(a, judge, []) for a in node.args]
    best = min(c for _, c in results)
    kept = [i for i, (_, c) in enumerate(results) if c == best]
    for i in kept:  # the choices inside the operands taken are made too
        _walk(node.args[i], judge, choices)
    declined = [i for i in range(len(node.args)) if i not in kept]
    if declined:
        worse = min(results[i][1] for i in declined)
        reason = "policy" if worse[0] > best[0] else "use" if worse[1] > best[1] else "terms"
        taken_ids = list(dict.fromkeys(x for i in kept for x in results[i][0]))
        declined_ids = [x for i in declined for x in ids(node.args[i]) if x not in taken_ids]
        choices.append({
            "expression": show(node),
            "take": " OR ".join(show(node.args[i], False) for i in kept),
            "take_ids": taken_ids,
            "declined": [show(node.args[i], False) for i in declined],
            "declined_ids": list(dict.fromkeys(declined_ids)),
            "statuses": {x: judge.status(x) for x in ids(node)},
            "reason": reason,
            "why": judge.why(reason, taken_ids, list(dict.fromkeys(declined_ids))),
        })
    return list(dict.fromkeys(x for i in kept for x in results[i][0])), best


def readings(expression: str | None, limit: int = 16) -> list[list[str]]:
    """Every set of licenses that satisfies an expression (one operand of each OR, every part of an AND), at most
    `limit` of them; [] when it does not parse or offers no choice. What a derivative of a dual-licensed model
    must keep is the obligations of one reading, whichever its publisher took."""
    tree = parse(expression or "")
    if tree is None or " OR " not in (expression or "").upper():
        return []

    def walk(node: _Node) -> list[list[str]]:
        if node.op == "ID":
            return [[node.text]]
        if node.op == "OR":
            return [r for a in node.args for r in walk(a)][:limit]
        out: list[list[str]] = [[]]
        for a in node.args:
            out = [list(dict.fromkeys(x + y)) for x in out for y in walk(a)][:limit]
        return out

    return walk(tree)
