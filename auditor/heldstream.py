"""The document formats of a large batch written as the models are done: SARIF, JUnit, GitHub annotations,
GitLab Code Quality and the Markdown comment.

Why: rendered at the end, these held every model's whole AuditResult (facts, lineage, findings with their
evidence, ~90 KB a model) until the document was written: `--format sarif` of 10,000 synthetic models peaked
at 902 MB. Here each model's part of the document is made as soon as it is audited and spooled to a temporary
file, and only what the run's summary needs is kept (auditor.parallel.light_result, as for JSON); the
document's head, which holds the run's totals (verdict, exit code, counts, notifications), is written at
the end, then the spooled parts are copied out after it.

Each writer gives the same bytes as the format's `render` of the whole run (tests/test_heldstream.py compares
them), because it calls the format module's own pieces in the same order:
- SARIF: results in document order, fingerprints made unique as they are made (sarif.ResultTable); past
  MAX_RESULTS the most severe are kept, in the stable order `to_sarif` sorts them in (each result's offset and
  rank in the spool are kept: 9 bytes a result);
- JUnit: one suite per model, indented as in the whole tree; the "auditor run" suite last. The timestamp is
  the run's start (a whole-run render stamps its end);
- GitHub and GitLab: every place that fails the run first, then those below fail_on (summary.places' stable
  order), each status in a spool of its own; GitLab's fingerprints are made unique in that final order, as
  the spools are copied out;
- Markdown: the comment holds at most MAX_CHARS characters, so of each verdict's rows and details only those
  that can still fit are kept, with how many there were.

Reference ordinals (sarif.reference_ordinals) are counted per model here: exact for `audit`, whose results carry
no reference locations (only `check` has them, and it renders the whole run).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import struct
import tempfile
from array import array
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from auditor.parallel import RunSpec, Shape, iter_shaped, light_result
from auditor.textsafe import clean_tree, utf8

if TYPE_CHECKING:
    from auditor.model import ModelRef
    from auditor.outfile import Writer
    from auditor.policy import Policy
    from auditor.results import AuditResult, RunResult

HELD_FORMATS = ("sarif", "junit", "github", "gitlab", "markdown")
_COPY_BLOCK = 1 << 20
_MARK = "@@auditor-streamed-results@@"


def write_held(fmt: str, refs: Sequence[str | ModelRef], spec: RunSpec, handle: Writer, *, jobs: int | None,
               allow_incomplete: bool, root: Path | None = None,
               timestamp: dt.datetime | None = None) -> tuple[int, str]:
    """`--format FMT` (one of HELD_FORMATS) written as the models are done; the exit code and the run's verdict.
    `root`: the folder
    a finding without a reference points into (the CLI's working directory); `timestamp`: JUnit's (default:
    now, the run's start)."""
    # lazy: start-up (auditor.engine)
    from auditor.engine import run_verdict

    with contextlib.ExitStack() as stack:
        writer = _WRITERS[fmt](spec.policy, root or Path.cwd(), stack, timestamp)
        light: list[AuditResult] = []
        for result in iter_shaped(refs, replace(spec, shape=Shape.RESULT), jobs=jobs):
            writer.add(result, _alone(result, spec.policy))
            light.append(light_result(result))
        run = run_verdict(light, spec.policy, allow_incomplete=allow_incomplete, today=spec.today)
        last = _LastByte(handle)
        writer.finish(run, last)
        if last.byte != b"\n":  # a document written to a file or stdout ends its last line, as write_output does
            handle.write(b"\n")
    return run.exit_code, run.verdict


class _LastByte:
    """A writer that passes bytes on and remembers the last one."""

    def __init__(self, handle: Writer) -> None:
        self.handle = handle
        self.byte = b""

    def write(self, data: bytes) -> Any:
        if data:
            self.byte = data[-1:]
        return self.handle.write(data)


def _alone(result: AuditResult, policy: Policy) -> RunResult:
    """A run of one model, as the per-model pieces of the formats read it (its meta empty, as `audit`'s)."""
    # lazy: start-up (auditor.results)
    from auditor.results import RunResult

    return RunResult(results=(result,), verdict=result.verdict, exit_code=0, policy_name=policy.name,
                     policy_digest=policy.digest)


def _spool(stack: contextlib.ExitStack) -> IO[bytes]:
    return stack.enter_context(tempfile.TemporaryFile())


def _copy(spool: IO[bytes], handle: Writer) -> None:
    spool.seek(0)
    while block := spool.read(_COPY_BLOCK):
        handle.write(block)


def _indented(value: Any, depth: int) -> str:
    """json.dumps(value, indent=2, ensure_ascii=False) as it reads `depth` levels deep in a document (a JSON
    text holds no raw line break inside a string, so every line break is one of the layout's)."""
    pad = "  " * depth
    return pad + json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)


class _Sarif:
    """SARIF 2.1.0 (auditor.formats.sarif): results spooled, the log around them written at the end."""

    def __init__(self, policy: Policy, root: Path, stack: contextlib.ExitStack, timestamp: Any) -> None:
        # lazy: start-up (auditor.formats.sarif)
        from auditor.formats.sarif import ResultTable, fallback_uri, rule_descriptors

        self.table = ResultTable(rule_descriptors(policy), fallback_uri(root))
        self.spool = _spool(stack)
        self.starts: array[int] = array("q")
        self.ends: array[int] = array("q")
        self.ranks: array[int] = array("b")

    def add(self, result: AuditResult, alone: RunResult) -> None:
        # lazy: start-up (auditor.formats.sarif)
        from auditor.formats.sarif import reference_ordinals, result_rank

        for one in self.table.model_results(result, alone, reference_ordinals(alone)):
            if self.starts:
                self.spool.write(b",\n")
            self.starts.append(self.spool.tell())
            self.spool.write(utf8(_indented(clean_tree(one), 4)))
            self.ends.append(self.spool.tell())
            self.ranks.append(result_rank(one))

    def finish(self, run: RunResult, handle: Writer) -> None:
        # lazy: start-up (auditor.formats.sarif)
        from auditor.formats.sarif import MAX_RESULTS, sarif_log

        dropped = max(0, len(self.starts) - MAX_RESULTS)
        log = sarif_log(run, self.table.descriptors, _MARK, dropped=dropped, max_results=MAX_RESULTS)
        text = json.dumps(log, indent=2, ensure_ascii=False)
        head, tail = text.split(f'"results": "{_MARK}"', 1)
        handle.write(utf8(head + '"results": ['))
        if not self.starts:
            handle.write(b"]")
        elif not dropped:
            handle.write(b"\n")
            _copy(self.spool, handle)
            handle.write(b"\n      ]")
        else:
            self._most_severe(handle, MAX_RESULTS)
            handle.write(b"\n      ]")
        handle.write(utf8(tail))

    def _most_severe(self, handle: Writer, keep: int) -> None:
        """The `keep` most severe results, in to_sarif's stable sort: by rank, then in document order."""
        written = 0
        for rank in sorted(set(self.ranks)):
            for number, this in enumerate(self.ranks):
                if this != rank:
                    continue
                if written == keep:
                    return
                self.spool.seek(self.starts[number])
                handle.write(b"\n" if not written else b",\n")
                handle.write(self.spool.read(self.ends[number] - self.starts[number]))
                written += 1


class _Junit:
    """JUnit XML (auditor.formats.junit): one suite per model, spooled; the run's suite last."""

    def __init__(self, policy: Policy, root: Path, stack: contextlib.ExitStack,
                 timestamp: dt.datetime | None) -> None:
        # lazy: start-up (auditor.formats.sarif, through the rule catalogue)
        from auditor.formats.sarif import rule_descriptors

        self.policy = policy
        self.names = {str(r["id"]): str(r["name"]) for r in rule_descriptors(policy)}
        when = timestamp or dt.datetime.now(dt.UTC)
        if when.tzinfo is not None:  # as to_junit: a naive time is taken as UTC already
            when = when.astimezone(dt.UTC)
        self.stamp = when.strftime("%Y-%m-%dT%H:%M:%S")
        self.spool = _spool(stack)
        self.number = 0

    def add(self, result: AuditResult, alone: RunResult) -> None:
        # lazy: start-up (auditor.formats.junit)
        from auditor.formats.junit import HOST, indented_suite, suite
        from auditor.formats.summary import fail_on

        threshold = fail_on(alone, self.policy.fail_on)
        element = suite(result, self.number, self.stamp, HOST, threshold, self.names, alone)
        self.spool.write(utf8("\n  " + indented_suite(element)))
        self.number += 1

    def finish(self, run: RunResult, handle: Writer) -> None:
        # lazy: start-up (auditor.formats.junit)
        from auditor.formats.junit import DECLARATION, HOST, indented_suite, run_suite
        from auditor.formats.summary import fail_on

        threshold = fail_on(run, self.policy.fail_on)
        handle.write(utf8(DECLARATION + "<testsuites>"))
        _copy(self.spool, handle)
        last = run_suite(run, self.number, self.stamp, HOST, threshold, None)
        handle.write(utf8("\n  " + indented_suite(last) + "\n</testsuites>\n"))


class _ByStatus:
    """The places of every model, in summary.places' order: a spool per status ("fails", then "below")."""

    def __init__(self, stack: contextlib.ExitStack) -> None:
        self.spools = {"fails": _spool(stack), "below": _spool(stack)}


class _Github(_ByStatus):
    """GitHub workflow commands (auditor.formats.github): annotations spooled by status, the run's lines last."""

    def __init__(self, policy: Policy, root: Path, stack: contextlib.ExitStack, timestamp: Any) -> None:
        super().__init__(stack)
        self.fail_on = policy.fail_on if isinstance(policy.fail_on, str) else None
        self.notes = 0

    def add(self, result: AuditResult, alone: RunResult) -> None:
        # lazy: start-up (auditor.formats.github)
        from auditor.formats.github import annotation
        from auditor.formats.summary import places

        for place in places(alone, self.fail_on):
            line = annotation(place, alone)
            if line is None:
                self.notes += 1
            elif line:
                self.spools[place.status].write(utf8(line + "\n"))

    def finish(self, run: RunResult, handle: Writer) -> None:
        # lazy: start-up (auditor.formats.github)
        from auditor.formats.github import closing_lines

        for spool in self.spools.values():
            _copy(spool, handle)
        handle.write(utf8("".join(line + "\n" for line in closing_lines(run, self.notes, self.fail_on))))


_RECORD = struct.Struct("<32sQ")  # a spooled Code Quality issue: its fingerprint, then its text's length


class _Gitlab(_ByStatus):
    """GitLab Code Quality (auditor.formats.gitlab): issues spooled by status, fingerprints made unique in the
    array's order as they are copied out, the models not checked last."""

    def __init__(self, policy: Policy, root: Path, stack: contextlib.ExitStack, timestamp: Any) -> None:
        # lazy: start-up (auditor.formats.gitlab)
        from auditor.formats.gitlab import fallback_for

        super().__init__(stack)
        self.fail_on = policy.fail_on if isinstance(policy.fail_on, str) else None
        self.fallback = fallback_for(root)
        self.written = 0

    def add(self, result: AuditResult, alone: RunResult) -> None:
        # lazy: start-up (auditor.formats.gitlab, auditor.formats.sarif)
        from auditor.formats.gitlab import issue
        from auditor.formats.sarif import reference_ordinals
        from auditor.formats.summary import places

        ordinals = reference_ordinals(alone)
        for place in places(alone, self.fail_on):
            if place.status in self.spools:
                self._spool(self.spools[place.status], issue(place, alone, ordinals, self.fallback))

    @staticmethod
    def _spool(spool: IO[bytes], one: dict[str, Any]) -> None:
        text = utf8(_indented(clean_tree(one), 1))
        spool.write(_RECORD.pack(one["fingerprint"].encode("ascii"), len(text)) + text)

    def finish(self, run: RunResult, handle: Writer) -> None:
        # lazy: start-up (auditor.formats.gitlab, auditor.formats.sarif)
        from auditor.formats.gitlab import not_checked_issue
        from auditor.formats.sarif import Uniquer

        unique = Uniquer()
        handle.write(b"[")
        for spool in self.spools.values():
            spool.seek(0)
            while head := spool.read(_RECORD.size):
                value, size = _RECORD.unpack(head)
                self._write(handle, spool.read(size), value.decode("ascii"), unique)
        for audit in run.results:
            if not audit.complete:
                one = not_checked_issue(audit, run, self.fallback)
                self._write(handle, utf8(_indented(clean_tree(one), 1)), one["fingerprint"], unique)
        handle.write(b"\n]\n" if self.written else b"]\n")

    def _write(self, handle: Writer, text: bytes, value: str, unique: Any) -> None:
        final = unique(value)
        if final != value:  # the key's first occurrence: a quote inside a string is escaped, so it is the key's
            text = text.replace(f'"fingerprint": "{value}"'.encode(), f'"fingerprint": "{final}"'.encode(), 1)
        handle.write(b"\n" if not self.written else b",\n")
        handle.write(text)
        self.written += 1


class _Markdown:
    """The Markdown comment (auditor.formats.markdown): of each verdict's rows and details, those that can still
    fit in the comment, and how many there were."""

    def __init__(self, policy: Policy, root: Path, stack: contextlib.ExitStack, timestamp: Any) -> None:
        # lazy: start-up (auditor.formats.markdown)
        from auditor.formats.markdown import MAX_CHARS, note_reserve

        self.max_chars = MAX_CHARS
        self.budget = MAX_CHARS - note_reserve(MAX_CHARS)
        self.rows: dict[int, _Kept] = {}
        self.details: dict[int, _Kept] = {}
        self.row_count = self.details_count = 0

    def add(self, result: AuditResult, alone: RunResult) -> None:
        # lazy: start-up (auditor.formats.markdown)
        from auditor.formats.markdown import _details, _row, verdict_rank

        rank = verdict_rank(result.verdict)
        self.row_count += 1
        self.rows.setdefault(rank, _Kept(self.budget)).offer(lambda: _row(result))
        if result.findings or not result.complete:
            self.details_count += 1
            if not any(kept.full for kept in self.rows.values()):  # else no detail is shown at all
                self.details.setdefault(rank, _Kept(self.budget)).offer(lambda: _details(result))

    def finish(self, run: RunResult, handle: Writer) -> None:
        # lazy: start-up (auditor.formats.markdown)
        from auditor.formats.markdown import assemble

        handle.write(utf8(assemble(run, _in_order(self.rows), _in_order(self.details), self.row_count,
                                   self.details_count, max_chars=self.max_chars)))


class _Kept:
    """One verdict's blocks while they fit in `budget` characters together; a block that does not (and every
    one after it) could not fit after them in the comment either, so it is not kept."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self.blocks: list[str] = []
        self.full = False

    def offer(self, make: Any) -> None:
        if self.full:
            return
        block = make()
        if self.size + len(block) > self.budget:
            self.full = True
            return
        self.blocks.append(block)
        self.size += len(block)


def _in_order(kept: dict[int, _Kept]) -> list[str]:
    """The kept blocks, failing verdicts first, up to the first verdict that did not keep them all (nothing
    after it can be shown)."""
    out: list[str] = []
    for rank in sorted(kept):
        out.extend(kept[rank].blocks)
        if kept[rank].full:
            break
    return out


_WRITERS: dict[str, Any] = {"sarif": _Sarif, "junit": _Junit, "github": _Github, "gitlab": _Gitlab,
                            "markdown": _Markdown}
