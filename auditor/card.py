"""Model card (README.md) parsing that survives what real cards contain.

The Hub's own client raises on a front matter that is not a mapping and drops the card on a YAML error.
We keep going instead: the record gets an empty card and a Problem with the file and line, and the rest
of the audit proceeds (an unparseable card is itself a finding, not a crash).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from auditor.card_adapter import KIND as ADAPTER_STATED
from auditor.card_adapter import adapter_statement
from auditor.card_architecture import KIND as ARCHITECTURE
from auditor.card_architecture import architecture_statement
from auditor.card_base_is import base_is
from auditor.card_children import (
    CHILD_OBJECT,
    CHILDREN_CLAUSE,
    CHILDREN_TITLE,
    LIKENESS,
    THIS_MODEL_WORDS,
    TOKENIZER,
    without_tokenizer_clauses,
)
from auditor.card_components import component_bases
from auditor.card_compute_scope import scoped as scoped_compute
from auditor.card_converted_subject import converted_subject
from auditor.card_data_amount import collected_sentence, says_where_from
from auditor.card_data_license import KIND as DATA_LICENSE
from auditor.card_data_license import data_license_statements
from auditor.card_data_list import PRIVATE as LISTED_PRIVATE
from auditor.card_data_list import ROLE as LISTED_ROLE
from auditor.card_data_list import introduces_list, is_bullet, listed_source
from auditor.card_data_names import not_a_dataset_id, recreated, without_addresses
from auditor.card_figure_table import TABLE_KINDS, FigureTable
from auditor.card_grant import KIND as OWN_GRANT
from auditor.card_grant import own_grant
from auditor.card_holder_words import byline_names, organisation_subtitle, own_subject
from auditor.card_holder_words import name_key as holder_name_key
from auditor.card_it_refers import without_borrowed_it
from auditor.card_made_from import WEIGHTS_OF as _MADE_FROM_WEIGHTS
from auditor.card_merge import MergeReader, data_merged
from auditor.card_mirror import KIND as MIRROR_STATED
from auditor.card_mirror import mirror_statement
from auditor.card_model_card_link import model_card_link
from auditor.card_model_parts import model_parts
from auditor.card_named_base import (
    NAME_ONLY_ROLE,
    NAMED_KIND,
    PART_OF_MODEL,
    named_base_statement,
    unlinked_statement,
)
from auditor.card_other_model import about_other_model, describes_process, says_scratch, sentence_before
from auditor.card_own_subject import KIND as SUBJECT_ID
from auditor.card_own_subject import ONLY_ID_ROLE, has_owner, subject_ids
from auditor.card_peft_snippet import peft_snippet_adapter, peft_snippet_load, training_command_base
from auditor.card_port import port_statement
from auditor.card_prose_origin import (
    config_for_another,
    distilled_teacher,
    family_origin,
    trained_on_model,
    tuned_link,
)
from auditor.card_quote import clipped
from auditor.card_remote_code import KIND as REMOTE_CODE
from auditor.card_remote_code import remote_code_snippets
from auditor.card_resource_list import resource_list_base
from auditor.card_stage_base import stage_base
from auditor.card_subject import SUBJECT_ROLE
from auditor.card_table_base import BaseTable, row_roles
from auditor.card_text import HEADING_TITLE, SENTENCE_END, ProseFilter, is_document_link, is_tool_name
from auditor.card_text import HUB_HOST as _HUB_HOST
from auditor.card_text import REPO_ID as _REPO_ID
from auditor.card_text import REPO_PAGE_TAIL as _REPO_PAGE_TAIL
from auditor.card_text import SITE_PAGES as _SITE_PAGES
from auditor.card_trademark import KIND as TRADEMARK
from auditor.card_trademark import trademark_section
from auditor.card_trained_on_licenses import MAX_OBJECT, data_roles
from auditor.card_training_config import training_config_base
from auditor.card_unnamed_data import KIND as UNNAMED_DATA
from auditor.card_unnamed_data import unnamed_data
from auditor.card_use_restrictions import UseRestrictionReader
from auditor.card_use_scope import KIND as USE_SCOPE
from auditor.card_use_scope import use_scope
from auditor.compute import ROW_KIND as COMPUTE_ROW
from auditor.compute import find as find_compute
from auditor.compute import table_rows as compute_rows
from auditor.compute import template_hours
from auditor.hidden import fold_mapped, visible
from auditor.lazyre import lazy_compile
from auditor.makers import MAKER_ORGS  # noqa: F401  (re-exported: the review and lineage/owner.py read it here)
from auditor.model import Problem
from auditor.safeyaml import YamlError, load_yaml
from auditor.textsafe import as_written, not_text_reason

# Same block the Hub client recognises (huggingface_hub repocard.REGEX_YAML_BLOCK).
_YAML_BLOCK = lazy_compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
MAX_CARD_BYTES = 5_000_000
MAX_CARD_BASES = 64  # base_model entries read from one card


@dataclass(frozen=True)
class CardStatement:
    """One fact the card's prose states, kept as data (never the prose itself).

    kind "code-license": the card says under which license its code is released ("The code and model are
    released under Apache 2.0"); `as_written` is the license name as the card spells it, `line` the README
    line. Why read prose at all: publishers often state the code license only there, and an offline audit
    (or one where GitHub is not asked) would otherwise have no word on it at all.

    kind "code-link": a GitHub repository the prose names as the model's code ("Core repo (training,
    inference, fine-tuning etc.): https://github.com/..."); `as_written` is https://github.com/owner/repo and
    `roles` what the line says it holds (training, inference, evaluation, preprocessing; "code" for code in
    general). Links on lines about libraries or installation are not the model's code and are skipped.

    kind "training-data": a corpus the card's training-data section (a "Training data" / "Pre-training data"
    heading, or a "Training data:" label) names: a Hub dataset link (`as_written` is the dataset id, role
    "hub-dataset"), a well-known corpus by name ("The Pile", "RefinedWeb", "Dolma"; `as_written` is its
    canonical name, role "named"), or a source a bullet lists under a line that says a list of data follows
    (role "listed", then "private" when the item says so; auditor/card_data_list.py). Sentences that say the model
    was not trained on it are skipped, and a name used as a comparison ("C4-like data") is no corpus.

    kind "remote-code-snippet": a fenced usage example passes `trust_remote_code=True` (or `--trust-remote-code`)
    when loading a Hub id; `as_written` is that id, `line` the flag's line (auditor/card_remote_code.py). The facts
    count it only when it loads the audited repository itself and the file list is unknown (SEC002).

    kind "family-license-stated": a sentence says the model is used or licensed under a base family's license
    ("should be used according to the LLaMA license"); `as_written` the family as written, `roles` its label and the
    words that say so as written ("according to the LLaMA license").

    kind "subject-id": a Hub id the card gives as its own subject, a top heading that is an id or an id its usage
    code loads that is the repository's own, given to parse_card as `repo_id` (`roles` "heading" or "usage code";
    auditor/card_own_subject.py); without an owner in `repo_id` (a local folder audited without `--as`), the one id the
    card names when its usage code loads it (roles "usage code", "only id"). auditor/lineage/relation.py reads it
    where the repository's name says quantized: the publisher's own model named so is what was quantized.

    kind "training-data-id": a token of a training-data section shaped like a Hub dataset id ("empathetic_dialogues",
    "OpenAssistant/oasst1" written without a link): a candidate only, which the facts keep as training data when the
    catalog holds a dataset record of that very id (auditor/lineage/datasets.py).

    kind "training-data-section": the card has a training-data section or label (`as_written` is its title,
    `line` its README line), whether or not it names a corpus: "we trained on 15T tokens of public data" is a
    description of the data, not an absence of one.

    kind "training-data-link": the first link of a training-data section whose text says data ("Details for each
    dataset are provided in individual [Data Cards](https://...)": BLOOM's list of its ROOTS sources): `as_written`
    is the address, `roles` the link's text. Where the section names no dataset, that is where the list is.

    kind "training-data-sentence": the first sentence outside a training-data section that says the model was
    trained on something ("Molmo models are trained on PixMo, a dataset of ..."): `as_written` is what it names, to
    the first comma or clause break ("PixMo"). Also a description, not an absence.

    kind "license-stated": the license a "License:" label line names, as written (`as_written`, a link's text); else
    the license a sentence about the model names by a link ("This model ... is governed by [META LLAMA 3 COMMUNITY
    LICENSE AGREEMENT](LICENSE)"); else the one license a license section's links name.

    kind "base-stated": the first Hub model the prose names as the one this model was made from ("a fine-tuned
    version of [X](https://huggingface.co/org/name)", "based on", "finetune of", "Finetuned from model:"),
    `as_written` its repository id: a card without `base_model` may name its base only there (issue 19).

    kind "base-component": each further Hub model the sentence of the first "base-stated" lists with it ("built
    upon [SigLIP](url) and [Llama-3-8B-Instruct](url)", auditor/card_components.py), `as_written` its id, `line` that
    sentence's: a model assembled from a vision encoder and a language model has both as bases. lineage/graph.py
    links each with the base's relation when the prose's base is followed.

    kind "base-configured": the `base_model` of the axolotl training configuration the card carries in a fenced
    block (axolotl's "See axolotl config", an older card's "Settings:"), `as_written` as written (a Hub id or a local
    path), role "axolotl": the model the weights were trained from, read only when the card names axolotl and
    the block has axolotl's own keys. lineage/graph.py follows it when the front matter names no base.

    kind "base-family-stated": a model family the prose names, without a Hub link, as the one this model was made
    from ("**Finetuned from:** [LLaMA](https://github.com/facebookresearch/llama)", "we fine-tune the Code LLM,
    StarCoder"); `as_written` the family as written, `roles` its label in PROSE_BASE_FAMILIES. Kept only where no
    Hub link names the base: the review says that base's terms were not checked.

    kind "lora-merged": the first sentence saying the model's LoRA (or adapter) weights were merged into its base
    ("a merged BF16 LoRA adaptation of X", "fine-tuned with LoRA (...; merged into the base weights)"), `as_written`
    the phrase: the repository then holds full weights, a finetune, whatever its `lora` tag says of how it was trained.
    A sentence that only offers the merge ("can be merged into the base model at inference time", "not merged") is
    no such statement. auditor/lineage/relation.py reads it.

    kind "holder-stated": who the prose names as owning or making the model, on a labelled line ("**Owner**:
    Databricks, Inc.", "- **Developed by:** Nomic AI", "Model developers: Meta") or a line that opens with a copyright
    notice ("© 2023 Hotaru Jujo."), else a "By <organisation>" subtitle or a byline under the title ("by Jane Doe");
    `as_written` the name, `roles` the label (owner, developer, copyright). A license such as MIT or Apache-2.0 names
    no licensor: the copyright holder is, and the review names who that is.

    kinds "merge-declared" and "merge-part" (auditor/card_merge.py): the first line whose prose says the model is a
    merge ("This is a merge of", "made with mergekit", a "Models Merged" heading; `as_written` the few words that say
    it), and each model the prose names as merged into it (`as_written` the id, or a local path as written; `roles`
    how it was named: "sentence", "list"), at most MAX_MERGE_PARTS. lineage/graph.py follows the parts when nothing
    else names the model's bases, and the review says a merge's training data is its parts'.

    kind "use-restriction-section" (auditor/card_use_restrictions.py): the first "Out-of-Scope Use" or "Prohibited
    uses" section, or "may not be used:" sentence opening a list, `as_written` its title, `roles` the number of its
    list items and "prohibited" (its words forbid) or "out-of-scope" (they describe): question 6 says it beside a
    license that sets no use policy.

    kind "license-section": the first heading that speaks of the license, or "License:" label line (`as_written`
    its title, `line` its README line): a card without a `license:` field may state its terms there (Guanaco:
    "## License and Intended Use"), so "the card declares no license" cannot be said of it.

    kinds "training-compute" and "training-gpu-hours": the training compute the prose states, as FLOP ("3.8 x
    10^25 FLOPs") or as GPU hours with the rest of their sentence (which names the hardware); auditor/compute.py
    reads the figures back from `as_written` (the AI Act's 10^25 FLOP presumption, issue 19).

    kind "data-license-stated" (auditor/card_data_license.py): the license a sentence gives for a corpus the model
    was trained on ("fine-tuned on a [~15K record instruction corpus](url) ... released under a permissive license
    (CC-BY-SA)"); `as_written` the license as written, `roles` the names the card links to that corpus's address,
    `link` the address. The model card's word on the data, not the dataset's own record.

    kind "architecture-stated" (auditor/card_architecture.py): the named architecture the prose says the model is
    based on ("Based on the [Jina-XLM-RoBERTa architecture](url)"), `as_written` its name, `link` its address: never a
    base (a design, not weights), but question 1 says it when the card declares no base.

    kind "training-tokens": the training run's token count as the prose states it ("pretrained on 2 trillion
    tokens", "saw 299,892,736,000 tokens during training"; never a fine-tune's, a batch's or a context's), with the
    words after it to the sentence's end, or a labelled figure from its label on ("Total seen tokens: 366B"): with the
    parameter count, auditor/compute.py estimates 6 x N x D.

    kind "parameter-count": a parameter count the prose states for the model ("176,247,271,424 parameters", "Model
    size: 7B"; never one of a list of sizes or a comparison, and from a table only this model's column or row, or a
    table of one model: auditor/card_figure_table.py): the 6 x N x D estimate's N when neither the weights' metadata
    nor the repository name gives one.

    kind "training-gpu-hours-row": a row of the card's GPU-hours table, kept only when the prose states GPU hours
    too: `as_written` "<hours> GPU hours", `roles` the row's label ("Llama 3 8B"), `line` the row's README line;
    auditor/compute.py uses the row naming the model's size instead of the family's total.
    """

    kind: str
    as_written: str
    line: int
    roles: tuple[str, ...] = ()
    # the address a license-stated statement's link points to, as written ("https://...", "LICENSE"): the text the
    # card offers as its license's, which the review shows as the card's link, not verified
    link: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "as_written": self.as_written, "line": self.line}
        if self.roles:
            out["roles"] = list(self.roles)
        if self.link:
            out["link"] = self.link
        return out


@dataclass(frozen=True)
class ParsedCard:
    front_matter: dict[str, Any]
    body_length: int
    problems: tuple[Problem, ...]
    has_front_matter: bool
    statements: tuple[CardStatement, ...] = ()


def parse_card(text: str, *, file: str = "README.md", repo_id: str | None = None) -> ParsedCard:
    """Split a card into its YAML front matter (a dict, possibly empty) and the length of its prose; `repo_id`, the
    repository the card is read for when known, tells which ids its usage code loads are its own (SUBJECT_ID)."""
    problems: list[Problem] = []
    if len(text) > MAX_CARD_BYTES:
        problems.append(Problem("card-too-large", f"card is larger than {MAX_CARD_BYTES} bytes; only its "
                                "beginning was read", file=file))
        text = text[:MAX_CARD_BYTES]
    text = text.lstrip("\ufeff")
    binary = not_text_reason(text)
    if binary is not None:  # an image, an archive, random bytes: no card to read, and the cause said
        return ParsedCard({}, 0, (Problem("card-not-text", f"{file} is not text: {binary}; not read as a card, so its "
                                          "license, base model and other metadata are not known", file=file),),
                          False, ())
    match = _YAML_BLOCK.match(text)
    if not match:
        problems.append(_no_front_matter(text, file))
        if len(text) > MAX_PROSE_SCAN:
            problems.append(_prose_not_read(text, 1, file))
        return ParsedCard({}, len(text.strip()), tuple(problems), False, card_statements(text, repo_id=repo_id))
    block = match.group(2)
    body = text[match.end():]
    first_line = text[: match.end()].count("\n") + 1
    statements = card_statements(body, first_line=first_line, repo_id=repo_id)
    if len(body) > MAX_PROSE_SCAN:
        problems.append(_prose_not_read(body, first_line, file))
    offset = text[: match.start(2)].count("\n")  # lines before the YAML block, for error line numbers
    duplicates: list[tuple[str, int, int]] = []
    try:
        data = load_yaml(block, file=file, line_offset=offset, duplicate_keys=duplicates)
    except YamlError as exc:
        problems.append(Problem("card-yaml-error", f"front matter is not valid YAML ({exc.message}); card "
                                "metadata ignored", file=file, line=exc.line))
        return ParsedCard({}, len(body.strip()), tuple(problems), True, statements)
    if "\t" in block:
        problems.extend(_strict_check(block, file, offset))
    for key, first, second in duplicates:
        problems.append(Problem("card-duplicate-key", f"front matter sets `{key}` twice (lines {first} and "
                                f"{second}); the Hub and auditor read only the last value", file=file, line=second,
                                key=key))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(Problem("card-front-matter-not-mapping", f"front matter is a {type(data).__name__}, "
                                "not a mapping of keys; card metadata ignored", file=file, line=offset + 1))
        data = {}
    data = {str(k): v for k, v in data.items()}
    return ParsedCard(data, len(body.strip()), tuple(problems), True, _not_declared_base(statements, data))


def _not_declared_base(statements: tuple[CardStatement, ...], front: dict[str, Any]) -> tuple[CardStatement, ...]:
    """The statements less an id read as the card's own only because it is the one its usage code names (ONLY_ID_ROLE)
    when the front matter's `base_model` declares it: that code loads the base, not this repository."""
    declared = front.get("base_model")
    names = {str(v).strip().lower() for v in (declared if isinstance(declared, list) else [declared]) if v}
    if not names:
        return statements
    return tuple(st for st in statements
                 if not (st.kind == SUBJECT_ID and ONLY_ID_ROLE in st.roles and st.as_written.lower() in names))


# Possessive: a first line of dashes with no line end (a 5 MB card of `-`) fails at once, not after splitting the
# dashes every way between the fence and the rest of the line (quadratic).
_ALMOST_FENCE = lazy_compile(r"^\s*+(---++)([^\r\n]*+)(\r\n|\r|\n)")


def _no_front_matter(text: str, file: str) -> Problem:
    """Why a card's metadata cannot be read: no front matter at all, or one the Hub does not read either
    (an opening line that is not exactly `---`, bare CR line ends, no closing `---` line), which the author
    can fix once told which."""
    found = _ALMOST_FENCE.match(text)
    reason = "card has no YAML front matter"
    if found and (found.group(1) != "---" or found.group(2)):
        line = (found.group(1) + found.group(2))[:24]
        reason = f"the card's first line {line!r} is not a front matter fence (it must be exactly `---`)"
    elif found and "\r" in text[:4096] and "\n" not in text[:4096]:
        reason = "the card's lines end in a bare carriage return (CR), which no front matter reader accepts"
    elif found:
        reason = "the card's front matter opened by `---` is never closed by a line `---`"
    if found:
        reason += ", so the Hub does not read its metadata either"
    return Problem("card-no-front-matter", f"{reason} (no license, base_model or other metadata can be read from it)",
                   file=file, line=1)


# "the code and model are released under Apache 2.0", "All code, weights, and intermediate checkpoints are
# released under the Apache 2.0 License", "our training code is licensed under the MIT license". The subject is
# the code itself (optionally named for one purpose), never a "code model" or another project's code ("Code
# Llama", "Transformers code"). Between "code" and the verb only a list of other released things may stand
# (no verb, no clause break), so "the code in this card is a demo; the model is released under X" is not a
# statement about the code. A license followed by a restriction ("... for research purposes only", "... with
# additional use restrictions") does not read as a license name and is left out.
_CODE_LICENSE = lazy_compile(
    r"(?P<subject>(?:\b(?:the|our|this|these|all|its|their|source|training|inference|evaluation|eval|"
    r"fine-?tuning|pre-?processing|data[- ]processing)\s+){0,3})"
    r"\bcode\b(?!\s+(?:model|models|llm|llms|generation|completion|assistant|llama|language)\b)"
    r"(?:(?!\b(?:is|are|was|were|not|except|but)\b)[^.;:!?\n]){0,80}?"
    r"\b(?:is|are)\s+(?:all\s+|now\s+)?(?:released|licensed|available|distributed|made\s+available|provided)"
    r"\s+under\s+(?:the\s+)?(?:terms\s+of\s+(?:the\s+)?)?"
    r"(?P<name>[A-Za-z][\w.+\-]*+(?:\s++[\w.+\-]++){0,4}?)(?:\s+licen[cs]e)?"
    r"(?=\s*+(?:[,;)\]]|\.(?!\d)|$|(?<=\s)(?:and|which)\b))",
    re.IGNORECASE,
)
# a code-license sentence whose subject names the model too ("The code and model are released under Apache 2.0",
# "weights and code are licensed under MIT"): role "model", so question 2 need not ask whether it covers the weights
_MODEL_TOO = lazy_compile(r"\b(?:models?|weights|checkpoints?)\s+(?:and|&)\s+(?:the\s+)?(?:\w+\s+){0,2}?code\b|"
                          r"\bcode\s+(?:and|&)\s+(?:the\s+)?(?:models?|weights|checkpoints?)\b", re.IGNORECASE)
# What may stand right before the statement's subject: nothing, markup or punctuation (a label such as
# "**License:**"), or a joining word ("weights and code"). Any other word ("Transformers code", "The LLaMA
# code") names someone else's code.
_JOINING_WORDS = frozenset({"and", "&", "or", "both", "the", "our", "all", "its", "their"})
_VERB_UNDER = lazy_compile(r"\b(?:released|licensed|available|distributed|provided)\s+under\b", re.IGNORECASE)
MAX_STATEMENT_LINE = 1_000  # a statement is one sentence; longer lines are not read for it
MAX_PROSE_SCAN = 200_000  # characters of prose read for statements (the rest of a huge card is not)
MAX_STATEMENTS = 8
_GITHUB_REPO = lazy_compile(r"https?://(?:www\.)?github\.com/([A-Za-z0-9][\w.-]*)/([\w.-]+)", re.IGNORECASE)
_NOT_CODE_LINE = lazy_compile(
    r"\blibrar(y|ies)\b|\binstall|\bpip\b|\bcitation\b|\bcite\b|\bissues?\b|\bbugs?\b|\blicen[cs]e", re.IGNORECASE
)
MAX_LINK_LINE = 250  # a link inside a long paragraph is about that paragraph's topic, not the model's code
_ROLE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("training", lazy_compile(r"\btrain|\bfine-?tun|\bpre-?train", re.IGNORECASE)),
    # "a reference implementation ... as well as sampling code" (FLUX.1-schnell's repository): running the model
    ("inference", lazy_compile(r"\binference\b|\bserving\b|\bdeploy|\breference\s+implementation|\bsampling\b",
                               re.IGNORECASE)),
    ("evaluation", lazy_compile(r"\bevaluat|\beval\b|\bbenchmark", re.IGNORECASE)),
    ("preprocessing", lazy_compile(r"\bpre-?process|\bdata (?:processing|pipeline|curation)|\bdedup", re.IGNORECASE)),
)
_CODE_WORD = lazy_compile(r"\bcode(base)?\b|\brepo(sitory|sitories)?\b|\bsource\b|\bgithub\b", re.IGNORECASE)
# "- **Repository:** https://github.com/...", "Core repo (training, inference): https://...", "Code: [..](..)"
# Possessive leading blanks, bullet and emphasis: a line of blanks without a colon is refused at once, not after
# trying every split of the blanks between the indent, the label and the space before the colon (cubic).
_LABEL_LINE = lazy_compile(r"^\s*+(?:[-*+]\s++)?[*_]*+(?P<label>[^:\n*_\[\]]{1,60}?)[*_]*\s*:(?!//)(?P<rest>.*)$")
# "[Pythia's GitHub repository](https://github.com/...)", "[GitHub](https://github.com/...)"
_REPO_LINK = lazy_compile(r"\[(?P<text>[^\]]{1,80})\]\((?P<url>https?://(?:www\.)?github\.com/[^)\s]+)\)",
                          re.IGNORECASE)
_GITHUB_URL = lazy_compile(r"https?://(?:www\.)?github\.com/[^\s)\]\"'<>]+")
_NOT_OWN_CODE_LABEL = lazy_compile(r"\b(base|original|upstream|parent|dataset|data set|paper|demo)\b", re.IGNORECASE)
_REPO_LINK_TEXT = lazy_compile(r"\bgithub\b|\brepo(sitory)?\b", re.IGNORECASE)
_NOT_A_REPO = frozenset({"orgs", "topics", "sponsors", "features", "marketplace", "settings", "login"})


# "Further fine-tuning code:", "Additional training scripts:", a label that names fine-tuning alone: code for
# work beyond the model's own training, so a link the card calls the core/training repository is preferred for
# Training code (allenai/OLMo-7B README lines 80 and 82: "Core repo (training, inference, fine-tuning etc.)"
# against "Further fine-tuning code"). Role "further" marks it; the link still stands for what it names.
_FURTHER = lazy_compile(r"\b(?:further|additional|extra|downstream|follow-?up)\b", re.IGNORECASE)
_FINE_TUNING = lazy_compile(r"\bfine-?tun\w*|\bfinetun\w*", re.IGNORECASE)
_CORE_TRAINING = lazy_compile(r"\btrain|\bpre-?train", re.IGNORECASE)


# The card's own paper on a labelled line: "- **Paper:** [Link](https://arxiv.org/abs/2402.00838)" (allenai/OLMo-7B
# README line 83), "Paper: https://arxiv.org/abs/...", "**Technical Report:** [...](...)", "arXiv: ...", or a link
# whose whole text says so ("[arXiv technical report](...)", "[our paper](...)"). A link inside a sentence ("the
# RefinedWeb paper", "the LLaMA paper") cites someone else's work and does not count. arXiv ids only, from
# arxiv.org or the Hub's paper pages (huggingface.co/papers/<arXiv id>).
_PAPER_LABEL = lazy_compile(
    r"^\s*+(?:[-*+]\s++)?[*_]*+(?P<label>(?:research\s+|technical\s+|tech\s+)?(?:paper|report|preprint)s?|arxiv"
    r"(?:\s+(?:paper|preprint|report))?|publication)[*_]*\s*[:：](?P<rest>.*)$", re.IGNORECASE)
_PAPER_LINK_TEXT = lazy_compile(
    r"\[[*_\s]*(?P<text>(?:our\s+|the\s+)?(?:arxiv\s+)?(?:research\s+|technical\s+|tech\s+)?(?:paper|report)|"
    r"arxiv(?:\s+(?:paper|preprint))?)[*_\s]*\]\((?P<url>[^)\s]+)\)", re.IGNORECASE)
_SEE_BEFORE = lazy_compile(r"\bsee\s*$", re.IGNORECASE)
# the same link in HTML, as a card's centred header row writes it ('<a href="https://arxiv.org/abs/2401.02954">📑
# Paper</a>', '<a href=https://arxiv.org/abs/...><b>Technical Report</b></a>'): its text, tags and marks aside, must say
# paper or report as a markdown link's whole text must. Bounded runs, one tag each: linear on any line.
_HTML_LINK = lazy_compile(r"<a\s[^<>]{0,300}?\bhref\s*+=\s*+[\"']?(?P<url>[^\"'\s<>]{1,300}+)[^<>]{0,200}+>"
                          r"(?P<text>[^<>]{0,80}(?:<[^<>]{1,40}>[^<>]{0,80}){0,4})</a\s*>", re.IGNORECASE)
_HTML_TAG_OR_MARK = lazy_compile(r"<[^<>]{1,40}>|[^\w\s]", re.UNICODE)
_PAPER_TEXT = lazy_compile(r"^(?:our\s+|the\s+)?(?:arxiv\s+)?(?:research\s+|technical\s+|tech\s+)?(?:paper|report)s?$|"
                           r"^arxiv(?:\s+(?:paper|preprint))?$", re.IGNORECASE)
_CITES_OTHER = lazy_compile(r"\b(?:modified from|based on|built on|derived from|adapted from|inspired by)\b",
                            re.IGNORECASE)
_PAPER_URL = lazy_compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|huggingface\.co/papers/)(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})", re.IGNORECASE)


def _paper_links(line: str, number: int) -> list[CardStatement]:
    """arXiv papers a prose line gives as the model's own paper or technical report (`as_written` the arXiv id,
    role "technical-report" or "paper")."""
    low = line.lower()
    if ("arxiv" not in low and "huggingface.co/papers" not in low) or len(line) > MAX_STATEMENT_LINE:
        return []
    if len(line) > MAX_LINK_LINE:  # a long line: only a header row of HTML links (Qwen's "🤗 ... | 📑 Paper | ...")
        return _spans_papers(_html_paper_spans(line, low), number)
    labelled = _PAPER_LABEL.match(line)
    spans = [(labelled.group("label"), labelled.group("rest"))] if labelled else []
    # "(see [paper](...))" after a technique cites the technique's paper (bigscience__bloom.md lines 269-275: ALiBi,
    # Megatron-LM); so does a line that says what the model was modified from or based on
    spans += [(m.group("text"), m.group("url")) for m in _PAPER_LINK_TEXT.finditer(line)
              if not _SEE_BEFORE.search(line[: m.start()]) and not _CITES_OTHER.search(line)]
    return _spans_papers(spans + _html_paper_spans(line, low), number)


def _html_paper_spans(line: str, low: str) -> list[tuple[str, str]]:
    """(text, address) of each HTML link whose whole text, tags and marks aside, says paper or report."""
    if "<a" not in low or _CITES_OTHER.search(line):
        return []
    spans = []
    for m in _HTML_LINK.finditer(line):
        text = " ".join(_HTML_TAG_OR_MARK.sub(" ", m.group("text")).replace("_", " ").split())
        if _PAPER_TEXT.match(text) and not _SEE_BEFORE.search(line[: m.start()]):
            spans.append((text, m.group("url")))
    return spans


def _spans_papers(spans: list[tuple[str, str]], number: int) -> list[CardStatement]:
    """The paper-link statements of (label, text holding the address) pairs, each arXiv id once."""
    out: list[CardStatement] = []
    for label, rest in spans:
        role = "technical-report" if "report" in label.lower() else "paper"
        for match in _PAPER_URL.finditer(rest):
            if match.group(1) not in [s.as_written for s in out]:
                out.append(CardStatement("paper-link", match.group(1), number, (role,)))
    return out


def _add_papers(papers: list[CardStatement], line: str, number: int) -> None:
    """Add the line's paper links not named before, up to MAX_STATEMENTS."""
    for paper in _paper_links(line, number) if len(papers) < MAX_STATEMENTS else ():
        if paper.as_written not in {q.as_written for q in papers}:
            papers.append(paper)


def _roles(text: str) -> tuple[str, ...]:
    roles = tuple(role for role, pattern in _ROLE_WORDS if pattern.search(text)) or ("code",)
    if "training" in roles and (_FURTHER.search(text) or not _CORE_TRAINING.search(_FINE_TUNING.sub(" ", text))):
        roles = (*roles, "further")
    return roles


def _line_roles(said: str, line: str) -> tuple[str, ...]:
    """The roles of a link: those its own words give (a label, a link's text), else, when they say only "code" or
    "repository", those the rest of its line gives ("a reference implementation ... in a dedicated [github
    repository](...)": inference; review pass 31 W3). Still ("code",) when the line says no purpose either."""
    roles = _roles(said)
    if roles != ("code",):
        return roles
    return _roles(_GITHUB_URL.sub(" ", line))


def _repo_url(url: str) -> str | None:
    """The link as written (trailing punctuation trimmed) when it points into a repository, else None."""
    match = _GITHUB_REPO.match(url)
    if match is None or match.group(1).lower() in _NOT_A_REPO:
        return None
    return url.rstrip(".,;:!?'\"")


def _code_links(line: str, number: int) -> list[CardStatement]:
    """GitHub repositories a prose line names as the model's code, with the roles the line gives them.

    Only two shapes count, because cards link many repositories that are not theirs (tools, benchmarks,
    converters): a labelled line whose label says code ("Repository:", "Core repo (training, inference):",
    "Evaluation code:") and a link whose own text says repository ("[Pythia's GitHub repository](...)").
    """
    if "github.com" not in line.lower() or len(line) > MAX_LINK_LINE or _NOT_CODE_LINE.search(line):
        return []
    out: list[CardStatement] = []
    labelled = _LABEL_LINE.match(line)
    if labelled and _NOT_OWN_CODE_LABEL.search(labelled.group("label")):
        return []  # "Base model repository:", "Original repo:", "Dataset repository:": someone else's code
    if labelled and _CODE_WORD.search(labelled.group("label")) and "github.com" in labelled.group("rest").lower():
        roles = _line_roles(labelled.group("label"), labelled.group("rest"))
        for match in _GITHUB_URL.finditer(labelled.group("rest")):
            url = _repo_url(match.group(0))
            if url:
                out.append(CardStatement("code-link", url, number, roles))
        return out
    for match in _REPO_LINK.finditer(line):
        url = _repo_url(match.group("url"))
        if url and _REPO_LINK_TEXT.search(match.group("text")) and not _NOT_OWN_CODE_LABEL.search(match.group("text")):
            out.append(CardStatement("code-link", url, number, _line_roles(match.group("text"), line)))
    return out


# Sections whose sentences speak of the model's weaknesses, not of what it was trained on (review pass 33, P3)
_CAVEAT_TITLE = lazy_compile(
    r"\b(?:limitations?|bias(?:es)?|risks?|out[- ]of[- ]scope|caveats?|ethical|responsible\s+ai)\b", re.IGNORECASE)
# Training-data sections: a heading or a bold line that names training data, and labelled lines
# ("- **Training data:** ...", "- Pretrain Dataset: ..." of InternViT's card, review pass 32 P6). "Training and
# evaluation data" is the Trainer's generated heading.
_HEADING = HEADING_TITLE  # linear on long blank runs (auditor/card_text.py HeadingPattern)
_BOLD_LINE = lazy_compile(r"^\s*(\*\*|__)(?P<title>[^*_]{3,60})\1\s*$")
_DATA_TITLE = lazy_compile(
    r"\b(?:pre-?train(?:ing)?|training|fine-?tuning|finetuning|instruction[- ]tuning)(?:\s+and\s+evaluation)?\s+"
    r"(?:data(?:sets?)?|corpus|corpora)\b|训练数据",
    re.IGNORECASE,
)
# Broader headings whose section, in real cards, says what the model was trained on ("## Training Details" of
# the Vicuna card: "...125K conversations collected from ShareGPT.com"; "## Data" of CLIP's; "## Dataset
# Details"): read for corpora too. Only those that say data or dataset also count as a training-data section
# (a bare "## Training" may hold only hyperparameters).
_BROAD_DATA_TITLE = lazy_compile(
    r"^[\W_]*(?:training(?:\s+(?:details?|process|procedure|setup))?|(?:training\s+)?datasets?(?:\s+details?)?|data)"
    r"[\W_]*$",
    re.IGNORECASE,
)
# A heading that speaks of the license ("License", "License and Intended Use") or a "License:" label line
# ("* **License**: ...", "- **License:** ..."): where a card without a `license:` field states its terms in prose.
# The same headings and labels in Chinese ("## 协议", "## 开源协议", "## 使用协议", "## 模型许可协议", "## 开源许可证",
# "许可证："): a 协议 (agreement) only with a word that makes it a licence's, or alone, as a "通信协议" is a protocol
_CJK_LICENSE_WORDS = (r"许可|許可|授权协议|授權協議|"
                      r"(?:开源|開源|使用|社区|社區|模型|用户|用戶|商用|商业|商業)(?:许可|許可)?(?:协议|協議)")
_LICENSE_TITLE = lazy_compile(
    rf"\blicen[cs](?:e|es|ing)\b|{_CJK_LICENSE_WORDS}|^[\W_]*(?:协议|協議)(?![\u4e00-\u9fff])", re.IGNORECASE)
_LICENSE_LABEL = lazy_compile(r"^\s*(?:[-*+]\s+)?[*_]*(?:licen[cs]e|(?:开源|開源|使用|模型)?(?:许可证|許可證|许可协议|"
                              r"許可協議|协议|協議))[*_]*\s*[:：]", re.IGNORECASE)
_DATA_LABEL = lazy_compile(
    r"^\s*(?:[-*+]\s+)?[*_]*(?:pre-?train(?:ing)?|training|fine-?tuning)\s+(?:data(?:sets?)?|corpus|corpora)[*_]*"
    r"\s*[:：][*_]*(?P<rest>.+)$",
    re.IGNORECASE,
)
_HUB_DATASET = lazy_compile(r"huggingface\.co/datasets/([A-Za-z0-9][\w.-]*(?:/[A-Za-z0-9][\w.-]*)?)", re.IGNORECASE)
# Well-known training corpora by the names cards use (case as written where the word is also common).
_CORPORA: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, lazy_compile(pattern))
    for name, pattern in (
        ("The Pile", r"\b[Tt]he Pile\b"),
        ("RefinedWeb", r"\bRefinedWeb\b"),
        ("RedPajama", r"\bRedPajama\b"),
        ("SlimPajama", r"\bSlimPajama\b"),
        ("Dolma", r"\bDolma\b"),
        ("C4", r"\bC4\b"),
        ("mC4", r"\bmC4\b"),
        ("The Stack", r"\b[Tt]he Stack\b(?!\s+(?:Overflow|Exchange))"),
        ("StarCoderData", r"\bStarCoderData\b"),
        ("ROOTS", r"\bROOTS\b"),
        ("FineWeb", r"\bFineWeb\b"),
        ("OpenWebText", r"\bOpenWebText2?\b"),
        ("WebText", r"(?<!Open)\bWebText\b"),
        ("Common Crawl", r"\bCommon ?Crawl\b"),
        ("Wikipedia", r"\bWikipedia\b"),
        ("BookCorpus", r"\bBook ?Corpus\b"),
        ("LAION", r"\bLAION(?:-[\w]+)?\b"),
        ("OSCAR", r"\bOSCAR\b"),
        ("CulturaX", r"\bCulturaX\b"),
        ("Stanford Alpaca", r"\bAlpaca\b"),
        ("ShareGPT", r"\bShareGPT\b"),
        ("OpenAssistant", r"\bOpenAssistant\b|\bOASST\d?\b"),
        ("databricks-dolly-15k", r"\bdatabricks-dolly-15k\b"),
        ("Project Gutenberg", r"\bProject Gutenberg\b"),
    )
)
# A token shaped like a Hub dataset id in a training-data section ("trained on empathetic_dialogues and
# OpenAssistant/oasst1"): an owner/name pair, or a snake_case name (a bare word is too often plain English: "emotion",
# "drop"). A candidate only: the facts keep it only where the catalog holds a dataset record of that very id
# (auditor/lineage/datasets.py), so "max_length" or "fine_tuning" names nothing. Not part of a path or address.
# A hyperparameter ("train_batch_size: 8", "num_epochs=3") or a metric ("Rewards/chosen |") is no dataset.
_DATASET_ID = lazy_compile(
    r"(?<![\w/.:@#-])([A-Za-z0-9][\w.-]{1,95}/[A-Za-z][\w.-]{0,95}|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)"
    r"(?![\w/@-])(?!\.?\s*[:=|])")
# "C4-like data", "Pile-style mixture": a corpus named only as a comparison
_LIKE = lazy_compile(r"-(?:like|style|esque)\b", re.IGNORECASE)
# A sentence saying the model was not trained on something ("all Wikipedia pages were removed").
# A sentence that only mentions a corpus ("inspired by The Pile") names no training data either; examples of
# a corpus's sources ("(e.g. CommonCrawl)") are not corpora of their own.
_NOT_TRAINED_ON = lazy_compile(
    r"\bnot (?:been )?(?:trained|used)\b|\bremoved\b|\bexcluded?\b|\bwithout\b|\binspired by\b|\bunlike\b",
    re.IGNORECASE,
)
_EXAMPLES = lazy_compile(r"\((?:e\.g\.|i\.e\.|such as|like)[^)]*\)", re.IGNORECASE)
# "Molmo models are trained on PixMo, a dataset of ...", "The model was fine-tuned on a mix of ...": a sentence outside
# any training-data section that says what the model was trained on (kind "training-data-sentence"; `as_written` is
# what it names, up to the first comma or clause break, links reduced to their text). A card whose only word on
# its data is such a sentence describes its data: "none" would contradict it.
_TRAINED_ON_SENTENCE = lazy_compile(
    r"\b(?:is|are|was|were|(?:has|have)\s+been)\s+(?:(?:further|additionally|primarily|mainly|exclusively|only|then)"
    r"\s+)?(?:pre-?trained|trained|fine-?tuned|finetuned|instruction[- ]tuned)\s+(?:(?:exclusively|only|primarily|"
    r"mainly|entirely)\s+)?on\s+(?!top\s+of\b)(?P<what>(?:[^.;:,()\n]|(?<=\d),(?=\d)){2,60})",
    re.IGNORECASE,
)
# The same said by a sentence that opens with the participle, bare or after a bold label ("- **Multilingual Speech
# Recognition:** Trained with over 400,000 hours of data", SenseVoiceSmall; "Pretrained on 2T tokens of ..."). With
# "with", only what names data counts ("trained with DeepSpeed", "trained with a learning rate of" name none).
_TRAINED_OPENING = lazy_compile(
    r"^[\s>#+-]*+(?:[*_]{2}[^*_\n]{1,60}[*_]{2}[\s:：]*+|[*_]++)?(?:pre-?trained|trained|fine-?tuned|finetuned)\s+"
    r"(?:(?:exclusively|only|primarily|mainly|entirely)\s+)?(?P<prep>on|with)\s+(?!top\s+of\b)"
    r"(?P<what>(?:[^.;:,()\n]|(?<=\d),(?=\d)){2,60})",
    re.IGNORECASE)
# The same said inside a sentence by a participle after "and" ("Targeted as a bilingual language model and trained on
# 3T multilingual corpus, the Yi series models ...", 01-ai/Yi-6B): kept only when what it names is data (a data
# word), so "and trained on TPUs" or "and trained on top of X" is none. Not after a comma: "Large language models,
# trained on extensive data, can ..." (Orca 2's bias note) speaks of language models in general. Also right after
# "model" ("a transformer-based decoder-only language model pretrained on a large amount of data", Qwen1.5), never
# after the plural ("unlike models trained on more data" compares with others).
_TRAINED_PARTICIPLE = lazy_compile(
    r"\b(?:and|model|LLM)\s+(?:pre-?trained|trained)\s+(?:(?:exclusively|only|primarily|mainly|entirely)\s+)?(?P<prep>on)\s+"
    r"(?!top\s+of\b)(?P<what>(?:[^.;:,()\n]|(?<=\d),(?=\d)){2,60})",
    re.IGNORECASE)
# The same said by a training verb whose object is the model ("to train an XLM-Roberta-base model on STS using
# parallel EN-EL sentence pairs", lighteternal, review pass 34 P5): kept, as a participle is, only when what it
# names is data
_TRAIN_A_MODEL_ON = lazy_compile(
    r"\b(?:train|fine-?tune|finetune)\s+an?\s+[\w.+-]{1,60}\s+model\s+(?P<prep>on)\s+(?!top\s+of\b)"
    r"(?P<what>(?:[^.;:,()\n]|(?<=\d),(?=\d)){2,60})",
    re.IGNORECASE)
_ABOUT_BASE = lazy_compile(r"\bbase[ _-]?models?\b|\bbased\s+on\b", re.IGNORECASE)
_DATA_WORD = lazy_compile(
    r"\b(?:data|datasets?|corpus|corpora|tokens|hours|samples|examples|images|pairs|conversations|instructions|"
    r"documents|texts?|speech|audio|recordings|utterances|dialogues)\b", re.IGNORECASE)
# what such a sentence names that is no data: a pronoun ("trained on it"), or where and on what it was computed ("the
# MosaicML platform", "a cluster of 512 GPUs"): the compute, not the data
_NOT_DATA = lazy_compile(
    r"^(?:it|them|this|that|these|those|which)\b|\b(?:platform|cluster|GPUs?|TPUs?|hardware|nodes?|"
    r"infrastructure|supercomputer|[AHV]100(?:-\w+)?s?)\b", re.IGNORECASE)
_SENTENCE = lazy_compile(r"(?<=[.!?])\s+(?=[A-Z\[*_])")
# what names no data at all, only that there was some ("an offline dataset", "some data"): every word of it is one of
# these (Llama's "This is a static model trained on an offline dataset" says when, not what). A size is a description
# ("a large amount of data", "15T tokens"), kept.
_EMPTY_DATA_WORDS = frozenset({"a", "an", "the", "some", "offline", "static", "fixed", "data", "dataset", "datasets",
                               "corpus", "corpora"})
# the words right before a participle's "model" or "LLM" that make it another model than this one ("a reward model
# trained on the HH-RLHF data", "a baseline model trained on 1T tokens", "The teacher LLM trained on 15T tokens")
_OTHER_MODEL_ROLE = lazy_compile(
    r"\b(?:reward|baseline|teacher|judge|critic|reference|classifier|scorer|scoring|draft|proxy|embedding|retrieval|"
    r"retriever|reranker|safety|guard|moderation|previous|prior|another|other|existing|competing|larger|smaller|"
    r"base|their|its|policy|value|preference|helper|auxiliary|tokeni[sz]er)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _empty_data(what: str) -> bool:
    """Whether a training-data sentence's object names no data (see _EMPTY_DATA_WORDS)."""
    words = re.findall(r"[\w-]+", what.lower())
    return bool(words) and all(word in _EMPTY_DATA_WORDS for word in words)
# what "Trained with ..." names that is a setting of the run, not its data, though it counts examples or tokens ("a
# batch size of 128 examples per device", "a context of 4096 tokens", "3 epochs over 10k samples")
_TRAINING_SETTING = lazy_compile(
    r"\b(?:batch(?:es)?|batch\s+size|micro-?batch|context|sequence\s+length|seq(?:uence)?[-_ ]len\w*|max(?:imum)?\s+"
    r"length|learning\s+rate|lr|epochs?|steps?|optimi[sz]ers?|precision|warm-?up|weight\s+decay|gradient\w*)\b",
    re.IGNORECASE)


class _TrainingData:
    """Follows the card's sections line by line and reads the corpora a training-data section names."""

    def __init__(self) -> None:
        self.level: int | None = None  # heading level of the open training-data section (7: a bold line)
        self.found: dict[str, CardStatement] = {}
        self.candidates: dict[str, CardStatement] = {}  # tokens shaped like dataset ids (kind "training-data-id")
        # the first training-data heading or label: the card describes its data there, named or not
        self.section: CardStatement | None = None
        # the first "... is trained on X" sentence outside such a section (see _TRAINED_ON_SENTENCE)
        self.sentence: CardStatement | None = None
        # the first link of a training-data section whose text says data ("[Data Cards](https://...)")
        self.link: CardStatement | None = None
        self.caveats: int | None = None  # heading level of an open Limitations / Bias / Risks section
        self.from_label = False  # the section above is a "Training data:" label line, not a heading
        self.previous: tuple[str, int] | None = None  # the last prose line read, its paragraph going on
        self.open = False  # the sentence above ran to the end of its line: the next line may finish it
        # the first such sentence inside a Limitations / Bias section: kept only for a card with no training-data
        # section and no other sentence ("MPT-7B-Chat was trained on various public datasets" under Limitations)
        self.caveat_sentence: CardStatement | None = None
        self.listing = False  # a line of the open section said a list of data follows (auditor/card_data_list.py)

    def gap(self) -> None:
        """A blank line or a code block: the paragraph ends, and a sentence cut at its line end stays as read."""
        self.previous, self.open = None, False

    def feed(self, line: str, number: int) -> None:
        heading = _HEADING.match(line)
        bold = _BOLD_LINE.match(line) if heading is None else None
        if heading is not None or bold is not None:
            self.gap()
            self.listing = False
            level = len(heading.group(1)) if heading is not None else 7
            title = heading.group(2) if heading is not None else bold.group("title") if bold is not None else ""
            strict = _DATA_TITLE.search(title) is not None
            if self.caveats is not None and level <= self.caveats:
                self.caveats = None
            if heading is not None and _CAVEAT_TITLE.search(title):
                self.caveats = level  # "the Phi models are trained primarily on English text" is a limitation
            if strict or _BROAD_DATA_TITLE.match(title):
                self.level = level
                # a heading section ("### Datasets") over a "* Training data: 4.9T tokens" bullet before it
                if (self.section is None or self.from_label) and (strict or "data" in title.lower()):
                    self.section = CardStatement("training-data-section", title.strip("*_ ")[:120], number)
                    self.from_label = False
            elif self.level is not None and level <= self.level:
                self.level = None
            return
        label = _DATA_LABEL.match(line)
        if label is not None and self.section is None:
            title = line[: label.start("rest")].strip(" \t-*+_:：")
            self.section = CardStatement("training-data-section", title[:120], number)
            self.from_label = True
        if self.level is not None:
            self._read(line, number)
            self._find_link(line, number)
            self._listed(line, number)
        elif label is not None:
            self._read(label.group("rest"), number)
            self._find_link(label.group("rest"), number)
        elif self.caveats is None and trained_on_model(line) is None:  # "trained on [X](model page)": a base
            self._sentence(line, number)
        elif self.caveat_sentence is None and trained_on_model(line) is None:
            self.caveat_sentence = _trained_on(line, number)
        for name in _quoted_corpora(line):
            self._add(name, number, "named")
        self.previous = (line, number) if len(line) <= MAX_STATEMENT_LINE else None
        self._collected(line, number)

    def described(self) -> CardStatement | None:
        """The training-data sentence: the first outside a caveat section, else (with no training-data section) the
        first inside one; phi-3's "trained primarily on English text" (Responsible AI Considerations) beside its
        "### Datasets" section is a limitation, not what the card says of its data (review pass 33, P3)."""
        return self.sentence or (self.caveat_sentence if self.section is None else None)

    def _sentence(self, line: str, number: int) -> None:
        """The first "... trained on X" sentence, read across a hard-wrapped line break: a card wrapped at 80 columns
        ("trained on the exact / same data") was quoted as "the exact" (review pass 33, P3)."""
        if self.sentence is None:
            self.sentence = _trained_on(line, number)
            self.open = self.sentence is not None and line.rstrip(" *_`'\"").endswith(self.sentence.as_written)
        elif self.open and self.previous is not None and not _OPENS_BLOCK.match(line):
            joined = _trained_on(f"{self.previous[0].rstrip()} {line.lstrip()}", self.previous[1])
            if joined is not None and len(joined.as_written.rstrip("…").rstrip()) > len(self.sentence.as_written):
                self.sentence = joined
            self.open = False
        else:
            self.open = False

    def _collected(self, line: str, number: int) -> None:
        """An amount of data and where it was collected ("680,000 hours of audio ... collected from the internet",
        whisper), in a training-data section or not: kept as the training-data sentence unless one that already says
        where its data came from was read first (a bare "trained on 680k hours" says less)."""
        if self.sentence is not None and says_where_from(self.sentence.as_written):
            return
        said = collected_sentence(line)
        if said is not None and not _NOT_TRAINED_ON.search(line):
            self.sentence = CardStatement("training-data-sentence", said, number)

    def _read(self, text: str, number: int) -> None:
        for sentence in _SENTENCE.split(_EXAMPLES.sub("", text)):
            sentence = without_tokenizer_clauses(sentence)  # a tokenizer's corpus is not the model's
            if len(self.found) >= MAX_STATEMENTS:
                return
            for match in _HUB_DATASET.finditer(sentence):
                self._add(match.group(1).rstrip("."), number, "hub-dataset")
            if _NOT_TRAINED_ON.search(sentence):
                continue
            for name, pattern in _CORPORA:
                if any(not _LIKE.match(sentence, m.end()) and not recreated(sentence, m.start())
                       for m in pattern.finditer(sentence)):
                    self._add(name, number, "named")
            bare = without_addresses(_HUB_DATASET.sub(" ", sentence))
            for match in _DATASET_ID.finditer(bare):
                name = match.group(1).rstrip(".")
                if not_a_dataset_id(name, bare, match.start(1), match.end(1)):
                    continue  # a file, a tokenizer, a "word/word" label (auditor/card_data_names.py)
                if name.lower() not in self.found and name.lower() not in self.candidates \
                        and len(self.candidates) < MAX_STATEMENTS:
                    self.candidates[name.lower()] = CardStatement("training-data-id", name, number)

    def _find_link(self, text: str, number: int) -> None:
        if self.link is not None or "](" not in text:
            return
        for match in _DATA_LINK.finditer(text):
            if _DATA_WORD.search(match.group("text")) or _DATA_CARD.search(match.group("text")):
                self.link = CardStatement("training-data-link", match.group("url"), number,
                                          (match.group("text").strip()[:120],))
                return

    def _listed(self, line: str, number: int) -> None:
        """A source a bullet names under a line that says a list of data follows (auditor/card_data_list.py); an
        item whose line already gave a Hub dataset or a known corpus is that one, not a further source."""
        if not line.strip():
            return
        if not is_bullet(line):
            self.listing = introduces_list(line)
            return
        listed = listed_source(line) if self.listing else None
        if listed is None or any(st.line == number for st in self.found.values()):
            return
        name, private = listed
        self._add(name, number, LISTED_ROLE, (LISTED_PRIVATE,) if private else ())

    def _add(self, name: str, number: int, role: str, more: tuple[str, ...] = ()) -> None:
        key = name.lower()
        if key not in self.found and len(self.found) < MAX_STATEMENTS:
            self.found[key] = CardStatement("training-data", name, number, (role, *more))


# A corpus named in quotation marks as what the model was trained or fine-tuned on, anywhere in the prose: "subsequently
# fine-tuned on 225k steps at resolution 512x512 on "laion-aesthetics v2 5+"" (the Stable Diffusion v1 cards, review
# pass 32 P6: the set this checkpoint itself was tuned on, outside any training-data section). Only a quoted name
# counts (an unquoted "on 8 GPUs" or "on top of X" is none), within the sentence of the verb.
_QUOTED_CORPUS = lazy_compile(
    r"\b(?:pre-?trained|trained|fine-?tuned|finetuned|resumed)\b[^.;\n\"\u201c\u201d]{0,120}?\bon\s+(?:the\s+)?"
    r"[\"\u201c](?P<name>[A-Za-z][^\"\u201c\u201d\n]{1,60}?)[\"\u201d]", re.IGNORECASE)
MAX_QUOTED_LINE = 2_000


# what quoted words are when they are no corpus: a prompt ("a photo of a person showing <thumbs_up> thumbs up", the
# diffusers DreamBooth template: an article first, a placeholder token, or a sentence's length), or a model (a size or
# a tuning suffix: "Llama-3.1-Swallow-8B-Instruct")
# Seven words or more: tried only where a word starts (`(?<!\S)`); tried inside a 20,000-character word at every
# position, `\S+` backtracked over the rest of the word each time (quadratic: 21 s in the p9-regex probe).
_QUOTED_PROMPT = lazy_compile(r"^an?\s|<[^<>]{1,40}>|(?<!\S)(?:\S+\s+){6}\S", re.IGNORECASE)
_QUOTED_MODEL = lazy_compile(r"\b\d+(?:\.\d+)?[bm]\b|-(?:instruct|chat|base|hf)\b", re.IGNORECASE)
# what may follow a quoted corpus: the end of the clause, or a word that closes the noun phrase or starts the next one.
# Any other word makes the quote an adjective or a label of something else ("the "ChatML" prompt format", ""Alpaca"
# style prompts", scare quotes: ""evolved" GPT-4 outputs")
_AFTER_CORPUS = lazy_compile(
    r"[\s*_]*+(?:$|[.,;:)\]!?\u3002]|(?:datasets?|data|corpus|corpora|and|or|for|at|with|from|to|in|by|which|that|as|"
    r"using|subset|split|plus|then|of|was|were|is|are|\()\b)", re.IGNORECASE)


def _quoted_corpora(line: str) -> list[str]:
    """The corpora a line names in quotation marks as trained or fine-tuned on (see _QUOTED_CORPUS), at most four;
    none on a line that says what the model was not trained on, or when the quoted words name compute, a prompt or a
    model, or are one word of a longer phrase (a format, a style, scare quotes)."""
    if len(line) > MAX_QUOTED_LINE or ('"' not in line and "\u201c" not in line):
        return []
    out: list[str] = []
    line = without_tokenizer_clauses(line)  # the corpus a tokenizer was trained on is not the model's
    for match in _QUOTED_CORPUS.finditer(line):
        name = match.group("name").strip()
        if not name or _NOT_DATA.search(name) or _NOT_TRAINED_ON.search(line[: match.end()]) or name in out:
            continue
        if _QUOTED_PROMPT.search(name) or _QUOTED_MODEL.search(name) or not _AFTER_CORPUS.match(line, match.end()):
            continue
        out.append(name)
    return out[:4]


_MD_LINK = lazy_compile(r"\[([^\]]{1,120})\]\([^)]*\)")
# a markdown link to a web address (its text and address bounded; neither may hold the other's delimiters)
_DATA_LINK = lazy_compile(r"\[(?P<text>[^\[\]\n]{1,120})\]\((?P<url>https?://[^\s()<>\]]{1,300})\)")
# link texts that name where a dataset is described without a data word of _DATA_WORD ("Data Cards", "datasheet",
# "catalogue", "Interactive Corpus Map" has "corpus")
_DATA_CARD = lazy_compile(r"\b(?:data\s*cards?|datasheets?|catalogue|catalog)\b", re.IGNORECASE)


# a comma inside the data's description ("a mix of publicly available, synthetic datasets"): the words before it name
# no data yet, the words after it do (review pass 33, P3: the quote stopped at "publicly available")
_AFTER_COMMA = lazy_compile(r"\s*+(?P<more>[^.;:,()\n]{1,60})")
_LOWER_END = lazy_compile(r"(?:^|\s)[a-z]{2,30}$")  # "publicly available": an adjective, never a name ("PixMo")
_DOUBLED_ON = lazy_compile(r"^on\s+", re.IGNORECASE)


def _past_comma(sentence: str, end: int, what: str) -> str:
    """`what` continued past the comma that ends it when it names no data yet and the words after the comma do."""
    if end >= len(sentence) or sentence[end] != "," or _DATA_WORD.search(what) or not _LOWER_END.search(what):
        return what
    more = _AFTER_COMMA.match(sentence, end + 1)
    noun = _DATA_WORD.search(more.group("more")) if more is not None else None
    if more is None or noun is None:
        return what
    return f"{what}, {sentence[more.start('more'):more.start('more') + noun.end()].strip(' *_`')}"


def _trained_on(line: str, number: int) -> CardStatement | None:
    """The "training-data-sentence" statement of a line that says the model was trained on something, None when it
    says no such thing or says what it was not trained on ("was not trained on Wikipedia")."""
    for sentence in _SENTENCE.split(_MD_LINK.sub(r"\1", line)):
        sentence = without_tokenizer_clauses(sentence)  # "the tokenizer was trained on The Pile": the tokenizer's
        # (a participle on a line about the base speaks of the base: "Guanaco uses LLaMA as base model ... LLaMA is a
        # causal language model pretrained on a large corpus of text")
        # (a training verb's object is the model being trained, even when its name ends in "-base")
        participle = (None if _ABOUT_BASE.search(line) else _TRAINED_PARTICIPLE.search(sentence)) \
            or _TRAIN_A_MODEL_ON.search(sentence)
        if participle is not None and _OTHER_MODEL_ROLE.search(sentence[: participle.start()]):
            participle = None  # (the match opens at "model" or "LLM": the words before it say whose)
        found = _TRAINED_ON_SENTENCE.search(sentence) or _TRAINED_OPENING.match(sentence) or participle
        if found is None or _NOT_TRAINED_ON.search(sentence):
            continue
        what = clipped(sentence, found.start("what"), found.end("what")).strip(" *_`'\"")  # never mid-word
        what = _past_comma(sentence, found.end("what"), what)
        # the whole object when it names its data's licences (review 37 W4: InCoder's "... with a permissive,
        # non-copyleft, license (Apache 2.0, MIT, BSD-2 or BSD-3) from GitHub and GitLab, as well as StackOverflow")
        whole = clipped(sentence, found.start("what"), found.start("what") + MAX_OBJECT).rstrip(".").strip(" *_`'\"")
        roles = data_roles(whole)
        if roles:
            what = whole
        what = _DOUBLED_ON.sub("", what)  # "trained on on a mix of ...": the card's slip, not part of the data
        by_with = "prep" in found.re.groupindex and found.group("prep").lower() == "with"
        needs_data = by_with or found is participle  # a participle in a sentence: only data it names counts
        with_data = not needs_data or (_DATA_WORD.search(what) and not _TRAINING_SETTING.search(what))
        if what and with_data and not _NOT_DATA.search(what) and not _empty_data(what):
            return CardStatement("training-data-sentence", what, number, roles)
    return None


# "This model is licensed under the [X License](...)", "the model ... is governed by [X](LICENSE)": the model's own
# license in a sentence, its subject the model (a sentence about a base, "Llama 2 is licensed under ...", or about the
# code, "This code repository is licensed under ...", is not)
_MODEL_SUBJECT = lazy_compile(r"\b(?:this|the|our)\s+(?:model|weights|checkpoints?)\b", re.IGNORECASE)
_LICENSED_VERB = lazy_compile(
    r"\b(?:is|are)\s+(?:governed\s+by|licensed\s+under|released\s+under|distributed\s+under|"
    r"made\s+available\s+under)\s+(?:the\s+)?\[(?P<name>[^\]]{2,120})\]\(", re.IGNORECASE)


# The same sentence in Chinese: the model or its weights, then "must follow / is subject to" and the one licence its
# clause links ("社区使用 Skywork 模型需要遵循[《Skywork 模型社区许可协议》](url)", "模型权重的使用需遵守
# [Model License](url)"). A clause linking two licences (Baichuan 2's "遵循 [Apache 2.0](url) 和[《...》](url)":
# code and weights) says nothing to rely on, as a license section's several links do not.
_CJK_LICENSED_VERB = lazy_compile(r"(?:模型|权重|權重)[^。；;\n]{0,30}?"
                                  r"(?:遵循|遵守|遵照|依照|按照|采用|採用|适用|適用|受)")
_CJK_CLAUSE_END = lazy_compile(r"[。；;！？]|[.](?:\s|$)")


def _cjk_license_sentence(line: str, number: int) -> CardStatement | None:
    """The one licence a Chinese sentence about the model's use links (_CJK_LICENSED_VERB), else None."""
    verb = _CJK_LICENSED_VERB.search(line)
    if verb is None:
        return None
    end = _CJK_CLAUSE_END.search(line, verb.end())
    clause = line[verb.end(): end.start() if end else len(line)]
    named = [(name, m.group(2)) for m in _SECTION_LINK.finditer(clause)
             if (name := m.group(1).strip().strip("*_`《》「」 ")) and _NAMES_A_LICENSE.search(name)]
    if len({name.lower() for name, _ in named}) != 1:
        return None
    name, link = named[0]
    return CardStatement("license-stated", name[:120], number, link=link)


def _license_sentence(line: str, number: int) -> CardStatement | None:
    """The license a sentence whose subject is the model names by a link (see _MODEL_SUBJECT), else None."""
    verb = _LICENSED_VERB.search(line)
    if verb is None or not _MODEL_SUBJECT.search(line[: verb.start()]):
        return None
    name = verb.group("name").strip().strip("*_`").strip()
    target = _LINK_TARGET.match(line[verb.end():])
    link = target.group(1) if target else ""
    return CardStatement("license-stated", name, number, link=link) if _NAMES_A_LICENSE.search(name) else None


# A line that gives some named models of a release a license of their own, beside the card's general statement
# (unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF: the weights "are licensed under the MIT License" at line 314, while
# line 317 says "DeepSeek-R1-Distill-Llama-8B is derived from Llama3.1-8B-Base and is originally licensed under
# llama3.1 license", review 38 M3): the names are the release names (three or more hyphenated parts, a digit among
# them) in the line's subject, before its first "is"/"are"; the license is a link's text or "<name> license".
_NAMED_LICENSE = lazy_compile(
    r"\blicen[cs]ed\s++under\s++(?:the\s++)?(?:\[(?P<linked>[^\]\n]{1,80})\]\((?P<link>[^)\s]{1,300})\)"
    r"|(?P<plain>[A-Za-z][\w.]{0,30}(?:\s[\w.]{1,30}){0,3}?\s++licen[cs]e)\b)", re.IGNORECASE)
_SUBJECT_END = lazy_compile(r"\b(?:is|are|was|were|has|have)\b")
_RELEASE_NAME = lazy_compile(r"(?<![\w/.-])[A-Za-z][\w.]*+(?:-[\w.]++){2,}")
MAX_NAMED_LICENSES = 8


def _named_license(line: str, number: int) -> CardStatement | None:
    """Kind "named-license-stated": the license a line gives some named models of the release (`roles`: the names as
    written, `as_written`: the license, `link`: its address when linked); None for a line naming no release."""
    found = _NAMED_LICENSE.search(line)
    if found is None:
        return None
    end = _SUBJECT_END.search(line, 0, found.start())
    subject = line[: end.start() if end else found.start()]
    names = tuple(dict.fromkeys(m.group(0).rstrip(".") for m in _RELEASE_NAME.finditer(subject)
                                if any(c.isdigit() for c in m.group(0))))
    name = (found.group("linked") or found.group("plain") or "").strip(" *_`")
    if not names or not name or not _NAMES_A_LICENSE.search(name):
        return None
    return CardStatement("named-license-stated", name[:120], number, names[:MAX_NAMED_LICENSES],
                         link=(found.group("link") or "")[:500])


def _license_stated(line: str, number: int) -> CardStatement | None:
    """The license a "License:" label line names ("- **License:** [TII Falcon License 2.0](https://...)"), as
    written (a link's text, markup stripped), else None. Kept apart from the section: the review reads the name
    against the knowledge base when the metadata declares no license it knows."""
    label = _LICENSE_LABEL.match(line)
    if label is None:
        return None
    rest = line[label.end():]
    value = _MD_LINK.sub(lambda m: m.group(1), rest).strip().strip("*_`").strip().rstrip(".;,")
    linked, bare = _SECTION_LINK.search(rest), _BARE_URL.search(rest)
    link = linked.group(2) if linked else (bare.group(0).rstrip(".,;:") if bare else "")
    return CardStatement("license-stated", value, number, link=link[:500]) if 0 < len(value) <= 120 else None


# A link, in a license section, to the license text ("Check [LICENSE](https://github.com/QwenLM/Qwen/blob/main/
# Tongyi%20Qianwen%20LICENSE%20AGREEMENT)"): its text, or the file it points to when the text is a bare word.
# Possessive address and tail: a link never closed (`[x](` repeated along a line) is refused once per opener, not
# after giving back every character of its address to the tail (quadratic in the address per opener).
_SECTION_LINK = lazy_compile(r"\[([^\]]{1,120})\]\(\s*+<?([^)\s>]{1,500}+)>?[^)]*+\)")
_GENERIC_LINK_TEXT = lazy_compile(
    r"^(?:the\s+|this\s+|our\s+)?(?:licen[cs]e(?:\s+(?:agreement|file|text))?|here|link|this\s+link|full\s+text|"
    r"licen[cs]e\.(?:md|txt))$", re.IGNORECASE)
# what names a license (a form, a paper or a demo linked from the same section does not)
_NAMES_A_LICENSE = lazy_compile(r"licen[cs]e|agreement|\bterms\b|\bMIT\b|apache|\bgpl|creative\s+commons|"
                                r"\bcc[- ]by|\brail\b|openrail|(?<!申请)(?:协议|協議|许可|許可|授权|授權)(?!申请|申請)",
                                re.IGNORECASE)
_CODE_ONLY = lazy_compile(r"\bcode\b", re.IGNORECASE)
_MODEL_WORDS = lazy_compile(r"\b(?:models?|weights|checkpoints?|parameters)\b", re.IGNORECASE)


_LINK_TARGET = lazy_compile(r"\s*<?([^)\s>]{1,500})")  # the address right after a link's "]("
_BARE_URL = lazy_compile(r"https?://[^\s)<>\]\"'`*]{1,500}")
_UNNAMED = ""  # a bare "LICENSE" link whose address names no license either: the section points at a text unread


def _link_name(text: str, url: str) -> str | None:
    """The license a link names: its text, or, when the text is a bare "LICENSE" or "here", the last part of
    its address with the escapes undone ("Tongyi%20Qianwen%20LICENSE%20AGREEMENT"), else _UNNAMED; None for a
    link that is not to a license (a form, a paper)."""
    # lazy: start-up (only a card with a license section pays it)
    from urllib.parse import unquote

    text = text.strip().strip("*_`").strip()
    if not _GENERIC_LINK_TEXT.match(text):
        return text if _NAMES_A_LICENSE.search(text) else None
    last = unquote(url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1])
    last = re.sub(r"\.(?:md|txt|pdf|html?)$", "", last, flags=re.IGNORECASE).replace("_", " ").strip()
    if not last or _GENERIC_LINK_TEXT.match(last) or not _NAMES_A_LICENSE.search(last):
        return _UNNAMED
    return last[:120]


# A sentence of a license section giving the weights' license without a link ("Guanaco adapter weights are available
# under Apache 2 license", timdettmers/guanaco-65b, review pass 34 P6): the subject is the weights, the model or the
# adapter, and the name runs to "license" or is a name with its version ("MIT", "Apache 2.0", "CC-BY 4.0", "GPL v3":
# card review 35 read "Apache" and "CC-BY", names the catalog does not resolve); `adapter` says the adapter's weights
# only ("LoRA adapters are released under", "adapter weights are available under").
_SECTION_SENTENCE = lazy_compile(
    r"\b(?:(?P<adapter>(?:lora\s+)?adapters?|lora)\s+(?:(?:weights|checkpoints?)\s+)?|(?:weights|model|checkpoints?)\s+)"
    r"(?:is|are)\s+(?:made\s+)?"
    r"(?:available|released|licensed|distributed|provided|published)\s+under\s+(?:the\s+|an?\s+)?"
    r"(?:terms\s+(?:and\s+conditions\s+)?of\s+(?:the\s+)?)?"
    r"(?P<name>[A-Za-z0-9][\w.+-]{0,30}(?:\s[\w.+-]{1,20}){0,4}?\s+licen[cs]e\b|"
    r"[A-Za-z0-9][\w.+-]{1,40}(?:\s+v?\d[\w.+-]{0,10})?)",
    re.IGNORECASE)
# the words right before the subject that make it another model's ("The base model is licensed under the Llama 2
# Community License", "Previous checkpoints are available under CC-BY-NC 4.0", card review 35): not this model's
_CJK_OTHER_SUBJECT = lazy_compile(r"基础|基座|原始|原版|底座")  # "基座模型遵循 ...": the base's licence
_OTHER_SUBJECT = lazy_compile(
    r"\b(?:base|original|parent|upstream|underlying|teacher|student|reward|judge|baseline|previous|prior|older|earlier|"
    r"former|other|foundation|reference|draft)(?:\s+(?:models?|llms?)(?:'s)?)?[\s*_`]*$", re.IGNORECASE)
# a name's first word that names no license ("a permissive license", "the terms of our agreement", "the same license
# as", "a non-commercial license"): what kind of license, not which
_NO_LICENSE_NAME = lazy_compile(
    r"(?:our|their|its|this|that|these|those|your|his|her|same|permissive|open|open-source|custom|proprietary|"
    r"commercial|non-commercial|noncommercial|research|different|separate|similar|following|own|any|other|"
    r"restrictive|standard|specific|new|original|respective|applicable|appropriate|base|parent|upstream|terms|"
    r"conditions|agreement|licen[cs]es?|whichever|such|both|each|one|more|less)\b", re.IGNORECASE)


# The same sentence in Chinese, without a link: the model or its weights, a verb, and a name that ends in a licence's
# word ("本模型采用 Apache-2.0 协议", "模型权重遵循《XX 模型许可协议》", "模型的使用需遵守 XX License")
_CJK_SECTION_SENTENCE = lazy_compile(
    r"(?:模型|权重|權重)[^。；;\n《\[]{0,20}?(?:遵循|遵守|遵照|依照|采用|採用|适用|適用|基于|使用)\s*+《?"
    r"(?P<name>[A-Za-z0-9\u4e00-\u9fff][^《》。，,；;\n\[\]]{0,40}?(?:许可协议|許可協議|许可证|許可證|协议|協議|"
    r"[Ll]icen[cs]e(?:\s[Aa]greement)?))》?")


def _section_sentence(line: str, number: int) -> CardStatement | None:
    """The license a license section's sentence gives this model's weights (_SECTION_SENTENCE), or None: a sentence
    about another model's license (_OTHER_SUBJECT) or one naming none (_NO_LICENSE_NAME) is passed over."""
    said_cjk = None if line.isascii() else _CJK_SECTION_SENTENCE.search(line)
    if said_cjk is not None and not _CJK_OTHER_SUBJECT.search(line[max(0, said_cjk.start() - 10): said_cjk.start()]):
        name = said_cjk.group("name").strip()
        if name not in {"协议", "協議", "许可证", "許可證", "许可协议", "許可協議"}:  # a licence, but which?
            return CardStatement("license-stated", name[:120], number)
    for said in _SECTION_SENTENCE.finditer(line):
        name = said.group("name").strip().rstrip(".,;:")
        if _OTHER_SUBJECT.search(line[max(0, said.start() - 60): said.start()]) or _NO_LICENSE_NAME.match(name):
            continue
        if _NAMES_A_LICENSE.search(name):
            roles = ("adapter-weights",) if said.group("adapter") else ()
            return CardStatement("license-stated", name, number, roles)
    return None


class _LicenseSectionLinks:
    """Follows the card's license section (a heading that says license, down to the next heading of its level)
    and reads the license its links name. The one name the section's links give is the card's statement of its
    license; several different names (code under one, weights under another) say nothing we can rely on. With no
    link, a sentence giving the weights' license (_SECTION_SENTENCE) is the statement, with the role
    "adapter-weights" when it speaks of an adapter's weights."""

    def __init__(self) -> None:
        self.level: int | None = None
        self.names: dict[str, int] = {}
        self.links: dict[str, str] = {}
        self.sentence: CardStatement | None = None

    def feed(self, line: str, number: int) -> None:
        heading = _HEADING.match(line)
        if heading is not None:
            level = len(heading.group(1))
            if _LICENSE_TITLE.search(heading.group(2)) and self.level is None and not self.names:
                self.level = level
            elif self.level is not None and level <= self.level:
                self.level = None
            return
        if self.level is None or (_CODE_ONLY.search(line) and not _MODEL_WORDS.search(line)):
            return  # outside the section, or a line about the code's license only
        for match in _SECTION_LINK.finditer(line):
            name = _link_name(match.group(1), match.group(2))
            if name is not None and len(self.names) < MAX_STATEMENTS:
                self.names.setdefault(name, number)
                self.links.setdefault(name, match.group(2))
        if self.sentence is None and "](" not in line:
            self.sentence = _section_sentence(line, number)

    def statement(self) -> CardStatement | None:
        if not self.names:
            return self.sentence  # no license link: the sentence that gives the weights' license, if any
        if any(n.isascii() for n in self.names):  # a bilingual section names its licence twice: the English name
            self.names = {n: line for n, line in self.names.items() if n.isascii()}
        if len({n.lower() for n in self.names}) != 1 or _UNNAMED in self.names:
            return None  # several licenses, or a license text the links do not name
        name, number = next(iter(self.names.items()))
        return CardStatement("license-stated", name, number, link=self.links.get(name, ""))


# The start of a link to a model on the Hub, shared by every pattern that reads one: the host, then anything but one
# of the site's own pages (".../blog/acme-7b", ".../docs/transformers", ".../datasets/org/name" name no model).
# A ModelScope model page (`https://www.modelscope.cn/models/org/name`, "本项目使用 [X](modelscope url) 作为基座模型",
# lineage pass 19) names the repository `org/name` as the ModelScope cache path does (lineage/bases.py): only with an
# owner and a name after "models/" ("modelscope.cn/models" alone, or "/models/org" names none).
_MODELSCOPE_MODEL_LINK = r"https?://(?:www\.)?modelscope\.cn/models/(?=[A-Za-z0-9][\w.-]*/[\w.-]*[\w-])"
_HUB_MODEL_LINK = (rf"(?:{_HUB_HOST}(?!(?:{'|'.join(sorted(_SITE_PAGES))})/)|{_MODELSCOPE_MODEL_LINK})")
# a whole Markdown link to a page off the Hub right before the Hub link a "made from" phrase names, read as one unit
# so the dots of its address do not end the clause: "derived from [EleutherAI's](https://www.eleuther.ai/)
# [GPT-J](https://huggingface.co/EleutherAI/gpt-j-6B)" (databricks/dolly-v1-6b, review pass 18), the possessive or
# attribution shape. Only there: "derived from [ShareGPT](https://sharegpt.com/) conversations with [Vicuna](hf)"
# names another model in a later part of the sentence.
_OTHER_LINK = r"\[[^\]\n]{1,60}\]\((?!https?://(?:www\.)?(?:huggingface|hf)\.co/)[^()\s]{1,200}\)"

# What "<kind> version of" names: a version in another format or made of copies of it ("GGUF version of", "x8 Mixture
# of experts version of"), or one made by further training ("the DPO version of [X](url)", Faro-Yi-9B-DPO; "an SFT
# version of"). One list for _MADE_FROM and _FORMAT_VERSION, which must agree.
_VERSION_KINDS = (r"mixture[- ]of[- ]experts|moe|gguf|ggml|gptq|awq|exl2|mlx|onnx|\d+-?bits?|fp8|int[48]|abliterated|"
                  r"uncensored|sft|dpo|orpo|kto|simpo|grpo|rlhf|ppo|"
                  # a context-length extension ("a long-context version of [X](url)", lineage pass 31)
                  r"long[- ]context|(?:context|length)[- ]extended|extended[- ]context")

# A linked pretrained model in the writer's own "we used the pretrained [X](url) model and fine-tuned ..." (see
# _MADE_FROM): the link, then at most the model's noun; and the training verb that must follow ("then" and "further"
# may stand before it). Every repeat is bounded and the parts are separated by fixed words, so no input backtracks far.
_PRETRAINED_LINK = (r"\s{1,3}\[[^\]\n]{1,120}\]\([^()\s]{1,300}\)"
                    r"(?:\s{1,3}(?:model|checkpoint|weights|encoder|backbone))?")
_THEN_TRAINED = r"(?:then\s{1,3})?(?:further\s{1,3})?(?:fine-?tun|finetun|(?:re-?)?train|continu|adapt)"

# The phrases that say "made from": a finetune's ("trained on top of [X](...)", SFR-Embedding-Mistral), a quantizer's
# ("static quants of", mradermacher), a converter's
# ("converted to MLX format from", mlx-lm; "Fork of <url> with ONNX weights", transformers.js), a distiller's
# ("a distilled version of", the DistilBERT family's cards), a format's ("GGUF version of"). A bare "version of" is not
# one: "an updated version of X" may be a new model trained the same way, not one made from X.
_MADE_FROM = (
    r"fine-?tuned?\s+(?:version\s+of|from(?:\s+model)?|on\s+top\s+of)|fine-?tune\s+of|based\s+on|"
    # the same claim with another noun ("a fine-tuned model of [CyberAgentLM2](url)", cyberagent/calm2-7b-chat;
    # "a fine-tuned variant of", "a fine-tuned checkpoint of", lineage pass 25; the noun "a fine-tune checkpoint of
    # [DistilBERT-base-uncased](url)", distilbert-base-uncased-finetuned-sst-2-english, issue 19)
    r"fine-?tuned?\s+(?:model|variant|checkpoint)\s+of|"
    # an exporter's template ("This model is an implementation of Llama-v3.2-3B-Instruct found [here](https://
    # huggingface.co/meta-llama/Llama-3.2-3B-Instruct)", Qualcomm AI Hub's cards, lineage pass 22): only when a name
    # and a link whose text only points follow (_IMPLEMENTATION_FOUND's shape); "an implementation of [X](url) in JAX"
    # is code, not weights
    # (possessive runs: a long run of underscores cannot be split between the name and its markup two ways)
    r"an?\s+implementation\s+of(?=\s++[*_`]*+[A-Za-z0-9][\w.+-]*+[*_`]*+\s++(?:(?:as\s+)?(?:found|available|"
    r"hosted|published)\s+)?(?:at\s+|on\s+|in\s+)?\[(?:here|there|this\s+link|link)\]\()|"
    r"(?:pre-?)?trained\s+on\s+top\s+of|"
    r"built\s+(?:up)?on|derived\s+from|trained\s+from|quanti[sz]ed\s+(?:versions?\s+)?(?:of|from)|"
    # a model "adapted from [X](url)" or "tuned from [X](url)" without the "fine-" (OpenLLM-France's Claire cards:
    # "adapted from [Falcon-7b](https://huggingface.co/tiiuae/falcon-7b) on French conversational data", "was tuned
    # from Falcon-7b", lineage pass 34): its weights further trained are X's; a code or card "adapted from" a GitHub
    # or paper link names no model, as for every phrase here (a Hub model link or id must follow)
    r"adapted\s+from|(?<![\w-])tuned\s+from|"
    r"quanti[sz]ations?\s+of|"
    # the writer's own quantization of a linked model ("We quantized [X](url) to GGUF", "I have quantised the
    # [X](url) model"): a link must follow at once (or after "the"), as "we quantized it with AWQ" names nothing
    r"(?:(?<=\bwe\s)|(?<=\bi\s)|(?<=\bwe\shave\s)|(?<=\bi\shave\s))quanti[sz]ed?(?=\s{1,3}(?:the\s{1,3})?\[)|"
    # a dequantised conversion ("a dequantized version of [X](url)", the miqu-1-70b kind, lineage pass 25)
    r"de-?quanti[sz]ed\s+(?:version\s+|copy\s+|weights\s+)?(?:of|from)|"
    r"merge\s+of|distilled\s+(?:from|(?:version|variant)\s+of)|distillation\s+of|"
    r"converted\s+(?:to\s+(?:the\s+)?[\w.-]+(?:\s+format)?\s+)?from|conversion\s+of|fork\s+of|"
    r"(?:static|imatrix|weighted(?:/imatrix)?|gguf|gptq|awq|exl2|mlx)\s+quants\s+of|"
    # the quantizers' template ("This repo contains GGUF format model files for [X](url)", "These files are GPTQ model
    # files for [X](url)", TheBloke)
    r"(?:gguf|ggml|gptq|awq|exl2|mlx|onnx)\s+(?:format\s+)?(?:model\s+)?files\s+for|"
    # "GGUF version of", "x8 Mixture of experts version of": a version in another format or made of copies of it
    rf"(?:{_VERSION_KINDS})\s+version\s+of|"
    # further pretraining ("obtained via continued pretraining of [`org/name`](url)", BERToli; "Continued
    # pretraining of [Apertus-8B](url) on Greek"): "on" is not one, as what follows is usually the data
    r"(?:continued|continual|further)\s+pre-?training\s+(?:of|from)|"
    # structured pruning and MoE upcycling (Minitron's "obtained by pruning [X](url)", "pruned from", "sparse-upcycled
    # from [X](url)"): the weights kept or copied are the base's
    r"obtained\s+by\s+pruning|pruned\s+(?:(?:version\s+)?of|from)|(?:sparse(?:ly)?[- ])?upcycled\s+from|"
    # a context-length extension ("It is an extension of [Mistral-7B-v0.1](url) and supports a 128k token context
    # window", NousResearch/Yarn-Mistral-7b-128k, lineage pass 31; "an extended version of"; "a long-context version
    # of" is among _VERSION_KINDS): the weights further trained are the base's
    r"(?:(?:context[- ](?:length[- ])?|long[- ]context[- ])?extension|extended\s+(?:version|variant))\s+of|"
    # a copy cut down to part of its vocabulary or layers ("This is a truncated version of [sentence-transformers/LaBSE]
    # (url)", cointegrated/LaBSE-en-ru, lineage pass 30; "a vocabulary-trimmed version of", "a compressed copy of"): the
    # weights kept are the base's
    r"(?:truncated|trimmed|(?:vocab(?:ulary)?[- ])?(?:trimmed|reduced)|compressed|shrunk(?:en)?)\s+"
    r"(?:version|variant|copy)\s+of|"
    # the same phrases in the languages whose cards put them before the model: German ("basierend auf [X](url)",
    # "feinabgestimmte Version von"), French ("basé sur [X](url)", "affiné à partir de"), Chinese ("基于 [X](url)",
    # "微调自"), Spanish ("basado en"), Vietnamese ("được fine-tune từ [X](url)", "tinh chỉnh từ" (fine-tuned from),
    # "dựa trên" (based on))
    r"basierend\s+auf|basiert\s+auf|feinabgestimmte\s+version\s+von|"
    # German "auf Basis von [X](url)" / "auf der Grundlage von" (on the basis of), "ausgehend von" (starting from)
    # (lineage pass 24)
    r"auf\s+(?:der\s+)?(?:basis|grundlage)\s+(?:von|des|der)|ausgehend\s+von|"
    r"(?:fine-?tuned?|tinh\s+chỉnh)\s+từ|dựa\s+trên|"
    r"bas[ée]e?s?\s+sur|(?:affin[ée]e?|fine-?tun[ée]e?)\s+(?:à\s+partir\s+)?(?:de|du)|"
    r"basad[oa]\s+en|基于|微调自|"
    # Vietnamese "phiên bản tinh chỉnh của [X](url)" (a fine-tuned version of; "phiên bản đã được fine-tune của"),
    # "được huấn luyện thêm từ" (further trained from) (lineage pass 33)
    r"phiên\s{1,3}bản\s{1,3}(?:đã\s{1,3})?(?:được\s{1,3})?(?:tinh\s{1,3}chỉnh|fine-?tuned?|huấn\s{1,3}luyện\s{1,3}thêm)\s{1,3}(?:của|từ)|"
    r"được\s{1,3}(?:huấn\s{1,3}luyện|đào\s{1,3}tạo)\s{1,3}thêm\s{1,3}từ|"
    # Arabic, the model after the phrase as in English: "نسخة مضبوطة بدقة من [X](url)" (a fine-tuned version of),
    # "مبني على" / "قائم على" / "يعتمد (هذا النموذج) على" / "بناءً على" / "استناداً إلى" (based on, built on),
    # "انطلاقاً من" (starting from) (lineage pass 33); "مضبوط بدقة على" is the data it was tuned on, not read
    r"نسخة\s{1,3}(?:مضبوطة|مدربة|معدلة)(?:\s{1,3}بدقة)?\s{1,3}من|(?:مبني|مبنية|قائم|قائمة|معتمد|معتمدة)\s{1,3}على|"
    r"(?:يعتمد|تعتمد)(?:\s{1,3}(?:هذا|هذه|النموذج)){0,2}\s{1,3}على|بناء[ًا]?\s{1,3}على|"
    r"استناد[ًا]?[اً]?\s{1,3}(?:إلى|الى)|انطلاق[ًا]?[اً]?\s{1,3}من|"
    # Spanish and Portuguese ("una versión fine-tuned de `org/x`", "é uma versão ajustada do [X](url)", "la
    # conversión del modelo [X](url) al formato .ninfer", "un adaptador LoRA sobre el modelo base org/x", "baseado
    # no"), Russian ("дообученной версией модели org/x" (a fine-tuned version of the model), "на основе" (based on))
    r"versi[óo]n\s+(?:fine-?tuned|ajustada|afinada|cuantizada|entrenada)\s+del?|"
    r"vers[ãa]o\s+(?:fine-?tuned|ajustada|afinada|quantizada|treinada)\s+d[oae]|"
    r"ajustad[oa]\s+(?:a\s+partir\s+)?del?|conversi[óo]n\s+del\s+modelo|sobre\s+el\s+modelo\s+base|"
    r"baseado\s+(?:em|no|na)|дообученн\w*\s+верси\w+|верси\w+\s+дообученн\w*|на\s+основе|основан\w*\s+на|"
    # Italian ("una versione fine-tuned di [X](url)", "basato sul modello", "addestrato a partire da"), Indonesian
    # ("hasil fine-tuning dari" (the result of fine-tuning), "di-fine-tune dari", "berbasis"), Polish ("dostrojona
    # wersja" (a fine-tuned version), "na bazie" (on the basis of), "oparty na" (based on)) (lineage pass 19)
    r"versione\s+(?:fine-?tuned|ottimizzata|affinata|addestrata|quantizzata|rifinita)\s+d(?:i|el(?:l[oa'’])?|ello)|"
    r"basat[oaie]\s+su(?:l(?:l[oa'’])?)?|(?:addestrat|affinat|ottimizzat)[oaie]\s+(?:a\s+partire\s+)?da(?:l(?:l[oa'’])?)?|"
    r"(?:hasil\s+)?(?:fine-?tun(?:ing|e)|di-?fine-?tune|penyetelan)\s+dari|berbasis|"
    r"dostrojon\w*\s+wersj\w+|wersj\w+\s+dostrojon\w*|na\s+bazie|opar(?:ty|ta|te)\s+na|"
    # a trainer's sentence with the kind of model between ("a finetuned embedding model on top of org/x"), the
    # weights' starting point ("the weights were initialized using [X](url)", "initialized from"), and an adaptation
    # ("a resource-efficient adaptation of the English-pretrained [ModernBERT](url) model to Arabic")
    r"(?:fine-?tuned?|trained)\s+(?:[\w-]+\s+){1,2}?on\s+top\s+of|initiali[sz]ed\s+(?:using|from|with)|"
    r"adaptation\s+of|"
    # a LoRA (or another adapter) said to be for its base ("a LoRA adapter for [X](url)", "LoRA weights for [X](url)",
    # "This is a LoRA for [X](url)", "a PEFT adapter on top of [X](url)", lineage pass 24): the base the adapter runs on
    # (_ADAPTER_PHRASE gives the statement the role "adapter")
    # ("a checkpoint with trained LoRAs for [FLUX.1-dev model](url)", XLabs-AI/flux-lora-collection, lineage pass 31:
    # the plural of a collection)
    r"(?:q?lora|peft|dora)s?\s+(?:adapters?\s+|(?:adapter\s+)?weights\s+)?(?:for|on(?:\s+top\s+of)?)|"
    r"adapters?\s+(?:weights\s+)?(?:for|on\s+top\s+of)|"
    # the writer's own first-person step on a linked model ("We finetune the [stable-diffusion-v1-4](url) model for
    # two stage", IDEA-CCNL's Taiyi cards, lineage pass 23): only when a link follows at once
    r"(?<=\bwe\s)(?:further\s+)?fine-?tun(?:e|ed)(?=\s{1,3}(?:the\s{1,3})?\[)|"
    # the writer's own start from a linked pretrained model that the same sentence says was then trained ("We used
    # the pretrained [`microsoft/MiniLM-L12-H384-uncased`](url) model and fine-tuned in on a 1B sentence pairs
    # dataset", sentence-transformers/all-MiniLM-L12-v2, lineage pass 32; "I took the pre-trained [X](url) and further
    # trained it"; "Starting from the pretrained [X](url) model, we fine-tune"): only "we" / "I" as the subject, the
    # link right after "pretrained", and between the link and the training verb nothing but the model's noun and
    # "and" (or the comma and "we"), so "used the pretrained [X](url) model to compute embeddings" or "... as the
    # teacher and fine-tuned a student" (a use, a teacher) name no base
    rf"(?:(?<=\bwe\s)|(?<=\bi\s))(?:used?|took|take|start(?:ed)?\s+(?:from|with)|beg[ai]n\s+with)\s+"
    rf"(?:the\s+|a\s+)?pre-?trained(?={_PRETRAINED_LINK}\s{{0,3}},?\s{{0,3}}and\s{{1,3}}{_THEN_TRAINED})|"
    rf"(?<![\w-])starting\s+(?:from|with)\s+(?:the\s+|a\s+)?pre-?trained"
    rf"(?={_PRETRAINED_LINK}\s{{0,3}},\s{{0,3}}(?:we|i)\s{{1,3}}{_THEN_TRAINED})|"
    # the participle opening a sentence, its object a link ("Fine-tuned [facebook/wav2vec2-large-xlsr-53](url) on
    # English", jonatasgrosman's XLSR cards, lineage pass 26; "+ Trained [org/x](url) on org/data", "This model is
    # fine-tuned [org/x](url) on Arabic", lineage pass 28): at a line's or a bullet's start, after a sentence's end
    # or right after "(this) model / it / the checkpoint is / was / has been" only, so "the fine-tuned [X](url) model"
    # (an adjective, a comparison) and "The teacher is fine-tuned [X](url)" (another model's subject) are none;
    # "trained on [X](url)" is data (the link must follow the verb at once)
    r"(?:(?<=^)|(?<=^[-*+>]\s)|(?<=[.!?]\s)|(?<=\bmodel\sis\s)|(?<=\bmodel\swas\s)|(?<=\bit\sis\s)|"
    r"(?<=\bit\swas\s)|(?<=\bcheckpoint\sis\s)|(?<=\bcheckpoint\swas\s)|(?<=\bit\shas\sbeen\s)|"
    r"(?<=\bmodel\shas\sbeen\s))"
    r"(?:fine-?tuned|finetuned|trained|quanti[sz]ed)(?=\s{1,3}\[)|"
    # the starting weights said with "using" ("The model is Fine-tuned using pre-trained [X](url) and Siamese
    # BERT-Networks", dangvantuan/sentence-camembert-large, lineage pass 26): only with "pre-trained" before the name,
    # as "fine-tuned using [Axolotl](url)" names a tool
    r"fine-?tuned\s+(?:using|with|upon)\s+(?:the\s+)?pre-?trained|"
    # where the original is, said of the model itself ("The original Twitter-based RoBERTa model can be found
    # [here](url)", cardiffnlp/twitter-roberta-base-sentiment-latest, lineage pass 29: the model fine-tuned): "model"
    # must be the phrase's noun, so "the original model card that you can find [here](url)" (a document, the LLaVA
    # conversions' line) is none
    r"(?<![\w-])original\s+(?:[\w-]+\s+){0,4}?models?\s+(?:can\s+be\s+found|is\s+(?:available|hosted))")
# A distiller's phrase among them ("a distilled variant of [Whisper large-v2](...)", distil-whisper's cards): the model
# named is the student's teacher, so the statement carries the role "distillation" and lineage/graph.py gives the
# edge that relation, not a finetune's.
_DISTILLED_PHRASE = lazy_compile(r"distill", re.IGNORECASE)
# An adapter's phrase among them ("a LoRA adapter for [X](url)", "PEFT weights for"): the model named is the base the
# adapter runs on, so the statement carries the role "adapter" and lineage/graph.py gives a base only the prose names
# that relation when nothing else says how the model was made (lineage pass 24)
ADAPTER_ROLE = "adapter"
_ADAPTER_PHRASE = lazy_compile(r"^(?:q?lora|peft|dora|adapter)", re.IGNORECASE)
# A quantizer's or converter's phrase among them ("a 4_K_M quantized GGUF version of [X](url)", "static quants of",
# "GGUF format model files for", "converted to MLX format from"): the repository holds the model named, quantized or
# converted, so the statement carries the role "quantized" and lineage/graph.py gives a base only the prose names
# that relation when nothing else says how the model was made (a "version of" that is a further training step, "the
# DPO version of", is no such phrase).
_QUANTIZER_PHRASE = lazy_compile(
    r"(?:de-?)?quanti[sz](?:ed?|ations?)\b|(?:static|imatrix|weighted(?:/imatrix)?|gguf|gptq|awq|exl2|mlx)\s+quants\b|"
    r"(?:gguf|ggml|gptq|awq|exl2|mlx|onnx)\s+(?:format\s+)?(?:model\s+)?files\b|"
    r"(?:gguf|ggml|gptq|awq|exl2|mlx|onnx|\d+-?bits?|fp8|int[48])\s+version\b|convert(?:ed|sion)\b|"
    r"conversi[óo]n\b|versi[óo]n\s+cuantizada\b|vers[ãa]o\s+quantizada\b",
    re.IGNORECASE)
# The same role said after the model named, as Chinese, Japanese and Korean put the verb last ("基于 `org/x` 进行
# AWQ 量化" (AWQ-quantized from), "`org/x` を量子化"): read in the clause right after the id.
# Between the id and the verb only a few short ASCII tokens ("AWQ", "4-bit", "INT4") and at most four CJK characters
# stand (CJK has no blanks, so a `[\w.-]+` token would swallow the whole clause); a negation right before the verb
# ("非量化", "未量化", "不是量化", "没有量化") or "量化感知" (quantization-aware training, a finetune's method) after it
# says it is no quantization. The blanks are taken possessively (`*+`): a long run of them cannot be split two ways.
_QUANTIZED_AFTER = lazy_compile(
    r"^[\s*_`]*+(?:进行|進行|做|的)?\s*+(?:[A-Za-z0-9][A-Za-z0-9.-]{0,15}\s*+){0,2}?"
    r"(?:[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{0,4}?)(?<![非未不无無没沒])"
    r"(?<!不是)(?<!没有)(?<!沒有)(?<!并非)(?<!並非)(?:量化|量子化|양자화)(?!\s*感知|\s*-?aware)")
# The word that makes the model a distiller's phrase names a teacher in so many words ("knowledge-distilled from a
# `google/gemma-4-31B` teacher"): distill.py then adds it beside a front matter's base, which "a distilled variant of
# [X](url)" alone does not (it says what this model is, as the front matter does).
_TEACHER_WORD = lazy_compile(r"\bteachers?\b", re.IGNORECASE)
# A dot that does not end the clause between a "made from" phrase and the Hub link it names: one inside a version
# number ("fine-tuned from Qwen2.5 7B, [Qwen/Qwen2.5-7B](url)"), digit to digit. A dot before a blank or the line's
# end still ends it ("fine-tuned from Qwen2.5-7B-Instruct. See [Y](url)" names no base).
_VERSION_DOT = r"(?<=\d)\.(?=\d)"
# A Chinese phrase ("基于", "微调自") is followed by more Chinese with no word boundary between ("本模型基于上游指令模型
# `Qwen/Qwen3-1.7B`"): it ends at its last character, when no clause mark (Chinese, or ASCII as the line is read
# folded too) comes before the link or backticks ("基于这些数据，我们与 [X](url) 一起训练" names no base). Between any
# phrase and its id, a Chinese or Japanese sentence or clause mark, or a full-width colon (the list after
# "基于以下模型合并：" is a merge's, auditor/card_merge.py), ends the clause as the ASCII dot, ";", "!" and "?"
# do; after a Chinese phrase an ASCII comma or colon does too (_CJK_PHRASE_STOPS). The folded reading of a line
# keeps these marks as written (_keep_stops), so both readings end the clause at the same place.
_CJK_STOPS = "。，；！？："
_CJK_PHRASE_STOPS = lazy_compile(r"[,:]")
# the words between a Chinese or Japanese phrase and its id that make what is named data, an architecture or a paper
# ("基于开源数据集 `BAAI/COIG-PC`", "基于 Llama 架构"): the CJK twin of _NOT_A_BASE and _DATA_SUBJECT
_CJK_NOT_A_BASE = lazy_compile(r"数据|數據|语料|語料|训练集|訓練集|データ|コーパス|데이터|말뭉치|架构|架構|"
                               r"アーキテクチャ|아키텍처|论文|論文")
# The text of the Hub link itself, read whole: its dots are part of a name ("a fine-tuned version of
# [Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B)", "pruned from [Qwen2.5-1.5B](url)"), not a
# sentence's end; a dot before a blank inside it still is one ("[see the model. Then](url)" is no name).
_LINK_TEXT = r"\[(?:[^\]\n.]|\.(?!\s)){0,120}\]"
# The id after such a phrase: a Hub link (the id from its address), or an id in backticks, bare or as a link's text
# (mlx-lm's old template: "converted to MLX format from [`qwen/Qwen1.5-0.5B-Chat`]()", an empty link).
_BASE_STATED = lazy_compile(
    rf"(?<![A-Za-z0-9])(?=\w)(?:{_MADE_FROM})(?:\b|(?<=[\u4e00-\u9fff])(?=[^,.;:!?\n\[`{_CJK_STOPS}]{{0,100}}[\[`]))"
    rf"(?P<between>(?:[^.;!?\n\[{_CJK_STOPS}]|\[|{_VERSION_DOT}){{0,100}}?"
    rf"(?:(?:{_OTHER_LINK}[ \t]{{0,3}})?{_LINK_TEXT}\(\s*)?)"
    rf"(?:{_HUB_MODEL_LINK}"
    r"(?P<id>(?>[A-Za-z0-9][\w.-]*/[\w.-]*[\w-])(?![\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff])"
    r"|[A-Za-z0-9][\w.-]*[\w-](?=[)\s>\]]|$))"  # an id cut short by a hidden character is not that id
    r"|(?<=[\s\[(])`(?P<quoted>[A-Za-z0-9][\w.-]*/[\w.-]*[\w-])`)",
    re.IGNORECASE)
# The same phrase followed right away by a bare `owner/name`, in bold or after the word "model" or an article
# ("affiné à partir de **org/x**", "дообученной версией модели org/x", "on top of org/x", "基于 org/x 进行"): a
# repository's id written as such names it as a link would. Only a few words may stand between, and the id must look
# like one (_bare_id_shape): "based on input/output pairs" and "built on data/train.json" name no model.
_BARE_FILLER = (r"(?:the|a|an|model|base|pretrained|pre-trained|модели|модель|modelo|modello|mod[èe]le|el|la|le|les|"
                r"du|del|de|do|da|o)")
_BARE_BASE_STATED = lazy_compile(
    rf"(?<![A-Za-z0-9])(?=\w)(?:{_MADE_FROM})(?:\b|(?<=[\u4e00-\u9fff]))"
    rf"(?P<between>[\s*_]{{0,4}}(?:{_BARE_FILLER}[\s*_]{{1,3}}){{0,3}}?)"
    rf"(?<![\w./:-])(?P<bare>{_REPO_ID})(?![\w/-]|\.[A-Za-z0-9])",
    re.IGNORECASE)
# The Trainer's and TRL's template links the model it loaded to its Hub page, text and address alike ("[X](https://
# huggingface.co/X)"); when X was a local folder the link is "[./ruBert-base/](https://huggingface.co/./ruBert-base/)"
# (lineage pass 21): the base is that folder, kept as written (lineage/bases.py classify_id: a local path, which the
# lineage reports unresolvable, failing closed) and never read as a Hub id. Only the template's shape, the address
# repeating the text: a hand-written link's text is a name, its address the id (_BASE_STATED).
_LOCAL_PATH_TEXT = r"(?:\.{1,2}[/\\]|[/\\~]|[A-Za-z]:[/\\])[^\]\n]{0,200}"
_LOCAL_BASE_STATED = lazy_compile(
    rf"(?<![A-Za-z0-9])(?=\w)(?:{_MADE_FROM})\b(?P<between>[^.;!?\n\[]{{0,100}}?)"
    rf"\[(?P<path>{_LOCAL_PATH_TEXT})\]\(\s*https?://(?:www\.)?(?:huggingface|hf)\.co/+(?P<address>[^)\s]{{1,300}})\s*\)",
    re.IGNORECASE)
# An owner-less name in backticks after such a phrase ("es una versión afinada de `bert-base-cased`", lineage pass 21):
# the Hub's legacy ids have no owner (`gpt2`, `bert-base-cased`, `t5-small`), but neither has a model's short name
# (`bert-base-turkish-cased`, whose repository is dbmdz's). It is kept with the roles BARE_ROLE and UNCONFIRMED_ROLE:
# lineage/graph.py follows it only when the catalog knows a model of that name (the Hub redirects a legacy id, the
# catalog's `_auditor.requested`), else it is a suspected base (LIN004), never a binding one.
_OWNERLESS_STATED = lazy_compile(
    rf"(?<![A-Za-z0-9])(?=\w)(?:{_MADE_FROM})\b(?P<between>[\s*_]{{0,4}}(?:{_BARE_FILLER}[\s*_]{{1,3}}){{0,3}}?)"
    r"`(?P<name>[A-Za-z][\w.-]{0,95}[A-Za-z0-9])`",
    re.IGNORECASE)
# a file's name (a path in prose) rather than a repository's
_FILE_NAME = lazy_compile(r"\.(?:jsonl?|txt|csv|tsv|ya?ml|py|md|bin|pt|pth|ckpt|safetensors|gguf|onnx|parquet|zip|"
                          r"tar|gz|npz|h5)$", re.IGNORECASE)


def _bare_id_shape(found: str) -> bool:
    """Whether a bare `owner/name` in prose looks like a repository's id: both parts longer than a letter, no dot in
    the owner (a host), no file name, and a digit, a hyphen or a capital letter somewhere ("and/or", "input/output"
    and "train/test" are words); and not a pair the card cannot mean as a model (_NOT_MODEL_PAIR): two technologies,
    initialisers or methods ("PyTorch/XLA", "HTML/CSS", "CPU/GPU", "Xavier/Glorot", "RLHF/DPO"), or a folder and a
    split ("data/train-v2")."""
    owner, _, name = found.partition("/")
    return (len(owner) > 1 and len(name) > 1 and "." not in owner and _FILE_NAME.search(name) is None
            and any(c.isdigit() or c == "-" or c.isupper() for c in found)
            and not (owner.lower() in _TECH_WORDS and name.lower() in _TECH_WORDS)
            and owner.lower() not in _FOLDER_OWNERS and _SPLIT_NAME.match(name) is None)


# Words that name a technology, hardware, an initialiser, a training method or a word-vector kind: two of them joined
# by "/" are a pair of such things ("based on PyTorch/XLA", "initialized with Xavier/Glorot"), never a repository
_TECH_WORDS = frozenset(str.split(
    "pytorch torch xla tensorflow tf jax flax keras onnx tensorrt openvino cuda rocm triton deepspeed fsdp megatron "
    "html css js javascript typescript python ci cd cpu gpu tpu npu ipu fp16 bf16 fp32 fp8 int8 int4 xavier glorot "
    "kaiming he lecun orthogonal uniform normal rlhf rlaif dpo ppo sft orpo kto grpo lora qlora glove word2vec "
    "fasttext elmo bpe wordpiece sentencepiece tokenizer tokenizers linux windows macos docker kubernetes "
    "api rest grpc http https sql nosql"))
# owners that are folders of a project, not Hub accounts ("fine-tuned on top of data/train-v2", "outputs/run-3")
_FOLDER_OWNERS = frozenset(str.split(
    "data datasets dataset src scripts configs config outputs output checkpoints checkpoint ckpt ckpts runs logs "
    "results weights tmp temp train eval splits cache local"))
# a name that is a split of a dataset ("train-v2", "val_1", "test-clean")
_SPLIT_NAME = lazy_compile(r"(?:train|training|val|valid|validation|dev|test|eval|split)(?:[-_.]|$)", re.IGNORECASE)
# A bare id's name whose tokens say "model" (a parameter count "7B" / "1.5b" / "8x7B" / "A3B", a version "v0.1" or
# "3.1", a family and number "Qwen2" / "t5", a family's word, a release's suffix): with nothing else to confirm it,
# a bare id of another shape ("based on acme/Foo") is kept with the role UNCONFIRMED_ROLE, and lineage/graph.py
# follows it only when the catalog knows it as a model (else it is a suspected base, never a binding one)
_MODEL_TOKEN = lazy_compile(
    r"(?:^|[-_.])(?:\d+(?:\.\d+)?[bmk]?|\d+x\d+(?:\.\d+)?[bm]|a\d+(?:\.\d+)?b|v\d+(?:\.\d+)*|\d+(?:\.\d+)+|"
    r"[a-z]{1,10}\d+(?:\.\d+)?[a-z]?|instruct|chat|base|large|small|tiny|mini|medium|xl|xxl|uncased|cased|hf|it|"
    r"coder|embed(?:ding)?s?|multilingual|distill\w*)(?=[-_.]|$)"
    r"|bert|llama|qwen|mistral|mixtral|gemma|falcon|bloom|pythia|whisper|clip|gpt|opt-|t5|bart|deberta|electra|"
    r"minilm|mpnet|bge|e5-|vit|wav2vec|hubert|diffusion|sdxl|flux|phi-|yi-|glm|baichuan|internlm|deepseek|olmo|"
    r"starcoder|codegen|santacoder|stablelm|xlm|roberta|labse|sbert|simcse|layoutlm|donut|blip|llava|sam-",
    re.IGNORECASE)
UNCONFIRMED_ROLE = "unconfirmed"  # a bare id in prose nothing confirms as a model (see _MODEL_TOKEN)
# a base named with an alternative right after it ("a fine-tuned version of X (or Y)", "дообученная версия X (или Y,
# если применимо)", lineage passes 22-23): the writer does not know which is the base, so neither is followed;
# lineage/graph.py reports the named one as a suspected base (CRD003), a reviewer's question, never a silent pick
HEDGED_ROLE = "hedged"
# any bare id in prose: lineage/graph.py drops one the card declares as a dataset or the catalog knows as one only
BARE_ROLE = "bare"
# the words right after a bare id that make it data ("ajustado de Open-Orca/SlimOrca dataset", "基于 X 数据集")
_DATA_AFTER = lazy_compile(r"^[\s*_`]*(?:data(?:sets?)?\b|corpus\b|corpora\b|split\b|conjunto|datos\b|"
                           r"données|датасет|набор|数据|數據|语料|語料|データ|데이터)", re.IGNORECASE)


def _bare_model_shape(found: str) -> bool:
    """Whether a bare id's name has a token that says it is a model (see _MODEL_TOKEN)."""
    return _MODEL_TOKEN.search(found.partition("/")[2]) is not None


# A prose line that ends on a "made from" phrase ("... that is derived from"): a paragraph wrapped in the source, the
# base it names on the next line (databricks/dolly-v1-6b, review pass 18); the two are read as one line.
_MADE_FROM_AT_END = lazy_compile(rf"(?<![A-Za-z0-9])(?=\w)(?:{_MADE_FROM})\s*$", re.IGNORECASE)
# a line that opens a block of its own (a heading, list item, table row, quote, rule): not the wrapped line's rest
_OPENS_BLOCK = lazy_compile(r"^\s*(?:#|[-*+>|]|\d{1,3}[.)]\s|<)")
# A line that opens with the original's address and says this repository holds its weights in another format
# (transformers.js: "https://huggingface.co/org/name with ONNX weights to be compatible with Transformers.js.").
_WEIGHTS_OF = lazy_compile(
    rf"^[\s_*>-]*(?:\[[^\]]{{0,120}}\]\(\s*)?{_HUB_MODEL_LINK}"
    r"(?P<id>[A-Za-z0-9][\w.-]*/[\w.-]*[\w-])\)?\s+"
    r"with\s+(?P<kind>(?:[\w.-]+\s+){0,2})weights\b", re.IGNORECASE)
# the words before "weights" there that name a format or a quantization: the repository holds the original converted
# ("with ONNX weights"), so a base only this line names is "quantized" (the Hub's word for a conversion too)
_CONVERTED_KIND = lazy_compile(r"\b(?:onnx|gguf|ggml|mlx|gptq|awq|exl2|openvino|core\s*ml|tflite|int[48]|fp8|"
                               r"q[2-8](?:_\w+)?|[2-8]-?bits?|quantized)\b", re.IGNORECASE)
# The line the diffusers training scripts write under the title, naming the base bare (the script knows what it is):
# "These are LoRA adaption weights for org/name.", "These are <repo> LoRA adaption weights for org/name",
# "These are controlnet weights trained on org/name with new type of conditioning.", "These are textual inversion
# adaption weights for org/name", "This pipeline was finetuned from **org/name**." A card pasted into a GitHub README
# below other text keeps that line while its front matter no longer reads as metadata.
_TOOL_TEMPLATE = lazy_compile(
    r"^\s*(?:#{1,6}\s+)?(?:these\s+are\s+(?:[\w./-]+\s+)?(?:lora\s+adaption\s+|lora\s+|controlnet\s+|"
    r"t2i-?adapter\s+|textual\s+inversion\s+adaption\s+)weights\s+(?:for|trained\s+on)|"
    r"this\s+pipeline\s+was\s+fine-?tuned\s+from)\s+[*_`]*(?P<id>[A-Za-z0-9][\w.-]*/[\w.-]*[\w-])(?=$|[\s*_`,)]|\.(?:\s|$))",
    re.IGNORECASE)
# The words of the same clause before the phrase that say the model named is not the one this was made from: a
# comparison or a baseline ("unlike models fine-tuned from X", "compared with the one based on X"), a negation, or
# another part than the weights ("the tokenizer is based on X", "same architecture as", "inspired by").
_NOT_OWN_ORIGIN = lazy_compile(
    r"\b(?:unlike|not|never|rather\s+than|instead\s+of|compared|comparison|versus|vs\.?|than|baselines?|"
    r"inspired|tokeni[sz]er|vocab(?:ulary)?|config(?:uration)?|architecture|chat\s+template|prompt\s+format|"
    # settings said to come from a model ("Hyperparameters were tuned from the defaults of [X](url)", lineage pass
    # 34's "tuned from"): the run's settings, not its weights
    r"hyper-?param\w*|learning\s+rates?|"
    # a likeness of design ("the same model design as", "the same structure as"): a design, not weights
    r"design|same\s+(?:[\w-]+\s+){0,3}?as|"
    r"same\s+as|similar\s+to|like|verglichen|vergleich|compar[ée]e?s?|par\s+rapport|"
    # Spanish, Portuguese and Russian, whose "made from" phrases are read too ("comparado con modelos basados en",
    # "em comparação com", "Сравнение с моделями на основе", "в отличие от")
    r"comparad[oa]s?|comparaci[óo]n|compara[çc][ãa]o|a\s+diferencia|ao\s+contr[áa]rio|"
    r"сравнени\w*|сравнива\w*|в\s+отличие|"
    # Italian, Indonesian and Polish, read since lineage pass 19 ("rispetto a", "dibandingkan dengan", "w porównaniu")
    r"confront\w*|rispetto\s+a|dibandingkan|perbandingan|berbeda\s+dengan|porówn\w*|w\s+przeciwieństwie)\b"
    # the same words in Chinese, Japanese and Korean, which mark no word boundary
    r"|对比|相比|比较|基线|分词器|比べ|比較|ベースライン|トークナイザ|비교|베이스라인|토크나이저", re.IGNORECASE)
# Words in the same clause that make the model named a judge, a benchmark's scorer or the other side of a
# comparison ("評測基于 [X](url) 打分", "Die Bewertung basiert auf [X](url)",
# "本模型比基于 [X](url) 的模型高 5 分", "[X](url)をベースに学習したモデルより高い", "[X](url)를 기반으로 한 모델보다"),
# in the languages whose phrases the reader knows. "により" (by means of) is not the comparison "より".
_JUDGED = lazy_compile(
    r"评测|評測|評価|평가|打分|评分|比|超过|优于|高于|(?<!に)より|보다|"
    r"\b(?:bewertung|[ée]valuation|evaluation|judge[sd]?|grader)\b", re.IGNORECASE)
# The same words when they follow the model named in its clause, as Chinese, Japanese and Korean put them ("基于
# [X](url) 进行打分", "基于 [X](url) 的评测"), and the English role given right after it ("with [Vicuna](url) as a
# judge"); no other English word, as an English clause after a base goes on
# about the model made ("fine-tuned from [X](url) for evaluation of essays").
_JUDGED_AFTER = lazy_compile(r"评测|評測|評価|평가|打分|评分|採点|채점"
                             r"|\bas\s+(?:an?|the|our)\s+(?:judge|evaluator|grader|scorer|annotator|labell?er)\b",
                             re.IGNORECASE)
# A bare participle whose object is the link ("+ Trained [X](url) ...", "Fine-tuned [X](url) ..."): the model linked is
# the one that was trained, this model's origin only when nothing gives it another model's role. The link's text
# ("- Trained [our reward model](url) first") or the words after it ("+ Trained [org/x](url) as a teacher for
# distillation", "... to be the judge") make it a teacher, a reward model or a judge the card trained on the way
# (card-reader differential 35); a distiller's own phrase ("distilled from [the teacher](url)") is read elsewhere.
_PARTICIPLE_ONLY = lazy_compile(r"(?:further\s+)?(?:fine-?tun(?:e|ed)|finetuned|trained)", re.IGNORECASE)
_OTHER_ROLE = (r"(?:teachers?|rewards?|rms?|judges?|critics?|graders?|verifiers?|evaluators?|scorers?|"
               r"discriminators?)")
_OTHER_ROLE_TEXT = lazy_compile(rf"\b{_OTHER_ROLE}\b", re.IGNORECASE)
_OTHER_ROLE_AFTER = lazy_compile(
    rf"\b(?:as|into|be)\s+(?:an?|the|our|its|their)\s+(?:[\w-]+\s+){{0,2}}?{_OTHER_ROLE}\b|"
    r"\bfor\s+(?:the\s+)?(?:knowledge\s+)?distillation\b", re.IGNORECASE)


def _trained_another(line: str, match: re.Match[str]) -> bool:
    """Whether a bare participle's linked object is given another model's role (see _PARTICIPLE_ONLY)."""
    phrase = line[match.start(): match.start("between")] if "between" in match.groupdict() else ""
    if not _PARTICIPLE_ONLY.fullmatch(phrase):
        return False
    text = _LINK_TEXT_BEFORE.search(match.groupdict().get("between") or "")
    return (text is not None and _OTHER_ROLE_TEXT.search(text.group("text")) is not None) \
        or _OTHER_ROLE_AFTER.search(_clause_after(line, match.end())) is not None


_MERGE_OF = lazy_compile(r"merge\s+of\b", re.IGNORECASE)  # "fine-tuned on a merge of [X](url)": data (card_merge.py)
# A clause whose subject is data, not the model: "Our dataset is derived from [X](url)", "The reward data was
# distilled from [GPT-4](url) and [Mixtral](url)": the model named made the data, it is no base of these weights
_DATA_SUBJECT = lazy_compile(
    r"^[\s>*_#+-]*+(?:(?:our|the|this|these|its|their|all)\s+)?(?:[\w-]+\s+){0,2}?(?:data(?:sets?)?|corpus|corpora|"
    r"samples|conversations|annotations|labels|prompts|responses|completions|preferences|pairs)\s+"
    r"(?:is|are|was|were|has\s+been|have\s+been)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
# A list item whose subject is one or more models by name ("- DeepSeek-R1-Distill-Llama-8B is derived from
# Llama3.1-8B-Base and is originally licensed under [llama3.1 license](https://huggingface.co/meta-llama/...)", "- A,
# B and C are derived from [X](url)", "- **Acme-7B-Chat** is a fine-tuned version of [X](url)"): either a single
# model's details list, naming itself, or a family card's note on each of its models, which the same card carries in
# every member's repository (deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B). Which it is depends on the repository, so
# the base is kept with the role SUBJECT_ROLE + the names, and auditor/card_subject.py keeps it only for a repository
# the item names. A name is hyphenated ("Zephyr-7B"); "- This model is" is no name.
# starts only where a run of markup starts (the look-behind), so a search over a long run of `*` is linear; each part
# of the name is bounded (a Hub repository name is at most 96 characters), so a search over 20,000 letters with no
# hyphen tries a bounded stretch from each start instead of backtracking over the whole rest (5 s, hostile probe p9)
_MODEL_NAME = r"(?<![*_`])[*_`]*+[A-Za-z][\w.]{0,120}-[\w.-]{0,120}\w[*_`]*"
_NAMED_SUBJECT_ITEM = lazy_compile(
    rf"^\s*+[-*+]\s++{_MODEL_NAME}(?:\s*,\s*{_MODEL_NAME}){{0,12}}(?:,?\s+and\s+{_MODEL_NAME})?\s+"
    r"(?:is|are|was|were)\s+(?:(?:a|an|the|also|originally|both|all)\s+)*$", re.IGNORECASE)
_ITEM_NAME = lazy_compile(_MODEL_NAME)


def _item_subject(before: str) -> tuple[str, ...]:
    """The roles naming the models a list item is about (see _NAMED_SUBJECT_ITEM), () for any other line."""
    if _NAMED_SUBJECT_ITEM.match(before) is None:
        return ()
    names = [m.group(0).strip("*_`") for m in _ITEM_NAME.finditer(before)]
    return tuple(SUBJECT_ROLE + name for name in dict.fromkeys(names))


MAX_AFTER_ID = 60  # characters of the clause after a model named read for those words
_LINK_TAIL = lazy_compile(r"^[^\s()]{0,500}\)")  # the rest of a link's address after the id, with its ")"
_CLAUSE_MARK = lazy_compile(r"[,;:!?()]|[.](?:\s|$)")
# a link to something a model is "based on" that is not a model it was made from (a card, an architecture's code).
# "code" that describes a model ("the Code LLM, StarCoder", "a code model", "code-generation model") is an adjective
# of the model named, not the code of one: it guards nothing.
_NOT_A_BASE = lazy_compile(
    # Vietnamese "dữ liệu" (data): "dựa trên bộ dữ liệu `org/x`" (based on the dataset) names no base; a document
    # ("based on the [X documentation](url)", "[X README](url)", "[X technical report](url)": the writer's text follows
    # another text, as card_named_base's _A_CARD_AFTER rules for a name written without a Hub link)
    r"\b(?:(?:card|architecture|implementation|paper|repo(?:sitory)?|dataset|template|readme|technical\s+report|"
    r"blog\s*post)s?|documentation|docs|dữ\s+liệu|dati|danych|"
    r"codes?(?![\s-]*(?:llms?|(?:large[\s-]+)?language[\s-]+models?|models?|generation|completion|assistants?)\b))\b",
    re.IGNORECASE)
# The one "implementation" that is a model's weights: an exporter's template pointing at the model it compiled, "This
# is based on the implementation of Gemma-4-E4B-it found [here](https://huggingface.co/google/gemma-4-E4B-it)"
# (Qualcomm AI Hub's cards, lineage pass 20): the implementation is named by a model's name and then located by a
# link whose text only points ("here", "there", "this link"). The link must be a Hub model page (_BASE_STATED reads no
# other); "based on the implementation of [X](url)" or "the [X implementation](url)" stays code, as before.
_IMPLEMENTATION_FOUND = lazy_compile(
    r"^\s*(?:the\s+)?(?:original\s+)?implementation\s+of\s+[*_`]*[A-Za-z0-9][\w.+-]*[*_`]*\s+"
    r"(?:(?:as\s+)?(?:found|available|hosted|published)\s+)?(?:at\s+|on\s+|in\s+)?"
    r"\[(?:here|there|this\s+link|link)\]\(\s*$", re.IGNORECASE)
# where the words that describe a family named after a "based on" phrase end ("Llama 2 architecture" describes it;
# "StarCoder on our code data" and "LLaMA, then the code" do not): a clause mark or a preposition
_PHRASE_END = lazy_compile(r"[,;:()]|[.!?](?:\s|$)|\b(?:on|with|and|or|using|for|to|in|by|from|at|via|which|that|"
                           r"as|then|while|but)\b", re.IGNORECASE)


# A labelled line that names the model this one was made from: the Hub's card template ("- **Finetuned from model
# [optional]:** X"), Unsloth's upload template ("- **Finetuned from model :** unsloth/llama-3-8b-bnb-4bit"), the
# quantizers' "Original model: [Name](https://huggingface.co/org/name)" and "Base model: org/name". Here a bare
# `owner/name` is the id (the label says what it is), written plain, in backticks or as a link's target.
# The label's words: English, and the same label in the languages cards are written in (Japanese ベースモデル,
# Chinese 基础模型 / 基座模型, Korean 베이스 모델 / 기반 모델, German Basismodell, French modèle de base, Spanish modelo
# base), as the Hub's template is translated ("- **ベースモデル**: [openai/gpt-oss-20b](url)").
_BASE_LABEL_WORDS = (
    # "base_model: org/name" is the front matter's key written as a label: metadata pasted into the text without
    # its `---` fences (a card opening with "metadata" and the Hub's key lines) still names the base
    # "Parent Models: [X](url) and [Y](url)" (HuggingFaceM4/idefics2-8b, lineage pass 29): the plural label names
    # the first base here, the others are base-component statements (auditor/card_components.py)
    r"fine-?tuned\s+from(?:\s+model)?|base(?:\s+|_)model|original\s+model|parent\s+models?|"
    # a multimodal card's language half: LLaVA's "Base LLM: [mistralai/Mistral-7B-Instruct-v0.2](url)" (pass 27)
    r"base\s+(?:llm|language\s+model)|"
    r"ベース\s*モデル|元モデル|基础模型|基座模型|底座模型|(?:上游)?基模型?|베이스\s*모델|기반\s*모델|"
    r"basis-?modell|ausgangsmodell|mod[èe]le\s+de\s+base|mod[èe]le\s+d'origine|modelo\s+(?:de\s+)?base|"
    # Russian ("| **Базовая модель** | `org/name` |", jiikoool/screening-test3b) and Arabic
    r"базовая\s+модель|исходная\s+модель|النموذج\s+الأساسي")
_BASE_LABEL = lazy_compile(
    rf"^\s*+(?:[-*+>]\s++|\d{{1,3}}[.)]\s++)?[*_]*+\s*+(?:{_BASE_LABEL_WORDS})"
    r"(?:\s*+\[optional\])?\s*+[*_]*+\s*+[:：]\s*+[*_]*+\s*+(?P<rest>.+)$",
    re.IGNORECASE)
# A table row whose first cell is that label and whose second is the id ("| **Modèle de base** |
# magistermilitum/tridis_HTR |", "| **Base model** | `org/name` | ... |")
MAX_ROW_CELLS = 64  # cells of a base label's row read for other ids
_BASE_LABEL_ROW = lazy_compile(
    rf"^\s*+\|\s*+[*_]*+\s*+(?:{_BASE_LABEL_WORDS})\s*+[*_]*+\s*+[:：]?\s*+\|\s*+(?P<rest>[^|]+)\|",
    re.IGNORECASE)
_LABELLED_ID = lazy_compile(
    rf"^[`*_\s]*(?:\[[^\]]{{0,120}}\]\(\s*)?(?:{_HUB_MODEL_LINK})?"
    rf"(?P<id>[A-Za-z0-9][\w.-]*/[\w.-]*[\w-])(?:{_REPO_PAGE_TAIL}(?=\)))?(?=$|[\s`*_)\],;]|\.(?:\s|$))")


# Both label patterns use possessive runs (`\s*+`, `[*_]*+`): adjacent optional runs of blanks and emphasis marks
# could otherwise split a long run of blanks every way before failing (n^4 on 'Base model' + 400 blanks + 'x').
# The same label alone on its line, a heading or not ("#### Base model:", "**Base model**"): the id is then the next
# line's only content ("PY007/TinyLlama-1.1B-intermediate-step-480k-1T", jeff31415's TinyLlama card).
_BASE_LABEL_ALONE = lazy_compile(
    rf"^\s*+(?:#{{1,6}}\s++|[-*+>]\s++)?[*_]*+\s*+(?:{_BASE_LABEL_WORDS})\s*+[*_]*+\s*+[:：]?\s*+[*_]*+\s*+$",
    re.IGNORECASE)


# after a bare id in a label's value, a number makes the value a product and its version, not a repository
# ("GPT-4/Claude 3（微调版）"); other words may follow an id ("org/name fine-tuned on X")
_MORE_WORDS = lazy_compile(r"[ \t]+\d")
# a label's value that says there is no base: "none", "N/A", "scratch", "from scratch", a dash
_NO_BASE_VALUE = lazy_compile(r"^[\s`*_(\[]*+(?:none|n/?a|nil|null|(?:trained\s+)?(?:from\s+)?scratch|[-—–]+)(?![\w/])",
                              re.IGNORECASE)
_SCRATCH = lazy_compile(r"\bscratch\b", re.IGNORECASE)
# An `owner/name` id in backticks, or a Markdown link to its Hub page (the id from the address), captured under the
# two group names given: the shape _LAST_ID and _BASE_BEFORE read around a label's value or a phrase.
def _quoted_or_linked_id(quoted: str, linked: str) -> str:
    return (rf"(?:`(?P<{quoted}>{_REPO_ID})`|"
            rf"\[[^\]]{{0,120}}\]\(\s*{_HUB_MODEL_LINK}(?P<{linked}>{_REPO_ID}){_REPO_PAGE_TAIL}?\s*\))")


# the id ending a label's value: in backticks, a Hub link, or bare in brackets ("同上（org/x）")
_LAST_ID = lazy_compile(
    rf"(?:{_quoted_or_linked_id('q', 'l')}|[(（]\s*+(?P<b>{_REPO_ID})\s*+[)）])" + r"[\s.。)）*_]*$")
# the first id in backticks or as a Hub link anywhere in a label's value, when none ends it: the family's name, then
# the id with its size in brackets ("ESM-2 (`facebook/esm2_t6_8M_UR50D`, 8M パラメータ)。..."); never a bare word
_INNER_ID = lazy_compile(_quoted_or_linked_id("q", "l"))
# A Hub link or an id in backticks right before a Japanese, Korean or Chinese "made from" phrase (these languages put
# the model first): をベースに / を元に / をファインチューニング, 을·를 기반으로 / 파인튜닝,
# 为基础 / 的基础上 / 微调而来, with or without the word "model" between them.
# "をベースライン" (as a baseline) is not "をベースに".
_ASCII_REPO_ID = r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]*[A-Za-z0-9_-]"  # a Hub id: ASCII only
_BASE_BEFORE = lazy_compile(
    # an id in backticks or a Hub link; or bare, of an id's shape (_bare_id_shape, checked by _base_before), alone or
    # in brackets ("Hugging Face의 team-lucid/deberta-v3-base-korean 사전학습 모델을 기반으로", "transformer 모델
    # (team-lucid/deberta-v3-base-korean)을 파인튜닝하여", lineage pass 21)
    # (ASCII only, as a Hub id is: the particle glued to it, "beomi/KoAlpaca-Polyglot-5.8B를", is no part of it)
    # Chinese glues an id to the words before it ("对meta-llama/Llama-2-7b-chat-hf进行LoRA微调", lineage pass 23): only
    # an ASCII letter, digit or mark before a bare id makes it part of a longer word
    rf"(?:{_quoted_or_linked_id('quoted', 'id')}|(?<![A-Za-z0-9_./:`-])(?P<bare>{_ASCII_REPO_ID})"
    r"(?![A-Za-z0-9_/`-]|\.[A-Za-z0-9])[)）]?)"
    # possessive runs: a long run of blanks after an id is not re-split for each start (quadratic otherwise); the
    # word "model" may stand between the id and the phrase ("`beomi/Llama-3-Open-Ko-8B` 모델을 기반으로", "`X` モデルを
    # ベースに", "`X` 模型为基础"), after the word "pretrained" ("X 사전학습 모델을 기반으로", "X の事前学習モデルを")
    r"\s*+(?:(?:사전\s*학습(?:된)?|事前学習(?:済み)?の?|预训练|預訓練|pre-?trained)\s*+)?"
    r"(?:(?:모델|モデル|模型)\s*+)?(?:をベースに|をベースとして|を元に|をもとに|"
    # "[X](url)を日本語でファインチューニング", "を日本語データで継続事前学習" (a short "…で" (with, in)
    # between), "[X]를 한국어 데이터셋으로 미세 조정" (a short "…(으)로" between, lineage pass 24): _base_before
    # reads the words between for a comparison's
    r"を(?:[^\s、。をで]{1,12}で)?(?:ファインチューニング|微調整|追加学習|継続事前学習)|"
    r"(?:을|를)?\s*+기반으로|(?:을|를)\s*+(?:[^\s,.을를]{1,12}\s?){0,2}?(?:파인튜닝|미세\s*+조정)|"
    r"为基础|的基础上|微调(?:而来|得到)|"
    # "[X](url) 作为基座模型" (as the base model, lineage pass 19), "作为基础模型", "作為基座": the model word after
    # the role, which "作为评测模型" (as the judge) or "作为教师模型" (as the teacher) is not
    r"(?:作为|作為|做为|當作|当作)\s*+(?:基座|基础|基礎|底座|基模|基底)(?:模型)?|"
    # "对 X 进行 LoRA 微调" (fine-tuned X with LoRA), "进行继续预训练" (continued pre-training of X): a short ASCII
    # method's name may stand between (lineage pass 23)
    r"进行\s*+(?:[A-Za-z]{1,8}\s*+)?(?:微调|微調|精调|指令微调|继续预训练|繼續預訓練|增量预训练|二次预训练|继续训练)|"
    # Turkish, verb last too: "`X` modeline dayanmaktadır" (is based on the model), "`X` modeli temel alınarak"
    # (taking the model as base), "`X` tabanlı" (X-based); the model word takes a case ending (modeli, modeline,
    # modelinin)
    r"(?:model(?:inin|ine|ini|in|i)?\s++)?(?:dayan(?:maktadır|ır|an|arak|ıyor)|(?:temel|baz)\s++al(?:ınarak|arak|ınmıştır|"
    r"ınmış|ınan|an)|tabanl[ıi](?!\w)|"
    # "`X` modelinin ince ayarlı bir versiyonudur" (is a fine-tuned version of the model), "ince ayar yapılmış
    # sürümü", "`X` üzerinde (Türkçe veri ile) ince ayar yapılarak" (by fine-tuning on X, a few words between)
    # (lineage pass 33)
    r"ince\s++ayar(?:l[ıi]|\s++yap[ıi]lm[ıi]ş)\s++(?:bir\s++)?(?:versiyon|sürüm)|(?:üzerinde|üzerine)\s++(?:[^\s,.;]{1,15}\s++){0,3}?ince\s++ayar))")
# A "version of" phrase (any), and the ones naming a format or a training step ("GGUF version of", "the DPO version
# of"), which cards also use for the other releases of the same model ("We also release the DPO version of this
# model: [X](url)"): see _another_version.
_VERSION_OF = lazy_compile(r"\b(?:version|variant)\s+of$", re.IGNORECASE)
_FORMAT_VERSION = lazy_compile(
    rf"\b(?:{_VERSION_KINDS})\s+version\s+of$", re.IGNORECASE)
# words between the phrase and the id that name this model ("the DPO version of this model: [X]", "of it at [X]")
_THIS_MODEL = lazy_compile(rf"\b(?:{THIS_MODEL_WORDS}|ours)\b", re.IGNORECASE)
# words before the phrase in its sentence that point at another release ("We also release", "is available as",
# "Check out", "see", "find")
_POINTER_WORDS = lazy_compile(
    r"\b(?:releas(?:e|es|ed|ing)|also|available|check(?:\s+out)?|see|find|download|provide[sd]?|upload(?:ed|s)?|"
    r"publish(?:ed|es)?|offer(?:s|ed)?)\b", re.IGNORECASE)
# the words a sentence about this model may open with before such a phrase: "An", "This is the", "This model is a",
# "Acme-7B-DPO is the" (a subject of a few words, then "is"), list marks and emphasis, a count ("x8")
_SENTENCE_OPENING = lazy_compile(
    r"^[\s>*_#+-]*+(?:(?:[^\s]+\s+){0,5}?(?:is|was)\s+)?(?:(?:a|an|the)\s+)?"
    # a count or a size that belongs to the phrase ("x8 Mixture of experts version of", "an 8x", "4-bit"), and the
    # quantization's own words ("a 4_K_M quantized GGUF version of", llmware's slim-* tools; "a Q8_0 GGUF version of")
    r"(?:(?:x\d+|\d+x|\d+(?:\.\d+)?[bm]?|\d+-?bits?|(?:i?q)?\d_k(?:_[sml])?|(?:i?q)?\d_\d|quanti[sz]ed)\s+){0,3}"
    r"[\s*_]*+$", re.IGNORECASE)
_CJK_CLAUSE_MARK = lazy_compile(r"[,;:!?()。、，；：！？（）]|[.](?:\s|$)")


def _clause_after(line: str, end: int) -> str:
    """The words of the clause after a model named in a link or backticks, from past the link's address (its ")" is
    no clause mark), at most MAX_AFTER_ID characters."""
    tail = _LINK_TAIL.sub("", line[end:], count=1)
    return _CJK_CLAUSE_MARK.split(tail, maxsplit=1)[0][:MAX_AFTER_ID]


def _site_owner(found: str) -> bool:
    """Whether an id's owner is one of the Hub's own pages, which no account can be named: `models/Qwen2.5-1.5B` is a
    local folder (or a page of the site), not a repository of an owner "models"."""
    return found.partition("/")[0].lower() in _SITE_PAGES


def _id_line(line: str, number: int) -> CardStatement | None:
    """The base a line under a lone "Base model:" label names, when the line holds that id and nothing else, or a
    list item giving the model's name and then its Hub address ("- **GLM-4-9B-Chat**: https://huggingface.co/
    THUDM/glm-4-9b-chat" under "## 基础模型", EDLlyc/kangya-glm4-lora). A sentence below such a heading is read as any
    other line."""
    named = _LABELLED_ID.match(line)
    if named is None or line[named.end():].strip(" \t`*_).,;"):
        named = _NAMED_ADDRESS.match(line)
    if named is None:
        return None
    owner, _, name = named.group("id").partition("/")
    if len(owner) > 1 and len(name) > 1 and "." not in owner and not _site_owner(owner):
        return CardStatement("base-stated", f"{owner}/{name}", number)
    return None


# A line under a lone base label: the model's name and a colon (or a list mark alone), then its Hub address, bare
# or linked, and nothing else
_NAMED_ADDRESS = lazy_compile(
    r"^\s*+(?:[-*+]\s++)?(?:[*_]*+[^:*_\[\]\n]{1,60}?[*_]*+\s*+[:：]\s*+)?(?:\[[^\]]{0,120}\]\(\s*)?<?"
    rf"{_HUB_MODEL_LINK}(?P<id>{_REPO_ID})(?:{_REPO_PAGE_TAIL}(?=\)))?/?>?\)?[\s.。]*$", re.IGNORECASE)


def _base_stated(line: str, number: int) -> CardStatement | None:
    """The base a line states (_base_stated_in), written as a ModelScope address when only a ModelScope link names it:
    ModelScope namespaces are not the Hub's (its LLM-Research publishes google's and meta-llama's releases), so the
    lineage maps such a repository only through recorded facts (auditor/lineage/modelscope.py) and otherwise fails
    closed, as for a ModelScope cache path (review 25)."""
    stated = _base_stated_in(line, number)
    if stated is None or "modelscope.cn/models/" not in line.lower():
        return stated
    lowered, named = line.lower(), stated.as_written.lower()
    on_modelscope = f"modelscope.cn/models/{named}" in lowered
    elsewhere = any(f"{host}/{named}" in lowered for host in ("huggingface.co", "hf.co")) or f"`{named}`" in lowered
    if not on_modelscope or elsewhere:
        return stated
    return replace(stated, as_written=f"https://modelscope.cn/models/{stated.as_written}")


def _base_stated_in(line: str, number: int) -> CardStatement | None:
    """The Hub model a line names as this model's origin (see _base_named), else None. A line that names one only
    once its hidden or look-alike characters are folded (`Base model: acme/mo<ZWSP>del`, a full-width letter in a
    Hub link) states a base all the same: the id is kept as written, with those characters spelled out
    (`acme/mo<U+200B>del`), so the lineage reports a base that is no Hub id instead of passing a model whose card
    names one (fail closed), and a report shows what the card really holds."""
    found = _base_named(line, number)
    if found is not None and not found.as_written.isascii():  # `acme/mоdel` (a Cyrillic o): no Hub id either
        return CardStatement("base-stated", visible(found.as_written), number, found.roles)
    if found is not None or line.isascii():
        return found
    folded, starts = fold_mapped(line)
    folded = _keep_stops(line, folded, starts)
    found = _base_named(folded, number)
    at = folded.find(found.as_written) if found is not None else -1
    if found is None or at < 0:
        return None
    written = line[starts[at]:starts[at + len(found.as_written)]]
    return CardStatement("base-stated", visible(written), number, found.roles)


def _cjk_clause_ends(match: re.Match[str]) -> bool:
    """Whether what lies between a Chinese phrase and the id it is read with ends the clause or names no model: an
    ASCII comma or colon (a Chinese clause mark read folded), or a word for data, an architecture or a paper (see
    _CJK_NOT_A_BASE, which an English phrase's words need no twin of)."""
    between = match.group("between")
    if _CJK_NOT_A_BASE.search(between):
        return True
    return not match.group(0)[:1].isascii() and _CJK_PHRASE_STOPS.search(between) is not None


def _keep_stops(line: str, folded: str, starts: list[int]) -> str:
    """The folded line with each clause mark of _CJK_STOPS as written ("，" stays "，", not ","): the folded reading
    ends a clause where the raw one does."""
    return "".join(line[starts[i]] if line[starts[i]] in _CJK_STOPS else char
                   for i, char in enumerate(folded))


# the text of the link a "made from" phrase's id is read from, right before its "(" (see _BASE_STATED's "between")
_LINK_TEXT_BEFORE = lazy_compile(r"\[(?P<text>[^\[\]\n]{1,120})\]\(\s*$")
_NOT_ALNUM = lazy_compile(r"[^0-9a-z]+")


def _organisation_page(match: re.Match[str], found: str) -> bool:
    """Whether a Hub link without an owner is an organisation's or a user's page, not a legacy model id: its text
    names something else ("continued pretraining of [Mamba2](https://huggingface.co/state-spaces) checkpoints", a
    family's publisher, lineage pass 16). A legacy id's link repeats its name ("[gpt2](https://huggingface.co/gpt2)",
    "[BERT](https://huggingface.co/bert-base-uncased)": one name holds the other, or they share a word: "[BERT base
    multilingual model](https://huggingface.co/bert-base-multilingual-cased)"), and is kept."""
    if "/" in found:
        return False
    text = _LINK_TEXT_BEFORE.search(match.group("between") or "")
    if text is None:
        return False
    words, parts = set(_NOT_ALNUM.split(text.group("text").lower())), set(_NOT_ALNUM.split(found.lower()))
    if words & parts - {""}:  # "[BERT base multilingual model](https://huggingface.co/bert-base-multilingual-cased)"
        return False
    name, page = _NOT_ALNUM.sub("", text.group("text").lower()), _NOT_ALNUM.sub("", found.lower())
    return bool(name) and name not in page and page not in name


def _base_named(line: str, number: int) -> CardStatement | None:
    """The Hub model a line names as this model's origin, else None. In running prose only a Hub link counts (a
    bare name such as "GPT-J" names no repository), and never a link whose text says it is a card, code or an
    architecture; a labelled line ("Finetuned from model: org/name") may give the id bare, as its label says
    what it is."""
    for match in _BASE_STATED.finditer(line) if _may_link(line) else ():
        found = match.group("id") or match.group("quoted")
        if _PLACEHOLDER_LINK_ID.match(found):
            continue  # TRL's "a fine-tuned version of [None](https://huggingface.co/None)": the trainer knew no base
        if _organisation_page(match, found):
            continue
        if _phrase_names_base(line, match, found):
            return _hedge(_phrase_statement(line, match, found, number), line, match.end())
    for match in _BARE_BASE_STATED.finditer(line):
        found = match.group("bare")
        if _bare_id_shape(found) and not _DATA_AFTER.match(line[match.end(): match.end() + 40]) \
                and _phrase_names_base(line, match, found):
            stated = _phrase_statement(line, match, found, number)
            extra = (BARE_ROLE,) if _bare_model_shape(found) else (BARE_ROLE, UNCONFIRMED_ROLE)
            return _hedge(CardStatement(stated.kind, stated.as_written, number, (*stated.roles, *extra)), line,
                          match.end())
    unlinked = _local_or_ownerless(line, number) or _name_then_tuned(line, number)
    if unlinked is not None:
        return unlinked
    converted = _WEIGHTS_OF.match(line)
    if converted is not None:
        roles = ("quantized",) if _CONVERTED_KIND.search(converted.group("kind")) else ()
        return CardStatement("base-stated", converted.group("id"), number, roles)
    weights = _TOOL_TEMPLATE.match(line)
    if weights is not None:
        return CardStatement("base-stated", weights.group("id"), number)
    labelled = _BASE_LABEL.match(line) or _row_of_one_id(line)
    found = _labelled_id(labelled.group("rest")) if labelled else None
    if found is not None:
        return CardStatement("base-stated", found, number)
    return _base_is_statement(line, number) or _base_before(line, number)


# An alternative right after the id a "made from" phrase names, in parentheses: "(or [Y](url))", "(or org/y, if
# applicable)", "(или Y)", "(oder Y)", "(ou Y)", "(o Y)", "（或 Y）", "（または Y）", "(또는 Y)". Only the closing
# marks of the id's own link or markup stand between. Bounded, no nested quantifiers: linear on any line.
_HEDGE_AFTER = lazy_compile(r"^[\s*_`\])]{0,6}[(（]\s{0,3}(?:or|или|oder|ou|o|或者?|または|또는)(?:\s|$)",
                            re.IGNORECASE)
MAX_HEDGE_AFTER = 40


def _hedge(statement: CardStatement, line: str, end: int) -> CardStatement:
    """The statement, marked HEDGED_ROLE and UNCONFIRMED_ROLE when an alternative follows the id it names
    (_HEDGE_AFTER): the writer left the choice open, so the base is a question to report, not one to follow."""
    if _HEDGE_AFTER.match(line[end: end + MAX_HEDGE_AFTER]) is None:
        return statement
    roles = tuple(r for r in statement.roles if r != UNCONFIRMED_ROLE)
    return replace(statement, roles=(*roles, HEDGED_ROLE, UNCONFIRMED_ROLE))


# the words right after an owner-less name that make it software, not a model: "a fork of `gpt-neox` ([EleutherAI,
# 2021](https://github.com/EleutherAI/gpt-neox))" (stabilityai/stablelm-2-1_6b's training software), "based on
# `transformers` library"
MAX_SOFTWARE_AFTER = 120
_SOFTWARE_AFTER = lazy_compile(r"^[^.!?]*?(?:github\.com|gitlab\.com|\b(?:library|framework|toolkit|package|codebase|"
                               r"code|repo(?:sitory)?|source)\b)", re.IGNORECASE)


def _local_or_ownerless(line: str, number: int) -> CardStatement | None:
    """The base a "made from" phrase names as a local folder in the Trainer's link (_LOCAL_BASE_STATED), kept as
    written, or as an owner-less name in backticks (_OWNERLESS_STATED), kept unconfirmed; else None."""
    if "huggingface.co/" in line or "hf.co/" in line:
        for match in _LOCAL_BASE_STATED.finditer(line):
            path = match.group("path")
            if path.lstrip("/\\") == match.group("address").lstrip("/\\") and _phrase_names_base(line, match, path):
                return _phrase_statement(line, match, path, number)
    if "`" in line:
        for match in _OWNERLESS_STATED.finditer(line):
            name = match.group("name")
            if _ownerless_shape(name) and not _DATA_AFTER.match(line[match.end(): match.end() + 40]) \
                    and not _SOFTWARE_AFTER.search(line[match.end(): match.end() + MAX_SOFTWARE_AFTER]) \
                    and _phrase_names_base(line, match, name):
                stated = _phrase_statement(line, match, name, number)
                return CardStatement(stated.kind, name, number, (*stated.roles, BARE_ROLE, UNCONFIRMED_ROLE))
    return None


# The model's own kind named before the verb: "this model is a *bert-base-cased* model that was fine-tuned on the
# English version of CoNLL-2003" (dslim/bert-base-NER, lineage pass 29): the name between "is a" and "model that was
# fine-tuned" is the checkpoint fine-tuned, written bare, in emphasis or in backticks. Only with this model as the
# subject and the relative clause right after the noun ("a BERT model that was fine-tuned" names a family, which
# _ownerless_shape refuses; "is a model that was fine-tuned" names nothing).
_NAME_THEN_TUNED = lazy_compile(
    r"\b(?:this|the|our)\s{1,3}model\s{1,3}is\s{1,3}an?\s{1,3}(?P<mark>[*_`]{0,3})"
    r"(?P<name>[A-Za-z][\w.-]{0,95}(?:/[\w.-]{1,96})?)(?P=mark)\s{1,3}model\s{1,3}(?:that|which)\s{1,3}"
    r"(?:was|has\s{1,3}been|is)\s{1,3}(?:further\s{1,3})?fine-?tuned\b", re.IGNORECASE)


def _name_then_tuned(line: str, number: int) -> CardStatement | None:
    """The checkpoint a "this model is a X model that was fine-tuned" line names (_NAME_THEN_TUNED): an owner-less
    name kept unconfirmed as an owner-less name in backticks is (lineage/graph.py follows it only when the catalog
    knows a model of that name), an `owner/name` kept as a bare id is."""
    if "tuned" not in line.lower():
        return None
    found = _NAME_THEN_TUNED.search(line)
    if found is None:
        return None
    name = found.group("name").strip(".")
    if "/" in name:
        if not _bare_id_shape(name) or _site_owner(name):
            return None
        return CardStatement("base-stated", name, number,
                             (BARE_ROLE,) if _bare_model_shape(name) else (BARE_ROLE, UNCONFIRMED_ROLE))
    if not _ownerless_shape(name):
        return None
    return CardStatement("base-stated", name, number, (BARE_ROLE, UNCONFIRMED_ROLE))


def _base_is_statement(line: str, number: int) -> CardStatement | None:
    """The base a line's "the base model is X" names (auditor/card_base_is.py), else None: an id in backticks or a Hub
    link as it is, a bare one only of an id's shape (_bare_id_shape) and kept as a bare id is (BARE_ROLE, and
    UNCONFIRMED_ROLE unless its name says model), never a site's page or one the clause before says is compared with
    or another part's."""
    found = base_is(line)
    if found is None:
        return None
    name, bare = found
    if _site_owner(name) or _NOT_OWN_ORIGIN.search(_CLAUSE_MARK.split(line[: line.find(name)])[-1]) \
            or (bare and not _bare_id_shape(name)):
        return None
    roles = ((BARE_ROLE,) if _bare_model_shape(name) else (BARE_ROLE, UNCONFIRMED_ROLE)) if bare else ()
    return CardStatement("base-stated", name, number, roles)


def _ownerless_shape(name: str) -> bool:
    """Whether an owner-less name in backticks looks like a model's id: a digit or a hyphen in it, a token that says
    model (_MODEL_TOKEN: `gpt2`, `bert-base-cased`, `t5-small`), and no file's name or technology's word
    (`config.json`, `pytorch`)."""
    return (any(c.isdigit() or c == "-" for c in name) and _MODEL_TOKEN.search(name) is not None
            and _FILE_NAME.search(name) is None and name.lower() not in _TECH_WORDS)


# A link's address naming no repository but a template's empty value: TRL and the Trainer write the base they were not
# told as "[None](https://huggingface.co/None)" (lineage pass 19); "unknown", "null" and "undefined" are the same
# placeholder from other writers. Only the whole one-part id: `none-ai/x` or `nonet` are names.
_PLACEHOLDER_LINK_ID = lazy_compile(r"^(?:none|null|nil|unknown|undefined|nan|n-a|tbd|todo|placeholder)$",
                                    re.IGNORECASE)


def _may_link(line: str) -> bool:
    """Whether a line can hold what _BASE_STATED names (a Hub address or an id in backticks): a line without either
    is not scanned from each of its "made from" phrases (a line of repeated "initialized with" cost seconds, review
    25)."""
    lowered = line.lower()
    return "`" in line or ".co/" in lowered or "modelscope.cn/" in lowered


_INITIALIZED = lazy_compile(r"initiali[sz]ed\b", re.IGNORECASE)
# a part of a model whose weights an "initialized" phrase may speak of: an encoder, a tower, the language model of a
# vision-language model, a projector
_COMPONENT = PART_OF_MODEL  # auditor/card_named_base.py: one reading for both readers of "initialized"


MAX_COMPONENT_BEFORE = 200  # characters before an "initialized" phrase read for the part of the model it names
_ADAPTATION = lazy_compile(r"adaptation\s+of", re.IGNORECASE)
# An "adaptation of [X](url)" is this model only when nothing but "model" (or "weights", "checkpoint") and a
# preposition follow the id in its clause ("an adaptation of [ModernBERT](url) model to Arabic"): a noun right after
# makes X a modifier of something else ("an adaptation of [Llama-2](url) style evaluation to medicine", review 25)
_ADAPTS_ANOTHER = lazy_compile(
    r"^[\s*_`'’]*(?:s\s+)?(?!(?:model|modelo|mod[èe]le|weights|checkpoint|to|for|in|on|into|with|that|which|by|"
    r"from|using|via|as|and|at)\b)[A-Za-z][\w-]*", re.IGNORECASE)


# A measure whose basis a "made from" phrase names right after it ("pairs with CLIP Score (based on [X](url)) greater
# than 0.2", "a similarity score based on [X](url)"): the model named scored or filtered the data, it is no base
_MEASURE_BEFORE = lazy_compile(r"\b(?:scores?|scoring|metrics?|similarit(?:y|ies)|filter(?:s|ed|ing)?|"
                               r"rank(?:s|ed|ing)?)\s{0,3}[(（]?\s{0,3}$", re.IGNORECASE)
MAX_MEASURE_BEFORE = 40


# A sentence whose subject is this repository and whose verb offers what it holds ("This repository provides a
# checkpoint with trained LoRAs for [FLUX.1-dev model](url)", XLabs-AI/flux-lora-collection, lineage pass 31): its
# "provides" says what is here, not where another release is, unless "also" says the thing is in addition
_OWN_REPO_OFFERS = lazy_compile(
    r"^[\s>*_#+-]*+(?:this|the|our)\s+(?:(?:model\s+)?repository|repo|checkpoint|folder)\s+"
    r"(?:provides|contains|holds|hosts|offers|includes)\b", re.IGNORECASE)
_ALSO = lazy_compile(r"\balso\b", re.IGNORECASE)


def _points_elsewhere(before: str) -> bool:
    """Whether the words of a sentence before an adapter's phrase point at another release (_POINTER_WORDS: "See also
    our LoRA for", "We also release a LoRA for"), which a sentence about this repository's own content is not
    (_OWN_REPO_OFFERS, without "also")."""
    if _POINTER_WORDS.search(before) is None:
        return False
    return _OWN_REPO_OFFERS.match(before) is None or _ALSO.search(before) is not None


def _phrase_names_base(line: str, match: re.Match[str], found: str) -> bool:
    """Whether the model a "made from" phrase names (`found`, at `match`) is this model's origin: nothing in its
    clause or between says it is data, an architecture, a comparison, a judge, another release or a site's page, the
    sentence before it is not about another model (a reward model, a sibling: auditor/card_other_model.py), and
    an "initialized" phrase is not said of one part of the model ("- Vision Transformer (ViT): it's initialized with
    [CLIP](url)", 01-ai/Yi-VL-6B: the image encoder's start, not the model's)."""
    clause = _CLAUSE_MARK.split(line[: match.start()])[-1]
    between = match.group("between")
    if CHILD_OBJECT.match(between or "") or CHILDREN_CLAUSE.match(clause):
        return False  # a list of this model's children (auditor/card_children.py)
    # the part named stands in the words right before the phrase: only those are read, so a line of many
    # "initialized" phrases costs one short look each, not the whole line each (review 25)
    if _INITIALIZED.match(match.group(0)) and _COMPONENT.search(line[max(0, match.start() - MAX_COMPONENT_BEFORE):
                                                                     match.start()]):
        return False
    if _ADAPTATION.match(match.group(0)) and _ADAPTS_ANOTHER.match(_clause_after(line, match.end())):
        return False
    if _ADAPTER_PHRASE.match(match.group(0)) and (
            _points_elsewhere(_CLAUSE_END.split(line[: match.start()])[-1]) or _THIS_MODEL.search(between)):
        return False  # "See also our LoRA for [X](url)", "a LoRA adapter for this model: [X]": another release
    if _QUANTIZER_PHRASE.match(match.group(0)) and describes_process(sentence_before(line, match.start())):
        return False  # "Our pipeline produces a quantized version of [X](url)": the publisher's process, not this repo
    return ((not _NOT_A_BASE.search(between) or _IMPLEMENTATION_FOUND.match(between) is not None)
            and not _cjk_clause_ends(match) and found.lower() not in _SITE_PAGES
            and not _NOT_OWN_ORIGIN.search(clause) and not _NOT_OWN_ORIGIN.search(between)
            and not _SCRATCH.search(between) and not _another_version(line, match)
            and not _JUDGED.search(_CJK_CLAUSE_MARK.split(line[: match.start()])[-1])
            and not _JUDGED_AFTER.search(_clause_after(line, match.end())) and not _trained_another(line, match)
            and not _DATA_SUBJECT.search(clause) and not about_other_model(line, match.start())
            and not _MEASURE_BEFORE.search(line[max(0, match.start() - MAX_MEASURE_BEFORE): match.start()])
            and not (_MERGE_OF.match(match.group(0)) and data_merged(clause))
            and not _site_owner(found))


def _phrase_statement(line: str, match: re.Match[str], found: str, number: int) -> CardStatement:
    """The base-stated statement for a phrase's model, with the role its phrase gives: a distiller's, a quantizer's
    or converter's (before the id, or the verb after it: "基于 `org/x` 进行 AWQ 量化"), an exporter's "implementation
    of X found [here](url)" (IMPLEMENTATION_ROLE, made "quantized" by _exported for an on-device export)."""
    after = _clause_after(line, match.end())
    roles: tuple[str, ...] = ("distillation",) if _DISTILLED_PHRASE.match(match.group(0)) else (
        ("quantized",) if _QUANTIZER_PHRASE.match(match.group(0)) or _QUANTIZED_AFTER.match(after) else (
            (ADAPTER_ROLE,) if _ADAPTER_PHRASE.match(match.group(0)) else ()))
    if roles and _TEACHER_WORD.search(after):
        roles = ("distillation", "teacher")  # "distilled from a `org/x` teacher": a teacher by name
    between = match.groupdict().get("between") or ""
    if not roles and (_IMPLEMENTED_PHRASE.match(match.group(0)) or _IMPLEMENTATION_FOUND.match(between)):
        roles = (IMPLEMENTATION_ROLE,)
    if _FINETUNED_VERSION.match(match.group(0)):
        roles = (*roles, FINETUNED_VERSION_ROLE)
    return CardStatement("base-stated", found, number, roles + _item_subject(line[: match.start()]))


# The Trainer's and TRL's generated sentence ("This model is a fine-tuned version of [X](https://huggingface.co/X)")
# and its hand-written kin ("fine-tuned from X"): a claim about the one model this one was trained from, which
# lineage/prose_check.py holds against the front matter's base_model (lineage pass 22)
FINETUNED_VERSION_ROLE = "finetuned-version"
_FINETUNED_VERSION = lazy_compile(
    r"fine-?tuned?\s+(?:version\s+of|from)\b|fine-?tuned\s+(?:model|variant|checkpoint)\s+of\b|"
    # the noun ("NeuralBeagle14-7B is a DPO fine-tune of [mlabonne/Beagle14-7B](url)", lineage pass 30)
    r"fine-?tune\s+of\b", re.IGNORECASE)


# A base an exporter's template names ("This model is an implementation of X found [here](url)", "based on the
# implementation of X found [here](url)") carries this role; when the card says the repository is an export for a
# device runtime (_ON_DEVICE_EXPORT), the repository holds X's weights compiled (and mostly quantized: w8a16, w4a16)
# for it: the relation is "quantized", the Hub's word for a conversion too (lineage pass 20 left it a finetune).
IMPLEMENTATION_ROLE = "implementation"
_IMPLEMENTED_PHRASE = lazy_compile(r"an?\s+implementation\s+of\b", re.IGNORECASE)
# Qualcomm AI Hub's cards: "Optimized for Mobile Deployment", "This repository provides scripts to run X on Qualcomm®
# devices", "scripts for optimized on-device export", a link to aihub.qualcomm.com or the qai_hub_models package
_ON_DEVICE_EXPORT = lazy_compile(
    r"aihub\.qualcomm\.com|qai[-_]hub|qualcomm(?:®|\(r\))?\s+(?:ai\s+hub|devices?)\b|on-device\s+export|"
    r"optimized\s+for\s+mobile\s+deployment", re.IGNORECASE)


def _exported(statements: list[CardStatement], body: str) -> list[CardStatement]:
    """The base statements, an exporter's (IMPLEMENTATION_ROLE) given the role "quantized" when the card says it is
    an on-device export (_ON_DEVICE_EXPORT); the others as they are."""
    if not any(IMPLEMENTATION_ROLE in st.roles for st in statements) or \
            _ON_DEVICE_EXPORT.search(body[:MAX_PROSE_SCAN]) is None:
        return statements
    return [replace(st, roles=("quantized", *st.roles)) if IMPLEMENTATION_ROLE in st.roles else st
            for st in statements]


def _wrapped_base(previous: tuple[str, int] | None, line: str) -> CardStatement | None:
    """The base a "made from" phrase at the end of the previous line of the same paragraph names at the start of this
    one ("... that is derived from" / "[EleutherAI's](url) [GPT-J](https://huggingface.co/EleutherAI/gpt-j-6B) ..."):
    the two read as one line, cited at the phrase's line. None when the previous line does not end on such a phrase,
    or this line opens a block of its own (a heading, a list item, a table row): then it is no continuation."""
    if previous is None or _OPENS_BLOCK.match(line):
        return None
    before, number = previous
    tail = before[-MAX_WRAP_TAIL:]
    if not _MADE_FROM_AT_END.search(tail):
        return None
    return _base_stated(f"{tail.rstrip()} {line.lstrip()}"[:MAX_STATEMENT_LINE], number)


MAX_WRAP_TAIL = 200  # characters of the previous line read with a wrapped paragraph's next one


def _another_version(line: str, match: re.Match[str]) -> bool:
    """Whether a "version of" phrase names another release rather than this model's origin: "We also release the
    DPO version of this model: [X](url)" and "An uncensored version of this model is at [X](url)" point at a sibling.
    Such a phrase says "made from" only when the sentence about this model opens with it ("The DPO version of
    [X](url)", "This model is an SFT version of [X](url)"), nothing between it and the id names this model, and no
    release or pointer word ("also", "available", "check out") comes before it in the sentence. Any "version of"
    phrase followed by "this model" before the id names a sibling too ("a quantized version of this model: [X]")."""
    phrase = match.group(0)[: match.start("between") - match.start()]
    if not _VERSION_OF.search(phrase):
        return False
    if _THIS_MODEL.search(match.group("between")):
        return True
    if _FORMAT_VERSION.search(phrase) is None:
        return False  # "a fine-tuned version of [X]": the Trainer's words, read wherever they stand
    before = _CLAUSE_END.split(line[: match.start()])[-1]
    return len(before) > 160 or _POINTER_WORDS.search(before) is not None or not _SENTENCE_OPENING.match(before)


def _row_of_one_id(line: str) -> re.Match[str] | None:
    """A base label's table row, when its cells name one model: a family card's row giving one base per size
    ("| 基础模型 | `Qwen/Qwen2-7B` | `meta-llama/Meta-Llama-3-8B` |") says which base each column's model has, not
    which this repository's has."""
    row = _BASE_LABEL_ROW.match(line)
    if row is None:
        return None
    named = {_labelled_id(cell) for cell in line[row.start("rest"):].split("|")[:MAX_ROW_CELLS] if cell.strip()}
    return row if len(named - {None}) <= 1 else None


def _labelled_id(rest: str) -> str | None:
    """The id a base label's value gives: the value's first word (bare, in backticks or as a link), or the id in
    backticks, a Hub link or brackets that ends a phrase ("...에 파인튜닝된 `klue/roberta-base`", "同上（org/x）",
    "Base 9B (org/x)": brackets holding the id and nothing else). A bare first word followed by
    a number is a product and its version, not an id ("GPT-4/Claude 3（微调版）": two products, no repository)."""
    if _NO_BASE_VALUE.match(rest):
        return None  # "none, see our [blog post](...)", "N/A", "— (trained from scratch)"
    named = _LABELLED_ID.match(rest)
    if named is not None:
        bare = not any(mark in rest[: named.start("id")] for mark in "`[(")
        if bare and _MORE_WORDS.match(rest, named.end("id")):
            return None
        found = named.group("id")
    else:
        last = _LAST_ID.search(rest) or _INNER_ID.search(rest)
        if last is not None and (_NOT_OWN_ORIGIN.search(rest[: last.start()]) or _SCRATCH.search(rest[: last.start()])):
            last = None  # "trained from scratch, compared with [zephyr](url)": the id ending it is no base
        found = (last.group("q") or last.group("l") or last.groupdict().get("b")) if last is not None else None
    owner, _, name = found.partition("/") if found else ("", "", "")
    # "N/A" names nothing; "github.com/x" is a host; `models/x` a local folder
    if len(owner) > 1 and len(name) > 1 and "." not in owner and not _site_owner(owner):
        return f"{owner}/{name}"
    return _legacy_link(rest) if found is None else None


# A label's value that is a link to a Hub page without an owner: "**Parent Model:** [XLM-RoBERTa-large](https://
# huggingface.co/xlm-roberta-large)" (the xlm-roberta-large-finetuned-conll03-english card and its copies, lineage
# pass 29). The Hub's legacy ids have no owner (`xlm-roberta-large`, `bert-base-cased`) and the Hub still answers
# them, so the address names the repository as an `owner/name` one would. Only when the link's text repeats the
# name (a shared word, as _organisation_page asks of a phrase's link) and the name is shaped as a model's
# (_ownerless_shape): "[Meta](https://huggingface.co/meta-llama)" is an organisation's page, and the site's own pages
# ("/docs", "/models") name no model.
_LEGACY_LINK = lazy_compile(
    rf"^[`*_\s]*+\[(?P<text>[^\]\n]{{1,120}})\]\(\s*+{_HUB_HOST}(?P<id>[A-Za-z0-9][\w.-]{{0,95}}[\w-])/?\s*+\)")


def _legacy_link(rest: str) -> str | None:
    """The owner-less Hub id a base label's value links to first (see _LEGACY_LINK), else None."""
    linked = _LEGACY_LINK.match(rest)
    if linked is None or linked.group("id").lower() in _SITE_PAGES or not _ownerless_shape(linked.group("id")):
        return None  # a page of the site, or a name not shaped as a model's (`acme-labs-team`, an account)
    words = set(_NOT_ALNUM.split(linked.group("text").lower())) - {""}
    return linked.group("id") if words & set(_NOT_ALNUM.split(linked.group("id").lower())) else None


def _base_before(line: str, number: int) -> CardStatement | None:
    """The Hub model a Japanese, Korean or Chinese line names before its "made from" phrase ("[Qwen/Qwen3-8B](url)を
    ベースに...ファインチューニング", "`org/name`을 기반으로", a bare `org/name` of an id's shape), unless the words
    around it in the same clause say it is compared with, a baseline or another part (a tokenizer)."""
    for match in _BASE_BEFORE.finditer(line):
        before = _CJK_CLAUSE_MARK.split(line[: match.start()])[-1]
        # from the phrase's last character: "をベースにより" (に + より, by means of) is no comparison
        after = _CJK_CLAUSE_MARK.split(line[match.end() - 1:], maxsplit=1)[0]
        between = line[match.end("id" if match.group("id") else ("quoted" if match.group("quoted") else "bare")):
                       match.end()]
        if any(veto.search(part) for veto in (_NOT_OWN_ORIGIN, _JUDGED, _JUDGED_AFTER)
               for part in (before, after[:MAX_AFTER_ID], between)):
            continue
        bare = match.group("bare")
        if bare is None:
            return CardStatement("base-stated", match.group("id") or match.group("quoted"), number)
        if _bare_id_shape(bare) and not _site_owner(bare):
            # kept as a bare id is after an English phrase: unconfirmed unless its name says model
            roles = (BARE_ROLE,) if _bare_model_shape(bare) else (BARE_ROLE, UNCONFIRMED_ROLE)
            return CardStatement("base-stated", bare, number, roles)
    return None


# Families a card's prose names as its base: (label, pattern, the family's license id or None when it differs by
# release, Hub owners whose own cards are the family itself). Prose, not repository names (lineage/suspect.py reads
# those): the first LLaMA release is written "LLaMA", which a name such as open_llama is not.
PROSE_BASE_FAMILIES: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("Code Llama", r"code[- ]?llama(?![- _]?\d)", "LicenseRef-Llama-2", ("meta-llama", "codellama", "facebook")),
    ("Llama 2", r"(?:code[- ]?)?llama[- _]?2(?![\d.])", "LicenseRef-Llama-2", ("meta-llama", "facebook")),
    ("Llama 3.3", r"llama[- _]?3\.3(?!\d)", "LicenseRef-Llama-3.3", ("meta-llama",)),
    ("Llama 3.2", r"llama[- _]?3\.2(?!\d)", "LicenseRef-Llama-3.2", ("meta-llama",)),
    ("Llama 3.1", r"llama[- _]?3\.1(?!\d)", "LicenseRef-Llama-3.1", ("meta-llama",)),
    ("Llama 3", r"llama[- _]?3(?![\d.])", "LicenseRef-Llama-3", ("meta-llama",)),
    ("Llama 4", r"llama[- _]?4(?!\d)", "LicenseRef-Llama-4", ("meta-llama",)),
    ("LLaMA", r"(?-i:LLaMA|LLaMa|LLAMA)(?![\w.-])(?!\s?[234]\b)", "LicenseRef-LLaMA-1-Research",
     ("meta-llama", "facebook")),
    ("Gemma", r"(?:code)?gemma(?:[- ]?[123])?(?![\w-])", "LicenseRef-Gemma", ("google",)),
    ("StarCoder", r"starcoder(?:2|base)?(?![\w-])", "LicenseRef-BigCode-OpenRAIL-M-1.0", ("bigcode",)),
    ("BLOOM", r"bloomz?(?![\w-])", "LicenseRef-BigScience-BLOOM-RAIL-1.0", ("bigscience",)),
    ("Mistral", r"(?:mistral|mixtral)(?![\w-])", None, ("mistralai", "mistral-community")),
    ("Qwen", r"qwen[\d.]*(?![\w-])", None, ("qwen",)),
    ("Falcon", r"falcon(?![\w-])", None, ("tiiuae",)),
    ("Phi", r"phi[- ]?[1-4](?:\.5)?(?![\w.])", None, ("microsoft",)),
)
# MAKER_ORGS (imported above from auditor/makers.py, the table auditor/data/makers.json): the Hub organisations that
# are a family's maker itself, as against a community organisation that re-uploads its releases (mistral-community).
_PROSE_FAMILY = lazy_compile("|".join(f"(?P<f{i}>(?<![\\w-]){pattern})" for i, (_, pattern, _, _)
                                      in enumerate(PROSE_BASE_FAMILIES)), re.IGNORECASE)
# "base model" right before a word for a design ("| Base model structure | Llama-2 |", "Base model architecture:
# Llama 2") says what the model is built like, as "the same architecture as" does: no base claim (issue 19 leftovers)
_BASE_VERB = lazy_compile(
    r"\b(?:fine-?tuned?\s+(?:version\s+of|from(?:\s+model)?|on\s+top\s+of)|fine-?tune\s+(?:of|the)|based\s+on|"
    r"(?:pre-?)?trained\s+on\s+top\s+of|"
    r"built\s+(?:up)?on|derived\s+from|trained\s+from|quanti[sz]ed\s+(?:versions?\s+)?(?:of|from)|"
    r"quanti[sz]ations?\s+of|"
    # the writer's own quantization of a linked model ("We quantized [X](url) to GGUF", "I have quantised the
    # [X](url) model"): a link must follow at once (or after "the"), as "we quantized it with AWQ" names nothing
    r"(?:(?<=\bwe\s)|(?<=\bi\s)|(?<=\bwe\shave\s)|(?<=\bi\shave\s))quanti[sz]ed?(?=\s{1,3}(?:the\s{1,3})?\[)|"
    r"merge\s+of|distilled\s+from|base\s+model(?![\s*_]*+(?:type\s+|family\s+)?(?:structure|architecture|arch|"
    r"design|topology|layout|shape)\b))\b", re.IGNORECASE)
# where a sentence or a clause after ";" ends, for "made from" phrases read in running prose
_CLAUSE_END = lazy_compile(r"[.;!?](?:\s|$)")


def _names_a_tool(rest: str, found: re.Match[str]) -> bool:
    """Whether a family's name opens a tool's name ("[LLaMA Factory](https://github.com/hiyouga/LLaMA-Factory)" after
    "Base Model:", card_text.is_tool_name): the words from the name to its phrase's end (_PHRASE_END) name software."""
    after = rest[found.end(): found.end() + 60]
    cut = _PHRASE_END.search(after)
    return is_tool_name(rest[found.start(): found.end() + (cut.start() if cut else len(after))])


def _link_text_or_document(link: re.Match[str]) -> str:
    """A Markdown link (_MD_LINK) as its text, or as the word "document" when it points to a paper, a report or a post
    (card_text.is_document_link): "based on [Llama 2 Tech Report](https://arxiv.org/...)" names the paper, not the
    family's weights."""
    text = link.group(1)
    return "document" if is_document_link(text, link.group(0)[len(text) + 3: -1]) else text


def _base_family_stated(line: str, number: int) -> CardStatement | None:
    """The family a line names as this model's base without a Hub link (see CardStatement "base-family-stated"):
    the first family within the sentence after a "fine-tuned from" / "based on" phrase, unless the words between,
    or those that describe the family right after it ("the Llama 2 architecture"; not a later clause such as "on the
    Alpaca dataset"), say it is an architecture, code or a paper, not a model the weights were made from. "Code" that
    describes a model ("the Code LLM, StarCoder") guards nothing."""
    if _may_link(line) and _BASE_STATED.search(line):
        return None  # a Hub link names the base: base-stated says it
    for verb in _BASE_VERB.finditer(line):
        rest = _MD_LINK.sub(_link_text_or_document, line[verb.end():])
        end = _CLAUSE_END.search(rest)
        found = next((m for m in _PROSE_FAMILY.finditer(rest[: min(end.start() if end else len(rest), 100)])
                      if not _names_a_tool(rest, m)), None)
        if found is None:
            continue
        after = rest[found.end(): found.end() + 60]
        cut = _PHRASE_END.search(after)
        if _NOT_A_BASE.search(rest[: found.start()]) or _NOT_A_BASE.search(after[: cut.start() if cut else None]):
            continue
        # "the same model design as LLaMA", "the LLaMA tokenizer", "The tokenizer is based on LLaMA": a likeness or
        # a tokenizer's source (auditor/card_children.py), not the weights' base
        if LIKENESS.search(rest[: found.start()]) or TOKENIZER.search(after[: cut.start() if cut else None]) \
                or TOKENIZER.search(_CLAUSE_MARK.split(line[: verb.start()])[-1]):
            continue
        label = PROSE_BASE_FAMILIES[int(next(k for k, v in found.groupdict().items() if v)[1:])][0]
        weights = _MADE_FROM_WEIGHTS.match(line, verb.end())
        phrase = " ".join((verb.group(0) + (weights.group(0) if weights else "")).split())
        return CardStatement("base-family-stated", found.group(0), number, (label, phrase))
    return None


# a sentence saying the model is used or licensed under a family's license ("should be used according to the LLaMA
# license", "subject to the Llama 2 license"): the family's name, then "license", a few words after the verb
_FAMILY_LICENSE = lazy_compile(
    r"\b(?:according\s+to|in\s+accordance\s+with|subject\s+to|governed\s+by|(?:used|licensed|released|available|"
    r"distributed)\s+under)\s++(?:the\s++)?(?:terms\s++of\s++(?:the\s++)?)?(?P<name>[^\s.;,:][^.;,:\n]{0,39}?)\s++licen[cs]e\b",
    re.IGNORECASE)


# what, in the clause before _FAMILY_LICENSE's verb, makes the license not this model's (card review 35): a negation
# ("This model is not subject to the Llama 2 license"), the training data's use ("The training data is used according
# to the LLaMA license terms"), another model's ("The teacher model, Llama 2, is licensed under the Llama 2 license")
_NOT_THE_MODELS_LICENSE = lazy_compile(
    r"\b(?:not|never|no\s+longer|neither|nor|cannot|without|instead\s+of|rather\s+than)\b|n't\b|"
    r"\b(?:data(?:sets?)?|corpus|corpora|annotations?|prompts|samples|responses|generations|outputs?|"
    r"teacher|student|reward\s+models?|judge|baseline|other\s+models?|previous|tokenizer|retriever|vocoder|vae)\b",
    re.IGNORECASE)
_CLAUSE_START = lazy_compile(r"[.;!?](?:\s|$)")


def _family_license(line: str, number: int) -> CardStatement | None:
    """The base family whose license a line says governs the model ("Guanaco is based on LLaMA and therefore should be
    used according to the LLaMA license", timdettmers/guanaco-65b, review pass 34 P1): kind "family-license-stated",
    the family as written and its label (PROSE_BASE_FAMILIES). The license of the family is then a floor for the
    review's answers, as a made-from family's is (auditor/facts.py prose_base_facts), though the line that names the
    family as the base says only "based on"."""
    for match in _FAMILY_LICENSE.finditer(line):
        found = _PROSE_FAMILY.fullmatch(match.group("name").strip(" *_`'\""))
        clause = _CLAUSE_START.split(line[max(0, match.start() - 120): match.start()])[-1]
        if found is not None and not _NOT_THE_MODELS_LICENSE.search(clause):
            label = PROSE_BASE_FAMILIES[int(next(k for k, v in found.groupdict().items() if v)[1:])][0]
            return CardStatement("family-license-stated", found.group(0), number,
                                 (label, " ".join(match.group(0).split())))
    return None


_HOLDER_LABEL = lazy_compile(
    r"^\s*(?:[-*+]\s+)?(?P<open>[*_]*)(?P<label>owner|copyright(?:\s+holders?)?|(?:model\s+)?developed\s+by|"
    r"model\s+developers?|created\s+by|rights\s+holders?)(?P<close>[*_]*)\s*(?P<colon>[:：])?[*_]*\s*(?P<rest>\S.*)$",
    re.IGNORECASE)
_COPYRIGHT_OPENS = lazy_compile(
    r"^\s*(?:[-*+]\s+)?[*_]*(?:copyright\s*(?:\(c\)|©)?|©)\s*(?:(?:19|20)\d\d(?:\s*[-–,]\s*(?:19|20)?\d\d)*\s*,?\s*)"
    r"(?P<rest>\S.*)$", re.IGNORECASE)
# a template's placeholder, or a sentence rather than a name
_NO_HOLDER = lazy_compile(r"more information needed|\{\{|\[optional\]|^\W*$|\b(?:is|are|was|were|by the)\b",
                          re.IGNORECASE)
_ABBREVIATED = lazy_compile(r"\b(?:inc|ltd|co|corp|llc|gmbh|s\.a|b\.v)\.$", re.IGNORECASE)
# The blanks before the words are read from their first one only (`(?<!\s)`): a search retried inside a long run of
# blanks would rescan the run from every position (quadratic); the leftmost match starts there all the same.
_ALL_RIGHTS = lazy_compile(r"[.,;]?(?<!\s)\s*all rights reserved.*$", re.IGNORECASE)


# "merged BF16 LoRA", "merged LoRA weights", "LoRA ... merged into the base weights", "adapter merged back into
# the original model"; "unmerged" is no match (a word character before "merged"). The same statement in the languages
# whose cards say it without the English verb: Spanish / Portuguese / French ("adaptadores LoRA ... fusionados con los
# pesos del modelo base", "un **merge LoRA** sobre X", SaptivaAI/KAL-24B-mx-v1; "mesclados ao modelo base",
# "fusionnés avec le modèle de base") and Chinese ("LoRA 权重已合并到基础模型"). The group `verb` is where the merge
# is said, for _MERGE_OFFERED to read what comes before it.
_LORA_MERGED = lazy_compile(
    r"(?<![\w-])(?P<verb>merged)\s++(?:(?:bf16|fp16|fp32|full|back|the|its|our|final)\s++){0,3}(?:q?lora|adapters?|peft)\b"
    r"|\b(?:q?lora|adapters?)\b[^.]{0,100}?(?<![\w-])(?P<verb2>merged)\s++(?:back\s++)?(?:in)?to\s++(?:the\s++|its\s++)?"
    r"(?:base|original|full)\b"
    r"|\b(?:q?lora|adapta(?:dor(?:es)?|teurs?))\b[^.]{0,100}?\b(?P<verb3>fusionad[oa]s?|mesclad[oa]s?|fusionn[ée]e?s?)\b"
    r"[^.]{0,60}?\b(?:modelo|mod[èe]le)\s++(?:(?:de\s++)?base|original)\b"
    r"|\b(?:un|una|uma)\s++[*_]{0,2}(?P<verb4>merge)[*_]{0,2}\s++[*_]{0,2}q?lora\b"
    r"|(?:q?lora|适配器)[^。.]{0,40}?(?P<verb5>合并)(?:到|至|进|入|回)[^。.]{0,10}?(?:基础|基座|原始|底座|原)模型"
    # Japanese: the LoRA merged, said as done ("LoRAアダプタをベースモデルにマージ済み", "LoRAをマージしました"; not
    # "マージしたい" / "マージしてください", a wish or an instruction), or a merged version that runs alone
    # ("マージ版（スタンドアロン、ベースモデル不要）")
    r"|(?:q?lora|アダプタ)[^。.]{0,40}?(?P<verb6>マージ)(?:済み?|しました|した(?!い)|された)"
    r"|(?P<verb7>マージ)(?:版|済み?)[^。.]{0,20}?(?:スタンドアロン|ベースモデル不要)",
    re.IGNORECASE)
_MERGE_VERBS = ("verb", "verb2", "verb3", "verb4", "verb5", "verb6", "verb7")
# a merge only offered, refused or conditional: "can be merged", "not merged", "to be merged", "if merged"; the same
# in Spanish / Portuguese / French ("pueden ser fusionados", "no han sido fusionados", "peuvent être fusionnés") and
# Chinese ("可以合并", "未合并", "不合并")
_MERGE_OFFERED = lazy_compile(r"\b(?:not|never|n't|can|could|may|might|should|will|would|to\s+be|if|when|before|"
                              r"without|optionally|no|nunca|puede|pueden|podr[íi]an?|pode|podem|sin|sem|si|se\s+puede|"
                              r"peut|peuvent|pas|sans)\s++(?:[\w-]++\s++){0,4}$|(?:可以|可|未|不|没有|无需|需要)\s*$",
                              re.IGNORECASE)
MAX_OFFER_WINDOW = 80  # characters before "merged" read for an offer ("can then easily be merged")
# Words anywhere in the sentence that make the merged weights another repository's, the reader's own step, or the
# loader's rather than this repository's: "We also provide merged LoRA weights in a separate repository", "see
# org/y for the model with the LoRA merged into the base", "You can have the LoRA merged", "merged into the base
# model at load time by `merge_and_unload()`"
_MERGE_ELSEWHERE = lazy_compile(
    r"\b(?:also|separate(?:ly)?|see|elsewhere|another\s+repo\w*|available\s+(?:at|in|on|from|as)|"
    r"at\s+(?:load|inference|run)\s*-?time|on\s+load|merge_and_unload|can|could|you)\b", re.IGNORECASE)


def _lora_merged(line: str, number: int) -> CardStatement | None:
    """A "lora-merged" statement: the line says this repository's LoRA was merged into its base (see CardStatement).
    The sentence must speak of this repository's weights: an offer, another repository or the loader's step is
    none (see _MERGE_OFFERED, _MERGE_ELSEWHERE)."""
    for match in _LORA_MERGED.finditer(line):
        at = next(match.start(v) for v in _MERGE_VERBS if match.group(v) is not None)
        starts = [m.end() for m in SENTENCE_END.finditer(line, 0, match.start())]
        start = starts[-1] if starts else 0
        end = SENTENCE_END.search(line, match.end())
        sentence = line[start: end.start() if end else len(line)]
        if not _MERGE_OFFERED.search(line[max(start, at - MAX_OFFER_WINDOW): at]) \
                and not _MERGE_ELSEWHERE.search(sentence):
            return CardStatement("lora-merged", match.group(0)[:200], number)
    return None


# "The embedding model trained by <a href="https://jina.ai/"><b>Jina AI</b></a>." (jina-embeddings-v3), "This model
# was developed by [Acme Labs](https://acme.example)": who made the model, said in a sentence rather than a label
_MADE_BY = lazy_compile(
    r"\b(?:this|the|our)\s+(?:[\w-]{1,30}\s+){0,3}?model\s+(?:(?:is|was|has\s+been)\s+)?"
    r"(?:trained|developed|created|built|made)\s+by\s+", re.IGNORECASE)
# the words between "the" and "model" that make it another model than the card's
_ANOTHER_MODEL_MADE = lazy_compile(r"\b(?:base|reward|teacher|original|parent|foundation|upstream|judge|critic|draft|"
                                   r"reference|baseline|source|donor|previous)\b", re.IGNORECASE)
# "Falcon2-11B is an 11B parameters causal decoder-only model built by [TII](https://www.tii.ae)": the card's own
# subject said with an article; the words between must not make it another model ("a fine-tune of a model made by")
_IS_A_MODEL_MADE_BY = lazy_compile(
    r"\b(?:is|was)\s+(?:a|an)\s+(?:[\w.-]{1,30}\s+){0,5}?model\s+(?:trained|developed|created|built|made)\s+by\s+",
    re.IGNORECASE)
_OF_ANOTHER = lazy_compile(r"\b(?:of|from|on|than|like|to|with)\b", re.IGNORECASE)
_HTML_TAG = lazy_compile(r"<[^<>]{0,500}>")
_MADE_BY_NAME = lazy_compile(r"[*_`\s]*+(?P<name>[A-Z][\w&.-]{0,40}(?:\s+[A-Z][\w&.-]{0,40}){0,4})")


def _made_by(line: str, number: int, headings: Sequence[str] = ()) -> CardStatement | None:
    """holder-stated (role developer) from a sentence naming who trained or developed this model, its name written
    capitalised (in HTML or a link, whose markup is dropped); None for "trained by the community" and the like. The
    sentence's subject must be this model (card_holder_words.own_subject, `headings` the name_key of the card's
    top headings so far): "The teacher is a large model trained by [Google](url)" names another model's maker, as
    "Unlike the model trained by Meta, ..." does (a "the model" phrase must open its clause)."""
    if " by" not in line:
        return None
    text = _MD_LINK.sub(lambda m: m.group(1), _HTML_TAG.sub("", line[:MAX_STATEMENT_LINE]))
    found = _MADE_BY.search(text)
    if found is not None and _WORD_CHAR.search(_SUBJECT_CLAUSE.split(text[: found.start()])[-1]):
        found = None  # "Unlike the model trained by Meta": the phrase is not the sentence's subject
    if found is None:
        found = _IS_A_MODEL_MADE_BY.search(text)
        if found is not None and _OF_ANOTHER.search(found.group(0)):
            return None  # "is a fine-tune of a model developed by Meta": the base's maker
        if found is not None and not own_subject(_SUBJECT_CLAUSE.split(text[: found.start()])[-1], headings):
            return None  # "The teacher is a large model trained by Google": another model's subject
    if found is None or _ANOTHER_MODEL_MADE.search(found.group(0)):
        return None  # "The base model was trained by Meta": another model's maker, not this one's developer
    name = _MADE_BY_NAME.match(text, found.end())
    if name is None or _NO_HOLDER.search(name.group("name")):
        return None
    return CardStatement("holder-stated", name.group("name").rstrip("."), number, ("developer",))


# what ends the clause whose subject a "made by" sentence speaks of: a sentence's end, a clause mark
_SUBJECT_CLAUSE = lazy_compile(r"[.!?](?=\s|$)|[;:,(]|[。！？]")
_WORD_CHAR = lazy_compile(r"[^\W_]")
_BARE_ADDRESS = lazy_compile(r"(?:https?://|www\.)\S+$", re.IGNORECASE)
MAX_HEADINGS = 64  # top headings kept to recognise the model's name in a "made by" sentence's subject
# a level-1 or level-2 heading's text, read once from left to right (its closing "#" and blanks are no letters of the
# key it is compared by)
_TOP_HEADING = lazy_compile(r"^[ \t]{0,3}#{1,2}[ \t]++(?P<title>[^\n]{1,300})")


class _HolderReader:
    """The holder the card names (see CardStatement "holder-stated"), fed line by line.

    The first line that names one is kept, except that a bare web address ("Developed by: [https://www.tii.ae](...)")
    gives way to a later name ("built by [TII](https://www.tii.ae)", review pass 33 E3: a reviewer needs the
    organisation's name, and the address alone only points at it), and a "By <organisation>" subtitle gives way to a
    label or a sentence naming the developer wherever it stands (card-reader differential 35: a subtitle is the
    weakest reading; "- **Developed by:** Meta" below a "### By ..." subsection is the card's word). A byline under
    the title ("#### by Alina Xia": the first prose after the title, images and badges) names a person or an acronym
    too (_byline), with a subtitle's weight."""

    def __init__(self) -> None:
        self.found: CardStatement | None = None
        self.from_subtitle = False
        self.headings: list[str] = []  # name_key of the level-1 and level-2 headings read so far
        self.opening = True  # no prose read yet but the title, images and badges: where a byline stands

    def feed(self, line: str, number: int) -> None:
        """Read one prose line (at most MAX_STATEMENT_LINE characters)."""
        heading = _TOP_HEADING.match(line) if line.lstrip()[:1] == "#" else None
        if heading is not None and len(self.headings) < MAX_HEADINGS:
            self.headings.append(holder_name_key(heading.group("title")))
        opening, self.opening = self.opening, self.opening and _OPENING_ONLY.match(line) is not None
        bare = self.found is not None and _BARE_ADDRESS.match(self.found.as_written) is not None
        if self.found is not None and not bare and not self.from_subtitle:
            return
        found = _holder_stated(line, number) or _made_by(line, number, self.headings)
        subtitle = found is None and (self.found is None or bare)
        if subtitle:
            found = _by_subtitle(line, number) or (_byline(line, number) if opening else None)
        if found is None or (self.found is not None and _BARE_ADDRESS.match(found.as_written)):
            return
        self.found, self.from_subtitle = found, subtitle


# a subtitle naming who made the model ("### By the Hellenic Army Academy (SSE) and the Technical University of Crete
# (TUC)", lighteternal/stsb-xlm-r-greek-transfer, review pass 34 P5), only when its words look like an organisation
# (card_holder_words.organisation_subtitle): not a section that sorts by something ("## By task", "### By Hardware")
_BY_SUBTITLE = lazy_compile(r"^\s{0,3}#{2,4}\s+[*_]*[Bb]y\s+(?:[Tt]he\s+)?(?P<name>\[?[A-Z][^#\n]{2,200}?)[*_]*\s*$")


def _by_subtitle(line: str, number: int) -> CardStatement | None:
    """holder-stated (role developer) from a subtitle "By <organisation> [and <organisation>]", else None."""
    found = _BY_SUBTITLE.match(line) if "by" in line[:12].lower() else None
    if found is None or not organisation_subtitle(found.group("name")) or _NO_HOLDER.search(found.group("name")):
        return None
    name = _MD_LINK.sub(lambda m: m.group(1), found.group("name")).strip().strip("*_`").strip().rstrip(".")
    return CardStatement("holder-stated", name, number, ("developer",))


# what a card's opening holds before its first prose: its title (a level-1 heading), images, badges, an HTML wrapper's
# tags, a rule; a byline is read only there (card_holder_words.byline_names)
_OPENING_ONLY = lazy_compile(r"^\s{0,3}(?:#\s|[-*_]{3,}\s*$|!\[|\[!\[|<(?:/?(?:p|div|center|h1|img|a|br|picture|"
                             r"source)\b|!--))", re.IGNORECASE)
# a byline: "by" and the makers' names, alone on its line, a heading of any level or emphasised or plain
_BYLINE = lazy_compile(r"^\s{0,3}(?:#{1,6}\s+)?[*_]*[Bb]y\s+(?:[Tt]he\s+)?(?P<name>[^\s*_][^\n]{1,200}?)[*_]*\s*$")


def _byline(line: str, number: int) -> CardStatement | None:
    """holder-stated (role developer) from a byline under the card's title ("#### by Alina Xia", "by David, Fernando
    and Eric"): a person's name, a list of names, an acronym or an organisation (byline_names), else None."""
    found = _BYLINE.match(line) if "by" in line[:12].lower() else None
    if found is None:
        return None
    name = _MD_LINK.sub(lambda m: m.group(1), found.group("name")).strip().strip("*_`").strip().rstrip(".")
    if not byline_names(name) or _NO_HOLDER.search(name):
        return None
    return CardStatement("holder-stated", name, number, ("developer",))


def _holder_stated(line: str, number: int) -> CardStatement | None:
    """Who a line names as owning or making the model (see CardStatement "holder-stated"), else None. A label needs
    a colon or its own bold markup ("**Model developers** Meta"); a copyright notice counts only where it opens the
    line with a year (one quoted inside a sentence is someone else's notice, such as Meta's in a Llama card)."""
    label = _HOLDER_LABEL.match(line)
    if label is not None and (label.group("colon") or (label.group("open") and label.group("close"))):
        word = label.group("label").lower()
        role = "owner" if word.startswith(("owner", "rights")) else ("copyright" if word.startswith("copyright")
                                                                      else "developer")
        rest = label.group("rest")
    else:
        notice = _COPYRIGHT_OPENS.match(line)
        if notice is None:
            return None
        role, rest = "copyright", notice.group("rest")
    name = _ALL_RIGHTS.sub("", _MD_LINK.sub(lambda m: m.group(1), rest)).strip().strip("*_`").strip().rstrip(";,")
    if name.endswith(".") and not _ABBREVIATED.search(name):
        name = name[:-1]  # the sentence's full stop, not that of "Inc."
    if not 1 < len(name) <= 100 or _NO_HOLDER.search(name):
        return None
    return CardStatement("holder-stated", name, number, (role,))


def _license_section(line: str, number: int) -> CardStatement | None:
    """A license heading or "License:" label line, else None."""
    heading = _HEADING.match(line)
    if heading is not None:
        title = heading.group(2).strip("*_ ")
        return CardStatement("license-section", title[:120], number) if _LICENSE_TITLE.search(title) else None
    return CardStatement("license-section", "License", number) if _LICENSE_LABEL.match(line) else None


def _children_section(level: int | None, line: str) -> int | None:
    """The heading level of the open section listing this model's children, None outside one: a heading titled so
    opens it, a heading of its level or above closes it."""
    heading = _HEADING.match(line)
    if heading is None:
        return level
    depth = len(heading.group(1))
    if CHILDREN_TITLE.match(heading.group(2).strip("*_ ")):
        return depth
    return None if level is None or depth <= level else level


_FIRST_TITLE = lazy_compile(r"^[ \t]{0,3}#[ \t]++(?P<title>[^\n]{1,200})", re.MULTILINE)


_CODE_FENCE = lazy_compile(r"[ \t]{0,3}(?:```|~~~)")


def _first_title(body: str) -> re.Match[str] | None:
    """The card's first `# Title` line outside fenced code: a `#` comment in a usage block ("# [[ 0.559 0.01654 ]]"
    in an embedding card's example) is no title."""
    in_code = False
    for line in body.split("\n"):
        if _CODE_FENCE.match(line):
            in_code = not in_code
        elif not in_code and (title := _FIRST_TITLE.match(line)) is not None:
            return title
    return None


def _own_names(body: str, repo_id: str | None) -> tuple[str, ...]:
    """The names a table cell may give this model by: its repository's name and its card's first title."""
    names = [repo_id.rsplit("/", 1)[-1]] if repo_id else []
    title = _first_title(body[:MAX_PROSE_SCAN])
    if title is not None:
        names.append(_MD_LINK.sub(lambda m: m.group(1), title.group("title")).strip(" *_`#"))
    return tuple(names)


def _whole_body_compute(compute: list[CardStatement], body: str, first_line: int) -> list[CardStatement]:
    """The compute statements that need more than one line: the card template's Environmental Impact block ("Hours
    used:" and "Hardware Type:" on separate lines; its Hours line's one-line reading, hardware-less, is replaced),
    and the per-size table rows of a card that states a total (auditor/compute.py)."""
    template = template_hours(body[:MAX_PROSE_SCAN], first_line)
    if template:
        lines = {number for _, number in template}
        compute = [st for st in compute if not (st.kind == "training-gpu-hours" and st.line in lines)]
        compute.extend(CardStatement("training-gpu-hours", written, number) for written, number in template)
    if any(st.kind != "training-tokens" for st in compute):  # a table row only beside a stated total
        compute.extend(CardStatement(COMPUTE_ROW, f"{hours} GPU hours", number, (label,))
                       for label, hours, number in compute_rows(body[:MAX_PROSE_SCAN], first_line)[:MAX_STATEMENTS])
    return compute


# a labelled contact line of the prose ("* **Contact**: For questions ... please email `lm@stability.ai`",
# stabilityai/stablelm-2-1_6b README line 89): the address is kept, never the sentence
_CONTACT_LABEL = lazy_compile(r"^[\s>*_+-]*(?:model\s+)?contact(?:\s+(?:us|information|info|details))?[*_\s]*[:：]",
                              re.IGNORECASE)
# (only ASCII letters bound it: a Chinese sentence glues the address to its words, "请发送邮件至x@y.com联系")
_EMAIL = lazy_compile(r"(?<![A-Za-z0-9_.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4}"
                      r"(?![A-Za-z0-9_-])")


# "For commercial usage inquiries, feel free to [contact us](https://jina.ai/contact-sales/)": where the card says to
# ask for commercial use (review pass 33, P5: jina-embeddings-v3's License section)
_COMMERCIAL_ASK = lazy_compile(r"(?<!non-)(?<!non )(?<!non)\bcommercial(?:\s+|-)(?:use|usage|licen[cs]\w*|inquir\w*|"
                               r"enquir\w*|purposes?|access|deployment|terms)\b", re.IGNORECASE)
_CONTACT_WORD = lazy_compile(r"\b(?:contact|reach\s+out|inquir\w*|enquir\w*|e-?mail|write\s+to|get\s+in\s+touch)\b|"
                             r"邮件|郵件|邮箱|郵箱|联系|聯繫|聯絡|申请|申請|发送至|发送到|發送至", re.IGNORECASE)
# the same ask in Chinese ("商用需要申请", "如需商用", "商业使用需...申请", "商业授权"), never a ban ("非商用",
# "不得商用")
_CJK_COMMERCIAL_ASK = lazy_compile(r"(?<!非)(?<!不得)(?<!禁止)(?<!不可)(?<!不能)"
                                   r"(?:商用|商业(?:使用|用途|授权|许可|合作|化)|商業(?:使用|用途|授權|許可|合作))")
_NO_NEED_TO_ASK = lazy_compile(r"(?:无需|無需|不需要?|不必|不用)[^。；]{0,8}?(?:申请|申請|联系|聯繫)")
_ASK_SENTENCE_END = lazy_compile(r"[。；！？;!?]|[.](?:\s|$)")
_LINK_ADDRESS = lazy_compile(r"\[[^\]\n]{1,80}\]\(\s*<?(https?://[^)\s>]{1,200})")
_NOT_A_CONTACT = lazy_compile(r"licen[cs]e|许可|許可|协议|協議|"
                              r"/datasets/|/issues\b|/discussions\b|creativecommons\.org|opensource\.org|"
                              r"spdx\.org|arxiv\.org", re.IGNORECASE)


# A licence applied for by e-mail without the word "commercial" or 商用 in the sentence
# ("您需要通过以下联系邮箱 x@y ，提交《X 模型社区许可协议》要求的申请材料", Baichuan 2;
# "To obtain a license, apply via email to x@y"; "如需获得授权，请发送邮件至 x@y 申请"): the sentence speaks of
# the licence or an authorisation and of applying, requesting or writing for it, and gives the address.
# Issue 19 leftovers: such a card's contact was not read, so question 27 named nobody.
_LICENSE_WORD = lazy_compile(r"\b(?:licen[cs]\w*|authori[sz]ation|permission)\b|授权|授權|许可|許可", re.IGNORECASE)
_APPLY_WORD = lazy_compile(r"\b(?:apply|applying|application|request\w*|submit\w*|obtain\w*)\b|申请|申請|提交|"
                           r"邮件|郵件|邮箱|郵箱|联系|聯繫|聯絡", re.IGNORECASE)
# a sentence of such an application: up to its end, a Chinese or ASCII sentence mark
_APPLICATION_SENTENCE = lazy_compile(r"[^。；！？;!?\n]{1,400}?(?:[。；！？;!?]|[.](?=\s|$)|$)")


def _license_application(line: str, number: int) -> CardStatement | None:
    """kind "contact-stated", role "commercial": the e-mail address a sentence gives for applying for the licence or
    an authorisation (see _LICENSE_WORD), when the sentence never says "non-commercial" or that no application is
    needed."""
    if "@" not in line:
        return None
    for sentence in _APPLICATION_SENTENCE.finditer(line[:4000]):
        text = sentence.group(0)
        if "@" not in text or not _LICENSE_WORD.search(text) or not _APPLY_WORD.search(text) \
                or _NO_NEED_TO_ASK.search(text) or "non-commercial" in text.lower():
            continue
        found = _EMAIL.search(text)
        if found is not None:
            return CardStatement("contact-stated", found.group(0)[:120], number, ("commercial",))
    return None


def _contact_stated(line: str, number: int) -> CardStatement | None:
    """kind "contact-stated": the e-mail address of a labelled "Contact:" line, which the review offers beside the
    license's own word on whom to ask for a commercial license (question 27); or the address (a link or e-mail) of a
    sentence that says where to ask for commercial use, role "commercial"."""
    if _CONTACT_LABEL.match(line):
        found = _EMAIL.search(line)
        return CardStatement("contact-stated", found.group(0), number) if found else None
    ask = _COMMERCIAL_ASK.search(line) if "ommercial" in line else None
    if ask is None and "商" in line:
        ask = _CJK_COMMERCIAL_ASK.search(line)
    if ask is None:
        return _license_application(line, number)
    # the ask's sentence and the next ("商用需要申请。请发送邮件至 x@y", "Please contact x@y for commercial use")
    starts = [m.end() for m in _ASK_SENTENCE_END.finditer(line, max(0, ask.start() - 300), ask.start())]
    start = starts[-1] if starts else max(0, ask.start() - 300)
    first_end = _ASK_SENTENCE_END.search(line, ask.end())
    second_end = _ASK_SENTENCE_END.search(line, first_end.end()) if first_end else None
    window = line[start: second_end.end() if second_end else len(line)]
    if _CONTACT_WORD.search(window) is None or _NO_NEED_TO_ASK.search(window):
        return _license_application(line, number)  # an application's own sentence may come before the ask's
    # the first address after the ask that is no license text, dataset or issue page (a sentence may link the license
    # it speaks of before saying whom to ask), else the last one before it ("contact x@y for commercial use")
    at = ask.start() - start
    # (a link whose text names the licence is its text, not whom to ask: "[《X 模型许可协议》](url)")
    addresses = [(m.start(), m.group(1)) for m in _LINK_ADDRESS.finditer(window)
                 if not _NOT_A_CONTACT.search(window[m.start(): m.start(1)])]
    addresses += [(m.start(), m.group(0)) for m in _EMAIL.finditer(window)]
    usable = sorted((where, a) for where, a in addresses if not _NOT_A_CONTACT.search(a))
    address = next((a for where, a in usable if where >= at), usable[-1][1] if usable else None)
    if address is None:
        return _license_application(line, number)  # the address in an application's sentence before the ask's
    return CardStatement("contact-stated", address[:120], number, ("commercial",))


# A heading whose section is about the model's own training run ("## Training Procedure", "### Training Details",
# "## Pre-training"): there a labelled token count ("- **Num of Tokens:** 1.001T Tokens", RedPajama-INCITE-7B-Base)
# is the run's, although its label does not say "trained"; a fine-tuning or data heading is not one
_TRAINING_RUN_TITLE = lazy_compile(
    r"^[\W_]{0,4}(?:model\s+)?(?:pre-?)?training(?:\s+(?:details?|procedure|process|setup|run|hyper-?parameters))?"
    r"[\W_]{0,4}$", re.IGNORECASE)


def _training_run_heading(line: str, current: bool) -> bool:
    """Whether the lines after this one are in a training-run section: a heading, or a bold line alone that titles
    what follows ("**Training Procedure**"), opens or closes one; another line keeps the state."""
    heading = _HEADING.match(line)
    bold = _BOLD_LINE.match(line) if heading is None else None
    if heading is None and bold is None:
        return current
    title = heading.group(2) if heading is not None else bold.group("title") if bold is not None else ""
    return _TRAINING_RUN_TITLE.match(title) is not None


def _add_compute(found: list[CardStatement], line: str, number: int, training_section: bool = False) -> None:
    """The training-compute statements of one line, at most MAX_STATEMENTS of each kind; `training_section`: the
    line is under a training-run heading (a token count's label there need not say "trained")."""
    for kind, written in find_compute(line, training_section=training_section):
        if sum(1 for st in found if st.kind == kind) < MAX_STATEMENTS:
            found.append(CardStatement(kind, written, number))


def _table_compute(figures: FigureTable, found: list[CardStatement], line: str, number: int,
                   training_section: bool) -> None:
    """The compute statements of one line where a table row may give this model's parameter count and training
    tokens only from its own column or row (auditor/card_figure_table.py): a comparison table's first column is
    another model's as often as this one's."""
    how, read = figures.feed(line)
    if how == "prose":
        _release_table(figures, found)
        _add_compute(found, line, number, training_section)
        return
    row: list[CardStatement] = []
    _add_compute(row, line, number, training_section)
    found.extend(st for st in row if st.kind not in TABLE_KINDS)
    if how == "row" and read is not None:
        narrowed: list[CardStatement] = []
        _add_compute(narrowed, read, number, training_section)
        _extend_capped(found, [st for st in narrowed if st.kind in TABLE_KINDS])
    elif how == "held":
        for st in row:
            if st.kind in TABLE_KINDS:
                figures.hold(st, read or "")


def _release_table(figures: FigureTable, found: list[CardStatement]) -> None:
    """The held figures of the table that ended: this model's row's, or those of a table of one row."""
    _extend_capped(found, [st for st in figures.close() if isinstance(st, CardStatement)])


def _extend_capped(found: list[CardStatement], more: list[CardStatement]) -> None:
    for st in more:
        if sum(1 for kept in found if kept.kind == st.kind) < MAX_STATEMENTS:
            found.append(st)


def _prose_not_read(body: str, first_line: int, file: str) -> Problem:
    """The prose past MAX_PROSE_SCAN is not read for statements: said, with the line it starts on, because a base or a
    license stated there (a card padded to push "Fine-tuned from [Llama](...)" past the limit) would otherwise be
    missed in silence (fail closed; real cards' prose stays under 20,000 characters, their size is front matter)."""
    line = first_line + body.count("\n", 0, MAX_PROSE_SCAN)
    return Problem("card-prose-not-read", f"the card's prose is longer than {MAX_PROSE_SCAN:,} characters; what it "
                   f"states from line {line} on (a license, a base model, training data) was not read", file=file,
                   line=line)


# Keys of an axolotl training configuration beside its `base_model` (axolotl's generated card shows the config in a
# "See axolotl config" block; older cards paste it under "Settings:"); a block needs two of them, and the card must
# name axolotl, for its `base_model` to count as the model trained.
_AXOLOTL_KEYS = frozenset({"adapter", "lora_r", "lora_alpha", "lora_dropout", "lora_target_modules", "sequence_len",
                           "micro_batch_size", "gradient_accumulation_steps", "num_epochs", "datasets", "output_dir",
                           "load_in_4bit", "load_in_8bit", "base_model_config", "tokenizer_type", "val_set_size",
                           "sample_packing", "dataset_prepared_path", "learning_rate", "lr_scheduler"})
# The keys only axolotl's configuration has (other trainers say `max_seq_length`, `per_device_train_batch_size`,
# `num_train_epochs`): two of them make a block axolotl's when the card never names the tool, or misspells it ("by
# using the **Axolot** library", edumunozsala/aguila-7b-instructft-bactrian-x, lineage pass 34)
_AXOLOTL_ONLY_KEYS = frozenset({"sequence_len", "micro_batch_size", "sample_packing", "dataset_prepared_path",
                                "val_set_size", "base_model_config", "lora_target_linear", "lora_model_dir",
                                "is_falcon_derived_model", "is_llama_derived_model", "is_mistral_derived_model",
                                "pad_to_sequence_len", "eval_sample_packing", "special_tokens"})
# A value a template leaves for the reader to fill in: "{{ your_model }}", "${BASE_MODEL}", "<base model id>",
# "your_org/your_model", "YOUR_BASE", "path/to/model". Any other value, even one that is no Hub id, is read (fail
# closed); an alias ("*i") too.
_PLACEHOLDER = lazy_compile(r"\{\{|\}\}|\$\{|\$[A-Z_]{2,}|<[^<>]{1,80}>|(?<![A-Za-z0-9])your[_-]|\bpath/to\b",
                            re.IGNORECASE)
MAX_CONFIG_BLOCK = 64 * 1024  # characters of one fenced block read as a training configuration


class _TrainingConfig:
    """The base model of the axolotl configuration a card carries in a fenced block, as a "base-configured"
    statement (the block's `base_model`, at its line): the configuration the weights were trained with names the
    model they started from. Read when the card names axolotl, or when the block has two keys only axolotl's
    configuration has (_AXOLOTL_ONLY_KEYS: a card that misspells or never names the tool); the first such block
    counts."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.lines: list[str] = []
        self.size = 0
        self.start = 0
        self.found: CardStatement | None = None
        self.inside = False
        self.another = False  # the open block's intro calls it another version's configuration

    def fence(self, number: int, intro: str = "") -> None:
        """A fence line at README line `number`: it opens a block, or closes the one open and reads it. `intro` is
        the prose line before an opening fence: a block it calls another version's, or one to change, is not read
        (auditor/card_prose_origin.py config_for_another)."""
        if self.inside:
            self.close()
        else:
            self.lines, self.size, self.start = [], 0, number + 1
            self.another = config_for_another(intro)
        self.inside = not self.inside

    def feed(self, line: str) -> None:
        if self.found is None and self.size <= MAX_CONFIG_BLOCK:
            self.lines.append(line)
            self.size += len(line) + 1

    def close(self) -> None:
        if self.found is not None or not self.lines or self.another:
            return
        body = "\n".join(self.lines)
        if "base_model" not in body or not (self.enabled or self._axolotl_only()):
            return
        try:
            loaded = load_yaml(body, file="README.md") if self.size <= MAX_CONFIG_BLOCK else None
        except YamlError:
            loaded = None
        if loaded is None:
            self.found = self._unread()
            return
        base = loaded.get("base_model") if isinstance(loaded, dict) else None
        if not isinstance(base, str) or not base.strip() or len(_AXOLOTL_KEYS & set(loaded)) < 2 \
                or "merge_method" in loaded or _PLACEHOLDER.search(base):
            return
        at = next((i for i, text in enumerate(self.lines) if text.lstrip().startswith("base_model:")), 0)
        self.found = CardStatement("base-configured", base.strip(), self.start + at, ("axolotl",))

    def _axolotl_only(self) -> bool:
        """Whether the open block has two top-level keys only axolotl's configuration has (_AXOLOTL_ONLY_KEYS)."""
        keys = {text.partition(":")[0].strip() for text in self.lines if text[:1].isalpha() and ":" in text}
        return len(_AXOLOTL_ONLY_KEYS & keys) >= 2

    def _unread(self) -> CardStatement | None:
        """A block the YAML reader refuses (an alias bomb, larger than MAX_CONFIG_BLOCK) that reads as an axolotl
        configuration line by line (a top-level `base_model:` and two axolotl keys, no `merge_method:`): its base is
        the `base_model:` line as written, so the lineage reads that name, or says it is no Hub id, instead of
        taking the model for one without a base (fail closed). Any other block that is not YAML is an example."""
        keys = {text.partition(":")[0].strip() for text in self.lines if text[:1].isalpha() and ":" in text}
        at = next((i for i, text in enumerate(self.lines) if text.startswith("base_model:")), None)
        if at is None or "merge_method" in keys or len(_AXOLOTL_KEYS & keys) < 2:
            return None
        written = self.lines[at].partition(":")[2].split(" #")[0].strip().strip("'\"").strip()[:200]
        if _PLACEHOLDER.search(written):
            return None  # a template to fill in ("base_model: {{ your_model }}"): it names no model trained
        return CardStatement("base-configured", written or "(unreadable)", self.start + at, ("axolotl",))


class _BaseStatements:
    """The prose's base statements: the first one that holds for any repository, and before it the list items naming
    their subject (SUBJECT_ROLE), which hold only for the repository they name (auditor/card_subject.py): a family
    card's items on its other models must not hide the line about this one, nor end the search."""

    def __init__(self) -> None:
        self.found: list[CardStatement] = []
        self.done = False
        self.paused = False  # under a heading listing the model's children (card_children.CHILDREN_TITLE)

    def offer(self, statement: CardStatement | None) -> None:
        if statement is None or self.done or self.paused:
            return
        # an unconfirmed bare id (UNCONFIRMED_ROLE) does not end the search either: a later line may name the base
        named = any(role.startswith(SUBJECT_ROLE) or role == UNCONFIRMED_ROLE for role in statement.roles)
        if not named:
            self.done = True
        if not named or len(self.found) < MAX_STATEMENTS:
            self.found.append(statement)

    def confirmed(self, body: str) -> list[CardStatement]:
        """The statements found, each bare id checked against the rest of the card: one the card links as a
        dataset's page is no base at all, an unconfirmed one it links as a Hub model page is confirmed (the role
        UNCONFIRMED_ROLE dropped)."""
        if not any(BARE_ROLE in st.roles for st in self.found):
            return self.found
        low = body[:MAX_PROSE_SCAN].lower()
        out = []
        for st in self.found:
            if BARE_ROLE not in st.roles:
                out.append(st)
            elif f"huggingface.co/datasets/{st.as_written.lower()}" not in low:
                linked = f"huggingface.co/{st.as_written.lower()}" in low
                linked = linked and HEDGED_ROLE not in st.roles  # a link does not settle which one was meant
                out.append(replace(st, roles=tuple(r for r in st.roles if r != UNCONFIRMED_ROLE)) if linked else st)
        return out


def _table_row(table: BaseTable, line: str, number: int) -> CardStatement | None:
    """The base a family table's row gives its model (auditor/card_table_base.py), held only for that model."""
    row = table.feed(line if len(line) <= MAX_STATEMENT_LINE else "")
    return None if row is None else CardStatement("base-stated", row[0], number, row_roles(row[1]))


# the longest section title a prose-only use-restriction statement keeps as a role (roles are short words)
MAX_ROLE_TITLE = 40


def _restriction_statement(reader: UseRestrictionReader) -> tuple[CardStatement, ...]:
    """The "use-restriction-section" statement of what the reader found (none, or one)."""
    found = reader.finish()
    if found is None:
        return ()
    title, line, items, forbids, said = found
    roles = (str(items), "prohibited" if forbids else "out-of-scope")
    if said:  # a prose-only section (review 40 W1): its sentence as written, at its line; "prose" and the title
        # (when short, roles being short words) as roles
        return (CardStatement("use-restriction-section", said, line,
                              (*roles, "prose", *((title,) if len(title) <= MAX_ROLE_TITLE else ()))),)
    return (CardStatement("use-restriction-section", title, line, roles),)


def card_statements(body: str, *, first_line: int = 1, repo_id: str | None = None) -> tuple[CardStatement, ...]:
    """Facts the card's prose states (the code's license, its code repositories), each with its README line.

    Fenced code blocks are skipped (an example that prints "released under X" says nothing). At most
    MAX_STATEMENTS of each kind are kept: a card repeating itself does not make the statement stronger, and
    a card listing fifty repositories is not naming its own code.
    """
    licenses: list[CardStatement] = []
    links: dict[str, CardStatement] = {}
    papers: list[CardStatement] = []
    data = _TrainingData()
    compute: list[CardStatement] = []
    license_section: CardStatement | None = None
    license_stated: CardStatement | None = None
    section_links = _LicenseSectionLinks()
    license_sentence: CardStatement | None = None
    cjk_sentence: CardStatement | None = None  # the same in Chinese: read after the English ones (a bilingual card)
    bases = _BaseStatements()
    holder = _HolderReader()
    family_stated: CardStatement | None = None
    family_license: CardStatement | None = None
    named_licenses: list[CardStatement] = []
    lora_merged: CardStatement | None = None
    contact: CardStatement | None = None
    prose = ProseFilter()
    prose_seen: list[str] = []  # the prose of each line read, for the readers of the whole prose
    config = _TrainingConfig("axolotl" in body[:MAX_PROSE_SCAN].lower())
    label_alone = False  # the last line read was a lone "Base model:" label
    in_training_run = False  # under a training-run heading (_TRAINING_RUN_TITLE)
    intro = ""  # the last prose line read that was not blank: what introduces a fenced block
    grant: CardStatement | None = None
    scope: CardStatement | None = None  # the publisher's research-only / no-commercial word (card_use_scope.py)
    wrapped: tuple[str, int] | None = None  # the last prose line read and its number, its paragraph going on
    merge = MergeReader()
    restrictions = UseRestrictionReader()
    table = BaseTable()  # a family table's base column: each row's base holds for its row's model
    children: int | None = None  # the heading level of an open "Derived models" section (_CHILDREN_TITLE)
    own = _own_names(body, repo_id)  # this model's names: its repository's and its title's
    figures = FigureTable(own)  # a comparison table's figures: only this model's column or row
    # split on "\n" only: editors and the Hub number lines that way (str.splitlines would also split on
    # form feeds and U+2028, and the README line cited would be wrong)
    for number, raw in enumerate(body[:MAX_PROSE_SCAN].split("\n"), first_line):
        line = raw.rstrip("\r")
        was_fenced = prose.fenced
        line, code = prose.step(line)
        prose_seen.append(line)
        if code:
            if was_fenced and prose.fenced:
                config.feed(raw.rstrip("\r"))
            else:
                config.fence(number, intro)
            merge.gap()
            data.gap()
            table.feed("")
            _release_table(figures, compute)
            figures.feed("")
            continue
        if not line.strip():
            wrapped = None
            merge.gap()
            data.gap()
            table.feed("")
            _release_table(figures, compute)
            figures.feed("")
            continue
        intro = line
        children = _children_section(children, line)
        bases.paused = children is not None  # a list of the models made from this one: no base is read there
        if bases.paused:
            prose_seen[-1] = ""  # nor by the readers of the whole prose
        bases.offer(_table_row(table, line, number))
        bases.offer(_id_line(line, number) if label_alone else None)
        # a "based on" sentence whose "It" is another model named just before names no base of this one
        own_line = without_borrowed_it(line, wrapped[0] if wrapped else "", own)
        prose_seen[-1] = prose_seen[-1] and own_line  # nor for the readers of the whole prose
        bases.offer(_wrapped_base(wrapped, own_line))
        wrapped = (line, number) if len(line) <= MAX_STATEMENT_LINE else None
        label_alone = _BASE_LABEL_ALONE.match(line) is not None
        if len(line) <= MAX_STATEMENT_LINE:
            data.feed(line, number)
            in_training_run = _training_run_heading(line, in_training_run)
            _table_compute(figures, compute, line, number, in_training_run)
            license_section = license_section or _license_section(line, number)
            license_stated = license_stated or _license_stated(line, number)
            license_sentence = license_sentence or _license_sentence(line, number)
            if cjk_sentence is None and "](" in line and not line.isascii():
                cjk_sentence = _cjk_license_sentence(line, number)
            section_links.feed(line, number)
            bases.offer(_base_stated(own_line, number))
            bases.offer(_prose_origin_base(own_line, number))
            holder.feed(line, number)
            if not bases.paused:
                family_stated = family_stated or _base_family_stated(line, number) or _family_origin(line, number)
            family_license = family_license or _family_license(line, number)
            named = _named_license(line, number) if len(named_licenses) < MAX_NAMED_LICENSES else None
            named_licenses += [named] if named is not None else []
            grant = grant or _own_grant(line, number)
            scope = scope or _use_scope(line, number)
            merge.feed(line, number)
            restrictions.feed(line, number)
            lora_merged = lora_merged or _lora_merged(line, number)
            contact = contact or _contact_stated(line, number)
        _add_papers(papers, line, number)
        if len(links) < MAX_STATEMENTS:
            for link in _code_links(line, number):
                found = _GITHUB_REPO.match(link.as_written)
                key = f"{found.group(1)}/{found.group(2)}".lower() if found else link.as_written.lower()
                if key in links:  # named again: it stands for what both lines say
                    first = links[key]
                    roles = tuple(dict.fromkeys((*first.roles, *link.roles)))
                    links[key] = CardStatement(first.kind, first.as_written, first.line, roles)
                elif len(links) < MAX_STATEMENTS:
                    links[key] = link
        low = line.lower()
        if len(licenses) >= MAX_STATEMENTS or len(line) > MAX_STATEMENT_LINE or "code" not in low \
                or " under" not in low or not _VERB_UNDER.search(line):
            continue
        licenses.extend(_code_licenses(line, number)[: MAX_STATEMENTS - len(licenses)])
    _release_table(figures, compute)
    bases.paused = False
    if bases.found and says_scratch(prose_seen):
        # a card whose model was trained from scratch: its "the base model is X" is another model's (review 28)
        bases.found = [st for st in bases.found if st != _base_is_statement(prose_seen[st.line - first_line], st.line)]
    bases.offer(_port_base(prose_seen, first_line))  # only when no line named a base
    bases.offer(_linked_name_base(prose_seen, first_line))  # the same
    bases.offer(_card_link_base(prose_seen, first_line))  # the same
    bases.offer(_converted_subject_base(prose_seen, first_line))  # the same
    bases.offer(_peft_snippet_base(body[:MAX_PROSE_SCAN], first_line, repo_id))  # the same
    bases.offer(_training_command_base(body[:MAX_PROSE_SCAN], first_line))  # the same
    bases.offer(_training_config_base(body[:MAX_PROSE_SCAN], first_line))  # the same
    bases.offer(_part_base(prose_seen, first_line))  # the same
    bases.offer(_name_only_base(prose_seen, first_line, bases.found))  # only when no reader named a base
    bases.offer(_stage_name_base(prose_seen, first_line, repo_id))  # the same
    bases.offer(_resource_list_statement(prose_seen, first_line, repo_id, bases.found))  # the same
    section = tuple(st for st in (data.section, data.described(), data.link) if st is not None)
    compute = scoped_compute(_whole_body_compute(compute, body, first_line), body[:MAX_PROSE_SCAN], first_line,
                             _own_names(body, repo_id))
    license_stated = license_stated or license_sentence or section_links.statement() or cjk_sentence
    stated = tuple(st for st in (license_section, license_stated, *_exported(bases.confirmed(body), body),
                                 holder.found, family_stated, family_license,
                                 config.found, lora_merged, contact, grant, scope) if st is not None)
    stated = (*stated, *_restriction_statement(restrictions), *named_licenses)
    merged = ([CardStatement("merge-declared", *merge.declared)] if merge.declared else []) + [
        CardStatement("merge-part", found, number, (how,)) for found, number, how in merge.kept()]
    return (*licenses, *links.values(), *papers[:MAX_STATEMENTS], *data.found.values(), *data.candidates.values(),
            *section, *compute, *stated,
            *merged, *_component_statements(stated, prose_seen, first_line),
            *_whole_body_statements(prose_seen, first_line),
            *_own_adapter(body[:MAX_PROSE_SCAN], first_line, repo_id, prose_seen),
            *(CardStatement(REMOTE_CODE, loaded, line) for loaded, line in
              remote_code_snippets(body[:MAX_PROSE_SCAN], first_line)),
            *_subject_statements(body, first_line, repo_id, stated + tuple(merged)))


_NAMES_A_BASE = frozenset({"base-stated", "base-component", "base-configured", "merge-part"})


def _subject_statements(body: str, first_line: int, repo_id: str | None,
                        stated: tuple[CardStatement, ...]) -> tuple[CardStatement, ...]:
    """The subject-id statements (auditor/card_own_subject.py). Without the repository's owner (a local folder audited
    without `--as`) the only id the usage code names is read as the card's own (role ONLY_ID_ROLE), unless a base
    statement names it: a card whose code loads only its base says nothing of its own id."""
    only = not has_owner(repo_id)
    bases = {st.as_written.lower() for st in stated if st.kind in _NAMES_A_BASE} if only else set()
    out = []
    for found, line, how in subject_ids(body[:MAX_PROSE_SCAN], first_line, repo_id):
        if only and how == "usage code":
            if found.lower() in bases:
                continue
            out.append(CardStatement(SUBJECT_ID, found, line, (how, ONLY_ID_ROLE)))
        else:
            out.append(CardStatement(SUBJECT_ID, found, line, (how,)))
    return tuple(out)


def _prose_origin_base(line: str, number: int) -> CardStatement | None:
    """The Hub model a line names as this model's origin in words card.py's phrases miss (auditor/card_prose_origin.py):
    a teacher distilled into it (roles "distillation", "teacher"), or a model page it says it was trained on."""
    teacher = distilled_teacher(line)
    if teacher is not None:
        return CardStatement("base-stated", teacher, number, ("distillation", "teacher"))
    trained = trained_on_model(line) or tuned_link(line)
    return CardStatement("base-stated", trained, number) if trained is not None else None


def _family_origin(line: str, number: int) -> CardStatement | None:
    """The family a line names as this model's origin in the shapes of auditor/card_prose_origin.py family_origin
    ("integrated Mistral 7B weights into", "a Llama2 based Chat model", "merged ... Llama-3 Instruct"), as a
    base-family-stated statement; None when a Hub link on the line names the base (base-stated says it)."""
    if _may_link(line) and _BASE_STATED.search(line):
        return None
    found = family_origin(line, _PROSE_FAMILY)
    if found is None:
        return None
    match, phrase = found
    label = PROSE_BASE_FAMILIES[int(next(k for k, v in match.groupdict().items() if v)[1:])][0]
    return CardStatement("base-family-stated", match.group(0), number, (label, phrase))


def _use_scope(line: str, number: int) -> CardStatement | None:
    """The publisher's research-only or no-commercial-use word in the prose (auditor/card_use_scope.py), else None."""
    found = use_scope(line, number)
    return CardStatement(USE_SCOPE, found[0], found[1], (found[2],)) if found is not None else None


def _own_grant(line: str, number: int) -> CardStatement | None:
    """The publisher's own first-person grant on a line (auditor/card_grant.py), kind "own-grant-stated"."""
    found = own_grant(line, number)
    return CardStatement(OWN_GRANT, found[0], found[1]) if found is not None else None


def _linked_name_base(prose: list[str], first_line: int) -> CardStatement | None:
    """The base a "made from" phrase names without its owner, when the card links one Hub model of that name
    (auditor/card_named_base.py): "the base model **Falcon-7b**" beside "[Falcon 7B](https://huggingface.co/...)",
    with the role "quantized" when its sentence says the repository holds it quantized ("GGUF quants of the base model
    **Falcon-7b**"): the role was dropped, and a quantization read as a finetune."""
    found = named_base_statement(prose, first_line)
    return CardStatement("base-stated", *found) if found is not None else None


def _name_only_base(prose: list[str], first_line: int, found: list[CardStatement]) -> CardStatement | None:
    """The base a "made from" phrase names only by its repository's name, no link confirming it ("obtained by pruning
    Llama-3.1-8B"): kept as written with the role NAME_ONLY_ROLE, which lineage/graph.py follows only when the catalog
    knows one original model of that name (auditor/card_named_base.py unlinked_name)."""
    if found:  # another reader named a base (even an unconfirmed bare id): the name alone adds nothing
        return None
    named = unlinked_statement(prose, first_line)
    return CardStatement(NAMED_KIND, named[0], named[1], (NAME_ONLY_ROLE, *named[2])) if named is not None else None


def _stage_name_base(prose: list[str], first_line: int, repo_id: str | None) -> CardStatement | None:
    """The base a family card names only in a sibling's recipe whose first stage it says this model is ("- **ALMA-7B**:
    Full-weight Fine-tune LLaMA-2-7B on ..." and "`ALMA-7B-Pretrain` ... only experience stage 1", auditor/
    card_stage_base.py): a name-only base (NAME_ONLY_ROLE), which the catalog confirms or not like any other."""
    found = stage_base(prose, first_line, repo_id)
    return CardStatement(NAMED_KIND, found[0], found[1], (NAME_ONLY_ROLE,)) if found is not None else None


def _resource_list_statement(prose: list[str], first_line: int, repo_id: str | None,
                             found: list[CardStatement]) -> CardStatement | None:
    """The base a card gives only as the "Model" item of a list that also gives its training data ("- Datasets :
    [stsb_multi_mt](url)" / "- Model : [org/x](url)", auditor/card_resource_list.py), when no other reader named one."""
    if found:
        return None
    named = resource_list_base(prose, first_line, repo_id)
    return CardStatement("base-stated", named[0], named[1]) if named is not None else None


def _card_link_base(prose: list[str], first_line: int) -> CardStatement | None:
    """The original a packaging's card links only by its model card's name (auditor/card_model_card_link.py): "[X
    Model Card](https://huggingface.co/org/x)" in a Docker Model Runner card's Links, with the role "quantized" when
    the card speaks of GGUF or a quantization."""
    found = model_card_link(prose, first_line)
    if found is None:
        return None
    return CardStatement("base-stated", found[0], found[1], ("quantized",) if found[2] else ())


COMPONENT_KIND = "base-component"


def _component_statements(stated: tuple[CardStatement, ...], prose: list[str],
                          first_line: int) -> list[CardStatement]:
    """A "base-component" statement for each further model the prose's base sentence lists with its base ("built upon
    [SigLIP](url) and [Llama-3-8B-Instruct](url)", auditor/card_components.py): the first base-stated statement
    that holds for any repository, when the list's first model is the one it names (the phrase was read and
    judged a base's there)."""
    first = next((st for st in stated if st.kind == "base-stated"
                  and not any(r.startswith(SUBJECT_ROLE) for r in st.roles)), None)
    if first is not None and PART_ROLE in first.roles:  # the base is a part: the others are the further parts
        return [CardStatement(COMPONENT_KIND, found, number, (PART_ROLE,))
                for found, number in model_parts(prose, first_line)[1:]]
    if first is None or not 0 <= first.line - first_line < len(prose):
        return []
    ids = component_bases(prose[first.line - first_line])
    if len(ids) < 2 or ids[0].lower() != first.as_written.lower():
        return []
    return [CardStatement(COMPONENT_KIND, found, first.line) for found in ids[1:]]


PART_ROLE = "part"


def _part_base(prose: list[str], first_line: int) -> CardStatement | None:
    """The first part a vision-language model's card names by its role (auditor/card_model_parts.py): "- **Vision
    Encoder**: [SigLIP](url)", "[Qwen2](url) as the language model"; the others are "base-component" statements
    (_component_statements). Role PART_ROLE."""
    parts = model_parts(prose, first_line)
    return CardStatement("base-stated", parts[0][0], parts[0][1], (PART_ROLE,)) if parts else None


def _peft_snippet_base(body: str, first_line: int, repo_id: str | None) -> CardStatement | None:
    """The base an adapter's usage code wraps (auditor/card_peft_snippet.py): `from_pretrained("org/base")` then
    `PeftModel.from_pretrained(model, "org/adapter")`, with the role "adapter" only when the adapter loaded is this
    repository (_loads_this). A full fine-tune whose card shows how to run another repository's LoRA (its adapter
    sibling: Senku-70B-Full's card and Senku-70B) was read as an adapter; the model wrapped is still the base."""
    found = peft_snippet_load(body, first_line)
    if found is None:
        return None
    return CardStatement("base-stated", found[0], found[1], (ADAPTER_ROLE,) if _loads_this(found[2], repo_id) else ())


def _loads_this(adapter: str, repo_id: str | None) -> bool:
    """Whether the adapter a snippet loads is the repository audited: its id, case aside; for a local folder named
    without its owner, the adapter's repository name. With no id known (a card parsed alone) nothing says it is
    another repository's, and the snippet is read as the card's own, as before."""
    if not repo_id:
        return True
    if has_owner(repo_id):
        return adapter.lower() == repo_id.strip().strip("/").lower()
    return adapter.rsplit("/", 1)[-1].lower() == repo_id.strip().strip("/").rsplit("/", 1)[-1].lower()


def _training_command_base(body: str, first_line: int) -> CardStatement | None:
    """The base a LoRA's training command names with `--base_model` (auditor/card_peft_snippet.py), with the role
    "adapter"."""
    found = training_command_base(body, first_line)
    return CardStatement("base-stated", found[0], found[1], (ADAPTER_ROLE,)) if found is not None else None


def _own_adapter(body: str, first_line: int, repo_id: str | None, prose: list[str]) -> list[CardStatement]:
    """An "adapter-stated" statement when the card's usage code wraps a base with this very repository as a PEFT
    adapter (`PeftModel.from_pretrained(model, "<this repo>")`, auditor/card_peft_snippet.py), and no sentence of the
    prose said it already: the one way the card runs the model says it is an adapter (a French QLoRA card whose
    front matter names its base and no `peft` library, turbONE/JARVIS-Qwen3-30B-Fine-tuned, lineage pass 29).
    lineage/relation.py reads it only when no file, library or tag says what the repository is."""
    if not repo_id or adapter_statement(prose, first_line) is not None:
        return []
    found = peft_snippet_adapter(body, first_line)
    if found is None or found[0].lower() != repo_id.lower():
        return []
    return [CardStatement(ADAPTER_STATED, f"PeftModel.from_pretrained(..., {found[0]!r})", found[1])]


def _training_config_base(body: str, first_line: int) -> CardStatement | None:
    """The checkpoint a fine-tuning run's configuration starts from (auditor/card_training_config.py): the
    `model_name_or_path` of a training block's hyperparameters, a training command's `--model`; only an id of an
    id's shape that is no site page (`outputs/run-3` is a folder), with the role "adapter" for a LoRA run. A name
    without an owner (`model_name_or_path: llama-7b`) is kept as the name-only reader keeps one (NAME_ONLY_ROLE, its
    own kind): lineage/graph.py follows it only when the catalog knows exactly one original model of that name, so
    it is neither taken for an id nor dropped; a name no model's (_ownerless_shape: `bert`, `output`) names none."""
    found = training_config_base(body, first_line)
    if found is None:
        return None
    roles = (ADAPTER_ROLE,) if found[2] else ()
    if "/" not in found[0]:
        return CardStatement(NAMED_KIND, found[0], found[1], (NAME_ONLY_ROLE, *roles)) \
            if _ownerless_shape(found[0]) else None
    if not _bare_id_shape(found[0]) or _site_owner(found[0]):
        return None
    return CardStatement("base-stated", found[0], found[1], roles)


def _converted_subject_base(prose: list[str], first_line: int) -> CardStatement | None:
    """The original a conversion's or a copy's card names as its sentence's subject (auditor/card_converted_subject.py):
    "this is [X](url), dequantised from q5 to f16", "Just an easy to download copy of <X's address>", with the role
    "quantized" for a conversion or a copy of a quantization."""
    found = converted_subject(prose, first_line)
    if found is None:
        return None
    return CardStatement("base-stated", found[0], found[1], ("quantized",) if found[2] else ())


def _port_base(prose: list[str], first_line: int) -> CardStatement | None:
    """The original a port's card names by its author and a bare address (auditor/card_port.py), as a base-stated
    statement with the role "quantized": the port holds the original's weights converted to another runtime."""
    port = port_statement(prose, first_line)
    return CardStatement("base-stated", port[0], port[1], ("quantized",)) if port is not None else None


def _whole_body_statements(prose: list[str], first_line: int) -> list[CardStatement]:
    """The statements read by modules of their own over the whole prose (`prose`: each line's prose, as
    card_statements' ProseFilter left it): a corpus's license (auditor/card_data_license.py), a named
    architecture (auditor/card_architecture.py) and a sentence saying the model is an adapter
    (auditor/card_adapter.py)."""
    out = [CardStatement(DATA_LICENSE, name, number, names, link)
           for name, number, names, link in data_license_statements(prose, first_line)]
    architecture = architecture_statement(prose, first_line)
    if architecture is not None:
        out.append(CardStatement(ARCHITECTURE, architecture[0], architecture[1], (), architecture[2]))
    adapter = adapter_statement(prose, first_line)
    if adapter is not None:
        out.append(CardStatement(ADAPTER_STATED, adapter[0], adapter[1]))
    mirror = mirror_statement(prose, first_line)
    if mirror is not None:
        out.append(CardStatement(MIRROR_STATED, *mirror))
    trademark = trademark_section(prose, first_line)
    if trademark is not None:
        out.append(CardStatement(TRADEMARK, *trademark))
    unnamed = unnamed_data(prose, first_line)
    if unnamed is not None:
        out.append(CardStatement(UNNAMED_DATA, *unnamed))
    return out


def _code_licenses(line: str, number: int) -> list[CardStatement]:
    """The "code-license" statements of one line (see _CODE_LICENSE): the license name, and the roles its subject
    gives ("model" added when the subject names the model too)."""
    out = []
    for match in _CODE_LICENSE.finditer(line):
        if not _subject_stands_alone(line[: match.start()]):
            continue  # "Transformers code ...": a word we do not know names whose code it is
        name = match.group("name").strip().strip("*_`").rstrip(".")
        roles = _roles(match.group("subject")) if match.group("subject").strip() else ("code",)
        if _MODEL_TOO.search(line[max(0, match.start() - 30): match.start("name")]):
            roles = (*roles, "model")  # "The code and model are released under X": the weights' license too
        if name:
            out.append(CardStatement("code-license", name, number, roles))
    return out


def _subject_stands_alone(before: str) -> bool:
    before = before.rstrip()
    if not before or not (before[-1].isalnum() or before[-1] == "'"):
        return True
    return before.rsplit(None, 1)[-1].lower() in _JOINING_WORDS


def _strict_check(block: str, file: str, offset: int) -> list[Problem]:
    """libyaml accepts some tabs that PyYAML's pure parser (which huggingface_hub uses) rejects. We keep the
    lenient reading (the license is still there) and report that the Hub's own client cannot read the card."""
    import yaml

    try:
        yaml.load(block, Loader=yaml.SafeLoader)  # the pure-Python parser, as huggingface_hub uses it
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark is not None else None
        return [Problem("card-yaml-error", f"front matter is not valid YAML for huggingface_hub's parser "
                        f"({exc.problem or exc.context}); auditor read it with a lenient parser",
                        file=file, line=line)]
    except yaml.YAMLError as exc:
        return [Problem("card-yaml-error", f"front matter is not valid YAML for huggingface_hub's parser ({exc})",
                        file=file)]
    return []


def as_list(value: Any) -> list[Any]:
    """A card value that may be a scalar, a list or missing, as a list (None and "" become [])."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None and v != ""]
    return [value]


# Keys people write instead of the documented ones. Kept here so that every stage reads a card the same way.
LICENSE_KEYS = ("license", "licenses", "licence", "licences", "License", "LICENSE", "Licence")


def card_license_values(card: dict[str, Any]) -> list[tuple[str, Any]]:
    """(key, value) pairs for every key that declares a license, including misspellings and any case."""
    out = []
    for key, value in card.items():
        if key.lower() in {"license", "licenses", "licence", "licences"}:
            out.append((key, value))
    return out


def base_model_key(card: dict[str, Any]) -> str | None:
    """The front-matter key that holds the card's base models: `base_model` (or `base_models`), else the first key
    spelled otherwise (any letter case, `-` or a space for `_`: `Base_Model`, `base-model`). The Hub reads only
    `base_model`, but a card that names its base under another spelling still says what it was made from: read,
    and said (lineage/graph.py), rather than taken for a model with no base."""
    for key in ("base_model", "base_models"):
        if key in card:
            return key
    return next((key for key in card if isinstance(key, str)
                 and re.sub(r"[-\s]+", "_", key.strip().lower()) in ("base_model", "base_models")), None)


def card_base_models(card: dict[str, Any]) -> tuple[list[str], list[Problem]]:
    """The card's base models in order (repeats kept), with problems for values that are not usable ids.

    Empty lists, non-strings and blank strings are reported here; whether an id exists is lineage's job.
    """
    problems: list[Problem] = []
    key = base_model_key(card)
    raw = card.get(key) if key is not None else None
    if raw is None and card.get("finetuned_from"):
        raw = card.get("finetuned_from")
    if raw is None:
        return [], problems
    if isinstance(raw, (list, tuple)) and len(raw) == 0:
        problems.append(Problem("base-model-empty", "base_model is an empty list", file="README.md",
                                key="base_model"))
        return [], problems
    items = list(raw) if isinstance(raw, (list, tuple)) else [raw]
    if len(items) > MAX_CARD_BASES:
        # No model is made of more: a merge combines a few dozen at most (mergekit's configs are read up to the
        # same number). Reading 20,000 would make one card cost minutes and megabytes of findings.
        problems.append(Problem("base-model-too-many", f"base_model lists {len(items):,} models; only the first "
                                f"{MAX_CARD_BASES} are read, so the terms of the others are unknown",
                                file="README.md", key="base_model", fatal=True))
        items = items[:MAX_CARD_BASES]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            problems.append(Problem("base-model-invalid", f"base_model entry {_shown(item)} is not a model id",
                                    file="README.md", key="base_model"))
            continue
        parts = joined_ids(item)
        if parts:
            problems.append(Problem("base-model-joined", f"base_model entry {_shown(item)} holds {len(parts)} model "
                                    "ids in one string; read as each of them (a YAML list names several bases)",
                                    file="README.md", key="base_model"))
        out.extend(parts or [item.strip()])
    return out, problems


# One Hub id with its owner, as a joined base_model string must be made of: every part, or the string is kept whole.
_WHOLE_ID = lazy_compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*")
_JOINERS = lazy_compile(r"\s*[,;]\s*|\s+")


def joined_ids(text: str) -> list[str]:
    """The ids of a base_model string that joins several with commas, semicolons or spaces ("org/a, org/b"), in
    order; [] when it is one id or anything else. Only when every part is a whole `owner/name` id: a string that
    joins an id with prose ("meta-llama/Llama-3.1-8B (instruct)"), a URL or a name without owner is not split and
    stays one unresolvable name (fail closed), since which models it means is then a guess."""
    parts = [p for p in _JOINERS.split(text.strip()) if p]
    if len(parts) < 2 or not all(_WHOLE_ID.fullmatch(p) for p in parts):
        return []
    return parts


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it, as written (textsafe.as_written), cut to `limit` characters (a card may hold
    megabytes)."""
    return as_written(value, limit)
