"""Whether the card's own sentence about the model it was fine-tuned from agrees with the front matter's base_model.

Why: the Trainer and TRL write both from the same setting (`model_name_or_path`): base_model in the front matter
and "This model is a fine-tuned version of [X](https://huggingface.co/X)" in the prose. When the two name different
models, one of them was edited by hand ("Whisper Small Latin": base_model a text-to-speech model, the sentence
openai/whisper-small; lineage pass 21), and which one holds cannot be known from the card. The declared base stays
the one followed (it is declared), but picking it in silence would pass a card on terms that may not be the model's:
the disagreement is a lineage problem (LIN012, as a file naming another base than the card is), never a quiet choice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from auditor.card import FINETUNED_VERSION_ROLE
from auditor.lazyre import lazy_compile
from auditor.lineage.bases import classify_id
from auditor.model import Problem
from auditor.sources.org_renames import renamed_counterparts

# what a template writes when it had no model's name (the Trainer's "[None](https://huggingface.co/None)")
_NO_MODEL = frozenset({"none", "null", "nil", "nan", "undefined", "unknown"})
MAX_NAME = 200  # a repository name is at most 96 characters; longer values are not names to compare
# what a mirror or a re-upload adds to a model's name (Unsloth's "unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit" of
# "meta-llama/Meta-Llama-3.1-8B-Instruct", a converted "-hf" copy): the same weights under another owner
_MIRROR_SUFFIX = lazy_compile(r"(?:[-_.](?:unsloth|bnb|4bit|8bit|fp16|bf16|hf))+$")


def _same_model(one: str, other: str) -> bool:
    """Whether two ids name the same model: equal without letter case; equal names when one is written without its
    owner (a legacy id such as `gpt2`, which the Hub redirects to `openai-community/gpt2`); or names equal but for a
    mirror's suffix (_MIRROR_SUFFIX), the sentence naming the original of the mirror the front matter names."""
    a, b = one.strip().lower(), other.strip().lower()
    if a == b:
        return True
    name_a, name_b = a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1]
    if ("/" in a) != ("/" in b) and name_a == name_b:
        return True
    if max(len(a), len(b)) > MAX_NAME:
        return False
    if any(moved.lower() == b for moved, _ in renamed_counterparts(a)):
        return True  # a recorded organisation rename (CohereForAI -> CohereLabs): the Hub redirects one to the other
    if _MIRROR_SUFFIX.sub("", name_a) == _MIRROR_SUFFIX.sub("", name_b) != "":
        return True
    return _owner_prefix_dropped(a, b) or _owner_prefix_dropped(b, a)


def _owner_prefix_dropped(longer: str, shorter: str) -> bool:
    """Whether one id is the other under the same owner with the owner's own word dropped from the front of the name:
    a publisher renaming its repositories (meta-llama/Meta-Llama-3.1-8B-Instruct is now meta-llama/Llama-3.1-8B-
    Instruct; the Hub redirects the old name), which a card written before the rename still names. Only the owner's
    first word counts ("meta" of meta-llama), so two different models of one owner never compare equal."""
    owner, _, name = longer.partition("/")
    other_owner, _, other_name = shorter.partition("/")
    if not owner or owner != other_owner:
        return False
    word = re.split(r"[-_.]", owner, maxsplit=1)[0]
    return len(word) >= 2 and name.startswith(word) and name[len(word):len(word) + 1] in "-_." and \
        name[len(word) + 1:] == other_name != ""


def stated_disagreement(name: str, statement: Mapping[str, Any] | None, card_bases: Sequence[str],
                        card_location: str) -> Problem | None:
    """The problem "lineage-base-disagreement" when the card's first base statement is a fine-tuned-from sentence
    (FINETUNED_VERSION_ROLE) or a plain "made from" one ("The model is based on [X](url)", no role: not a quantizer's,
    an adapter's, a teacher's, a table row or a name alone) naming a Hub repository that none of the front matter's
    bases is; None otherwise (no such sentence, a local folder or a name that is no Hub id, or the same model).
    Issue 19 leftovers: rinna's PPO card declares the pretrained model as base_model while its prose says it is based
    on the SFT stage's checkpoint; the declared base was followed and the prose's base never mentioned."""
    roles = tuple(statement.get("roles") or ()) if statement is not None else ()
    if statement is None or not card_bases or any(role != FINETUNED_VERSION_ROLE for role in roles):
        return None
    text = str(statement.get("as_written") or "")
    if text.strip().lower() in _NO_MODEL:
        return None
    repo_id, code, _ = classify_id(text)
    if repo_id is None or code is not None:
        return None  # a local folder or no id at all: the Trainer's "[None](...)", not another model
    if any(_same_model(repo_id, base) for base in card_bases):
        return None
    line = statement.get("line")
    where = f"README.md line {line}" if line else "README.md"
    return Problem(
        "lineage-base-disagreement",
        f"{name}: the card's prose says it is {'fine-tuned from' if roles else 'made from'} {repo_id} ({where}) but "
        f"the card names {', '.join(card_bases)} ({card_location}); which one it was made from is not known, so the "
        "declared base is followed and the disagreement reported",
        file="README.md",
        key="base_model",
    )
