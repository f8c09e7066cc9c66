"""Roles: how each model of a project is used, so the policy's intended use is judged per model.

A project rarely uses every model the same way: one is fine-tuned and served, another only generates
training data, a third is shipped as weights. `use.modify: true` must not make the data generator a
"derivative" (and give it a no-derivatives error), and AGPL-3.0 §13 matters only for a model that is modified
and served over a network. So a policy may say, per model, which roles it plays:

    use:
      commercial: true
      distribution: saas
      modify: true
      models:
        - {model: "acme/teacher-*", role: generate-data}
        - {model: "acme/chat-7b", role: [fine-tune, serve]}
      roles:                                  # builtin:default defines these; a policy may add its own
        serve: {distribution: saas}
        generate-data: {train_other_models_on_outputs: true}

A model that matches an entry of `use.models` (first match wins, globs on the model id, case-insensitive)
gets the policy's `use` with the role-dependent settings (ROLE_KEYS) set to the least use (no distribution,
no modification, no training on outputs) and then raised by each of its roles: booleans are or-ed, the widest
distribution wins, a user count takes the largest. A model that matches no entry keeps the policy's `use` as
written. The facts carry the result in `policy.use` (with `role`: the roles applied, or null), so every rule
that reads `policy.use.*` judges that model's own use, and the finding can say which reading it applied.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

# The settings a role decides; anything else in `use` (commercial, regions) applies to every model.
ROLE_KEYS: dict[str, Any] = {"distribution": "none", "modify": False, "train_other_models_on_outputs": False}
_DISTRIBUTION_ORDER = ("none", "internal", "saas", "distribute")


def match_roles(use: Mapping[str, Any], model_id: str) -> list[str] | None:
    """The roles `use.models` gives this model (None: no entry matches, the policy's use applies as is)."""
    for entry in use.get("models") or ():
        if not isinstance(entry, Mapping):
            continue
        pattern = str(entry.get("model") or "")
        if pattern and fnmatch.fnmatchcase(model_id.lower(), pattern.lower()):
            role = entry.get("role")
            return [role] if isinstance(role, str) else [str(r) for r in role or ()]
    return None


def use_for(use: Mapping[str, Any], model_id: str) -> dict[str, Any]:
    """The `use` section as it applies to one model (see the module docstring); `role` says which roles."""
    plain = {k: v for k, v in use.items() if k not in ("models", "roles")}
    roles = match_roles(use, model_id)
    if roles is None:
        return {**plain, "role": None}
    presets = use.get("roles") or {}
    out = {**plain, **ROLE_KEYS, "role": roles}
    for role in roles:
        for key, value in (presets.get(role) or {}).items():
            out[key] = _raise(key, out.get(key), value)
    return out


def _raise(key: str, current: Any, value: Any) -> Any:
    if key == "distribution":
        order = _DISTRIBUTION_ORDER
        return max((current, value), key=lambda v: order.index(v) if v in order else len(order))
    if isinstance(value, bool):
        return bool(current) or value
    if key == "monthly_active_users" and isinstance(current, int) and isinstance(value, int):
        return max(current, value)
    return value


def unknown_roles(use: Mapping[str, Any]) -> list[tuple[int, str]]:
    """(index in use.models, role) for every role that `use.roles` does not define (a policy error)."""
    presets = use.get("roles") or {}
    out = []
    for i, entry in enumerate(use.get("models") or ()):
        role = entry.get("role") if isinstance(entry, Mapping) else None
        for name in [role] if isinstance(role, str) else list(role or ()):
            if name not in presets:
                out.append((i, str(name)))
    return out


def policy_facts(policy: Any, model_id: str) -> dict[str, Any]:
    """facts.policy for one model: the policy's parameters with `use` as this model's roles make it."""
    out = policy.for_facts()
    out["use"] = use_for(out.get("use") or {}, model_id)
    return out
