"""The license of a GitHub repository, as GitHub itself detects it (REST: GET /repos/{owner}/{repo}/license).

Why ask GitHub rather than guess from the card: a model card that links "our code" does not say under which
terms that code is released, and the MOF counts code components only under an open license. GitHub runs
its own license detection on the repository and reports an SPDX id (or NOASSERTION when it found a license
file it cannot identify). We record exactly that, with the file path and blob SHA as evidence.

Failure is never guessed into a license: offline, rate-limited (403/429, or X-RateLimit-Remaining 0 before
X-RateLimit-Reset), a server error or a timeout all give state "unknown" with the reason. After a rate limit
the client stops asking until the reset time; after a connection failure it stops asking for the run.

Caching: answers that say something about the repository (200, 404) are stored under
$AUDITOR_CACHE_DIR/github/ with the time they were fetched and reused for `ttl` seconds (a repository can
change its license, so entries expire); "unknown" answers are never cached. GITHUB_TOKEN, when set, is sent
as a bearer token; it never appears in a cache entry, a result, an error message or a repr.

Recorded licenses (auditor/data/github_licenses.json, built by scripts/build_github_licenses.py): when the
live API is not used (offline, or the client was made with `live=False` because GitHub was not enabled),
a repository with no cached answer is answered from that recording. Why: offline audits of well-known open
models would otherwise leave every code component unknown. A recorded answer is never passed off as a live
one: it carries `recorded` (where the license file was read and how it was identified) and `recorded_on`
(the date of the recording), and `from_cache` stays False. A live answer, when GitHub is asked and answers,
always wins; a failed live request (rate limit, server error) stays "unknown" rather than falling back,
so that a run that meant to ask GitHub says it could not.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from auditor.cachefile import read_cache_bytes
from auditor.lazyre import lazy_compile
from auditor.sources.hubhttp import in_words

DEFAULT_API = "https://api.github.com"
DEFAULT_TTL = 7 * 24 * 3600.0
USER_AGENT = "auditor (license and openness auditor; https://github.com/)"
LicenseState = Literal["identified", "unidentified", "absent", "unknown"]
RECORDING_FILE = "github_licenses.json"

_REPO_URL = lazy_compile(
    r"^(?:https?://)?(?:www\.)?github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/"
    r"(?P<repo>[A-Za-z0-9._-]{1,100}?)(?:\.git)?(?:[/#?].*)?$"
)
_NOT_REPOS = {
    "orgs",
    "sponsors",
    "settings",
    "features",
    "topics",
    "marketplace",
    "apps",
    "collections",
    "about",
    "pricing",
    "login",
    "join",
    "site",
    "enterprise",
    "users",
    "search",
    "explore",
}
_NAME_RE = lazy_compile(r"^[A-Za-z0-9._-]{1,100}$")


def parse_github_repo(url: str) -> str | None:
    """`owner/repo` for a github.com repository URL (any page inside it), or None for anything else."""
    match = _REPO_URL.match(url.strip())
    if not match:
        return None
    owner, repo = match.group("owner"), match.group("repo")
    if owner.lower() in _NOT_REPOS or repo in (".", ".."):
        return None
    return f"{owner}/{repo}"


@dataclass(frozen=True)
class RepoLicense:
    """What GitHub says about one repository's license; `state` says how much is known.

    identified: GitHub matched a license (spdx_id set). unidentified: a license file exists but GitHub could
    not identify it (NOASSERTION). absent: 404 (no license file detected, or no such public repository).
    unknown: we could not ask (offline, rate limited, server error); `reason` says why.
    `recorded` (the origin) and `recorded_on` (a date) are set only for answers from the shipped recording.
    """

    repo: str
    state: LicenseState
    spdx_id: str | None = None
    name: str | None = None
    key: str | None = None
    path: str | None = None
    sha: str | None = None
    html_url: str | None = None
    reason: str | None = None
    fetched_at: float | None = None
    from_cache: bool = False
    recorded: str | None = None
    recorded_on: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None and v is not False}


class GitHubClient:
    """A small, polite client for one endpoint: cached, rate-limit aware, never raising on network trouble."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        token: str | None = None,
        cache_dir: Path | str | None = None,
        offline: bool | None = None,
        ttl: float = DEFAULT_TTL,
        timeout: float = 10.0,
        use_cache: bool = True,
        live: bool = True,
        recording: Path | str | Literal[False] | None = None,
    ) -> None:
        """`live=False`: never ask GitHub (it was not enabled); answer from the cache or the recording.

        `recording`: None for the shipped auditor/data/github_licenses.json, a path for another file,
        False for none (then an unasked repository is simply unknown).
        """
        self.base_url = (base_url or os.environ.get("AUDITOR_GITHUB_API") or DEFAULT_API).rstrip("/")
        self._token = token if token is not None else (os.environ.get("GITHUB_TOKEN") or None)
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.offline = bool(offline) if offline is not None else _env_offline()
        self.ttl = ttl
        self.timeout = timeout
        self.use_cache = use_cache
        self.live = live
        self._recording = recording
        self.requests_made = 0
        self._blocked_until: float | None = None  # rate limited: no request before this time
        self._blocked_reason: str | None = None
        self._unreachable: str | None = None  # connection failed once: stop asking in this run
        self._memo: dict[str, RepoLicense] = {}

    def __repr__(self) -> str:  # never show the token
        return (
            f"GitHubClient(base_url={self.base_url!r}, token={'set' if self._token else 'unset'}, "
            f"offline={self.offline}, live={self.live})"
        )

    @property
    def asks_github(self) -> bool:
        """Whether this client sends requests at all (live and not offline)."""
        return self.live and not self.offline

    # -- cache ------------------------------------------------------------------------------------------

    @property
    def cache_dir(self) -> Path:
        if self._cache_dir is None:
            from auditor.sources.cache import default_cache_dir

            self._cache_dir = default_cache_dir()
        return self._cache_dir / "github" / "license"

    def _cache_file(self, repo: str) -> Path:
        host = re.sub(r"[^A-Za-z0-9.-]+", "_", self.base_url.split("://", 1)[-1])
        return self.cache_dir / host / (repo.replace("/", "__").lower() + ".json")

    def _cache_get(self, repo: str, now: float) -> RepoLicense | None:
        if not self.use_cache:
            return None
        try:
            data = json.loads(read_cache_bytes(self._cache_file(repo)))
            fetched = float(data["fetched_at"])
            if data.get("repo", "").lower() != repo.lower() or data.get("state") not in (
                "identified",
                "unidentified",
                "absent",
            ):
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None  # a missing or foreign file is a miss, never an error
        if now - fetched > self.ttl and self.asks_github:
            return None  # stale: ask again (offline or not live, a stale answer beats none)
        known = set(RepoLicense.__dataclass_fields__) - {"from_cache"}
        return RepoLicense(**{k: v for k, v in data.items() if k in known}, from_cache=True)

    def _cache_put(self, result: RepoLicense) -> None:
        if not self.use_cache or result.state == "unknown":
            return
        data = result.to_dict()
        data.pop("from_cache", None)
        text = json.dumps(data, sort_keys=True)
        if self._token and self._token in text:  # belt and braces: a token must never reach the disk
            return
        path = self._cache_file(result.repo)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except OSError:
            pass  # an unwritable cache costs a request next time, nothing more

    # -- the request ------------------------------------------------------------------------------------

    def repo_license(self, repo: str) -> RepoLicense:
        """The license of `owner/repo` (or a github.com URL). Never raises for network or API trouble."""
        parsed = parse_github_repo(repo) if "github.com" in repo else repo.strip().strip("/")
        if not parsed or parsed.count("/") != 1 or not all(_NAME_RE.match(p) for p in parsed.split("/")):
            return RepoLicense(str(repo), "unknown", reason="not a GitHub owner/repository name")
        repo = parsed
        if repo.lower() in self._memo:
            return self._memo[repo.lower()]
        now = time.time()
        cached = self._cache_get(repo, now)
        if cached is not None:
            self._memo[repo.lower()] = cached
            return cached
        if not self.asks_github:
            recorded = self._recorded(repo)
            if recorded is not None:
                self._memo[repo.lower()] = recorded
                return recorded
        result = self._fetch(repo, now)
        if result.state != "unknown":
            self._memo[repo.lower()] = result
            self._cache_put(result)
        return result

    def _unknown(self, repo: str, reason: str) -> RepoLicense:
        return RepoLicense(repo, "unknown", reason=reason)

    def _recorded(self, repo: str) -> RepoLicense | None:
        """The shipped recording's answer for `repo`, marked as a recording, or None."""
        if self._recording is False:
            return None
        path = Path(self._recording) if self._recording is not None else None
        entry = load_recording(path).get(repo.lower())
        if entry is None:
            return None
        return recorded_answer(entry)

    def _fetch(self, repo: str, now: float) -> RepoLicense:
        if not self.live:
            return self._unknown(
                repo, "GitHub was not consulted (not enabled) and no cached answer or recording exists"
            )
        if self.offline:
            return self._unknown(repo, "offline: GitHub was not asked and no cached answer or recording exists")
        if self._unreachable:
            return self._unknown(repo, self._unreachable)
        if self._blocked_until is not None and now < self._blocked_until:
            return self._unknown(repo, self._blocked_reason or "GitHub rate limit reached")
        import requests

        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": USER_AGENT,
        }
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        url = f"{self.base_url}/repos/{repo}/license"
        try:
            self.requests_made += 1
            response = requests.get(url, headers=headers, timeout=self.timeout, allow_redirects=True)
        except requests.RequestException as exc:
            self._unreachable = f"GitHub API unreachable ({in_words(exc)})"
            return self._unknown(repo, self._unreachable)
        exhausted_until = self._note_rate_limit(response, now)
        status = response.status_code
        if status in (403, 429):
            reset = exhausted_until if exhausted_until is not None else now + _retry_after(response)
            self._blocked_until = reset
            self._blocked_reason = (
                f"GitHub answered {status} (rate limit or access denied); not asking again "
                f"before {time.strftime('%H:%M:%S', time.localtime(reset))}"
            )
            return self._unknown(repo, self._blocked_reason)
        if status == 404:
            return RepoLicense(
                repo,
                "absent",
                reason="GitHub answered 404: no license file detected, or no such public repository",
                fetched_at=now,
            )
        if status != 200:
            return self._unknown(repo, f"GitHub answered HTTP {status}")
        try:
            body = response.json()
        except ValueError:
            return self._unknown(repo, "GitHub answered 200 with a body that is not JSON")
        if not isinstance(body, dict):
            return self._unknown(repo, "GitHub answered 200 with an unexpected body")
        lic = body.get("license") if isinstance(body.get("license"), dict) else {}
        spdx = lic.get("spdx_id") if isinstance(lic.get("spdx_id"), str) else None
        common = {
            "name": _str(lic.get("name")),
            "key": _str(lic.get("key")),
            "path": _str(body.get("path")),
            "sha": _str(body.get("sha")),
            "html_url": _str(body.get("html_url")),
            "fetched_at": now,
        }
        if not spdx or spdx == "NOASSERTION":
            return RepoLicense(
                repo,
                "unidentified",
                reason="GitHub found a license file but could not identify the license (NOASSERTION)",
                **common,
            )
        return RepoLicense(repo, "identified", spdx_id=spdx, **common)

    def _note_rate_limit(self, response: Any, now: float) -> float | None:
        """Stop before GitHub has to refuse us: remaining 0 means no request before the reset time.

        Returns the time requests may resume when the budget is exhausted, else None.
        """
        remaining = response.headers.get("X-RateLimit-Remaining")
        reset = response.headers.get("X-RateLimit-Reset")
        try:
            if remaining is None or int(remaining) > 0:
                return None
            until = float(reset) if reset is not None else now + 60.0
        except ValueError:
            return None
        self._blocked_until = max(until, now)
        self._blocked_reason = (
            "GitHub rate limit exhausted (X-RateLimit-Remaining 0); not asking again before "
            f"{time.strftime('%H:%M:%S', time.localtime(until))}"
        )
        return self._blocked_until


def recording_path() -> Path:
    """The shipped recording of GitHub repository licenses."""
    return Path(__file__).resolve().parent.parent / "data" / RECORDING_FILE


@cache
def _load_recording(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a missing or unreadable recording answers nothing; it never invents an answer
    repos = data.get("repositories") if isinstance(data, dict) else None
    if not isinstance(repos, dict):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for name, entry in repos.items():
        if (
            isinstance(name, str)
            and isinstance(entry, dict)
            and isinstance(entry.get("spdx_id"), str)
            and isinstance(entry.get("origin"), str)
            and entry["origin"].strip()
        ):
            out[name.lower()] = {**entry, "repo": name}
    return out


def load_recording(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """{owner/repo lower-cased: entry} from a recording file; entries without an origin are ignored."""
    return _load_recording((path or recording_path()).resolve())


def recorded_answer(entry: dict[str, Any]) -> RepoLicense:
    """A RepoLicense from one recording entry: identified, with its origin and date, never `from_cache`."""
    repo = str(entry["repo"])
    path = _str(entry.get("path"))
    commit = _str(entry.get("commit"))
    return RepoLicense(
        repo,
        "identified",
        spdx_id=str(entry["spdx_id"]),
        name=_str(entry.get("name")),
        path=path,
        html_url=f"https://github.com/{repo}/blob/{commit}/{path}" if commit and path else None,
        reason="answered from the shipped recording, not by GitHub",
        recorded=str(entry["origin"]),
        recorded_on=_str(entry.get("recorded")),
    )


def _retry_after(response: Any) -> float:
    value = response.headers.get("Retry-After")
    try:
        return max(float(value), 1.0) if value is not None else 60.0
    except ValueError:
        return 60.0


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _env_offline() -> bool:
    for name in ("AUDITOR_OFFLINE", "HF_HUB_OFFLINE"):
        if os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on"):
            return True
    return False
