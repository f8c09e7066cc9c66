"""Classes of reference shapes the scanner missed after the twenty-sixth recall pass, found by collecting real files of
kinds no earlier pass held (tests/fixtures/scan_recall27: 24 real files, the lines that matter, each file's origin in
its MANIFEST.tsv, the truth in TRUTH.tsv, written before the first scan). At main 8c3dcb6: 5 of 55 references found,
no false positive; all 55 and none after.

- A Hugging Face Space's configuration, the YAML front matter of its README.md, was not read (README.md was not a
  scanned file): `models:` / `datasets:` declare what the Space uses, `preload_from_hub:` has the Hub download
  repositories into its image (`org/x`, `org/x files`, `org/x files <sha>`, a `repo_id:` mapping): 44 misses in 17
  READMEs. A model card's front matter (no `sdk:`) and every README's prose stay unread;
- HTML pages (`.html`) were not read: transformers.js run from a page's own `<script type="module">` (3 misses);
- an HTML page held in a string of another file (a TypeScript template literal an Electron view or a React Native
  WebView loads, a Python string handed to Streamlit's `components.html`) was one string to its reader, its scripts
  unread (3 misses).

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import scan_file, scan_repository
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall27"


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=55)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=24)


def test_a_space_readme_declares_and_preloads_repositories() -> None:
    assert scan_refs("""
        ---
        title: Acme Demo
        sdk: gradio
        app_file: app.py
        models:
        - acme-ai/declared
          # a comment line inside the list
        - "acme-ai/quoted"
        - yolov8n
        datasets:
          - acme-ai/eval-set
          - imdb
        tags:
          - acme-ai/a-tag-not-a-model
        preload_from_hub:
          - acme-ai/whole
          - acme-ai/some-files config.json,model.safetensors
          - acme-ai/pinned model.safetensors 0123456789abcdef0123456789abcdef01234567
          - repo_id: acme-ai/mapped
            filename: weights.gguf
        ---

        # Acme Demo

        Runs [`acme-ai/in-prose`](https://huggingface.co/acme-ai/in-prose).
        models:
        - acme-ai/after-the-front-matter
    """, "README.md") == [(6, "acme-ai/declared", "model"), (8, "acme-ai/quoted", "model"),
                          (11, "acme-ai/eval-set", "dataset"), (12, "imdb", "dataset"),
                          (16, "acme-ai/whole", "model"), (17, "acme-ai/some-files", "model"),
                          (18, "acme-ai/pinned", "model"), (19, "acme-ai/mapped", "model")]


def test_a_preloaded_repository_pinned_at_a_commit_keeps_the_commit() -> None:
    sha = "89abcdef0123456789abcdef0123456789abcdef"
    text = f"---\nsdk: docker\npreload_from_hub:\n- acme-ai/pinned f.bin {sha}\n- acme-ai/unpinned f.bin\n---\n"
    refs, problems = scan_file("spaces/x/README.md", text.encode())
    assert problems == []
    assert [(r.line, r.id, r.revision) for r in refs] == [(4, "acme-ai/pinned", sha), (5, "acme-ai/unpinned", None)]


def test_inline_lists_and_columns_spell_the_id() -> None:
    text = '---\nsdk: streamlit\nmodels: [acme-ai/one, "acme-ai/two"]\ndatasets: [acme-ai/data]\n---\n'
    refs, _ = scan_file("README.md", text.encode())
    lines = text.split("\n")
    assert [(r.line, r.id, r.kind) for r in refs] == [(3, "acme-ai/one", "model"), (3, "acme-ai/two", "model"),
                                                      (4, "acme-ai/data", "dataset")]
    assert [lines[r.line - 1][r.column - 1:(r.end_column or 0) - 1] for r in refs] == \
        ["acme-ai/one", "acme-ai/two", "acme-ai/data"]


def test_a_model_card_or_an_unclosed_front_matter_is_not_a_space() -> None:
    card = "---\nlicense: apache-2.0\nbase_model: acme-ai/base\ndatasets:\n- acme-ai/train-data\n---\n# Model card\n"
    assert scan_refs(card, "README.md") == []
    unclosed = "---\nsdk: gradio\nmodels:\n- acme-ai/never-closed\n"
    assert scan_refs(unclosed, "README.md") == []
    assert scan_refs("# Title\n\n---\nsdk: gradio\nmodels:\n- acme-ai/not-at-the-top\n---\n", "README.md") == []
    # the same front matter in another Markdown file is no Space's configuration
    assert scan_refs("---\nsdk: gradio\nmodels:\n- acme-ai/elsewhere\n---\n", "docs/guide.md") == []


def test_html_pages_scripts_are_read_and_their_markup_is_not() -> None:
    assert scan_refs("""
        <!DOCTYPE html>
        <html>
        <head>
          <script src="https://cdn.jsdelivr.net/npm/@huggingface/transformers"></script>
          <title>acme-ai/in-the-title</title>
        </head>
        <body>
          <a href="https://huggingface.co/acme-ai/linked">model card</a>
          <p>We run 'acme-ai/in-a-paragraph' here.</p>
          <script type="module">
            import { pipeline } from 'https://cdn.jsdelivr.net/npm/@huggingface/transformers@3';
            const clf = await pipeline('sentiment-analysis', 'acme-ai/page-model');
          </script>
          <SCRIPT>
            const asr = await pipeline("automatic-speech-recognition", "acme-ai/upper-case-tag");
          </SCRIPT>
        </body>
        </html>
    """, "public/index.html") == [(12, "acme-ai/page-model", "model"), (15, "acme-ai/upper-case-tag", "model")]


def test_built_html_is_not_read() -> None:
    page = "<script>\nconst p = await pipeline('feature-extraction', 'acme-ai/built');\n</script>\n"
    assert scan_refs(page, "docs/_build/html/index.html") == []
    assert scan_refs(page, "_site/demo.htm") == []
    assert scan_refs(page, "demo.htm") == [(2, "acme-ai/built", "model")]


def test_a_page_in_a_template_literal_or_a_python_string_is_read() -> None:
    assert scan_refs("""
        export const page = `
        <html><body>
          <p>acme-ai/in-markup</p>
          <script type="module">
            import { pipeline } from 'https://cdn.jsdelivr.net/npm/@xenova/transformers';
            const gen = await pipeline("text-generation", "acme-ai/ts-page");
          </script>
        </body></html>`;
        const label = "acme-ai/a-label";
    """, "view.ts") == [(6, "acme-ai/ts-page", "model")]
    assert scan_refs('''
        import streamlit as st
        html = """
        <div>acme-ai/in-markup</div>
        <script type="module">
          const seg = await pipeline('image-segmentation', 'acme-ai/py-page');
        </script>
        """
        st.components.v1.html(html)
    ''', "app.py") == [(5, "acme-ai/py-page", "model")]


def test_a_page_in_a_string_is_not_reported_twice() -> None:
    # a file whose own reader finds the id already (a JavaScript string in a script) reports it once
    refs = scan_refs("""
        const html = "<script>";
        const clf = await pipeline('sentiment-analysis', 'acme-ai/once');
        const end = "</script>";
    """, "app.js")
    assert refs == [(2, "acme-ai/once", "model")]


def test_readmes_of_spaces_in_a_repository_tree() -> None:
    # a monorepo holding its Space in a folder: that README is read where it lies
    import tempfile  # lazy: only this test writes a tree

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "space").mkdir()
        (root / "space" / "README.md").write_text("---\nsdk: gradio\nmodels:\n  - acme-ai/in-space\n---\n")
        (root / "README.md").write_text("# Project\n\nUses acme-ai/in-top-readme-prose.\n")
        result = scan_repository(root, cache=False)
        assert [(r.file, r.line, r.id) for r in result.references] == [("space/README.md", 4, "acme-ai/in-space")]
