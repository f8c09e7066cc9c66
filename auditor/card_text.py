"""Pieces of model-card prose every card reader shares (auditor/card.py, auditor/card_merge.py), kept in one module
that imports neither, so both read an id, a Hub address or a sentence's end the same way without an import cycle."""

from __future__ import annotations

from auditor.lazyre import lazy_compile

# pages of the Hub's own site a link without an owner may point to: no model ("fine-tuned version of
# [distilbert-base-uncased](https://huggingface.co/distilbert-base-uncased)", the Trainer's words, is one)
SITE_PAGES = frozenset({"models", "datasets", "spaces", "docs", "blog", "papers", "pricing", "join", "login",
                        "settings", "tasks", "learn", "collections", "organizations", "posts", "enterprise"})
# a repository id as cards write it: `owner/name`
REPO_ID = r"[A-Za-z0-9][\w.-]*/[\w.-]*[\w-]"
# the Hub's host in an address
HUB_HOST = r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/"
# where a sentence ends: ".", "!" or "?" before a blank or the line's end (not the dots of an address or "v1.5"), or
# a CJK full stop anywhere
SENTENCE_END = lazy_compile(r"[.!?](?=\s|$)|[。！？]")
