"""Review 38 W2: a card's own usage code that loads this repository with trust_remote_code=True, written under the
organisation's other Hub name or another spelling (Skywork/Skywork-13B-base's README loads
"SkyworkAI/Skywork-13B-Base"), was dropped because only the exact id (letter case aside) counted: SEC005 said
"nothing recorded says" where SEC002 applies. Now a snippet is this model's when the repository name is the same
ignoring case and "-"/"_" and the owner is the same organisation (same name, a recorded rename, or two namespaces of
one recorded maker); a different model, or the same name under another owner, never is. Ids here are made up where
the class allows it.
"""

from __future__ import annotations

import dataclasses

import pytest

from auditor.facts import _remote_code_snippet, same_repository
from tests.test_lineage import rec


def _snippet(model_id: str, loaded: str) -> dict | None:
    record = dataclasses.replace(rec(model_id, license="mit"), card_statements=[
        {"kind": "remote-code-snippet", "as_written": loaded, "line": 30}])
    return _remote_code_snippet(record)


@pytest.mark.parametrize(("audited", "written"), [
    ("acme/Tiny_Chat-7B", "acme/tiny-chat-7b"),  # letter case and "_" for "-" under the same owner
    ("Skywork/Skywork-13B-base", "SkyworkAI/Skywork-13B-Base"),  # two namespaces of one recorded maker
    ("CohereLabs/some-model-8b", "CohereForAI/Some_Model-8B"),  # a recorded organisation rename
])
def test_this_repository_under_another_spelling_or_org_name_is_kept(audited: str, written: str) -> None:
    got = _snippet(audited, written)
    assert got is not None and got["id"] == written and got["line"] == 30
    assert got["same"] == same_repository(written, audited)


@pytest.mark.parametrize(("audited", "written"), [
    ("Skywork/Skywork-13B-base", "SkyworkAI/Skywork-7B-Base"),  # another size of the same maker
    ("Skywork/Skywork-13B-base", "Skywork/Skywork-13B-Base-Lite"),  # a sibling with a longer name
    ("acme/tiny-chat-7b", "other/tiny-chat-7b"),  # the same name under an owner not known as the same
    ("acme/tiny-chat-7b", "acme/tinychat7b"),  # letters run together are another name, not a spelling
])
def test_another_model_is_never_this_one(audited: str, written: str) -> None:
    assert _snippet(audited, written) is None


def test_the_exact_id_still_needs_no_reason() -> None:
    got = _snippet("acme/tiny-chat-7b", "ACME/tiny-chat-7b")
    assert got == {"id": "ACME/tiny-chat-7b", "line": 30}
