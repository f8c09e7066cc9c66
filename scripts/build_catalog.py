"""Build the embedded offline catalog (auditor/data/catalog.jsonl) and its summary (auditor/data/CATALOG.md).

Why a builder instead of a hand-edited file: every fact in the catalog must say where it came from, and the
catalog must be reproducible from those origins. The builder reads only recorded public material:

1. ../shared/corpus/cards/*.md with cards/SOURCES.tsv: real model cards (front matter kept, prose counted).
2. ../shared/corpus/hub/api/*.json: real `GET /api/models/{id}` bodies (file list, SHA, gated state, ...).
3. ../shared/corpus/hub/repo_files/<org>__<name>/FILE_LIST.tsv: one real repository file list.
4. ../shared/corpus/hub/hub_tags_2024_leliuga.jsonl: real tag lists of GGUF repos (used where the facts
   files name the GGUF repository that a manifest row describes).
5. ../shared/corpus/mof/models/*.yml: Model Openness Framework declarations naming a Hub repository.
6. scripts/catalog_facts/*.yaml: facts established by hand from public copies of model and dataset cards
   (front matter only), each with its origin (repository@commit:path, or the URL of a stored copy of a Hub
   page: scripts/catalog_facts/pages.yaml).
7. ../shared/corpus/facts/ (see its SOURCES.md), each line with its source repository, path and commit:
   huggingface_hub_cassettes.jsonl (recorded `GET /api/models/{id}` answers: SHA, gated state, file list,
   tags, the card's license / base_model / datasets), card_copies.jsonl (third-party copies of two cards'
   front matter) and hf_datasets_legacy_cards.jsonl (the license keys of 764 legacy dataset cards).
   ecosystem_graphs.jsonl gives, for a model whose card declares no license (no license key, no license tag),
   its `license` value as a third party's record (`_auditor.third_party_licenses`): a curator's free text about
   the model, not what the repository declares, so the resolver reads it last and the review marks it secondary.

When two sources describe the same repository, the earlier one in that list wins (a corpus card over a
stored page) and the disagreement is listed in CATALOG.md instead of being resolved silently.

Policy: facts only, each with its origin; a field nobody established (a file list, a SHA, gated state) is
absent, never guessed. Card prose never enters the catalog (only its length), and neither does license
text: front-matter values that carry it (`extra_gated_prompt`, long descriptions, values over 2 KB) are
replaced by an entry in `_auditor.omitted` with their SHA-256, length and, when `auditor.licenses.identify`
is available, what license they were identified as.

Usage:  python scripts/build_catalog.py [--corpus DIR] [--out DIR] [--check]
`--check` builds in memory and fails (exit 1) when the committed outputs differ from a fresh build.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # runnable as a plain script from a checkout
    sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from auditor.card import card_base_models, parse_card  # noqa: E402
from auditor.model import ModelRecord, Problem  # noqa: E402
from auditor.sources.catalog import GATE_MODE_NOT_SHOWN, write_catalog  # noqa: E402
from auditor.sources.hubjson import AUDITOR_KEY, hub_json_from_record, record_from_hub_json  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
FACTS_DIR = REPO / "scripts" / "catalog_facts"
OUT_DIR = REPO / "auditor" / "data"
CATALOG_FILE = "catalog.jsonl"
SUMMARY_FILE = "CATALOG.md"

# Front-matter keys whose value is license text or a reader-facing agreement: never stored, whatever
# the length. Other keys are dropped only when they are long (prose, or bulky eval tables).
ALWAYS_OMIT = frozenset({"extra_gated_prompt"})
MAX_STRING = 300  # a string value longer than this is prose (descriptions, templates, notices)
MAX_VALUE_JSON = 2048  # any value whose JSON is longer than this (model-index tables, widget examples)

# API body keys the catalog keeps (record_from_hub_json reads exactly these).
API_KEYS = ("sha", "gated", "private", "disabled", "library_name", "pipeline_tag", "tags", "siblings",
            "config", "lastModified", "createdAt")

_HF_URL = re.compile(r"^(?:https?://huggingface\.co/)?(?P<id>[A-Za-z0-9][\w.-]*/[\w.-]*[A-Za-z0-9_])"
                     r"(?:\s+·\s+Hugging Face)?/?$")
_NOT_REPOS = ("collections", "papers", "datasets", "spaces", "docs", "blog")


class BuildError(Exception):
    """A source or facts file the builder cannot use; the message names the file (and entry)."""


@dataclass(frozen=True)
class Disagreement:
    """Two sources give one repository different values for a field; `kept` is the one the catalog holds."""

    id: str
    field: str
    kept: Any
    kept_from: str
    other: Any
    other_from: str


# Fields whose disagreement between sources matters to an audit (license and lineage, gated state).
COMPARED_CARD_KEYS = ("license", "license_name", "license_link", "base_model", "base_model_relation")


@dataclass
class Draft:
    """Everything established about one repository, before it becomes a record.

    `parts` lists (field names, origin) so that CATALOG.md and the record's `origin` say which source gave
    which facts when several sources describe the same repository.
    """

    id: str
    kind: str = "model"
    card: dict[str, Any] | None = None
    card_present: bool | None = None
    card_body_length: int | None = None
    card_statements: list[dict[str, Any]] = field(default_factory=list)
    # the statement kinds transcribed from a card copy's prose, when not all (a facts entry's `card_kinds_read`)
    card_kinds_read: tuple[str, ...] | None = None
    card_problems: list[Problem] = field(default_factory=list)
    # the source of the prose reading when it is not the card's own source (a copy read beside an API answer)
    prose_origin: str | None = None
    api: dict[str, Any] = field(default_factory=dict)
    omitted: dict[str, dict[str, Any]] = field(default_factory=dict)
    mof: dict[str, Any] | None = None
    third_party_licenses: list[dict[str, str]] = field(default_factory=list)
    requested: str | None = None
    parts: list[tuple[str, str]] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    def add(self, fields: str, origin: str) -> None:
        if (fields, origin) not in self.parts:
            self.parts.append((fields, origin))

    @property
    def origin(self) -> str:
        return "; ".join(f"{fields}: {origin}" for fields, origin in self.parts)


# --- long values -----------------------------------------------------------------------------------------


def _canonical(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def identify(text: str) -> dict[str, Any] | None:
    """What license a left-out text is, via auditor.licenses.identify when that module exists.

    Imported lazily and optional: the catalog can be built before identification exists, and the entry
    then simply has no `identified` (CATALOG.md says so).
    """
    try:
        from auditor.licenses.identify import identify_text
    except ImportError:
        return None
    found = identify_text(text)
    if found is None:
        return {"license_id": None}
    out: dict[str, Any] = {"license_id": found.license_id, "version": found.version, "score": found.score}
    also = [{"license_id": a.license_id, "version": a.version, "score": a.score, "kind": a.kind}
            for a in found.also]
    if also:
        out["also"] = also
    return out


def identification_available() -> bool:
    try:
        import auditor.licenses.identify  # noqa: F401
    except ImportError:
        return False
    return True


def omission(value: Any, *, license_like: bool) -> dict[str, Any]:
    text = _canonical(value)
    entry: dict[str, Any] = {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "length": len(text)}
    if not isinstance(value, str):
        entry["encoding"] = "json"  # sha256 of the canonical JSON (sorted keys, no spaces)
    if license_like and isinstance(value, str):
        found = identify(value)
        if found is not None:
            entry["identified"] = found
    return entry


def strip_long_values(card: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The card without license texts and long prose, and the `omitted` entries that replace them."""
    kept: dict[str, Any] = {}
    omitted: dict[str, dict[str, Any]] = {}
    for key, value in card.items():
        license_like = key in ALWAYS_OMIT or key.startswith("extra_gated_")
        too_long = ((isinstance(value, str) and len(value) > MAX_STRING)
                    or len(_canonical(value)) > MAX_VALUE_JSON)
        if key in ALWAYS_OMIT or too_long:
            omitted[f"card.{key}"] = omission(value, license_like=license_like)
        else:
            kept[key] = value
    return kept, omitted


def _json_safe(value: Any) -> Any:
    """YAML gives dates and other scalars JSON does not have; the catalog stores them as strings."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# --- sources ---------------------------------------------------------------------------------------------


def card_text(path: Path) -> str:
    """A card's text as the Hub, `grep -n` and auditor's own sources read it (bytes decoded, lines split on "\\n" only).
    Path.read_text translates every "\\r" into a line break, so a card with "\\r\\r\\n" endings
    (timdettmers/guanaco-65b) had each line counted twice and its statements cited at twice their line (review pass
    34 E1). "\\r\\n" is read as "\\n" (the line count is the same, and the prose's length stays that of its text)."""
    return path.read_bytes().decode("utf-8").replace("\r\n", "\n")


def read_corpus_cards(corpus: Path) -> tuple[list[Draft], list[dict[str, str]]]:
    """Source 1. Returns the drafts and the skipped rows (local__* cards are not Hub repositories)."""
    tsv = corpus / "cards" / "SOURCES.tsv"
    if not tsv.is_file():
        raise BuildError(f"{tsv}: not found (is --corpus the shared corpus folder?)")
    drafts: list[Draft] = []
    skipped: list[dict[str, str]] = []
    with tsv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name, hub_id = row["file"], row["hf_repo_id"].strip()
            if name.startswith("local__") or "/" not in hub_id:
                skipped.append(row)
                continue
            text = card_text(corpus / "cards" / name)
            parsed = parse_card(text, file="README.md", repo_id=hub_id)
            card, omitted = strip_long_values(_json_safe(parsed.front_matter))
            draft = Draft(id=hub_id, card=card, card_present=True, card_body_length=parsed.body_length,
                          card_statements=[st.to_dict() for st in parsed.statements],
                          card_problems=list(parsed.problems), omitted=omitted)
            draft.add("card", f"corpus card {name} ({row['source_repo']}@{row['source_commit']}:"
                              f"{row['source_path']})")
            drafts.append(draft)
    return drafts, skipped


def read_api_bodies(corpus: Path) -> list[Draft]:
    """Source 2: recorded API responses. cardData is the Hub's normalised front matter."""
    folder = corpus / "hub" / "api"
    origins: dict[str, dict[str, str]] = {}
    with (folder / "SOURCES.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            origins[row["file"]] = row
    drafts = []
    for path in sorted(folder.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        row = origins.get(path.name)
        if row is None:
            raise BuildError(f"{path}: no row in {folder / 'SOURCES.tsv'}; its origin is unknown")
        draft = Draft(id=body["id"])
        draft.api = {k: body[k] for k in API_KEYS if k in body}
        if isinstance(body.get("cardData"), dict):
            draft.card, draft.omitted = strip_long_values(body["cardData"])
        draft.add("api (sha, gated, tags, files, config, cardData)",
                  f"recorded GET {row['uri']} of {row['date']} ({row['source_repo']}@{row['commit']}:"
                  f"{row['path']})")
        drafts.append(draft)
    return drafts


def read_repo_files(corpus: Path) -> list[Draft]:
    """Source 3: a repository's file list (and the LICENSE it ships, identified but never stored)."""
    drafts = []
    for folder in sorted((corpus / "hub" / "repo_files").iterdir()):
        if not folder.is_dir() or "__" not in folder.name:
            continue
        source = dict(line.split("\t", 1) for line in (folder / "SOURCE.txt").read_text().splitlines()
                      if "\t" in line)
        prefix = source.get("path", "").strip()
        files = []
        for line in (folder / "FILE_LIST.tsv").read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                path = line.split("\t", 1)[1]
                files.append(path[len(prefix):] if prefix and path.startswith(prefix) else path)
        hub_id = folder.name.replace("__", "/", 1)
        origin = f"{source.get('source_repo')}@{source.get('commit')}:{prefix} (a copy of the Hub repository)"
        draft = Draft(id=hub_id)
        draft.api["siblings"] = [{"rfilename": f} for f in sorted(files)]
        draft.add("files", origin)
        for lic in sorted(folder.glob("LICENSE*")):
            draft.omitted[f"file:{lic.name}"] = omission(lic.read_text(encoding="utf-8"), license_like=True)
            draft.add(f"file:{lic.name} (identified, not stored)", origin)
        drafts.append(draft)
    return drafts


def _facts_lines(corpus: Path, name: str) -> list[dict[str, Any]]:
    path = corpus / "facts" / name
    if not path.is_file():
        raise BuildError(f"{path}: not found (is --corpus the shared corpus folder?)")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        source = row.get("source") if isinstance(row, dict) else None
        if not isinstance(source, dict) or not all(source.get(k) for k in ("repo", "path", "commit")):
            raise BuildError(f"{path}:{number}: a line needs source.repo, source.path and source.commit")
        rows.append(row)
    return rows


def _cited(source: dict[str, Any]) -> str:
    return f"{source['repo']}@{source['commit']}:{source['path']}"


def read_cassettes(corpus: Path) -> list[Draft]:
    """Source 7a: Hub API answers recorded by huggingface_hub's tests. Answers that carry only an `expand`
    field (no SHA, no file list) say nothing an audit reads and are left out; of several full answers for one
    repository the newest (by the answer's Date header) is kept, since the catalog's unpinned answer is the
    latest it knows. Only the card keys the recording kept (license, base_model, datasets) are set."""
    newest: dict[str, tuple[Any, dict[str, Any]]] = {}
    for row in _facts_lines(corpus, "huggingface_hub_cassettes.jsonl"):
        if row.get("note") or not isinstance(row.get("sha"), str):
            continue
        when = _http_date(str(row["source"].get("response_date") or ""))
        key = str(row["id"]).lower()
        if key not in newest or when > newest[key][0]:
            newest[key] = (when, row)
    # One repository under two names: the Hub answers some old names (gpt2) with the renamed repository's
    # own revision. Same SHA = same repository; the namespaced name is the repository's, the other an alias.
    by_sha: dict[str, list[dict[str, Any]]] = {}
    for _, row in newest.values():
        by_sha.setdefault(row["sha"], []).append(row)
    aliases: dict[str, str] = {}
    for rows in by_sha.values():
        named = sorted(rows, key=lambda r: ("/" not in str(r["id"]), str(r["id"]).lower()))
        for other in named[1:]:
            aliases[str(named[0]["id"]).lower()] = str(other["id"])
            newest.pop(str(other["id"]).lower())
    drafts = []
    for _, row in sorted(newest.values(), key=lambda item: str(item[1]["id"]).lower()):
        source = row["source"]
        draft = Draft(id=str(row["id"]), requested=aliases.get(str(row["id"]).lower()))
        draft.api["sha"] = row["sha"]
        if row.get("gated") in (False, "auto", "manual"):
            draft.api["gated"] = row["gated"]
        if isinstance(row.get("siblings"), list):
            draft.api["siblings"] = [{"rfilename": str(f)} for f in row["siblings"]]
        if isinstance(row.get("tags"), list):
            draft.api["tags"] = [str(t) for t in row["tags"]]
        if row.get("lastModified"):
            draft.api["lastModified"] = row["lastModified"]
        card = {k: _json_safe(row[k]) for k in ("license", "base_model", "datasets") if row.get(k) is not None}
        fields = "sha, gated, tags, files"
        if card:
            draft.card, draft.card_present = card, True
            fields += ", card (" + ", ".join(card) + " only)"
        draft.add(fields, f"recorded {source.get('recorded_request', 'GET /api/models/' + draft.id).split('?')[0]} "
                          f"of {source.get('response_date')} ({_cited(source)})")
        if draft.requested:
            draft.add(f"renamed from {draft.requested}", "the same revision SHA recorded under both names")
        drafts.append(draft)
    return drafts


def _http_date(text: str) -> tuple[int, ...]:
    """Sortable form of an HTTP Date header ('Thu, 13 Feb 2025 15:49:23 GMT'); () when unreadable."""
    import email.utils

    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return ()
    return parsed.timetuple()[:6]


# Front-matter keys a third-party copy of a card is trusted for: what an audit reads of a card.
_COPY_CARD_KEYS = ("license", "license_name", "license_link", "base_model", "base_model_relation", "datasets",
                   "library_name", "pipeline_tag", "tags")


def read_card_copies(corpus: Path) -> list[Draft]:
    """Source 7b: front matter of cards copied into other public repositories. A copy is not the Hub: its
    origin names the copy and its caveat, and a corpus card or recorded API answer for the same repository
    wins over it (it comes later in the merge order)."""
    drafts = []
    for row in _facts_lines(corpus, "card_copies.jsonl"):
        card = {k: _json_safe(row[k]) for k in _COPY_CARD_KEYS if row.get(k) is not None}
        if not card:
            continue
        draft = Draft(id=str(row["id"]), card=card, card_present=True)
        draft.add("card (" + ", ".join(card) + " only)", f"third-party copy {_cited(row['source'])}")
        drafts.append(draft)
    return drafts


def read_legacy_dataset_cards(corpus: Path) -> list[Draft]:
    """Source 7c: the license keys of the dataset cards the datasets library kept on GitHub until 2022. The
    key is kept as the card wrote it (`licenses:` on some), so card rules see the real spelling; a card with
    no license key is recorded as such (a known card that states no license, not a missing record)."""
    drafts = []
    for row in _facts_lines(corpus, "hf_datasets_legacy_cards.jsonl"):
        if row.get("kind") != "dataset":
            continue
        key = row.get("license_key")
        card: dict[str, Any] = {}
        if key in ("license", "licenses") and row.get("license") is not None:
            card[str(key)] = _json_safe(row["license"])
        draft = Draft(id=str(row["id"]), kind="dataset", card=card, card_present=True)
        draft.add("card (" + (str(key) if card else "no license key") + " only)",
                  f"legacy dataset card {_cited(row['source'])} (before the 2022 move to the Hub; "
                  "the Hub id may since have been namespaced)")
        drafts.append(draft)
    return drafts


def read_leliuga(corpus: Path) -> dict[str, dict[str, Any]]:
    """Source 4, indexed by manifest id (the facts files say which GGUF repository a manifest row is)."""
    path = corpus / "hub" / "hub_tags_2024_leliuga.jsonl"
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows[row["id"]] = row
    return rows


def mof_hub_id(declaration: dict[str, Any]) -> str | None:
    """The Hub repository a MOF declaration names in `release.huggingface`, when it names exactly one."""
    raw = str((declaration.get("release") or {}).get("huggingface") or "").strip()
    match = _HF_URL.match(raw)
    if not match:
        return None
    hub_id = match.group("id")
    return None if hub_id.split("/", 1)[0] in _NOT_REPOS else hub_id


def read_mof(corpus: Path) -> tuple[dict[str, tuple[str, dict[str, Any]]], dict[str, list[str]]]:
    """Source 5: {hub id: (file, declaration)} for unambiguous ones, and {hub id: files} for the rest."""
    from auditor.safeyaml import load_yaml

    named: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for path in sorted((corpus / "mof" / "models").glob("*.yml")):
        declaration = load_yaml(path.read_text(encoding="utf-8"), file=str(path))
        if not isinstance(declaration, dict):
            continue
        hub_id = mof_hub_id(declaration)
        if hub_id:
            named.setdefault(hub_id, []).append((path.name, _json_safe(declaration)))
    unique = {k: v[0] for k, v in named.items() if len(v) == 1}
    ambiguous = {k: [f for f, _ in v] for k, v in named.items() if len(v) > 1}
    return unique, ambiguous


# ecosystem-graphs values that name no license at all; "custom" and "other" are kept: they say the weights are
# under the publisher's own license (xverse/XVERSE-65B: a model license in MODEL_LICENSE.pdf, "Code license is under
# Apache 2.0"), which is what keeps a secondary source's Apache-2.0 from becoming the weights' license
_NO_LICENSE_NAMED = frozenset({"", "unknown", "none", "unlicensed", "n/a"})
_CUSTOM_NAMED = frozenset({"custom", "other"})
# the address a curator's explanation gives for a custom license's text (the first one)
_EXPLAINED_LINK = re.compile(r"https?://[^\s)\]<>\"']{1,300}")
# "Code license is under Apache 2.0", "while code is Apache 2.0": the license the explanation gives the code alone
_CODE_LICENSE = re.compile(
    r"\bcode(?: license)? is (?:under )?(?:the )?([A-Za-z][\w .+-]{1,40}?)\s*(?:[;,]|\.(?:\s|$)|$)", re.IGNORECASE)


def third_party_record(row: dict[str, Any]) -> dict[str, str] | None:
    """One ecosystem-graphs row as a third-party license record: its license value and where it comes from; for a
    custom value also the address of the license text and the code's own license when the curator's explanation
    gives them (facts, not the explanation's prose). None for a row that names no license or cannot be cited."""
    source = row.get("source")
    name = str(row.get("license") or "").strip()
    if not isinstance(source, dict) or row.get("asset_type") != "model" or name.lower() in _NO_LICENSE_NAMED:
        return None
    record = {"name": name, "source": f"{source.get('repo')}@{source.get('commit')}:{source.get('path')}"}
    if name.lower() in _CUSTOM_NAMED:
        explanation = str(row.get("license_explanation") or "")
        link = _EXPLAINED_LINK.search(explanation)
        if link:
            record["link"] = link.group(0).rstrip(".,")
        code = _CODE_LICENSE.search(explanation)
        if code:
            record["code_license"] = code.group(1).strip()
    return record


def read_third_party_licenses(corpus: Path) -> dict[str, dict[str, str]]:
    """{Hub id: record} from facts/ecosystem_graphs.jsonl (third_party_record): the license value a curator recorded
    for a model asset, with the repository, commit and path it comes from."""
    path = corpus / "facts" / "ecosystem_graphs.jsonl"
    out: dict[str, dict[str, str]] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        record = third_party_record(row) if isinstance(row, dict) else None
        if record is not None:
            out.setdefault(str(row.get("id")), record)
    return out


def family_record(hub_id: str, records: dict[str, dict[str, str]]) -> dict[str, str] | None:
    """The third-party record of the release a repository belongs to, for a repository with none of its own: the
    same publisher's id that this id extends by a variant suffix (xverse/XVERSE-65B for xverse/XVERSE-65B-Chat-GGUF,
    a chat variant's quantization), the longest such id; the record says which id it was recorded for."""
    org, _, name = hub_id.lower().partition("/")
    best: tuple[int, str] | None = None
    for other in records:
        other_org, _, other_name = other.lower().partition("/")
        if other_org == org and other_name and name.startswith(other_name) and name[len(other_name):][:1] in "-_." \
                and len(name) > len(other_name) and (best is None or len(other_name) > best[0]):
            best = (len(other_name), other)
    if best is None:
        return None
    return {**records[best[1]], "recorded_for": best[1]}


def _draft_declares_license(draft: Draft) -> bool:
    """Whether the draft's card or tags name a license (then a third party's record adds nothing)."""
    card = draft.card or {}
    if any(str(k).lower().replace("-", "_") in ("license", "licence", "license_name", "licenses") for k in card):
        return True
    tags = [*(draft.api.get("tags") or ()), *(card.get("tags") or () if isinstance(card.get("tags"), list) else ())]
    return any(isinstance(t, str) and t.lower().startswith("license:") for t in tags)


# The Hub staff's lists of October 2023 (corpus hub/docs, SOURCES.tsv): repositories whose card declared `other`
# (model_license_other.csv) or no license (model_no_license.csv) while the repository shipped a license file, with
# the license name staff suggested for it when they could tell. (corpus file, what the card declared); SOURCES.tsv
# gives each file's repository, path and commit.
_HUB_DOCS_LISTS = (
    ("hub-docs__hacktoberfest_model_license_other.csv", "other"),
    ("hub-docs__hacktoberfest_model_no_license.csv", None),
)
_MD_LINK = re.compile(r"\[([^\]]{1,300})\]\((https?://[^)\s]{1,500})\)")


def read_hub_docs_lists(corpus: Path) -> dict[str, list[dict[str, str]]]:
    """{Hub id (lower case): rows} of the Hub staff's lists (_HUB_DOCS_LISTS), each row as facts: the list's file at
    its commit, what the card declared then (`other`, or nothing), the license file's name and address, and the
    suggested license name (empty when staff suggested none). Every listed repository, not a hand-picked few: a
    catalog model on a list gets the same facts as any other."""
    docs = corpus / "hub" / "docs"
    sources = docs / "SOURCES.tsv"
    if not sources.is_file():
        return {}
    commits = {row["file"]: (row["source_repo"], row["commit"], row["path"])
               for row in csv.DictReader(sources.read_text(encoding="utf-8").splitlines(), delimiter="\t")}
    out: dict[str, list[dict[str, str]]] = {}
    for file, declared in _HUB_DOCS_LISTS:
        if file not in commits or not (docs / file).is_file():
            continue
        repo, commit, path = commits[file]
        for row in csv.DictReader((docs / file).read_text(encoding="utf-8").splitlines()):
            model = _MD_LINK.match(row.get("model_id") or "")
            license_file = _MD_LINK.match(row.get("license_url") or "")
            if model is None or license_file is None:
                continue
            out.setdefault(model.group(1).lower(), []).append({
                "source": f"{repo}@{commit}:{path}", "list": path.rsplit("/", 1)[-1], "declared": declared or "",
                "file": license_file.group(1).strip(), "link": license_file.group(2),
                "suggested": (row.get("suggested_license_name") or "").strip()})
    return out


def _suggested_license(name: str) -> dict[str, Any] | None:
    """The license staff suggested, as the knowledge base names it (`llama-2-community-license` ->
    LicenseRef-Llama-2, version 2), when the name names exactly one license; None otherwise."""
    if not name:
        return None
    from auditor.licenses.resolve import default_kb, resolve_name  # lazy: only the hub-docs lists need the KB

    kb = default_kb()
    resolved = resolve_name(name, kb)
    if resolved.kind != "id" or len(resolved.ids) != 1:
        return None
    entry = kb.get(resolved.ids[0])
    out: dict[str, Any] = {"license_id": resolved.ids[0]}
    if entry is not None and entry.version:
        out["version"] = str(entry.version)
    out["method"] = f"hub-docs suggested license name ({name})"
    return out


def apply_hub_docs_lists(draft: Draft, rows: list[dict[str, str]]) -> None:
    """What the Hub staff's lists say of one catalog model: the repository ships its license file (recorded as a
    file left out, identified only by the name staff suggested, or not at all), and, when the card declared `other`
    and still declares nothing in the catalog, a record that the weights are under the publisher's own license,
    text at that file (read as a secondary source, like a curator's record: it beats a Model Openness Tool label,
    which is a third party's reading of the same repository)."""
    for row in rows:
        meta: dict[str, Any] = {"seen_in": f"hub-docs hacktoberfest {row['list']}"}
        # a staff suggestion identifies the file only where the card names no license: beside a declaration the
        # declaration speaks (TheBloke/Llama-2-7B-Chat-GGML's `other` stays the publisher's word, the file present)
        identified = None if _draft_declares_license(draft) else _suggested_license(row["suggested"])
        if identified is not None:
            meta["identified"] = identified
        existing = draft.omitted.get(f"file:{row['file']}")
        if existing is None:
            draft.omitted[f"file:{row['file']}"] = meta
            draft.add("license file", f"{row['source']} (listed in Oct 2023)")
        if row["declared"] == "other" and not row["suggested"] and not _draft_declares_license(draft) and not any(
                r.get("source") == row["source"] for r in draft.third_party_licenses):
            draft.third_party_licenses.insert(0, {"name": "other", "source": row["source"], "link": row["link"]})
            draft.add("third-party license record", row["source"])


def mof_origin(corpus: Path, file: str) -> str:
    readme = (corpus / "mof" / "README.md").read_text(encoding="utf-8")
    found = re.search(r"lfai/model_openness_tool at commit ([0-9a-f]{40})", readme)
    commit = found.group(1) if found else "unknown-commit"
    return (f"lfai/model_openness_tool@{commit}:models/{file} "
            "(MIT License, (c) The Model Openness Tool Authors)")


@dataclass
class Facts:
    records: list[dict[str, Any]]
    could_not_establish: list[dict[str, str]]
    files: dict[str, str]  # record key -> facts file, for messages


def read_facts(folder: Path) -> Facts:
    """Source 6: the hand-established facts, validated so that nothing without an origin gets in."""
    facts = Facts([], [], {})
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise BuildError(f"{path}: expected a mapping with `records` and/or `could_not_establish`")
        for number, entry in enumerate(data.get("records") or [], 1):
            where = f"{path.name} records[{number}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise BuildError(f"{where}: each record needs a string `id`")
            if not str(entry.get("origin") or "").strip():
                raise BuildError(f"{where} ({entry['id']}): no `origin`; every fact needs one")
            card = entry.get("card")
            if card is not None and not isinstance(card, dict):
                raise BuildError(f"{where} ({entry['id']}): `card` must be a mapping of front-matter keys")
            for key in ALWAYS_OMIT:
                if card and key in card:
                    raise BuildError(f"{where} ({entry['id']}): `card.{key}` must not be stored (omit it)")
            facts.records.append(entry)
            facts.files[entry["id"]] = where
        for number, entry in enumerate(data.get("could_not_establish") or [], 1):
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("reason"):
                raise BuildError(f"{path.name} could_not_establish[{number}]: needs `id` and `reason`")
            facts.could_not_establish.append({"id": str(entry["id"]), "kind": str(entry.get("kind", "model")),
                                              "reason": str(entry["reason"])})
    return facts


def draft_from_facts(entry: dict[str, Any], leliuga: dict[str, dict[str, Any]]) -> Draft:
    draft = Draft(id=entry["id"], kind=str(entry.get("kind", "model")))
    origin = str(entry["origin"]).strip()
    fields: list[str] = []
    if isinstance(entry.get("card"), dict):
        card, omitted = strip_long_values(_json_safe(entry["card"]))
        draft.card = card
        draft.omitted.update(omitted)
        draft.card_present = True if entry.get("card_present", True) else None
        fields.append("card")
    for key, value in (entry.get("omitted") or {}).items():
        draft.omitted[str(key)] = _json_safe(value)
    if entry.get("card_statements") is not None:
        draft.card_statements = _card_statements(entry, draft)
        fields.append("card_statements")
    if entry.get("card_body_length") is not None:
        draft.card_body_length = _body_length(entry, draft)
        draft.card_kinds_read = _kinds_read(entry)
        fields.append("card_body_length")
    if "gated" in entry:
        draft.api["gated"] = entry["gated"]
        fields.append(_gated_field(entry))
    for key in ("sha", "library_name", "pipeline_tag", "lastModified", "createdAt"):
        if key in entry:
            draft.api[key] = entry[key]
            fields.append(key)
    if entry.get("files") is not None:
        draft.api["siblings"] = [{"rfilename": str(f)} for f in entry["files"]]
        fields.append("files")
    if entry.get("tags"):
        draft.api["tags"] = [str(t) for t in entry["tags"]]
        fields.append("tags")
    draft.add(", ".join(fields) or "existence", origin)
    _add_leliuga_tags(entry, draft, leliuga)
    if entry.get("requested"):
        draft.requested = str(entry["requested"])
        draft.add(f"renamed from {draft.requested}", str(entry.get("rename_origin") or origin))
    return draft


# The longest as_written a transcription may hold: a clause the reader quotes whole ("680,000 hours of audio and the
# corresponding transcripts collected from the internet", whisper). A longer window is cut by the reader itself at a
# word, with an ellipsis (auditor/card_quote.py): a transcription copies what the reader returns, never cuts it again.
# a statement's words as the reader keeps them: a trained-on sentence's whole object naming its data's licences
# runs to auditor/card_trained_on_licenses.MAX_OBJECT (InCoder's is 150 characters, review 37 W4)
MAX_TRANSCRIBED = 200
_STATEMENT_ROLES = ("code", "training", "inference", "evaluation", "preprocessing", "model")
# Every kind of statement auditor.card.card_statements reads from a card's prose. A facts entry transcribes what the
# reader returns for the copy its origin names, whatever the kind: a recorded prose length says the prose was read,
# and the review reads the absence of a kind beside it as "the card states none" (who made the model, its training
# compute, its paper: review pass 32 W1, where the builder kept only lineage, uses and training data and the review
# said a card naming its developers and its GPU hours named neither). tests/test_review32_catalog_kinds.py checks this
# list against what the reader yields over the corpus cards.
_PROSE_KINDS = ("adapter-stated", "architecture-stated", "base-component", "base-configured", "base-family-stated",
                "base-named", "base-stated", "code-license", "code-link", "contact-stated", "data-license-stated",
                "family-license-stated", "holder-stated", "license-section", "license-stated", "lora-merged",
                "merge-declared", "merge-part",
                "mirror-stated", "named-license-stated", "own-grant-stated", "paper-link", "parameter-count",
                "remote-code-snippet",
                "subject-id", "trademark-section", "training-compute",
                "training-data", "training-data-id", "training-data-link", "training-data-section",
                "training-data-sentence", "training-gpu-hours", "training-gpu-hours-row", "training-tokens",
                "unnamed-data-stated",
                "use-restriction-section", "use-scope-stated")
# What an entry transcribed before every kind was kept (review pass 31 W1): what the prose says the model was made
# from, the uses it rules out, its training data and the code's license. Such an entry says so
# (`card_kinds_read: lineage-uses-data`), and its record lists the kinds read (`card_kinds_read`), so the review
# says "not transcribed" of the others instead of "the card names none". A list adds the kinds read beyond the set:
# `[lineage-uses-data, training-gpu-hours]` (Celeste's compute, read from its copy by the card reader's pass 1).
# A "-kind" leaves a kind out on purpose: `[all, -holder-stated]` (incoder: its Credits name ten developers, which
# the reader takes as one), so the record claims no developer statement it does not hold (review 37 M6).
_KINDS_READ = {"all": None,
               "lineage-uses-data": ("base-component", "base-family-stated", "base-stated", "code-license",
                                     "merge-declared", "merge-part", "training-data", "training-data-id",
                                     "training-data-section", "training-data-sentence", "use-restriction-section")}


def _card_statements(entry: dict[str, Any], draft: Draft) -> list[dict[str, Any]]:
    """Facts the card's prose states, transcribed as data (never the prose): what
    auditor.card.card_statements reads from the copy named by the origin, with its README line."""
    if draft.card is None:
        raise BuildError(f"{entry['id']}: card_statements need the card they were read from (`card`)")
    statements = entry["card_statements"]
    for number, item in enumerate(statements if isinstance(statements, list) else [None], 1):
        if not (_is_code_license_statement(item) or _is_prose_statement(item)):
            raise BuildError(f"{entry['id']}: card_statements[{number}] must be {{kind: code-license, "
                             f"as_written: <license name, {MAX_TRANSCRIBED} characters at most>, line: <README line>, "
                             "roles: [code|training|inference|evaluation|preprocessing] (optional)} or {kind: "
                             f"{'|'.join(_PROSE_KINDS)}, as_written: <{MAX_TRANSCRIBED} characters at most>, "
                             "line: <README line>, "
                             "roles: [<short words>] (optional), link: <address, license-stated and "
                             "named-license-stated only> (optional)}")
    return [dict(item) for item in statements]


def _kinds_read(entry: dict[str, Any]) -> tuple[str, ...] | None:
    """The statement kinds an entry's transcription covers (None: every kind the reader yields). An entry that gives
    a prose length says which (`card_kinds_read`), so that a record never claims more of its prose was read than
    was transcribed."""
    name = entry.get("card_kinds_read")
    extra: list[Any] = []
    if isinstance(name, list) and name:  # a set and the kinds read beyond it: [lineage-uses-data, training-gpu-hours]
        name, extra = name[0], name[1:]
    # "-kind": a kind the transcription left out on purpose (incoder's Credits name ten developers, which the reader
    # takes as one): the record must not claim it, or the review says "the card names no developer" (review 37 M6)
    left_out = [str(kind)[1:] for kind in extra if isinstance(kind, str) and kind.startswith("-")]
    extra = [kind for kind in extra if not (isinstance(kind, str) and kind.startswith("-"))]
    if not isinstance(name, str) or name not in _KINDS_READ or (extra and _KINDS_READ[name] is None):
        raise BuildError(f"{entry['id']}: a card_body_length needs card_kinds_read: "
                         f"{' | '.join(_KINDS_READ)}, or a list of one of these, further kinds and kinds left out "
                         "('-holder-stated') (which statement kinds were transcribed from the copy)")
    unknown = [kind for kind in [*extra, *left_out] if kind not in _PROSE_KINDS]
    if unknown:
        raise BuildError(f"{entry['id']}: card_kinds_read names kinds the card reader does not yield: "
                         f"{', '.join(map(str, unknown))}")
    kinds = _KINDS_READ[name]
    if kinds is not None:
        kinds = (*kinds, *(str(kind) for kind in extra if kind not in kinds))
    if left_out:
        kinds = tuple(kind for kind in (kinds if kinds is not None else _PROSE_KINDS) if kind not in left_out)
    if kinds is not None:
        outside = sorted({str(st.get("kind")) for st in entry.get("card_statements") or []} - set(kinds))
        if outside:
            raise BuildError(f"{entry['id']}: card_kinds_read {name} does not cover the kinds it transcribes: "
                             f"{', '.join(outside)}")
    return kinds


def _body_length(entry: dict[str, Any], draft: Draft) -> int:
    """The length of the prose of the card copy a facts entry's statements were read from: it says the prose was
    read (so "its prose was not read" is not said of it), and needs the card and the statements beside it."""
    value = entry["card_body_length"]
    if draft.card is None or entry.get("card_statements") is None or not isinstance(value, int) or value < 0:
        raise BuildError(f"{entry['id']}: card_body_length must be a count of characters, given with the `card` "
                         "and the `card_statements` read from that copy (an empty list when it states none)")
    return value


# the kinds whose statement may carry the address its license name links to
_LINKED_KINDS = ("license-stated", "named-license-stated")


def _statement_shaped(item: Any) -> bool:
    """A transcribed card statement's shape, whatever its kind: kind, as_written (MAX_TRANSCRIBED characters at most),
    line and optional roles, nothing else."""
    return (isinstance(item, dict) and {"kind", "as_written", "line"} <= set(item)
            and set(item) <= {"kind", "as_written", "line", "roles", "link"}
            and (item.get("link") is None or (item["kind"] in _LINKED_KINDS and isinstance(item["link"], str)
                                              and 0 < len(item["link"]) <= 500))
            and isinstance(item["as_written"], str) and len(item["as_written"]) <= MAX_TRANSCRIBED
            and isinstance(item["line"], int))


def _is_prose_statement(item: Any) -> bool:
    return (_statement_shaped(item) and item["kind"] in _PROSE_KINDS and item["as_written"] != "" and item["line"] > 0
            and all(isinstance(r, str) and len(r) <= 40 for r in item.get("roles") or []))


def _is_code_license_statement(item: Any) -> bool:
    return (_statement_shaped(item) and item["kind"] == "code-license"
            and all(r in _STATEMENT_ROLES for r in item.get("roles") or ["code"]))


def _gated_field(entry: dict[str, Any]) -> str:
    """The label of a recorded gate, checked: the Hub knows only false, "auto" and "manual"."""
    if entry["gated"] not in (False, "auto", "manual"):
        raise BuildError(f"{entry['id']}: gated must be false, auto or manual")
    if entry.get("gate_mode_shown") is not False:
        return "gated"
    # The source shows that access is gated but not how requests are approved; the Hub knows only "auto"
    # and "manual", so the stricter one is recorded and the origin says so.
    if entry["gated"] != "manual":
        raise BuildError(f"{entry['id']}: a gate whose approval mode is not shown is recorded as "
                         "manual (the stricter mode)")
    return f"gated ({GATE_MODE_NOT_SHOWN}; recorded as manual, the stricter)"


def _add_leliuga_tags(entry: dict[str, Any], draft: Draft, leliuga: dict[str, dict[str, Any]]) -> None:
    """The Hub tags of May 2024 a facts entry points at (`leliuga_manifest`), replacing any given."""
    manifest = entry.get("leliuga_manifest")
    if not manifest:
        return
    row = leliuga.get(str(manifest))
    if row is None:
        raise BuildError(f"{entry['id']}: leliuga manifest {manifest!r} is not in the corpus file")
    draft.api["tags"] = list(row["tags"])
    draft.add("tags (May 2024)", f"corpus hub/hub_tags_2024_leliuga.jsonl id={manifest} "
                                 f"(leliuga/cohere-configurations@84408edf:{row['manifest_path']})")


# --- merge and build -------------------------------------------------------------------------------------


# Record fields (the names auditor.sources.hubjson gives its evidence) and the part labels that establish them.
_FIELD_OF_LABEL = {"card": ("card", "datasets", "base_models", "base_model_relation"), "card_statements": ("card",),
                   "card_body_length": ("card",),
                   "gated": ("gated",), "files": ("files",), "tags": ("tags",), "sha": ("sha",), "config": ("config",)}


def _field_origins(draft: Draft) -> dict[str, str]:
    """{record field: the origin of the source that gave it}, so that evidence cites that source alone.

    The first source to give a field is the one kept (as merge() keeps it), so it is the one cited.
    """
    out: dict[str, str] = {}
    for fields, origin in draft.parts:
        labels = [f.strip().split(" ")[0] for f in fields.split(",")]
        if labels and labels[0] == "api":  # one API body: every field it holds
            labels = ["sha", "gated", "tags", "files", "config", "card"]
        for label in labels:
            for name in _FIELD_OF_LABEL.get(label, ()):
                out.setdefault(name, origin)
    if draft.prose_origin and out.get("card") and out["card"] != draft.prose_origin:
        # the card's evidence names both: its front matter's source and the copy its prose was read from
        out["card"] = f"{out['card']}; its prose read from {draft.prose_origin}"
    return out


def _card_origin(draft: Draft) -> str:
    for fields, origin in draft.parts:
        if fields.split(",")[0].split(" ")[0] in ("card", "api"):
            return origin
    return draft.origin


def disagreements(into: Draft, other: Draft) -> list[Disagreement]:
    """Where `other` says something different from what `into` (which wins) already holds."""
    found = []
    if into.card is not None and other.card is not None:
        for key in COMPARED_CARD_KEYS:
            mine, theirs = into.card.get(key), other.card.get(key)
            if theirs is not None and mine != theirs:
                found.append(Disagreement(into.id, f"card.{key}", mine, _card_origin(into), theirs,
                                          _card_origin(other)))
    if "gated" in into.api and "gated" in other.api and into.api["gated"] != other.api["gated"]:
        found.append(Disagreement(into.id, "gated", into.api["gated"], into.origin, other.api["gated"],
                                  other.origin))
    return found


def merge(into: Draft, other: Draft) -> None:
    """Combine facts about one repository. The first card wins (corpus card before API before facts);
    what a later source says differently is kept as a Disagreement for CATALOG.md."""
    differ = disagreements(into, other)
    into.disagreements.extend(d for d in differ if d not in into.disagreements)
    if other.card is not None and into.card is None:
        into.card, into.card_present = other.card, other.card_present
        into.card_body_length = other.card_body_length
        into.card_statements = other.card_statements
        into.card_kinds_read = other.card_kinds_read
        into.card_problems = other.card_problems
    elif (into.card is not None and into.card_body_length is None and not into.card_statements
          and other.card_body_length is not None and not differ):
        # an API answer's cardData is the front matter alone; a facts entry that read the same card's prose from a
        # copy (whose front matter agrees on every compared key) adds what the prose states
        # (sentence-transformers/paraphrase-albert-small-v2, issue 19): without it the review says the prose was
        # not read although a copy of it was
        into.card_body_length = other.card_body_length
        into.card_statements = other.card_statements
        into.card_kinds_read = other.card_kinds_read
        into.prose_origin = _card_origin(other)
    for key, value in other.api.items():
        if value is not None:
            into.api.setdefault(key, value)
    for key, value in other.omitted.items():
        into.omitted.setdefault(key, value)
    into.mof = into.mof or other.mof
    into.third_party_licenses = into.third_party_licenses or other.third_party_licenses
    into.requested = into.requested or other.requested
    for part in other.parts:
        into.add(*part)


def build_record(draft: Draft) -> ModelRecord:
    body: dict[str, Any] = {"id": draft.id}
    body.update({k: v for k, v in draft.api.items() if v is not None})
    body["cardData"] = draft.card or {}
    meta: dict[str, Any] = {"kind": draft.kind, "origin": draft.origin}
    if len(draft.parts) > 1:  # with one source, the origin says it all
        meta["field_origins"] = _field_origins(draft)
    if draft.card_present is not None:
        meta["card_present"] = draft.card_present
    if draft.card_body_length is not None:
        meta["card_body_length"] = draft.card_body_length
    if draft.card_statements:
        meta["card_statements"] = draft.card_statements
    if draft.card_kinds_read is not None and draft.card_body_length is not None:
        meta["card_kinds_read"] = list(draft.card_kinds_read)
    if draft.omitted:
        meta["omitted"] = dict(sorted(draft.omitted.items()))
    if draft.mof is not None:
        meta["mof"] = draft.mof
    if draft.third_party_licenses:
        meta["third_party_licenses"] = draft.third_party_licenses
    if draft.requested:
        meta["requested"] = draft.requested
    if draft.card_problems:
        meta["problems"] = [p.to_dict() for p in draft.card_problems]
    body[AUDITOR_KEY] = meta
    return record_from_hub_json(body, source="catalog", kind=draft.kind)  # type: ignore[arg-type]


@dataclass
class Build:
    records: list[ModelRecord]
    lines: list[dict[str, Any]]
    skipped_cards: list[dict[str, str]]
    named_bases: dict[str, list[str]]  # base id -> corpus cards naming it
    named_datasets: dict[str, list[str]]
    missing_bases: list[str]
    could_not_establish: list[dict[str, str]]
    mof_ambiguous: dict[str, list[str]]
    mof_only: list[str]
    identification: bool
    disagreements: list[Disagreement] = field(default_factory=list)


def corpus_card_ids(corpus: Path) -> list[str]:
    """Hub ids of the corpus cards that are Hub repositories (what the catalog must hold)."""
    drafts, _ = read_corpus_cards(corpus)
    return [d.id for d in drafts]


def named_by_cards(drafts: Iterable[Draft]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    bases: dict[str, list[str]] = {}
    datasets: dict[str, list[str]] = {}
    for draft in drafts:
        found, _ = card_base_models(draft.card or {})
        for base in found:
            bases.setdefault(base, [])
            if draft.id not in bases[base]:
                bases[base].append(draft.id)
        raw = (draft.card or {}).get("datasets")
        for ds in raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []:
            if isinstance(ds, str) and ds.strip():
                datasets.setdefault(ds.strip(), []).append(draft.id)
    return bases, datasets


def present_ids(lines: Iterable[dict[str, Any]], kind: str = "model") -> set[str]:
    """Ids a catalog answers for (its own ids and the old names of renamed repositories), lower-cased."""
    out = set()
    for line in lines:
        meta = line.get(AUDITOR_KEY) or {}
        if meta.get("kind", "model") != kind:
            continue
        out.add(line["id"].lower())
        if meta.get("requested"):
            out.add(str(meta["requested"]).lower())
    return out


def build(corpus: Path = DEFAULT_CORPUS, facts_dir: Path = FACTS_DIR) -> Build:
    card_drafts, skipped = read_corpus_cards(corpus)
    facts = read_facts(facts_dir)
    leliuga = read_leliuga(corpus)
    ordered: list[Draft] = [*card_drafts, *read_api_bodies(corpus), *read_repo_files(corpus)]
    ordered.extend(draft_from_facts(entry, leliuga) for entry in facts.records)
    cassettes = read_cassettes(corpus)
    ordered.extend([*cassettes, *read_card_copies(corpus), *read_legacy_dataset_cards(corpus)])

    merged: dict[tuple[str, str], Draft] = {}
    for draft in ordered:
        key = (draft.kind, draft.id.lower())
        if (key in merged and any(draft is c for c in cassettes)
                and merged[key].api.get("sha") == draft.api.get("sha")):
            continue  # the same revision recorded again (corpus hub/api holds some of these answers): no news
        if key in merged:
            merge(merged[key], draft)
        else:
            merged[key] = draft

    mof_unique, mof_ambiguous = read_mof(corpus)
    mof_only = []
    for hub_id, (file, declaration) in sorted(mof_unique.items()):
        key = ("model", hub_id.lower())
        if key not in merged:
            merged[key] = Draft(id=hub_id)
            mof_only.append(hub_id)
        merged[key].mof = declaration
        merged[key].add("mof", mof_origin(corpus, file))

    hub_docs = read_hub_docs_lists(corpus)
    for (kind, key), draft in sorted(merged.items()):
        if kind == "model" and key in hub_docs:
            apply_hub_docs_lists(draft, hub_docs[key])
    third_party = read_third_party_licenses(corpus)
    for hub_id, record in sorted(third_party.items()):
        draft = merged.get(("model", hub_id.lower()))
        if draft is not None and not _draft_declares_license(draft):
            draft.third_party_licenses.append(record)
            draft.add("third-party license record", record["source"])
    own = {hub_id.lower() for hub_id in third_party}
    for (kind, key), draft in sorted(merged.items()):
        family = None if kind != "model" or key in own or _draft_declares_license(draft) else \
            family_record(draft.id, third_party)
        if family is not None:
            draft.third_party_licenses.append(family)
            draft.add(f"third-party license record of {family['recorded_for']}", family["source"])

    records = [build_record(d) for d in merged.values()]
    records.sort(key=lambda r: (r.kind, r.id.lower(), r.sha or ""))
    lines = [hub_json_from_record(r) for r in records]

    named_bases, named_datasets = named_by_cards(card_drafts)
    present = present_ids(lines)
    missing = sorted(b for b in named_bases if b.lower() not in present)
    listed = {e["id"] for e in facts.could_not_establish if e["kind"] == "model"}
    unlisted = [b for b in missing if b not in listed]
    if unlisted:
        raise BuildError("base models named by corpus cards are neither in the catalog nor in a facts file's "
                         f"could_not_establish list: {', '.join(unlisted)}")
    stale = sorted(b for b in listed if b.lower() in present)
    if stale:
        raise BuildError(f"could_not_establish lists ids the catalog now holds: {', '.join(stale)}")
    not_named = sorted(b for b in listed if b not in named_bases)
    if not_named:
        raise BuildError(f"could_not_establish lists ids no corpus card names: {', '.join(not_named)}")
    return Build(records=records, lines=lines, skipped_cards=skipped, named_bases=named_bases,
                 named_datasets=named_datasets, missing_bases=missing,
                 could_not_establish=sorted(facts.could_not_establish, key=lambda e: e["id"].lower()),
                 mof_ambiguous=mof_ambiguous, mof_only=mof_only, identification=identification_available(),
                 disagreements=[d for draft in merged.values() for d in draft.disagreements])


# --- outputs ---------------------------------------------------------------------------------------------


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def declares_license(record: ModelRecord) -> bool:
    """Whether the record carries a declared license (what `auditor audit` shows as declared)."""
    card = record.card or {}
    if card.get("license") or card.get("license_name"):
        return True
    tags = [*record.tags, *(card.get("tags") if isinstance(card.get("tags"), list) else [])]
    return any(isinstance(t, str) and t.lower().startswith("license:") for t in tags)


def summary_text(result: Build) -> str:
    models = [r for r in result.records if r.kind == "model"]
    datasets = [r for r in result.records if r.kind == "dataset"]
    with_card = [r for r in models if r.card]
    with_files = [r for r in result.records if r.files is not None]
    with_sha = [r for r in result.records if r.sha]
    with_gated = [r for r in result.records if r.gated is not None]
    with_license = [r for r in result.records if declares_license(r)]
    out = [
        "# The embedded catalog",
        "",
        "Generated by `scripts/build_catalog.py`; do not edit by hand. `catalog.jsonl` is what",
        "`auditor ... --offline` reads when no other catalog is given.",
        "",
        "**Policy: facts only, each with its origin, absent when unknown.** Every line is one repository in",
        "the Hub's `GET /api/models/{id}` (or `/api/datasets/{id}`) shape plus the card's front matter",
        "(`cardData`) and an `_auditor` block that says where each group of facts came from (`origin`).",
        "A field that no source established (a file list, a revision SHA, the gated state) is absent and",
        "reads as unknown; nothing was guessed. Card prose is never stored (only its length,",
        "`card_body_length`, and the facts it states as data, `card_statements`: e.g. the license it names",
        "for the code, with its README line), and neither is license text: `extra_gated_prompt`, strings",
        "longer than",
        f"{MAX_STRING} characters and values whose JSON exceeds {MAX_VALUE_JSON} characters are replaced by",
        "`_auditor.omitted` entries with their SHA-256 and length"
        + (" and the license they were identified as (`auditor.licenses.identify`)."
           if result.identification else "; license identification was not available at build time."),
        "Entries established by hand (scripts/catalog_facts) carry no SHA-256 or length, since the text was",
        "not transcribed: only a `title` and, where a document states it, `identified` with its `method`.",
        "",
        "Facts from stored copies of Hub pages (scripts/catalog_facts/pages.yaml) record only what the",
        "copy shows: front-matter keys listed in the origin (other keys such as `language`, `widget` or",
        "eval tables were not transcribed), and a gated state only when the copy shows the access gate;",
        "the origin quotes the wording that showed it and says when the approval mode (auto or manual) was",
        "not shown and which one was recorded.",
        "",
        "MOF declarations (`_auditor.mof`) come from lfai/model_openness_tool, MIT License,",
        "Copyright 2024 The Model Openness Tool Authors (the license text is in that repository's LICENSE).",
        "",
        "## Counts",
        "",
        f"- records: {len(result.records)} ({len(models)} models, {len(datasets)} datasets)",
        f"- models with card front matter: {len(with_card)}; MOF declaration only: {len(result.mof_only)}",
        f"- with a file list: {len(with_files)}; with a revision SHA: {len(with_sha)}; "
        f"with gated state: {len(with_gated)}",
        f"- with a declared license (card `license` or `license_name`, or a `license:` tag): {len(with_license)}",
        f"- base models named by corpus cards: {len(result.named_bases)}, of which not established: "
        f"{len(result.missing_bases)}",
        "",
        "## Base models named by corpus cards that could not be established",
        "",
        "| id | reason |",
        "|---|---|",
    ]
    out += [f"| {_md(e['id'])} | {_md(e['reason'])} |" for e in result.could_not_establish]
    ds_present = present_ids(result.lines, "dataset")
    missing_ds = sorted(d for d in result.named_datasets if d.lower() not in ds_present)
    out += ["", "## Datasets named by corpus cards without a record (license unknown)", "",
            ", ".join(f"`{d}`" for d in missing_ds) or "(none)", "",
            "## Corpus cards skipped (not Hub repositories)", ""]
    out += [f"- {row['file']}: {row['hf_repo_id']}" for row in result.skipped_cards]
    out += ["", "## MOF declarations not attached (several declarations name the same repository)", ""]
    out += [f"- {hub_id}: {', '.join(files)}" for hub_id, files in sorted(result.mof_ambiguous.items())]
    out += ["", "## Sources that disagree (the earlier source is kept)", "",
            "The order is: corpus card, recorded API response, file list, facts files, then the recorded facts of",
            "the shared corpus's facts files (API answers, card copies, legacy dataset cards). The catalog holds",
            "the kept value; the other is listed here so that nobody has to guess which one is right.", "",
            "| id | field | kept | from | other | from |", "|---|---|---|---|---|---|"]
    out += [f"| {_md(d.id)} | {d.field} | {_md(_canonical(d.kept))} | {_md(d.kept_from)} | "
            f"{_md(_canonical(d.other))} | {_md(d.other_from)} |"
            for d in sorted(result.disagreements, key=lambda d: (d.id.lower(), d.field))]
    if not result.disagreements:
        out.append("| (none) | | | | | |")
    out += ["", "## Records and where their facts came from", "",
            "| kind | id | facts: origin |", "|---|---|---|"]
    for record in result.records:
        out.append(f"| {record.kind} | {_md(record.id)} | {_md(record.origin)} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--facts", type=Path, default=FACTS_DIR)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--check", action="store_true", help="fail when the committed outputs are stale")
    args = parser.parse_args(argv)
    try:
        result = build(args.corpus, args.facts)
    except (BuildError, OSError, yaml.YAMLError) as exc:
        print(f"build_catalog: {exc}", file=sys.stderr)
        return 2
    # The catalog goes through the catalog source's own writer (the one `auditor snapshot` uses), so the
    # embedded catalog and a user's snapshot can never differ in shape or order.
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / CATALOG_FILE
        write_catalog(result.records, fresh)
        outputs = {args.out / CATALOG_FILE: fresh.read_text(encoding="utf-8"),
                   args.out / SUMMARY_FILE: summary_text(result)}
    if args.check:
        stale = [str(p) for p, text in outputs.items() if not p.is_file() or p.read_text("utf-8") != text]
        if stale:
            print(f"build_catalog: stale outputs: {', '.join(stale)}", file=sys.stderr)
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    models = sum(1 for r in result.records if r.kind == "model")
    print(f"wrote {len(result.records)} records ({models} models) to {args.out / CATALOG_FILE}, "
          f"{len(outputs[args.out / CATALOG_FILE])} bytes; identification "
          f"{'on' if result.identification else 'off'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
