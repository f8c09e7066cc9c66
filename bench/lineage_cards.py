"""Score lineage verdicts on real cards recorded in a bench markdown file (bench/lineage_pass8_cards.md).

    python bench/lineage_cards.py bench/lineage_pass8_cards.md [--policy examples/policy.yaml] [--only NAME]

Each card is a `### name` section with bullet lines `- origin:`, `- as:`, `- judgement:`, `- expected:` and a
````card block (four backticks: a card holds ``` blocks) whose files are separated by `=== path ===` lines.
`expected` holds `;`-separated `key=value` pairs: `verdict=fail|warn` (any of), `bases=org/a, org/b` (the direct
ancestors, `none` for none; compared without letter case, as the Hub's ids), `relation=adapter` (each direct base's
relation, `|` for any of). Every card is written to a temporary folder and audited offline as the `as:` id (or
local/NAME), as `auditor audit ./dir --as owner/name --offline --policy ...` does. A card is right (R) when its
verdict is one of the expected ones and its direct bases (and relations, if given) match; one line per card, then
the count.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECTION = re.compile(r"^### (?P<name>[\w.-]+)\s*$", re.M)
FENCE = re.compile(r"^````card\n(?P<body>.*?)^````\s*$", re.M | re.S)  # four: a card holds ``` blocks
FILE_LINE = re.compile(r"^=== (?P<path>[^=]+?) ===\s*$", re.M)
BULLET = re.compile(r"^- (?P<key>origin|expected|as|judgement):\s*(?P<value>.*)$", re.M)


@dataclass
class Card:
    """One recorded card: its files and what a right audit says."""

    name: str
    files: dict[str, str]
    as_id: str
    origin: str = ""
    expected: dict[str, str] = field(default_factory=dict)


def read_cards(text: str) -> list[Card]:
    """The cards of a bench markdown file, in order."""
    fences = [(m.start(), m.end()) for m in FENCE.finditer(text)]  # a card's own "### Heading" is no section
    marks = [m for m in SECTION.finditer(text) if not any(a <= m.start() < b for a, b in fences)]
    cards = []
    for i, mark in enumerate(marks):
        chunk = text[mark.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        fence = FENCE.search(chunk)
        if fence is None:
            continue
        bullets = {m["key"]: m["value"].strip() for m in BULLET.finditer(chunk[: fence.start()])}
        body = fence["body"]
        heads = list(FILE_LINE.finditer(body))
        files = {h["path"].strip(): body[h.end() + 1: heads[j + 1].start() if j + 1 < len(heads) else len(body)]
                 for j, h in enumerate(heads)}
        expected = dict(part.strip().split("=", 1) for part in bullets.get("expected", "").split(";") if "=" in part)
        cards.append(Card(name=mark["name"], files=files, as_id=bullets.get("as") or f"local/{mark['name']}",
                          origin=bullets.get("origin", ""),
                          expected={k.strip(): v.strip() for k, v in expected.items()}))
    return cards


def audit_card(card: Card, policy: str, root: Path) -> dict[str, Any]:
    """Audit one card offline as a local folder; its verdict, direct bases with relations, and rules that fired."""
    from auditor import pipeline
    from auditor.model import parse_ref

    where = root / card.name
    for path, content in card.files.items():
        target = where / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    result = pipeline.audit([parse_ref(str(where), as_id=card.as_id)], policy=policy, offline=True,
                            allow_incomplete=True).results[0]
    lineage = result.facts.get("lineage") or {}
    direct = {a["id"]: a.get("relation") for a in lineage.get("ancestors", ()) if a.get("distance") == 1}
    return {"verdict": result.verdict, "bases": direct, "rules": sorted({f.rule for f in result.findings}),
            "effective": (result.facts.get("license") or {}).get("effective")}


def judge(card: Card, got: dict[str, Any]) -> bool:
    """Right when the verdict is an expected one and the direct bases (and their relations) match."""
    exp = card.expected
    if "verdict" in exp and got["verdict"] not in exp["verdict"].split("|"):
        return False
    if "bases" in exp:
        want = set() if exp["bases"] == "none" else {b.strip().lower() for b in exp["bases"].split(",") if b.strip()}
        if want != {b.lower() for b in got["bases"]}:  # the Hub's ids are case-insensitive
            return False
    if "relation" in exp:
        return all(rel in exp["relation"].split("|") for rel in got["bases"].values())  # any of, as verdicts
    return True


def main(argv: list[str] | None = None) -> int:
    """Audit every card of the file and print one line each, then the count of right ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--policy", default="examples/policy.yaml")
    parser.add_argument("--only")
    args = parser.parse_args(argv)
    cards = [c for c in read_cards(args.file.read_text(encoding="utf-8")) if not args.only or c.name == args.only]
    right = 0
    with tempfile.TemporaryDirectory() as tmp:
        for card in cards:
            got = audit_card(card, args.policy, Path(tmp))
            ok = judge(card, got)
            right += ok
            bases = ", ".join(f"{b} ({r})" for b, r in got["bases"].items()) or "none"
            print(f"{'R' if ok else 'W'} | {card.name} | {got['verdict']} | {bases} | {' '.join(got['rules'])} "
                  f"| {got['effective']}")
    print(f"right: {right}/{len(cards)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
