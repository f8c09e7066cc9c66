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

A local folder audited without `--as` has no repository id (its record is named after the folder), and lost every
usage-code id: its card's own word on what it is (the id its quick start loads). There the card is read for the one
repository id it names at all (only_code_id): when its code and prose name exactly one `owner/name`, and a loader in
the code loads it, that id is the card's own; two ids (a base and its adapter, a model and another's tokenizer) leave it
unknown, and auditor/card.py drops the one id that a base statement or the front matter's `base_model` names (a card
whose code loads only its base).
"""

from __future__ import annotations

import re

from auditor.card_subject import without_format_suffix
from auditor.card_text import FENCE, HUB_HOST, REPO_ID, SITE_PAGES
from auditor.lazyre import lazy_compile

KIND = "subject-id"
MAX_IDS = 4
_MAX_LINE = 400
# a level-1 or level-2 heading that is a Hub id, bare, in backticks or linked to its Hub page
_HEADING = lazy_compile(rf"^\s{{0,3}}#{{1,2}}\s+(?:\[\s*)?`?(?P<id>{REPO_ID})`?"
                        rf"(?:\s*\]\(\s*(?:{HUB_HOST})?[^)\s]{{0,200}}\))?\s*+#*+\s*+$")  # tail read once: linear
# usage code loading a model by a quoted id: a loader call's first argument, or a variable named for the model
_LOADED = lazy_compile(
    r"""(?:\.from_pretrained\s{0,3}\(\s{0,3}|\b(?:model_name|model_id|model_path|repo_id|MODEL_NAME|MODEL_ID|"""
    rf"""MODEL_PATH|model)\s{{0,3}}=\s{{0,3}})["'](?P<id>{REPO_ID})["']""")


# any quoted `owner/name` in usage code, and any Hub model page or id in backticks in the prose: what makes a loaded id
# the only one the card names (a family card's table of siblings, a retriever's link, an adapter's merged version)
_QUOTED_ID = lazy_compile(rf"""["'](?P<id>{REPO_ID})["']""")
_PROSE_ID = lazy_compile(rf"{HUB_HOST}(?P<id>{REPO_ID})|`(?P<quoted>{REPO_ID})`", re.IGNORECASE)
_PLACEHOLDER_OWNER = lazy_compile(r"^<?(?:your|my|user|username|org|organi[sz]ation|owner|namespace|hf)(?:[-_]?"
                                  r"(?:user(?:name)?|name|org|id|account|hf|namespace))?>?$|[<>{}]", re.IGNORECASE)
# a model's name in the prose (letters, then parts joined by hyphens: "DeepSeek-VL2-Tiny", "T-lite-0.1"), kept as
# its key (letters and digits, lower case); at most MAX_NAMES of them
_PROSE_NAME = lazy_compile(r"(?<![\w/.-])[A-Za-z][\w.]{0,40}(?:-[\w.]{1,40}){1,6}")
_NOT_KEY = lazy_compile(r"[^0-9a-z]+")
MAX_NAMES = 400
MIN_STEM = 4
ONLY_ID_ROLE = "only id"  # the further role of an id read without the repository's id (only_code_id)


def only_code_id(body: str) -> str | None:
    """The one repository id a card names, when its fenced usage code loads it (_LOADED) and no other id is quoted
    in the code, linked as a Hub model page, written in backticks or as a top heading in the prose, and the prose
    names no sibling of it (_names_sibling); None otherwise (no code, no loader, two ids: which one is the card's is
    unknown; an owner that is a placeholder, "YOUR_USERNAME/x")."""
    named: set[str] = set()
    names: set[str] = set()  # name_key of the model-like names of the prose (_PROSE_NAME)
    loaded: str | None = None
    fenced = False
    for raw in body.split("\n"):
        line = raw.rstrip("\r")
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced and len(line) <= _MAX_LINE:
            named.update(match.group("id").lower() for match in _QUOTED_ID.finditer(line))
            found = _LOADED.search(line)
            loaded = loaded or (found.group("id") if found is not None else None)
        elif not fenced:
            named.update((match.group("id") or match.group("quoted")).lower() for match in _PROSE_ID.finditer(line)
                         if (match.group("id") or match.group("quoted")).split("/", 1)[0].lower() not in SITE_PAGES)
            heading = _HEADING.match(line) if len(line) <= _MAX_LINE else None
            if heading is not None:
                named.add(heading.group("id").lower())
            if len(line) <= _MAX_LINE and len(names) < MAX_NAMES:
                names.update(_key(found) for found in _PROSE_NAME.findall(line))
        if len(named) > 1:
            return None
    if loaded is None or named != {loaded.lower()} or _PLACEHOLDER_OWNER.search(loaded.split("/", 1)[0]):
        return None
    return None if _names_sibling(loaded.rsplit("/", 1)[-1], names) else loaded


def _key(text: str) -> str:
    return _NOT_KEY.sub("", text.lower())


def _names_sibling(name: str, names: set[str]) -> bool:
    """Whether the prose names another model of the loaded id's family: a name that opens with the id's name less its
    last part ("DeepSeek-VL2-Tiny" beside code loading "deepseek-ai/deepseek-vl2-small"), so the code may load a
    sibling of the card's model as well as the model itself."""
    own, stem = _key(name), _key(name.rsplit("-", 1)[0]) if "-" in name else ""
    return len(stem) >= MIN_STEM and any(found != own and found.startswith(stem) for found in names)


def has_owner(repo_id: str | None) -> bool:
    """Whether a repository id names its owner ("org/name"), as a local folder's name alone does not."""
    return bool(repo_id) and "/" in str(repo_id).strip().strip("/")


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
    id usage code loads only when it is `repo_id`'s own (is_own_id), or, with no owner in `repo_id` (a local folder
    audited without `--as`), the only id the code names (only_code_id; auditor/card.py adds the role ONLY_ID_ROLE)."""
    only = None if has_owner(repo_id) else only_code_id(body)
    if only is not None:
        repo_id = only
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
