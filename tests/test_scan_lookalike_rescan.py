"""The look-alike pass re-scans the folded text of a whole file, and no cheaper test may stand in for it (issue 15).

suspicious.py `suspicious_ids` re-scans a file with its hidden and look-alike characters folded (0.67 s of a cold
`check` of a site-packages tree, 198 files, none giving a reference: bench/RESULTS.md "speedcheck7"). A shortcut that
re-scans only where an odd character sits inside the id's own string would miss what these files hide: the character
that hides the reference is in its context, not in the id. Each case below is a spoof written for that class: a
look-alike letter in the variable, key or label that makes `"org/x"` a model, a zero-width character in a label, an
escape spelling a look-alike in a key, a character that makes the file parse only once folded. The id string itself
is plain ASCII in every case, and each must still be said (a `scan-suspicious-id` problem on its line), with no
reference audited for it.

Checked against such a shortcut (suspicious_ids re-scanning only when an odd line's quoted `org/name` string holds
an odd character): every case fails under it."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import scan_repository

CASES = {
    # a Cyrillic o in the variable: `model_id` to a reader, no context word to the scanner
    "variable.py": ('m\u043edel_id = "org-z/alpha"\n', 1, "org-z/alpha"),
    # a Greek omicron in a dict key, written as an escape
    "key_escape.py": ('cfg = {"m\\u03bfdel_name": "org-z/beta"}\n', 1, "org-z/beta"),
    # a zero-width space in a selector's label: the choice is a model only under the label "Model"
    "label.py": ('from transformers import pipeline\nimport gradio as gr\n'
                 'choice = gr.Dropdown(["org-z/gamma"], label="Mo\u200bdel")\n', 3, "org-z/gamma"),
    # a horizontal ellipsis in code: the file parses only once it is folded to `...`
    "ellipsis.py": ('def f(x):\n    return x\nmodel = "org-z/delta"; f(\u2026)\n', 3, "org-z/delta"),
    # a full-width letter in a keyword argument's name (NFKC folds it to ASCII)
    "keyword.py": ('import helpers\nhelpers.build(\uff4dodel_path="org-z/epsilon")\n', 2, "org-z/epsilon"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_reference_hidden_by_its_context_is_said(tmp_path: Path, name: str) -> None:
    text, line, model_id = CASES[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = scan_repository(tmp_path)
    assert [r.id for r in result.references] == []  # the text as written names no model
    said = [p for p in result.problems if p.code == "scan-suspicious-id"]
    assert [(p.file, p.line) for p in said] == [(name, line)]
    assert model_id in said[0].message


def test_the_plain_spelling_is_a_reference(tmp_path: Path) -> None:
    """The same lines folded by hand are references: the cases above hide real ones."""
    for name, (text, _line, _model_id) in CASES.items():
        plain = (text.replace("m\u043edel", "model").replace("m\\u03bfdel", "model").replace("Mo\u200bdel", "Model")
                 .replace("\u2026", "...").replace("\uff4dodel", "model"))
        (tmp_path / name).write_text(plain, encoding="utf-8")
    found = {r.id for r in scan_repository(tmp_path).references}
    assert found == {model_id for _text, _line, model_id in CASES.values()}
