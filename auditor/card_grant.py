"""The publisher's own grant, said in the first person in a card's prose (issue 19, review pass 31 P2): "I grant
permission for any use, including commercial, that falls within accordance with Meta's Llama-3 license"
(cognitivecomputations/dolphin-2.9-llama3-8b). A license text quoted in a card says "Licensor hereby grants You";
the publisher speaking for itself says "I" or "we". The review shows it beside the declared license as the
publisher's own word on its terms, with its line: it does not replace the license, and it cannot widen an
ancestor's (Meta's terms still bind).

kind "own-grant-stated": `as_written` the sentence from its subject on, cut to MAX_GRANT characters; `line` its
README line.
"""

from __future__ import annotations

import re

from auditor.card_text import SENTENCE_END
from auditor.lazyre import lazy_compile

KIND = "own-grant-stated"
MAX_GRANT = 200
# "I grant permission for", "We hereby grant you permission to use", "I give permission to use", "we grant
# everyone the right to use"; never a negation ("I do not grant"), nor a wish or a question ("can I grant")
_GRANT = lazy_compile(
    r"(?<![\w'’])(?:I|we|We)\s+(?:hereby\s+|also\s+|explicitly\s+)?(?:grant|give)\s+(?:(?:you|everyone|anyone|"
    r"users?|all)\s+)?(?:(?:full\s+|explicit\s+|my\s+|our\s+)?(?:permission|the\s+right|rights?|a\s+license|"
    r"license)\s+)(?:for|to)\b")
_ASKED = lazy_compile(r"\b(?:can|could|may|might|do|does|did|should|would|will|if)\s+$", re.IGNORECASE)


def own_grant(line: str, number: int) -> tuple[str, int] | None:
    """(the grant's sentence from its subject on, its line) of a line where the publisher grants a use in the first
    person, None when it grants none."""
    if len(line) > 1_000 or ("grant" not in line and "give" not in line):
        return None
    for match in _GRANT.finditer(line):
        if _ASKED.search(line[max(0, match.start() - 20): match.start()]):
            continue  # "Can I grant permission to ...", "if we give permission to ...": no grant made
        end = SENTENCE_END.search(line, match.end())
        sentence = line[match.start(): end.start() + 1 if end else len(line)].strip()
        return sentence[:MAX_GRANT], number
    return None
