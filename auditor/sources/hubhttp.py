"""Talking to the Hub over HTTP: deadlines, retries, Retry-After, redirects and what each failure means.

This is the Hub source's transport, kept apart from the source (auditor/sources/hub.py), which turns answers
into records. Everything here is about *getting* an answer, whatever it says:

- One total deadline per fetch (`Deadline`), enforced by running each call in a worker thread that is
  abandoned when time is up (`bounded`): the client's own retry loops and read timeouts are not bounded in
  total, and a server can drip bytes forever.
- Retries inside that deadline: 429 honouring Retry-After (or the IETF `RateLimit` header), 408 and 5xx with
  exponential backoff and jitter, timed-out reads and dropped connections; at most `max_attempts` tries.
- Retry-After is honoured by every worker of the run, not only the one that was told (`RateGate`): the Hub
  rate-limits the client, so when one request hears "wait 10 s" no other request goes out before then.
- Requests go through the client's own session (`huggingface_hub.utils.get_session`), with the client's
  headers (token, user agent) and its offline switch (the session refuses requests under HF_HUB_OFFLINE).
- Redirects are followed one by one: an API answer is read only from the endpoint's own origin (a renamed
  repository's 307 stays on it); a redirect to any other host is refused, so nothing another host says is
  recorded as the Hub's. File downloads may be redirected to a storage host (large files live on a CDN),
  which the HTTP library reaches without the Authorization header.
- Each failure becomes a `HubFailure` (a code, one sentence of our own, transient or not) or, for a file, a
  `FileAnswer` outcome. Only the Hub's own "entry not found" (404 with X-Error-Code: EntryNotFound) means a
  file is absent: an HTTP 500, a timeout or an answer without the headers a client expects is a failed read.

The token is sent only in a header built by the client; no message here quotes a client exception's text.
"""

from __future__ import annotations

import os
import random
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

T = TypeVar("T")

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_REDIRECTS = 10
# An API answer (metadata, refs) is read whole before it is parsed: a bound on its size *once decoded*, so that
# a gzip bomb, an endless chunked body or a 3 GB answer from a broken proxy ends in one sentence, not in the
# process being killed for memory. The largest real answers (repositories of 100,000 files) stay under 20 MB.
MAX_ANSWER_BYTES = 32 * 1024 * 1024
_CLIENT_CONFIGURED = False
_TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times", 6: "six times",
          7: "seven times", 8: "eight times", 9: "nine times", 10: "ten times"}


class OutOfTime(Exception):
    """A call did not finish before the fetch's deadline."""


class HubFailure(Exception):
    """The Hub could not give an answer. `transient` failures may be served from a stale cache entry."""

    def __init__(self, code: str, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.code, self.message, self.transient = code, message, transient


class Deadline:
    """The time one fetch may take in total, every retry and file included."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.monotonic()
        self.end = self.start + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.start


def bounded(fn: Callable[[], T], timeout: float) -> T:
    """Run `fn` in a daemon thread and give up after `timeout` seconds.

    The thread is abandoned, not killed (Python cannot kill threads): it finishes or fails on its own later,
    and being a daemon it never keeps the process alive. This is what makes the deadline hard even when a
    server drips bytes or the client retries internally.
    """
    if timeout <= 0:
        raise OutOfTime
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
        raise OutOfTime
    if "error" in box:
        raise box["error"]
    return box["value"]


# ---------------------------------------------------------------- failures in words
# What a caught exception means, as a phrase: a message such as "README.md could not be read (DecodingError)"
# names a class of the HTTP library, which the user can neither look up nor act on and which changes with the
# client's version (httpx, httpx2, requests). Classes are matched by name along the exception's MRO, so the
# same words come out whichever HTTP library is installed, without importing any of them.

# The most specific name first: an exception's MRO is walked from its own class up, and the first name
# found here gives the words (ReadTimeout is a TimeoutException is a TransportError).
_BY_NAME: dict[str, str] = {
    "DecodingError": "the answer could not be decoded (its compression or encoding is corrupt)",
    "ContentDecodingError": "the answer could not be decoded (its compression or encoding is corrupt)",
    "UnsupportedProtocol": "the address uses a protocol the HTTP client does not support",
    "InvalidSchema": "the address uses a protocol the HTTP client does not support",
    "MissingSchema": "the address has no protocol (http or https)",
    "InvalidURL": "the address is not a valid URL",
    "TooManyRedirects": "the server redirected too many times",
    "ProxyError": "the proxy could not be used",
    "ConnectTimeout": "the connection was not accepted in time",
    "ReadTimeout": "no answer came in time",
    "WriteTimeout": "the request could not be sent in time",
    "PoolTimeout": "no connection was free in time",
    "TimeoutException": "no answer came in time",
    "Timeout": "no answer came in time",
    "TimeoutError": "no answer came in time",
    "OutOfTime": "no answer came in time",
    "RemoteProtocolError": "the server broke the HTTP protocol (a malformed or cut-off answer)",
    "LocalProtocolError": "the request could not be sent as valid HTTP",
    "ProtocolError": "the server broke the HTTP protocol (a malformed or cut-off answer)",
    "ChunkedEncodingError": "the server broke the HTTP protocol (a malformed or cut-off answer)",
    "ConnectError": "the server could not be reached",
    "ConnectionError": "the connection failed",
    "ReadError": "the connection failed while the answer was read",
    "WriteError": "the connection failed while the request was sent",
    "NetworkError": "the connection failed",
    "StreamError": "the answer's stream could not be read",
    "TransportError": "the connection failed",
    "JSONDecodeError": "the answer is not valid JSON",
    "UnicodeError": "the text is not valid in its encoding",
    "RecursionError": "it is nested too deeply to read",
    "MemoryError": "it is too large to hold in memory",
    "ValueError": "the answer is not in the expected shape",
    "KeyError": "the answer is not in the expected shape",
    "TypeError": "the answer is not in the expected shape",
    "AttributeError": "the answer is not in the expected shape",
    "IndexError": "the answer is not in the expected shape",
}


def in_words(exc: BaseException) -> str:
    """What `exc` means for the thing being read, as a phrase (no class name, no traceback).

    An OSError says its own strerror ("Permission denied"); a class not known here is "an unexpected
    error", never its name: unknown stays a failure, it only loses the jargon.
    """
    strerror = getattr(exc, "strerror", None)
    if isinstance(exc, OSError) and isinstance(strerror, str) and strerror:
        return strerror
    for klass in type(exc).__mro__:
        words = _BY_NAME.get(klass.__name__)
        if words is not None:
            return words
        if klass is OSError:
            return "the operating system refused the operation"
    return "an unexpected error"


def net_module() -> Any:
    """The HTTP library the installed huggingface_hub uses (httpx2 from 2.x, httpx in 1.x)."""
    try:
        import httpx2

        return httpx2
    except ImportError:  # pragma: no cover - depends on the installed client
        import httpx

        return httpx


_RATELIMIT_RE = re.compile(r'"?\w+"?\s*;\s*r\s*=\s*(\d+)\s*;\s*t\s*=\s*(\d+)')


def retry_after(response: Any) -> float | None:
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
    # lazy: start-up (email.utils, ~5 ms, only for a Retry-After given as an HTTP date)
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def wait_words(seconds: float) -> str:
    """A wait as a sentence says it: `45 s`, `120 s`, `12 minutes`, `2 hours`, `3 days`, `about 100 years`; never
    `3.1516e+09 s`, which is what a Retry-After HTTP date a century ahead printed as."""
    if not seconds < 1e15:  # `Retry-After: 999...9` (400 digits) reads as infinity, NaN never compares
        return "longer than any run"
    if seconds < 600:
        return f"{seconds:.0f} s"
    for size, unit in ((365.25 * 86400, "years"), (86400, "days"), (3600, "hours"), (60, "minutes")):
        if seconds >= 2 * size:
            count = seconds / size
            return f"about {count:.0f} {unit}" if unit == "years" else f"{count:.0f} {unit}"
    return f"{seconds / 60:.0f} minutes"


def origin_of(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL, with the scheme's default port: what "the same host" compares."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return parts.scheme, (parts.hostname or "").lower(), port


class RateGate:
    """The earliest moment the next request may go out, shared by every worker of one transport.

    When the Hub answers 429 (or 503) with Retry-After to one worker, it is the client that is limited, so
    every worker holds its next request until then (with a little jitter, so they do not all fire at once).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._not_before = 0.0

    def hold(self, seconds: float) -> None:
        with self._lock:
            self._not_before = max(self._not_before, time.monotonic() + seconds)

    def delay(self) -> float:
        with self._lock:
            return self._not_before - time.monotonic()

    def wait(self, deadline: Deadline) -> None:
        """Sleep until the gate opens; a HubFailure when it opens after the deadline."""
        delay = self.delay()
        if delay <= 0:
            return
        if delay > deadline.remaining():
            raise HubFailure("hub-rate-limited", f"the Hub asked to wait {wait_words(delay)} before the next "
                             f"request (Retry-After), beyond the {deadline.seconds:g} s deadline", transient=True)
        time.sleep(delay + random.uniform(0, 0.05))


_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")


def without_userinfo(url: str) -> str:
    """A URL as a message may quote it: a `user:password@` part (credentials a proxy or mirror asks for) shown as
    `***@`, since messages reach CI logs, reports and SARIF files."""
    return _USERINFO.sub("***@", url)


@dataclass(frozen=True)
class FileAnswer:
    """What reading one repository file gave.

    `outcome` is "ok" (text holds the file), "absent" (the Hub said the entry does not exist), "too-large"
    (size over the cap; `size` when known), "gated" or "denied" (a token may change it), or "failed"
    (timeouts, 5xx, network, an unexpected answer: `reason` says which in a few words).
    """

    outcome: Literal["ok", "absent", "too-large", "gated", "denied", "failed"]
    text: str | None = None
    size: int | None = None
    reason: str = ""
    data: bytes | None = None  # the bytes as served (text is their UTF-8 reading), for byte-exact copies


class HubTransport:
    """Requests to one Hub endpoint with one token, shared by every worker of a run (thread-safe).

    `request_timeout` bounds one request; `max_attempts`, `backoff_base` and `backoff_max` shape retries.
    The client (HfApi, for its headers and `list_repo_refs`) is built on first network use, so that
    constructing a transport stays free.
    """

    def __init__(self, endpoint: str, token: str | None, *, request_timeout: float = 10.0, max_attempts: int = 5,
                 backoff_base: float = 0.5, backoff_max: float = 8.0) -> None:
        self.endpoint = endpoint
        self.request_timeout = float(request_timeout)
        self.max_attempts = max(1, int(max_attempts))
        self.backoff_base = float(backoff_base)
        self.backoff_max = float(backoff_max)
        self.gate = RateGate()
        self.token: str | None = None
        self._token_arg = token
        self._api: Any = None
        self._lock = threading.Lock()
        self.down: tuple[float, str] | None = None  # (until, reason) after the Hub proved unreachable

    # ---------------------------------------------------------------- state

    @property
    def secrets(self) -> list[str | None]:
        """What must never be written to a cache entry."""
        return [self.token, self._token_arg]

    def authenticated(self) -> bool:
        """Whether requests carry a token (before the client is built: the argument or HF_TOKEN)."""
        if self._api is not None:
            return bool(self.token)
        return bool(self._token_arg or os.environ.get("HF_TOKEN"))

    def down_reason(self) -> str | None:
        """Why the Hub is known unreachable for now (found earlier in this run), else None."""
        down = self.down
        if down is not None and time.monotonic() < down[0]:
            return down[1]
        return None

    def base_url(self) -> str:  # also every message naming the endpoint: a user:password@ part is a secret
        """The endpoint as cited in evidence: never a user:password@ part."""
        parts = urlsplit(self.endpoint)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))

    def client(self) -> Any:
        """The HfApi, built on first network use.

        Two process-wide settings of the client are changed here, because an auditor promises few requests
        and quiet output: telemetry is disabled unless the user set HF_HUB_DISABLE_TELEMETRY themselves (with
        it on, the first request also fetches an agent registry from huggingface.co, whatever the endpoint),
        and the client's own retry warnings are silenced unless HF_HUB_VERBOSITY is set (our one-sentence
        problems say what happened).
        """
        with self._lock:
            if self._api is None:
                if os.environ.get("HF_ENDPOINT", self.endpoint).strip().rstrip("/") != self.endpoint:
                    # the client reads HF_ENDPOINT when imported and prints a malformed one on stdout (into
                    # the JSON); --endpoint already overrides it for this run, so the client sees that one
                    os.environ["HF_ENDPOINT"] = self.endpoint
                from huggingface_hub import HfApi, constants
                from huggingface_hub.utils import get_token, logging

                global _CLIENT_CONFIGURED
                if not _CLIENT_CONFIGURED:  # once per process, so a caller can still change them after
                    _CLIENT_CONFIGURED = True
                    if "HF_HUB_DISABLE_TELEMETRY" not in os.environ:
                        constants.HF_HUB_DISABLE_TELEMETRY = True
                    if "HF_HUB_VERBOSITY" not in os.environ:
                        logging.set_verbosity_error()
                # a token pasted with a newline or spaces around it (`export HF_TOKEN=$(cat file)`) is that token:
                # the client would send the whitespace too, which no HTTP header may carry
                given = (self._token_arg or os.environ.get("HF_TOKEN") or "").strip()
                self.token = given or get_token() or None
                self._api = HfApi(endpoint=self.endpoint, token=self.token)
            return self._api

    # ---------------------------------------------------------------- the metadata request

    def info(self, kind: str, repo_id: str, revision: str | None, expand: list[str], deadline: Deadline,
             parse: Callable[[dict[str, Any]], T]) -> T:
        """`GET /api/{kind}s/{id}[/revision/{rev}]?expand=...`, parsed by `parse`, retried inside the deadline.

        The request is the one `model_info` / `dataset_info` makes, sent through the client's session so
        that the raw answer (the Hub's `_id` included, which the client's objects drop) and every redirect
        can be seen. Raises HubFailure.
        """
        from huggingface_hub.utils import validate_repo_id

        api = self.client()
        url = f"{self.endpoint}/api/{kind}s/{repo_id}"
        if revision is not None:
            url += f"/revision/{quote(revision, safe='')}"

        def once(timeout: float) -> T:
            response = self._follow("GET", url, timeout, params={"expand": expand},
                                    headers=api._build_hf_headers(), what="API answer")
            data = _json_of(response)
            if not isinstance(data, dict):
                raise TypeError("the answer is not a JSON object")
            return parse(data)

        try:
            validate_repo_id(repo_id)
            return self._with_retries(deadline, once)
        except Exception as exc:
            failure = self._info_failure(exc, repo_id, revision)
            if failure is None:
                raise
            raise failure from None

    def _info_failure(self, exc: Exception, repo_id: str, revision: str | None) -> HubFailure | None:
        """The HubFailure a metadata request's exception means, or None for one that is not ours to name
        (a HubFailure already, or a bug: re-raised as is). Checked in this order: the client's specific
        errors are subclasses of its HTTP error, and its validation error is a ValueError."""
        from huggingface_hub.errors import (
            DisabledRepoError,
            GatedRepoError,
            HfHubHTTPError,
            HFValidationError,
            OfflineModeIsEnabled,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )

        if isinstance(exc, GatedRepoError):
            return HubFailure("hub-gated", self._gated_reason())
        if isinstance(exc, RepositoryNotFoundError):
            return HubFailure("hub-not-found", self._not_found_reason())
        if isinstance(exc, RevisionNotFoundError):
            return HubFailure("hub-revision-not-found", f"revision {revision!r} was not found on the Hub")
        if isinstance(exc, DisabledRepoError):
            return HubFailure("hub-disabled", "it is disabled on the Hub (access to it is blocked)")
        if isinstance(exc, HfHubHTTPError):
            status = getattr(exc.response, "status_code", None)
            if status in (401, 403):
                return HubFailure("hub-access-denied", self._denied_reason(exc, status))
            return HubFailure("hub-http-error", f"the Hub answered HTTP {status}")
        if isinstance(exc, OfflineModeIsEnabled):
            return HubFailure("hub-offline", "the huggingface_hub client is in offline mode "
                              "(HF_HUB_OFFLINE was set when it was imported)")
        if isinstance(exc, HFValidationError):
            return HubFailure("hub-invalid-id", f"{repo_id!r} is not a valid Hub repository id")
        return self._answer_failure(exc)

    def _answer_failure(self, exc: Exception) -> HubFailure | None:
        """A metadata answer that could not be read as one (not JSON, not the expected shape) or a host that
        could not be reached (remembered for a minute, so the run stops asking), else None."""
        if isinstance(exc, AmbiguousAnswer):  # JSON that says two things is no truncation: say which
            return HubFailure("hub-invalid-response", f"the Hub's answer is not usable JSON ({exc})", transient=True)
        if isinstance(exc, ValueError):  # json.JSONDecodeError is a ValueError
            doc = getattr(exc, "doc", None)
            if isinstance(doc, str):
                return HubFailure("hub-invalid-response", f"the Hub's answer is not valid JSON (truncated or "
                                  f"corrupt, {len(doc)} bytes)", transient=True)
            return HubFailure("hub-invalid-response", "the Hub's answer is not in the expected shape",
                              transient=True)
        if isinstance(exc, net_module().ConnectError):
            reason = self._connect_reason(exc)
            self.down = (time.monotonic() + 60.0, reason)
            return HubFailure("hub-unreachable", reason, transient=True)
        if isinstance(exc, (KeyError, TypeError, AttributeError)):
            return HubFailure("hub-invalid-response", "the Hub's answer is not in the expected shape",
                              transient=True)
        return None

    # ---------------------------------------------------------------- files

    def read_file(self, kind: str, repo_id: str, filename: str, revision: str | None, deadline: Deadline,
                  cap: int | None, limit: int, *, probe: bool = True) -> FileAnswer:
        """One small text file at a revision: one GET of `/{repo}/resolve/{rev}/{file}`.

        Without `cap` the file is read in a single GET, at most `limit` bytes kept (the README: there is no
        HEAD before it, unlike `hf_hub_download`, which asks for metadata first). With `cap` the size is
        asked first (a HEAD), and a file over it is never downloaded; with `probe=False` there is no HEAD
        either, and the single GET stops reading at `cap + 1` bytes (for small configuration files, where a
        HEAD would double the requests to save at most that many bytes).
        """
        from huggingface_hub import hf_hub_url

        api = self.client()
        url = hf_hub_url(repo_id, filename, repo_type=None if kind == "model" else kind, revision=revision,
                         endpoint=self.endpoint)

        def size_of(timeout: float) -> int | None:
            response = self._follow("HEAD", url, timeout, headers=api._build_hf_headers(), what="file",
                                    any_host=True)
            raw = response.headers.get("X-Linked-Size") or response.headers.get("Content-Length")
            return int(raw) if raw and raw.isdigit() else None

        def get(timeout: float) -> bytes:
            return self._get_bytes(url, timeout, api._build_hf_headers(), (cap or limit) + 1)

        try:
            if cap is not None and probe:
                size = self._with_retries(deadline, size_of)
                if size is not None and size > cap:
                    return FileAnswer("too-large", size=size)
            raw = self._with_retries(deadline, get)
        except Exception as exc:  # anything the network or the client can raise: what it means for the file
            return self._file_failure(exc)
        if cap is not None and len(raw) > cap:
            return FileAnswer("too-large")
        return FileAnswer("ok", text=raw[:limit].decode("utf-8", errors="replace"), data=raw[:limit])

    def _file_failure(self, exc: Exception) -> FileAnswer:
        """What a failed file read means. Only the Hub's own "entry not found" is an absence (a *local*
        EntryNotFoundError never is); checked in this order because the client's errors subclass each other
        (GatedRepoError is a RepositoryNotFoundError, both are HTTP errors)."""
        from huggingface_hub.errors import (
            EntryNotFoundError,
            GatedRepoError,
            HfHubHTTPError,
            OfflineModeIsEnabled,
            RemoteEntryNotFoundError,
            RepositoryNotFoundError,
        )

        if isinstance(exc, RemoteEntryNotFoundError):
            return FileAnswer("absent")
        if isinstance(exc, GatedRepoError):
            return FileAnswer("gated")
        if isinstance(exc, RepositoryNotFoundError):
            return FileAnswer("denied")
        if isinstance(exc, HubFailure):
            return FileAnswer("failed", reason=exc.message)
        if isinstance(exc, EntryNotFoundError):
            return FileAnswer("failed", reason="the file's metadata could not be read")
        if isinstance(exc, HfHubHTTPError):
            status = getattr(exc.response, "status_code", None)
            if status in (401, 403):
                return FileAnswer("denied", reason=f"HTTP {status}")
            return FileAnswer("failed", reason=f"the Hub answered HTTP {status}")
        if isinstance(exc, OfflineModeIsEnabled):
            return FileAnswer("failed", reason="the huggingface_hub client is in offline mode")
        if isinstance(exc, net_module().ConnectError):
            return FileAnswer("failed", reason=self._connect_reason(exc))
        return FileAnswer("failed", reason=in_words(exc))

    def list_refs(self, kind: str, repo_id: str) -> tuple[list[str], list[str]]:
        """(branch names, tag names), sorted, within one request timeout: `GET /api/{kind}s/{id}/refs`, the
        request `list_repo_refs` makes, read through `_follow` so that its size is bounded too. Raises
        OutOfTime, HubFailure or the client's error (the caller says the branches are unknown)."""
        from huggingface_hub.utils import validate_repo_id

        api = self.client()
        validate_repo_id(repo_id)
        url = f"{self.endpoint}/api/{kind}s/{repo_id}/refs"

        def once() -> Any:
            return _json_of(self._follow("GET", url, self.request_timeout, headers=api._build_hf_headers(),
                                         what="API answer"))

        found = bounded(once, self.request_timeout)
        if not isinstance(found, dict):
            raise TypeError("the answer is not a JSON object")
        return _ref_names(found.get("branches")), _ref_names(found.get("tags"))

    def list_commits(self, kind: str, repo_id: str, revision: str, *, max_pages: int = 100
                     ) -> list[tuple[str, datetime | str | None, str]]:
        """(commit SHA, date, title) of the commits reachable from `revision`, newest first: the requests
        `list_repo_commits` makes (`GET /api/{kind}s/{id}/commits/{rev}`, the next page named by a `Link`
        header), each answer bounded like every API answer and at most `max_pages` pages. Raises HubFailure
        or the client's error; the caller bounds the total time."""
        from huggingface_hub.utils import validate_repo_id

        api = self.client()
        validate_repo_id(repo_id)
        url = f"{self.endpoint}/api/{kind}s/{repo_id}/commits/{quote(revision, safe='')}"
        found: list[tuple[str, datetime | str | None, str]] = []
        deadline = Deadline(self.request_timeout * self.max_attempts)  # retries as the client's own listing does
        for _ in range(max_pages):
            response = self._with_retries(deadline, lambda timeout, at=url: self._follow(
                "GET", at, timeout, headers=api._build_hf_headers(), what="commit listing"))
            page = _json_of(response)
            if not isinstance(page, list):
                raise TypeError("the answer is not a JSON list")
            found.extend((str(c.get("id")), _date_of(c.get("date")), str(c.get("title") or ""))
                         for c in page if isinstance(c, dict))
            following = response.links.get("next", {}).get("url")
            if not following:
                return found
            url = urljoin(str(response.url), following)
            if origin_of(url) != origin_of(self.endpoint):
                raise HubFailure("hub-redirect-refused", "the commit listing named a next page on another host; "
                                 "nothing it says is recorded")
        raise HubFailure("hub-invalid-response", f"the commit listing runs past {max_pages} pages; it was not read",
                         transient=True)

    # ---------------------------------------------------------------- plumbing

    def _follow(self, method: str, url: str, timeout: float, *, headers: dict[str, str], what: str,
                params: dict[str, Any] | None = None, any_host: bool = False) -> Any:
        """One request, following redirects by hand; the last answer, checked by `hf_raise_for_status`.

        A redirect to another origin than the endpoint's is refused for an API answer (HubFailure); for a
        file (`any_host`) the redirecting answer itself is returned, as the client does for a HEAD: a large
        file's metadata is on the answer that points at the storage host.
        """
        from huggingface_hub.utils import get_session, hf_raise_for_status

        session = get_session()
        home = origin_of(self.endpoint)
        for _ in range(MAX_REDIRECTS):
            with session.stream(method, url, params=params, headers=headers, timeout=timeout,
                                follow_redirects=False) as response:
                if not response.has_redirect_location:
                    _read_bounded(response, MAX_ANSWER_BYTES, what)
                    hf_raise_for_status(response)
                    return response
            target = urljoin(str(response.url), response.headers["Location"])
            if origin_of(target) != home:
                if any_host:
                    return response
                host = urlsplit(target).hostname or target
                raise HubFailure("hub-redirect-refused", f"the {what} was redirected to another host ({host}), "
                                 f"which is not the Hub endpoint asked; nothing it says is recorded")
            url, params = target, None  # the Location carries the query already
        raise HubFailure("hub-http-error", f"the Hub redirected more than {MAX_REDIRECTS} times")

    def _get_bytes(self, url: str, timeout: float, headers: dict[str, str], most: int) -> bytes:
        """GET a file, following redirects (a storage host gets no Authorization header), keeping at most
        `most` bytes: what is beyond is never read off the socket."""
        from huggingface_hub.utils import get_session, hf_raise_for_status

        with get_session().stream("GET", url, headers=headers, timeout=timeout, follow_redirects=True) as response:
            if response.status_code >= 400:
                response.read()
                hf_raise_for_status(response)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size >= most:
                    break
            return b"".join(chunks)[:most]

    def _with_retries(self, deadline: Deadline, once: Callable[[float], T]) -> T:
        """`once(timeout)` until it succeeds, a non-retryable error is raised, or attempts or time run out."""
        from huggingface_hub.errors import HfHubHTTPError

        net = net_module()
        outcomes: list[int | str] = []  # one per failed attempt: an HTTP status or "timeout"/"network"
        while True:
            remaining = deadline.remaining()
            if remaining <= 0 or len(outcomes) >= self.max_attempts:
                raise self._exhausted(outcomes, deadline)
            self.gate.wait(deadline)  # Retry-After heard by any worker
            remaining = deadline.remaining()
            timeout = max(0.05, min(self.request_timeout, remaining))
            response = None
            try:
                return bounded(lambda t=timeout: once(t), remaining)
            except OutOfTime:
                outcomes.append("timeout")
                continue
            except HfHubHTTPError as exc:
                response = exc.response
                status = getattr(response, "status_code", None)
                if status not in RETRY_STATUSES:
                    raise
                outcomes.append(int(status))
            except net.ConnectError:
                raise
            except net.TimeoutException:
                outcomes.append("timeout")
                continue  # the timed-out request already waited; retry at once while time remains
            except (net.NetworkError, net.RemoteProtocolError):
                outcomes.append("network")
            self._wait_before_retry(outcomes, response, deadline)

    def _wait_before_retry(self, outcomes: list[int | str], response: Any, deadline: Deadline) -> None:
        """Sleep before the next attempt: Retry-After when the Hub gives one (and every worker holds its
        requests until then), else backoff with jitter."""
        if len(outcomes) >= self.max_attempts:
            return
        asked = retry_after(response)  # sent with 429, and sometimes with 503
        if asked is not None:
            if asked > deadline.remaining():
                # Not waited for, and not held for the other workers either: a wait of hours (or an HTTP date
                # a century ahead) fits no request's deadline, so holding the gate would fail every other
                # model of the run unasked. This one is reported as not fetched; the others still ask, and a
                # Hub that limits them too says so to each.
                status = outcomes[-1]
                what = "is rate-limiting requests (429)" if status == 429 else f"answered {status}"
                raise HubFailure("hub-rate-limited" if status == 429 else "hub-unavailable",
                                 f"the Hub {what} and asked to wait {wait_words(asked)}, beyond the "
                                 f"{deadline.seconds:g} s deadline", transient=True)
            self.gate.hold(asked)
            wait = asked + random.uniform(0, 0.1)
        else:
            step = min(self.backoff_max, self.backoff_base * 2 ** (len(outcomes) - 1))
            wait = step * (0.5 + random.random() / 2)
        time.sleep(max(0.0, min(wait, deadline.remaining())))

    def _exhausted(self, outcomes: list[int | str], deadline: Deadline) -> HubFailure:
        within = f"within {deadline.seconds:g} s"
        if not outcomes:
            return HubFailure("hub-timeout", f"no time was left to ask the Hub {within}", transient=True)
        if all(o == "timeout" for o in outcomes):
            n = len(outcomes)
            return HubFailure("hub-timeout", f"the Hub did not answer {within} ({n} attempt"
                              f"{'s' if n > 1 else ''} timed out)", transient=True)
        statuses = [o for o in outcomes if isinstance(o, int)]
        if statuses and len(set(outcomes)) == 1:
            status, n = statuses[0], len(statuses)
            code = "hub-rate-limited" if status == 429 else "hub-unavailable"
            return HubFailure(code, f"the Hub answered {status} {_TIMES.get(n, f'{n} times')} {within}",
                              transient=True)
        seen = ", ".join(str(o) for o in dict.fromkeys(outcomes))
        return HubFailure("hub-unavailable", f"the Hub failed {len(outcomes)} attempts {within} ({seen})",
                          transient=True)

    # ---------------------------------------------------------------- messages

    def _gated_reason(self) -> str:
        if self.token:
            return "access to it is gated and the token given has not been granted access"
        return "access to it is gated and no token was given (accept its terms on the Hub, then set HF_TOKEN)"

    def _not_found_reason(self) -> str:
        if self.token:
            return "not found on the Hub (it does not exist, or it is private and the token given cannot " \
                "see it)"
        return "not found on the Hub (it does not exist, or it is private: set HF_TOKEN if you have access)"

    def _denied_reason(self, exc: Any, status: int) -> str:
        message = (getattr(exc.response, "headers", {}) or {}).get("X-Error-Message") or ""
        if "invalid credentials" in message.lower():
            return f"the Hub rejected the token (HTTP {status}: invalid credentials)"
        who = "the token given" if self.token else "an anonymous request (set HF_TOKEN if you have access)"
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
            return f"the Hub at {self.base_url()} is unreachable (connection refused)"
        return f"the Hub at {self.base_url()} is unreachable (could not connect)"


def _read_bounded(response: Any, most: int, what: str) -> None:
    """Read a streamed answer's body, decoded, keeping it on the response (so `.json()`, `.text` and the
    client's error checks work as on a plain request); HubFailure once it passes `most` bytes. Decoding goes
    chunk by chunk, so a compressed bomb is refused after `most` bytes, never expanded whole."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > most:
            raise HubFailure("hub-invalid-response", f"the {what} is larger than {most // (1024 * 1024)} MB once "
                             "decoded; it was not read", transient=True)
        chunks.append(chunk)
    response._content = b"".join(chunks)  # what `Response.read()` leaves behind, so later reads reuse it


class AmbiguousAnswer(ValueError):
    """An answer that is JSON to Python's parser but does not say one thing: a key twice in one object, or NaN."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise AmbiguousAnswer(f"the key {key[:80]!r} is given twice in one object")
            seen.add(key)
    return value


def _no_constant(name: str) -> Any:
    raise AmbiguousAnswer(f"{name} is not a JSON number")


def _json_of(response: Any) -> Any:
    """The answer's JSON; a ValueError (an answer not in the expected shape) for one nested too deeply to
    parse (never a RecursionError), and an AmbiguousAnswer for one naming a key twice in an object or holding
    NaN: the Hub's encoder writes neither, and `{"license": "cc-by-nc-4.0", "license": "mit"}` would read as MIT
    here while another reader takes the first. (The transport imports nothing of auditor: the same rule as
    safeyaml.loads_json's `strict`, written here.)"""
    import json  # lazy: start-up

    try:
        return json.loads(response.content, object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("the answer is nested too deeply") from None


def _ref_names(raw: Any) -> list[str]:
    """The sorted names of a refs answer's `branches` or `tags` (entries without a string name are skipped)."""
    if not isinstance(raw, list):
        return []
    return sorted(str(r["name"]) for r in raw if isinstance(r, dict) and isinstance(r.get("name"), str))


def _date_of(raw: Any) -> datetime | str | None:
    """A commit's ISO date as the client parses it (a datetime), or the text as sent when it is not one."""
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return raw
