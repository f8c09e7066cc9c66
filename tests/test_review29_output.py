"""Review pass 29 (issue 19), the output side: links a reviewer can open (P2) and one waiver action per license on
page one, naming whom to ask (P4).

- P2: every http(s) address the HTML (and so the PDF) shows is a link whose visible text is the address, and no
  other scheme ever is; the Markdown shows the license and use-policy addresses as autolinks.
- P4: FLUX.1-dev-LoRA-AntiBlur's page one asked three waivers (LIC001, LIC007, LIN005) for the one FLUX.1 [dev]
  non-commercial license and said "the rights holder" where question 27 names Black Forest Labs.
"""

from __future__ import annotations

import html as _html
import io
import re
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import pytest

from auditor.formats.actions import cause_license, next_actions
from auditor.formats.html import esc, linked, to_html
from auditor.formats.questions import commercial_contact, review_facts
from auditor.formats.report_md import autolink, to_report_markdown
from auditor.formats.review import model_view
from auditor.formats.summary import fail_on, fails_run
from auditor.results import Finding

ANTIBLUR = "Shakker-Labs/FLUX.1-dev-LoRA-AntiBlur"
SOLAR = "upstage/SOLAR-10.7B-Instruct-v1.0"
FLUX = "LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1"


@pytest.fixture(scope="module")
def catalog_run(example_catalog_run: Any) -> Any:
    return example_catalog_run


def _result(run: Any, model: str) -> Any:
    return next(r for r in run.results if r.model == model)


class _Links(HTMLParser):
    """Each <a>: its href and the text it shows; and the text outside any link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[list[str]] = []
        self.outside: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.depth += 1
            self.links.append([dict(attrs).get("href") or "", ""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.links[-1][1] += data
        else:
            self.outside.append(data)


def _links(markup: str) -> _Links:
    parser = _Links()
    parser.feed(markup)
    parser.close()
    return parser


# -- P2: links -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "url", "after"), [
    ("see https://huggingface.co/org/m/blob/main/LICENSE.", "https://huggingface.co/org/m/blob/main/LICENSE", "."),
    ("(https://example.org/terms_(v2)) and more", "https://example.org/terms_(v2)", ") and more"),
    ("text: HTTP://Example.org/a?x=1&y=2, then", "HTTP://Example.org/a?x=1&y=2", ", then"),
    ("quoted \"https://example.org/q\" here", "https://example.org/q", '" here'),
    ("<https://example.org/x>", "https://example.org/x", ">"),
])
def test_an_http_address_becomes_a_link_showing_itself(raw: str, url: str, after: str) -> None:
    parsed = _links(linked(esc(raw)))
    assert parsed.links == [[url, url]]
    assert "".join(parsed.outside).endswith(after)


@pytest.mark.parametrize("raw", ["javascript:alert(1)//https://x", "data:text/html,https", "file:///etc/passwd",
                                 "ftp://example.org/f", "https://", "mailto:a@b.org", "www.bfl.ai",
                                 'x" onmouseover="alert(1)', "https://a.org/\" onclick=\"alert(1)"])
def test_no_other_scheme_or_attribute_gets_through(raw: str) -> None:
    markup = linked(esc(raw))
    for href, shown in _links(markup).links:
        assert re.match(r"(?i)https?://[a-z0-9]", href) and href == shown, markup
        assert '"' not in _html.unescape(href)
    assert "onclick=" not in markup.replace("onclick=&quot;", "") and "onmouseover=\"" not in markup


@pytest.mark.parametrize("raw", ["https://ex\u0430mple.org/l", "https://exa\u200bmple.org/l", "see https://a.org/\u202etxt"])
def test_an_address_with_a_character_it_cannot_hold_stays_text(raw: str) -> None:
    """A homoglyph or an invisible character inside an address: linking the part before it would lead elsewhere
    than the text reads."""
    assert _links(linked(esc(raw))).links == []


def test_a_link_is_never_nested_nor_broken_inside_its_href() -> None:
    assert linked('<a href="#m0">https://example.org/x</a>') == '<a href="#m0">https://example.org/x</a>'
    from auditor.formats.html import breakable

    long = "https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md"
    [[href, shown]] = _links(breakable(esc(long))).links
    assert href == long and shown == long  # the <wbr> breaks are in the text, not the address


def test_every_address_the_review_shows_is_a_link(catalog_run: Any) -> None:
    run = replace(catalog_run, results=(_result(catalog_run, ANTIBLUR),))
    page = to_html(run, lineage_engine="builtin")
    parsed = _links(page)
    plain = [t for t in parsed.outside if re.search(r"(?i)https?://", t) and "www.w3.org/2000/svg" not in t]
    assert plain == []  # no address left as plain text
    web = [(h, s) for h, s in parsed.links if not h.startswith("#")]
    assert web and all(h == s and re.match(r"https?://", h) for h, s in web)
    license_url = "https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md"
    assert (license_url, license_url) in web  # the license text (question 3, the evidence section)
    md = to_report_markdown(run)
    assert f"- License texts: <{license_url}>" in md


def test_the_pdf_carries_the_links() -> None:
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    from auditor.formats.pdf import html_to_pdf

    url = "https://example.org/license?v=1&x=2"
    pdf = html_to_pdf(f"<!DOCTYPE html><html><body><p>{linked(esc('text ' + url))}</p></body></html>")
    uris = [str(a.get_object()["/A"]["/URI"]) for page in PdfReader(io.BytesIO(pdf)).pages
            for a in page.get("/Annots") or [] if a.get_object().get("/Subtype") == "/Link"]
    assert uris == [url]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://ai.meta.com/llama/use-policy", "<https://ai.meta.com/llama/use-policy>"),
    ("https://example.org/a b", None), ("https://example.org/a>b", None), ("https://example.org/a|b", None),
    ("javascript:alert(1)", None), ("https://example.org/`x`", None), (None, ""),
])
def test_markdown_autolinks_only_what_an_autolink_holds_as_written(url: str | None, expected: str | None) -> None:
    shown = autolink(url)
    if expected is not None:
        assert shown == expected
    else:
        assert not shown.startswith("<") and "<" not in shown and "|" not in shown.replace("\\|", "")


# -- P4: one waiver action per license -----------------------------------------------------------------------------


def test_antiblur_asks_one_waiver_for_its_one_license_and_names_black_forest_labs(catalog_run: Any) -> None:
    result = _result(catalog_run, ANTIBLUR)
    actions = next_actions(model_view(result, catalog_run), catalog_run)
    waivers = [a for a in actions if a.text.startswith("Get a waiver")]
    assert len(waivers) == 1 and set(waivers[0].refs) == {"LIC001", "LIC007", "LIN005"}
    text = waivers[0].text
    assert FLUX in text and "Black Forest Labs Inc." in text and "www.bfl.ai" in text and "§2.b" in text
    assert "Use a model whose whole lineage allows commercial use." not in text  # LIN005's fix is LIC007's start


def test_solar_names_the_publisher_for_a_license_that_names_no_licensor(catalog_run: Any) -> None:
    result = _result(catalog_run, SOLAR)
    [waiver] = [a for a in next_actions(model_view(result, catalog_run), catalog_run) if a.text.startswith("Get a")]
    assert set(waiver.refs) == {"LIC001", "LIC007"} and "CC-BY-NC-4.0" in waiver.text
    assert "the rights holder, presumably the publisher, upstage" in waiver.text


def test_every_failing_rule_is_asked_once_and_one_license_once(catalog_run: Any) -> None:
    """The class over the catalog: each failing rule in exactly one waiver action; no two waiver actions for the
    same single license; "the rights holder" said with a name wherever the knowledge base names the licensor."""
    level = fail_on(catalog_run)
    merged = 0
    for result in catalog_run.results:
        view = model_view(result, catalog_run)
        failing = {f.rule for f in result.findings if fails_run(f, result, level)}
        waivers = [a for a in next_actions(view, catalog_run) if a.text.startswith("Get a waiver")]
        asked = [r for a in waivers for r in a.refs]
        assert sorted(asked) == sorted(failing), result.model
        single = [{cause_license(f) for f in result.findings if f.rule in a.refs and fails_run(f, result, level)}
                  for a in waivers]
        causes = [next(iter(s)) for s in single if len(s) == 1 and None not in s]
        assert len(causes) == len(set(causes)), (result.model, [a.text for a in waivers])
        merged += sum(len(a.refs) > 1 for a in waivers)
        for action, cause in zip(waivers, single, strict=True):
            licensor = review_facts().get(next(iter(cause)) if len(cause) == 1 else "", {}).get("licensor", {})
            if "the rights holder" in action.text and licensor.get("value") and licensor.get("named_by") != "publisher":
                assert f"the rights holder, {licensor['value']}" in action.text, action.text
    assert merged >= 30  # 41 models at this writing: the class is common, not one model


def _finding(message: str, evidence: tuple[dict[str, Any], ...]) -> Finding:
    return Finding(rule="X", name="x", area="license", severity="error", model="m", title="t", message=message,
                   evidence=evidence)


def test_the_cause_is_the_one_license_the_message_names() -> None:
    llama = ({"fact": "license.effective", "value": "LicenseRef-Llama-3.1 AND MIT"},)
    assert cause_license(_finding("m is under LicenseRef-Llama-3.1, which the policy denies", llama)) == \
        "LicenseRef-Llama-3.1"
    assert cause_license(_finding("m is under LicenseRef-Llama-3, which", (
        {"fact": "license.effective", "value": "LicenseRef-Llama-3.1"},))) is None  # not a prefix match
    assert cause_license(_finding("LicenseRef-Llama-3.1 and MIT clash", llama)) is None  # two: no single cause
    assert cause_license(_finding("inherits from b (CC-BY-NC-4.0)", ({"item": {"license": "CC-BY-NC-4.0"}},))) == \
        "CC-BY-NC-4.0"
    assert cause_license(_finding("no license named", llama)) is None
    assert commercial_contact({}, None) is None and commercial_contact({}, "NoSuchLicense") is None
