"""Words that make a model named in a card this model's child, or a likeness, never its base.

Why: cards list the models made FROM them ("Models finetuned off this model", "## Derived models", "Fine-tuned from
this model: [X](url)", "Models fine-tuned from Acme-7B: [X](url)"), and the "made from" readers took the first one for
the base: the lineage then ran backwards. A card also says whose design it copies ("the same model design as LLaMA",
"the same architecture as Llama 2") and whose tokenizer it uses ("uses the GPT-NeoX-20B tokenizer", "the tokenizer
was trained on The Pile"): a design or a tokenizer's source is neither the weights' base nor the model's training
data. Shared by auditor/card.py and auditor/card_named_base.py.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile

# the words that name this model itself ("this model", "our checkpoint", "the present repository", "it"); card.py's
# _THIS_MODEL reads the same words
THIS_MODEL_WORDS = r"(?:(?:this|our|the\s+present)\s+(?:model|checkpoint|repo(?:sitory)?)|it)"
# the phrase's object is this model itself: "fine-tuned from this model: [X](url)" lists a child
CHILD_OBJECT = lazy_compile(rf"^[\s*_`]*{THIS_MODEL_WORDS}\b", re.IGNORECASE)
# the clause before the phrase is a plural "models" opening the line, as a label does: "Models fine-tuned from X:",
# "- **Derived models** based on it:", "Some models fine-tuned off this model include"
CHILDREN_CLAUSE = lazy_compile(
    r"^[\s#>*_+-]*+(?:(?:some|other|community|popular|notable|known|related|downstream|derived|further)\s++)*+"
    r"(?:models|finetunes|fine-tunes|derivatives|descendants|children|derived\s+models)[\s*_`]*+$", re.IGNORECASE)
# a heading over such a list: "## Derived models", "### Models finetuned off this model", "## Community fine-tunes"
CHILDREN_TITLE = lazy_compile(
    r"^[\W_]{0,4}(?:(?:some|other|community|popular|notable|known|related|downstream)\s+)?(?:derived\s+models|"
    r"derivatives|descendants|(?:community\s+)?fine-?tunes|(?:models|checkpoints|versions)\s+(?:fine-?tuned|finetuned|"
    r"trained|built|based|derived)\s+(?:off|from|on)\b)", re.IGNORECASE)
# a likeness of design or a tokenizer, between a "based on" phrase and the family it names, or in its clause before
LIKENESS = lazy_compile(r"\b(?:same|similar|design|architecture|tokeni[sz]ers?|vocab(?:ulary)?|"
                        r"modeled\s+after|modelled\s+after)\b", re.IGNORECASE)
# a clause about the tokenizer ("The tokenizer was trained on The Pile", "uses the GPT-NeoX-20B tokenizer"): what it
# names is the tokenizer's source, not the model's data
TOKENIZER = lazy_compile(r"\btokeni[sz](?:er|ers|ation)\b|\bvocab(?:ulary)?\b|\bBPE\b|分词器|詞表|词表", re.IGNORECASE)
_CLAUSE = lazy_compile(r"[,;:()]|[.!?](?:\s|$)|\s(?:and|while|whereas|but|which)\s", re.IGNORECASE)


def without_tokenizer_clauses(sentence: str) -> str:
    """The sentence with each clause that speaks of the tokenizer blanked (positions kept): "The model was trained on
    RefinedWeb, and its tokenizer on The Pile" keeps RefinedWeb only."""
    if TOKENIZER.search(sentence) is None:
        return sentence
    out, start = [], 0
    for mark in [*_CLAUSE.finditer(sentence), None]:
        end = mark.start() if mark is not None else len(sentence)
        clause = sentence[start:end]
        out.append(" " * len(clause) if TOKENIZER.search(clause) else clause)
        if mark is not None:
            out.append(mark.group(0))
            start = mark.end()
    return "".join(out)
