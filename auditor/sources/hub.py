"""The Hugging Face Hub as a model source, through the real `huggingface_hub` client.

What one `fetch` costs on the network (cold cache), and why no more:
- one `model_info` (or `dataset_info`) request with `expand=[...]` limited to the properties an audit reads
  (redirects for renamed repositories are followed by the client inside that call);
- the README through `hf_hub_download` at the commit SHA that request returned, at most once per repository
  and revision (the client makes it a HEAD for metadata plus one GET);
- only when the card cannot name its license (`license` absent, `other` or `unknown`) or `license_link`
  points at a file in the repository: that file and/or LICENSE, LICENSE.md, LICENSE.txt, each size-checked
  first (a HEAD) and skipped above MAX_LICENSE_BYTES;
- only when the file list holds `adapter_config.json`: that file, which is where a PEFT adapter names the
  base it runs on (read even when the card names one: the two may disagree).
A warm cache for a commit SHA makes no request at all; a branch name (or no revision) is re-fetched after
`branch_ttl` seconds, and so is a remembered "not found" (a missing base named by many cards is asked for
once per TTL, not once per run).

Failure is data, never an exception: a repository that cannot be read (not found, gated, rate-limited or
failing beyond the deadline, stalled, unreachable, an answer that is not JSON) becomes a ModelRecord with one
fatal Problem whose message is a single sentence, so the audit of that model is *incomplete* (exit 3) while
the others go on. Retries (429 honouring Retry-After, 408 and 5xx with exponential backoff and jitter, timed
out reads) all fit inside one total deadline per fetch, enforced by running each client call in a worker
thread that is abandoned when time is up, because the client's own retry loops and read timeouts are not
bounded in total.

The token (the `token` argument, else HF_TOKEN, else the client's saved login) is sent only by the client,
in a header. It is never part of a message, a record or a cache entry: messages are our own sentences, never
the text of a client exception, and the cache refuses to write an entry that contains it.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit, urlunsplit

from auditor.card import MAX_CARD_BYTES, as_list, card_license_values
from auditor.model import Evidence, ModelRecord, ModelRef, Problem
from auditor.sources.base import missing_record
from auditor.sources.cache import CacheEntry, HubCache, default_cache_dir, is_commit_sha
from auditor.sources.hubjson import AUDITOR_KEY, record_from_hub_json

T = TypeVar("T")

DEFAULT_ENDPOINT = "https://huggingface.co"
# The properties an audit reads; asking for only these keeps the answer small (no widget data, no spaces).
MODEL_EXPAND = ["sha", "cardData", "siblings", "gated", "private", "disabled", "tags", "library_name",
                "pipeline_tag", "config", "baseModels", "lastModified", "createdAt"]
DATASET_EXPAND = ["sha", "cardData", "siblings", "gated", "private", "disabled", "tags", "lastModified",
                  "createdAt"]
LICENSE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt")
ADAPTER_CONFIG = "adapter_config.json"
MAX_LICENSE_BYTES = 256 * 1024
MAX_ADAPTER_CONFIG_BYTES = 64 * 1024
UNNAMED_LICENSES = frozenset({"other", "unknown"})
# Answers that say "this does not exist": remembered for the branch TTL, so a lineage that names a missing
# base does not ask the Hub again on every run.
NEGATIVE_CODES = frozenset({"hub-not-found", "hub-revision-not-found"})
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_CLIENT_CONFIGURED = False
_TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times", 6: "six times",
          7: "seven times", 8: "eight times", 9: "nine times", 10: "ten times"}


def hub_offline_env() -> bool:
    """HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE, which the client also honours) set to a true value."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(name, "").strip().upper() in {"1", "ON", "YES", "TRUE"}:
            return True
    return False


class _OutOfTime(Exception):
    """A client call did not finish before the fetch's deadline."""


class _Failure(Exception):
    """The repository could not be read. `transient` failures may be served from a stale cache entry."""

    def __init__(self, code: str, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.code, self.message, self.transient = code, message, transient


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.monotonic()
        self.end = self.start + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.start


def _bounded(fn: Callable[[], T], timeout: float) -> T:
    """Run `fn` in a daemon thread and give up after `timeout` seconds.

    The thread is abandoned, not killed (Python cannot kill threads): it finishes or fails on its own later,
    and being a daemon it never keeps the process alive. This is what makes the deadline hard even when the
    client retries internally (hf_hub_download does, with sleeps of up to 8 s) or a server drips bytes.
    """
    if timeout <= 0:
        raise _OutOfTime
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    worker = threading.Thread(target=target, name="auditor-hub-call", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise _OutOfTime
    if "error" in box:
        raise box["error"]
    return box["value"]


def _net_module() -> Any:
    """The HTTP library the installed huggingface_hub uses (httpx2 from 2.x, httpx in 1.x)."""
    try:
        import httpx2

        return httpx2
    except ImportError:  # pragma: no cover - depends on the installed client
        import httpx

        return httpx


_RATELIMIT_RE = re.compile(r'"?\w+"?\s*;\s*r\s*=\s*(\d+)\s*;\s*t\s*=\s*(\d+)')


def _retry_after(response: Any) -> float | None:
    """Seconds the Hub asked us to wait: Retry-After (delta-seconds or an HTTP date), else the IETF
    `RateLimit: "api";r=0;t=55` header the Hub sends when a quota is used up (r=0: none left, t: reset in)."""
    if response is None:
        return None
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        match = _RATELIMIT_RE.search(response.headers.get("RateLimit") or "")
        if match and int(match.group(1)) == 0:
            return float(match.group(2))
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


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
    `offline` defaults to HF_HUB_OFFLINE: offline, only the cache answers and a miss is a fatal problem.
    `deadline` bounds one whole `fetch` (every retry and file included); `request_timeout` bounds one
    request; `branch_ttl` is how long an answer for a branch or tag name (or no revision) stays fresh.
    `max_attempts`, `backoff_base` and `backoff_max` shape the retries of the metadata request.
    `offline_miss="none"` makes an offline cache miss return None instead of a fatal record, so that a
    resolver can ask this (cache-only) source *before* a catalog and still fall through to the catalog.
    `refs=True` also lists the repository's branches (one more request per repository, cached like a branch
    answer): intermediate checkpoints are usually published as branches (`step1000`...), which no file list
    shows. Without it, records say nothing about branches (unknown).
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
        endpoint = endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT
        self.endpoint = endpoint.strip().rstrip("/")
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.offline = hub_offline_env() if offline is None else offline
        self.deadline = float(deadline)
        self.request_timeout = float(request_timeout)
        self.branch_ttl = float(branch_ttl)
        self.max_attempts = max(1, int(max_attempts))
        self.backoff_base = float(backoff_base)
        self.backoff_max = float(backoff_max)
        self.offline_miss = offline_miss
        self.refs = bool(refs)
        self.cache = HubCache(self.cache_dir)
        self._token_arg = token
        self._token: str | None = None
        self._api: Any = None
        self._lock = threading.Lock()
        self._down: tuple[float, str] | None = None  # (until, reason) after the Hub proved unreachable

    # ---------------------------------------------------------------- public

    def fetch(self, ref: ModelRef) -> ModelRecord | None:
        """The record for a Hub ref, a record with a fatal problem, or None for a local directory."""
        if ref.is_local or not ref.repo_id:
            return None
        try:
            return self._fetch(ref)
        except Exception as exc:  # the last line of defence: a bug here must not become a traceback
            return self._fatal(ref, "hub-error", f"{self._label(ref)} could not be read: unexpected "
                               f"{type(exc).__name__} in the Hub source")

    # ---------------------------------------------------------------- flow

    def _fetch(self, ref: ModelRef) -> ModelRecord | None:
        repo, revision = str(ref.repo_id), ref.revision
        cached = self.cache.get(ref.kind, repo, revision)
        if cached is not None and cached.failure is not None:
            if cached.age() <= self.branch_ttl and cached.authenticated == self._authenticated():
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
        down = self._down
        if down is not None and time.monotonic() < down[0]:
            if cached is not None:
                return self._build(ref, cached, (self._stale_note(ref, cached, "unreachable"),))
            return self._fatal(ref, "hub-unreachable", f"{self._label(ref)} could not be read: {down[1]} "
                               "(found earlier in this run)")
        try:
            entry, transient = self._fetch_remote(ref)
        except _Failure as failure:
            if failure.transient and cached is not None:
                return self._build(ref, cached, (self._stale_note(ref, cached, failure.message),))
            record = self._fatal(ref, failure.code, f"{self._label(ref)} could not be read: {failure.message}")
            if failure.code in NEGATIVE_CODES:
                self.cache.put(CacheEntry(kind=ref.kind, repo_id=repo, revision=revision, fetched_at=time.time(),
                                          body={}, failure=record.problems[0].to_dict(),
                                          authenticated=self._authenticated()),
                               secrets=[self._token, self._token_arg])
            return record
        return self._build(ref, entry, transient)

    def _fetch_remote(self, ref: ModelRef) -> tuple[CacheEntry, tuple[Problem, ...]]:
        """Ask the Hub; returns the entry and the transient problems (an entry with any is not cached)."""
        self._client()  # importing the client is not network time: the deadline starts after it
        deadline = _Deadline(self.deadline)
        body = self._info(ref, deadline)
        canonical = str(body.get("id") or ref.repo_id)
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
            readme, problem, outcome = self._read_file(ref, canonical, "README.md", pin, deadline, None)
            if problem is not None:
                (notes if outcome == "permanent" else transient).append(problem)
            refused = outcome == "refused"

        if not refused:
            probe = record_from_hub_json(body, source="hub", kind=ref.kind, card_text=readme)
            wanted = _license_files_needed(probe.card, listed)
            if listed and ADAPTER_CONFIG in listed:
                wanted.append(ADAPTER_CONFIG)
            for name in wanted:
                cap = MAX_ADAPTER_CONFIG_BYTES if name == ADAPTER_CONFIG else MAX_LICENSE_BYTES
                text, problem, outcome = self._read_file(ref, canonical, name, pin, deadline, cap)
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
            self.cache.put(entry, keys=keys, secrets=[self._token, self._token_arg])
        return entry, tuple(transient)

    # ---------------------------------------------------------------- the metadata request

    def _info(self, ref: ModelRef, deadline: _Deadline) -> dict[str, Any]:
        """`model_info` / `dataset_info` with retries inside the deadline, as an API-shaped body."""
        from huggingface_hub.errors import (
            DisabledRepoError,
            GatedRepoError,
            HfHubHTTPError,
            HFValidationError,
            OfflineModeIsEnabled,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )

        net = _net_module()
        api = self._client()
        call = api.dataset_info if ref.kind == "dataset" else api.model_info
        expand = DATASET_EXPAND if ref.kind == "dataset" else MODEL_EXPAND
        outcomes: list[int | str] = []  # one per failed attempt: an HTTP status or "timeout"/"network"

        while True:
            remaining = deadline.remaining()
            if remaining <= 0 or len(outcomes) >= self.max_attempts:
                raise self._exhausted(outcomes, deadline)
            timeout = max(0.05, min(self.request_timeout, remaining))
            response = None
            try:
                info = _bounded(lambda t=timeout: call(ref.repo_id, revision=ref.revision, expand=expand,
                                                       timeout=t), remaining)
                return body_from_info(info)
            except _OutOfTime:
                outcomes.append("timeout")
                continue
            except GatedRepoError as exc:
                raise _Failure("hub-gated", self._gated_reason(exc)) from None
            except RepositoryNotFoundError as exc:
                raise _Failure("hub-not-found", self._not_found_reason(ref, exc)) from None
            except RevisionNotFoundError:
                raise _Failure("hub-revision-not-found",
                               f"revision {ref.revision!r} was not found on the Hub") from None
            except DisabledRepoError:
                raise _Failure("hub-disabled", "it is disabled on the Hub (access to it is blocked)") \
                    from None
            except HfHubHTTPError as exc:
                response = exc.response
                status = getattr(response, "status_code", None)
                if status in (401, 403):
                    raise _Failure("hub-access-denied", self._denied_reason(exc, status)) from None
                if status not in _RETRY_STATUSES:
                    raise _Failure("hub-http-error", f"the Hub answered HTTP {status}") from None
                outcomes.append(int(status))
            except OfflineModeIsEnabled:
                raise _Failure("hub-offline", "the huggingface_hub client is in offline mode "
                               "(HF_HUB_OFFLINE was set when it was imported)") from None
            except HFValidationError:
                raise _Failure("hub-invalid-id", f"{ref.repo_id!r} is not a valid Hub repository id") \
                    from None
            except json.JSONDecodeError as exc:
                size = len(exc.doc) if isinstance(exc.doc, str) else 0
                raise _Failure("hub-invalid-response", f"the Hub's answer is not valid JSON (truncated or "
                               f"corrupt, {size} bytes)", transient=True) from None
            except net.ConnectError as exc:
                reason = self._connect_reason(exc)
                self._down = (time.monotonic() + 60.0, reason)
                raise _Failure("hub-unreachable", reason, transient=True) from None
            except net.TimeoutException:
                outcomes.append("timeout")
                continue  # the timed-out request already waited; retry at once while time remains
            except (net.NetworkError, net.RemoteProtocolError):
                outcomes.append("network")
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise _Failure("hub-invalid-response", "the Hub's answer is not in the expected shape "
                               f"({type(exc).__name__})", transient=True) from None
            self._wait_before_retry(outcomes, response, deadline)

    def _wait_before_retry(self, outcomes: list[int | str], response: Any, deadline: _Deadline) -> None:
        """Sleep before the next attempt: Retry-After when the Hub gives one, else backoff with jitter."""
        if len(outcomes) >= self.max_attempts:
            return
        asked = _retry_after(response)  # sent with 429, and sometimes with 503
        if asked is not None:
            if asked > deadline.remaining():
                status = outcomes[-1]
                what = "is rate-limiting requests (429)" if status == 429 else f"answered {status}"
                raise _Failure("hub-rate-limited" if status == 429 else "hub-unavailable",
                               f"the Hub {what} and asked to wait {asked:g} s, beyond the "
                               f"{deadline.seconds:g} s deadline", transient=True)
            wait = asked + random.uniform(0, 0.1)
        else:
            step = min(self.backoff_max, self.backoff_base * 2 ** (len(outcomes) - 1))
            wait = step * (0.5 + random.random() / 2)
        time.sleep(max(0.0, min(wait, deadline.remaining())))

    def _exhausted(self, outcomes: list[int | str], deadline: _Deadline) -> _Failure:
        within = f"within {deadline.seconds:g} s"
        if not outcomes:
            return _Failure("hub-timeout", f"no time was left to ask the Hub {within}", transient=True)
        if all(o == "timeout" for o in outcomes):
            n = len(outcomes)
            return _Failure("hub-timeout", f"the Hub did not answer {within} ({n} attempt"
                            f"{'s' if n > 1 else ''} timed out)", transient=True)
        statuses = [o for o in outcomes if isinstance(o, int)]
        if statuses and len(set(outcomes)) == 1:
            status, n = statuses[0], len(statuses)
            code = "hub-rate-limited" if status == 429 else "hub-unavailable"
            return _Failure(code, f"the Hub answered {status} {_TIMES.get(n, f'{n} times')} {within}",
                            transient=True)
        seen = ", ".join(str(o) for o in dict.fromkeys(outcomes))
        return _Failure("hub-unavailable", f"the Hub failed {len(outcomes)} attempts {within} ({seen})",
                        transient=True)

    # ---------------------------------------------------------------- files

    def _read_file(self, ref: ModelRef, repo: str, filename: str, revision: str | None, deadline: _Deadline,
                   cap: int | None) -> tuple[str | None, Problem | None, str]:
        """One small text file through hf_hub_download, within the deadline.

        Returns (text, problem, kind) where kind is "ok", "absent", "permanent" (a deterministic problem
        such as a file over the cap: cached with the entry), "refused" (gated or private: not cached, a
        token may change it) or "transient" (timeouts, 5xx, network: not cached).
        """
        from huggingface_hub import hf_hub_download
        from huggingface_hub.errors import (
            EntryNotFoundError,
            GatedRepoError,
            HfHubHTTPError,
            RepositoryNotFoundError,
        )
        from huggingface_hub.utils.tqdm import silent_tqdm

        label = f"hub: {filename} of {repo}"
        fallback = "; the card data comes from the API's cardData" if filename == "README.md" else ""

        net = _net_module()

        def download(dry_run: bool) -> Any:
            # A connection reset or closed mid-request (the client's shared session is closed and reopened
            # by its own retry code on connection errors) is retried a few times while time remains; the
            # client retries timeouts and 5xx itself.
            for attempt in range(3):
                remaining = deadline.remaining()
                try:
                    return _bounded(lambda r=remaining: hf_hub_download(
                        repo, filename, repo_type=ref.kind, revision=revision,
                        cache_dir=self.cache_dir / "hf",
                        endpoint=self.endpoint, token=self._token, tqdm_class=silent_tqdm,
                        etag_timeout=max(0.05, min(self.request_timeout, r)), dry_run=dry_run,
                    ), remaining)
                except (net.ReadError, net.WriteError, net.RemoteProtocolError, net.CloseError):
                    if attempt == 2 or deadline.remaining() < 0.1:
                        raise
                    time.sleep(min(0.05 * 2 ** attempt, max(0.0, deadline.remaining())))
            raise AssertionError("unreachable")  # pragma: no cover

        try:
            if cap is not None:
                size = getattr(download(True), "file_size", None)
                if size is not None and size > cap:
                    problem = Problem("hub-file-too-large", f"{label} was not read: it is {size} bytes, over "
                                      f"the {cap}-byte limit for this file", file=filename)
                    return None, problem, "permanent"
            path = download(False)
            with open(path, "rb") as fh:
                raw = fh.read((cap or MAX_CARD_BYTES) + 1)
        except EntryNotFoundError:
            return None, None, "absent"
        except GatedRepoError:
            hint = "set HF_TOKEN after accepting its terms on the Hub" if not self._token else \
                "the token given has not been granted access"
            return None, Problem("hub-gated", f"{label} could not be read: access to the repository is gated "
                                 f"({hint}){fallback}", file=filename), "refused"
        except RepositoryNotFoundError:
            return None, Problem("hub-access-denied", f"{label} could not be read: the Hub refused access"
                                 f"{fallback}", file=filename), "refused"
        except _OutOfTime:
            return None, Problem("hub-file-unreadable", f"{label} could not be read within the "
                                 f"{deadline.seconds:g} s deadline{fallback}", file=filename), "transient"
        except HfHubHTTPError as exc:
            status = getattr(exc.response, "status_code", None)
            kind = "refused" if status in (401, 403) else "transient"
            return None, Problem("hub-file-unreadable", f"{label} could not be read: the Hub answered HTTP "
                                 f"{status}{fallback}", file=filename), kind
        except Exception as exc:  # network down, cache not writable, the client's own "not in cache" errors
            return None, Problem("hub-file-unreadable", f"{label} could not be read "
                                 f"({type(exc).__name__}){fallback}", file=filename), "transient"
        if cap is not None and len(raw) > cap:
            return None, Problem("hub-file-too-large", f"{label} was not read: it is over the {cap}-byte "
                                 "limit for this file", file=filename), "permanent"
        return raw.decode("utf-8", errors="replace"), None, "ok"

    # ---------------------------------------------------------------- records

    def _build(self, ref: ModelRef, entry: CacheEntry, extra: tuple[Problem, ...] = ()) -> ModelRecord:
        """A record from a cache entry (fresh or not), so network and cache give identical records."""
        body = {k: v for k, v in entry.body.items() if k != AUDITOR_KEY}
        meta: dict[str, Any] = {"origin": self._origin(ref, body, entry)}
        problems = [Problem(**n) for n in entry.notes]
        texts = {n: t for n, t in entry.files.items() if n != ADAPTER_CONFIG}
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
        if self.refs and entry.failure is None:
            branches, where = self._branches(ref, str(body.get("id") or ref.repo_id))  # `where` or why not
            if branches is not None:
                meta["branches"] = branches
                meta.setdefault("field_origins", {})["branches"] = where
        body[AUDITOR_KEY] = meta
        record = record_from_hub_json(body, source="hub", kind=ref.kind, card_text=entry.readme,
                                      requested=ref.repo_id, revision=ref.revision,
                                      extra_problems=(*problems, *extra))
        if adapter is not None:
            record = replace(record, provenance={
                **record.provenance,
                "adapter_config": Evidence("hub", f"file:{ADAPTER_CONFIG}", record.sha, detail=record.origin),
            })
        return record

    def _branches(self, ref: ModelRef, repo: str) -> tuple[list[str] | None, str]:
        """(branch names, where they were read) or (None, why not): `list_repo_refs`, cached per repository.

        A failure here never fails the audit: the record then says the branches are unknown, and so are
        the intermediate checkpoints they would show.
        """
        kind = f"refs-{ref.kind}"  # cached beside, never mixed with, the metadata entries
        cached = self.cache.get(kind, repo, None)
        down = self._down is not None and time.monotonic() < self._down[0]
        if cached is not None and (cached.age() <= self.branch_ttl or self.offline or down):
            return list(cached.body.get("branches") or []), self._refs_origin(ref, repo, cached.fetched_at)
        if self.offline:
            return None, "the branches were not listed (offline, and not in the cache)"
        if down:
            return None, f"the branches could not be listed: {self._down[1] if self._down else 'unreachable'}"
        api = self._client()
        try:
            found = _bounded(lambda: api.list_repo_refs(repo, repo_type=ref.kind), self.request_timeout)
            names = sorted(str(b.name) for b in found.branches)
            tags = sorted(str(t.name) for t in found.tags)
        except _OutOfTime:
            return None, f"the branches could not be listed (no answer within {self.request_timeout:g} s)"
        except Exception as exc:  # any client or network error: branches stay unknown, the audit goes on
            status = getattr(getattr(exc, "response", None), "status_code", None)
            why = f"HTTP {status}" if status else type(exc).__name__
            return None, f"the branches could not be listed ({why})"
        fetched = time.time()
        self.cache.put(CacheEntry(kind=kind, repo_id=repo, revision=None, fetched_at=fetched,
                                  body={"branches": names, "tags": tags}),
                       secrets=[self._token, self._token_arg])
        return names, self._refs_origin(ref, repo, fetched)

    def _refs_origin(self, ref: ModelRef, repo: str, fetched_at: float) -> str:
        return f"{self._base_url()}/api/{ref.kind}s/{repo}/refs (read {_read_at(fetched_at)})"

    def _base_url(self) -> str:
        """The endpoint as cited in evidence: never a user:password@ part."""
        parts = urlsplit(self.endpoint)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))

    def _origin(self, ref: ModelRef, body: dict[str, Any], entry: CacheEntry) -> str:
        base = self._base_url()
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

    def _authenticated(self) -> bool:
        """Whether requests carry a token (before the client is built: the argument or HF_TOKEN)."""
        if self._api is not None:
            return bool(self._token)
        return bool(self._token_arg or os.environ.get("HF_TOKEN"))

    @staticmethod
    def _label(ref: ModelRef) -> str:
        name = f"{ref.repo_id}@{ref.revision}" if ref.revision else str(ref.repo_id)
        return f"dataset {name}" if ref.kind == "dataset" else name

    # ---------------------------------------------------------------- messages

    def _gated_reason(self, exc: Exception) -> str:
        if self._token:
            return "access to it is gated and the token given has not been granted access"
        return "access to it is gated and no token was given (accept its terms on the Hub, then set HF_TOKEN)"

    def _not_found_reason(self, ref: ModelRef, exc: Any) -> str:
        if self._token:
            return "not found on the Hub (it does not exist, or it is private and the token given cannot " \
                "see it)"
        return "not found on the Hub (it does not exist, or it is private: set HF_TOKEN if you have access)"

    def _denied_reason(self, exc: Any, status: int) -> str:
        message = (getattr(exc.response, "headers", {}) or {}).get("X-Error-Message") or ""
        if "invalid credentials" in message.lower():
            return f"the Hub rejected the token (HTTP {status}: invalid credentials)"
        who = "the token given" if self._token else "an anonymous request (set HF_TOKEN if you have access)"
        return f"the Hub refused access to {who} (HTTP {status})"

    def _connect_reason(self, exc: BaseException) -> str:
        chain: list[BaseException] = []
        seen: BaseException | None = exc
        while seen is not None and len(chain) < 10:
            chain.append(seen)
            seen = seen.__cause__ or seen.__context__
        text = " ".join(str(e) for e in chain).lower()
        host = urlsplit(self.endpoint).hostname or self.endpoint
        if any(isinstance(e, socket.gaierror) for e in chain) or any(
            s in text for s in ("name or service not known", "nodename nor servname", "name resolution",
                                "getaddrinfo", "no address associated")):
            return f"the Hub's host {host} could not be resolved (DNS failure or no network)"
        if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
            return f"the Hub at {self.endpoint} is unreachable (connection refused)"
        return f"the Hub at {self.endpoint} is unreachable (could not connect)"

    # ---------------------------------------------------------------- client

    def _client(self) -> Any:
        """The HfApi, built on first network use so that constructing a HubSource stays free.

        Two process-wide settings of the client are changed here, because an auditor promises one metadata
        request per repository and quiet output: telemetry is disabled unless the user set
        HF_HUB_DISABLE_TELEMETRY themselves (with it on, the first request also fetches an agent registry from
        huggingface.co, whatever the endpoint), and the client's own retry warnings are silenced unless
        HF_HUB_VERBOSITY is set (our one-sentence problems say what happened).
        """
        with self._lock:
            if self._api is None:
                from huggingface_hub import HfApi, constants
                from huggingface_hub.utils import get_token, logging

                global _CLIENT_CONFIGURED
                if not _CLIENT_CONFIGURED:  # once per process, so a caller can still change them after
                    _CLIENT_CONFIGURED = True
                    if "HF_HUB_DISABLE_TELEMETRY" not in os.environ:
                        constants.HF_HUB_DISABLE_TELEMETRY = True
                    if "HF_HUB_VERBOSITY" not in os.environ:
                        logging.set_verbosity_error()
                self._token = self._token_arg or os.environ.get("HF_TOKEN") or get_token() or None
                self._api = HfApi(endpoint=self.endpoint, token=self._token)
            return self._api
