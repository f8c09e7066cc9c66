"""The fix for a base named outside any base_model field, and the same fix said once for several such bases.

Why a module of its own: the lineage writes one remedy per unreadable base (auditor/lineage/graph.py), and the
review's next actions join a rule's fixes (auditor/formats/actions.py). A merge whose card names its parts only in
its prose (cognitivecomputations/laserxtral: five parts) then asked the same thing five times in next action 1.
The sentence is built here and folded here, so the fold recognises exactly what the lineage wrote and nothing else.
"""

from __future__ import annotations

from auditor.lazyre import lazy_compile

_ONE = ("Add `base_model:` to the card naming {id} (now named only in {where}), or make the base available (audit "
        "online, or add it with --catalog).")
_ONE_SHAPE = lazy_compile(
    r"^Add `base_model:` to the card naming (?P<id>\S+) \(now named only in (?P<where>[^()]+)\), or make the base "
    r"available \(audit online, or add it with --catalog\)\.$")


_OFFLINE_MISS = ("The base {id} is not in the offline catalog; its id is well formed, so audit it online (or add its "
                 "record with --catalog) before correcting base_model.")


def offline_miss_remedy(repo_id: str) -> str:
    """The fix for a base whose well-formed id no offline source holds (review pass 34 P2: Qwen/Qwen2.5-72B and
    nvidia/AceReason-Nemotron-1.1-7B, correct ids, were met with "Fix the base_model id on the card"): nothing says
    the id is wrong, only that this audit could not read it."""
    return _OFFLINE_MISS.format(id=repo_id)


def prose_base_remedy(repo_id: str, where: str) -> str:
    """The fix for one base named only in `where` ("the card's prose at README.md line 26"): there is no base_model
    id to correct, so the card must gain one, or the base must be made readable."""
    return _ONE.format(id=repo_id, where=where)


def fold_remedies(fixes: list[str]) -> list[str]:
    """The fixes with every prose-base remedy folded into one sentence that lists the bases (each with where it is
    named), at the place of the first; other fixes are kept as they are, in order. One such remedy stays as it was."""
    parts = [(m.group("id"), m.group("where")) for m in map(_ONE_SHAPE.match, fixes) if m]
    if len(parts) < 2:
        return list(fixes)
    listed = "; ".join(f"{repo_id} (named only in {where})" for repo_id, where in parts)
    folded = (f"Add `base_model:` to the card naming each of these {len(parts)} bases: {listed}; or make them "
              "available (audit online, or add them with --catalog).")
    out: list[str] = []
    for fix in fixes:
        if not _ONE_SHAPE.match(fix):
            out.append(fix)
        elif folded not in out:
            out.append(folded)
    return out
