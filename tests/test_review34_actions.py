"""Review pass 34, page-one actions.

- P2: a base whose well-formed id no offline source holds (Qwen/Qwen2.5-72B, nvidia/AceReason-Nemotron-1.1-7B) was
  met with "Fix the base_model id on the card": nothing says the id is wrong, only that the offline audit could not
  read it. The lineage now gives such a base its own remedy (audit it online, or add its record), and keeps the
  rule's remedy for an audit that asked the Hub itself.
- E3: a gated base of the same publisher, under the license the model's own gate collects, asked a second
  acceptance beside the model's own gate action.
"""

from __future__ import annotations

from pathlib import Path

from auditor.formats.actions import next_actions
from auditor.formats.review import model_view
from auditor.lineage import build_lineage
from auditor.pipeline import audit
from auditor.sources.base import Resolver
from tests.test_lineage import MemorySource, fake_resolve, rec

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")


def _unresolved(offline: bool, base: str) -> dict:
    child = rec("acme/chat-7b", license="apache-2.0", base_model=base)
    lineage = build_lineage(child, Resolver([MemorySource([])], offline=offline), resolve=fake_resolve)
    return lineage.unresolved[0].to_dict()


def test_an_offline_miss_of_a_well_formed_id_says_audit_online_not_fix_the_id() -> None:
    item = _unresolved(True, "acme/base-7b")
    assert "not in the offline catalog" in item["remedy"] and "acme/base-7b" in item["remedy"]
    assert "audit it online" in item["remedy"]


def test_an_online_miss_keeps_the_rules_fix_the_id() -> None:
    assert "remedy" not in _unresolved(False, "acme/base-7b")  # the Hub itself said no: the id may be wrong


def _actions(model_id: str) -> list[str]:
    run = audit(model_id, policy=POLICY, offline=True, allow_incomplete=True)
    return [a.text for a in next_actions(model_view(run.results[0], run), run)]


def test_the_qwen_review_no_longer_asks_to_fix_a_correct_base_id() -> None:
    texts = _actions("Qwen/Qwen2.5-72B-Instruct")
    assert not any("Fix the base_model id" in t for t in texts)
    assert any("Qwen/Qwen2.5-72B is not in the offline catalog" in t for t in texts)


def test_a_same_publisher_gated_base_under_the_models_own_license_asks_one_acceptance() -> None:
    texts = _actions("meta-llama/Meta-Llama-3-70B-Instruct")
    assert sum("Accept the publisher's gate" in t for t in texts) == 1
    assert not any("Accept the license of the gated base" in t for t in texts)
