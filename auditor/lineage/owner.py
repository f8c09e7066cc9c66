"""Same maker: when a model's publisher is also the maker of an ancestor whose license it changed.

A derivative that drops its base's terms launders them (launder.py), because its publisher had only the license it
received. The copyright holder has more: it may release its own model again under any license it likes (NVIDIA's
Nemotron-Mini-4B-Instruct under the NVIDIA Community license over NVIDIA's own Minitron-4B-Base under the NVIDIA
Open Model License). That is no laundering, and the relicensed model's own terms govern it.

Who counts as the same maker is decided on recorded evidence only, never on a card's words ("by Meta") nor on a
name that merely looks alike:

- the same Hub namespace, compared whole and without letter case ("meta-llama-fan" is not "meta-llama");
- one organisation renamed as a whole (auditor/data/org_renames.json: CohereForAI -> CohereLabs);
- two namespaces the maker table records as one maker's, each with its source (auditor/data/makers.json via
  auditor/makers.py: meta-llama, facebook and codellama are all Meta's). A community organisation of a family
  (mistral-community), a mirror (stable-diffusion-v1-5) or an organisation Hugging Face made for formerly
  un-namespaced models (google-bert, FacebookAI) is not the maker.

And the namespace must hold the ancestor's license as its own to change (maker_license): a publisher that
re-uploads another maker's model (NousResearch/Meta-Llama-3-8B, unsloth/Meta-Llama-3.1-8B) shares a namespace with
its own fine-tunes but not the copyright, so a license whose text names another licensor (Llama: Meta) keeps
binding them. A third party that quantizes or fine-tunes a maker's model (bartowski, TheBloke, unsloth,
mlx-community) is never the same maker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from auditor.card import PROSE_BASE_FAMILIES
from auditor.licenses.resolve import default_kb
from auditor.licenses.review_facts import licensor_named_by_text, licensor_recorded
from auditor.makers import maker_of, same_maker_orgs
from auditor.model import owner_and_name
from auditor.sources.org_renames import renames_between

# a license copy on the Hub in a maker's namespace (https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE,
# a Space of the maker's): the namespace that published the license text; one bounded segment, linear
_HUB_URL_OWNER = re.compile(r"^https?://(?:www\.)?huggingface\.co/(?:spaces/)?([A-Za-z0-9][\w.-]{0,95})/")
_NON_ALNUM = re.compile(r"[^a-z0-9]")


def hub_owner(repo_id: str) -> str | None:
    """The Hub namespace of a model id, lower case; None for a local folder or an id without an owner."""
    split = owner_and_name(repo_id)
    return split[0].lower() if split else None


def same_maker(model_id: str, ancestor_id: str) -> str | None:
    """Why two models are the same maker's (see the module's docstring), in words, or None when no recorded fact
    says so."""
    a, b = hub_owner(model_id), hub_owner(ancestor_id)
    if a is None or b is None:
        return None
    return owners_same_maker(a, b)


@lru_cache(maxsize=4096)
def owners_same_maker(a: str, b: str) -> str | None:
    """same_maker for two Hub owners, lower case (cached: a lineage asks it of the same few owners again)."""
    if a == b:
        return f"both are in the Hub namespace {a}"
    renamed = renames_between(a, b)
    if renamed:
        return "; ".join(fact.says() for fact in renamed)
    return same_maker_orgs(a, b)


def _family_makers(license_id: str) -> frozenset[str]:
    """Every namespace of the makers of the base-model families whose license this is (LicenseRef-Llama-2: Meta's
    meta-llama, facebook, codellama; auditor/data/makers.json); empty for a license no family is recorded under.
    A family's community owner (mistral-community) is no maker and adds nothing."""
    makers = (maker_of(o) for _, _, family_license, owners in PROSE_BASE_FAMILIES if family_license == license_id
              for o in owners)
    return frozenset(org for m in makers if m is not None for org in m.orgs)


def _squash(text: str) -> str:
    return _NON_ALNUM.sub("", text.lower())


def _license_owner(license_id: str, owners: frozenset[str]) -> str | None:
    """Why one license is the owners' own to change, or None. See maker_license."""
    family = _family_makers(license_id)
    if family:
        named = sorted(family & owners)
        return f"{license_id} is the license of {named[0]}'s own model family" if named else None
    entry = default_kb().get(license_id)
    url = entry.url if entry is not None else None
    hosted = _HUB_URL_OWNER.match(url or "")
    if hosted and hosted.group(1).lower() in owners:
        return f"{license_id}'s text is published in the Hub namespace {hosted.group(1)} ({url})"
    licensor = licensor_named_by_text(license_id)
    if licensor is not None:
        # the whole owner at the start of the licensor's name: "nvidia" is NVIDIA Corporation, "meta-math" no Meta
        match = next((o for o in sorted(owners) if len(_squash(o)) >= 3 and _squash(licensor).startswith(_squash(o))),
                     None)
        return f"{license_id} names {licensor} as licensor, which is {match}" if match else None
    if licensor_recorded(license_id):
        return f"{license_id} names no licensor of its own: the copyright holder that publishes it grants it"
    return None  # who grants it is not recorded: not shown to be the owners'


def maker_license(owners: Iterable[str], entries: Iterable[str]) -> str | None:
    """Why an ancestor's license (its identified entries) is its maker's own to change, or None when that is not
    shown: every entry must be a license the owners may grant, i.e. one whose text names no licensor of its own
    (Apache-2.0, CC, the OpenRAIL family: whoever holds the copyright grants it), or one whose licensor is these
    owners (a model family's license published by them, a license text in their Hub namespace, a licensor whose
    name begins with the whole owner). A license of another maker (Llama under NousResearch) is not theirs."""
    group = frozenset(o.lower() for o in owners)
    reasons = []
    for license_id in dict.fromkeys(entries):
        why = _license_owner(str(license_id), group)
        if why is None:
            return None
        reasons.append(why)
    return "; ".join(reasons) or None
