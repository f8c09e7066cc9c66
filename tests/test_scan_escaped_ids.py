"""Model ids spelled with hidden characters through a string literal's escape, in every language we scan.

A raw bidi control or zero-width character in an id is a `scan-suspicious-id` problem (hostile pass 4). The
same character written as an escape (`"org/na\\u202eme"` in Python, `\\u{200B}` in JavaScript, `\\U0000202E`
in TOML or YAML, `\\N{ZERO WIDTH SPACE}` in Python) is the same spoof once the literal is read, and was dropped
in silence outside JSON: no reference (the id is not a Hub id) and no problem."""

from __future__ import annotations

import pytest

from auditor.scan import scan_file

CASES = [
    ("app.py", 'm = AutoModel.from_pretrained("meta-llama/Llama\\u202e-2-7b-hf")\n', "U+202E"),
    ("app.py", 'm = AutoModel.from_pretrained("google/flan\\N{ZERO WIDTH SPACE}-t5-base")\n', "U+200B"),
    ("app.py", 'm = AutoModel.from_pretrained("google/flan\\U0000200b-t5-base")\n', "U+200B"),
    ("app.py", 'm = AutoModel.from_pretrained("google/flan\\xad-t5-base")\n', "U+00AD"),
    ("app.js", 'const p = await pipeline("text-generation", "Xenova/gpt\\u{200B}2");\n', "U+200B"),
    ("app.ts", 'const p = await pipeline("text-generation", "Xenova/dist\\u200dilgpt2");\n', "U+200D"),
    ("cfg.toml", '[model]\nid = "mistralai/Mistral\\U0000202E-7B-v0.1"\n', "U+202E"),
    ("config.yaml", 'model: "meta-llama/Llama\\u202e-2-7b-hf"\n', "U+202E"),
    ("config.yaml", 'base_model: "google/gemma\\u200b-2b"\n', "U+200B"),
]


@pytest.mark.parametrize(("name", "text", "code_point"), CASES)
def test_an_escaped_hidden_character_in_an_id_is_a_problem_at_its_line(name: str, text: str,
                                                                        code_point: str) -> None:
    refs, problems = scan_file(name, text.encode())
    assert refs == []
    line = text.count("\n", 0, text.index("\\"))  + 1
    assert [(p.code, p.file, p.line) for p in problems] == [("scan-suspicious-id", name, line)]
    assert code_point in problems[0].message


@pytest.mark.parametrize(("name", "text"), [
    # an escaped backslash: the literal holds a backslash and a `u`, no hidden character
    ("app.py", 'm = AutoModel.from_pretrained("meta-llama/Llama\\\\u202e-2-7b-hf")\n'),
    # an escape of an ordinary letter is no spoof
    ("app.py", 'title = "caf\\u00e9"\nm = AutoModel.from_pretrained("gpt2")\n'),
    # a hidden character on a line that names no model
    ("app.py", 'SEP = "\\u200b"\nm = AutoModel.from_pretrained("gpt2")\n'),
    ("notes.yaml", 'marker: "\\u202e"\nmodel: gpt2\n'),
    # `\\x` followed by no hex, `\\N` with no name
    ("app.py", 'path = "C:\\\\xyz\\\\N"\nm = AutoModel.from_pretrained("gpt2")\n'),
])
def test_escapes_that_hide_no_id_change_nothing(name: str, text: str) -> None:
    refs, problems = scan_file(name, text.encode())
    assert [p.code for p in problems] == []
    plain = text.replace("\\u200b", "").replace("\\u202e", "")
    assert [r.id for r in refs] == [r.id for r in scan_file(name, plain.encode())[0]]


def test_an_escaped_id_beside_a_real_one_keeps_the_real_reference() -> None:
    text = ('a = AutoModel.from_pretrained("bert-base-\\u200buncased")\n'
            'b = AutoModel.from_pretrained("bert-base-uncased")\n')
    refs, problems = scan_file("app.py", text.encode())
    assert [(r.id, r.line) for r in refs] == [("bert-base-uncased", 2)]
    assert [(p.code, p.line) for p in problems] == [("scan-suspicious-id", 1)]
