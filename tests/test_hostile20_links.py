"""Links in reviews (hostile probe p6-license-link, whose check was brought up to date in hostile20).

A card's address is linked as it reads, but never when a browser would go elsewhere than a reader thinks: a
backslash (read as `/`, so `https://evil\\@good.org` goes to evil) or a user-name part before `@` in the host. The
probe's own check now lets a report keep its own reference links (the license pages and the regulation the rules
cite) while still catching local paths, secrets and other schemes."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from auditor.formats.html import linked
from tests.hostile._cli import run

ROOT = Path(__file__).resolve().parents[1]


def _probe():
    spec = importlib.util.spec_from_file_location("hostile_probe_h20", ROOT / "scripts" / "hostile_probe.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("raw", ["https://example.org\\@evil", "https://good.org@evil.example/x",
                                 "see https://user:pw@host.example/a"])
def test_an_address_a_browser_reads_otherwise_stays_text(raw: str) -> None:
    assert "<a " not in linked(raw)


@pytest.mark.parametrize("raw", ["https://a.org/x@y", "https://example.org/acme-license.txt"])
def test_an_address_that_goes_where_it_reads_is_linked(raw: str) -> None:
    assert f'href="{raw}"' in linked(raw)


def test_a_review_never_links_a_backslash_license_link(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "README.md").write_text('---\nlicense: other\nlicense_name: acme\nlicense_link: "https://example.org\\\\@'
                                      'evil"\n---\n# A model\n', encoding="utf-8")
    out = tmp_path / "r.html"
    assert run("report", folder, "--offline", "-o", out).code == 0
    assert not re.search(r'href="https://example\.org\\', out.read_text(encoding="utf-8"))


def test_the_probe_allows_reference_links_and_catches_paths_and_secrets() -> None:
    probe = _probe()
    refs = probe.reference_urls()
    assert "https://opensource.org/license/mit" in refs  # rules/licenses/mit.yaml
    assert not probe._bad_link("https://opensource.org/license/mit", [])
    assert not probe._bad_link("#m0", [])
    assert not probe._bad_link("https://example.org/offered", ["https://example.org/offered"])
    for bad in ("file:///etc/passwd", "/home/user/model/LICENSE", "javascript:alert(1)", "data:text/html,x",
                "https://user:pw@example.org/x", "https://huggingface.co/x?token=abc", "https://example.org\\@evil",
                "~/LICENSE", "https://\uff41cme.org/x"):
        assert probe._bad_link(bad, []), bad
