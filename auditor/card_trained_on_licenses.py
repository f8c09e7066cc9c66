"""The licences a "trained on ..." sentence gives its data, and the sources it names without one (review 37 W4).

Why: InCoder's card says it "was trained on public open-source repositories with a permissive, non-copyleft, license
(Apache 2.0, MIT, BSD-2 or BSD-3) from GitHub and GitLab, as well as StackOverflow". The trained-on reader stopped at
the first comma ("... with a permissive"), and question 25 said the data's licences "cannot be checked" although the
card names them. Here the sentence's whole object is kept (bounded) when it names licences, and read as data:
`roles` "license:<id>" for each licence it names (an SPDX id where the name is unambiguous, else as written), and
"unstated:<source>" for a source it adds after the licences ("as well as StackOverflow", "in addition to X") whose
licence it does not give. The card's word on its data, never the data's own record.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile

MAX_OBJECT = 200  # characters of a sentence's object kept (the catalog transcribes at most this many)
LICENSE_ROLE = "license:"
UNSTATED_ROLE = "unstated:"
MAX_ROLES = 8
# licence names as cards write them; case as written (a lower-case "mit" is a word in other languages)
_NAME = lazy_compile(
    r"(?<![\w-])(?:(?P<apache>Apache(?:[- ]License)?,?[ \t]{0,3}(?:Version[ \t]{0,3}|v)?2\.0)|(?P<mit>MIT)|"
    r"BSD[- ]?(?P<bsd>[234])(?:[- ]Clause)?|(?P<cc0>CC0)(?:[- ]1\.0)?|"
    r"(?P<cc>CC[- ]?BY(?:[- ](?:SA|NC|ND)){0,2}(?:[- ]\d\.\d)?)|(?P<odcby>ODC[- ]BY)(?:[- ]1\.0)?|"
    r"(?P<odbl>ODbL)(?:[- ]1\.0)?|(?P<gpl>(?:L|A)?GPL)[- ]?v?(?P<gplv>[23])(?:\.0)?)(?![\w-])")
# a source the sentence adds after its licences: "as well as StackOverflow", "in addition to the Pile"
_ADDED = lazy_compile(r"\b(?:as\s+well\s+as|in\s+addition\s+to|and\s+also|plus)\s+(?P<source>[^,;.()\n]{2,60})",
                      re.IGNORECASE)


def _spdx(found: re.Match[str]) -> str:
    """The SPDX id of a matched licence name where the name leaves no doubt, else the name as written."""
    if found.group("apache"):
        return "Apache-2.0"
    if found.group("mit"):
        return "MIT"
    if found.group("bsd"):
        return f"BSD-{found.group('bsd')}-Clause"
    if found.group("cc0"):
        return "CC0-1.0"
    if found.group("cc"):
        return re.sub(r"[ ]", "-", found.group("cc")).upper().replace("CCBY", "CC-BY")
    if found.group("odcby"):
        return "ODC-By-1.0"
    if found.group("odbl"):
        return "ODbL-1.0"
    return f"{found.group('gpl')}-{found.group('gplv')}.0"


def licenses_in(text: str) -> tuple[str, ...]:
    """The licences `text` names, in order, each once."""
    seen: list[str] = []
    for found in _NAME.finditer(text[:MAX_OBJECT]):
        spdx = _spdx(found)
        if spdx not in seen:
            seen.append(spdx)
    return tuple(seen)


def data_roles(what: str) -> tuple[str, ...]:
    """The statement's roles: "license:<id>" per licence the object names, then "unstated:<source>" per source it
    adds after the last licence; () when it names no licence (a sentence without licences says nothing of them)."""
    licenses = licenses_in(what)
    if not licenses:
        return ()
    last = max(m.end() for m in _NAME.finditer(what[:MAX_OBJECT]))
    added = [m.group("source").strip(" *_`'\"") for m in _ADDED.finditer(what, last)]
    roles = [f"{LICENSE_ROLE}{name}" for name in licenses] + [f"{UNSTATED_ROLE}{s[:30]}" for s in added if s]
    return tuple(roles[:MAX_ROLES])


def role_values(roles: object, prefix: str) -> list[str]:
    """The values of the roles with `prefix` ("license:" or "unstated:"), in order."""
    return [str(r)[len(prefix):] for r in roles or () if isinstance(r, str) and r.startswith(prefix)] \
        if isinstance(roles, (list, tuple)) else []
