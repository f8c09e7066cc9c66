"""Memory that grew with the number of models of an offline audit (hostile pass 25 leftovers).

Before: the resolver kept every record it fetched (its memo) and every fetch's task (a threading.Event and its lock,
about 1 KB), for the whole run; each id is fetched twice (as a model, then as a dataset). `auditor audit --refs-file F
--offline --format jsonl` of 10,000 unknown ids peaked at 121.5 MB, 2,000 at 54.3 MB (40,000: 368 MB, hostile pass
25). Now a task is dropped once its record is in the memo, and an audit's own offline resolver keeps only the
OFFLINE_MEMO_LIMIT records last used (10,000 ids: 54.2 MB, 2,000: 47.9 MB). `check` still keeps every record: its
lock is written from the memo (check.records_of).

A record dropped and asked for again is read again from the same offline files: the differential test audits a few
hundred catalog models (shared bases and datasets, unknown ids, a model named twice) with a memo of 3 records and with
an unbounded one, in every format, and compares the bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import auditor.pipeline
from auditor.model import ModelRecord, ModelRef
from auditor.pipeline import make_resolver
from auditor.sources.base import OFFLINE_MEMO_LIMIT, Resolver
from auditor.sources.catalog import write_catalog
from tests.hostile._cli import run

_STAMP = re.compile(rb' timestamp="[^"]*"')  # JUnit's: the time of the run, not what it found
LICENSES = ("apache-2.0", "mit", "cc-by-nc-4.0", "llama2", "other", "openrail")


class _Counting:
    """A source that answers every model id with a fresh record, and counts what it was asked."""

    name = "catalog"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        self.asked.append(f"{ref.kind}:{ref.repo_id}")
        return ModelRecord(id=ref.repo_id or "?", source="catalog", kind=ref.kind, card={"license": "mit"})


def test_a_bounded_resolver_keeps_only_the_records_last_used() -> None:
    source = _Counting()
    resolver = Resolver([source], offline=True, concurrency=1, memo_limit=100)
    first = resolver.fetch(ModelRef(repo_id="acme/m0"))
    for i in range(5_000):
        resolver.fetch(ModelRef(repo_id=f"acme/m{i}"))
        resolver.fetch(ModelRef(repo_id=f"acme/m{i}", kind="dataset"))
    assert len(resolver._memo) <= 100 and resolver._tasks == {}
    again = resolver.fetch(ModelRef(repo_id="acme/m0"))  # dropped long ago: read again, the same record
    assert again == first and source.asked.count("model:acme/m0") == 2
    hot = resolver.fetch(ModelRef(repo_id="acme/m4999"))  # still kept: not read again
    assert hot.id == "acme/m4999" and source.asked.count("model:acme/m4999") == 1


def test_an_unbounded_resolver_keeps_every_record_but_no_task() -> None:
    """`check` writes its lock from the memo: every record stays; the tasks never were needed after the fetch."""
    resolver = Resolver([_Counting()], offline=True, concurrency=1)
    for i in range(300):
        resolver.fetch(ModelRef(repo_id=f"acme/m{i}"))
    assert len(resolver._memo) == 300 and resolver._tasks == {}


def test_only_an_offline_streamed_run_is_bounded() -> None:
    assert make_resolver(offline=True, streamed=True).memo_limit == OFFLINE_MEMO_LIMIT
    assert make_resolver(offline=True).memo_limit is None  # check, notice, report: they read the records after
    assert make_resolver(offline=False, streamed=True).memo_limit is None  # online: a dropped record is a request


def _catalog(path: Path, n: int) -> list[str]:
    """n fine-tunes of 30 shared bases with 12 shared datasets, in a catalog; the refs to audit (with unknown ids and
    a model named twice, once in capitals after its record was dropped)."""
    bases = [ModelRecord(id=f"base/b{i}", source="catalog", card={"license": LICENSES[i % len(LICENSES)]},
                         files=("model.safetensors",), sha=f"{i:040x}") for i in range(30)]
    data = [ModelRecord(id=f"data/d{i}", source="catalog", kind="dataset",
                        card={"license": ["cc-by-4.0", "cc-by-nc-4.0", "odc-by"][i % 3]}) for i in range(12)]
    models = [ModelRecord(id=f"org{i % 40}/tune-{i}", source="catalog", sha=f"{i + 500:040x}", gated=False,
                          card={"license": LICENSES[(i * 5) % len(LICENSES)], "base_model": f"base/b{i % 30}",
                                "datasets": [f"data/d{i % 12}"]},
                          files=("model.safetensors",) if i % 4 else ("pytorch_model.bin",),
                          base_models=(f"base/b{i % 30}",), datasets=(f"data/d{i % 12}",)) for i in range(n)]
    write_catalog([*bases, *data, *models], path)
    refs = [m.id for m in models]
    refs[50:50] = [f"acme-p24/unknown-{i}" for i in range(20)]
    refs.append("ORG0/TUNE-0")
    refs.append("base/b3")
    return refs


@pytest.mark.parametrize("formats", ["jsonl", "json", "text", "sarif,junit,markdown,github,gitlab,json"])
def test_a_bounded_memo_writes_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, formats: str) -> None:
    catalog = tmp_path / "catalog.jsonl"
    refs = tmp_path / "refs.txt"
    refs.write_text("\n".join(_catalog(catalog, 240)) + "\n", encoding="utf-8")
    outputs = {}
    reads: dict[int | None, int] = {}
    resolve = Resolver._resolve

    def counted(self: Resolver, ref: ModelRef) -> ModelRecord:
        reads[self.memo_limit] = reads.get(self.memo_limit, 0) + 1
        return resolve(self, ref)

    monkeypatch.setattr(Resolver, "_resolve", counted)
    for limit in (None, 3):
        monkeypatch.setattr(auditor.pipeline, "OFFLINE_MEMO_LIMIT", limit)
        out = tmp_path / f"out-{limit}"
        target = out if "," in formats else out.with_suffix("." + formats)
        result = run("audit", "--refs-file", refs, "--catalog", catalog, "--offline", "-f", formats, "-o", target)
        assert result.code in (1, 3), result.stderr
        files = sorted(out.iterdir()) if out.is_dir() else [target]
        outputs[limit] = {f.name if out.is_dir() else formats: _STAMP.sub(b"", f.read_bytes()) for f in files}
    assert reads[3] > reads[None] + 200  # the bases and datasets were dropped and read again
    assert outputs[None] == outputs[3]
    assert len(outputs[3]) == len(formats.split(","))
    assert all(len(data) > 1_000 for data in outputs[3].values())
