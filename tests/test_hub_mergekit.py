"""A merge audited online names its bases from mergekit_config.yml, as it does from a local folder.

The fake Hub serves the shape of a real merge repository (wolfram/miquliz-120b-v2.0: tags `mergekit` and
`merge`, `license: other`, a mergekit `slices` configuration over two Hub models) with the card quirk real
merges show (`base_model: []`, see ../shared/corpus/cards/SOURCES.tsv, Ttimofeyka's card): the configuration
file is then the only place that names what the merge was made from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from auditor.cli import app
from auditor.lineage.bases import named_bases
from auditor.model import parse_ref
from auditor.safeyaml import load_yaml
from auditor.sources.hub import HubSource
from auditor.sources.local import read_model_dir
from tests.fakehub import FakeHub

MERGE = "wolfram/miquliz-120b-v2.0"
BASES = ("152334H/miqu-1-70b-sf", "lizpreciatior/lzlv_70b_fp16_hf")
CARD = "---\nbase_model: []\nlicense: other\nlibrary_name: transformers\ntags:\n- mergekit\n- merge\n---\n# A merge\n"
CONFIG = f"""merge_method: linear
parameters:
  weight: 1.0
slices:
  - sources:
      - model: {BASES[0]}
        layer_range: [0, 1]
      - model: {BASES[1]}
        layer_range: [0, 1]
  - sources:
      - model: {BASES[0]}
        layer_range: [1, 20]
dtype: float16
"""
BODY = {"cardData": {"license": "other", "library_name": "transformers", "tags": ["mergekit", "merge"]},
        "tags": ["transformers", "safetensors", "llama", "text-generation", "mergekit", "merge",
                 "license:other"], "library_name": "transformers", "pipeline_tag": "text-generation"}


def _source(hub: FakeHub, cache: Path) -> HubSource:
    return HubSource(endpoint=hub.url, cache_dir=cache, deadline=3, request_timeout=1, backoff_base=0.02,
                     backoff_max=0.1)


def test_mergekit_config_is_read_with_one_get_at_the_pinned_sha(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo(MERGE, BODY, {"README.md": CARD, "mergekit_config.yml": CONFIG,
                                    "model-00001-of-00002.safetensors": b"\0"})
    record = _source(fake_hub, tmp_path).fetch(parse_ref(MERGE))
    assert record is not None and record.complete, record.problems
    assert record.base_models == () and record.mergekit_config == load_yaml(CONFIG)
    evidence = record.provenance["mergekit_config"]
    assert (evidence.source, evidence.location, evidence.revision) == ("hub", "file:mergekit_config.yml",
                                                                       record.sha)
    named = named_bases(record)
    assert [(b.text, b.origin, b.file) for b in named] == [(b, "mergekit", "mergekit_config.yml") for b in BASES]
    assert fake_hub.count(f"/{MERGE}/resolve/{record.sha}/mergekit_config.yml", "GET") == 1
    assert fake_hub.count(f"/{MERGE}/resolve/*/mergekit_config.yml", "HEAD") == 0
    assert "mergekit_config.yml" not in record.license_texts  # a configuration, not a license text

    fake_hub.reset_counts()  # a warm cache at the commit gives the same record without a request
    warm = _source(fake_hub, tmp_path).fetch(parse_ref(f"{MERGE}@{record.sha}"))
    assert fake_hub.total == 0
    assert warm.mergekit_config == record.mergekit_config and named_bases(warm) == named


def test_online_and_local_merges_name_the_same_bases(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo(MERGE, BODY, {"README.md": CARD, "mergekit_config.yml": CONFIG})
    online = _source(fake_hub, tmp_path / "cache").fetch(parse_ref(MERGE))
    folder = tmp_path / "merge"
    folder.mkdir()
    (folder / "README.md").write_text(CARD)
    (folder / "mergekit_config.yml").write_text(CONFIG)
    local = read_model_dir(folder, as_id=MERGE)
    assert online.mergekit_config == local.mergekit_config
    assert [(b.text, b.location) for b in named_bases(online)] == [(b.text, b.location) for b in named_bases(local)]


def test_no_request_for_a_config_the_file_list_does_not_show(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo(MERGE, {**BODY, "siblings": [{"rfilename": "README.md"}]},
                      {"README.md": CARD, "mergekit_config.yml": CONFIG})
    record = _source(fake_hub, tmp_path).fetch(parse_ref(MERGE))
    assert record.complete and record.mergekit_config is None and named_bases(record) == []
    assert fake_hub.count(f"/{MERGE}/resolve/*/mergekit_config.yml") == 0


def test_mergekit_moe_config_names_its_experts(fake_hub: FakeHub, tmp_path: Path) -> None:
    moe = f"base_model: {BASES[0]}\ngate_mode: hidden\nexperts:\n  - source_model: {BASES[1]}\n" \
          "    positive_prompts: [chat]\n"
    fake_hub.add_repo("acme/moe", BODY, {"README.md": CARD, "mergekit_moe_config.yml": moe})
    record = _source(fake_hub, tmp_path).fetch(parse_ref("acme/moe"))
    assert [(b.text, b.file) for b in named_bases(record)] == [(b, "mergekit_moe_config.yml") for b in BASES]


def test_a_broken_config_is_a_problem_with_its_line_not_a_failed_audit(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo(MERGE, BODY, {"README.md": CARD, "mergekit_config.yml": "merge_method: linear\n\tmodels: [\n"})
    record = _source(fake_hub, tmp_path).fetch(parse_ref(MERGE))
    assert record.complete and record.mergekit_config is None
    [problem] = [p for p in record.problems if p.code == "mergekit-yaml-error"]
    assert problem.file == "mergekit_config.yml" and problem.line == 2 and not problem.fatal


def test_a_config_over_the_cap_is_not_read_past_it(fake_hub: FakeHub, tmp_path: Path) -> None:
    huge = CONFIG + "# padding\n" * 10_000
    fake_hub.add_repo(MERGE, BODY, {"README.md": CARD, "mergekit_config.yml": huge})
    record = _source(fake_hub, tmp_path).fetch(parse_ref(MERGE))
    assert record.mergekit_config is None
    assert [p.file for p in record.problems if p.code == "hub-file-too-large"] == ["mergekit_config.yml"]


def test_audit_of_a_merge_online_puts_the_config_bases_in_the_lineage(fake_hub: FakeHub) -> None:
    fake_hub.add_repo(MERGE, BODY, {"README.md": CARD, "mergekit_config.yml": CONFIG})
    fake_hub.add_repo(BASES[0], {"cardData": {}}, {"README.md": "# no license stated\n"})
    fake_hub.add_repo(BASES[1], {"cardData": {"license": "cc-by-nc-2.0"}},
                      {"README.md": "---\nlicense: cc-by-nc-2.0\n---\n# lzlv\n"})
    result = CliRunner().invoke(app, ["audit", MERGE, "--endpoint", fake_hub.url, "--format", "json"])
    assert "Traceback" not in result.output, result.output
    lineage = json.loads(result.output)["models"][0]["facts"]["lineage"]
    parents = {a["id"]: (a["relation"], a["source"]) for a in lineage["ancestors"] if a["distance"] == 1}
    assert parents == {b: ("merge", "hub") for b in BASES}, lineage
    # The non-commercial base's terms travel to the merge: the config fed the lineage, not just a list.
    assert (BASES[1], "commercial_use", "prohibited") in [(t["from"], t["term"], t["value"])
                                                          for t in lineage["inherited"]]


def test_the_real_miquliz_config_names_the_bases_its_card_declares(fake_hub: FakeHub, tmp_path: Path,
                                                                   corpus: Path) -> None:
    """The configuration block of the real card, served as the repository's mergekit_config.yml (the card
    itself without it), names exactly the bases the card's front matter declares."""
    card = (corpus / "cards" / "wolfram__miquliz-120b-v2.0.md").read_text(encoding="utf-8")
    block = re.search(r"^```yaml\n(.*?)^```", card, re.MULTILINE | re.DOTALL)
    assert block is not None
    front = card.split("---", 2)[1]
    fake_hub.add_repo(MERGE, BODY, {"README.md": f"---{front}---\n# card body left out\n",
                                    "mergekit_config.yml": block.group(1)})
    record = _source(fake_hub, tmp_path).fetch(parse_ref(MERGE))
    assert record.provenance["mergekit_config"].location == "file:mergekit_config.yml"
    assert sorted(b.text for b in named_bases(record)) == sorted(record.base_models) == sorted(BASES)
