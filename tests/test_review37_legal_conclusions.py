"""Review 37 M1: a finding states the fact the audit checked, never a legal conclusion about a third party. LIN016
said a model "is distributed in breach of that condition"; it now says which words its name does not begin with and
which clause asks for them."""

from __future__ import annotations

import re

import yaml

from auditor.pipeline import audit
from auditor.resources import rules_dir

_CONCLUSION = re.compile(r"\bin breach\b|\bbreach(?:es|ed)? (?:the|its|that)\b|\bis unlawful\b|\binfring(?:es|ed)\b",
                         re.IGNORECASE)


def _messages() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((rules_dir() / "checks").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            if isinstance(rule, dict) and rule.get("message"):
                found[str(rule.get("id"))] = str(rule["message"])
    return found


def test_no_finding_message_concludes_a_breach() -> None:
    messages = _messages()
    assert "LIN016" in messages
    assert {rule: text for rule, text in messages.items() if _CONCLUSION.search(text)} == {}


def test_the_naming_finding_says_the_fact_it_checked() -> None:
    run = audit(["NousResearch/Hermes-2-Pro-Llama-3-8B"], policy="builtin:default", offline=True,
                allow_incomplete=True)
    texts = [f.message for r in run.results for f in r.findings if f.rule == "LIN016"]
    assert texts, "the fine-tune of Llama 3 named otherwise gets LIN016"
    for text in texts:
        assert "breach" not in text
        assert 'does not begin with "Llama 3"' in text and "requires" in text
