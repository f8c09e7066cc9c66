"""The Hub ids a card gives as its own subject: a top heading that is an id ("# katanemo/Arch-Agent-7B") and the id its
usage code loads (`model_name = "katanemo/Arch-Agent-7B"`, `from_pretrained("katanemo/Arch-Agent-7B")`).

Why (review pass 34, W2): a publisher's GGUF of its own fine-tune is named after it plus ".gguf" or "-GGUF", and
declares the model it fine-tuned from as `base_model`. The name alone made the audit call the repository a direct
quantization of that base ("its weights are its base's"), and a license that differs from the base's became "license
laundering", when the card's heading and quick start say the weights are the publisher's own model. auditor/lineage/
relation.py compares these ids with the repository's name without its format suffix: the same publisher's model, not
the declared base, is what was quantized, so the relation to the base is a fine-tune.

Only the id forms count (a heading "# Llama 2 7B Chat - GGUF" names no repository), at most MAX_IDS of them; every
regex is anchored or bounded.

Usage code loads many models besides the card's own (card review 35: a LoRA card loads its base, a diffusion card its
VAE and SDXL base, a distilled model its teacher, a family card its siblings, a tokenizer another repository's), so an
id loaded there is the card's subject only when it is the repository's own: its id, or its owner with its name
without a format suffix ("katanemo/Arch-Agent-7B" in katanemo/Arch-Agent-7B.gguf's quick start). Without the
repository's id nothing in code says whose model it is, and no usage-code id is kept; a heading that is an id names
the card's subject by its place.
"""

from __future__ import annotations

from auditor.card_subject import without_format_suffix
from auditor.card_text import FENCE, HUB_HOST, REPO_ID
from auditor.lazyre import lazy_compile

KIND = "subject-id"
MAX_IDS = 4
_MAX_LINE = 400
# a level-1 or level-2 heading that is a Hub id, bare, in backticks or linked to its Hub page
_HEADING = lazy_compile(rf"^\s{{0,3}}#{{1,2}}\s+(?:\[\s*)?`?(?P<id>{REPO_ID})`?"
                        rf"(?:\s*\]\(\s*(?:{HUB_HOST})?[^)\s]{{0,200}}\))?\s*#*\s*$")
# usage code loading a model by a quoted id: a loader call's first argument, or a variable named for the model
_LOADED = lazy_compile(
    r"""(?:\.from_pretrained\s{0,3}\(\s{0,3}|\b(?:model_name|model_id|model_path|repo_id|MODEL_NAME|MODEL_ID|"""
    rf"""MODEL_PATH|model)\s{{0,3}}=\s{{0,3}})["'](?P<id>{REPO_ID})["']""")


def is_own_id(found: str, repo_id: str | None) -> bool:
    """Whether `found` ("owner/name") is the repository `repo_id` itself or its owner's model its name without a format
    suffix names (the model a publisher's own quantization holds); False when the repository's id is unknown."""
    if not repo_id or "/" not in repo_id or "/" not in found:
        return False
    owner, name = (part.strip().lower() for part in repo_id.strip().strip("/").split("/")[-2:])
    their_owner, their_name = found.strip().lower().rsplit("/", 1)
    return their_owner == owner and their_name in {name, without_format_suffix(name)}


def subject_ids(body: str, first_line: int = 1, repo_id: str | None = None) -> list[tuple[str, int, str]]:
    """(id, README line, "heading" or "usage code") for the ids the card gives as its subject, first found first; an
    id usage code loads only when it is `repo_id`'s own (is_own_id)."""
    found: list[tuple[str, int, str]] = []
    seen: set[str] = set()
    fenced = False
    for number, raw in enumerate(body.split("\n"), first_line):
        line = raw.rstrip("\r")
        if FENCE.match(line):
            fenced = not fenced
            continue
        if len(line) > _MAX_LINE:
            continue
        match = _LOADED.search(line) if fenced else _HEADING.match(line)
        if match is None or match.group("id").lower() in seen or (fenced and not is_own_id(match.group("id"), repo_id)):
            continue
        seen.add(match.group("id").lower())
        found.append((match.group("id"), number, "usage code" if fenced else "heading"))
        if len(found) >= MAX_IDS:
            break
    return found
