"""The Hub tags that say a model is a merge, in one table, with what each says (the lineage's relation, merged.py's
"the card says it is a merge", facts.py's ids a merge's tags name all read it; each used its own set before).

- TOOL_TAGS: written by mergekit (and LazyMergekit, its notebook) on the cards of the merges it makes, so a model
  tagged so with base models is a merge of them. Beside `peft` it is mergekit's LoRA extraction: an adapter
  (lineage/merged.py says so where it reads the tag).
- WORD_TAGS: a publisher's own words. "merge" alone also tags a LoRA merged into its one base (a finetune), so these
  never make a relation a merge by themselves; they still say the card calls the model a merge.
- DECLARED_TAGS: either, the card calls the model a merge (merged.merge_declared, facts.merge_named).
"""

from __future__ import annotations

TOOL_TAGS = frozenset({"mergekit", "lazymergekit"})
WORD_TAGS = frozenset({"merge", "merges", "frankenmerge"})
DECLARED_TAGS = TOOL_TAGS | WORD_TAGS
