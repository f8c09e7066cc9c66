"""Building a ModelRecord from a body in the Hub's `GET /api/models/{id}` shape.

The Hub source, the catalog source and the lock source all hold that same shape (the catalog adds the
card front matter and an `_auditor` block with what the API does not say), so one function turns any of
them into a record and the provenance is written in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditor.card import card_base_models, parse_card
from auditor.lazyre import lazy_compile
from auditor.model import Evidence, ModelRecord, Problem, RepoKind, SourceName
from auditor.sources.mergekit import CARD_LOCATION, mergekit_config_from_card
from auditor.sources.shapes import ADAPTER, CONFIG, checked_mapping, checked_mergekit, checked_mof, type_name
from auditor.textsafe import finite_floats

AUDITOR_KEY = "_auditor"
# The sources a lock's record may say it was read from (`_auditor.recorded_from`, auditor/lockfile.py build_lock)
RECORDED_FROM = ("hub", "local", "catalog")


_DATASETS_KEY = lazy_compile(r"^datasets\s*:", re.MULTILINE)


def _tuple_of_str(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip())
    return ()


def record_from_hub_json(
    data: dict[str, Any],
    *,
    source: SourceName,
    kind: RepoKind = "model",
    card_text: str | None = None,
    requested: str | None = None,
    revision: str | None = None,
    location: str = "api",
    extra_problems: tuple[Problem, ...] = (),
) -> ModelRecord:
    """Turn an API-shaped body (plus, optionally, the README text) into a ModelRecord.

    `card_text`, when given, is parsed and wins over the API's `cardData`: the API normalises the front
    matter (and drops what it cannot parse), while the audit must see what the author actually wrote.
    """
    meta: dict[str, Any] = dict(data.get(AUDITOR_KEY) or {})
    # the answer's own id (a renamed or aliased repository answers under its current name); one that is not a
    # string (a broken mirror's `"id": 5`) names nothing, and the id asked for stands
    rid = next((v for v in (data.get("id"), data.get("modelId")) if isinstance(v, str) and v.strip()),
               requested or "")
    origin = _str_or_none(meta.get("origin"))
    problems: list[Problem] = _recorded_problems(meta.get("problems"))
    problems.extend(extra_problems)
    sha = _sha(data, problems)
    raw_origins = meta.get("field_origins")
    field_origins: dict[str, str] = (
        {str(k): v for k, v in raw_origins.items() if isinstance(v, str)} if isinstance(raw_origins, dict) else {}
    )

    def ev(name: str, loc: str, value: Any = None) -> Evidence:
        detail = field_origins.get(name) or origin
        return Evidence(source=source, location=loc, revision=sha, value=value, detail=detail)

    prov: dict[str, Evidence] = {}
    card = _Card.read(data, meta, card_text, location, problems, rid)
    prov["card"] = ev("card", card.location)

    files = _files(data.get("siblings"), problems)
    if files is not None:
        prov["files"] = ev("files", f"{location}:siblings")
        if card.present is None:
            card.present = "README.md" in files

    branches: tuple[str, ...] | None = None
    if isinstance(meta.get("branches"), list):
        branches = tuple(str(b) for b in meta["branches"] if isinstance(b, str))
        prov["branches"] = ev("branches", f"{location}:refs", len(branches))

    gated = _gated(data, problems)
    if gated is not None:
        prov["gated"] = ev("gated", f"{location}:gated", gated)

    tags = _tuple_of_str(data.get("tags"))
    if tags:
        prov["tags"] = ev("tags", f"{location}:tags")

    datasets = _datasets(card, tags, location, ev, prov)
    if not any(p.code == "card-datasets-invalid" for p in problems):  # a recorded line carries it already
        problems.extend(_dataset_entry_problems(card.front.get("datasets"), card_text))
    bases, relation = _bases(data, card, location, ev, prov, problems)

    library = data.get("library_name") or card.front.get("library_name")
    pipeline_tag = data.get("pipeline_tag") or card.front.get("pipeline_tag")
    # The metadata files as every later stage reads them: a value of another type is left out, and said.
    config = checked_mapping(data.get("config"), CONFIG, "config.json", problems, "config-invalid")
    if config is not None:
        prov["config"] = ev("config", f"{location}:config")
    adapter_config = checked_mapping(meta.get("adapter_config"), ADAPTER, "adapter_config.json", problems,
                                     "adapter-config-invalid")
    mergekit = checked_mergekit(meta.get("mergekit_config"), "mergekit_config.yml", problems)
    if mergekit is None:  # the card mergekit wrote carries its configuration
        mergekit = checked_mergekit(mergekit_config_from_card(card_text, problems), CARD_LOCATION, problems)
        if mergekit is not None:
            prov["mergekit_config"] = ev("mergekit_config", CARD_LOCATION)
    license_texts = _license_texts(meta.get("license_texts"), problems)
    mof = checked_mof(meta.get("mof"), "mof.yml", problems)
    for name in license_texts:
        prov[f"license_text:{name}"] = ev("license_texts", f"file:{name}")
    if sha:
        prov["sha"] = ev("sha", f"{location}:sha", sha)

    return ModelRecord(
        id=rid,
        source=source,
        kind=meta["kind"] if meta.get("kind") in ("model", "dataset") else kind,
        requested=requested if requested and requested != rid else _str_or_none(meta.get("requested")),
        revision=revision or _str_or_none(meta.get("revision")),
        sha=sha,
        card=card.front,
        card_present=card.present,
        card_body_length=card.body_length,
        card_statements=card.statements,
        card_kinds_read=_kinds_read(meta.get("card_kinds_read")) if card_text is None else None,
        files=files,
        branches=branches,
        gated=gated,
        private=data.get("private") if isinstance(data.get("private"), bool) else None,
        disabled=data.get("disabled") if isinstance(data.get("disabled"), bool) else None,
        tags=tags,
        datasets=tuple(dict.fromkeys(datasets)),
        library=library if isinstance(library, str) else None,
        pipeline_tag=pipeline_tag if isinstance(pipeline_tag, str) else None,
        base_models=tuple(bases),
        base_model_relation=relation,
        config=config,
        adapter_config=adapter_config,
        mergekit_config=mergekit,
        license_texts=license_texts,
        mof=mof,
        third_party_licenses=_third_party_licenses(meta.get("third_party_licenses")),
        omitted={str(k): v for k, v in meta["omitted"].items() if isinstance(v, dict)}
        if isinstance(meta.get("omitted"), dict) else {},
        last_modified=data.get("lastModified"),
        parameters=_parameters(data.get("safetensors")),
        created_at=data.get("createdAt"),
        origin=origin,
        provenance=prov,
        problems=tuple(problems),
        recorded_from=meta["recorded_from"] if meta.get("recorded_from") in RECORDED_FROM else None,
    )


@dataclass
class _Card:
    """The card as a record reads it: from the README text when given (what the author wrote), else from
    the body's cardData, with what the recording says about the card it came from."""

    front: dict[str, Any]
    location: str
    present: bool | None
    body_length: int | None
    statements: tuple[dict[str, Any], ...]

    @classmethod
    def read(cls, data: dict[str, Any], meta: dict[str, Any], card_text: str | None, location: str,
             problems: list[Problem], repo_id: str | None = None) -> _Card:
        if card_text is not None:
            parsed = parse_card(card_text, repo_id=repo_id)  # its own ids in usage code
            problems.extend(parsed.problems)
            return cls(_capped(parsed.front_matter, problems), "README.md#front-matter", True, parsed.body_length,
                       tuple(st.to_dict() for st in parsed.statements))
        present: bool | None = meta.get("card_present") if isinstance(meta.get("card_present"), bool) else None
        body_len: int | None = meta.get("card_body_length") if isinstance(meta.get("card_body_length"), int) \
            else None
        front = _capped(data.get("cardData"), problems) if isinstance(data.get("cardData"), dict) else {}
        if front and present is None:
            present = True
        return cls(front, f"{location}:cardData", present, body_len, _statements(meta.get("card_statements")))


def _license_texts(raw: Any, problems: list[Problem]) -> dict[str, str]:
    """License file texts by name; a text that is not a string (a hand-edited catalog) is not a text."""
    if not isinstance(raw, dict):
        return {}
    bad = sorted(str(k) for k, v in raw.items() if not isinstance(v, str))
    if bad:
        problems.append(Problem("license-text-invalid", f"the recorded text of {', '.join(bad[:3])} is not text; "
                                "not read", file=bad[0]))
    return {str(k): v for k, v in raw.items() if isinstance(v, str)}


# The most entries of a card list field that are read. Real cards stay far below (a few licenses, a few dozen
# datasets, a hundred tags); a card that lists 50,000 licenses made one audit take 20 s, so the rest of such a
# list is left out, and said (a card problem: CRD004).
# Cutting a license list leaves licenses unread whose terms may apply: that record is incomplete (fails
# closed); unread datasets and tags only narrow what is reported about them (a warning).
CARD_LIST_CAPS = {"license": 16, "licence": 16, "licenses": 16, "datasets": 256, "tags": 1_000}
_TERMS_LISTS = frozenset({"license", "licence", "licenses"})
MAX_API_BASES = 64  # as many as a card's base_model is read for (auditor.card.MAX_CARD_BASES)


def _capped(front: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    over = {k: cap for k, cap in CARD_LIST_CAPS.items() if isinstance(front.get(k), list) and len(front[k]) > cap}
    if not over:
        return front
    front = dict(front)
    for key, cap in over.items():
        fatal = key in _TERMS_LISTS  # a fatal problem is SRC001's (an incomplete record), a card one CRD004's
        unread = ", so the terms of the others are unknown" if fatal else ""
        problems.append(Problem("license-list-too-long" if fatal else "card-list-too-long",
                                f"`{key}` lists {len(front[key]):,} entries; only the first {cap:,} are read{unread}",
                                file="README.md", key=key, fatal=fatal))
        front[key] = front[key][:cap]
    return front


def _files(siblings: Any, problems: list[Problem]) -> tuple[str, ...] | None:
    """The repository's file names from a recorded `siblings` list, or None (unknown) when the list is absent or
    holds an entry that is not a file name: a list with junk in it is no account of the repository (a LICENSE or
    pickle weights may be among the unreadable entries), so it must never read as "these files and no others",
    which would let the security and openness checks pass on nothing (the Hub client refuses such an answer the
    same way, sources/hub.py)."""
    if siblings is None:
        return None
    if not isinstance(siblings, list):
        problems.append(Problem("files-invalid", f"the recorded file list (`siblings`) is {type_name(siblings)}, not a "
                                "list of files; which files the repository holds is unknown", key="siblings"))
        return None
    bad = [i for i, s in enumerate(siblings)
           if not (isinstance(s, dict) and isinstance(s.get("rfilename"), str) and s["rfilename"].strip())]
    if bad:
        first = siblings[bad[0]]
        shown = type_name(first) if not isinstance(first, dict) else "an entry with no file name (`rfilename`)"
        problems.append(Problem("files-invalid", f"the recorded file list (`siblings`) holds {len(bad):,} of "
                                f"{len(siblings):,} entries that name no file (entry {bad[0] + 1}: {shown}); which "
                                "files the repository holds is unknown", key="siblings"))
        return None
    return tuple(s["rfilename"] for s in siblings)


_COMMIT_SHA = lazy_compile(r"^[0-9a-f]{40}$")


def _sha(data: dict[str, Any], problems: list[Problem]) -> str | None:
    """The answer's commit SHA; one that is no commit SHA (a recording's `"sha": "abc"`, `12345`, a branch name) pins
    nothing and is said, never recorded as the revision the facts were read at (a catalog line passed in silence,
    its junk written into locks and evidence)."""
    raw = data.get("sha")
    if raw is None or (isinstance(raw, str) and _COMMIT_SHA.match(raw)):
        return raw
    shown = repr(raw)[:60] if isinstance(raw, str | int | float) else type_name(raw)
    problems.append(Problem("sha-invalid", f"the `sha` field holds {shown}, which is not a commit SHA (40 lower-case "
                            "hexadecimal digits); the revision the facts were read at is unknown", key="sha"))
    return None


def _gated(data: dict[str, Any], problems: list[Problem]) -> Any:
    raw = data.get("gated")
    if raw is True:
        return "auto"  # some recordings say true; the Hub's own values are "auto" / "manual"
    if raw is None or (raw in (False, "auto", "manual") and type(raw) in (bool, str)):
        return raw
    # "yes", 5, "": whether a license must be accepted before download is unknown, and said (never "not gated")
    shown = repr(raw)[:60] if isinstance(raw, str | int | float) else type_name(raw)
    problems.append(Problem("gated-invalid", f"the `gated` field holds {shown}, which is none of false, \"auto\" or "
                            "\"manual\"; whether the repository is gated is unknown", key="gated"))
    return None


def _datasets(card: _Card, tags: tuple[str, ...], location: str, ev: Callable[..., Evidence],
              prov: dict[str, Evidence]) -> list[str]:
    """The card's `datasets` is what the author declared; `dataset:` tags are the Hub's echo of it."""
    raw = card.front.get("datasets")
    datasets = [raw.strip()] if isinstance(raw, str) and raw.strip() else [
        v.strip() for v in raw if isinstance(v, str) and v.strip()] if isinstance(raw, list) else []
    if datasets:
        prov["datasets"] = ev("datasets", f"{card.location}.datasets", datasets)
    else:
        datasets = [t[len("dataset:"):] for t in tags if t.startswith("dataset:")]
        if datasets:
            prov["datasets"] = ev("datasets", f"{location}:tags[dataset:*]", datasets)
    return datasets


def _dataset_entry_problems(raw: Any, card_text: str | None) -> list[Problem]:
    """A `datasets:` entry that is not a dataset id (a number, a mapping, a list) is left out, and said, with
    the README line of the key when the card's text is at hand: silently taking 5 for a dataset named "5"
    would put a dataset nobody declared into the audit."""
    entries = raw if isinstance(raw, list) else [] if raw is None or isinstance(raw, str) else [raw]
    # an empty item (`- ` left from a template) declares nothing and hides nothing: not a problem
    bad = [v for v in entries if v is not None and not isinstance(v, str)]
    if not bad:
        return []
    found = _DATASETS_KEY.search(card_text or "")
    line = (card_text or "").count("\n", 0, found.start()) + 1 if found else None
    shown = ", ".join(repr(v) for v in bad[:3])
    more = f", and {len(bad) - 3} more" if len(bad) > 3 else ""
    what = ("datasets: 1 entry is not a dataset id" if len(bad) == 1
            else f"datasets: {len(bad)} entries are not dataset ids") + f" ({shown}{more}) and"
    return [Problem("card-datasets-invalid", f"{what} {'is' if len(bad) == 1 else 'are'} left out", file="README.md",
                    line=line, key="datasets")]


def _bases(data: dict[str, Any], card: _Card, location: str, ev: Callable[..., Evidence],
           prov: dict[str, Evidence], problems: list[Problem]) -> tuple[list[str], str | None]:
    """(base models, relation): the card's, else the API's `baseModels`."""
    bases, base_problems = card_base_models(card.front)
    # A recorded line already carries the base-model problems found when it was recorded; recomputing
    # them must not add them twice, or every catalog round trip would grow the list.
    problems.extend(p for p in base_problems if p not in problems)
    declared = card.front.get("base_model_relation")
    relation = declared if isinstance(declared, str) else None
    if bases:
        prov["base_models"] = ev("base_models", f"{card.location}.base_model", bases)
    api_bases = data.get("baseModels")
    if isinstance(api_bases, dict) and not bases:
        listed = api_bases.get("models") if isinstance(api_bases.get("models"), list) else []
        if len(listed) > MAX_API_BASES:
            problems.append(Problem("base-models-too-many", f"the API's baseModels lists {len(listed):,} models; "
                                    f"only the first {MAX_API_BASES} are read, so the terms of the others are "
                                    "unknown", key="baseModels", fatal=True))
            listed = listed[:MAX_API_BASES]
        bases = [m["id"] for m in listed if isinstance(m, dict) and isinstance(m.get("id"), str) and m["id"]]
        if bases:
            prov["base_models"] = ev("base_models", f"{location}:baseModels", bases)
    if isinstance(api_bases, dict) and not relation and isinstance(api_bases.get("relation"), str):
        relation = api_bases["relation"]
    if relation:
        prov["base_model_relation"] = ev("base_model_relation", f"{card.location}.base_model_relation", relation)
    return bases, relation


def _parameters(tensors: Any) -> int | None:
    """The Hub's `safetensors.total` (the weights' parameter count), when it is a positive integer."""
    total = tensors.get("total") if isinstance(tensors, dict) else None
    return total if type(total) is int and total > 0 else None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _recorded_problems(raw: Any) -> list[Problem]:
    """Problems a recording carries (a hand-edited catalog may hold anything). One that cannot be read (not a
    mapping with a string code and message, or a `fatal` that is not true or false) may have been the one
    that made the recording incomplete: it becomes one fatal problem of its own, so the record fails closed
    instead of passing on what was left."""
    out = []
    malformed = 0 if raw is None or isinstance(raw, list) else 1
    for item in raw if isinstance(raw, list) else ():
        if isinstance(item, dict) and isinstance(item.get("code"), str) and isinstance(item.get("message"), str) \
                and isinstance(item.get("fatal", False), bool):
            out.append(Problem(
                code=item["code"], message=item["message"],
                file=_str_or_none(item.get("file")),
                line=item.get("line") if type(item.get("line")) is int else None,
                key=_str_or_none(item.get("key")),
                fatal=item.get("fatal") is True,
            ))
        else:
            malformed += 1
    if malformed:
        out.append(Problem("recorded-problem-invalid", f"{malformed} problem(s) recorded with this model are not "
                           "readable (each must be a mapping with string `code` and `message`); what they said is "
                           "unknown, so the record is treated as incomplete", key=f"{AUDITOR_KEY}.problems",
                           fatal=True))
    return out


def _kinds_read(raw: Any) -> tuple[str, ...] | None:
    """The statement kinds a recording transcribed (None: all); anything but a list of strings is read as all."""
    if not isinstance(raw, list):
        return None
    return tuple(str(k) for k in raw if isinstance(k, str))


def _statements(raw: Any) -> tuple[dict[str, Any], ...]:
    """Recorded card statements, keeping only well-formed ones (a hand-edited catalog may hold anything)."""
    if not isinstance(raw, list):
        return ()
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("as_written"), str) or not item["as_written"]:
            continue
        statement: dict[str, Any] = {"kind": str(item.get("kind") or ""), "as_written": item["as_written"],
                                     "line": item.get("line") if isinstance(item.get("line"), int) else None}
        roles = item.get("roles")
        if isinstance(roles, list) and roles:
            statement["roles"] = [r for r in roles if isinstance(r, str)]
        if isinstance(item.get("link"), str) and 0 < len(item["link"]) <= 500:
            statement["link"] = item["link"]  # a license line's link as written; the review checks it before use
        out.append(statement)
    return tuple(out)


def hub_json_from_record(record: ModelRecord) -> dict[str, Any]:
    """The inverse: a record as one catalog line (Hub response shape + front matter + `_auditor`), every
    value JSON can write (NaN and infinities as strings), since locks and catalogs are read back strictly."""
    body: dict[str, Any] = {"id": record.id}
    if record.sha:
        body["sha"] = record.sha
    if record.gated is not None:
        body["gated"] = record.gated
    for key, value in (("private", record.private), ("disabled", record.disabled),
                       ("library_name", record.library), ("pipeline_tag", record.pipeline_tag),
                       ("lastModified", record.last_modified), ("createdAt", record.created_at),
                       ("config", record.config)):
        if value is not None:
            body[key] = value
    if record.tags:
        body["tags"] = list(record.tags)
    if record.parameters is not None:
        body["safetensors"] = {"total": record.parameters}
    if record.files is not None:
        body["siblings"] = [{"rfilename": f} for f in record.files]
    body["cardData"] = record.card
    meta: dict[str, Any] = {"kind": record.kind}
    for key, value in (("origin", record.origin), ("requested", record.requested), ("revision", record.revision),
                       ("card_present", record.card_present), ("card_body_length", record.card_body_length),
                       ("branches", list(record.branches) if record.branches is not None else None),
                       ("adapter_config", record.adapter_config), ("mof", record.mof),
                       ("mergekit_config", record.mergekit_config),
                       ("third_party_licenses", [dict(t) for t in record.third_party_licenses] or None),
                       ("card_statements", [dict(st) for st in record.card_statements] or None),
                       ("card_kinds_read", list(record.card_kinds_read) if record.card_kinds_read is not None
                        else None)):
        if value is not None:
            meta[key] = value
    # Where a field came from, when that is not the whole record's origin (a record merged from several
    # sources): the evidence of that field then cites its own source.
    field_origins = {name: ev.detail for name, ev in record.provenance.items()
                     if ":" not in name and ev.detail and ev.detail != record.origin}
    if field_origins:
        meta["field_origins"] = dict(sorted(field_origins.items()))
    if record.license_texts:
        meta["license_texts"] = record.license_texts
    if record.omitted:
        meta["omitted"] = record.omitted
    if record.problems:
        meta["problems"] = [p.to_dict() for p in record.problems]
    body[AUDITOR_KEY] = meta
    return finite_floats(body)  # a `.nan` in a card's front matter: JSON has no NaN (textsafe.finite_floats)


def _third_party_licenses(value: Any) -> tuple[dict[str, str], ...]:
    """The third-party license records of a recording: each a mapping with a non-empty string `name` and `source`;
    anything else is left out (a record nobody can cite is no evidence)."""
    if not isinstance(value, list):
        return ()
    out = []
    for v in value:
        if not (isinstance(v, dict) and isinstance(v.get("name"), str) and isinstance(v.get("source"), str)
                and v["name"].strip() and v["source"].strip()):
            continue
        record = {"name": v["name"].strip()[:200], "source": v["source"].strip()[:300]}
        # a custom license's text address and the code's own license, and the release the record was made for
        # when it is a sibling's (scripts/build_catalog.py family_record): facts a reviewer is pointed to
        for key in _THIRD_PARTY_EXTRAS:
            if isinstance(v.get(key), str) and v[key].strip():
                record[key] = v[key].strip()[:300]
        out.append(record)
    return tuple(out)


_THIRD_PARTY_EXTRAS = ("link", "code_license", "recorded_for")
