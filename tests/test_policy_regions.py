"""`use.regions` is compared with the EU restrictions of licenses (question 13): a value that can never match (an
empty string, `*`, a lower-case `eu`) was accepted without a word and silently left the restriction unweighed
(hostile pass 17). The policy refuses it with file, line and key; country codes and EU load."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.policy import PolicyError, load_policy


@pytest.mark.parametrize("value", ["''", "'*'", "zz", "eu", "Europe", "USA"])
def test_a_region_that_is_no_code_is_refused_with_its_place(tmp_path: Path, value: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(f"name: x\nuse:\n  regions: [US, {value}]\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    message = str(info.value)
    assert str(path) in message and ":3" in message and "use.regions[1]" in message


def test_country_codes_and_eu_load(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("name: x\nuse:\n  regions: [EU, US, DE]\n", encoding="utf-8")
    assert load_policy(path).data["use"]["regions"] == ["EU", "US", "DE"]
