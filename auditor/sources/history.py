"""Has the declared license changed between revisions? Read from the repository's history on the Hub.

Why: licenses drift (microsoft/phi-2 moved from a research license to MIT; FLUX.1-dev's license moved from
v1.0 to v1.1.1), and a reviewer approving one revision needs to know whether the license they read is the
one the model was first published under, and if not, when it changed (commit SHA and date) and from what
to what. The review's question 26 is answered from this (auditor/formats/questions.py `_drift`).

What it costs, and why no more (cold cache):
- one commit listing, `HfApi.list_repo_commits(id, revision=SHA)` (`GET /api/{kind}s/{id}/commits/{SHA}`,
  newest first, paginated by the Hub through the `Link: <...>; rel="next"` header, which the client
  follows: one request per page). Listed from the audited SHA, so it is immutable and cached per SHA;
- README.md reads at single commits (one GET each, no HEAD; the audit's own README path, with the Hub
  source's token, deadline, retries and Retry-After): the audited revision, the oldest listed commit, and
  a bisection between them when they differ, at most 2 + ceil(log2(commits)) in all. What each README
  declares is cached per commit SHA, so a second run reads nothing but the listing's cache.
Only the declared license fields of the front matter are compared (`license` with its misspellings,
`license_name`, `license_link`); a LICENSE file changed without the card is not seen.

What bisection can and cannot say: it finds *a* commit whose declared license differs from its
predecessor's, the one at the boundary between the oldest read state and the audited one. When the oldest
and audited revisions declare the same license, revisions in between are not read (a license changed and
changed back is not seen), and the answer says so.

Failure is data: a network fault, a gated or private repository, an endpoint a mirror does not serve (404),
an answer not in the shape the client reads: one sentence in `problem`, the question stays open, the rest
of the report is unchanged. Nothing here raises.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from auditor.card import MAX_CARD_BYTES, as_list, card_license_values, parse_card
from auditor.sources.cache import CacheEntry, is_commit_sha
from auditor.sources.hubhttp import Deadline, HubFailure, OutOfTime, bounded, in_words, net_module

README = "README.md"
NO_LICENSE = "no license declared"
DEFAULT_LIST_TIMEOUT = 30.0  # the whole listing, every page and the client's own retries included
DEFAULT_TIME_BUDGET = 120.0  # every README read of one history together


@dataclass(frozen=True)
class Commit:
    """One commit as the Hub lists it (`GitCommitInfo`): its SHA and date (UTC, ISO 8601)."""

    sha: str
    date: str | None
    title: str = ""


@dataclass(frozen=True)
class CardAt:
    """What the model card declared at one commit: `license` is the declared fields as one phrase
    (`mit`; `other (license_name: x; license_link: LICENSE)`; `no license declared`)."""

    sha: str
    date: str | None
    license: str


@dataclass(frozen=True)
class LicenseChange:
    """The declared license at `sha` differs from the one at `previous_sha`. `exact`: the two commits are
    consecutive in the history (the change is at `sha`); otherwise the bound stopped the bisection and the
    change is somewhere after `previous_sha`, at or before `sha`."""

    sha: str
    date: str | None
    before: str
    after: str
    previous_sha: str
    previous_date: str | None
    exact: bool = True


@dataclass(frozen=True)
class LicenseHistory:
    """The history of one repository's declared license, up to the audited revision.

    `first_card` is the earliest commit read whose README exists (`first_card_exact`: no earlier commit
    has one, as far as the reads show); `current` is the audited revision's card (None: it has no README).
    `readmes_read` lists the commits whose README was read (from the cache or the network); `listing_calls`
    is 1 when the commits were listed over the network (the client then makes one request per page of the
    Hub's pagination), `readme_requests` how many README reads went to the network; `bound` why the search
    stopped before locating a change exactly, `problem` why the history could not be read (one sentence).
    """

    repo_id: str
    revision: str
    listing: str  # the endpoint the commits were listed from, as cited
    commits: int = 0
    first_card: CardAt | None = None
    first_card_exact: bool = False
    current: CardAt | None = None
    changes: tuple[LicenseChange, ...] = ()
    readmes_read: tuple[str, ...] = ()
    listing_calls: int = 0
    readme_requests: int = 0
    bound: str | None = None
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Declared:
    """The declared license fields of one front matter, as written and normalised for comparison."""

    shown: str = field(compare=False)
    key: tuple[Any, ...] = ()


_ABSENT = Declared("no README", ("absent",))


def declared(text: str) -> Declared:
    """The license fields a card declares: `license` (and its misspelled keys), `license_name`,
    `license_link`, parsed as every other stage parses a card (auditor/card.py)."""
    parsed = parse_card(text)
    front = parsed.front_matter
    values = [str(v).strip() for _, value in card_license_values(front) for v in as_list(value)]
    name = front.get("license_name")
    link = front.get("license_link")
    extras = [f"{k}: {str(v).strip()}" for k, v in (("license_name", name), ("license_link", link))
              if v not in (None, "")]
    shown = ", ".join(values) or NO_LICENSE
    if extras:
        shown += f" ({'; '.join(extras)})"
    if not values and not extras:
        broken = next((p for p in parsed.problems if p.code in ("card-yaml-error", "card-front-matter-not-mapping")),
                      None)
        if broken is not None:
            shown += " (the front matter could not be read)"
    key = (tuple(sorted(v.lower() for v in values)), str(name or "").strip().lower(),
           str(link or "").strip().lower())
    return Declared(shown, key)


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value) if value else None


class _Reader:
    """README reads at single commits for one history: cached per SHA, counted, bounded."""

    def __init__(self, hub: Any, kind: str, repo_id: str, max_reads: int, time_budget: float) -> None:
        self.hub, self.kind, self.repo_id = hub, kind, repo_id
        self.max_reads = max_reads
        self.until = time.monotonic() + time_budget
        self.states: dict[str, Declared] = {}
        self.order: list[str] = []
        self.requests = 0

    def exhausted(self) -> str | None:
        """Why no further README may be read (the bound), else None."""
        if len(self.order) >= self.max_reads:
            return f"the bound of {self.max_reads} README reads was reached"
        if time.monotonic() >= self.until:
            return "the time allowed for the history ran out"
        return None

    def read(self, sha: str) -> Declared | str:
        """The declared license at `sha`, `_ABSENT` for no README, or one sentence saying why not."""
        if sha in self.states:
            return self.states[sha]
        cache_kind = f"card-license-{self.kind}"
        cached = self.hub.cache.get(cache_kind, self.repo_id, sha)
        audited = self.hub.cache.get(self.kind, self.repo_id, sha)  # the audit's own entry at this commit
        if cached is not None and isinstance(cached.body.get("key"), list):
            state = Declared(str(cached.body.get("shown")), _as_key(cached.body["key"]))
        elif audited is not None and audited.failure is None and audited.readme is not None:
            state = declared(audited.readme)  # the audit read this README already: no second request
        else:
            answer = self._fetch(sha)
            if isinstance(answer, str):
                return answer
            state = answer
            self.hub.cache.put(CacheEntry(kind=cache_kind, repo_id=self.repo_id, revision=sha, fetched_at=time.time(),
                                          body={"shown": state.shown, "key": list(state.key)},
                                          authenticated=self.hub.transport.authenticated()),
                               secrets=self.hub.transport.secrets)
        self.states[sha] = state
        self.order.append(sha)
        return state

    def _fetch(self, sha: str) -> Declared | str:
        down = self.hub.transport.down_reason()
        if down is not None:
            return f"the README at {sha} could not be read: {down}"
        self.requests += 1
        answer = self.hub.transport.read_file(self.kind, self.repo_id, README, sha, Deadline(self.hub.deadline),
                                              None, limit=MAX_CARD_BYTES)
        if answer.outcome == "ok":
            return declared(answer.text or "")
        if answer.outcome == "absent":
            return _ABSENT
        why = {"gated": "the repository is gated (accept its terms on the Hub, then set HF_TOKEN)",
               "denied": "the Hub refused access"}.get(answer.outcome, answer.reason or answer.outcome)
        return f"the README at {sha} could not be read ({why})"


def _as_key(raw: list[Any]) -> tuple[Any, ...]:
    return tuple(tuple(x) if isinstance(x, list) else x for x in raw)


def list_commits(hub: Any, kind: str, repo_id: str, sha: str, timeout: float) -> tuple[list[Commit], bool] | str:
    """(commits newest first, read from the cache) through `HfApi.list_repo_commits`, or one sentence saying
    why not. Cached per SHA: the history behind a commit never changes."""
    cache_kind = f"commits-{kind}"
    cached = hub.cache.get(cache_kind, repo_id, sha)
    if cached is not None and isinstance(cached.body.get("commits"), list):
        return [Commit(str(c.get("sha")), c.get("date"), str(c.get("title") or ""))
                for c in cached.body["commits"] if isinstance(c, dict)], True
    down = hub.transport.down_reason()
    if down is not None:
        return f"the commits could not be listed: {down}"
    try:
        hub.transport.gate.wait(Deadline(timeout))  # a Retry-After heard by any request of the run
        # through the transport: each page's size is bounded (a gzip bomb fails the listing, not the process)
        found = bounded(lambda: hub.transport.list_commits(kind, repo_id, sha), timeout)
        commits = [Commit(commit, _iso(date), title) for commit, date, title in found]
    except OutOfTime:
        return f"the Hub did not list the commits within {timeout:g} s"
    except Exception as exc:  # any client or network error: the history stays unknown, the report goes on
        return _listing_failure(exc, hub)
    hub.cache.put(CacheEntry(kind=cache_kind, repo_id=repo_id, revision=sha, fetched_at=time.time(),
                             body={"commits": [asdict(c) for c in commits]},
                             authenticated=hub.transport.authenticated()), secrets=hub.transport.secrets)
    return commits, False


def _listing_failure(exc: Exception, hub: Any) -> str:
    """One sentence of our own for a failed listing (never the client's text, which may quote a URL with
    a token in a proxy setting). Checked in this order: the client's errors subclass each other."""
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    base = "the commits could not be listed"
    if isinstance(exc, HubFailure):
        return f"{base}: {exc.message}"
    if isinstance(exc, GatedRepoError):
        return f"{base}: the repository is gated (accept its terms on the Hub, then set HF_TOKEN)"
    if isinstance(exc, RevisionNotFoundError):
        return f"{base}: the Hub does not know the audited revision"
    if isinstance(exc, RepositoryNotFoundError):
        return f"{base}: the Hub did not find the repository (or it is private: set HF_TOKEN)"
    if isinstance(exc, HfHubHTTPError):
        status = getattr(exc.response, "status_code", None)
        if status == 404:
            return f"{base}: the endpoint {hub.transport.base_url()} does not serve the commit list (HTTP 404; " \
                "a mirror may not offer it)"
        if status in (401, 403):
            return f"{base}: the Hub refused access (HTTP {status})"
        return f"{base}: the Hub answered HTTP {status}"
    if isinstance(exc, OfflineModeIsEnabled):
        return f"{base}: the huggingface_hub client is in offline mode"
    if isinstance(exc, net_module().ConnectError):
        return f"{base}: {hub.transport._connect_reason(exc)}"
    if isinstance(exc, (ValueError, KeyError, TypeError, AttributeError)):
        return f"{base}: the answer is not in the shape huggingface_hub reads"
    return f"{base}: {in_words(exc)}"


def read_license_history(hub: Any, repo_id: str, sha: str, *, kind: str = "model", max_reads: int | None = None,
                         list_timeout: float = DEFAULT_LIST_TIMEOUT,
                         time_budget: float = DEFAULT_TIME_BUDGET) -> LicenseHistory:
    """The declared license's history from the first listed commit to `sha` (the audited revision), read
    through `hub` (an auditor.sources.hub.HubSource: its transport, token and cache).

    `max_reads` caps the README reads (default 2 + ceil(log2(commits)), enough for one full bisection).
    Never raises: a failure is the result's `problem`.
    """
    listing = f"{hub.transport.base_url()}/api/{kind}s/{repo_id}/commits/{sha}"
    base = LicenseHistory(repo_id=repo_id, revision=sha, listing=listing)
    if not is_commit_sha(sha):
        return _with(base, problem=f"{sha!r} is not a commit SHA, so its history cannot be pinned")
    if getattr(hub, "offline", False):
        return _with(base, problem="offline: the repository's history was not read")
    try:
        listed = list_commits(hub, kind, repo_id, sha, list_timeout)
        if isinstance(listed, str):
            return _with(base, problem=listed, listing_calls=1)
        newest_first, from_cache = listed
        base = _with(base, commits=len(newest_first), listing_calls=0 if from_cache else 1)
        return _search(base, hub, kind, list(reversed(newest_first)), max_reads, time_budget)
    except Exception as exc:  # the last line of defence: a bug here must not become a traceback
        return _with(base, problem=f"the license history could not be read: {in_words(exc)}")


def _with(history: LicenseHistory, **changes: Any) -> LicenseHistory:
    return replace(history, **changes)


def _search(base: LicenseHistory, hub: Any, kind: str, commits: list[Commit], max_reads: int | None,
            time_budget: float) -> LicenseHistory:
    """Read the audited and the oldest commit's cards, then bisect between them when they differ."""
    if not commits:
        return _with(base, problem="the Hub listed no commit for the audited revision")
    if commits[-1].sha != base.revision:
        return _with(base, problem=f"the Hub's commit list does not start at the audited revision (it starts at "
                     f"{commits[-1].sha})")
    n = len(commits)
    bound = max_reads if max_reads is not None else 2 + math.ceil(math.log2(max(n - 1, 1)))
    reader = _Reader(hub, kind, base.repo_id, max(1, bound), time_budget)

    def done(**changes: Any) -> LicenseHistory:
        return _with(base, readmes_read=tuple(reader.order), readme_requests=reader.requests, **changes)

    current = reader.read(commits[-1].sha)
    if isinstance(current, str):
        return done(problem=current)
    if current == _ABSENT:
        return done()  # no card at the audited revision: no declared license to follow
    now = CardAt(commits[-1].sha, commits[-1].date, current.shown)
    if n == 1:
        return done(current=now, first_card=now, first_card_exact=True)
    stop = reader.exhausted()
    oldest = reader.read(commits[0].sha) if stop is None else stop
    if isinstance(oldest, str):
        return done(current=now, problem=None if stop else oldest, bound=stop)
    if oldest == current:
        return done(current=now, first_card=CardAt(commits[0].sha, commits[0].date, oldest.shown),
                    first_card_exact=True)
    return _bisect(reader, commits, current, now, done)


def _bisect(reader: _Reader, commits: list[Commit], current: Declared, now: CardAt,
            done: Callable[..., LicenseHistory]) -> LicenseHistory:
    """Between the oldest commit (state != current) and the audited one (state == current): the boundary
    where the declared license becomes the current one. Stops at the read bound or a failed read."""
    lo, hi = 0, len(commits) - 1
    stop: str | None = None
    while hi - lo > 1:
        stop = reader.exhausted()
        if stop is not None:
            break
        mid = (lo + hi) // 2
        state = reader.read(commits[mid].sha)
        if isinstance(state, str):
            stop = state
            break
        if state == current:
            hi = mid
        else:
            lo = mid
    exact = hi - lo == 1
    before = reader.states[commits[lo].sha]
    first = _first_card(reader, commits)
    common = {"current": now, "first_card": first[0], "first_card_exact": first[1], "bound": None if exact else stop}
    if before == _ABSENT:
        return done(**common)  # the card appeared with the current license (exactly at hi when `exact`)
    change = LicenseChange(commits[hi].sha, commits[hi].date, before.shown, current.shown, commits[lo].sha,
                           commits[lo].date, exact)
    return done(changes=(change,), **common)


def _first_card(reader: _Reader, commits: list[Commit]) -> tuple[CardAt | None, bool]:
    """The earliest commit read that has a README, and whether it is the first one (index 0, or the
    commit right before it was read and has none)."""
    for index, commit in enumerate(commits):
        state = reader.states.get(commit.sha)
        if state is None or state == _ABSENT:
            continue
        exact = index == 0 or reader.states.get(commits[index - 1].sha) == _ABSENT
        return CardAt(commit.sha, commit.date, state.shown), exact
    return None, False
