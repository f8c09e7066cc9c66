"""The field reader after an annotation's `)` (auditor/scan/clike.py `_FIELD_AFTER_RE`, second branch, searched in the
400 characters after an option default such as picocli's `@Option(names = "--x", defaultValue = "org/x")`): a long
annotation word right after the `)` (`) @aaaa...`) was read back one character at a time, each try reading the rest of
the window again. Quadratic within the window: 3 ms a search, so a 120 KB Java file of 300 such lines took 1.05 s CPU
at a74cb81 (a 2 MB one ~18 s); 0.02 s now. Its runs are now possessive; what it names is unchanged on real shapes (the
only differences over 100,000 random strings were names cut out of an annotation's word, `)@String=` read as a field
`g`, or a modifier keyword read as the field's name)."""

from __future__ import annotations

import time

from auditor.scan.clike import _FIELD_AFTER_RE, scan_clike


def test_a_long_annotation_word_after_an_option_default_is_read_once() -> None:
    line = '@Option(names = "--x", defaultValue = "acme-ai/m") @' + "a" * 395 + "\n"
    text = "class A {\n" + line * 300 + "}\n"
    start = time.process_time()
    scan_clike(text, "A.java")
    assert time.process_time() - start < 0.5  # 1.05 s at a74cb81


def test_the_field_after_an_annotation_is_still_named() -> None:
    cases = {
        ") String model;": "model",
        ") @JvmField val model: String =": "model",
        ") private final String modelId =": "modelId",
        ") lateinit var repo: String": "repo",
        ") model = 1": "model",
        ")@String=": None,  # no field: an annotation's word is never cut into a name
        ") @" + "a" * 397: None,
    }
    for text, name in cases.items():
        found = _FIELD_AFTER_RE.search(text)
        assert (found.group("jname") if found is not None else None) == name, text


def test_an_option_default_takes_the_field_after_it() -> None:
    refs, problems = scan_clike('class A {\n  @Option(names = "--out", defaultValue = "acme-ai/picocli-default")\n'
                                '  String modelId;\n}\n', "A.java")
    assert problems == [] and [(r.line, r.id) for r in refs] == [(2, "acme-ai/picocli-default")]
