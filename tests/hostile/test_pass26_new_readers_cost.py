"""The readers added by the twenty-sixth recall pass (auditor/scan/nix.py, groovy.py, literate.py, sql.py) on hostile
files: each costs time in proportion to the file. The first form of the Nix reader matched a `fetchModel {`'s braces by
walking up to 2,400 characters from each call: 20,000 unclosed calls (580 KB) took 11 s at 56ecc091; the braces are
now matched once for the file (0.8 s). The bounds are far above what each takes now."""

from __future__ import annotations

import time

from auditor.scan import scan_file


def _cpu(name: str, text: str) -> float:
    start = time.process_time()
    scan_file(name, text.encode())
    return time.process_time() - start


def test_unclosed_nix_hug_calls() -> None:
    assert _cpu("models.nix", 'fetchModel { url = "acme-ai/x"; ' * 20_000) < 4.0  # 11 s at 56ecc091


def test_unterminated_nix_strings_and_comments() -> None:
    assert _cpu("a.nix", "x = ''" + "a'" * 100_000 + "\n/*" + "y" * 200_000) < 2.0


def test_groovy_quote_runs_and_an_unterminated_triple_quote() -> None:
    assert _cpu("build.gradle", "'" * 200_000 + '"' * 200_000) < 2.0
    assert _cpu("Jenkinsfile", "sh '''" + "x\\'" * 100_000) < 2.0


def test_an_unclosed_fence_and_a_long_fence_line() -> None:
    assert _cpu("doc.Rmd", "```{r" + "a" * 300_000 + "\n" + "```{r}\n" + "x <- 1\n" * 50_000) < 3.0


def test_sql_quote_runs_and_an_unclosed_block_comment() -> None:
    assert _cpu("q.sql", "SELECT 'hf://" + "''" * 200_000 + "\n/*" + "x" * 200_000) < 2.0
    assert _cpu("r.sql", "'hf://datasets/acme-ai/x/a.parquet' " * 20_000) < 4.0


def test_build_parameters_without_a_closing_parenthesis() -> None:
    # each default's parameter name was looked for up to the next `)` after a test of the whole rest of the file
    assert _cpu("Jenkinsfile", "string(name: 'MODEL_NAME', defaultValue: 'acme-ai/x'\n" * 20_000) < 6.0
