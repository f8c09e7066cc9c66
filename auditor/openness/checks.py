"""The openness checks: one small evaluator per MOF component (or family), registered in a table.

Why a table of evaluators over raw evidence (auditor.openness.raw), after OpenSSF Scorecard's checks: each
judgement reads only the RawEvidence, so it can be tested, read and argued with on its own, and adding a
component or changing how one is judged touches one function. Every evaluator returns a Component: the
status, the license it is under, one sentence saying why (`note`) and the evidence behind it.

Statuses, and the rule that governs them all (unknown is never counted as open):
- open: present and under an open license (OSI-approved, FSF-libre or an open-data license), freely
  downloadable;
- restricted: present but only under restrictions: gated downloads, or a license that is not open
  (community, RAIL, non-commercial, research-only);
- closed: present under proprietary terms;
- absent: the source shows it is not there (a known file list with no weights; a card that declares no
  datasets);
- unknown: the sources cannot tell (no file list, a license we cannot resolve, a code link GitHub was not
  asked about, a paper whose license is not recorded).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from auditor.model import Evidence
from auditor.openness.component import SHORT_CARD, Availability, Component, Status
from auditor.openness.licensing import Verdict, expression_verdict
from auditor.openness.mof import COMPONENT_NAMES
from auditor.openness.raw import (
    ARCHITECTURE_LIBRARIES,
    CARD,
    CODE_COMPONENTS,
    LIBRARY_LICENSES,
    LinkedRepo,
    RawEvidence,
    same_owner,
)

Check = Callable[[RawEvidence], Component]


def _with_license(
    raw: RawEvidence,
    name: str,
    evidence: list[Evidence],
    what: str,
    *,
    gated: bool = False,
) -> Component:
    """A present component under the model's license (or gated): the status follows the license."""
    lic = raw.license
    if gated:
        note = f"{what}; downloads are gated (access must be requested), so availability is restricted"
        return Component(name, "restricted", lic.expression, tuple(evidence), note, True)
    if lic.verdict == "unknown":
        return Component(name, "unknown", lic.expression, tuple(evidence), f"{what}; license unknown: {lic.why}", True)
    return Component(name, lic.verdict, lic.expression, tuple(evidence), f"{what}; {lic.why}", True)


def _gating_unknown(raw: RawEvidence, comp: Component, note: str) -> Component:
    """An open component whose gated state is not recorded is not shown to be freely downloadable."""
    if comp.status == "open" and raw.access.unknown:
        return Component(comp.name, "unknown", raw.license.expression, comp.evidence, note, True)
    return comp


# ---------------------------------------------------------------------------------------------------------
# Parameters


def final_parameters(raw: RawEvidence) -> Component:
    name = "Model parameters (Final)"
    weights, lic, access = raw.weights, raw.license, raw.access
    if weights.formats is None and (access.gated or lic.verdict in ("restricted", "closed")):
        # The file list is unknown, so whether weights are there is not shown (present stays None); but
        # whatever weights the repository holds are gated or under terms that are not open, so they can
        # never count as open: say so rather than "unknown".
        ev = [*lic.evidence, *((access.evidence,) if access.gated and access.evidence else ())]
        why_not = (
            "downloads are gated (access must be requested)"
            if access.gated
            else f"the model license is not open ({lic.why})"
        )
        return Component(
            name,
            "restricted" if access.gated or lic.verdict == "restricted" else "closed",
            lic.expression,
            tuple(ev),
            f"the repository's file list is not known, so whether it holds weights is not shown; any weights "
            f"it holds are not open: {why_not}",
            None,
        )
    if weights.formats is None:
        return Component(name, "unknown", lic.expression, lic.evidence,
                         "the repository's file list is not known, so whether it holds weights cannot be told", None)
    if not weights.formats:
        return Component(
            name,
            "absent",
            lic.expression,
            (raw.subject.ev("files", weights.file_count, "no weight files in the repository"),),
            "the repository holds no weight files",
            False,
        )
    ev = [weights.from_tags or raw.subject.ev("files", list(weights.formats), "weight files present"), *lic.evidence]
    if access.evidence is not None:
        ev.append(access.evidence)
    # formats read from the Hub's tags stand for a file list nobody recorded: "weights published (pytorch-pickle)"
    # beside SEC003's "the file list was not recorded" read as a contradiction (bloom, review pass 30)
    said = (f"the Hub tags name {_and_list(list(weights.formats))} weights (the file list was not recorded)"
            if weights.from_tags is not None else f"weights published ({', '.join(weights.formats)})")
    comp = _with_license(raw, name, ev, said, gated=access.gated)
    return _gating_unknown(
        raw, comp, "weights published under an open license, but whether downloads are gated is not recorded"
    )


def intermediate_parameters(raw: RawEvidence) -> Component:
    """Intermediate checkpoints: folders in the file list, or branches (where the Hub usually keeps them)."""
    name = "Model parameters (Intermediate)"
    weights, lic, subject = raw.weights, raw.license, raw.subject
    folders, branches = weights.checkpoint_folders, weights.checkpoint_branches
    if folders and weights.formats:
        ev = [subject.ev("files", list(folders[:5]), f"{len(folders)} intermediate checkpoint folder(s)"),
              *lic.evidence]
        what = "intermediate checkpoints published"
    elif branches:
        ev = [
            subject.ev("api:refs", list(branches[:5]), f"{len(branches)} checkpoint branch(es)"
                       + subject.read_from("branches")),
            *lic.evidence,
        ]
        what = f"intermediate checkpoints published as {len(branches)} branch(es) ({', '.join(branches[:3])}, ...)"
        if not weights.formats:
            # branch names alone, and the main revision does not show weights (or the file list is unknown):
            # what the branches hold is not shown
            return Component(
                name,
                "unknown",
                lic.expression,
                tuple(ev),
                f"{len(branches)} branch(es) are named like checkpoints ({', '.join(branches[:3])}, ...), but the "
                "main revision does not show weights, so what they hold is not shown",
                None,
            )
    else:
        return _no_checkpoints(raw)
    comp = _with_license(raw, name, ev, what, gated=raw.access.gated)
    return _gating_unknown(
        raw, comp, f"{what} under an open license, but whether downloads are gated is not recorded"
    )


def _no_checkpoints(raw: RawEvidence) -> Component:
    name = "Model parameters (Intermediate)"
    weights = raw.weights
    if weights.branch_count is not None and weights.files_known:
        return Component(
            name,
            "absent",
            None,
            (raw.subject.ev("api:refs", weights.branch_count,
                            "no checkpoint branches" + raw.subject.read_from("branches")),),
            "no checkpoint folders in the file list and no checkpoint branches",
            False,
        )
    where = "the file list shows no checkpoint folders" if weights.files_known else "the file list is not known"
    return Component(
        name,
        "unknown",
        None,
        (),
        f"{where}; intermediate checkpoints are usually published as branches, which were not listed in this "
        "run (auditor openness, report, sbom and snapshot list them when they read the Hub)",
        None,
    )


# ---------------------------------------------------------------------------------------------------------
# Architecture, metadata, libraries


def architecture(raw: RawEvidence) -> Component:
    name = "Model architecture"
    arch, subject = raw.architecture, raw.subject
    hub_config = arch.hub_config
    if arch.maps_code or arch.modeling_files or (hub_config is not None and hub_config[1]):
        ev = [
            hub_config[0]
            if hub_config is not None and not arch.modeling_files
            else subject.ev(
                "files",
                list(arch.modeling_files[:5]) or ["config.json:auto_map"],
                "architecture code in the repository",
            ),
            *raw.license.evidence,
        ]
        return _with_license(raw, name, ev, "architecture code ships in the repository")
    if arch.has_config and arch.library in ARCHITECTURE_LIBRARIES:
        config = arch.config or {}
        archs = config.get("architectures") or config.get("model_type")
        lib_license = LIBRARY_LICENSES[arch.library]
        ev = [
            hub_config[0] if hub_config is not None else subject.ev(
                "config.json", archs, "architecture named by the config"
            ),
            subject.ev(arch.library_location, arch.library, f"implemented in {arch.library} ({lib_license})"),
        ]
        return Component(
            name,
            expression_verdict(lib_license),
            lib_license,
            tuple(ev),
            (
                "the Hub's metadata shows a config.json" if hub_config is not None else "the config names the "
                "architecture"
            ) + f"; its code is in {arch.library}, under {lib_license}",
            True,
        )
    if arch.has_config:
        return Component(
            name,
            "unknown",
            None,
            (subject.ev("config.json", None, "config present"),),
            "a config describes the architecture, but where its code lives (and under which license) is not known",
            True,
        )
    return Component(name, "unknown", None, (), "no config.json or architecture code found", None)


def metadata(raw: RawEvidence) -> Component:
    name = "Model metadata"
    arch = raw.architecture
    if arch.meta_files or arch.config is not None or arch.hub_config is not None:
        first = (
            arch.hub_config[0]
            if arch.hub_config is not None and not arch.meta_files
            else raw.subject.ev("files", list(arch.meta_files[:5]) or ["config.json"], "model metadata files")
        )
        return _with_license(raw, name, [first, *raw.license.evidence], "configuration metadata published",
                             gated=raw.access.gated)
    if arch.files_known:
        return Component(name, "absent", None, (), "no configuration or training metadata files in the repository",
                         False)
    return Component(name, "unknown", None, (), "the file list is not known", None)


def libraries(raw: RawEvidence) -> Component:
    name = "Supporting libraries and tools"
    library, where = raw.architecture.library, raw.architecture.library_location
    if library in LIBRARY_LICENSES:
        lib_license = LIBRARY_LICENSES[library]
        return Component(name, expression_verdict(lib_license), lib_license, (raw.subject.ev(where, library),),
                         f"built on {library} ({lib_license})", True)
    return Component(
        name,
        "unknown",
        None,
        (raw.subject.ev(where, library),) if library else (),
        f"library {library!r} is not one we know the license of" if library else "no library is named",
        True if library else None,
    )


# ---------------------------------------------------------------------------------------------------------
# Code


_ORDER = {"open": 0, "restricted": 1, "closed": 2, "unknown": 3, "absent": 4}


def _better(a: Component, b: Component) -> bool:
    return _ORDER[a.status] < _ORDER[b.status]


def code(name: str, raw: RawEvidence) -> Component:
    """One code component: the best of the linked repositories that stand for it and the model repository."""
    best: Component | None = None
    # a link named for this component (a MOF component_path, a `training_code` field) before a general one, and
    # one the card calls its core or training code before one it calls further code ("Further fine-tuning code")
    for link in sorted(raw.code.linked, key=lambda link: (link.further, len(link.covers))):
        if name not in link.covers:
            continue
        comp = _code_from_link(raw, name, link)
        if best is None or _better(comp, best):
            best = comp
    files = raw.code.in_repo.get(name) or ()
    if files:
        ev = [raw.subject.ev("files", list(files[:5]), "code in the model repository"), *raw.license.evidence]
        comp = replace(_with_license(raw, name, ev, "code ships in the model repository"),
                       availability=_repo_gate(raw))
        if best is None or _better(comp, best):
            best = comp
    if best is None and raw.code.own_links:
        return Component(name, "unknown", None, (),
                         f"a code repository is linked ({', '.join(raw.code.own_links)}); whether it holds "
                         f"{name[0].lower()}{name[1:]} is not stated", None)
    if best is None:
        return Component(name, "unknown", None, (),
                         "no code repository is linked in the metadata and none ships in the model repository", None)
    return best


def _code_from_link(raw: RawEvidence, name: str, link: LinkedRepo) -> Component:
    comp = _code_from_github(raw, name, link)
    # Only when GitHub gave no answer at all (not asked, offline, failed): a GitHub answer, even "no
    # license" or "cannot identify", stands. And the publisher's statement covers the publisher's
    # code: a repository of another owner (a tool, a framework, a base model's code) stays unknown.
    if comp.status == "unknown" and _no_github_answer(link.answer) and same_owner(link.repo, raw.subject.id):
        stated = raw.code.stated.get(name)
        if stated is not None:
            comp = _code_from_card(raw, name, link.repo, comp, stated)
    state = getattr(link.answer, "state", None)
    # GitHub answered for the repository: it is public; "no such public repository": not shown to exist
    availability: Availability = (
        "downloadable" if state in ("identified", "unidentified") else "unknown" if state == "absent" else "published"
    )
    return replace(comp, availability=availability)


def _no_github_answer(answer: Any) -> bool:
    """True when GitHub said nothing about the repository (not asked, offline, rate-limited, failed)."""
    return answer is None or getattr(answer, "state", None) not in ("identified", "unidentified", "absent")


def _code_from_card(
    raw: RawEvidence, name: str, repo: str, unread: Component, stated: tuple[str, dict[str, Any]]
) -> Component:
    """A linked repository whose license GitHub did not give us, under the license the card states for code.

    The publisher's own card is evidence (file, line, revision), but it speaks of "the code" in general:
    the note says so, and a live GitHub answer, when there is one, always wins over it.
    """
    expression, statement = stated
    verdict = expression_verdict(expression)
    line = statement.get("line")
    card_ev = raw.subject.ev(
        f"README.md:{line}" if line else "README.md",
        expression,
        f"the card's prose states the code is released under {statement.get('as_written')!r}"
        + raw.subject.read_from("card"),
    )
    if verdict == "unknown":
        return Component(
            name, "unknown", expression, (*unread.evidence, card_ev),
            f"{unread.note}; the card states the code is under {expression}, which we cannot judge", True,
        )
    return Component(
        name,
        verdict,
        expression,
        (*unread.evidence, card_ev),
        f"github.com/{repo} is linked; the model card states the code is released under {expression} "
        f"(README.md line {line}); GitHub's own answer for the repository was not available; which parts "
        "of the code it holds is not verified",
        True,
    )


def _github_evidence(repo: str, answer: Any) -> tuple[Evidence, str]:
    """GitHub's answer (or the shipped recording's) as evidence, and how the note names its origin."""
    recorded = getattr(answer, "recorded", None)
    if recorded:  # the shipped recording answered, not GitHub: the evidence and the note say so
        gh_ev = Evidence(
            "github-recording",
            f"github:{repo}/{answer.path or 'license'}",
            None,
            answer.spdx_id,
            f"recorded, not a live GitHub answer: {recorded}"
            + (f"; recorded {answer.recorded_on}" if getattr(answer, "recorded_on", None) else ""),
        )
        per = f"per a recording of {answer.recorded_on}, not a live GitHub answer" if answer.recorded_on else (
            "per a recording, not a live GitHub answer"
        )
        return gh_ev, per
    gh_ev = Evidence("github", f"github:{repo}/{answer.path or 'license'}", answer.sha, answer.spdx_id,
                     answer.reason or answer.name)
    return gh_ev, "per GitHub"


def _code_from_github(raw: RawEvidence, name: str, link: LinkedRepo) -> Component:
    repo, answer = link.repo, link.answer
    link_ev = raw.subject.ev(link.where, f"https://github.com/{repo}", "code repository linked"
                             + (raw.subject.read_from("card") if link.where.startswith("README.md") else ""))
    if answer is None:
        return Component(name, "unknown", None, (link_ev,),
                         f"github.com/{repo} is linked, but GitHub was not consulted for its license", True)
    gh_ev, per = _github_evidence(repo, answer)
    evidence = (link_ev, gh_ev)
    if answer.state == "identified" and answer.spdx_id:
        v = expression_verdict(answer.spdx_id)
        if v == "unknown":
            return Component(name, "unknown", answer.spdx_id, evidence,
                             f"github.com/{repo} is under {answer.spdx_id}, which we cannot judge", True)
        return Component(name, v, answer.spdx_id, evidence,
                         f"github.com/{repo} is under {answer.spdx_id} ({per}); which parts of the code it holds "
                         "is not verified", True)
    if answer.state == "unidentified":
        return Component(name, "unknown", None, evidence,
                         f"github.com/{repo} has a license file GitHub cannot identify", True)
    if answer.state == "absent":
        return Component(name, "unknown", None, evidence,
                         f"GitHub reports no license for github.com/{repo} (or no such public repository)", None)
    return Component(name, "unknown", None, evidence,
                     f"the license of github.com/{repo} could not be read: {answer.reason}", True)


# ---------------------------------------------------------------------------------------------------------
# Data


def _known_license(ds: Mapping[str, Any]) -> str | None:
    """A dataset's license as a label to judge and show, None when it is not known: an entry the lineage marks
    not known may still carry its state word as `license` ("none": its card declares none), which is no license
    to join into an expression ("ODC-By-1.0 AND none")."""
    label = ds.get("license")
    return None if not label or ds.get("known") is False else str(label)


def _dataset_verdict(ds: Mapping[str, Any]) -> Verdict:
    label = _known_license(ds)
    return "unknown" if label is None else expression_verdict(label)


def _dataset_named(ds: Mapping[str, Any]) -> str:
    """A dataset as the notes name it: its id, and the id the card declared when the lineage read it as another
    id of the same corpus ("the_pile (declared as EleutherAI/pile)")."""
    declared = ds.get("declared_as")
    return f"{ds.get('id')} (declared as {declared})" if declared and declared != ds.get("id") else str(ds.get("id"))


def _dataset_index(entries: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The lineage's dataset entries by lower-cased id and by the id the card declared (`declared_as`)."""
    return {str(name).lower(): d for d in entries for name in (d.get("id", ""), d.get("declared_as")) if name}


def datasets(raw: RawEvidence) -> Component:
    name = "Datasets"
    own = raw.data.own
    if not own and raw.data.stated:
        return _datasets_from_prose(raw)
    if not own:
        if raw.data.card_declares:
            return Component(name, "absent", None, (raw.subject.ev(f"{CARD}.datasets", None, "not declared"),),
                             "the card declares no training datasets", False)
        return Component(name, "unknown", None, (), "whether training data is disclosed is not known", None)
    verdicts = [(_dataset_verdict(d), d) for d in own]
    ev = tuple(
        Evidence(
            "lineage" if _known_license(d) else raw.subject.source,
            f"dataset:{d.get('id')}",
            None,
            _known_license(d),
            None if _known_license(d) else "license not known",
        )
        for _, d in verdicts
    )
    licenses = sorted({label for _, d in verdicts if (label := _known_license(d))})
    lic = " AND ".join(licenses) if licenses else None
    names = ", ".join(_dataset_named(d) for d in own[:4]) + ("..." if len(own) > 4 else "")
    bad = [_dataset_named(d) for v, d in verdicts if v in ("restricted", "closed")]
    unknown = [_dataset_named(d) for v, d in verdicts if v == "unknown"]
    if bad:
        worst: Status = "closed" if any(v == "closed" for v, _ in verdicts) else "restricted"
        return Component(name, worst, lic, ev,
                         f"declared ({names}); not under open terms: {', '.join(map(str, bad))}", True)
    if unknown:
        # the component's license is one only when every dataset's is known: "unknown under ODC-By-1.0" read as
        # the whole data's terms; the known ones are said in the note
        others = f"; the others under {lic}" if lic else ""
        return Component(name, "unknown", None, ev,
                         f"declared ({names}); license not known for {', '.join(map(str, unknown))}{others}", True)
    return Component(name, "open", lic, ev, f"declared ({names}), all under open licenses", True)


def _datasets_from_prose(raw: RawEvidence) -> Component:
    """Training data the card names only in its prose: disclosed (OSAID's data information), with each
    name's README line as evidence; their licenses are not read from prose, so the status stays unknown."""
    stated = raw.data.stated
    ev = tuple(raw.subject.ev(f"README.md:{line}" if line else "README.md", name,
                              "named as training data in the card's prose" + raw.subject.read_from("card"))
               for name, line in stated)
    names = ", ".join(name for name, _ in stated[:4]) + ("..." if len(stated) > 4 else "")
    first = stated[0][1]
    return Component("Datasets", "unknown", None, ev,
                     f"the card's prose names its training data ({names}; README.md line {first}); the front matter "
                     "declares no datasets, and their licenses are not recorded", True)


def evaluation_data(raw: RawEvidence) -> Component:
    name = "Evaluation data"
    eval_sets = raw.data.eval_sets
    if not eval_sets:
        return Component(name, "unknown", None, (), "no evaluation datasets are named in the metadata", None)
    known = _dataset_index(raw.data.lineage)
    verdicts = [_dataset_verdict(known[e.lower()]) if e.lower() in known else "unknown" for e in eval_sets]
    ev = tuple(raw.subject.ev(f"{CARD}.model-index", e, "evaluation dataset") for e in eval_sets[:8])
    if all(v == "open" for v in verdicts):
        labels = sorted({str(known[e.lower()].get("license")) for e in eval_sets})
        return Component(name, "open", " AND ".join(labels), ev, "evaluation datasets named, all under open licenses",
                         True)
    if any(v in ("restricted", "closed") for v in verdicts):
        return Component(name, "restricted", None, ev, "some evaluation datasets are not open", True)
    return Component(
        name,
        "unknown",
        None,
        ev,
        f"evaluation datasets named ({', '.join(eval_sets[:4])}"
        f"{'...' if len(eval_sets) > 4 else ''}); their licenses are not recorded",
        True,
    )


def data_card(raw: RawEvidence) -> Component:
    name = "Data card"
    own = raw.data.own
    if not own:
        known = raw.data.card_known
        return Component(name, "absent" if known else "unknown", None, (),
                         "no training datasets are declared, so there is no data card to read",
                         False if known else None)
    with_cards = [d for d in own if d.get("card_present") is True]
    if not (with_cards and len(with_cards) == len(own)):
        return Component(name, "unknown", None, (),
                         "datasets are declared; whether each has a data card is not recorded", None)
    verdicts = [_dataset_verdict(d) for d in own]
    status: Status = (
        "open"
        if all(v == "open" for v in verdicts)
        else ("unknown" if any(v == "unknown" for v in verdicts) else "restricted")
    )
    ev = tuple(
        Evidence("lineage", f"dataset:{d.get('id')}/README.md", None, True,
                 "the dataset's record has a card" + (f" ({d['source']})" if d.get("source") else ""))
        for d in with_cards
    )
    licenses = sorted({label for d in own if (label := _known_license(d))})
    license_ = " AND ".join(licenses) if licenses and all(_known_license(d) for d in own) else None
    note = "every declared dataset has a card" + (f" (under the dataset's terms, {license_})" if license_ else "")
    return Component(name, status, license_, ev, note, True)


# ---------------------------------------------------------------------------------------------------------
# Documentation


def model_card(raw: RawEvidence) -> Component:
    name = "Model card"
    docs = raw.docs
    if docs.card_present:
        length = docs.body_length
        short = length is not None and length < SHORT_CARD
        ev = [
            raw.subject.ev("README.md", length, "characters of prose" if length is not None else None),
            *raw.license.evidence,
        ]
        what = ("a model card with little prose" if short else "a model card") + (
            f" ({length} characters)" if length is not None else ""
        )
        return _with_license(raw, name, ev, what)
    if docs.card_present is False:
        return Component(name, "absent", None, (raw.subject.ev("README.md", None, "missing"),),
                         "the repository has no README.md", False)
    return Component(name, "unknown", None, (), "whether a card exists is not known", None)


def evaluation_results(raw: RawEvidence) -> Component:
    name = "Evaluation results"
    if raw.docs.has_results:
        ev = [raw.subject.ev(f"{CARD}.model-index", None, "evaluation results declared"), *raw.license.evidence]
        return _with_license(raw, name, ev, "evaluation results in the card's model-index")
    return Component(name, "unknown", None, (),
                     "no model-index in the front matter; results may still be in the card's prose", None)


def research_paper(raw: RawEvidence) -> Component:
    name = "Research paper"
    papers = raw.docs.papers
    if not papers:
        return Component(name, "unknown", None, (), "no arXiv paper is linked in the metadata", None)
    ev = tuple(raw.subject.ev(where, f"arXiv:{pid}") for pid, where in papers)
    return Component(name, "unknown", None, ev,
                     f"arXiv:{papers[0][0]} is linked; the paper's license is not recorded, so it does not count as "
                     "open", True)


def technical_report(raw: RawEvidence) -> Component:
    return Component("Technical report", "unknown", None, (),
                     "no technical report is identified in the metadata"
                     + (" (an arXiv paper is; see Research paper)" if raw.docs.papers else ""), None)


def sample_outputs(raw: RawEvidence) -> Component:
    return Component("Sample model outputs", "unknown", None, (), "sample outputs are not recorded in the metadata",
                     None)


# ---------------------------------------------------------------------------------------------------------
# Availability, apart from the license


def _repo_gate(raw: RawEvidence) -> Availability:
    """How the model repository's own files can be had: gated, free to download, or not recorded."""
    if raw.access.gated:
        return "gated"
    return "published" if raw.access.unknown else "downloadable"


def _in_repository(raw: RawEvidence, comp: Component) -> Availability:
    """Weights, checkpoints, configuration: files of the model repository, behind its gate if it has one."""
    if comp.present is False:
        return "absent"
    if comp.present is None:
        # not shown to be there; but whatever a gated repository holds is gated
        return "gated" if raw.access.gated and comp.status == "restricted" else "unknown"
    return _repo_gate(raw)


def _architecture_availability(raw: RawEvidence, comp: Component) -> Availability:
    library_ev = any(e.location == raw.architecture.library_location for e in comp.evidence)
    if comp.present and library_ev:
        return "downloadable"  # the code is in a public library
    return _in_repository(raw, comp)


def _public(raw: RawEvidence, comp: Component) -> Availability:
    """The card, its model-index, arXiv papers, a named library: readable by anyone (a gated repository's
    card is public too)."""
    return "downloadable" if comp.present else "absent" if comp.present is False else "unknown"


def _named(raw: RawEvidence, comp: Component) -> Availability:
    """Datasets and data cards named by the card: shown to exist, their own access not read here."""
    return "published" if comp.present else "absent" if comp.present is False else "unknown"


def _as_evaluated(raw: RawEvidence, comp: Component) -> Availability:
    return comp.availability


AVAILABILITY: dict[str, Callable[[RawEvidence, Component], Availability]] = {
    "Model parameters (Final)": _in_repository,
    "Model parameters (Intermediate)": _in_repository,
    "Model architecture": _architecture_availability,
    "Model metadata": _in_repository,
    "Supporting libraries and tools": _public,
    **dict.fromkeys(CODE_COMPONENTS, _as_evaluated),  # set where the code was found (code())
    "Datasets": _named,
    "Evaluation data": _named,
    "Data card": _named,
    "Model card": _public,
    "Evaluation results": _public,
    "Research paper": _public,
    "Technical report": _public,
    "Sample model outputs": _public,
}


def _license_status(comp: Component) -> str | None:
    """How open the terms a component is under are, whatever its availability (None: nothing is there)."""
    if comp.present is False:
        return None
    return expression_verdict(comp.license) if comp.license else "unknown"


# Components whose "absent" only means the card's front matter names nothing (a declaration may still).
_ABSENT_BY_CARD = frozenset({"Datasets", "Data card"})


def _with_declaration(raw: RawEvidence, comp: Component) -> Component:
    """A component the evidence cannot judge, which a shipped MOF declaration lists: the declaration's
    word is kept beside it (`declared`), with its evidence; the status stays what the evidence shows."""
    claim = raw.declared.get(comp.name)
    judged = comp.status != "unknown" and not (comp.status == "absent" and comp.name in _ABSENT_BY_CARD)
    if claim is None or judged:
        return comp
    return replace(
        comp,
        declared=claim.license,
        availability="declared" if comp.availability in ("unknown", "absent") else comp.availability,
        evidence=(*comp.evidence, claim.evidence),
    )


# The table: component name -> its evaluator. Every MOF component has exactly one.
CHECKS: dict[str, Check] = {
    "Model parameters (Final)": final_parameters,
    "Model parameters (Intermediate)": intermediate_parameters,
    "Model architecture": architecture,
    "Model metadata": metadata,
    "Supporting libraries and tools": libraries,
    **{name: partial(code, name) for name in CODE_COMPONENTS},
    "Datasets": datasets,
    "Evaluation data": evaluation_data,
    "Data card": data_card,
    "Model card": model_card,
    "Evaluation results": evaluation_results,
    "Research paper": research_paper,
    "Technical report": technical_report,
    "Sample model outputs": sample_outputs,
}
assert set(CHECKS) == set(COMPONENT_NAMES) == set(AVAILABILITY), "every MOF component needs one evaluator"


def evaluate(raw: RawEvidence) -> dict[str, Component]:
    """Every component's evaluation, in the MOF's component order: its status from the evidence, then its
    availability and license reading apart, then what a shipped declaration says where the evidence is
    silent."""
    out: dict[str, Component] = {}
    for name in COMPONENT_NAMES:
        comp = CHECKS[name](raw)
        comp = _evolved(comp, availability=AVAILABILITY[name](raw, comp), license_status=_license_status(comp))
        out[name] = _with_declaration(raw, comp)
    return out


def _evolved(comp: Component, **changes: Any) -> Component:
    """dataclasses.replace for Component, without re-running the frozen __init__ (one setattr per field):
    17 a model, a seventh of the openness stage. Component has no __post_init__ or validation to skip."""
    new = object.__new__(Component)
    new.__dict__.update(comp.__dict__, **changes)
    return new


assert not hasattr(Component, "__post_init__") and not hasattr(Component, "__slots__"), "see _evolved"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
