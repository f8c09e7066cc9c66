"""The sentence of a model card's prose that says the repository is a mirror of another ("This repository is a mirror
of the now deprecated `runwayml/stable-diffusion-v1-5`, this repository or organization are not affiliated in any way
with RunwayML", stable-diffusion-v1-5/stable-diffusion-v1-5 README line 12).

Why: a mirror's publisher made no changes to the weights, so it holds no rights in them. Without the statement the
review presumed the publisher "the copyright holder of its changes" and named an unaffiliated organisation as the
model's rights holder (review pass 32 W1). The statement keeps what was mirrored, as written (a Hub id or a name), and
whether the line says the publisher is not affiliated with the original's maker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.lazyre import lazy_compile

KIND = "mirror-stated"
NOT_AFFILIATED = "not-affiliated"
MAX_LINE = 1200
# "this repository is a mirror of [the now deprecated] `owner/name`", "This repo mirrors owner/name", "a mirror of
# [owner/name](https://...)": the subject is this repository (or model, organisation, space), the object a Hub id
# in backticks, a link's text or a bare owner/name; at most four words between "of" and the id ("the now deprecated
# original"), each a bounded run of word characters, so the match is linear
_MIRROR = lazy_compile(
    r"\b(?:this|the|our)\s+(?:repo(?:sitory)?|model(?:\s+repo(?:sitory)?)?|organi[sz]ation|space)\s+"
    r"(?:is\s+(?:(?:a|an|just\s+a|only\s+a)\s+)?mirror(?:ed\s+from)?(?:\s+of)?|mirrors)\s+"
    r"(?:[\w-]{1,30}\s+){0,4}?[`\[\"']?(?P<id>[\w.-]{1,96}/[\w.-]{1,96})",
    re.IGNORECASE)
_NOT_AFFILIATED = lazy_compile(r"\bnot\s+(?:\w+\s+){0,3}?affiliated\b|\bunaffiliated\b", re.IGNORECASE)


def mirror_statement(prose: Sequence[str], first_line: int = 1) -> tuple[str, int, tuple[str, ...]] | None:
    """(what is mirrored as written, its README line, roles) of the first line saying this repository mirrors
    another, None when none does. The role "not-affiliated" says the same line disclaims any tie to the original's
    maker."""
    for number, line in enumerate(prose, first_line):
        if len(line) > MAX_LINE or "mirror" not in line.lower():
            continue
        found = _MIRROR.search(line)
        if found is None:
            continue
        mirrored = found.group("id").strip(".`'\"")
        roles = (NOT_AFFILIATED,) if _NOT_AFFILIATED.search(line) else ()
        return mirrored, number, roles
    return None
