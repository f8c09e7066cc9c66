"""The facts document: the one plain, JSON-serialisable view of a model that rules see.

Rules, policies and every output format depend on this shape, so it is versioned (FACTS_VERSION) and
documented field by field in docs/facts.md; tests check the document against that description. Stage
outputs (resolved license, lineage, openness) are folded in here, and nothing downstream reads the stages'
own objects. Unknown values are null (or `known: false`), never a default that looks like a pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditor.card import PROSE_BASE_FAMILIES
from auditor.card_made_from import made_from_phrase
from auditor.card_remote_code import KIND as REMOTE_CODE
from auditor.card_trained_on_licenses import LICENSE_ROLE, UNSTATED_ROLE, role_values
from auditor.compute import active_parameters, model_size
from auditor.compute import estimate as training_compute
from auditor.lazyre import lazy_compile
from auditor.licenses.kb import TERM_NAMES, KBError
from auditor.licenses.resolve import default_kb, mof_source
from auditor.lineage.launder import LAUNDERING_KINDS, compare_terms
from auditor.lineage.naming import name_checks
from auditor.lineage.terms import combine, normalize_terms
from auditor.makers import maker_of, same_maker_orgs
from auditor.merge_tags import DECLARED_TAGS
from auditor.model import (
    PICKLE_FORMATS,
    ModelRecord,
    gate_form_asks,
    gate_form_keys,
    owner_and_name,
    weight_formats,
)
from auditor.openness.classname import NOT_ASSESSED, class_name
from auditor.policy import Policy, license_matches
from auditor.roles import policy_facts
from auditor.sources.mergekit import CONFIG_FILES as MERGEKIT_CONFIG_FILES
from auditor.sources.org_renames import renames_between

if TYPE_CHECKING:
    from auditor.licenses.resolve import ResolvedLicense
    from auditor.lineage.document import LineageDocument
    from auditor.lineage.graph import Lineage
    from auditor.openness.assess import OpennessReport

FACTS_VERSION = 1
_REMOTE_CODE_FILE = lazy_compile(r"^(modeling|configuration|tokenization|processing|image_processing)_[^/]*\.py$")
# The facts' terms: the KB's term names (the one list), with the user limit of commercial use beside it.
TERM_KEYS = (TERM_NAMES[0], "mau_limit", *TERM_NAMES[1:])
# Terms whose facts carry a list of values (obligations to collect) rather than one value.
LIST_TERMS = ("attribution", "naming", "use_restrictions", "derivative_must_carry")


@dataclass(frozen=True)
class Stages:
    """What the stages established about one readable model: the input of build_facts.

    Each field is its stage's own frozen output (docs/architecture.md, data contracts): the license
    resolved from the model's own repository, the lineage document (without the picture's nodes and
    edges), the openness report, and the walked lineage graph that formats drawing the lineage read.
    """

    license: ResolvedLicense
    lineage: LineageDocument
    openness: OpennessReport
    graph: Lineage


def files_facts(record: ModelRecord) -> dict[str, Any]:
    """What the file list says about formats, pickles, remote code and adapters (None when unknown)."""
    files = record.files
    formats = weight_formats(files)
    config = record.config or {}
    auto_map = config.get("auto_map") if isinstance(config, dict) else None
    remote_files = sorted(f for f in files or () if _REMOTE_CODE_FILE.match(f.rsplit("/", 1)[-1]))
    known = files is not None
    pickle = bool(formats and any(f in PICKLE_FORMATS for f in formats))
    snippet = _remote_code_snippet(record)
    safe = bool(formats and any(f not in PICKLE_FORMATS for f in formats))
    return {
        "known": known,
        "count": len(files) if known else None,
        "weights_formats": list(formats) if formats is not None else None,
        "pickle": pickle if known else None,
        "pickle_only": (pickle and not safe) if known else False,
        "safetensors": ("safetensors" in formats) if formats is not None else None,
        # unknown (None) when the file list is: a rule on `files.gguf == true` must not read "no GGUF" into a
        # list nobody read (write `files.gguf != false` to fail closed)
        "gguf": ("gguf" in formats) if formats is not None else None,
        "has_license_file": (any(f.rsplit("/", 1)[-1].upper().startswith(("LICENSE", "LICENCE", "COPYING"))
                                 for f in files or ()) if known else None),
        # The Hub tags a repository `custom_code` when its config maps classes to the repository's own code
        # (auto_map): known to need remote code even where the file list and config were not recorded.
        # ... and so does the card's own usage code loading this repository with trust_remote_code=True where the
        # file list is unknown (a catalog record made from a card copy: no files, no config, no tags): unknown is
        # not "no remote code" (review pass 33, W2); a known file list and config decide on their own
        "remote_code": bool(auto_map) or any(str(t).lower() == "custom_code" for t in record.tags)
        or (bool(remote_files) if known else snippet is not None),
        "remote_code_files": remote_files or (sorted(auto_map.values()) if isinstance(auto_map, dict) else []),
        "remote_code_evidence": _remote_code_evidence(remote_files, auto_map, record.tags, known, snippet),
        "adapter": True if record.adapter_config is not None or any(
            f.endswith("adapter_config.json") for f in files or ()) else (False if known else None),
        # a mergekit merge (its configuration read, or its file in the list even when it could not be read):
        # the models it was made from govern it, so a merge that names none fails closed (LIN017)
        "merge_config": record.mergekit_config is not None or bool(
            files and any(f.rsplit("/", 1)[-1] in MERGEKIT_CONFIG_FILES for f in files)),
    }


def _remote_code_snippet(record: ModelRecord) -> dict[str, Any] | None:
    """The card's usage code that loads this very repository with `trust_remote_code=True` (card_remote_code.py):
    {id, line, same?}; a snippet loading another model (a base, a different size) says nothing of this one's code.
    This very repository includes its id as the card wrote it under the organisation's other Hub name or spelling
    (Skywork/Skywork-13B-base's README loads "SkyworkAI/Skywork-13B-Base", review 38 W2): `same` then says why."""
    own = [record.id, str(record.requested or record.id)]
    for st in record.card_statements:
        written = str(st.get("as_written") or "")
        if st.get("kind") != REMOTE_CODE or not written:
            continue
        if written.lower() in {o.lower() for o in own}:
            return {"id": written, "line": st.get("line")}
        why = next((w for o in own if (w := same_repository(written, o))), None)
        if why:
            return {"id": written, "line": st.get("line"), "same": why}
    return None


_REPO_SPELLING = lazy_compile(r"[-_]")


def same_repository(written: str, audited: str) -> str | None:
    """Why a repository id a card writes is the audited repository under another spelling, or None: the same
    repository name ignoring letter case and "-" for "_" (a separator dropped, "tinychat", is another name), and an
    owner that is the same organisation (the same name in another case, a recorded rename, or two Hub namespaces the
    makers table records as one maker's). A different model of the same maker (a -Lite sibling, another size) or
    the same name under another owner never is."""
    a, b = owner_and_name(written), owner_and_name(audited)
    if a is None or b is None or _REPO_SPELLING.sub("-", a[1].lower()) != _REPO_SPELLING.sub("-", b[1].lower()):
        return None
    if a[0].lower() == b[0].lower():
        return f"{written} is {audited} spelt otherwise (letter case, '-' or '_')"
    renamed = renames_between(a[0], b[0])
    if renamed:
        return f"{a[0]} and {b[0]} are one organisation renamed (auditor/data/org_renames.json)"
    maker = maker_of(a[0])
    if maker is not None and same_maker_orgs(a[0], b[0]):
        return f"{a[0]} and {b[0]} are Hub namespaces of one maker, {maker.name} (auditor/data/makers.json)"
    return None


def _remote_code_evidence(remote_files: list[str], auto_map: Any, tags: Any, known: bool,
                          snippet: dict[str, Any] | None = None) -> str:
    """Why the facts say the model needs (or does not need) remote code, in words a finding can quote: the code
    files, the config's auto_map, the Hub's `custom_code` tag, the card's own usage code (the file list unknown),
    or that nothing could be checked."""
    if remote_files:
        return "code files: " + ", ".join(remote_files)
    if isinstance(auto_map, dict) and auto_map:
        return "config.json auto_map: " + ", ".join(sorted(str(v) for v in auto_map.values()))
    if auto_map:
        return "config.json auto_map"
    if any(str(t).lower() == "custom_code" for t in tags or ()):
        return "the repository is tagged custom_code"
    if known:
        return "no code files in the file list"
    if snippet is not None:
        same = f" (this repository: {snippet['same']})" if snippet.get("same") else ""
        return (f"the card's usage code loads {snippet['id']}{same} with trust_remote_code=True (README line "
                f"{snippet['line']}), so its own instructions run code from the repository; the file list was not "
                "recorded, so whether the repository still holds that code (or the library now supports the model "
                "natively) was not checked: an online audit reads the file list")
    return "not checked"


def _first_statement(record: ModelRecord, kind: str, key: str) -> dict[str, Any] | None:
    """{key: as written, line} of the card's first prose statement of `kind`, None when it has none."""
    return next(({key: str(st["as_written"]), "line": st.get("line")} for st in record.card_statements
                 if st.get("kind") == kind), None)


def _data_sentence(record: ModelRecord) -> dict[str, Any] | None:
    """{names, line, licenses?, unstated?} of the prose's first "trained on ..." sentence: the licences it gives its
    data ("Apache 2.0, MIT, BSD-2 or BSD-3", InCoder) and the sources it adds without a licence ("as well as
    StackOverflow"), so question 25 says what the card states instead of "cannot be checked" (review 37 W4)."""
    first = next((st for st in record.card_statements if st.get("kind") == "training-data-sentence"), None)
    if first is None:
        return None
    roles = first.get("roles") or ()
    licenses, unstated = role_values(roles, LICENSE_ROLE), role_values(roles, UNSTATED_ROLE)
    return {"names": str(first["as_written"]), "line": first.get("line"),
            **({"licenses": licenses} if licenses else {}), **({"unstated": unstated} if unstated else {})}


def _use_restrictions(record: ModelRecord) -> dict[str, Any] | None:
    """{title, line, items, prohibits, said} of the card's "use-restriction-section" statement, None if it has none."""
    for st in record.card_statements:
        if st.get("kind") == "use-restriction-section":
            roles = [str(r) for r in st.get("roles") or []]
            items = int(roles[0]) if roles and roles[0].isdigit() else 0
            if len(roles) > 2 and roles[2] == "prose":  # a prose-only section: its sentence, at its line
                return {"title": roles[3] if len(roles) > 3 else "out-of-scope section", "line": st.get("line"),
                        "items": 0, "prohibits": False, "said": str(st["as_written"])}
            return {"title": str(st["as_written"]), "line": st.get("line"), "items": items,
                    "prohibits": "prohibited" in roles, "said": None}
    return None


def _use_scope(record: ModelRecord) -> dict[str, Any] | None:
    """{scope, words, line} of the prose's research-only or no-commercial-use statement (auditor/card_use_scope.py),
    None when it has none: rule CRD005 reads it against a commercial policy."""
    for st in record.card_statements:
        if st.get("kind") == "use-scope-stated":
            roles = [str(r) for r in st.get("roles") or []]
            return {"scope": roles[0] if roles else "research-only", "words": str(st["as_written"]),
                    "line": st.get("line")}
    return None


def _own_base(record: ModelRecord, known: Any = None) -> dict[str, Any] | None:
    """{id, line} of the first base statement of the prose that holds for this repository (auditor/card_subject.py:
    a family card's item on another model by name does not), None when it has none. `known`: the run's catalogs that
    confirm a bare or name-only base (auditor/lineage/known.py; the embedded catalog alone when None), the ones the
    lineage walk confirmed it with, so the facts and the lineage agree."""
    # lazy: start-up (lineage is loaded only when a run builds facts)
    from auditor.lineage.graph import confirmed_statements

    # a bare id nothing confirms as a model is a suspected base (LIN004), not the prose's word on the base
    statements = confirmed_statements(record, known=known) if known is not None else confirmed_statements(record)
    return next(({"id": str(st["as_written"]), "line": st.get("line")} for st in statements), None)


def _license_statement(record: ModelRecord) -> dict[str, Any] | None:
    """{name, line, link, role} of the card's license-stated statement (auditor/card.py): the link is the address the
    line points to as written (null when it has none), which the review offers, checked, as the card's link; `role`
    what the line says the license covers ("adapter-weights": an adapter's own weights, not the base's it needs;
    null when the line does not say), so the review says which license covers what (review pass 34 P6)."""
    return next(({"name": str(st["as_written"]), "line": st.get("line"), "link": str(st["link"]) if st.get("link")
                  else None, "role": str((st.get("roles") or [None])[0]) if st.get("roles") else None}
                 for st in record.card_statements if st.get("kind") == "license-stated"), None)


def _data_license_statements(record: ModelRecord) -> list[dict[str, Any]]:
    """[{license, line, names, link}] of the card's data-license-stated statements (auditor/card_data_license.py)."""
    return [{"license": str(st["as_written"]), "line": st.get("line"), "names": [str(n) for n in st.get("roles") or []],
             "link": str(st["link"]) if st.get("link") else None}
            for st in record.card_statements if st.get("kind") == "data-license-stated"]


def _architecture_statement(record: ModelRecord) -> dict[str, Any] | None:
    """{name, line, link} of the card's architecture-stated statement, None when it has none."""
    return next(({"name": str(st["as_written"]), "line": st.get("line"), "link": str(st["link"]) if st.get("link")
                  else None} for st in record.card_statements if st.get("kind") == "architecture-stated"), None)


def _holder_statement(record: ModelRecord) -> dict[str, Any] | None:
    """{name, line, role} of the card's holder-stated statement (auditor/card.py), None when it has none."""
    return next(({"name": str(st["as_written"]), "line": st.get("line"), "role": (st.get("roles") or ["developer"])[0]}
                 for st in record.card_statements if st.get("kind") == "holder-stated"), None)


def _family_statement(record: ModelRecord) -> dict[str, Any] | None:
    """{name, line, family, phrase, made_from} of the card's base-family-stated statement (auditor/card.py), None
    when it has none: `phrase` the "made from" words as written (null in a record made before they were kept),
    `made_from` whether they say the weights were made from the family's (not "based on", which may be a design)."""
    licensed = next((st for st in record.card_statements if st.get("kind") == "family-license-stated"), None)
    for st in record.card_statements:
        if st.get("kind") == "base-family-stated":
            roles = list(st.get("roles") or [""])
            phrase = str(roles[1]) if len(roles) > 1 and roles[1] else None
            if not made_from_phrase(phrase) and licensed is not None \
                    and next(iter(licensed.get("roles") or [""])) == roles[0]:
                break  # "based on LLaMA" and "used according to the LLaMA license": the license line says more
            return {"name": str(st["as_written"]), "line": st.get("line"), "family": roles[0], "phrase": phrase,
                    "made_from": made_from_phrase(phrase)}
    if licensed is not None:
        # the card says the family's license governs the model (review pass 34 P1): its terms are a floor, as a
        # made-from family's are
        roles = [str(role) for role in licensed.get("roles") or [""]]
        phrase = roles[1] if len(roles) > 1 else f"the {licensed['as_written']} license"
        return {"name": str(licensed["as_written"]), "line": licensed.get("line"), "family": roles[0],
                "phrase": phrase, "made_from": True}
    return None


def card_facts(record: ModelRecord, known: Any = None) -> dict[str, Any]:
    """The card's facts; `known` confirms its prose bases (_own_base)."""
    card = record.card or {}
    return {
        "present": record.card_present,
        "body_length": record.card_body_length,
        # The Hub reads only `license`: a misspelt key or a bare license_name is a license.issues finding.
        "has_license_field": "license" in card,
        "has_base_model": bool(record.base_models),
        "has_datasets": bool(record.datasets),
        "problems": [p.to_dict() for p in record.problems if p.code.startswith(("card-", "base-model-"))],
        # the corpora the prose's training-data section names (auditor/card.py), each with the catalog's dataset
        # record of it when there is one (auditor/lineage/datasets.py): the review's data questions
        "training_data": training_data_facts(record),
        # the training-data heading or label, whether or not it names a corpus: the data is described there
        "training_data_section": _first_statement(record, "training-data-section", "title"),
        "training_data_link": _first_statement(record, "training-data-link", "url"),
        # with the licences it gives its data and the sources it adds without one (auditor/card_trained_on_licenses.py)
        "training_data_sentence": _data_sentence(record),
        # the license a sentence gives for a training corpus, with the names the card links to that corpus
        # (auditor/card_data_license.py): the model card's word on the data's terms, not the dataset's record
        "data_license_stated": _data_license_statements(record),
        # the named architecture the prose says the model is based on (auditor/card_architecture.py): a design, never
        # a base; question 1 says it when the card declares no base
        "architecture_stated": _architecture_statement(record),
        # the license a "License:" line names, and the prose's license heading or label: where a card without a
        # license field states its terms
        "license_stated": _license_statement(record),
        "license_section": _first_statement(record, "license-section", "title"),
        # the licenses the prose gives some named models of the release ("DeepSeek-R1-Distill-Llama-8B ... is
        # originally licensed under llama3.1 license"): the card's word for this model beside its general statement
        "named_license_stated": [{"license": str(st["as_written"]), "line": st.get("line"),
                                  "names": [str(n) for n in st.get("roles") or []],
                                  "link": str(st["link"]) if st.get("link") else None}
                                 for st in record.card_statements if st.get("kind") == "named-license-stated"][:8],
        # the licenses the prose gives for the code ("The code is released under MIT"; auditor/card.py): question 2
        # says which license is the code's and which the weights', never the code's as the weights' (pass 32 P7)
        "code_license_stated": [{"name": str(st["as_written"]), "line": st.get("line"),
                                 "roles": [str(r) for r in st.get("roles") or ["code"]]}
                                for st in record.card_statements if st.get("kind") == "code-license"][:8],
        # the uses the prose rules out (an "Out-of-Scope Use" section, "may not be used:" and its list): question 6
        # says it beside a license that sets no use policy (review pass 31 W2)
        "use_restrictions_stated": _use_restrictions(record),
        # the publisher's own "research purposes only" / "no commercial use" in the prose, whatever the declared
        # license (BELLE-7B-2M: apache-2.0 declared, research only in English and Chinese): rule CRD005
        "use_scope_stated": _use_scope(record),
        # the Hub model the prose names as this model's origin ("a fine-tuned version of [X](https://hf.co/...)"):
        # a card without base_model may name its base only there; the review qualifies its answers by it
        "base_stated": _own_base(record, known),
        # a model family the prose names as this model's base without a Hub link ("Finetuned from: LLaMA")
        "base_family_stated": _family_statement(record),
        # who the prose names as owning or making the model ("Owner: Databricks, Inc.", "Developed by: Nomic AI", a
        # line opening with a copyright notice): the licensor of a license that names none (MIT, Apache-2.0)
        "holder_stated": _holder_statement(record),
        # the repository the prose says this one mirrors ("This repository is a mirror of X ... not affiliated"): a
        # mirror's publisher holds no rights in the weights, so question 1 names the original's makers (pass 32 W1)
        "mirror_stated": next(({"of": str(st["as_written"]), "line": st.get("line"),
                                "not_affiliated": "not-affiliated" in (st.get("roles") or [])}
                               for st in record.card_statements if st.get("kind") == "mirror-stated"), None),
        # the statement kinds the recording transcribed from the prose, when not all (a catalog record made from a
        # third-party copy before every kind was kept): the absence of another kind says nothing of the card
        "statement_kinds_read": list(record.card_kinds_read) if record.card_kinds_read is not None else None,
        "contact_stated": next(({"address": str(st["as_written"]), "line": st.get("line"),
                                 "commercial": "commercial" in (st.get("roles") or ())} for st in
                                record.card_statements if st.get("kind") == "contact-stated"), None),
        # the publisher's own first-person grant ("I grant permission for any use, including commercial, ...",
        # auditor/card_grant.py): question 2 shows it beside the declared license, never in its place
        "own_grant_stated": next(({"text": str(st["as_written"]), "line": st.get("line")} for st in
                                  record.card_statements if st.get("kind") == "own-grant-stated"), None),
        # the card's "Trademarks" section (auditor/card_trademark.py): question 8 quotes it beside the license's
        # naming duty (Phi's "must not cause confusion or imply Microsoft sponsorship"; review pass 33 P9)
        "trademark_stated": next(({"text": str(st["as_written"]), "line": st.get("line")} for st in
                                  record.card_statements if st.get("kind") == "trademark-section"), None),
        # training sources the prose describes by kind only, beside a named corpus ("enhanced with curated corpora",
        # auditor/card_unnamed_data.py): question 25 says their licenses are unknown (review pass 33 P10)
        "unnamed_data_stated": next(({"text": str(st["as_written"]), "line": st.get("line")} for st in
                                     record.card_statements if st.get("kind") == "unnamed-data-stated"), None),
        # what the prose states of training compute (auditor/compute.py): the AI Act's 10^25 FLOP presumption
        "training_compute": training_compute(record.card_statements, model_size(record.id, record.parameters),
                                             record.parameters, record.id),
        # the active parameters per token the card states for a mixture of experts (auditor/compute.py): the
        # regulatory row gives them over the name's figure (review 38 M5)
        "active_parameters": active_parameters(record.card_statements),
        # the Hub's gate-form keys the front matter carries (the prompt itself may have been left out of a
        # recording): where the Hub's own gate state is unknown, they say the publisher set up a gate
        "gate_form": gate_form_keys(record),
        # what that form asks: "terms" (a license or use policy to accept), "contact" (contact details or a privacy
        # notice only: nothing to accept), "" without a form (model.gate_form_asks)
        "gate_asks": gate_form_asks(record),
        # the terms the access form's prompt links for acceptance (a license agreement beside the declared license)
        "gate_terms": gate_terms_links(record),
        # the models a merge's front-matter tags name when it declares no base_model (mlabonne's Beyonder-4x7B-v2):
        # the merged weights are theirs, and so are their terms
        "merge_named": merge_named(record),
        # whether the card says the model is a merge (a tag, or its prose), and the ingredients its prose names, each
        # with its README line (auditor/card_merge.py): a merge's training data is its parts', never "none"
        "merge": merge_facts(record),
        "prose_bases": prose_bases(record, known),
    }


def prose_bases(record: ModelRecord, known: Any = None) -> list[str]:
    """The ids the prose alone names as the model's bases (its "base-stated" id, then a merge's parts), for CRD003: a
    derivative whose card names its base only in prose still declares no base_model. The model itself and its own
    quantizations are not its bases."""
    # lazy: start-up (lineage is loaded only when a run builds facts)
    from auditor.lineage.merged import merge_parts, own_version

    stated = _own_base(record, known)
    named = [str(stated["id"])] if stated else []
    named.extend(text for text, _ in merge_parts(record))
    kept: dict[str, str] = {}
    for name in named:
        if "/" in name and not own_version(record.id, name):
            kept.setdefault(name.lower(), name)
    return list(kept.values())[:MAX_PROSE_BASES]


MAX_PROSE_BASES = 33  # a stated base and a merge's 32 parts


def merge_facts(record: ModelRecord) -> dict[str, Any]:
    """{declared, line, parts}: how the card says the model is a merge (None when it does not), the README line of a
    prose declaration, and the ingredients the prose names ({id, line}: an id, or a local path as written)."""
    # lazy: start-up (lineage is loaded only when a run builds facts)
    from auditor.lineage.merged import merge_declared, merge_parts

    declared = merge_declared(record)
    return {"declared": declared[0] if declared else None, "line": declared[1] if declared else None,
            "parts": [{"id": text, "line": line} for text, line in merge_parts(record)]}


_REPO_ID_TAG = lazy_compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$")


def merge_named(record: ModelRecord) -> list[str]:
    """The Hub repository ids a card's tags name when its tags also mark it a merge (merge_tags.DECLARED_TAGS) and it
    declares no base_model: mergekit's model cards list the merged models as tags, and a card that never fills
    base_model names its components nowhere else in its metadata. Empty otherwise (a tag such as "moe" alone marks an
    architecture, not a merge; a prefixed tag such as "base_model:x/y" is the Hub's own and read elsewhere)."""
    card = record.card if isinstance(record.card, dict) else {}
    tags = [t.strip() for t in (card.get("tags") if isinstance(card.get("tags"), list) else []) if isinstance(t, str)]
    if record.base_models or not DECLARED_TAGS & {t.lower() for t in tags}:
        return []
    own = record.id.lower()
    return list(dict.fromkeys(t for t in tags if _REPO_ID_TAG.match(t) and t.lower() != own))[:16]


def training_data_facts(record: ModelRecord) -> list[dict[str, Any]]:
    """The corpora the card's training-data section names: {name, line, role, private, dataset}, `private` whether
    the card says the set is private (auditor/card_data_list.py), `dataset` the embedded
    catalog's record of it ({id, license, state, category, source}) or null. A token that only looks like a
    dataset id (role "dataset-id") is kept only when the catalog holds that dataset: "max_length" names nothing."""
    statements = [st for st in record.card_statements if st.get("kind") in ("training-data", "training-data-id")]
    if not statements:
        return []
    from auditor.lineage.datasets import catalog_dataset  # lazy: only a card that names training corpora asks

    out = []
    for st in statements:
        role = "dataset-id" if st.get("kind") == "training-data-id" else (st.get("roles") or ["named"])[0]
        dataset = catalog_dataset(str(st["as_written"]), role)
        if role == "dataset-id" and dataset is None:
            continue
        out.append({"name": str(st["as_written"]), "line": st.get("line"), "role": role,
                    "private": "private" in (st.get("roles") or ())[1:], "dataset": dataset})
    return out


_PROMPT_LINK = lazy_compile(r"\[([^\]\n]{1,120})\]\(\s*<?([^)\s>]{1,500})>?[^)]*\)")
# a link text that names terms to accept (a privacy policy is not a license term)
_TERMS_TEXT = lazy_compile(r"(?i)licen[cs]e|agreement|terms\b|use\s+policy|acceptable\s+use")
_PRIVACY = lazy_compile(r"(?i)privacy")
_URL_TEXT = lazy_compile(r"^\s*(?:https?://|www\.)", re.IGNORECASE)


def gate_terms_links(record: ModelRecord) -> list[dict[str, str]]:
    """The named links of the card's `extra_gated_prompt` that name terms the access form asks to accept ("By
    submitting this form, you agree to the [License Agreement](https://cohere.com/c4ai-cc-by-nc-license)"): {text,
    url}, at most 8. A link whose text is only its address (the Llama prompts' use-policy URLs) or names a privacy
    policy is left out."""
    card = record.card if isinstance(record.card, dict) else {}
    prompt = card.get("extra_gated_prompt")
    if not isinstance(prompt, str):
        return []
    out: list[dict[str, str]] = []
    for text, url in _PROMPT_LINK.findall(prompt[:100_000]):
        text = text.strip().strip("*_`").strip()
        if _TERMS_TEXT.search(text) and not _PRIVACY.search(text) and not _URL_TEXT.match(text) and len(out) < 8:
            out.append({"text": text, "url": url})
    return out


# The Hub's task names (its pipeline_tag values), as a repository's tags carry them when its pipeline_tag is unset.
HUB_TASKS = frozenset({
    "any-to-any", "audio-classification", "audio-to-audio", "automatic-speech-recognition", "conversational",
    "depth-estimation", "document-question-answering", "feature-extraction", "fill-mask", "image-classification",
    "image-feature-extraction", "image-segmentation", "image-text-to-text", "image-to-3d", "image-to-image",
    "image-to-text", "image-to-video", "keypoint-detection", "mask-generation", "object-detection",
    "question-answering", "reinforcement-learning", "robotics", "sentence-similarity", "summarization",
    "table-question-answering", "tabular-classification", "tabular-regression", "text-classification",
    "text-generation", "text-ranking", "text-to-3d", "text-to-audio", "text-to-image", "text-to-speech",
    "text-to-video", "text2text-generation", "time-series-forecasting", "token-classification", "translation",
    "unconditional-image-generation", "video-classification", "video-text-to-text", "visual-question-answering",
    "voice-activity-detection", "zero-shot-classification", "zero-shot-image-classification",
    "zero-shot-object-detection"})


def task_tag(record: ModelRecord) -> str | None:
    """The first Hub task name among the repository's tags (the API's, then the card's), when its pipeline_tag is
    unset: stable-diffusion-v1-5's card tags it text-to-image, and the review said "the Hub task is not recorded"
    (review passes 31 and 32)."""
    if record.pipeline_tag:
        return None
    card = record.card if isinstance(record.card, dict) else {}
    card_tags = card.get("tags") if isinstance(card.get("tags"), list) else []
    return next((str(t).lower() for t in (*(record.tags or ()), *card_tags)
                 if isinstance(t, str) and t.lower() in HUB_TASKS), None)


def model_facts(record: ModelRecord, lineage: LineageDocument | None) -> dict[str, Any]:
    return {
        "id": record.id,
        "requested": record.requested,
        "revision": record.revision,
        "sha": record.sha,
        "source": record.source,
        "kind": record.kind,
        "gated": record.gated,
        "private": record.private,
        "library": record.library,
        "pipeline_tag": record.pipeline_tag,
        "task_tag": task_tag(record),
        "origin": record.origin,
        "relation": lineage.relation if lineage else None,
        "relation_inferred": lineage.relation_inferred if lineage else None,
        "base_models": list(record.base_models),
        "last_modified": record.last_modified,
        # when the repository was created: which dated text of a license was in force at the model's release
        # (CreativeML Open RAIL++-M of 2022-11-24 for SD 2.x, of 2023-07-26 for SDXL; review 40 W2)
        "created_at": record.created_at,
    }


def _source_label(item: dict[str, Any]) -> str:
    label = str(item.get("license") or "?")
    if item.get("clause"):
        label += f" {item['clause']}"
    via = item.get("from") or item.get("model")
    if via:
        label += f" ({via})"
    return label


def _deciding_sources(raw: dict[str, Any]) -> list[str]:
    """The sources of a scalar term that set its combined value: "may not be used commercially (CC-BY-NC-4.0
    Section 1(i))" must not also cite Apache-2.0 §2, which grants what the other license takes away. Every
    source when none carries the combined value (a value computed from them, such as a smallest limit)."""
    items = [s for s in raw.get("sources") or () if isinstance(s, dict)]
    value = raw.get("value")
    deciding = [s for s in items if "value" in s and s["value"] == value and value not in (None, "unknown")]
    return [_source_label(s) for s in deciding or items]


def terms_facts(effective: dict[str, Any] | None) -> dict[str, Any]:
    """Effective terms in the rules' shape: scalar terms {value, sources}, list terms {values, sources}.

    `effective` maps term -> {"value": ..., "sources": [{"license", "clause", "from", "path"}], ...} as the
    lineage/terms stage produces it; missing terms are unknown.
    """
    effective = effective or {}
    out: dict[str, Any] = {}
    for key in TERM_KEYS:
        raw = effective.get(key) or {}
        sources = [_source_label(s) for s in raw.get("sources") or () if isinstance(s, dict)]
        if key in LIST_TERMS:
            values = raw.get("values")
            if values is None:
                value = raw.get("value")
                values = value if isinstance(value, list) else ([] if value in (None, "unknown", "none",
                                                                                 "not-required") else [value])
            # a list term whose combination is unknown (the publisher's own terms unknown, nothing inherited
            # to add) is not known to be empty: "known" false, so no report shows it as "none"
            known = raw["known"] if "known" in raw else bool(raw) and raw.get("value") != "unknown"
            out[key] = {"values": list(values), "sources": sources, "known": known}
            if key == "attribution":  # phrases to display ("Built with Llama"), apart from the notice texts
                out[key]["displays"] = list(raw.get("displays") or ())
        else:
            entry = {"value": raw.get("value") if key == "mau_limit" else raw.get("value", "unknown"),
                     "sources": _deciding_sources(raw), "unknown_from": _unknown_sources(raw)}
            for extra in ("condition", "notes"):
                if raw.get(extra) is not None:
                    entry[extra] = raw[extra]
            out[key] = entry
    if out["mau_limit"]["value"] is not None and not out["mau_limit"]["unknown_from"]:
        # the user limit comes with the commercial-use condition: a floor there is a floor here
        out["mau_limit"]["unknown_from"] = list(out["commercial_use"]["unknown_from"])
    for key in TERM_KEYS:
        if key not in LIST_TERMS:
            out[key]["floor_note"] = _floor_note(key, out[key]["unknown_from"])
    out["territorial"].setdefault("notes", [])
    out["commercial_use"].setdefault("condition", None)
    return out


def _unknown_sources(raw: dict[str, Any]) -> list[str]:
    """The licences that leave a term unknown while another in the lineage sets it (the model's own, a custom or
    placeholder licence whose terms are not read): the value shown is then the inherited floor, not a settled term
    (review 37 W5: tulu's ImpACT-LR leaves commercial use unknown, Llama 2 §2 makes it conditional). [] when the
    term is settled, or unknown itself."""
    if raw.get("value") in (None, "unknown"):
        return []
    return [f"{s.get('license') or '?'} ({s.get('from') or s.get('model') or '?'})" for s in raw.get("sources") or ()
            if isinstance(s, dict) and s.get("value") == "unknown"]


def _floor_note(key: str, unknown: list[str]) -> str:
    """What a floor value needs beside it, said where a finding or a table shows the value (LIC009: "commercial use is
    conditional at least ..."); "" when the term is settled."""
    if not unknown:
        return ""
    leave = "leaves" if len(unknown) == 1 else "leave"
    term = "the monthly-active-user limit" if key == "mau_limit" else key.replace("_", " ")
    return (f" at least (the inherited floor: {', '.join(unknown)} {leave} {term} unknown, so the "
            "effective term is not settled)")


def as_dict_get(data: Any, *keys: str) -> Any:
    """data[k1][k2]... or None where a level is missing or not a mapping."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def license_status(lists: dict[str, Any], license_id: str, category: str | None) -> str:
    """How the policy's license lists treat one license: denied, review, allowed, not_listed (an allow list that
    does not name it), unlisted (no allow list, no entry) or unknown (its category is unknown or custom, or the
    knowledge base's placeholder and no pattern names the license itself: LicenseEntry.category_placeholder).

    Precedence is deny > review > allow, whatever the order of the lists: an organisation that denies a
    category cannot re-allow one of its licenses by accident through a broad allow glob.
    """
    if category in ("unknown", "custom"):
        return "unknown"
    # Asked for every license of every model, with the same few licenses and one policy: memoised on the three
    # lists' patterns themselves (their content, not the dict's identity), the id and the category.
    try:
        key = (*(tuple(lists.get(k) or ()) for k in ("deny", "review", "allow")), license_id, category)
        found = _STATUS.get(key)
    except TypeError:  # a pattern that is not a string (the schema refuses it): answered without the memo
        return _license_status(lists, license_id, category)
    if found is None:
        if len(_STATUS) >= 4096:
            _STATUS.clear()
        found = _STATUS[key] = _license_status(lists, license_id, category)
    return found


_STATUS: dict[tuple[Any, ...], str] = {}


def _license_status(lists: dict[str, Any], license_id: str, category: str | None) -> str:
    entry = default_kb().get(license_id)
    placeholder = entry is not None and entry.category_placeholder and category == entry.category
    for key, word in (("deny", "denied"), ("review", "review"), ("allow", "allowed")):
        # a placeholder category is matched by no `category:` pattern: only a pattern naming the license decides
        if any(license_matches(p, license_id, None if placeholder else category) for p in lists.get(key) or ()):
            return word
    if placeholder:
        return "unknown"
    return "not_listed" if lists.get("allow") else "unlisted"


def prose_base_facts(record: ModelRecord, policy: Policy, declared: list[str] | None = None) -> dict[str, Any] | None:
    """The license of the base family the card's prose says the weights were made from, when the metadata declares no
    base (lineage then reads none): {license, category, commercial_use, policy, name, family, phrase, line, declared,
    dropped}, the policy status as license_policy_facts words it (LIC019 denied, LIC020 not_listed, LIC021 review:
    the same statuses a declared base's license gets), and the base's travelling terms (a restriction, a copyleft)
    the `declared` license ids drop, as LIN001 words them ("commercial_use conditional->allowed"; LIC022).
    gpt4all-lora ("Finetuned from: LLaMA", GPL-3.0 declared) passed
    with a warning on GPL-3.0 alone while its LLaMA base is licensed for non-commercial research only (review pass 27,
    W1). Null unless the phrase is a made-from statement (not "based on"), the family has one license (the KB holds
    it) and the publisher is not the family's own."""
    stated = _family_statement(record)
    if stated is None or not stated["made_from"] or record.base_models:
        return None
    row = next((r for r in PROSE_BASE_FAMILIES if r[0] == stated["family"]), None)
    owner = (owner_and_name(record.id) or ("", ""))[0].lower()
    entry = default_kb().get(row[2]) if row is not None and row[2] and owner not in row[3] else None
    if entry is None:
        return None
    commercial = entry.term("commercial_use")
    status = license_status(policy.data.get("licenses") or {}, entry.id, entry.category)
    return {"license": entry.id, "category": entry.category,
            "commercial_use": str(commercial.value) if commercial is not None else "unknown", "policy": status,
            "name": stated["name"], "family": stated["family"], "phrase": stated["phrase"], "line": stated["line"],
            "declared": " AND ".join(declared or ()) or None, "dropped": _prose_base_dropped(declared or [], entry.id)}


def _prose_base_dropped(declared: list[str], base_id: str) -> list[str]:
    """The summaries ("commercial_use conditional->allowed") of the base license's travelling terms (restriction,
    copyleft, relicensing: lineage/launder.py LAUNDERING_KINDS) the declared license ids drop, compared as lineage
    compares a declared base's (compare_terms); [] when a declared id's terms are not known (no claim either way)."""
    kb = default_kb()
    base = kb.get(base_id)
    parts = [(e, kb.get(e).terms) for e in declared if kb.get(e) is not None and kb.get(e).terms]
    if base is None or not base.terms or not parts or len(parts) != len(declared):
        return []
    own = normalize_terms(parts[0][1] if len(parts) == 1 else combine(parts))
    dropped, _unsure = compare_terms(list(declared), own, [base_id], normalize_terms(base.terms))
    return [str(item["summary"]) for item in dropped if item.get("kind") in LAUNDERING_KINDS]


def license_policy_facts(ids: list[tuple[str, str | None]], policy: Policy) -> dict[str, list[str]]:
    """Which of the license ids (with categories) the policy denies, reviews, allows or does not list, and which it
    cannot decide (`unknown`: a knowledge-base license whose category is a placeholder, rule LIC025)."""
    lists = policy.data.get("licenses") or {}
    out: dict[str, list[str]] = {"denied": [], "review": [], "allowed": [], "not_listed": [], "unknown": []}
    for license_id, category in ids:
        if license_id is None:
            continue
        status = license_status(lists, license_id, category)
        if status in out:
            out[status].append(license_id)
    return {k: sorted(set(v)) for k, v in out.items()}


def license_choices(expression: str | None, ids: list[tuple[str, str | None]], policy: Policy,
                    use: dict[str, Any]) -> tuple[list[dict[str, Any]], frozenset[str]]:
    """(the OR choices of the effective expression, the licenses they decline): see auditor/lineage/choice.py.
    A license an AND still requires elsewhere in the expression is never declined."""
    if not expression or " OR " not in expression.upper():
        return [], frozenset()
    # lazy: only an expression with an OR needs the choice (most models have none)
    from auditor.lineage.choice import Judge, choose
    from auditor.lineage.terms import normalize_terms

    lists = policy.data.get("licenses") or {}
    categories = dict(ids)
    kb = default_kb()

    def terms(license_id: str) -> dict[str, Any] | None:
        entry = kb.get(license_id)
        return normalize_terms(entry.terms) if entry is not None and entry.terms else None

    def status(license_id: str) -> str:
        entry = kb.get(license_id)
        category = categories.get(license_id) or (entry.category if entry is not None else None)
        return license_status(lists, license_id, category)

    taken, choices = choose(expression, Judge(status, use, terms))
    # a declined operand an AND requires elsewhere binds all the same: that choice changes nothing
    choices = [c for c in choices if set(c["declined_ids"]) - set(taken)]
    return choices, frozenset(i for c in choices for i in c["declined_ids"]) - set(taken)


def build_facts(record: ModelRecord, stages: Stages | None, *, policy: Policy, known: Any = None) -> dict[str, Any]:
    """Fold one model's stage outputs into the facts document (see docs/facts.md).

    `stages` is None for a record that could not be read: every stage-derived fact is then unknown. `known`: the run's
    catalogs that confirm a card's prose bases (auditor/lineage/known.py known_catalogs; the embedded one when None).
    """
    resolved = stages.license if stages is not None else None
    lineage = stages.lineage if stages is not None else None
    effective_ids: list[tuple[str, str | None]] = [
        (i["id"], i.get("category")) for i in (lineage.effective_licenses if lineage else ()) if i.get("id")
    ] or [(i, resolved.categories.get(i)) for i in (resolved.entries if resolved else ())]
    use = policy_facts(policy, record.id)  # `use` as this model's roles make it (auditor/roles.py)
    expression = (lineage.effective_expression if lineage else None) or (resolved.expression if resolved else None)
    choices, declined = license_choices(expression, effective_ids, policy, dict(use.get("use") or {}))
    terms = (lineage.effective_terms if lineage else None) or (resolved.terms if resolved else None)
    inherited = list(lineage.inherited) if lineage else []
    if declined and stages is not None:
        # an OR choice: the terms of the licenses taken bind, not the strictest of every operand
        from auditor.lineage.inherit import effective_terms  # lazy: only for an OR choice that declines a license

        chosen = effective_terms(stages.graph, declined=declined)
        terms, inherited = chosen["terms"], list(chosen["inherited"])
    lineage_section = lineage_facts(lineage) | {
        "naming": name_checks(record.id, list(lineage.inherited) if lineage else [])}
    if declined:
        lineage_section["inherited"] = inherited
    return {
        "facts_version": FACTS_VERSION,
        "model": model_facts(record, lineage),
        "card": card_facts(record, known),
        "license": {**license_facts(resolved, lineage, effective_ids, policy, choices, declined),
                    "prose_base": prose_base_facts(record, policy, list(resolved.entries) if resolved else [])},
        "terms": terms_facts(terms),
        "lineage": lineage_section,
        "datasets": _no_license_as_null(lineage.datasets) if lineage else [],
        "data_risks": _no_license_as_null(lineage.data_risks) if lineage else [],
        "openness": {**openness_facts(stages.openness if stages is not None else None,
                                      as_dict_get(use, "openness", "min_mof_class_number")),
                     "mof_record": mof_record_facts(record, policy)},
        "files": files_facts(record),
        "problems": [p.to_dict() | {"fatal": p.fatal} for p in record.problems if not p.code.startswith("card-")],
        "complete": not any(p.fatal for p in record.problems) and not any(
            u.get("incomplete", True) for u in (lineage.unresolved if lineage else ())),
        "policy": use,
        "provenance": {k: v.to_dict() for k, v in record.provenance.items()},
        "curations": {"applied": [], "expired": []},  # filled in by auditor/curations.py (CuratingResolver.record_in)
    }


def license_facts(resolved: ResolvedLicense | None, lineage: LineageDocument | None,
                  effective_ids: list[tuple[str, str | None]], policy: Policy,
                  choices: list[dict[str, Any]] | None = None, declined: frozenset[str] = frozenset()
                  ) -> dict[str, Any]:
    """The license section: the model's own resolution, the effective expression from lineage, the OR choices
    made (license_choices), and the policy's allow/review/deny lists applied to the effective ids the
    organisation takes (`policy`, see license_policy_facts: a declined operand of a choice binds no one)."""
    expression = resolved.expression if resolved else None
    state = (resolved.state if resolved else None) or "unknown"
    return {
        "declared": list(resolved.declared) if resolved else [],
        "declared_raw": list(resolved.declared_raw) if resolved else [],
        "curated": None,  # set by auditor/curations.py (record_in) when a curation corrected the license
        "detected": [d.to_dict() for d in resolved.detected] if resolved else [],
        "expression": expression,
        "effective": (lineage.effective_expression if lineage else None) or expression,
        "ids": list(resolved.entries) if resolved else [],
        "effective_ids": sorted({i for i, _ in effective_ids}),
        "state": state,
        "known": state == "known",
        "category": resolved.category if resolved else None,
        "osi_approved": osi_approved(resolved),
        "unknown_names": list(resolved.unknown_names) if resolved else [],
        "custom_names": list(resolved.custom_names) if resolved else [],
        "custom_without_text": bool(resolved.custom_without_text) if resolved else False,
        "secondary_custom": dict(resolved.secondary_custom) if resolved and resolved.secondary_custom else None,
        "conflicts": [c.to_dict() for c in resolved.conflicts] if resolved else [],
        "issues": [i.to_dict() for i in resolved.issues] if resolved else [],
        "evidence": [e.to_dict() for e in resolved.evidence] if resolved else [],
        "choices": list(choices or ()),
        "policy": license_policy_facts([(i, c) for i, c in effective_ids if i not in declined], policy),
    }


def osi_approved(resolved: ResolvedLicense | None) -> bool | None:
    """OSI approval of the model's own license, as the knowledge base records it for each resolved id.

    Null (unknown, never a guess) unless the license is known and the KB has a value for every id; several
    ids are approved only when each is, and not approved when one is not and the card gave no choice (no OR).
    """
    if resolved is None or resolved.state != "known" or not resolved.entries:
        return None
    try:
        kb = default_kb()  # load_kb() resolves the folder's path on every call (a tenth of build_facts)
    except KBError:
        return None
    values = {getattr(kb.get(i), "osi_approved", None) for i in resolved.entries}
    if None in values:
        return None
    if values == {True}:
        return True
    return False if " OR " not in (resolved.expression or "") else None


_WEIGHTS = ("model_parameters", "Model parameters (Final)")
_DATA = ("datasets", "Datasets")
_CODE = ("training_code", "Training code", "inference_code", "Inference code")


def _cited(components: dict[str, Any], names: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    """The components a finding is about, each with its status, license, availability and evidence (source, file
    or field, revision): what OPN001/OPN003/OPN005/OPN006 cite, instead of the whole map of seventeen."""
    return [{"name": n, "status": components[n].status, "license": components[n].license,
             "availability": components[n].availability, "evidence": [e.to_dict() for e in components[n].evidence]}
            for n in names if n in components]


def class_gaps(components: dict[str, Any], min_class: int | None) -> list[str]:
    """The components the Model Openness Framework requires for class `min_class` (and the classes below it in
    number, which it includes) that are not open: what keeps the model below the policy's minimum."""
    if not isinstance(min_class, int):
        return []
    from auditor.openness.mof import COMPONENTS  # lazy: only a policy with a minimum class asks

    return [c.name for c in COMPONENTS if c.required and c.mof_class >= min_class
            and (c.name not in components or components[c.name].status != "open")]


def openness_facts(report: OpennessReport | None, min_class: int | None = None) -> dict[str, Any]:
    """The openness section: classes, OSAID verdict, scores, each component's status and license, the
    weights/data/code status (the least open of the components that stand for each), and the components each
    openness finding cites (`cited`: those standing for weights, data and code, and those keeping the model below
    the policy's minimum class, `min_class`)."""
    components = report.components if report is not None else {}

    def status(names: tuple[str, ...]) -> str:
        found = [components[n].status for n in names if n in components]
        if not found:
            return "unknown"
        for level in ("unknown", "absent", "closed", "restricted"):
            if level in found:
                return level
        return "open"

    return {
        "mof_class": report.mof.mof_class if report is not None else None,
        "mof_class_name": class_name(report.mof.mof_class) if report is not None else NOT_ASSESSED,
        "mof_class_normalised": report.mof_normalised.normalised.mof_class if report is not None else None,
        # the class the Model Openness Tool's own declaration reaches (null when the model has none), shown beside
        # the evidence-based class so a reviewer sees when the publisher's claim and the evidence differ
        "mof_class_declared": report.declared.mof_class if report is not None and report.declared else None,
        "mof_declared": bool(report is not None and report.declared),
        # the model the declaration says the release derives from (its `origin`; null when it names none): a
        # publisher's declaration with no origin is its word that the weights are its own (review pass 31 W1)
        "mof_origin": report.declared_origin if report is not None and report.declared else None,
        # where that declaration and the evidence part (contradicts, license-differs, omitted) or what it claims that
        # nothing here confirms (unverified): `auditor openness` showed them, the report did not (review 29)
        "mof_declared_versus_evidence": [
            {"component": e["component"], "kind": e["kind"], "message": e["message"],
             "declared_status": e.get("declared_status"), "declared_license": e.get("declared_license")}
            for e in (report.declaration_comparison if report is not None and report.declared else ())],
        "osaid": (report.osaid if report is not None else None) or "insufficient-evidence",
        "osaid_reasons": list(report.osaid_reasons) if report is not None else [],
        "scores": {k: v.to_dict() for k, v in report.scores.items()} if report is not None else {},
        "components": {k: {"status": v.status, "license": v.license, "availability": v.availability,
                           "license_status": v.license_status} for k, v in components.items()},
        "weights_status": status(_WEIGHTS),
        "data_status": status(_DATA),
        "code_status": status(_CODE),
        "cited": {"weights": _cited(components, _WEIGHTS), "data": _cited(components, _DATA),
                  "code": _cited(components, _CODE),
                  "class_gaps": _cited(components, class_gaps(components, min_class)) + [
                      {"name": n, "status": "unknown", "license": None, "availability": "unknown", "evidence": []}
                      for n in class_gaps(components, min_class) if n not in components]},
    }


# MOF license values that say nothing about terms: the component is not released, or nobody licensed it
_MOF_NO_LICENSE = frozenset({"", "unlicensed", "unknown", "none", "n/a"})
_MOF_PART = lazy_compile(r"[;,]")


def mof_record_facts(record: ModelRecord, policy: Policy) -> dict[str, Any] | None:
    """What a Model Openness Framework declaration (the Model Openness Tool's record, or a shipped mof.yml) holds
    beyond its class, for the review: the producer (a secondary source's word on who made the model, review pass 35
    G: "Shenzhen Yuanxiang Technology" for XVERSE), each component's license as written with the ids it names and
    the policy's status of them (StellarX's inference code: "commercial use restrcitions; CC-BY-NC-SA-4.0", while
    its weights are "Component not include."), and the Datasets component's value (BioMedLM's "pubmed"). A
    component's license is that component's alone: never the weights' unless the component is the weights. None
    without a declaration."""
    # lazy: the openness module's license-name reader, asked only for a record that has a MOF declaration
    from auditor.openness.normalise import normalise_license

    release = (record.mof or {}).get("release") if isinstance(record.mof, dict) else None
    if not isinstance(release, dict):
        return None
    lists = policy.data.get("licenses") or {}
    kb = default_kb()
    components = []
    for comp in release.get("components") or ():
        if not isinstance(comp, dict) or not isinstance(comp.get("name"), str):
            continue
        raw = str(comp.get("license") or "").strip()[:200]
        parts = [normalise_license(part.strip()) for part in _MOF_PART.split(raw) if part.strip()]
        if raw.lower() in _MOF_NO_LICENSE or any(n.not_included for n in parts):
            continue
        ids = list(dict.fromkeys(i for n in parts for i in n.ids))
        entries = [(i, kb.entries[i].category if i in kb.entries else None) for i in ids]
        components.append({"name": comp["name"][:80], "license": raw, "ids": ids,
                           "policy": {i: license_status(lists, i, c) for i, c in entries}})
    text = {k: str(release.get(k) or "").strip()[:200] or None for k in ("name", "version", "producer", "origin")}
    return {**text, "source": mof_source(record), "components": components}


def lineage_facts(lineage: LineageDocument | None) -> dict[str, Any]:
    """The lineage section: depth, ancestors, unresolved bases, laundering, name hints, inherited terms."""
    if lineage is None:
        return {"depth": 0, "ancestors": [], "unresolved": [], "laundering": [], "unverifiable": [], "relicensed": [],
                "incompatible": [], "suspected": [], "inherited": [], "problems": [], "truncated": False,
                "data_reading": None}
    return {
        "depth": lineage.depth,
        "ancestors": list(lineage.ancestors),
        "unresolved": list(lineage.unresolved),
        "laundering": list(lineage.laundering),
        "unverifiable": list(lineage.unverifiable),
        "relicensed": list(lineage.relicensed),
        "incompatible": list(lineage.incompatible),
        "suspected": list(lineage.suspected),
        "inherited": list(lineage.inherited),
        "problems": list(lineage.problems),
        "truncated": bool(lineage.truncated),
        "data_reading": lineage.data_reading,
    }


def _no_license_as_null(items: Any) -> list[Any]:
    """Dataset records as facts, a card that declares no license (state "none") with license null: the resolver's
    expression for it is the word "none", which the JSON output showed as `"license": "none"`, a license called
    "none" to a reader, where the review says "no license declared, so the terms are not known" (review pass 12)."""
    out = []
    for item in items:
        if isinstance(item, dict) and item.get("state") == "none" and item.get("license") in ("none", ""):
            item = {**item, "license": None}
        out.append(item)
    return out

