"""Regulatory status as facts with their sources, never as legal advice (issue 19, item 3).

Why facts and questions, not conclusions: whether a model is a general-purpose AI model with systemic risk, or
may use the AI Act's open-source exemption, turns on facts the audit may or may not hold (training compute,
who releases it, how) and on a legal reading that belongs to the reviewer. So each item states the provision
(cited from rules/regulatory.yaml, in our own words), what the model's records show for it, and what is not
recorded; the OSI definition (OSAID) verdict is shown apart, since it is a different test.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.formats.questions import gate_mode_unshown, prose_named_entries, unestablished_bases
from auditor.formats.summary import as_dict, as_list, effective_license_text
from auditor.licenses.kb import load_kb
from auditor.resources import rules_dir

REGULATORY_FILE = "regulatory.yaml"
GENERATIVE_TASKS = ("text-generation", "text2text-generation", "image-text-to-text", "text-to-image",
                    "text-to-video", "image-to-image", "any-to-any", "conversational")
OPEN_CATEGORIES = ("permissive", "public-domain", "weak-copyleft", "strong-copyleft", "network-copyleft")


@dataclass(frozen=True)
class RegulatoryItem:
    """One provision: what it says, what the records show, and where it is written."""

    topic: str
    provision: str  # our summary of the provision
    facts: str  # what the audit's records show for this model
    ref: str  # article / recital
    url: str | None
    status: str  # fact | question | not-recorded


@cache
def sources() -> dict[str, Any]:
    # lazy: start-up (yaml is only needed when a review is written)
    import yaml

    data = yaml.safe_load((rules_dir() / REGULATORY_FILE).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}



_ROWS_UNUSED = {"no-size": "the model's size is not known from its name or parameter count",
                "no-row": "no row of the card's GPU-hours table names this model's size",
                "ambiguous": "two or more rows of the card's GPU-hours table name this model's size"}


def _compute_where(compute: dict[str, Any], written: Any, line: Any) -> str:
    """Where the compute figure comes from: the card's words, the size's own table row (cited by line, on the
    hardware the total's sentence names), or the family's total said as the bound it is for one size."""
    if compute.get("scope") == "size-row":
        label, _, hours = str(written).partition(" | ")
        total = compute.get("total_line")
        return (f'the card\'s GPU-hours table gives this model\'s size ({compute.get("size")}) its own row, "{label}": '
                f"{hours} (README line {line}; hardware as the card's total states it"
                + (f", README line {total})" if total else ")"))
    where = f'the card states "{written}"' + (f" (README line {line})" if line else "")
    if compute.get("scope") == "total":
        where += (f", the total for every model size its table lists ({_ROWS_UNUSED.get(str(compute.get('rows')), '')}"
                  "), so an upper bound for this model")
    return where


def card_read(facts: dict[str, Any]) -> bool:
    """Whether the audit read a model card: "the card as recorded states no ..." about a card no one read (cmdr, whose
    copy had no front matter, review pass 30) claims an absence the audit never looked for."""
    return as_dict(facts.get("card")).get("present") is True


def _training_compute(facts: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """(compute, whose): the card's own statement (facts.card.training_compute), else, for a quantization (a chain of
    quantized bases: the same weights, so the same training), the nearest quantized base's card's, with the words
    that say whose it is. A GGUF of a base whose card states 3.8 x 10^25 FLOP said its card "states no training
    compute" (review pass 17)."""
    own = as_dict(as_dict(facts.get("card")).get("training_compute"))
    if own:
        return own, ""
    ancestors = [as_dict(a) for a in as_list(as_dict(facts.get("lineage")).get("ancestors"))]
    for anc in sorted(ancestors, key=lambda a: int(a.get("distance") or 0)):
        relations = [str(r) for r in as_list(anc.get("relations"))]
        if relations and all(r == "quantized" for r in relations) and as_dict(anc.get("training_compute")):
            return (as_dict(anc["training_compute"]),
                    f"the card of its quantized base {anc.get('id')} (the same weights, so the same training): ")
    return {}, ""


_MADE_FROM = ("finetune", "adapter", "merge")


def _parents(facts: dict[str, Any]) -> list[dict[str, Any]]:
    return [as_dict(a) for a in as_list(as_dict(facts.get("lineage")).get("ancestors")) if a
            and as_dict(a).get("distance") == 1 and as_dict(a).get("id")]


def _relations(ancestor: dict[str, Any]) -> list[str]:
    return [str(r) for r in [*as_list(ancestor.get("relations")), ancestor.get("relation")] if r]


def quantized_original(facts: dict[str, Any]) -> str | None:
    """The model this one is a quantized copy of (a direct ancestor by quantization only), else None."""
    return next((str(a["id"]) for a in _parents(facts)
                 if (rel := _relations(a)) and all(r == "quantized" for r in rel)), None)


def made_from_bases(facts: dict[str, Any]) -> list[str]:
    """The models this one was trained from (fine-tuned, adapted or merged: the lineage's direct ancestors by those
    relations, or the base the card's prose names), whose pre-training compute a figure on this model's card does
    not include. Empty for a model trained from scratch or only quantized: a base the card names that the lineage
    reads as the original of a quantization (TheBloke/Llama-2-7B-Chat-GGML's meta-llama/Llama-2-7b-chat-hf) is the
    same weights, not a training step (review 37 W1)."""
    parents = _parents(facts)
    bases = [str(a["id"]) for a in parents if any(r in _MADE_FROM for r in _relations(a))]
    copied = {str(a["id"]).lower() for a in parents if (rel := _relations(a)) and all(r == "quantized" for r in rel)}
    card = as_dict(facts.get("card"))
    stated = as_dict(card.get("base_stated")).get("id")
    if stated and str(stated) not in bases and str(stated).lower() not in copied and not (copied and not bases):
        bases.append(str(stated))
    family = as_dict(card.get("base_family_stated"))
    if not bases and not copied and family.get("made_from") and family.get("name"):
        bases.append(f"a {family['name']} model")
    return bases


def _fine_tune_compute(facts: dict[str, Any], compute: dict[str, Any], whose: str) -> list[str] | None:
    """The bases a compute figure on the model's own card leaves out, or None when the figure covers the whole
    training (no base, or the figure is a quantized base's, said by `whose`). MN-12B-Celeste's "1xH100 SXM for 3
    hours" is its LoRA+ fine-tune's compute: "not above 10^23 FLOP" of it said nothing of Mistral-NeMo-12B's
    pre-training, which the cumulative training compute includes (review pass 35 R1)."""
    if not compute or whose:
        return None
    said, left = figure_scope(facts, compute)
    if said:
        return None
    return left or None


def _name_words(text: str) -> list[str]:
    return [w for w in "".join(ch.lower() if ch.isalnum() else " " for ch in text).split() if w]


def _names_prefix(prefix: str, name: str) -> bool:
    """Whether `prefix`'s words begin `name`'s (a repository's name without its owner): "Llama 3.1 8B" and
    meta-llama/Llama-3.1-8B, "Stable Diffusion v1" and CompVis/stable-diffusion-v1-2."""
    words, of = _name_words(prefix), _name_words(name.rsplit("/", 1)[-1])
    return bool(words) and of[:len(words)] == words


def _owner(repo_id: str) -> str:
    return repo_id.split("/", 1)[0].lower() if "/" in repo_id else ""


def _covers(facts: dict[str, Any], compute: dict[str, Any], base: str) -> str:
    """Why the card's figure includes the training of `base` ("" when nothing says so): the family the figure is
    labelled for; the table row the figure comes from naming it; or the same publisher's model, on a card whose
    per-size table documents the family."""
    model = str(as_dict(facts.get("model")).get("id") or "")
    labelled = [str(r) for r in as_list(compute.get("labelled"))]
    family = labelled[labelled.index("family") + 1] if "family" in labelled[:-1] else ""
    if family and _names_prefix(family, base):
        return f'the card gives it for the "{family}" family, which {base} belongs to'
    if compute.get("scope") == "size-row" and _names_prefix(str(compute.get("as_written")).partition(" | ")[0], base):
        return f"the table row it comes from names {base}"
    if compute.get("scope") in ("size-row", "total") and _owner(model) and _owner(model) == _owner(base):
        # a per-size table of the publisher's own family: the base is one of the models it documents (a publisher's
        # own fine-tune stating its hours, acme/tune-12b's "1xH100 for 3 hours", is still its fine-tuning's)
        return f"{base} is the same publisher's model, on the card whose table documents the family"
    return ""


def figure_scope(facts: dict[str, Any], compute: dict[str, Any]) -> tuple[str, list[str]]:
    """(what the card's figure is, when the card says it is not this model's fine-tuning alone; the made-from bases
    whose training it leaves out). Review 37 W1: SD v1-5's "Stable Diffusion v1" hours, Meta's pre-training token
    counts and per-size tables, and a quantized copy's repeated figures were all called "the compute of the
    fine-tuning the card describes", and the comparison with the threshold the figure allows was withheld."""
    original = quantized_original(facts)
    bases = made_from_bases(facts)
    if original and not bases:
        return (f"this quantized copy's card repeats the figures of {original} (the same weights), so this is "
                "that original's training compute"), []
    if not bases:
        return "", []
    labelled = [str(r) for r in as_list(compute.get("labelled"))]
    why = {base: _covers(facts, compute, base) for base in bases}
    left = [base for base in bases if not why[base]]
    covered = [f"{why[base]}" for base in bases if why[base]]
    family = labelled[labelled.index("family") + 1] if "family" in labelled[:-1] else ""
    if family and not any(_names_prefix(family, base) for base in bases):
        family = ""  # the model's own family ("Dolphin 2.9" on dolphin-2.9-llama3-8b): its fine-tuning, not its base's
    said: list[str] = []
    if family:
        said.append(f'the card states this figure under a title naming the family, "{family}"')
    if "pretraining" in labelled:
        said.append("the card labels this figure as pre-training")
    if covered and not said:
        said.append("the card states this figure for the family's training")
    if not said:
        return "", left
    text = "; ".join(said) + (f" ({'; '.join(covered)})" if covered else "")
    text += ": it is that training's compute, not a fine-tuning's alone"
    return text, left


def _fine_tune_said(bases: list[str]) -> str:
    return (f"this is the compute of the fine-tuning the card describes, not the whole training: the model was made "
            f"from {', '.join(bases)}, whose pre-training compute counts towards the cumulative training compute "
            "and is not included here (nor known to this audit)")


def _left_out_said(bases: list[str]) -> str:
    return (f"the fine-tuning that made this model from {', '.join(bases)} is not in this figure; its compute, "
            "which the card does not state, adds to the cumulative training compute")


def _systemic_risk_facts(facts: dict[str, Any], threshold: float) -> tuple[str, str]:
    """What the card's statements show against the compute threshold (facts.card.training_compute, or a quantized
    base's), and the item's status: a fact when a stated figure or an upper bound settles it, a question otherwise.
    A figure on a fine-tune's card is the fine-tune's own: said so, it settles nothing (the base's pre-training is
    part of the cumulative compute). A figure the card labels as the family's or the pre-training's, or that a
    quantized copy repeats, is said as what it is and compared (figure_scope)."""
    compute, whose = _training_compute(facts)
    said, left = figure_scope(facts, compute) if compute and not whose else ("", [])
    if said:
        shown, status = _systemic_risk_own(facts, threshold)
        shown = f"{shown}; {said}"
        flop = compute.get("flop")
        if left and status == "fact" and isinstance(flop, (int, float)) and flop <= threshold:
            return f"{shown}; {_left_out_said(left)}, so the presumption is not settled by it alone", "question"
        return (f"{shown}; {_left_out_said(left)}" if left else shown), status
    bases = _fine_tune_compute(facts, compute, whose)
    shown, status = _systemic_risk_own(facts, threshold, judge=bases is None)
    if bases is None or status == "not-recorded":
        return shown, status
    return (f"{shown}; {_fine_tune_said(bases)}, so the 10^25 FLOP presumption cannot be checked from this figure: "
            "read the base's card or technical report"), "question"


def _systemic_risk_own(facts: dict[str, Any], threshold: float, judge: bool = True) -> tuple[str, str]:
    """_systemic_risk_facts for the figure as the card states it; `judge` False: the figure without its side of the
    threshold (a fine-tune's figure is no measure of the cumulative compute)."""
    compute, whose = _training_compute(facts)
    flop, written, line = compute.get("flop"), compute.get("as_written"), compute.get("line")
    where = whose + _compute_where(compute, written, line)
    if not compute and not card_read(facts):
        return ("no model card was read, so whether one states the training compute is not known and the 10^25 FLOP "
                "presumption cannot be checked; audit online, ask the publisher or read the technical report"
                f"{_moe_said(facts)}"), "not-recorded"
    card = as_dict(facts.get("card"))
    kinds = card.get("statement_kinds_read")
    if not compute and card.get("body_length") is None:
        # a record of the front matter only (a catalog copy's metadata, an API answer's cardData): nobody read the
        # prose, where the compute is stated (phi-1_5's "GPUs: 32xA100-40G ... Training time: 8 days"); "the card as
        # recorded states no training compute" claimed an absence the audit never looked for (review 40 M1)
        return ("the card's prose was not read (the record holds its front matter only), so whether it states the "
                "training compute is not known and the 10^25 FLOP presumption cannot be checked; audit online, read "
                f"the card, ask the publisher or read the technical report{_moe_said(facts)}"), "not-recorded"
    if not compute and isinstance(kinds, list) and "training-gpu-hours" not in kinds:
        # a catalog record made from a third-party copy before every statement kind was kept (review pass 32 W1)
        return ("the card's prose as recorded was transcribed for its lineage, uses and training data only, so "
                "whether it states the training compute is not recorded and the 10^25 FLOP presumption cannot be "
                f"checked; audit online, ask the publisher or read the technical report{_moe_said(facts)}"), \
            "not-recorded"
    if not compute:
        # "states no training compute" was wrong for a card that gives its hardware and training dates (BLOOM)
        # without a FLOP or GPU-hour figure: say what the audit looked for
        return ("the card as recorded states no training compute the audit could read (a FLOP figure, or GPU hours "
                "on a named accelerator), so the 10^25 FLOP presumption cannot be checked; ask the publisher or read "
                f"the technical report{_moe_said(facts)}"), "not-recorded"
    if compute.get("method") == "stated" and isinstance(flop, (int, float)):
        side = "above" if flop > threshold else "not above"
        return f"{where}: {flop:.2e} FLOP" + (f", {side} the 10^25 FLOP threshold" if judge else ""), "fact"
    if compute.get("method") == "6nd-estimate" and isinstance(flop, (int, float)):
        return _token_estimate_said(compute, where, threshold, judge)
    if not isinstance(flop, (int, float)):
        return (f"{where}, but names no accelerator whose peak throughput auditor knows, so no bound on the "
                "training compute can be computed; ask the publisher"), "question"
    bound = (f"{where}: even if every hour ran at the peak dense 16-bit throughput of the {compute.get('accelerator')}"
             f", that is at most {flop:.2e} FLOP{_hours_arithmetic(compute, flop)}")
    if not judge:
        return bound, "fact"
    if flop <= threshold:
        return f"{bound}, below the 10^25 FLOP presumption", "fact"
    return (f"{bound}; the actual compute depends on the utilisation achieved, which the card does not state, so the "
            "presumption is neither excluded nor confirmed: ask the publisher (hardware-based estimate, Commission "
            "guidelines)"), "question"


def _hours_arithmetic(compute: dict[str, Any], flop: float) -> str:
    """The sum behind a GPU-hours bound, so a reviewer can check it: " (an upper-bound estimate, not a figure the
    card states: 150,000 GPU hours x 3,600 s x 312 TFLOP/s)"; "" when the hours are not recorded."""
    hours = compute.get("hours")
    if not isinstance(hours, (int, float)) or hours <= 0:
        return ""
    peak = flop / (hours * 3600)
    return (f" (an upper-bound estimate, not a figure the card states: {hours:,.0f} GPU hours x 3,600 s x "
            f"{peak / 1e12:,.0f} TFLOP/s peak)")


def _gpai_compute(facts: dict[str, Any]) -> str:
    """The training compute against the Commission guidelines' indicative 10^23 FLOP criterion, when the card states
    or lets the audit estimate it (the systemic-risk row gives the figure's source and arithmetic); "" otherwise."""
    compute, _ = _training_compute(facts)
    flop = compute.get("flop")
    if not isinstance(flop, (int, float)):
        return ""
    how = {"stated": "as the card states it", "6nd-estimate": "an estimate from parameters and tokens",
           "gpu-hours-upper-bound": "an upper-bound estimate from GPU hours"}.get(str(compute.get("method")),
                                                                                  "an estimate")
    compute_, whose = _training_compute(facts)
    said, left = figure_scope(facts, compute_) if compute_ and not whose else ("", [])
    side = "above" if flop > 1e23 else "not above"
    if said:
        what = "the family's or original's training, as the next row says" if not left else "pre-training only"
        return (f"; training compute {flop:.2e} FLOP ({how}; {what}), {side} the indicative 10^23 FLOP"
                + (f" ({_left_out_said(left)})" if left else ""))
    bases = _fine_tune_compute(facts, compute_, whose)
    if bases is not None:
        return (f"; fine-tuning compute {flop:.2e} FLOP ({how}, next row): {_fine_tune_said(bases)}, so it is no "
                "measure against the indicative 10^23 FLOP")
    return f"; training compute {flop:.2e} FLOP ({how}, next row), {side} the indicative 10^23 FLOP"


def _moe_said(facts: dict[str, Any]) -> str:
    """A mixture of experts, as its name says it (auditor/compute.py moe_sizes): its total and active parameters,
    since an estimate from its total size would overstate the compute (Qwen3-235B-A22B does the work of 22B per
    token); "" for any other model."""
    # lazy: start-up (compute's name reading is only needed for this row)
    from auditor.compute import moe_sizes

    moe = moe_sizes(str(as_dict(facts.get("model")).get("id") or ""))
    stated = as_dict(as_dict(facts.get("card")).get("active_parameters"))
    if stated.get("count"):  # the card's count over the name's: zephyr-orpo-141b-A35b's card says 39B (review 38 M5)
        named = (f"; its name says {moe['active'] / 1e9:g}B" if moe and moe.get("active")
                 and abs(moe["active"] - float(stated["count"])) > 0.05 * float(stated["count"]) else "")
        return (f"; the model is a mixture of experts whose card states \"{stated.get('as_written')}\" (README line "
                f"{stated.get('line')}){named}: an estimate from training tokens counts the active parameters the "
                "card states, not the total")
    if not moe:
        return ""
    if moe.get("active"):
        total = f"{moe['total'] / 1e9:g}B parameters in total, " if moe.get("total") else ""
        sizes = f"{total}{moe['active'] / 1e9:g}B active per token"
    else:
        sizes = (f"{moe['experts']} experts of a {moe['expert_size']} shape; its total and active parameter counts "
                 "are not recorded (the experts share layers, so the total is less than their product)")
    return (f"; the model is a mixture of experts, as its name says ({sizes}): an estimate from training tokens "
            "counts the active parameters, not the total")


ESTIMATE_MARGIN = 3.0  # an estimate within this factor of the threshold settles nothing


def _token_estimate_said(compute: dict[str, Any], where: str, threshold: float, judge: bool = True
                         ) -> tuple[str, str]:
    """The 6 x N x D estimate against the threshold, with its inputs and their sources: a fact when it falls
    clearly (by ESTIMATE_MARGIN) below or above, a question near it. Pythia-2.8b's card states 299,892,736,000
    tokens and no FLOP figure, so the review said "states no training compute" where 5.0e21 FLOP settles it."""
    flop, tokens, n = float(compute["flop"]), compute.get("tokens"), compute.get("parameters")
    several = (f"; the card gives {compute['figures']} token figures, the largest is used (an upper estimate)"
               if compute.get("figures") else "")
    if compute.get("for_size"):  # Gemma 3: each size its own count; this model's, not the largest of the family's
        several = f"; the card gives this size ({compute['for_size']}) its own token count, used here"
    said = (f"{where}: an estimate, not a figure the card states: 6 x parameters x training tokens = 6 x {n:.3g} "
            f"({compute.get('parameters_from')}) x {tokens:,.0f} tokens = {flop:.2e} FLOP (the Commission guidelines' "
            f"architecture-based approximation for a dense transformer"
            f"{', here with the active parameters of a mixture of experts' if compute.get('moe') else ''}){several}")
    if not judge:
        return said, "fact"
    if flop * ESTIMATE_MARGIN <= threshold:
        return f"{said}; below the 10^25 FLOP threshold", "fact"
    if flop >= threshold * ESTIMATE_MARGIN:
        return f"{said}; above the 10^25 FLOP threshold, so systemic risk is presumed unless rebutted", "fact"
    return (f"{said}; within a factor of {ESTIMATE_MARGIN:g} of the 10^25 FLOP threshold, so the estimate does not "
            "settle it: ask the publisher for the training compute"), "question"


def _gpai(facts: dict[str, Any], act: dict[str, Any]) -> list[RegulatoryItem]:
    model = as_dict(facts.get("model"))
    task = model.get("pipeline_tag") or model.get("task_tag")
    seen = ("the Hub task is not recorded" if not task else f"the Hub task is {task}" if model.get("pipeline_tag")
            else f"the Hub task is not set; the repository's tags give {task}")
    generative = " (a generative task)" if task in GENERATIVE_TASKS else ""
    definition, guide = as_dict(act.get("gpai_definition")), as_dict(act.get("gpai_guidelines"))
    items = [RegulatoryItem(
        "General-purpose AI model", str(definition.get("summary")),
        f"{seen}{generative}{_gpai_compute(facts)}; whether the model displays significant generality is for the "
        "reviewer "
        f"(indicative criterion: {guide.get('summary')})",
        f"{definition.get('ref')}; {guide.get('ref')}", act.get("url"), "question")]
    risk = as_dict(act.get("systemic_risk"))
    threshold = float(risk.get("threshold_flop") or 1e25)
    shown, status = _systemic_risk_facts(facts, threshold)
    items.append(RegulatoryItem("Systemic risk (compute threshold)", str(risk.get("summary")), shown,
                                str(risk.get("ref")), act.get("url"), status))
    return items


# categories whose licenses withhold commercial use or derivatives (the knowledge base's categories)
_RESTRICTS_USE = ("non-commercial", "research-only", "no-derivatives", "proprietary")


def _closed_effective(lic: dict[str, Any]) -> str:
    """The licenses of the effective expression that are neither of an open category nor OSI approved, as "id
    (category)": the declared license's category alone called "Apache-2.0 AND LicenseRef-Llama-2" (an Apache
    adapter on Llama 2) permissive and OSI approved. Empty when every effective license is open or none is known."""
    kb = load_kb()
    out = []
    # an OR choice's declined operand is no license the release binds anyone to: "Apache-2.0 OR CC-BY-NC-4.0" is
    # released under Apache-2.0 for whoever takes it (auditor/lineage/choice.py)
    declined = {str(i) for c in as_list(lic.get("choices")) for i in as_list(as_dict(c).get("declined_ids"))}
    for license_id in as_list(lic.get("effective_ids")):
        if str(license_id) in declined:
            continue
        entry = kb.get(str(license_id))
        if entry is not None and entry.category not in OPEN_CATEGORIES and entry.osi_approved is not True:
            # a placeholder category is no fact about the terms: "(proprietary)" of a text nobody read
            out.append(f"{entry.id} (category not established, its text unread)" if entry.category_placeholder
                       else f"{entry.id} ({entry.category})")
    return ", ".join(out)


_IF_RESTRICTS = ("not a free and open-source license in the Recital 102 sense if it restricts use, users or fields "
                 "of use")


def restricts_use_said(entries: list[Any]) -> str:
    """What the knowledge base records of each license's limits on use, users or fields of use, with the clause
    ("LicenseRef-DeepSeek: use restrictions (§4.a, Attachment A)"); empty when it records none. The exemption row
    said "if it restricts use" of licenses whose use policy the same report quotes in question 6 (review pass 27)."""
    out = []
    for entry in entries:
        limits = []
        for name in ("use_restrictions", "commercial_use"):
            term = entry.term(name)
            value = term.value if term is not None else None
            if term is not None and value not in (None, "none", "unknown", "allowed", False):
                what = "use restrictions" if name == "use_restrictions" else f"commercial use {value}"
                limits.append(f"{what} ({term.clause})" if term.clause else what)
        if limits:
            out.append(f"{entry.id}: {', '.join(limits)}")
    return "; ".join(out)


def _restricts_fact(entries: list[Any]) -> str:
    """The exemption row's closing words: the fact where the KB records a limit, else the honest conditional."""
    said = restricts_use_said(entries)
    return (f"it restricts use ({said}): not a free and open-source license in the Recital 102 sense" if said
            else _IF_RESTRICTS)


def _effective_entries(lic: dict[str, Any]) -> list[Any]:
    kb = load_kb()
    return [e for e in (kb.get(str(i)) for i in as_list(lic.get("effective_ids"))) if e is not None]


def _unidentified_license_fact(facts: dict[str, Any], effective: str) -> str:
    """The license fact of the exemption row when the metadata's license is not identified. "license unknown is not
    identified: not a free and open-source license ... if it restricts use" read as a conditional verdict on terms
    nobody read; unidentified terms settle nothing. A license the card's prose names (question 2 reads it) is said
    by its category, as named by the prose only."""
    named = prose_named_entries(facts)
    if not named:
        return (f"license {effective} is not identified, so whether the release is under a free and open-source "
                "license in the Recital 102 sense cannot be read from the records: identify the license first "
                "(question 2)")
    said = ", ".join(f"{e.id} ({e.category})" for e in named)
    head = f"the card's metadata declares no license the audit identified; its prose names {said} (question 2)"
    if any(e.category in _RESTRICTS_USE for e in named):
        return (f"{head}, which withholds rights a free and open-source license in the Recital 102 sense grants: "
                "not a free and open-source license in that sense")
    if all(e.category in OPEN_CATEGORIES or e.osi_approved is True for e in named):
        return (f"{head}, of an open category or OSI approved; named in the prose only, so record it in the card's "
                "license field before relying on it")
    return f"{head}: {_restricts_fact(named)}"


def _inherited_only(lic: dict[str, Any]) -> bool:
    """Whether the model declares no license of its own (nothing identified, no expression) while its effective terms
    are identified ones inherited from its ancestors."""
    effective = str(lic.get("effective") or "")
    return (not lic.get("expression") and not as_list(lic.get("declared")) and bool(effective)
            and effective != "unknown" and bool(as_list(lic.get("effective_ids"))))


def _exemption(facts: dict[str, Any], act: dict[str, Any]) -> RegulatoryItem:
    lic = as_dict(facts.get("license"))
    openness = as_dict(facts.get("openness"))
    model = as_dict(facts.get("model"))
    architecture = as_dict(as_dict(openness.get("components")).get("Model architecture"))
    effective = lic.get("effective") or lic.get("expression") or "unknown"
    category = lic.get("category")
    closed = _closed_effective(lic)
    if closed:
        said = f"includes {closed}" if len(as_list(lic.get("effective_ids"))) > 1 else \
            f"is {closed.rpartition(' (')[2].rstrip(')')}"
        if any(f"({c})" in closed for c in _RESTRICTS_USE):
            # a license that withholds commercial use, or derivatives, restricts use by its own terms: "if it
            # restricts use" would leave open what the category already says
            license_fact = (f"license {effective} {said}, which withholds rights a free and open-source license "
                            "in the Recital 102 sense grants (free use, modification and redistribution): not a free "
                            "and open-source license in that sense")
        else:
            license_fact = f"license {effective} {said}: {_restricts_fact(_effective_entries(lic))}"
    elif category in OPEN_CATEGORIES or lic.get("osi_approved") is True or as_list(lic.get("choices")):
        osi = {True: "yes", False: "no"}.get(lic.get("osi_approved"), "not recorded")
        taken = [str(as_dict(c).get("take")) for c in as_list(lic.get("choices"))]
        license_fact = (f"license {effective} is a choice whose operand {', '.join(taken)} is of an open category "
                        "or OSI approved, so the release can be taken under it" if taken else
                        f"license {effective} is {category or 'open'} (OSI approved: {osi})")
        if unestablished_bases(facts):
            # an Apache adapter on a Gemma base whose record holds no license, a CC-BY-SA model whose name says
            # Llama 2: the open license is not the whole of the terms, so the license test is not settled
            license_fact += (", but the terms of what it derives from are not established (question 2 says which) "
                             "and bind it too, so whether the release is under a free and open-source license is "
                             "not settled")
    elif (category in (None, "", "unknown") or effective == "unknown") and _inherited_only(lic):
        # a GGUF declaring nothing on an Apache base: "license Apache-2.0 is not identified" said of the base's
        # license, which is identified; the release's own terms are what is missing (review pass 17)
        license_fact = (f"the card declares no license of its own (question 2); the terms it carries are inherited "
                        f"from its bases ({effective}), a floor, not a license the publisher released it under, so "
                        "whether the release is under a free and open-source license in the Recital 102 sense is not "
                        "settled until the publisher declares one")
    elif lic.get("state") == "custom" and not lic.get("effective") and not lic.get("expression") and (
            lic.get("secondary_custom") or as_list(lic.get("custom_names"))):
        # "license unknown is not identified" of a model the evidence puts under the publisher's own license: say
        # which license to read; whether it is free and open-source is in its terms, which nobody read
        license_fact = (f"the weights are under a {effective_license_text(lic)}, so whether the release is under a "
                        "free and open-source license in the Recital 102 sense depends on terms not read: read it "
                        "(question 3)")
    elif category in (None, "", "unknown") or effective == "unknown":
        license_fact = _unidentified_license_fact(facts, str(effective))
    else:
        license_fact = f"license {effective} is {category}: {_restricts_fact(_effective_entries(lic))}"
    gated = model.get("gated")
    gate = "not recorded" if gated is None else ("not gated" if gated is False else
                                                 "gated (approval mode not recorded)" if gate_mode_unshown(model)
                                                 else f"gated ({gated})")
    status = openness.get("weights_status") or "unknown"
    if model.get("source") == "local" and not as_list(as_dict(facts.get("files")).get("weights_formats")):
        # a card copied without its repository: "weights: absent" would say the release publishes none
        status = "none in the audited local directory (whether the Hub repository publishes them is not recorded)"
    weights = f"weights: {status}; Hub gate: {gate}; architecture: {architecture.get('availability') or 'unknown'}"
    exemption = as_dict(act.get("open_source_exemption"))
    osaid = as_dict(sources().get("osaid"))
    return RegulatoryItem(
        "Open-source exemption", str(exemption.get("summary")),
        f"{license_fact}; {weights}{_above_threshold(facts, act)}. Distinct from the OSAID verdict "
        f"({openness.get('osaid') or 'unknown'}; "
        f"{osaid.get('note')})", str(exemption.get("ref")), act.get("url"), "question")


def _above_threshold(facts: dict[str, Any], act: dict[str, Any]) -> str:
    """The exemption does not apply to a model with systemic risk: where the card states training compute above
    the threshold, the exemption item says so beside the license and weights facts (a permissive license and public
    weights alone would read as "exempt"). Empty otherwise, a bound or a missing figure settling nothing."""
    compute, whose = _training_compute(facts)
    threshold = float(as_dict(act.get("systemic_risk")).get("threshold_flop") or 1e25)
    flop = compute.get("flop")
    if compute.get("method") != "stated" or not isinstance(flop, (int, float)) or flop <= threshold:
        return ""
    said = f"{whose.rstrip(': ')} states" if whose else "the card states"
    return (f"; {said} {flop:.2e} FLOP of training compute, above the 10^25 FLOP presumption of systemic "
            "risk (Art. 51(2)), and the exemption does not apply to a model with systemic risk")


def _provider(facts: dict[str, Any], act: dict[str, Any]) -> RegulatoryItem:
    use = as_dict(as_dict(facts.get("policy")).get("use"))
    modify = use.get("modify")
    plan = ("the policy declares that the organisation modifies models (use.modify: true)" if modify else
            "the policy does not declare modification" if modify is False else
            "the policy does not say whether models are modified")
    modification, guide = as_dict(act.get("modification")), as_dict(act.get("gpai_guidelines"))
    return RegulatoryItem(
        "Would fine-tuning make us a provider?", str(modification.get("summary")),
        f"{plan}; {guide.get('modifier')}; the training compute of a planned fine-tune, compared with a third of "
        "the original's, is not something the audit records: a question for the reviewer",
        f"{modification.get('ref')}; {guide.get('ref')}", guide.get("url") or act.get("url"), "question")


def _publications(facts: dict[str, Any], act: dict[str, Any]) -> RegulatoryItem:
    model = as_dict(facts.get("model"))
    links = [f"{k}: {model[k]}" for k in ("training_data_summary", "copyright_policy") if model.get(k)]
    duties = as_dict(act.get("provider_obligations"))
    shown = ("; ".join(links) if links else "the card as recorded links neither a training-content summary "
             "nor a copyright policy" if card_read(facts) else "no model card was read, so whether one links a "
             "training-content summary or a copyright policy is not known (audit online)")
    return RegulatoryItem("Training-data summary and copyright policy", str(duties.get("summary")), shown,
                          str(duties.get("ref")), act.get("url"), "fact" if links else "not-recorded")


def regulatory(facts: dict[str, Any]) -> tuple[RegulatoryItem, ...]:
    """The EU AI Act items for one model, each with its source; the words are facts and questions only."""
    act = as_dict(sources().get("eu_ai_act"))
    return (*_gpai(facts, act), _exemption(facts, act), _provider(facts, act), _publications(facts, act))
