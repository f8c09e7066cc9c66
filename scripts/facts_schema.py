"""Source of truth for the facts document's description: writes auditor/facts.schema.json.

Each field is declared once here with its type and its meaning; docs/facts.md is generated from the schema
(scripts/gen_docs.py) and tests validate real facts documents against it, so the documentation, the schema
and the code cannot drift apart silently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STR, INT, BOOL, NUM = "string", "integer", "boolean", "number"


def f(types: str | list[str], desc: str, **extra: Any) -> dict[str, Any]:
    return {"type": types, "description": desc, **extra}


def obj(desc: str, props: dict[str, Any], *, extra: bool = False) -> dict[str, Any]:
    return {"type": "object", "description": desc, "properties": props, "required": sorted(props),
            "additionalProperties": extra}


def prose_line(desc: str, key: str, key_desc: str) -> dict[str, Any]:
    """A fact one line of the card's prose states: {key, line}, or null when the prose has none or was not read."""
    return {"description": desc, "type": ["object", "null"],
            "properties": {key: f(STR, key_desc), "line": f([INT, "null"], "README line.")},
            "required": [key, "line"], "additionalProperties": False}


# the family statement's own words (card.base_family_stated), repeated in license.prose_base as its evidence
FAMILY_PROPS = {"name": f(STR, "The family as written."),
                "line": f([INT, "null"], "README line."),
                "family": f(STR, "The family's label (Llama 2, LLaMA, StarCoder, ...)."),
                "phrase": f([STR, "null"], "The \"made from\" words as written (\"Finetuned from\"); null in a record "
                                           "made before they were kept.")}


def _with_link(schema: dict[str, Any]) -> dict[str, Any]:
    """A prose_line schema that also records the address the line's link points to (`link`, null without one)."""
    props = {**schema["properties"], "link": f([STR, "null"], "The address the line's link points to, as written.")}
    return {**schema, "properties": props, "required": sorted(props)}


def _with_role(schema: dict[str, Any]) -> dict[str, Any]:
    """A license line's schema that also records what the line says the license covers (`role`)."""
    props = {**schema["properties"], "role": f([STR, "null"], "What the line says the license covers: "
                                                "`adapter-weights` (an adapter's own weights, not the base weights it "
                                                "needs), or null when it does not say.")}
    return {**schema, "properties": props, "required": sorted(props)}


def arr(desc: str, items: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "array", "description": desc, **({"items": items} if items else {})}


SCALAR_TERM = obj("A scalar term of the effective license.", {
    "value": f([STR, INT, "null"], "The strictest value over the model and every ancestor whose terms travel "
               "(`allowed`, `conditional`, `prohibited`, `same-terms`, `restricted`, `granted`, `none`, "
               "`yes`, `no`, or `unknown`; an integer for `mau_limit`, null when there is none)."),
    "sources": arr("Where the value comes from: `<license> <clause> (<model>)`.", {"type": STR}),
    "unknown_from": arr("The licenses that leave this term unknown while another sets it, as `<license> (<model>)`: "
                        "the value is then the inherited floor, not a settled term; [] when it is settled.",
                        {"type": STR}),
    "floor_note": f(STR, "Said beside a floor value (\" at least (the inherited floor: ... leaves it unknown ...)\"); "
                    "empty when the term is settled."),
}, extra=True)
LIST_TERM = obj("A list term of the effective license (union over the lineage).", {
    "values": arr("The obligations (notice texts, naming rules, use-policy ids, what derivatives carry)."),
    "sources": arr("Where each value comes from: `<license> <clause> (<model>)`.", {"type": STR}),
    "known": f(BOOL, "False when some license in the lineage does not establish this term."),
}, extra=True)

CITED = {"type": "object", "additionalProperties": False,
         "required": ["name", "status", "license", "availability", "evidence"],
         "properties": {"name": f(STR, "The MOF component."), "status": f(STR, "Its status."),
                        "license": f([STR, "null"], "Its license, when known."),
                        "availability": f(STR, "Whether it can be had."),
                        "evidence": arr("Where its status comes from.")}}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "auditor facts document",
    "description": "One JSON document per audited model: the only input rules see.",
    **obj("The facts of one model.", {
        "facts_version": f(INT, "Version of this document's shape; changes only with a documented migration.",
                           const=1),
        "model": obj("The repository that was audited.", {
            "id": f(STR, "Canonical repository id (after following renames), or the directory name."),
            "requested": f([STR, "null"], "What was asked for, when it differs from `id` (renames, paths)."),
            "revision": f([STR, "null"], "The revision asked for (branch, tag or SHA)."),
            "sha": f([STR, "null"], "The commit SHA that was read; null when the source does not know it."),
            "source": f(STR, "Where the metadata was read: `hub`, `local`, `catalog` or `lock`."),
            "kind": f(STR, "`model` or `dataset`."),
            "gated": f([STR, BOOL, "null"], "`false`, `auto` or `manual` (Hub gating); null when unknown."),
            "private": f([BOOL, "null"], "Private repository; null when unknown."),
            "library": f([STR, "null"], "library_name (transformers, diffusers, peft, gguf, ...)."),
            "pipeline_tag": f([STR, "null"], "The Hub's task tag."),
            "task_tag": f([STR, "null"], "When pipeline_tag is unset: the first Hub task name among the "
                                         "repository's tags (text-to-image), else null."),
            "origin": f([STR, "null"], "For recorded data: where the facts were established."),
            "relation": f([STR, "null"], "Relation to the direct base: finetune, adapter, merge, quantized."),
            "relation_inferred": f([BOOL, "null"], "True when the relation was inferred, not declared."),
            "base_models": arr("Base models as the card or API declare them (repeats kept).", {"type": STR}),
            "last_modified": f([STR, "null"], "Last modification time reported by the source."),
            "created_at": f([STR, "null"], "When the repository was created, as the source reports it (the Hub's "
                                              "createdAt): the release date that picks the dated text of a license "
                                              "in force."),
        }),
        "card": obj("The model card (README.md).", {
            "present": f([BOOL, "null"], "README.md exists; null when unknown."),
            "body_length": f([INT, "null"], "Characters of prose after the front matter."),
            "has_license_field": f(BOOL, "The front matter has the `license` key the Hub reads (a misspelt key "
                                   "or a bare `license_name` does not count: see `license.issues`)."),
            "has_base_model": f(BOOL, "The card (or API) declares at least one base model."),
            "has_datasets": f(BOOL, "The card declares training datasets."),
            "problems": arr("Card problems (YAML errors with line, missing front matter, bad base_model)."),
            "training_data": arr("Training corpora the card's prose names in a training-data section or label "
                                 "(auditor/card.py): `name` (a Hub dataset id or a well-known corpus's name), "
                                 "`line` (README line), `role` (`hub-dataset`, `named`, `listed`: a source a "
                                 "bullet list names, or `dataset-id`: a token shaped like a dataset id, kept only "
                                 "when the catalog holds that dataset), `private` (the card says the set is "
                                 "private), "
                                 "`dataset` (the embedded catalog's dataset record of it, or null). Empty when the "
                                 "prose names none or was not read (see `body_length`).", {
                "type": "object",
                "properties": {"name": f(STR, "The corpus as the card names it."),
                               "line": f([INT, "null"], "README line."),
                               "role": f(STR, "hub-dataset | named | listed | dataset-id"),
                               "private": f("boolean", "The card says the set is private, proprietary or "
                                            "in-house: its terms are the publisher's own."),
                               "dataset": {"type": ["object", "null"], "description": "The embedded catalog's "
                                           "dataset record of the corpus (auditor/lineage/datasets.py): {id, license "
                                           "(resolved expression or null), state, category, source (catalog line)}; "
                                           "null when the catalog holds none."}},
                "required": ["name", "line", "role", "private", "dataset"],
                "additionalProperties": False,
            }),
            "training_data_section": prose_line(
                "The card's training-data heading or label (auditor/card.py), whether or not it names a corpus: "
                "`title` and README `line`; null when the prose has none or was not read.",
                "title", "The heading or label as written."),
            "training_data_link": prose_line(
                "The first link of the card's training-data section whose text says data (\"Data Cards\", a "
                "dataset, a corpus map; auditor/card.py): `url` and README `line`; where the section names no "
                "dataset, that is where its datasets are listed. Null when there is none or the prose was not read.",
                "url", "The link's address."),
            "training_data_sentence": prose_line(
                "The card's first sentence outside a training-data section that says the model was trained on "
                "something (auditor/card.py): `names`, what it says the model was trained on, to the first comma or "
                "clause break, and README `line`; null when the prose has none or was not read.",
                "names", "What the sentence names, as written (links reduced to their text)."),
            "data_license_stated": arr("The licenses that sentences of the card's prose give for a training corpus "
                                       "(\"... instruction corpus ... released under a permissive license "
                                       "(CC-BY-SA)\"; auditor/card_data_license.py), at most 4: the model card's "
                                       "word on the data's terms, not the dataset's own record. Question 25 shows "
                                       "it beside a declared dataset the card links under the same address, and "
                                       "never counts it as the dataset's license.", {
                "type": "object",
                "properties": {"license": f(STR, "The license as written (CC-BY-SA, Apache 2.0, ...)."),
                               "line": f([INT, "null"], "README line."),
                               "names": arr("The names the card links to the corpus's address (the sentence's "
                                            "link text first), markup stripped.", {"type": STR}),
                               "link": f([STR, "null"], "The corpus's address as written, or null.")},
                "required": ["license", "line", "names", "link"], "additionalProperties": False}),
            "architecture_stated": _with_link(prose_line(
                "The named architecture the card's prose says the model is based on (\"Based on the "
                "[Jina-XLM-RoBERTa architecture](...)\"; auditor/card_architecture.py): `name`, README `line` and "
                "`link` (null without one). A design, never a base: lineage does not use it; question 1 says it when "
                "the card declares no base. Null when the prose names none (or only a generic design) or was not "
                "read.",
                "name", "The architecture's name as written.")),
            "license_stated": _with_role(_with_link(prose_line(
                "The license the card's first \"License:\" label line names, as written (a link's text; "
                "auditor/card.py): `name`, README `line` and `link`, the address the line's link points to as written "
                "(null without one). The review reads the name against the knowledge base when the metadata declares "
                "no license it knows, and offers an https link (or a repository file) as the card's link, not "
                "verified, when the knowledge base holds no text; resolution and the verdict never use it. Null when "
                "the prose has no such line or was not read.",
                "name", "The license as the line names it."))),
            "base_stated": prose_line(
                "The Hub model the card's prose names as this model's origin (\"a fine-tuned version of "
                "[X](https://huggingface.co/org/name)\", \"based on\", and labelled lines that may give the id bare: "
                "\"Finetuned from model: org/name\", \"Original model:\", \"Base model:\"; auditor/card.py): `id` and "
                "README `line`. When nothing else names a base (no base_model, not even an empty list; no base_model "
                "tags, adapter or mergekit configuration), the lineage follows it as the model's base, with the README "
                "line as evidence; the review says a base named there that could not be read was not checked. Null "
                "when the prose names none or was not read.",
                "id", "The repository id the line names (a link's target, or the id a labelled line gives)."),
            "base_family_stated": {
                "description": "A model family the card's prose names, without a Hub link, as the one this model "
                               "was made from (\"Finetuned from: LLaMA\"; auditor/card.py PROSE_BASE_FAMILIES): "
                               "`name` as written, README `line`, `family` label, the `phrase` and whether it is a "
                               "made-from statement. Lineage never uses it; with `made_from` its family's license is "
                               "license.prose_base (a floor for the review, rule LIC019), else the review says that "
                               "base's terms were not checked. Null when the prose names none, names the base by a "
                               "Hub link (`base_stated`), or was not read.",
                "type": ["object", "null"],
                "properties": {**FAMILY_PROPS,
                               "made_from": f(BOOL, "Whether the phrase says this model's weights were made from "
                                              "the family's (fine-tuned / trained / distilled from, \"based on the "
                                              "weights of\"), not \"based on\" or \"built on\", which may name a "
                                              "design: then the review answers from the family's license as a "
                                              "floor.")},
                "required": ["family", "line", "made_from", "name", "phrase"], "additionalProperties": False},
            "holder_stated": {
                "description": "Who the card's prose names as owning or making the model, on a labelled line "
                               "(\"Owner:\", \"Developed by:\", \"Model developers\") or a line that opens with a "
                               "copyright notice (auditor/card.py): `name`, README `line`, `role` (owner, developer, "
                               "copyright). The review names it as the licensor of a license whose text names none "
                               "(MIT, Apache-2.0); null when the prose names none or was not read.",
                "type": ["object", "null"],
                "properties": {"name": f(STR, "The name as written (a link's text, markup stripped)."),
                               "line": f([INT, "null"], "README line."),
                               "role": f(STR, "owner | developer | copyright",
                                         enum=["owner", "developer", "copyright"])},
                "required": ["name", "line", "role"], "additionalProperties": False},
            "mirror_stated": {
                "description": "The repository the card's prose says this one mirrors (\"This repository is a mirror "
                               "of X\", auditor/card_mirror.py): `of` as written, README `line`, and `not_affiliated` "
                               "when the line disclaims any tie to the original's maker. A mirror's publisher holds no "
                               "rights in the weights: question 1 names the original's makers. Null when the prose "
                               "says none or was not read.",
                "type": ["object", "null"],
                "properties": {"of": f(STR, "What is mirrored, as written."),
                               "line": f([INT, "null"], "README line."),
                               "not_affiliated": f(BOOL, "The line says the publisher is not affiliated with the "
                                                         "original's maker.")},
                "required": ["of", "line", "not_affiliated"], "additionalProperties": False},
            "statement_kinds_read": f(["array", "null"], "The statement kinds (auditor/card.py) a recording "
                                      "transcribed from the prose, when not every kind the reader yields (a catalog "
                                      "record made from a third-party copy before all kinds were kept); null: all. A "
                                      "kind left out is not read, which says nothing of whether the card states it.",
                                      items={"type": STR}),
            "contact_stated": {**(contact := prose_line(
                "The e-mail address of the card's labelled \"Contact:\" line (auditor/card.py), or the link or "
                "address of a sentence saying where to ask about commercial use (`commercial` true), and its "
                "README `line`; question 27 offers it beside the license's own word; null when the prose has none "
                "or was not read.",
                "address", "The address as written.")),
                "properties": {**contact["properties"], "commercial": f(BOOL, "Whether the sentence is about "
                                                                             "commercial use.")},
                "required": [*contact["required"], "commercial"]},
            "own_grant_stated": prose_line(
                "The publisher's own grant in the first person in the card's prose (\"I grant permission for any "
                "use, including commercial, ...\", auditor/card_grant.py): `text`, the sentence from its subject on "
                "(200 characters at most), and its README `line`; question 2 shows it beside the declared license, "
                "not in its place; null when the prose has none or was not read.",
                "text", "The sentence as written, from its subject on."),
            "trademark_stated": prose_line(
                "The card's \"Trademarks\" section (auditor/card_trademark.py): `text`, its sentences that state a "
                "duty (must, may not, subject to, not imply; 260 characters at most), and the README `line` of its "
                "first prose line; question 8 quotes it beside the license's naming duty, since a license that "
                "grants no trademark rights leaves a derivative's naming to this statement and trademark law; null "
                "when the prose has none or was not read.",
                "text", "The section's duty sentences, links as their words."),
            "unnamed_data_stated": prose_line(
                "Training sources the card's prose describes by kind only (\"curated corpora\", \"data extracted "
                "from public sources\", \"other ... datasets\"; auditor/card_unnamed_data.py): `text`, the words "
                "that describe them, and their README `line`; question 25 says beside a named dataset's license that "
                "these are not named and their licenses unknown; null when the prose says none or was not read.",
                "text", "The words that describe the sources, cut at a word."),
            "license_section": prose_line(
                "The card's first license heading or \"License:\" label (auditor/card.py): `title` and README "
                "`line`; where a card without a license field may state its terms in prose; null when the prose has "
                "none or was not read.",
                "title", "The heading or label as written."),
            "code_license_stated": arr("The licenses the card's prose gives for its code (\"The code is released "
                                       "under MIT\"; auditor/card.py code-license statements), at most 8: `name` as "
                                       "written, README `line`, and `roles` (code, training, inference, evaluation, "
                                       "preprocessing). Question 2 says which license is the code's and which the "
                                       "weights'. Empty when the prose names none or was not read.", {
                "type": "object",
                "properties": {"name": f(STR, "The license name as the card spells it."),
                               "line": f([INT, "null"], "README line."),
                               "roles": arr("What the code covers.", {"type": STR})},
                "required": ["name", "line", "roles"], "additionalProperties": False}),
            "named_license_stated": arr("The licenses the card's prose gives some named models of the release "
                                        "(\"DeepSeek-R1-Distill-Llama-8B ... is originally licensed under llama3.1 "
                                        "license\"; auditor/card.py named-license-stated statements), at most 8: "
                                        "`license` as written, README `line`, the release `names` as written and the "
                                        "`link` (null when none). Questions 1, 2, 4, 9 and 27 cite the line that "
                                        "names this model beside the card's general statement. Empty when the prose "
                                        "names none or was not read.", {
                "type": "object",
                "properties": {"license": f(STR, "The license as the card writes it."),
                               "line": f([INT, "null"], "README line."),
                               "names": arr("The release names the line gives the license.", {"type": STR}),
                               "link": f([STR, "null"], "The address the license name links to, as written.")},
                "required": ["license", "line", "names", "link"], "additionalProperties": False}),
            "use_restrictions_stated": {
                "description": "The card's first section or sentence ruling uses out (\"Out-of-Scope Use\", "
                               "\"Prohibited uses\", \"may not be used:\"; auditor/card_use_restrictions.py): its "
                               "title, README line, number of list items, and whether its words forbid; question 6 "
                               "says it beside a license that sets no use policy; null when the prose has none or "
                               "was not read.",
                "type": ["object", "null"],
                "properties": {"title": f(STR, "The heading as written, or \"may not be used\"."),
                               "line": f([INT, "null"], "README line."),
                               "items": f(INT, "List items under it."),
                               "prohibits": f(BOOL, "Its words forbid (may/must not be used, prohibited), rather "
                                                    "than describe uses out of scope."),
                               "said": f([STR, "null"], "The first sentence of a section that states its "
                                                        "out-of-scope uses in prose, no list (the line is then that "
                                                        "sentence's); null otherwise.")},
                "required": ["title", "line", "items", "prohibits", "said"], "additionalProperties": False},
            "use_scope_stated": {
                "description": "The publisher's own limit on use in the prose, whatever the declared license "
                               "(\"only ... for research purposes\", \"commercial use is not allowed\", 仅供研究, "
                               "禁止商用; auditor/card_use_scope.py): rule CRD005 reads it against a commercial "
                               "policy; null when the prose says none or was not read.",
                "type": ["object", "null"],
                "properties": {"scope": f(STR, "research-only or non-commercial; with -intended appended where the "
                                               "words only say what the model is intended for; "
                                               "base-license-non-commercial where they say the base's (another "
                                               "model's) licence rules out commercial use."),
                               "words": f(STR, "The words that say it, cut at a word."),
                               "line": f([INT, "null"], "README line.")},
                "required": ["scope", "words", "line"], "additionalProperties": False},
            "active_parameters": {
                "description": "The active parameters per token a mixture of experts' card states "
                               "(auditor/compute.py active_parameters: \"39B active parameters\"), which the "
                               "compute estimate and the systemic-risk row use over the name's figure; null when "
                               "the prose states none or was not read.",
                "type": ["object", "null"],
                "properties": {"count": f("number", "The count."),
                               "as_written": f(STR, "The figure as the card writes it."),
                               "line": f([INT, "null"], "README line.")},
                "required": ["count", "as_written", "line"], "additionalProperties": False},
            "gate_form": arr("The `extra_gated_*` keys of the card's front matter (the Hub's access-request "
                             "form: heading, prompt, fields, button, eu_disallowed), a prompt a recording left "
                             "out included; names only. The review's gate question reads them when the Hub's "
                             "own gate state is unknown (a local folder, a recording without it).",
                             {"type": STR}),
            "gate_asks": f(STR, "What that form asks of a visitor: `terms` when its words name a license, "
                                "agreement, terms or use policy to accept, or a part of it was left out of the "
                                "recording (fail closed); `contact` when it only collects contact details or links "
                                "a privacy notice (nothing to accept); empty without a form."),
            "gate_terms": arr("The named links of the card's `extra_gated_prompt` whose text names terms the access "
                              "form asks to accept (a license agreement, terms of use, a use policy; not a privacy "
                              "policy, not a bare address): `text` and `url`, at most 8. The review says a text other "
                              "than the license's own may add terms (auditor/formats/questions.py).", {
                "type": "object",
                "properties": {"text": f(STR, "The link's text."), "url": f(STR, "The link's address.")},
                "required": ["text", "url"], "additionalProperties": False}),
            "merge_named": arr("The Hub repository ids a card's front-matter tags name when its tags mark it a merge "
                               "(merge, mergekit, merges, lazymergekit, frankenmerge; auditor/merge_tags.py) and it "
                               "declares no base_model (auditor/facts.py): the merged "
                               "models, whose terms bind the merged weights; at most 16. The review's license "
                               "answers say their terms were not checked.", {"type": STR}),
            "prose_bases": arr("The Hub ids the card's prose alone names as this model's bases: `base_stated` and "
                               "the merge's `parts` (auditor/facts.py), in order, without the model itself and its "
                               "own quantizations. A card without base_model whose prose names one is a derivative "
                               "that does not declare it (CRD003).", {"type": STR}),
            "merge": obj("Whether the card says the model is a merge, and the ingredients its prose names "
                         "(auditor/facts.py merge_facts, auditor/card_merge.py): the review says a merge's training "
                         "data is its parts', never none.", {
                "declared": f([STR, "null"], "How the card says so: `tag '<tag>'` (merge, mergekit, merges, "
                              "lazymergekit, frankenmerge in the front matter or the Hub's tags) or the card's prose "
                              "with the few words that say it; null when it does not."),
                "line": f([INT, "null"], "README line of a prose declaration; null for a tag or none."),
                "parts": arr("The models the prose names as merged into this one, in order, without the model "
                             "itself and its own quantizations; at most 32.", {
                    "type": "object",
                    "properties": {"id": f(STR, "The Hub id, or a local path as written."),
                                   "line": f(INT, "README line that names it.")},
                    "required": ["id", "line"], "additionalProperties": False}),
            }),
            "training_compute": {
                "description": "Training compute the prose states (auditor/compute.py): a FLOP figure (method "
                               "`stated`), else the largest upper bound from GPU hours on a named accelerator at "
                               "its peak dense 16-bit throughput (`gpu-hours-upper-bound`; flop null when the "
                               "hardware is not in rules/regulatory.yaml); null when the card states neither.",
                "type": ["object", "null"],
                "properties": {
                    "method": f(STR, "stated | gpu-hours-upper-bound | 6nd-estimate (6 x parameters x the training "
                                "tokens the card states: an estimate, never a stated figure)",
                                enum=["stated", "gpu-hours-upper-bound", "6nd-estimate"]),
                    "flop": f([NUM, "null"], "The FLOP figure or the upper bound."),
                    "as_written": f(STR, "The statement as the card words it."),
                    "line": f([INT, "null"], "README line of the statement."),
                    "hours": f(NUM, "GPU hours stated (gpu-hours-upper-bound only)."),
                    "accelerator": f([STR, "null"], "The accelerator the sentence names, as rules/regulatory.yaml "
                                     "calls it (gpu-hours-upper-bound only)."),
                    "size": f(STR, "The model's size (from its name, else its parameter count) whose own row of the "
                              "card's GPU-hours table gave the hours (`scope` size-row only)."),
                    "scope": f(STR, "size-row: the hours are the model size's own row of the card's table; total: "
                               "the card's total for every size it trained, an upper bound for this one (said "
                               "when the card's table has rows but none, or more than one, names this size)",
                               enum=["size-row", "total"]),
                    "rows": f(STR, "Why the card's per-size rows were not used (total only): `no-size` (the model's "
                              "size is not known), `no-row` (no row names it), `ambiguous` (two or more do).",
                              enum=["no-size", "no-row", "ambiguous"]),
                    "tokens": f(NUM, "Training tokens the card states (6nd-estimate only)."),
                    "parameters": f(NUM, "Parameter count used (6nd-estimate only)."),
                    "parameters_from": f(STR, "Where the parameter count comes from: the weights' metadata, or the "
                                         "size the repository name gives (6nd-estimate only)."),
                    "figures": f(INT, "How many different token figures the card gives, when more than one: the "
                                 "largest is used, an upper estimate (6nd-estimate only)."),
                    "total_line": f([INT, "null"], "README line of the card's total GPU-hours statement, whose "
                                    "hardware the size's row is read on (size-row only)."),
                },
                "required": ["method", "flop", "as_written", "line"],
                "additionalProperties": False,
            },
        }),
        "license": obj("The model's own license, as resolved from its repository, and the effective one.", {
            "declared": arr("Canonical ids the card declares.", {"type": STR}),
            "declared_raw": arr("The card's license values as written.", {"type": STR}),
            "curated": {"type": ["object", "null"], "description": (
                "A curation of the model's own license (field license or license_name): {field, declared (what "
                "the source declared, as written; null when nothing), value (the curated value), where (policy "
                "file:line), author}. `declared` and `declared_raw` then hold the curated value, which every "
                "output shows as curated, never as what the card declared. null when no curation applied."),
                "properties": {"field": f(STR, "license or license_name."),
                               "declared": f([STR, "array", "null"], "What the source declared."),
                               "declared_ids": f("array", "Canonical ids of what the source declared (none for "
                                                 "other, unknown or an unrecognised name).", items={"type": STR}),
                               "value": f([STR, "array"], "The curated value."),
                               "where": f([STR, "null"], "Policy file:line of the curation."),
                               "author": f([STR, "null"], "Who curated it.")},
                "required": ["field", "declared", "declared_ids", "value", "where", "author"],
                "additionalProperties": False},
            "detected": arr("Licenses identified from LICENSE files or the gated prompt, with score and file; one "
                            "read from a secondary source names that record in `source`."),
            "expression": f([STR, "null"], "SPDX expression of the model's own license (LicenseRef-* for model "
                            "licenses); null when unknown."),
            "effective": f([STR, "null"], "SPDX expression of the effective license after the lineage."),
            "ids": arr("Canonical ids of the model's own license(s).", {"type": STR}),
            "effective_ids": arr("Canonical ids of every license in the effective terms.", {"type": STR}),
            "state": f(STR, "`known`, `custom` (other with a name or text we do not know), `unknown` or "
                       "`none` (nothing declared)."),
            "known": f(BOOL, "state == known."),
            "category": f([STR, "null"], "Most restrictive category of the model's own license(s)."),
            "osi_approved": f([BOOL, "null"], "OSI approval of the own license, from the knowledge base entry of "
                             "each resolved id (true only when every id is approved); null when the license is not "
                             "known or the knowledge base has no value for an id."),
            "unknown_names": arr("License names that matched nothing, kept as written.", {"type": STR}),
            "custom_names": arr("license_name values of `license: other` that are not in the KB.",
                                {"type": STR}),
            "custom_without_text": f(BOOL, "A custom license is named but no LICENSE text was found."),
            "secondary_custom": f(["object", "null"], "A third party's record (ecosystem-graphs) that the weights are "
                                  "under the publisher's own custom license, when it is the only word on them: "
                                  "{source, name, link, code_license, recorded_for (the release the record was "
                                  "made for, when a sibling's), set_aside (the MOF declaration's licenses for the "
                                  "weights it outweighed)}; null otherwise."),
            "prose_base": {
                "description": "The license of the base family the card's prose says the weights were made from "
                               "(card.base_family_stated with made_from), when the metadata declares no base: the "
                               "review answers from it as a floor, rules LIC019-LIC022 judge it against the policy. "
                               "Null when there is none, the phrase may name a design (\"based on\"), the family's "
                               "license differs by release, or the publisher is the family's own.",
                "type": ["object", "null"],
                "properties": {"license": f(STR, "The family's license id (knowledge base)."),
                               "category": f([STR, "null"], "Its category."),
                               "commercial_use": f(STR, "Its commercial_use term value (unknown when not held)."),
                               "policy": f(STR, "How the policy's lists treat it: denied, review, allowed, "
                                                "not_listed, unlisted or unknown (LIC019 denied, LIC020 "
                                                "not_listed, LIC021 review)."),
                               "declared": f([STR, "null"], "The declared license ids joined with AND (null when "
                                                            "none resolved)."),
                               "dropped": arr("The family license's travelling terms (restriction, copyleft) the "
                                              "declared license drops, as LIN001 words them (\"commercial_use "
                                              "conditional->allowed\"); [] when the declared terms are not known. "
                                              "Rule LIC022.", {"type": STR}),
                               **FAMILY_PROPS},
                "required": ["category", "commercial_use", "declared", "dropped", "family", "license", "line",
                             "name", "phrase", "policy"],
                "additionalProperties": False},
            "conflicts": arr("Disagreements between pieces of evidence: {kind, message, evidence}."),
            "issues": arr("How the license is declared, when it needs a finding but is no disagreement: {kind "
                          "(license-name-without-license, misspelt-license-key, ambiguous-version), message, "
                          "evidence}."),
            "evidence": arr("Evidence for the resolution: {source, location, revision, value, detail}."),
            "choices": arr("The OR choices of the effective expression that decline a license (auditor/lineage/"
                           "choice.py): a licensee may take either operand of `A OR B`, so the policy's lists, the "
                           "terms and the inherited obligations read the operand(s) taken, chosen by the policy's "
                           "lists, then the policy's declared use, then the least restrictive terms; LIC017 asks the "
                           "organisation to record it. Empty when the expression offers no choice that matters.", {
                "type": "object", "additionalProperties": False,
                "required": ["expression", "take", "take_ids", "declined", "declined_ids", "statuses", "reason", "why"],
                "properties": {
                    "expression": f(STR, "The OR expression offered."),
                    "take": f(STR, "The operand(s) the organisation can take, as written."),
                    "take_ids": arr("The license ids of the operand(s) taken.", {"type": STR}),
                    "declined": arr("The operands declined, as written.", {"type": STR}),
                    "declined_ids": arr("The license ids declined (bound by no other part of the expression).",
                                        {"type": STR}),
                    "statuses": f("object", "Each id's status under the policy's lists: allowed, review, "
                                  "not_listed, unlisted (no allow list), unknown or denied."),
                    "reason": f(STR, "What decided: `policy` (its lists), `use` (its declared use) or `terms`."),
                    "why": f(STR, "The reason in words, for the finding."),
                }}),
            "policy": obj("How the policy classifies the effective license ids: a policy-derived fact (the one "
                          "fact that depends on the policy besides `policy` itself), computed in one place, "
                          "auditor.facts.license_policy_facts, from the policy's `licenses` lists (deny > review "
                          "> allow, whatever their order; unknown and custom licenses are on no list). The LIC "
                          "rules read it; they do not match licenses themselves.", {
                "denied": arr("Ids matching `licenses.deny`.", {"type": STR}),
                "review": arr("Ids matching `licenses.review` (and not denied).", {"type": STR}),
                "allowed": arr("Ids matching `licenses.allow` (and not denied or reviewed).", {"type": STR}),
                "not_listed": arr("Ids on no list while the allow list is not empty.", {"type": STR}),
                "unknown": arr("Ids the lists cannot decide: a knowledge-base license whose category is a "
                               "placeholder (its text unread) and that no pattern names by id (LIC025).",
                               {"type": STR}),
            }),
        }),
        "terms": obj("The effective terms: the strictest combination over the model and its lineage.", {
            "commercial_use": {**SCALAR_TERM, "description": "allowed | conditional | prohibited | unknown; "
                               "`condition` says what the condition is."},
            "mau_limit": {**SCALAR_TERM, "description": "Smallest monthly-active-user limit (integer) or null."},
            "derivatives": {**SCALAR_TERM, "description": "allowed | same-terms | prohibited | unknown."},
            "derivative_must_carry": {**LIST_TERM, "description": "What a derivative must carry (license-copy, "
                                      "same-license, use-restrictions, notice, attribution, changes-marked)."},
            "attribution": {**LIST_TERM, "description": "Attribution notices copies must keep (`values`, e.g. the "
                            "Llama \"Notice\" file text) and, in `displays`, phrases to display prominently (e.g. "
                            "\"Built with Llama\").",
                            "properties": {**LIST_TERM["properties"], "displays": arr(
                                "Phrases the licenses require to be displayed prominently, apart from the notices.",
                                {"type": STR})},
                            "required": sorted([*LIST_TERM["required"], "displays"])},
            "naming": {**LIST_TERM, "description": "Naming rules for derivatives."},
            "use_restrictions": {**LIST_TERM, "description": "Acceptable-use policies / RAIL attachments."},
            "output_training": {**SCALAR_TERM, "description": "Using outputs to train other models: allowed | "
                                "restricted | prohibited | unknown."},
            "territorial": {**SCALAR_TERM, "description": "none | restricted | unknown; `notes` say where."},
            "patent_grant": {**SCALAR_TERM, "description": "granted | none | unknown."},
            "termination_on_litigation": {**SCALAR_TERM, "description": "yes | no | unknown."},
        }),
        "lineage": obj("Ancestry through base_model (see docs/lineage in `auditor lineage --format json`).", {
            "depth": f(INT, "Longest resolved path from the model to a root ancestor."),
            "naming": arr("Inherited name-prefix rules checked against the model's own name (auditor/lineage/"
                          "naming.py): {license, prefix, clause, from, name, complies}; only where the model "
                          "made the weights (fine-tune, adapter, merge, distillation)."),
            "ancestors": arr("Every ancestor: {id, relation, inferred, license, category, distance, path, sha, "
                             "source, resolved, state}, and `renamed` when the base was found under another name "
                             "of its renamed Hub organisation (auditor/data/org_renames.json): the names, the "
                             "rename followed and where it is established; `gated` (auto, manual or false) when "
                             "the base's own record says whether the Hub gates it, with `gate_mode_unshown` true "
                             "when its source showed the gate but not its approval mode (the stricter recorded); "
                             "`data_said`, what a read model's card says of its training data (declared, described, "
                             "unread: its prose was not recorded, none); `training_compute`, the compute its card "
                             "states (as card.training_compute), which the review's systemic-risk row reads for a "
                             "quantization of it; `gate_form`, the `extra_gated_*` keys of its card when its "
                             "gate state was not recorded (its terms are accepted at download: questions 22, 23), "
                             "with `gate_asks` (terms, or contact: a form that only collects contact details or "
                             "links a privacy notice, so no license is accepted there)."),
            "unresolved": arr("Bases that could not be read: {id, reason, incomplete}."),
            "laundering": arr("Declared licenses that drop an ancestor's obligations: {ancestor, "
                              "ancestor_license, declared, path, dropped}; `ancestor_reading`, when the ancestor "
                              "offers an OR choice, the operand(s) it was judged against (the one dropped least of)."),
            "unverifiable": arr("Declared licenses that cannot be compared with an ancestor's: {ancestor, "
                                "ancestor_license, declared, reason, ancestor_record}.", {
                "type": "object", "additionalProperties": True, "required": ["ancestor", "reason", "ancestor_record"],
                "properties": {
                    "ancestor": f(STR, "The ancestor's id."),
                    "reason": f(STR, "Why the comparison cannot be made, in words."),
                    "ancestor_record": {"type": STR, "enum": ["read", "unread", "no-card", "not-recorded"],
                                        "description": "How much of the ancestor was read: `read` (its record, "
                                        "card included when it has one), `unread` (it could not be read), "
                                        "`no-card` (it has no model card and no license file), `not-recorded` (a "
                                        "recording without its card or license files). The review says \"declares "
                                        "no license\" only of `read`."},
                }}),
            "relicensed": arr("Ancestors their own maker released again under another license on the way to this "
                              "model (auditor/lineage/owner.py): no laundering, and their terms reach the model only "
                              "through that release's license, so they are neither inherited nor compared (rule "
                              "LIN019). {model, declared, ancestor, ancestor_license, path, relations, inferred, by "
                              "(the maker's relicensed model: this model or one between), by_license, "
                              "owner_evidence (why both are one maker's: the same Hub namespace, a recorded "
                              "organisation rename, or two organisations of one family's maker), license_evidence "
                              "(why the ancestor's license was the maker's own to change)}. Where this model is the "
                              "release and its own license leaves unknown a term the ancestor's license obliges, "
                              "lineage.unverifiable also lists the ancestor (`relicensed_by_maker` true).", {
                "type": "object", "additionalProperties": False,
                "required": ["model", "declared", "ancestor", "ancestor_license", "path", "relations", "inferred",
                             "by", "by_license", "owner_evidence", "license_evidence"],
                "properties": {
                    "model": f(STR, "This model's id."),
                    "declared": f(STR, "This model's own license."),
                    "ancestor": f(STR, "The relicensed ancestor's id."),
                    "ancestor_license": f(STR, "The ancestor's license."),
                    "path": {"type": "array", "items": {"type": STR},
                             "description": "From this model to the ancestor."},
                    "relations": {"type": "array", "items": {"type": STR}, "description": "The relation of each step."},
                    "inferred": f(BOOL, "Whether a relation on the path was inferred rather than declared."),
                    "by": f(STR, "The maker's model that carries the new license (this model or one between)."),
                    "by_license": f(STR, "That model's license."),
                    "owner_evidence": f(STR, "Why both models are one maker's, in words."),
                    "license_evidence": f(STR, "Why the ancestor's license was the maker's own to change."),
                }}),
            "incompatible": arr("Pairs of inherited licenses whose terms cannot all be met (rules/compatibility."
                                "yaml): {licenses, a, b (each {license, clause, node, path, kind}), kinds, "
                                "reasons, verdict (incompatible | one-way | conditional), data, summary, via, "
                                "claim, reading (the reading of training data applied, on a pair with a dataset; "
                                "null otherwise), reading_note}."),
            "suspected": arr("Name-only lineage hints (never edges): {family, hint}."),
            "inherited": arr("Obligations inherited from ancestors: {term, value, from, license, path}."),
            "problems": arr("Malformed lineage: cycles, repeated ids, local paths, ids without owner."),
            "truncated": f(BOOL, "The depth or node limit cut the resolution short."),
            "data_reading": f([STR, "null"], "The reading of training data applied (policy "
                              "`datasets.training_is_adaptation`, docs/lineage.md): `training-is-not-adaptation` "
                              "(the default: a model's training data passes none of its terms to the model) or "
                              "`training-is-adaptation` (they travel like a base's); null when nothing was read."),
        }),
        "datasets": arr("Training datasets with their licenses: {id, license, category, state, known, resolved, "
                        "card_present, trained, path}, with `declared_as` (the id the card declared) when it was "
                        "read under another id, and `same_corpus` when that id is another of the same corpus "
                        "(auditor/lineage/datasets.py CORPUS_DATASETS); a dataset card that declares no license has "
                        "state `none` and license null (no license declared, so its terms are not known; never a "
                        "license called \"none\")."),
        "data_risks": arr("Datasets under non-commercial, no-derivatives, share-alike or unknown terms: {dataset, "
                          "license, risk, via, reading (the reading of training data applied, as "
                          "`lineage.data_reading`)}; license null where the dataset's card declares none."),
        "openness": obj("Model Openness Framework and OSI Open Source AI Definition.", {
            "mof_class": f([INT, "null"], "MOF class from the evidence, computed as the Model Openness Tool does "
                           "(1, 2, 3; null for none)."),
            "mof_class_name": f(STR, "The class as every output words it: Class I, Class II, Class III, "
                                "unclassified (assessed, no class reached) or `unknown (openness not assessed)`."),
            "mof_class_normalised": f([INT, "null"], "The class after normalising license spellings."),
            "mof_class_declared": f([INT, "null"], "The class the Model Openness Tool's declaration of this model "
                                    "reaches (lfai/model_openness_tool; null when there is none or it reaches none)."),
            "mof_declared": f(BOOL, "The Model Openness Tool holds a declaration of this model."),
            "mof_origin": f([STR, "null"], "The model the declaration says the release derives from (its "
                            "`release.origin`); null when it names none or there is no declaration."),
            "mof_record": f(["object", "null"], "What the model's MOF declaration (the Model Openness Tool's record "
                            "or a shipped mof.yml) holds for the review, a secondary source's word: {name, version, "
                            "producer, origin, source (the record, named), components: [{name, license (as written), "
                            "ids (the licenses it names), policy ({id: the policy's status})}] (only components with a "
                            "license value that is not a placeholder or `unlicensed`; each license is its component's "
                            "alone)}; null without a declaration."),
            "mof_declared_versus_evidence": arr(
                "Where the Model Openness Tool's declaration and the evidence part, one entry a component: "
                "{component, kind, message, declared_status, declared_license}; kind `contradicts`, `license-differs`, "
                "`omitted` (open by the evidence, not declared) or `unverified` (declared, nothing here can judge it: "
                "the component table shows the declared status and license beside the evidence's unknown, marked "
                "declared); empty without a declaration.", {"type": "object", "properties": {
                    "component": {"type": STR}, "kind": {
                        "type": STR, "enum": ["contradicts", "license-differs", "omitted", "unverified"]},
                    "message": {"type": STR}, "declared_status": {"type": [STR, "null"]},
                    "declared_license": {"type": [STR, "null"]}}, "required": ["component", "kind", "message"],
                    "additionalProperties": False}),
            "osaid": f(STR, "`meets`, `does-not-meet` or `insufficient-evidence`."),
            "osaid_reasons": arr("Why, one sentence each.", {"type": STR}),
            "scores": {"type": "object", "description": "0-100 scores (weights, data, code, documentation, "
                       "overall), each with a reason."},
            "components": {"type": "object", "description": "The 17 MOF components: {status, license}; status is "
                           "open | restricted | closed | absent | unknown."},
            "weights_status": f(STR, "Status of the final model parameters."),
            "data_status": f(STR, "Status of the datasets component."),
            "code_status": f(STR, "Weakest status among training and inference code."),
            "cited": obj("The components each openness finding is about, each {name, status, license, "
                         "availability, evidence (source, location, revision, value, detail)}: OPN003 cites "
                         "`weights`, OPN005 `data`, OPN006 `code`, OPN001 `class_gaps`.", {
                "weights": arr("The components that stand for the weights (the final parameters).", CITED),
                "data": arr("The components that stand for the training data (datasets).", CITED),
                "code": arr("The components that stand for the code (training and inference code).", CITED),
                "class_gaps": arr("The components the policy's minimum MOF class requires that are not open "
                                  "(empty without a minimum).", CITED),
            }),
        }),
        "files": obj("What the repository's file list shows (nothing is downloaded).", {
            "known": f(BOOL, "The file list is known."),
            "count": f([INT, "null"], "Number of files."),
            "weights_formats": f(["array", "null"], "Weight formats present (safetensors, gguf, pytorch-pickle, "
                                 "...); null when unknown."),
            "pickle": f([BOOL, "null"], "Some weights are pickle-based."),
            "pickle_only": f(BOOL, "All weights are pickle-based (false when unknown)."),
            "safetensors": f([BOOL, "null"], "safetensors weights present."),
            "gguf": f([BOOL, "null"], "GGUF files present (null when the file list is unknown)."),
            "has_license_file": f([BOOL, "null"], "A LICENSE/COPYING file is present."),
            "remote_code": f(BOOL, "The model needs trust_remote_code (auto_map or modeling_*.py files)."),
            "remote_code_files": arr("The code files involved.", {"type": STR}),
            "remote_code_evidence": f(STR, "Why remote_code is what it is, in words: the code files, the config's "
                                      "auto_map, the Hub's custom_code tag, or that the file list was not recorded."),
            "adapter": f([BOOL, "null"], "A PEFT adapter (adapter_config.json read or in the file list; null when "
                         "neither was read)."),
            "merge_config": f(BOOL, "A mergekit merge: its configuration was read, or a mergekit_config.yml / "
                              "mergekit_moe_config.yml is in the file list (even when it could not be read)."),
        }),
        "problems": arr("Source problems (fatal ones make the audit incomplete): {code, message, fatal, ...}."),
        "complete": f(BOOL, "The model and every base model could be read."),
        "policy": {"type": "object", "description": "The effective policy's parameters (use, as this model's "
                   "roles make it, with use.role: the roles applied or null (auditor/roles.py); licenses, "
                   "openness (with min_mof_class_number), lineage, data, security, card, fail_on, name)."},
        "provenance": {"type": "object", "description": "Field -> evidence {source, location, revision, value, "
                       "detail} for every recorded value of the model's record."},
        "curations": obj("Corrections of facts the policy's `curations:` made (docs/policy.md, section Curations).", {
            "applied": arr("Curations applied to the model or to an ancestor: {model, sha, field, original (what "
                           "the source said), value (what was used), author, reason, expires, ticket, where "
                           "(policy file:line), pattern}; the model's own first.", {"type": "object"}),
            "expired": arr("Curations that match the model or an ancestor but expired (no longer applied): "
                           "{model (pattern), field, value, author, reason, expires, where, matched (the id)}.",
                           {"type": "object"}),
        }),
    }),
}

# Optional (not in `required`): only `auditor report` reads the history, online, for a Hub model at a SHA.
_CARD_AT = {"type": ["object", "null"], "description": "{sha, date, license}: what the card declared there."}
SCHEMA["properties"]["model"]["properties"]["license_history"] = obj(
    "The declared license's history on the Hub up to the audited SHA (auditor/sources/history.py); present only "
    "in `auditor report` runs online without --no-history.", {
        "repo_id": f(STR, "The repository whose commits were listed."),
        "revision": f(STR, "The audited commit SHA the history ends at."),
        "listing": f(STR, "The commit-list endpoint read (`/api/models/{id}/commits/{sha}`)."),
        "commits": f(INT, "Commits listed, the audited one included."),
        "first_card": _CARD_AT | {"description": "The earliest commit read whose README exists."},
        "first_card_exact": f(BOOL, "No earlier commit has a README (as far as the reads show)."),
        "current": _CARD_AT | {"description": "The audited revision's card; null when it has no README."},
        "changes": arr("{sha, date, before, after, previous_sha, previous_date, exact}: a commit whose declared "
                       "license differs from the earlier one's (`exact`: consecutive commits).", {"type": "object"}),
        "readmes_read": arr("Commits whose README was read (cache or network), in order.", {"type": STR}),
        "listing_calls": f(INT, "1 when the commits were listed over the network (one request per page)."),
        "readme_requests": f(INT, "README reads that went to the network."),
        "bound": f([STR, "null"], "Why the search stopped before locating a change exactly (the read bound)."),
        "problem": f([STR, "null"], "Why the history could not be read (one sentence); the question stays open."),
    })


def main() -> None:
    out = Path(__file__).resolve().parents[1] / "auditor" / "facts.schema.json"
    out.write_text(json.dumps(SCHEMA, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
