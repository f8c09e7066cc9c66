"""A loopback fake of the Hugging Face Hub, for testing the Hub source through the real client.

It serves what huggingface_hub 2.x asks for, in the Hub's real shapes:
- `GET /api/models/{id}` and `/api/models/{id}/revision/{rev}` (and `/api/datasets/...`), honouring
  `expand` / `expand[]` by keeping only the listed keys (plus `_id` and `id`, which the Hub always sends);
- `GET /api/models/{id}/refs`: the repository's branches and tags as `list_repo_refs` reads them
  (`{"branches": [{"name", "ref", "targetCommit"}], "converts": [], "tags": [...]}`);
- `GET /api/models/{id}/commits/{rev}`: the commits reachable from `rev`, newest first, in the shape
  `list_repo_commits` parses (`[{"id", "title", "message", "authors": [{"user", "avatar"}], "date"}]`),
  `commits_page_size` per page, the next page named by a `Link: <...?p=N>; rel="next"` header (the client's
  `paginate` follows it); repositories given no explicit history list their revisions in the order added;
- `HEAD` and `GET /{id}/resolve/{rev}/{file}` and `/datasets/{id}/resolve/{rev}/{file}` with the headers
  hf_hub_download needs: `X-Repo-Commit`, `ETag`, `Content-Length` (a HEAD answers with the headers only);
- `404` with `X-Error-Code: RepoNotFound` / `RevisionNotFound` / `EntryNotFound`, `401` gated files with
  `X-Error-Code: GatedRepo` unless the request carries an accepted token, private repositories as the Hub
  shows them to strangers (401 RepoNotFound), and `307` with `Location` for renamed repositories;
- injectable faults per path: an HTTP status (429 with Retry-After, 500, a 302 elsewhere...) N times or
  always, a stall (the request is accepted and never answered until the fixture ends), a truncated JSON
  body, an API answer whose fields are all null ("nulls"), and a body given as bytes ("body": JSON no encoder
  writes, a key twice or NaN);
- old names still served with 200 under the old id (`alias`: same `_id`, same SHA, as the Hub does for
  `gpt2` / `openai-community/gpt2`), and headers a mirror may drop (`drop_headers`, e.g. X-Repo-Commit);
- a round-trip `latency` (seconds) added before every answer that is not a fault, for benchmarks.

Every request is counted by (method, path) so tests can assert how many requests a fetch made, and its
arrival time is kept in `stamps` (time.monotonic) so tests can see when requests went out. Repositories
are loaded from tests/fixtures/hub/repos/<kind>s/<org>__<name>/ (api.json + files/), see SOURCES.md there.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hub"


@dataclass
class FakeRepo:
    """One repository: its API body and files per commit SHA, and its branches/tags."""

    id: str
    kind: str = "model"
    revisions: dict[str, tuple[dict[str, Any], dict[str, bytes]]] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # branch or tag -> sha; "main" is the default
    tags: set[str] = field(default_factory=set)  # which names in `refs` are tags (the others are branches)
    private: bool = False
    gated_files: bool = False  # files need an accepted token (the API body stays public, as on the Hub)
    gated_api: bool = False  # the API itself refuses without an accepted token (403 GatedRepo)
    tokens: set[str] = field(default_factory=set)  # tokens granted access
    commits: list[dict[str, Any]] = field(default_factory=list)  # linear history, oldest first (add_commit)

    def resolve(self, rev: str | None) -> str | None:
        rev = rev or "main"
        if rev in self.refs:
            return self.refs[rev]
        return rev if rev in self.revisions else None


@dataclass
class Fault:
    """A fault for requests whose path matches `path` (an fnmatch pattern) and, if given, `method`."""

    path: str
    kind: str  # "status" | "stall" | "truncate" | "nulls" | "body" (answer 200 with `body` as it is)
    status: int = 500
    times: int | None = None  # None: always
    retry_after: str | None = None
    method: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hits: int = 0
    body: bytes = b""  # kind "body": bytes no JSON encoder writes (a key twice, NaN), sent as application/json


def sha_of(text: str) -> str:
    """A stable fake commit SHA (40 hex) derived from a label, so fixtures read naturally."""
    return hashlib.sha1(text.encode()).hexdigest()


def _join_when_started(thread: threading.Thread, deadline: float) -> None:
    """Join `thread` by `deadline`. threading.enumerate() also lists a thread whose start() has not yet run it,
    and joining such a thread raises RuntimeError ("cannot join thread before it is started"); wait for it to
    start instead, within the same deadline (seen as a rare teardown error under load)."""
    while True:
        try:
            thread.join(max(0.0, deadline - time.monotonic()))
            return
        except RuntimeError:
            if time.monotonic() >= deadline:
                return
            time.sleep(0.005)


class FakeHub:
    """The server's state. Thread-safe: the server answers each request in its own thread."""

    def __init__(self) -> None:
        self.repos: dict[tuple[str, str], FakeRepo] = {}
        self.renames: dict[tuple[str, str], str] = {}
        self.aliases: dict[tuple[str, str], str] = {}  # old name -> id, served with 200 under the old name
        self.latency = 0.0
        self.commits_page_size = 50
        self.drop_headers: set[str] = set()
        self.stamps: list[tuple[float, str, str]] = []  # (arrival, method, path) per request
        self.faults: list[Fault] = []
        self.requests: Counter[tuple[str, str]] = Counter()
        # (method, path?query, headers with lower-case names) per request
        self.log: list[tuple[str, str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.closing = threading.Event()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    # -------------------------------------------------------------- set-up

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def add_repo(self, repo_id: str, body: dict[str, Any], files: dict[str, str | bytes] | None = None, *,
                 kind: str = "model", sha: str | None = None, branch: str | None = "main",
                 **options: Any) -> FakeRepo:
        """Add (or add a revision to) a repository; `branch` is moved to this revision."""
        key = (kind, repo_id.lower())
        repo = self.repos.get(key) or FakeRepo(id=repo_id, kind=kind)
        for name, value in options.items():
            setattr(repo, name, value)
        sha = sha or body.get("sha") or sha_of(f"{repo_id}@{len(repo.revisions)}")
        blobs = {n: (v.encode() if isinstance(v, str) else v) for n, v in (files or {}).items()}
        body = {**body, "id": repo_id, "sha": sha}
        body.setdefault("_id", sha_of(repo_id)[:24])
        if "siblings" not in body:
            body["siblings"] = [{"rfilename": n} for n in sorted(blobs)]
        repo.revisions[sha] = (body, blobs)
        if branch:
            repo.refs[branch] = sha
        self.repos[key] = repo
        return repo

    def add_commit(self, repo_id: str, files: dict[str, str | bytes], *, date: str, title: str = "Upload",
                   sha: str | None = None, body: dict[str, Any] | None = None, kind: str = "model",
                   author: str = "synthetic-user") -> str:
        """One more commit on `main` (a linear history): its files are the whole tree at that commit.
        Returns its SHA. The commit list (`/commits/{rev}`) serves these, newest first."""
        key = (kind, repo_id.lower())
        count = len(self.repos[key].commits) if key in self.repos else 0
        sha = sha or sha_of(f"{repo_id}#commit{count}")
        repo = self.add_repo(repo_id, dict(body or {}), files, kind=kind, sha=sha)
        repo.commits.append({"id": sha, "title": title, "message": "", "date": date,
                             "authors": [{"user": author, "avatar": "https://example.invalid/avatar.png"}]})
        return sha

    def rename(self, old_id: str, new_id: str, *, kind: str = "model") -> None:
        self.renames[(kind, old_id.lower())] = new_id

    def alias(self, old_id: str, repo_id: str, *, kind: str = "model") -> None:
        """Serve `old_id` with 200 as `repo_id` under the old id (same `_id`, same SHA), as the Hub does for
        some legacy names."""
        self.aliases[(kind, old_id.lower())] = repo_id

    def fault(self, path: str, kind: str = "status", *, status: int = 500, times: int | None = None,
              retry_after: int | str | None = None, method: str | None = None,
              headers: dict[str, str] | None = None, body: bytes = b"") -> Fault:
        f = Fault(path=path, kind=kind, status=status, times=times,
                  retry_after=None if retry_after is None else str(retry_after), method=method,
                  headers=dict(headers or {}), body=body)
        with self.lock:
            self.faults.append(f)
        return f

    def load_fixtures(self, root: Path = FIXTURES / "repos") -> None:
        """Every recorded repository under tests/fixtures/hub/repos/<kind>s/<org>__<name>/."""
        for kind_dir in sorted(root.iterdir()) if root.is_dir() else ():
            kind = kind_dir.name.rstrip("s")
            for repo_dir in sorted(p for p in kind_dir.iterdir() if p.is_dir()):
                spec = json.loads((repo_dir / "repo.json").read_text())
                body = json.loads((FIXTURES / spec["api"]).read_text()) if "api" in spec else {}
                body.update(spec.get("body") or {})
                files_dir = repo_dir / "files"
                files = {str(p.relative_to(files_dir)): p.read_bytes()
                         for p in sorted(files_dir.rglob("*")) if p.is_file()} if files_dir.is_dir() else {}
                self.add_repo(spec["id"], body, files, kind=kind, sha=body.get("sha"),
                              **(spec.get("options") or {}))
                for old in spec.get("renamed_from") or ():
                    self.rename(old, spec["id"], kind=kind)

    # -------------------------------------------------------------- counting

    def count(self, path: str, method: str | None = None) -> int:
        """Requests whose path (without query) matches `path` (fnmatch pattern), optionally by method."""
        with self.lock:
            return sum(n for (m, p), n in self.requests.items()
                       if fnmatch.fnmatchcase(p, path) and (method is None or m == method))

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.requests.values())

    def reset_counts(self) -> None:
        with self.lock:
            self.requests.clear()
            self.log.clear()
            self.stamps.clear()

    # -------------------------------------------------------------- serving

    def start(self) -> FakeHub:
        hub = self

        class Handler(_Handler):
            fake = hub

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True, name="fakehub")
        self.thread.start()
        return self

    def stop(self, drain: float = 3.0) -> None:
        """Stop serving, but first let client calls abandoned at a deadline finish.

        A fetch gives up on a stalled call by abandoning its worker thread; left alone, that thread would go
        on retrying (hf_hub_download retries for tens of seconds) against whatever next listens on this
        port, and its connection errors close the client's shared session under later tests. So, while
        closing, every request (stalled ones included) is answered at once with a final 404, and the
        abandoned threads are given `drain` seconds to end before the socket closes.
        """
        self.closing.set()
        deadline = time.monotonic() + drain
        for thread in threading.enumerate():
            if thread.name == "auditor-hub-call":
                _join_when_started(thread, deadline)
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for f in self.faults:
                if f.method and f.method != method:
                    continue
                if not fnmatch.fnmatchcase(path, f.path):
                    continue
                if f.times is not None and f.hits >= f.times:
                    continue
                f.hits += 1
                return f
        return None


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHub
    protocol_version = "HTTP/1.1"
    # One answer, one TCP write, no Nagle: otherwise headers and body leave in two segments and every
    # request waits for the client's delayed ACK (about 40 ms on Linux), which is no Hub's behaviour.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    # -------------------------------------------------------------- plumbing

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
              content_type: str = "application/json; charset=utf-8") -> None:
        self.send_response(status)
        all_headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **(headers or {})}
        for name in self.fake.drop_headers:
            all_headers.pop(name, None)
        for name, value in all_headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _error(self, status: int, code: str | None, message: str,
               headers: dict[str, str] | None = None) -> None:
        extra = {"X-Error-Message": message, **(headers or {})}
        if code:
            extra["X-Error-Code"] = code
        self._send(status, json.dumps({"error": message}).encode(), extra)

    def _authorized(self, repo: FakeRepo) -> bool:
        auth = self.headers.get("Authorization") or ""
        return auth.startswith("Bearer ") and auth[len("Bearer "):] in repo.tokens

    def _handle(self, method: str) -> None:
        fake = self.fake
        split = urlsplit(self.path)
        path = split.path
        with fake.lock:
            fake.requests[(method, path)] += 1
            fake.stamps.append((time.monotonic(), method, path))
            fake.log.append((method, self.path, {k.lower(): v for k, v in self.headers.items()}))
        if fake.closing.is_set():
            self._error(404, "RepoNotFound", "the fake Hub is shutting down")
            return
        fault = fake.take_fault(method, path)
        if fault is not None and fault.kind == "stall":
            fake.closing.wait(60)  # accept, never answer, until the fixture ends
            self._error(404, "RepoNotFound", "the fake Hub is shutting down")
            return
        if fault is not None and fault.kind == "body":
            self._send(200, fault.body, content_type="application/json")
            return
        if fault is not None and fault.kind == "status":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            headers.update(fault.headers)
            self._error(fault.status, None, f"injected {fault.status}", headers)
            return
        if fake.latency > 0:
            time.sleep(fake.latency)
        query = parse_qs(split.query)
        if path.startswith("/api/models/") or path.startswith("/api/datasets/"):
            self._api(path, split.query, query, truncate=fault is not None and fault.kind == "truncate",
                      nulls=fault is not None and fault.kind == "nulls")
        elif "/resolve/" in path:
            self._resolve(path)
        else:
            self._error(404, None, "Not Found")

    def _unseen(self, repo: FakeRepo | None) -> bool:
        """Answer as the Hub does for a repository this client cannot see (none, or private); True if it did."""
        if repo is None or (repo.private and not self._authorized(repo)):
            self._error(401 if repo is not None else 404, "RepoNotFound", "Repository not found")
            return True
        return False

    def _lookup(self, kind: str, repo_id: str) -> tuple[FakeRepo | None, str | None]:
        """(repo, None) or (None, new id) for a renamed repository, or (None, None). An alias is its repo."""
        key = (kind, repo_id.lower())
        if key in self.fake.renames:
            return None, self.fake.renames[key]
        if key in self.fake.aliases:
            key = (kind, self.fake.aliases[key].lower())
        return self.fake.repos.get(key), None

    # -------------------------------------------------------------- /api/{kind}s/{id}[/revision/{rev}]

    def _api(self, path: str, raw_query: str, query: dict[str, list[str]], *, truncate: bool,
             nulls: bool = False) -> None:
        prefix = "/api/models/" if path.startswith("/api/models/") else "/api/datasets/"
        kind = "model" if prefix == "/api/models/" else "dataset"
        rest = path[len(prefix):]
        if rest.endswith("/refs") and "/revision/" not in rest:
            self._refs(kind, unquote(rest[: -len("/refs")]))
            return
        if "/commits/" in rest and "/revision/" not in rest:
            repo_part, _, rev_part = rest.partition("/commits/")
            self._commits(kind, unquote(repo_part), unquote(rev_part), query, truncate=truncate)
            return
        repo_id, _, rev = rest.partition("/revision/")
        repo_id, rev = unquote(repo_id), unquote(rev) or None
        repo, new_id = self._lookup(kind, repo_id)
        if new_id is not None:
            location = prefix + new_id + (f"/revision/{quote(rev, safe='')}" if rev else "")
            if raw_query:
                location += "?" + raw_query
            self._send(307, b"", {"Location": location}, content_type="text/plain")
            return
        if self._unseen(repo):
            return
        if repo.gated_api and not self._authorized(repo):
            self._error(403, "GatedRepo", f"Access to model {repo.id} is restricted and you are not in the "
                        "authorized list.")
            return
        sha = repo.resolve(rev)
        if sha is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {rev}")
            return
        body, _ = repo.revisions[sha]
        if (kind, repo_id.lower()) in self.fake.aliases:
            body = {**body, "id": repo_id}  # the old name, as asked: same _id and sha
        expand = query.get("expand", []) + query.get("expand[]", [])
        if expand:
            body = {k: v for k, v in body.items() if k in expand or k in ("_id", "id")}
        if nulls:
            body = {k: (v if k == "id" else None) for k, v in body.items()}
        data = json.dumps(body).encode()
        if truncate:
            data = data[: max(1, len(data) // 2)]
        self._send(200, data)

    def _refs(self, kind: str, repo_id: str) -> None:
        repo, new_id = self._lookup(kind, repo_id)
        if new_id is not None:
            self._send(307, b"", {"Location": f"/api/{kind}s/{new_id}/refs"}, content_type="text/plain")
            return
        if self._unseen(repo):
            return

        def ref(name: str, sha: str, folder: str) -> dict[str, str]:
            return {"name": name, "ref": f"refs/{folder}/{name}", "targetCommit": sha}

        body = {
            "branches": [ref(n, s, "heads") for n, s in sorted(repo.refs.items()) if n not in repo.tags],
            "converts": [],
            "tags": [ref(n, s, "tags") for n, s in sorted(repo.refs.items()) if n in repo.tags],
        }
        self._send(200, json.dumps(body).encode())

    def _commits(self, kind: str, repo_id: str, rev: str, query: dict[str, list[str]], *,
                 truncate: bool = False) -> None:
        """The commits reachable from `rev`, newest first, one page of `commits_page_size` (`?p=N`, from 0)."""
        repo, new_id = self._lookup(kind, repo_id)
        if new_id is not None:
            self._send(307, b"", {"Location": f"/api/{kind}s/{new_id}/commits/{quote(rev, safe='')}"},
                       content_type="text/plain")
            return
        if self._unseen(repo):
            return
        sha = repo.resolve(rev)
        if sha is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {rev}")
            return
        history = repo.commits or [
            {"id": s, "title": "Upload", "message": "", "date": f"2024-01-{i % 28 + 1:02d}T00:00:00.000Z",
             "authors": [{"user": "synthetic-user", "avatar": "https://example.invalid/avatar.png"}]}
            for i, s in enumerate(repo.revisions)]  # synthetic dates for fixtures without a history
        ids = [c["id"] for c in history]
        reachable = list(reversed(history[: ids.index(sha) + 1])) if sha in ids else []
        size = max(1, self.fake.commits_page_size)
        page = int((query.get("p") or ["0"])[0])
        body = json.dumps(reachable[page * size:(page + 1) * size]).encode()
        if truncate:
            body = body[: max(1, len(body) // 2)]
        headers = {}
        if (page + 1) * size < len(reachable):
            headers["Link"] = (f'<{self.fake.url}/api/{kind}s/{repo.id}/commits/{quote(rev, safe="")}'
                               f'?p={page + 1}>; rel="next"')
        self._send(200, body, headers)

    # -------------------------------------------------------------- /[datasets/]{id}/resolve/{rev}/{file}

    def _resolve(self, path: str) -> None:
        if path.startswith("/datasets/"):
            kind, rest = "dataset", path[len("/datasets/"):]
        else:
            kind, rest = "model", path[1:]
        repo_part, _, tail = rest.partition("/resolve/")
        repo_id = unquote(repo_part)
        raw_rev, _, raw_file = tail.partition("/")
        rev, filename = unquote(raw_rev), unquote(raw_file)
        repo, new_id = self._lookup(kind, repo_id)
        if new_id is not None:
            prefix = "/datasets/" if kind == "dataset" else "/"
            self._send(307, b"", {"Location": f"{prefix}{new_id}/resolve/{raw_rev}/{raw_file}"},
                       content_type="text/plain")
            return
        if self._unseen(repo):
            return
        if (repo.gated_files or repo.gated_api) and not self._authorized(repo):
            self._error(401, "GatedRepo", f"Access to model {repo.id} is restricted. You must have access to "
                        "it and be authenticated to access it. Please log in.")
            return
        sha = repo.resolve(rev)
        if sha is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {rev}")
            return
        _, blobs = repo.revisions[sha]
        if filename not in blobs:
            self._error(404, "EntryNotFound", f"{filename} does not exist on \"{rev}\"",
                        {"X-Repo-Commit": sha})
            return
        content = blobs[filename]
        etag = '"' + hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest() + '"'
        self._send(200, content, {"X-Repo-Commit": sha, "ETag": etag},
                   content_type="text/plain; charset=utf-8")


def add_family(hub: FakeHub, n: int, *, depth: int = 2, prefix: str = "fam") -> list[str]:
    """`n` synthetic lineages of `depth` models each: `{prefix}/m{i}-l0` (the fine-tune asked for) names
    `{prefix}/m{i}-l1` as its base, and so on up to level depth-1 (no base). Returns the fine-tunes' ids.

    Each card names its license (apache-2.0), so a fetch reads the metadata and the README only.
    """
    roots = []
    for i in range(n):
        for level in range(depth):
            repo_id = f"{prefix}/m{i}-l{level}"
            base = f"base_model: {prefix}/m{i}-l{level + 1}\n" if level + 1 < depth else ""
            card = f"---\nlicense: apache-2.0\n{base}---\n\nSynthetic model {i} at lineage level {level}.\n"
            hub.add_repo(repo_id, {"gated": False, "private": False, "tags": ["license:apache-2.0"],
                                   "cardData": {"license": "apache-2.0"}},
                         {"README.md": card, "model.safetensors": b"\0"})
        roots.append(f"{prefix}/m{i}-l0")
    return roots


# A repository whose declared license changes between commits, in the shape of microsoft/phi-2's change (a
# research license, then MIT: ../shared/corpus/README.md). SYNTHETIC: the id, SHAs, dates, authors and the
# prose are invented; the "before" front matter follows the research-license fields a phi-2 derivative's card
# still carries (corpus cards/cognitivecomputations__dolphin-2_6-phi-2.md), the "after" one the fields of
# microsoft/phi-2's current card (corpus cards/microsoft__phi-2.md).
LICENSE_HISTORY_REPO = "synthetic/phi-2-license-history"
RESEARCH_CARD = ("---\nlicense: other\nlicense_name: microsoft-research-license\nlicense_link: LICENSE\n"
                 "pipeline_tag: text-generation\n---\n\nSynthetic card (research license).\n")
MIT_CARD = ("---\nlicense: mit\nlicense_link: https://huggingface.co/microsoft/phi-2/resolve/main/LICENSE\n"
            "pipeline_tag: text-generation\n---\n\nSynthetic card (MIT).\n")


def add_license_history(hub: FakeHub, repo_id: str = LICENSE_HISTORY_REPO, *, commits: int = 12,
                        no_readme: int = 1, change_at: int | None = 7, before: str = RESEARCH_CARD,
                        after: str = MIT_CARD) -> list[str]:
    """A synthetic linear history of `commits` commits (oldest first; SHAs returned): the first
    `no_readme` have no README (the Hub's initial commit holds only .gitattributes), then the card declares
    `before` until commit `change_at` (None: never), from which it declares `after`. One synthetic commit a
    day from 2023-12-01."""
    shas = []
    for i in range(commits):
        files: dict[str, str | bytes] = {".gitattributes": "*.safetensors filter=lfs\n"}
        if i >= no_readme:
            files["README.md"] = after if change_at is not None and i >= change_at else before
        day = datetime(2023, 12, 1, 9, 30, tzinfo=UTC) + timedelta(days=i)
        shas.append(hub.add_commit(repo_id, files, date=day.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                                   title="initial commit" if i == 0 else f"Upload (synthetic {i})",
                                   body={"gated": False, "private": False}))
    return shas


@pytest.fixture
def fake_hub() -> Iterator[FakeHub]:
    """A started fake Hub holding every fixture repository; stopped (and stalls released) afterwards."""
    hub = FakeHub()
    hub.load_fixtures()
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()
