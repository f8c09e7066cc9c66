"""The readers added by the twenty-seventh recall pass on hostile files: a Space README's front matter
(auditor/scan/space.py), HTML pages' scripts and a page held in another file's string (auditor/scan/js.py): each costs
time in proportion to the file. The script-block pattern's opening tag is bounded (a `<script` never closed by `>`
costs one bounded look, not a walk to the file's end for each one). The bounds are far above what each takes now."""

from __future__ import annotations

import time

from auditor.scan import scan_file


def _cpu(name: str, text: str) -> float:
    start = time.process_time()
    scan_file(name, text.encode())
    return time.process_time() - start


def test_a_front_matter_of_long_lists_and_long_lines() -> None:
    items = "models:\n" + "  - acme-ai/x f.bin " + "a" * 200 + "\n" * 1
    assert _cpu("README.md", "---\nsdk: gradio\n" + items * 1500 + "---\n") < 3.0
    assert _cpu("README.md", "---\nsdk: gradio\nmodels: [" + "acme-ai/x, " * 50_000 + "]\n---\n") < 3.0
    assert _cpu("README.md", "---\nsdk: gradio\npreload_from_hub:\n  - " + " " * 300_000 + "x\n---\n") < 2.0


def test_an_unclosed_front_matter() -> None:
    assert _cpu("README.md", "---\nsdk: gradio\n" + "models:\n- acme-ai/x\n" * 100_000) < 2.0


def test_unclosed_script_tags_in_a_page() -> None:
    assert _cpu("index.html", "<script " * 60_000) < 2.0
    assert _cpu("index.html", "<script>" * 60_000 + "pipeline('x', 'acme-ai/x')") < 3.0


def test_unclosed_script_tags_in_strings_of_other_files() -> None:
    assert _cpu("view.ts", "const p = `" + "<script " * 60_000 + "acme-ai/x`;\n") < 3.0
    assert _cpu("app.py", 'p = """' + "<script " * 60_000 + 'acme-ai/x"""\n') < 3.0
