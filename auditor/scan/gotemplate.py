"""Helm charts' Go templates read as the YAML they render: a chart's `templates/*.yaml` and its `_helpers.tpl`
(`value: {{ .Values.llm.model | default "org/x" | quote }}`, `- "{{ .Values.model | default "org/x" }}"`).

Why a rewrite before the YAML reader rather than a reader of its own: what a template renders is YAML, and the
YAML reader already knows which keys, option pairs and env entries name a model. A template is not YAML as written
(`{{- if ... }}` lines, `{{ ... }}` as a plain value), so each action is replaced, in place and at the same length
(lines and columns keep their places), by what a reader can judge: the literal of its `default "..."` (the value the
chart renders when nothing overrides it, the only id a template itself holds), else a neutral word. A line made only
of actions (control flow, `include`, `toYaml`) becomes blank. The rewrite is asked for only when a `.yaml` file does
not parse and holds `{{` (a valid file is read as it is), and for `.tpl` files, whose rewrite is read only when it
parses: a template that still is not YAML is not reported (the chart renders it; a problem would be noise).
"""

from __future__ import annotations

import re

# One action on one line: `{{ ... }}` / `{{- ... -}}`, with the quotes around it when it is a quoted value's whole
# text (`- "{{ .Values.model | default "org/x" }}"`: the literal is then a plain value at its own column). The body
# has no `}}` (a run to the first closing pair).
_ACTION_RE = re.compile(r"""(?P<q>["']?)\{\{(?P<body>(?:[^}\n]|\}(?!\}))*)\}\}(?P=q)""")
# The pipeline's default: `... | default "org/x"` or `default "org/x" .Values.x` (a double- or back-quoted literal).
_DEFAULT_RE = re.compile(r"""(?:^|[\s|(])default\s+(?:"(?P<dq>[^"\\]*)"|`(?P<bq>[^`]*)`)""")
# A multi-line comment `{{/* ... */}}` opens on one line and closes on a later one.
_COMMENT_OPEN = "{{/*"
_COMMENT_OPEN_TRIM = "{{- /*"


def may_be_template(text: str) -> bool:
    """Cheap: a template action is spelled with `{{`."""
    return "{{" in text


def rendered_yaml(text: str) -> str:
    """The template with each action replaced in place (its default's literal, else a neutral word) and each line
    made only of actions (or inside a multi-line comment) blanked: the same lines at the same columns."""
    out: list[str] = []
    in_comment = False
    for line in text.split("\n"):
        if in_comment:
            in_comment = "*/" not in line
            out.append("")
            continue
        stripped = line.strip()
        if stripped.startswith((_COMMENT_OPEN, _COMMENT_OPEN_TRIM)) and "*/" not in stripped:
            in_comment = True
            out.append("")
            continue
        if "{{" not in line:
            out.append(line)
            continue
        if not _ACTION_RE.sub("", line).strip():
            out.append("")  # only actions: control flow, an include, a comment
            continue
        out.append(_ACTION_RE.sub(_replacement, line))
    return "\n".join(out)


def _replacement(match: re.Match[str]) -> str:
    """The action's default literal at the column it is written at (padded to the action's length), else a word."""
    width = match.end() - match.start()
    body = match.group("body")
    found = _DEFAULT_RE.search(body)
    if found is not None:
        literal = found.group("dq") if found.group("dq") is not None else found.group("bq")
        if literal and not any(c in literal for c in "{}\"'#:"):
            at = len(match.group("q")) + 2 + found.start("dq" if found.group("dq") is not None else "bq")
            return (" " * at + literal).ljust(width)[:width] if at + len(literal) <= width else literal
    return "tpl".ljust(width)
