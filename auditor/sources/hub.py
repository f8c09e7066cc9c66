"""The Hugging Face Hub as a model source: Hub answers turned into ModelRecords, cached per revision.

How the answers are fetched (deadline, retries, Retry-After, redirects, what each failure means) is the
transport's job, in auditor/sources/hubhttp.py; this module decides *what* to ask and what the answers mean.

What one `fetch` costs on the network (cold cache), and why no more:
- one metadata request (`GET /api/models/{id}`, as `model_info` makes it) with `expand=[...]` limited to the
  properties an audit reads (a renamed repository's redirect on the same host is followed inside it);
- one GET of the README at the commit SHA that request returned, at most once per repository and revision
  (no HEAD before it);
- only when the card cannot name its license (`license` absent, `other` or `unknown`) or `license_link`
  points at a file in the repository: that file and/or LICENSE, LICENSE.md, LICENSE.txt, each size-checked
  first (a HEAD) and skipped above MAX_LICENSE_BYTES;
- only when the file list holds `adapter_config.json`: that file, which is where a PEFT adapter names the
  base it runs on (read even when the card names one: the two may disagree);
- only when the file list holds a mergekit configuration (`mergekit_config.yml`, or mergekit-moe's): one GET
  of it at the commit SHA (no HEAD; at most 64 KiB read), which is where a merge names the models it was made
  from, as the local source reads it from a folder.
A warm cache for a commit SHA makes no request at all; a branch name (or no revision) is re-fetched after
`branch_ttl` seconds, and so is a remembered "not found" (a missing base named by many cards is asked for
once per TTL, not once per run).

Failure is data, never an exception: a repository that cannot be read (not found, gated, rate-limited or
failing beyond the deadline, stalled, unreachable, an answer that is not JSON or carries no commit SHA, an
answer redirected to another host) becomes a ModelRecord with a fatal Problem whose message is a single
sentence, so the audit of that model is *incomplete* (exit 3) while the others go on. A file that could not be
read (a 5xx, a timeout) is a fatal problem too, never an absence, and such a read is never cached: only the
Hub's own "entry not found" means a file is absent.

One repository, two names: the Hub serves some old names with 200 under the old id (`gpt2` and
`openai-community/gpt2`: same `_id`, same SHA). `identity(record)` gives the Hub's `_id`, so that the
resolver treats both names as one repository.

The token (the `token` argument, else HF_TOKEN, else the client's saved login) is sent only by the client,
in a header. It is never part of a message, a record or a cache entry: messages are our own sentences, never
the text of a client exception, and the cache refuses to write an entry that contains it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from auditor.card import MAX_CARD_BYTES, as_list, card_license_values
from auditor.model import Evidence, ModelRecord, ModelRef, Problem
from auditor.sources.base import SourceConfigError, hub_offline_env, missing_record
from auditor.sources.cache import CacheEntry, HubCache, default_cache_dir, is_commit_sha
from auditor.sources.hubhttp import (
    Deadline,
    FileAnswer,
    HubFailure,
    HubTransport,
    OutOfTime,
    in_words,
    without_userinfo,
)
from auditor.sources.hubjson import AUDITOR_KEY, record_from_hub_json
from auditor.sources.mergekit import CONFIG_FILES as MERGEKIT_FILES
from auditor.sources.mergekit import MAX_CONFIG_BYTES as MAX_MERGEKIT_BYTES
from auditor.sources.mergekit import config_file_in, parse_config_file
from auditor.textsafe import wide_encoding

__all__ = ["DATASET_EXPAND", "DEFAULT_ENDPOINT", "MODEL_EXPAND", "HubSource", "body_from_info",
           "hub_offline_env"]

DEFAULT_ENDPOINT = "https://huggingface.co"
def check_endpoint(endpoint: str, origin: str) -> None:
    """Refuse an endpoint no request can go to (`not a url`, `ftp://x`, `http://[::1`, a control character), in
    one sentence naming where it came from (`--endpoint` or HF_ENDPOINT): a run-wide setting, so exit 2 before
    any model, instead of every model failing with a transport error (or the Hub client printing its own
    complaint on stdout, into the JSON)."""
    shown = ascii(without_userinfo(endpoint)[:200])  # never the password of a user:password@ part
    try:
        parts = urlsplit(endpoint)
        port_ok = parts.port is None or parts.port > 0
    except ValueError as exc:
        raise SourceConfigError(f"{origin} {shown} is not a usable URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise SourceConfigError(f"{origin} {shown} is not an http(s) URL with a host (the Hub endpoint, e.g. "
                                f"{DEFAULT_ENDPOINT})")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in endpoint):
        raise SourceConfigError(f"{origin} {shown} holds a space or a control character (the Hub endpoint, e.g. "
                                f"{DEFAULT_ENDPOINT})")


def check_token(token: str | None, origin: str) -> None:
    """Refuse a token no request can carry in its Authorization header (a control character, a space inside, a
    non-ASCII letter), in one sentence naming HF_TOKEN: a run-wide setting, so exit 2 before any model instead
    of every model failing with a puzzling transport error ("the Hub's answer is not in the expected shape").
    The token itself is never quoted: it is a secret."""
    value = (token if token is not None else os.environ.get("HF_TOKEN") or "").strip()
    if any(not 33 <= ord(ch) <= 126 for ch in value):
        raise SourceConfigError(f"{origin} holds a character an HTTP header cannot carry (a control character, a "
                                "space or a non-ASCII letter): set it to the token from "
                                "https://huggingface.co/settings/tokens, or unset it")


# The properties an audit reads; asking for only these keeps the answer small (no widget data, no spaces).
MODEL_EXPAND = ["sha", "cardData", "siblings", "gated", "private", "disabled", "tags", "library_name",
                "pipeline_tag", "config", "baseModels", "lastModified", "createdAt", "safetensors"]
DATASET_EXPAND = ["sha", "cardData", "siblings", "gated", "private", "disabled", "tags", "lastModified",
                  "createdAt"]
LICENSE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt")
ADAPTER_CONFIG = "adapter_config.json"
MAX_LICENSE_BYTES = 256 * 1024
MAX_ADAPTER_CONFIG_BYTES = 64 * 1024
# Files read for what they name rather than as license texts, with their size caps.
_FILE_CAPS = {ADAPTER_CONFIG: MAX_ADAPTER_CONFIG_BYTES, **dict.fromkeys(MERGEKIT_FILES, MAX_MERGEKIT_BYTES)}
UNNAMED_LICENSES = frozenset({"other", "unknown"})
# Answers that say "this does not exist": remembered for the branch TTL, so a lineage that names a missing
# base does not ask the Hub again on every run.
NEGATIVE_CODES = frozenset({"hub-not-found", "hub-revision-not-found"})


def _iso(value: Any) -> str | None:
    """The Hub's own timestamp format ("2024-09-24T15:48:47.000Z") for a datetime the client parsed."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    return None


def _read_at(timestamp: float) -> str:
    """When an answer was read, as origins cite it (UTC, to the second)."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def body_from_info(info: Any) -> dict[str, Any]:
    """The `ModelInfo`/`DatasetInfo` the client returned, back in the API's JSON shape.

    The client parses the body into objects; the rest of auditor (and the cache, and catalogs) speak the
    API's JSON, so the fields the audit reads are put back under their API names. The client's card data
    round-trips exactly (it keeps unknown and misspelled keys; only null values are dropped).
    """
    body: dict[str, Any] = {"id": info.id}
    for attr, key in (("sha", "sha"), ("private", "private"), ("gated", "gated"), ("disabled", "disabled"),
                      ("library_name", "library_name"), ("pipeline_tag", "pipeline_tag"), ("tags", "tags"),
                      ("config", "config"), ("base_models", "baseModels")):
        value = getattr(info, attr, None)
        if value is not None:
            body[key] = value
    for attr, key in (("last_modified", "lastModified"), ("created_at", "createdAt")):
        stamp = _iso(getattr(info, attr, None))
        if stamp:
            body[key] = stamp
    card = getattr(info, "card_data", None)
    if card is not None:
        body["cardData"] = card.to_dict() if hasattr(card, "to_dict") else dict(card)
    siblings = getattr(info, "siblings", None)
    if siblings is not None:
        body["siblings"] = [{"rfilename": s.rfilename} for s in siblings]
    return body


def _parse_answer(kind: str, expand: list[str]) -> Any:
    """The function turning one raw API answer into the body the cache and records speak.

    The answer goes through the client's own ModelInfo/DatasetInfo (what `model_info` returns) so the body
    is what it always was; the Hub's `_id` (the repository's identity under every name) is kept beside it.
    An answer without a commit SHA is refused: nothing in it could be pinned, and an answer whose fields
    are all null must never read as a repository with nothing to find.
    """

    def parse(data: dict[str, Any]) -> dict[str, Any]:
        from huggingface_hub.hf_api import DatasetInfo, ModelInfo

        body = body_from_info((DatasetInfo if kind == "dataset" else ModelInfo)(**dict(data)))
        if isinstance(data.get("_id"), str) and data["_id"]:
            body["_id"] = data["_id"]
        if not isinstance(body.get("sha"), str) or not body["sha"].strip():
            empty = all(data.get(k) is None for k in expand)
            raise HubFailure("hub-incomplete-answer", "the Hub's answer " + (
                "has every field asked for null" if empty else "carries no commit SHA") +
                ", so nothing in it can be pinned to a revision", transient=True)
        unnamed = next((f for f in body.get("siblings") or () if not isinstance(f.get("rfilename"), str)
                        or not f["rfilename"].strip()), None)
        if unnamed is not None:
            # a listed file whose name is a number or blank: which files the repository holds (a LICENSE, weights
            # in pickle form) is unknown, and it read as a file named "5" (hostile pass 21, p19-hub)
            raise HubFailure("hub-incomplete-answer", "the Hub's answer lists a file whose name is "
                             f"{str(unnamed.get('rfilename'))[:40]!r}, not a file name, so which files the repository "
                             "holds is unknown", transient=True)
        if not is_commit_sha(body["sha"]):
            # a SHA that is no commit id pins nothing, and it becomes a cache path and a URL's revision part
            shown = repr(body["sha"][:60]) + ("…" if len(body["sha"]) > 60 else "")
            raise HubFailure("hub-incomplete-answer", f"the Hub's answer carries {shown} as its commit SHA, which is "
                             "not one (40 hexadecimal digits), so nothing in it can be pinned to a revision",
                             transient=True)
        return body

    return parse


def _license_files_needed(card: dict[str, Any], files: tuple[str, ...] | None) -> list[str]:
    """The repository files worth reading for the license text, or [] when the card already names it.

    The card names its license unless `license` is absent, `other` or `unknown`; a `license_link` to a file
    in the repository is read in any case, because that is where the author says the terms are.
    """
    if not files:
        return []
    present = set(files)
    values = [str(v).strip().lower() for _, value in card_license_values(card) for v in as_list(value)]
    wanted: list[str] = []
    link = card.get("license_link")
    if isinstance(link, str) and link.strip() and "://" not in link:
        target = link.strip().lstrip("./").lstrip("/")
        if target in present:
            wanted.append(target)
    if not values or any(v in UNNAMED_LICENSES for v in values):
        wanted.extend(name for name in LICENSE_FILES if name in present and name not in wanted)
    return wanted


class HubSource:
    """Reads models and datasets from the Hugging Face Hub (or any Hub-compatible endpoint).

    `endpoint` defaults to HF_ENDPOINT, else https://huggingface.co. `token` defaults to HF_TOKEN, else the
    client's saved login. `cache_dir` defaults to AUDITOR_CACHE_DIR, else the platform's user cache dir.
    `offline` defaults to hub_offline_env(): offline, only the cache answers and a miss is a fatal problem.
    `deadline` bounds one whole `fetch` (every retry and file included); `request_timeout` bounds one
    request; `branch_ttl` is how long an answer for a branch or tag name (or no revision) stays fresh.
    `max_attempts`, `backoff_base` and `backoff_max` shape the retries of each request.
    `offline_miss="none"` makes an offline cache miss return None instead of a fatal record, so that a
    resolver can ask this (cache-only) source *before* a catalog and still fall through to the catalog.
    `refs=True` also lists the repository's branches (one more request per repository, cached like a branch
    answer): intermediate checkpoints are usually published as branches (`step1000`...), which no file list
    shows. Without it, records say nothing about branches (unknown).

    Thread-safe: a resolver may fetch several repositories at once through one source (one transport, so
    one Retry-After for all of them).
    """

    name = "hub"

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        cache_dir: Path | None = None,
        offline: bool | None = None,
        deadline: float = 30.0,
        request_timeout: float = 10.0,
        branch_ttl: float = 600,
        *,
        max_attempts: int = 5,
        backoff_base: float = 0.5,
        backoff_max: float = 8.0,
        offline_miss: Literal["problem", "none"] = "problem",
        refs: bool = False,
    ) -> None:
        from_env = os.environ.get("HF_ENDPOINT")
        origin = "HF_ENDPOINT" if from_env and endpoint in (None, from_env) else "--endpoint"
        endpoint = endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT
        self.endpoint = endpoint.strip().rstrip("/")
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.offline = hub_offline_env() if offline is None else offline
        if not self.offline:
            check_endpoint(self.endpoint, origin)
            check_token(token, "the token" if token else "HF_TOKEN")
        self.deadline = float(deadline)
        self.request_timeout = float(request_timeout)
        self.branch_ttl = float(branch_ttl)
        self.offline_miss = offline_miss
        self.refs = bool(refs)
        self.cache = HubCache(self.cache_dir)
        self.transport = HubTransport(self.endpoint, token, request_timeout=self.request_timeout,
                                      max_attempts=max_attempts, backoff_base=backoff_base,
                                      backoff_max=backoff_max)
        self._identities: dict[tuple[str, str, str], str] = {}
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- public

    @property
    def remote(self) -> bool:
        """Whether a fetch may wait on the network (what makes fetching several at once worth it)."""
        return not self.offline

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        """The record for a Hub ref, a record with a fatal problem, or None for a local directory."""
        if ref.is_local or not ref.repo_id:
            return None
        try:
            return self._fetch(ref)
        except OSError as exc:  # a cache folder (HF_HOME, AUDITOR_CACHE_DIR) that cannot be written or read
            where = f" ({exc.filename})" if exc.filename else ""
            return self._fatal(ref, "hub-error", f"{self._label(ref)} could not be read: a local file or folder "
                               f"could not be used{where}: {in_words(exc)}")
        except Exception as exc:  # the last line of defence: a bug here must not become a traceback
            return self._fatal(ref, "hub-error", f"{self._label(ref)} could not be read ({in_words(exc)}: "
                               "an unexpected failure in the Hub source)")

    def read_repo_file(self, repo_id: str, filename: str, sha: str, *, kind: str = "model",
                       max_bytes: int = 1024 * 1024) -> FileAnswer:
        """One named file of a repository at a commit SHA, as bytes (`FileAnswer.data`), for what must be
        shipped as the publisher wrote it (a LICENSE, a NOTICE, a use policy: auditor notice).

        The same transport (token, deadline, retries, Retry-After), the same outcomes as the audit's own
        reads, and the same cache: a file at a commit never changes, so a copy read once (or the Hub's
        "entry not found") is kept per SHA and read offline. Only a commit SHA is accepted: a branch could
        move between the audit and the copy.
        """
        import base64
        import hashlib

        if not is_commit_sha(sha):
            return FileAnswer("failed", reason=f"{sha!r} is not a commit SHA, and only a pinned file is copied")
        cache_kind = f"file-{kind}"
        key = f"{sha}/{filename}"
        cached = self.cache.get(cache_kind, repo_id, key)
        if cached is not None:
            if cached.body.get("absent") is True:
                return FileAnswer("absent")
            try:
                data = base64.b64decode(str(cached.body.get("base64") or ""), validate=True)
            except ValueError:
                data = None
            if data is not None and hashlib.sha256(data).hexdigest() == cached.body.get("sha256"):
                return FileAnswer("ok", text=data.decode("utf-8", errors="replace"), data=data)
        if self.offline:
            return FileAnswer("failed", reason="offline, and the file is not in the cache")
        down = self.transport.down_reason()
        if down is not None:
            return FileAnswer("failed", reason=down)
        self.transport.client()
        answer = self.transport.read_file(kind, repo_id, filename, sha, Deadline(self.deadline), max_bytes,
                                          limit=max_bytes)
        if answer.outcome in ("ok", "absent"):
            body: dict[str, Any] = {"absent": True} if answer.outcome == "absent" else {
                "base64": base64.b64encode(answer.data or b"").decode("ascii"),
                "sha256": hashlib.sha256(answer.data or b"").hexdigest()}
            self.cache.put(CacheEntry(kind=cache_kind, repo_id=repo_id, revision=key, fetched_at=time.time(),
                                      body=body, authenticated=self.transport.authenticated()),
                           secrets=self.transport.secrets)
        return answer

    def identity(self, record: ModelRecord) -> str | None:
        """The Hub's `_id` of a record this source made: the same repository under every name it answers to."""
        if record.source != "hub" or not record.sha:
            return None
        with self._lock:
            return self._identities.get((record.kind, record.id.lower(), record.sha))

    # ---------------------------------------------------------------- flow

    def _fetch(self, ref: ModelRef) -> ModelRecord | None:
        repo, revision = str(ref.repo_id), ref.revision
        cached = self.cache.get(ref.kind, repo, revision)
        if cached is not None and cached.failure is not None:
            if cached.age() <= self.branch_ttl and cached.authenticated == self.transport.authenticated():
                return missing_record(ref, str(cached.failure.get("code") or "hub-not-found"),
                                      str(cached.failure.get("message") or "hub: not found"), source="hub")
            cached = None  # an expired negative entry is no fallback
        fresh = cached is not None and (is_commit_sha(revision) or cached.age() <= self.branch_ttl)
        if cached is not None and fresh:
            return self._build(ref, cached)
        if self.offline:
            if cached is not None:
                return self._build(ref, cached, (self._stale_note(ref, cached, "offline"),))
            if self.offline_miss == "none":
                return None
            return self._fatal(ref, "hub-offline-miss", f"{self._label(ref)} is not in cache and offline "
                               "(HF_HUB_OFFLINE or --offline): read it once online, or audit from a catalog")
        down = self.transport.down_reason()
        if down is not None:
            if cached is not None:
                return self._build(ref, cached, (self._stale_note(ref, cached, "unreachable"),))
            return self._fatal(ref, "hub-unreachable", f"{self._label(ref)} could not be read: {down} "
                               "(found earlier in this run)")
        try:
            entry, transient = self._fetch_remote(ref)
        except HubFailure as failure:
            if failure.transient and cached is not None:
                return self._build(ref, cached, (self._stale_note(ref, cached, failure.message),))
            record = self._fatal(ref, failure.code, f"{self._label(ref)} could not be read: {failure.message}")
            if failure.code in NEGATIVE_CODES:
                self.cache.put(CacheEntry(kind=ref.kind, repo_id=repo, revision=revision, fetched_at=time.time(),
                                          body={}, failure=record.problems[0].to_dict(),
                                          authenticated=self.transport.authenticated()),
                               secrets=self.transport.secrets)
            return record
        if transient and cached is not None:
            # A file of the new answer could not be read: the last complete answer for this branch says more
            # than an incomplete new one (and says when it was read).
            why = "; ".join(p.file or p.code for p in transient) + " could not be read"
            return self._build(ref, cached, (self._stale_note(ref, cached, why),))
        return self._build(ref, entry, transient)

    def _fetch_remote(self, ref: ModelRef) -> tuple[CacheEntry, tuple[Problem, ...]]:
        """Ask the Hub; returns the entry and the problems of failed reads (an entry with any is not cached)."""
        self.transport.client()  # importing the client is not network time: the deadline starts after it
        deadline = Deadline(self.deadline)
        expand = DATASET_EXPAND if ref.kind == "dataset" else MODEL_EXPAND
        body = self.transport.info(ref.kind, str(ref.repo_id), ref.revision, expand, deadline,
                                   _parse_answer(ref.kind, expand))
        canonical = _answered_id(body, str(ref.repo_id))
        sha = body.get("sha") if isinstance(body.get("sha"), str) else None
        pin = sha or ref.revision
        siblings = body.get("siblings")
        listed = tuple(s["rfilename"] for s in siblings) if isinstance(siblings, list) else None
        transient: list[Problem] = []
        notes: list[Problem] = []
        files: dict[str, str] = {}

        readme: str | None = None
        refused = False
        if listed is None or "README.md" in listed:
            readme, problem, outcome = self._read_file(ref, canonical, "README.md", pin, deadline, None,
                                                       listed=listed is not None)
            if problem is not None:
                (notes if outcome == "permanent" else transient).append(problem)
            refused = outcome == "refused"

        if not refused:
            probe = record_from_hub_json(body, source="hub", kind=ref.kind, card_text=readme)
            wanted = _license_files_needed(probe.card, listed)
            if listed and ADAPTER_CONFIG in listed:
                wanted.append(ADAPTER_CONFIG)
            merge_file = config_file_in(listed)
            if merge_file is not None:
                wanted.append(merge_file)
            for name in wanted:
                cap = _FILE_CAPS.get(name, MAX_LICENSE_BYTES)
                text, problem, outcome = self._read_file(ref, canonical, name, pin, deadline, cap,
                                                         probe=name != merge_file,
                                                         listed=bool(listed and name in listed))
                if text is not None:
                    files[name] = text
                if problem is not None:
                    (notes if outcome == "permanent" else transient).append(problem)

        entry = CacheEntry(kind=ref.kind, repo_id=str(ref.repo_id), revision=ref.revision,
                           fetched_at=time.time(), body=body, readme=readme, files=files,
                           notes=tuple(p.to_dict() for p in notes))
        if not transient:
            keys: list[tuple[str, str | None]] = [(canonical, ref.revision)]
            if sha:
                keys += [(str(ref.repo_id), sha), (canonical, sha)]
            self.cache.put(entry, keys=keys, secrets=self.transport.secrets)
        return entry, tuple(transient)

    # ---------------------------------------------------------------- files

    def _read_file(self, ref: ModelRef, repo: str, filename: str, revision: str | None, deadline: Deadline,
                   cap: int | None, *, probe: bool = True, listed: bool = False
                   ) -> tuple[str | None, Problem | None, str]:
        """One small text file, within the deadline. `listed`: the repository's file list names it, so the Hub
        answering that it does not exist is a contradiction to say, not a file to forget.

        Returns (text, problem, kind) where kind is "ok", "absent" (the Hub said the entry does not exist),
        "permanent" (a deterministic problem such as a file over the cap: cached with the entry), "refused"
        (gated or private: not cached, a token may change it) or "transient" (timeouts, 5xx, network, an
        unexpected answer: a fatal problem, never cached, because the audit would otherwise stand on a file
        it believes absent).
        """
        label = f"hub: {filename} of {repo}"
        fallback = "; the card data comes from the API's cardData" if filename == "README.md" else ""
        answer = self.transport.read_file(ref.kind, repo, filename, revision, deadline, cap,
                                          limit=MAX_CARD_BYTES, probe=probe)
        if answer.outcome == "ok":
            wide = wide_encoding(answer.data or b"")
            if wide is not None:  # as UTF-8 it reads as noise: "no front matter", "no license", the wrong cause
                return None, Problem("file-not-utf8", f"{label} looks like {wide} text, not UTF-8; not read (the "
                                     f"Hub reads cards as UTF-8 too){fallback}", file=filename), "permanent"
            return answer.text, None, "ok"
        if answer.outcome == "absent":
            if not listed:
                return None, None, "absent"
            return None, Problem("hub-file-missing", f"{label} is in the repository's file list but the Hub "
                                 f"answered that it does not exist at {revision or 'the default branch'}, so what it "
                                 f"says is not known{fallback}", file=filename), "permanent"
        if answer.outcome == "too-large":
            size = f"it is {answer.size} bytes, " if answer.size is not None else "it is "
            return None, Problem("hub-file-too-large", f"{label} was not read: {size}over the {cap}-byte limit "
                                 "for this file", file=filename), "permanent"
        if answer.outcome == "gated":
            hint = "set HF_TOKEN after accepting its terms on the Hub" if not self.transport.token else \
                "the token given has not been granted access"
            return None, Problem("hub-gated", f"{label} could not be read: access to the repository is gated "
                                 f"({hint}){fallback}", file=filename), "refused"
        if answer.outcome == "denied":
            return None, Problem("hub-access-denied", f"{label} could not be read: the Hub refused access"
                                 f"{fallback}", file=filename), "refused"
        return None, Problem("hub-file-unreadable", f"{label} could not be read ({answer.reason}), so the audit "
                             "cannot tell what it says: the record is incomplete", file=filename,
                             fatal=True), "transient"

    # ---------------------------------------------------------------- records

    def _build(self, ref: ModelRef, entry: CacheEntry, extra: tuple[Problem, ...] = ()) -> ModelRecord:
        """A record from a cache entry (fresh or not), so network and cache give identical records."""
        body = {k: v for k, v in entry.body.items() if k not in (AUDITOR_KEY, "_id")}
        meta: dict[str, Any] = {"origin": self._origin(ref, body, entry)}
        problems = [Problem(**n) for n in entry.notes]
        texts = {n: t for n, t in entry.files.items() if n not in _FILE_CAPS}
        if texts:
            meta["license_texts"] = texts
        adapter: dict[str, Any] | None = None
        if ADAPTER_CONFIG in entry.files:
            try:
                parsed = json.loads(entry.files[ADAPTER_CONFIG])
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                adapter = meta["adapter_config"] = parsed
            else:
                problems.append(Problem("adapter-config-invalid", "adapter_config.json is not a JSON object",
                                        file=ADAPTER_CONFIG))
        merge_file = next((n for n in MERGEKIT_FILES if n in entry.files), None)
        if merge_file is not None:
            merge, problem = parse_config_file(entry.files[merge_file], merge_file)
            problems.extend([problem] if problem is not None else [])
            if merge is not None:
                meta["mergekit_config"] = merge
        if self.refs and entry.failure is None:
            branches, where = self._branches(ref, str(body.get("id") or ref.repo_id))  # `where` or why not
            if branches is not None:
                meta["branches"] = branches
                meta.setdefault("field_origins", {})["branches"] = where
        body[AUDITOR_KEY] = meta
        record = record_from_hub_json(body, source="hub", kind=ref.kind, card_text=entry.readme,
                                      requested=ref.repo_id, revision=ref.revision,
                                      extra_problems=(*problems, *extra))
        read = {"adapter_config": ADAPTER_CONFIG} if adapter is not None else {}
        if "mergekit_config" in meta:
            read["mergekit_config"] = str(merge_file)
        if read:
            record = replace(record, provenance={**record.provenance, **{
                field: Evidence("hub", f"file:{name}", record.sha, detail=record.origin)
                for field, name in read.items()}})
        identity = entry.body.get("_id")
        if isinstance(identity, str) and identity and record.sha:
            with self._lock:
                self._identities[(record.kind, record.id.lower(), record.sha)] = identity
        return record

    def _branches(self, ref: ModelRef, repo: str) -> tuple[list[str] | None, str]:
        """(branch names, where they were read) or (None, why not): `list_repo_refs`, cached per repository.

        A failure here never fails the audit: the record then says the branches are unknown, and so are
        the intermediate checkpoints they would show.
        """
        kind = f"refs-{ref.kind}"  # cached beside, never mixed with, the metadata entries
        cached = self.cache.get(kind, repo, None)
        down = self.transport.down_reason()
        if cached is not None and (cached.age() <= self.branch_ttl or self.offline or down is not None):
            return list(cached.body.get("branches") or []), self._refs_origin(ref, repo, cached.fetched_at)
        if self.offline:
            return None, "the branches were not listed (offline, and not in the cache)"
        if down is not None:
            return None, f"the branches could not be listed: {down}"
        try:
            names, tags = self.transport.list_refs(ref.kind, repo)
        except OutOfTime:
            return None, f"the branches could not be listed (no answer within {self.request_timeout:g} s)"
        except Exception as exc:  # any client or network error: branches stay unknown, the audit goes on
            status = getattr(getattr(exc, "response", None), "status_code", None)
            why = f"HTTP {status}" if status else in_words(exc)
            return None, f"the branches could not be listed ({why})"
        fetched = time.time()
        self.cache.put(CacheEntry(kind=kind, repo_id=repo, revision=None, fetched_at=fetched,
                                  body={"branches": names, "tags": tags}),
                       secrets=self.transport.secrets)
        return names, self._refs_origin(ref, repo, fetched)

    def _refs_origin(self, ref: ModelRef, repo: str, fetched_at: float) -> str:
        return f"{self.transport.base_url()}/api/{ref.kind}s/{repo}/refs (read {_read_at(fetched_at)})"

    def _origin(self, ref: ModelRef, body: dict[str, Any], entry: CacheEntry) -> str:
        base = self.transport.base_url()
        rid = body.get("id") or ref.repo_id
        rev = body.get("sha") or ref.revision
        path = f"/api/{ref.kind}s/{rid}" + (f"/revision/{rev}" if rev else "")
        return f"{base}{path} (read {_read_at(entry.fetched_at)})"

    def _fatal(self, ref: ModelRef, code: str, message: str) -> ModelRecord:
        return missing_record(ref, code, f"hub: {message}", source="hub")

    def _stale_note(self, ref: ModelRef, entry: CacheEntry, why: str) -> Problem:
        minutes = max(1, round(entry.age() / 60))
        reason = "offline" if why == "offline" else f"the Hub could not be read now ({why})"
        return Problem("hub-stale-cache", f"hub: {self._label(ref)} was served from a cache entry read "
                       f"{minutes} min ago because {reason}; the branch may have moved since")

    @staticmethod
    def _label(ref: ModelRef) -> str:
        name = f"{ref.repo_id}@{ref.revision}" if ref.revision else str(ref.repo_id)
        return f"dataset {name}" if ref.kind == "dataset" else name


def _answered_id(body: dict[str, Any], asked: str) -> str:
    """The repository the Hub's answer is for: its `id` when that is a name, else the one asked for.

    A number or a blank (a broken mirror's `"id": 7`) names nothing: it was taken as the repository "7" and its
    README asked for under that name. An id of an unrelated repository (another owner and another name, which no
    redirect of the Hub explains: auditor/sources/catalog.py hub_would_serve) was followed, so the record of one
    repository was audited under another's name; it is refused, as a catalog line claiming it is (hostile pass 21)."""
    from auditor.sources.catalog import hub_would_serve  # lazy: start-up (the catalog reader's module)

    answered = body.get("id")
    if not isinstance(answered, str) or not answered.strip():
        return asked
    if not hub_would_serve(asked, answered):
        raise HubFailure("hub-answer-mismatch", f"the Hub's answer for {asked[:120]} is for {answered[:120]!r}, an "
                                                "unrelated repository (another owner and another name), so it was not "
                                                "used")
    return answered
