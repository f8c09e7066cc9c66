"""A rule message's `{path|words}` placeholder: the words stand in for a null value, so a message can say what is
known (a card line with no link) instead of "unknown"; a present value still renders as before."""

from __future__ import annotations

from auditor.engine import render_message
from auditor.pipeline import audit


def test_fallback_words_replace_null_and_empty_values() -> None:
    scope = {"card": {"license_stated": {"link": None, "names": []}}, "model": {"id": "acme/x"}}
    assert render_message("{model.id}: {card.license_stated.link|no address}", scope) == "acme/x: no address"
    assert render_message("{card.license_stated.names|none named}", scope) == "none named"
    assert render_message("{card.missing.path|not given}", scope) == "not given"


def test_present_values_render_as_without_fallback() -> None:
    scope = {"card": {"license_stated": {"link": "https://example.org/LICENSE"}}, "n": 12_000, "b": False}
    assert render_message("{card.license_stated.link|no address}", scope) == "https://example.org/LICENSE"
    assert render_message("{n|none} {b|none}", scope) == "12,000 no"


def test_plain_placeholder_still_reads_unknown() -> None:
    assert render_message("{a.b}", {}) == "unknown"


def test_braces_that_are_not_placeholders_stay_text() -> None:
    assert render_message("{not a path} {x|}", {"x": 1}) == "{not a path} {x|}"


def test_lic018_says_no_address_when_the_license_line_has_no_link() -> None:
    run = audit(["FunAudioLLM/SenseVoiceSmall", "Deci/DeciLM-6b"], policy="examples/policy.yaml", offline=True,
                allow_incomplete=True)
    messages = {r.model: [f.message for f in r.findings if f.rule == "LIC018"] for r in run.results}
    assert messages["FunAudioLLM/SenseVoiceSmall"], messages
    assert all("links: no address" in m and "unknown)" not in m for m in messages["FunAudioLLM/SenseVoiceSmall"])
    assert any("links: https://huggingface.co/Deci/DeciLM-6b/blob/main/LICENSE.md" in m
               for m in messages["Deci/DeciLM-6b"])
