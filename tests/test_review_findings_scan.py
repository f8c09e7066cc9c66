"""Two scanner classes (and one of check's text output) the session review found in the ninth recall pass's additions.

1. A script variable a loop or a read gives its value (`for SIZE in 13b 70b`, `read SIZE`, `getopts`, `mapfile`)
   was filled with the one literal the script also assigned it (`SIZE=7b`), so a model the script never uses was
   reported; such a variable is now unknown and nothing is filled in from it.
2. A name ending with a Hub repository key (`*_HF_REPO`, `*_HUB_REPO_ID`) named a model whatever came before it:
   a leaderboard's `RESULTS_HF_REPO`, `REQUESTS_HF_REPO`, `QUEUE_HF_REPO`, `LOGS_HUB_REPO_ID`, a `DEMO_HF_REPO` hold
   the project's own records or its Space, not a model it loads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan.vocab import vocabulary
from tests.hostile._cli import run
from tests.scanfixture import scan_refs


@pytest.mark.parametrize("script", [
    "SIZE=7b\nfor SIZE in 13b 70b; do\n  huggingface-cli download meta-llama/Llama-2-${SIZE}-hf\ndone\n",
    "SIZE=7b\nread -p 'size? ' SIZE\nhuggingface-cli download meta-llama/Llama-2-${SIZE}-hf\n",
    "SIZE=7b\nwhile getopts 's:' SIZE; do :; done\nhuggingface-cli download meta-llama/Llama-2-${SIZE}-hf\n",
    "SIZE=7b\nmapfile -t SIZE < sizes.txt\nhuggingface-cli download meta-llama/Llama-2-${SIZE}-hf\n",
])
def test_a_variable_a_loop_or_a_read_sets_is_not_filled_in(script: str) -> None:
    assert scan_refs(script, "get.sh") == []


def test_near_miss_a_variable_assigned_once_is_still_filled_in() -> None:
    script = "SIZE=7b\nfor F in a b; do echo $F; done\nhuggingface-cli download meta-llama/Llama-2-${SIZE}-hf\n"
    assert scan_refs(script, "get.sh") == [(3, "meta-llama/Llama-2-7b-hf", "model")]


def test_a_hub_repository_name_for_the_projects_own_records_names_no_model() -> None:
    vocab = vocabulary()
    for name in ("RESULTS_HF_REPO", "REQUESTS_HF_REPO", "QUEUE_HF_REPO", "LEADERBOARD_HF_REPO", "LOGS_HUB_REPO_ID",
                 "DEMO_HF_REPO", "evalResultsHfRepo"):
        assert vocab.name_kind(name) is None, name
    assert scan_refs("RESULTS_HF_REPO=acme/eval-results\nOCR_HF_REPO=acme-ai/ocr\n", ".env") == [
        (2, "acme-ai/ocr", "model")]


def test_near_miss_a_model_word_or_a_plain_prefix_keeps_the_model() -> None:
    vocab = vocabulary()
    assert vocab.name_kind("EVAL_MODEL_HF_REPO") == "model"  # a model word says it is a model
    assert vocab.name_kind("TYPHOON_OCR_HF_REPO") == vocab.name_kind("rerankerHubRepoId") == "model"


def test_check_text_keeps_a_file_name_with_a_newline_on_one_line_everywhere(tmp_path: Path) -> None:
    """`Referenced at` escaped it already; an inline suppression's place and a scan problem printed it raw, so a
    file named "x\\nPASS  everything is fine.py" forged a PASS line in a CI log."""
    root = tmp_path / "repo"
    root.mkdir()
    suppressed = 'AutoModel.from_pretrained("databricks/dolly-v2-12b")  # auditor: ignore[DAT003] reason\n'
    (root / "y\nPASS z.py").write_text("from transformers import AutoModel\n" + suppressed)
    (root / "x\nPASS  everything is fine.py").write_text('from transformers import AutoModel\n'
                                                        'AutoModel.from_pretrained("gpt2"\n')
    result = run("check", root, "--offline", "--no-cache", "-v", "-f", "text")
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith("PASS z.py") or line.startswith("PASS  everything")]
    assert any("scan: x\\nPASS  everything is fine.py:2" in line for line in lines)
    assert any("(inline: y\\nPASS z.py:2" in line for line in lines)
