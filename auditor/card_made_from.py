"""Whether a card's "made from" phrase says this model's weights were made from a family's ("Finetuned from", "LoRA
on", "distilled from", "based on the weights of") or only names something it follows ("based on", "built on": also
an architecture, a code base or a method).

Why its own module: card.py records the phrase with a base-family-stated statement, and facts.py classifies it for
the review (a made-from base's license is a floor for the answers); facts.py should not import the card reader.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile

# "based on the weights of LLaMA" is a made-from statement; "based on LLaMA" may name a design
# (matched right after the verb; the look-behind keeps a search over a long run of blanks linear)
WEIGHTS_OF = lazy_compile(r"(?<!\s)\s++(?:the\s+)?(?:pre-?trained\s+)?weights\s+of\b", re.IGNORECASE)

# the phrases of _BASE_VERB that say this model's weights were made from the family's ("Finetuned from", "LoRA on",
# "distilled from", "based on the weights of"), as opposed to "based on" / "built on", which also name an
# architecture, a code base or a method a model follows: only the former make the family's license a floor for
# the review's answers (auditor/formats/questions.py prose_base_licensed)
_MADE_FROM = lazy_compile(
    r"^(?:fine-?tuned?\s+(?:version\s+of|from(?:\s+model)?|on\s+top\s+of)|fine-?tune\s+(?:of|the)|"
    r"(?:pre-?)?trained\s+on\s+top\s+of|trained\s+from|derived\s+from|quanti[sz]ed\s+(?:version\s+)?of|"
    r"quanti[sz]ations?\s+of|merge\s+of|distilled\s+from|base\s+model|based\s+on\s+(?:the\s+)?"
    r"(?:pre-?trained\s+)?weights\s+of|"
    # auditor/card_prose_origin.py's phrases: a family's weights put into this model, or merged into it
    r"(?:integrat|incorporat|initiali[sz]|transplant|inherit)(?:ed|ing)\s+weights\s+of|initiali[sz]ed\s+from|"
    r"merged\s+(?:with|version\s+of)|merging)$", re.IGNORECASE)


def made_from_phrase(phrase: str | None) -> bool:
    """Whether a base-family-stated phrase says the weights were made from the family's (see _MADE_FROM)."""
    return bool(phrase) and _MADE_FROM.match(" ".join(str(phrase).split())) is not None
