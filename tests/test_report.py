"""The procurement review (HTML, Markdown, PDF) on a Llama 2 derivative audited through the real pipeline:
sections, obligations with their clauses and ancestors, the lineage picture, and safety with hostile cards."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.formats.html import CSP, to_html
from auditor.formats.report_md import to_report_markdown
from auditor.formats.review import SECTION_TITLES, model_view
from auditor.results import RunResult
from tests.reviewdata import BASE, DATASET, DERIVATIVE, HOSTILE_MODEL, PAYLOAD, audit_run, hostile_run, write_catalog

NOTICE = "Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc."


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return audit_run(tmp_path_factory.mktemp("review"), [DERIVATIVE])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunResult, RunResult]:
    real = audit_run(tmp_path_factory.mktemp("hostile"), [DERIVATIVE, HOSTILE_MODEL])
    return real, hostile_run(real)


class Collector(HTMLParser):
    """Every start tag with its attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.glue = tag == "wbr"  # a line-break opportunity inside a token, not a gap: the text goes on

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.glue = False

    def handle_data(self, data: str) -> None:
        if getattr(self, "glue", False) and self.text:
            self.text[-1] += data
        else:
            self.text.append(data)
        self.glue = False


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


def assert_inert(html: str) -> Collector:
    """No script, no event handler, no javascript: URL, nothing that loads: only text and layout."""
    doc = parse(html)
    names = {tag for tag, _ in doc.tags}
    assert not names & {"script", "iframe", "object", "embed", "img", "link", "base", "form", "foreignobject",
                        "use", "image", "animate", "set", "meta-refresh"}, names
    for tag, attrs in doc.tags:
        for key, value in attrs:
            assert not key.lower().startswith("on"), (tag, key, value)
            assert "javascript:" not in (value or "").lower(), (tag, key, value)
            if key.lower() in {"href", "src", "xlink:href", "action", "srcset", "poster", "background"}:
                # in-page anchors, or a link (never a resource) to an http(s) address (review pass 29, P2)
                assert (value or "").startswith("#") or (tag == "a" and key == "href" and re.match(
                    r"(?i)https?://[a-z0-9][^\s\"'<>]*$", value or "")), (tag, key, value)
        if tag == "meta":
            keys = dict(attrs)
            assert keys.get("http-equiv", "").lower() != "refresh"
    return doc


# -- HTML -------------------------------------------------------------------------------------------------


def test_html_has_every_section_and_is_self_contained(run: RunResult) -> None:
    html = to_html(run, generated_at="2025-06-01T12:00:00Z", lineage_engine="builtin")
    doc = assert_inert(html)
    text = " ".join(" ".join(doc.text).split())
    for title in SECTION_TITLES.values():
        assert title in text
    meta = [dict(a) for t, a in doc.tags if t == "meta" and dict(a).get("http-equiv")]
    assert meta and meta[0]["content"] == CSP
    assert "<style>" in html and "@media print" in html and "@page" in html
    # nothing to fetch: an address appears only as a link's href and the text it shows, never as a resource
    assert not re.search(r"(?i)\b(?:src|srcset|xlink:href|action|poster|background)=\S*https?:", html)
    assert "FAIL" in html.upper() and "2025-06-01T12:00:00Z" in text


def test_html_obligations_carry_clause_and_ancestor(run: RunResult) -> None:
    view = model_view(run.results[0])
    groups = {o.group for o in view.obligations}
    assert {"notices", "users", "aup", "outputs", "carry"} <= groups
    notice = next(o for o in view.obligations if NOTICE in o.text)
    assert [(o.license, o.clause, o.model) for o in notice.origins] == [("LicenseRef-Llama-2", "§1.b.iii", BASE)]
    users = next(o for o in view.obligations if o.group == "users")
    assert "700,000,000" in users.text and users.origins[0].model == BASE and users.origins[0].clause == "§2"
    aup = next(o for o in view.obligations if o.group == "aup")
    assert "Llama 2 Acceptable Use Policy" in aup.text and aup.origins[0].clause == "§1.b.iv"  # named, not its id
    text = " ".join(" ".join(parse(to_html(run)).text).split())
    assert NOTICE in text and "§1.b.iii (from meta-llama/Llama-2-7b-hf)" in text


def test_html_license_evidence_laundering_and_lineage_picture(run: RunResult) -> None:
    html = to_html(run, lineage_engine="builtin")
    text = " ".join(" ".join(parse(html).text).split())
    assert "MIT AND LicenseRef-Llama-2" in text  # effective
    assert "README.md#front-matter.license" in text  # evidence location
    assert "3f2a9c1d5e7b8a6f4c2d0e1f3a5b7c9d1e3f5a7b" in text  # revision SHA
    assert "commercial_use conditional->allowed" in text  # laundering, dropped term
    svg = html[html.index("<svg"):html.index("</svg>")]
    for label in (DERIVATIVE, BASE, DATASET, "LicenseRef-Llama-2", "Apache-2.0", "finetune", "trained_on",
                  "license laundering"):
        assert label in svg, label
    assert svg.count('class="node laundering"') == 2  # the derivative and the ancestor whose terms it drops


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed (apt-get install graphviz)")
def test_html_graphviz_picture_is_sanitised(hostile: tuple[RunResult, RunResult]) -> None:
    real, _ = hostile
    html = to_html(real, lineage_engine="auto")
    assert "Drawn with Graphviz" in html
    assert_inert(html)
    assert "license laundering" in html and "LicenseRef-Llama-2" in html


@pytest.mark.parametrize("engine", ["builtin", "auto"])
def test_hostile_cards_render_as_text_only(hostile: tuple[RunResult, RunResult], engine: str) -> None:
    real, poisoned = hostile
    for candidate in (real, poisoned):
        html = to_html(candidate, policy_files=[PAYLOAD], lineage_engine=engine)
        doc = assert_inert(html)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert PAYLOAD in "".join(doc.text)  # visible, as text
    assert html.count("&lt;script&gt;") > 100  # every field of the poisoned run reached the page escaped


def test_chromium_shows_report_and_no_request_leaves_the_page(run: RunResult, tmp_path: Path) -> None:
    """Slow (about 2 s) but meaningful: a real browser renders the report while a proxy counts requests.

    A control page with a remote image proves the proxy sees requests; the report must cause none. The
    browser's own housekeeping (network time, sign-in and variations checks to Google's service hosts) is
    switched off where a flag exists and otherwise not counted: a report has no reason to call those hosts,
    and any other destination fails the test."""
    browser = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)),
                   None)
    if browser is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    report = tmp_path / "report.html"
    report.write_text(to_html(run, lineage_engine="builtin"), encoding="utf-8")
    control = tmp_path / "control.html"
    control.write_text('<html><body><img src="http://example.test/pixel.png">x</body></html>', encoding="utf-8")

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    hits.append(conn.recv(512))
                    conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    hits.append(b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    port = server.getsockname()[1]
    profile = tmp_path / "profile"

    def chromium(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
             "--disable-client-side-phishing-detection",
             "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate",
             f"--user-data-dir={profile}", f"--proxy-server=http://127.0.0.1:{port}",
             "--proxy-bypass-list=<-loopback>", "--virtual-time-budget=2000", *extra, page.as_uri()],
            capture_output=True, text=True, timeout=90, check=False)

    try:
        chromium(control, "--dump-dom")
        control_hits = len(hits)
        hits.clear()
        shot = tmp_path / "report.png"
        dom = chromium(report, "--dump-dom").stdout
        chromium(report, f"--screenshot={shot}", "--window-size=1200,2600", "--hide-scrollbars")
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()
    assert control_hits >= 1, "the proxy did not see the control page's request: the check would prove nothing"
    page_requests = [h for h in hits if _request_host(h) and not _browser_service(_request_host(h))]
    assert page_requests == [], page_requests
    for title in (SECTION_TITLES["summary"], SECTION_TITLES["obligations"], SECTION_TITLES["openness"]):
        assert title in dom
    assert "<svg" in dom and "license laundering" in dom and "<script" not in dom
    assert shot.is_file() and shot.stat().st_size > 20_000
    artefacts = os.environ.get("AUDITOR_TEST_ARTIFACTS")
    if artefacts:
        Path(artefacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artefacts) / "report-llama2-derivative.png")


def _request_host(raw: bytes) -> str:
    """The host a proxied request goes to ("GET http://host/..." or "CONNECT host:443")."""
    parts = raw.split(b" ")
    if len(parts) < 2:
        return ""
    target = parts[1].decode("latin-1")
    target = target.split("://", 1)[-1]
    return target.split("/", 1)[0].rsplit(":", 1)[0].lower()


def _browser_service(host: str) -> bool:
    return host == "google.com" or host.endswith((".google.com", ".googleapis.com", ".gvt1.com", ".gstatic.com"))


# -- PDF --------------------------------------------------------------------------------------------------


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                             check=True, timeout=60).stdout
    else:
        pypdf = pytest.importorskip("pypdf", reason="neither pdftotext (poppler-utils) nor pypdf is installed")
        out = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(pdf)).pages)
    return " ".join(out.split())


def test_pdf_has_the_same_sections(run: RunResult, tmp_path: Path) -> None:
    from auditor.formats.pdf import PdfEngineMissing, to_pdf

    try:
        data = to_pdf(run, generated_at="2025-06-01T12:00:00Z", lineage_engine="builtin")
    except PdfEngineMissing as exc:
        pytest.skip(str(exc))
    assert data.startswith(b"%PDF-")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    text = pdf_text(pdf)
    for title in SECTION_TITLES.values():
        assert title in text, title
    assert "LicenseRef-Llama-2" in text and "700,000,000" in text and DERIVATIVE in text


def test_pdf_without_engine_is_one_clear_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    from auditor.cli import app

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as when it is not installed
    catalog = write_catalog(tmp_path)
    result = CliRunner().invoke(app, ["report", DERIVATIVE, "--offline", "--catalog", str(catalog),
                                      "--format", "pdf", "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert "pip install weasyprint" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r.pdf").exists()


# -- Markdown ---------------------------------------------------------------------------------------------


def test_markdown_has_the_sections_and_is_escaped(hostile: tuple[RunResult, RunResult]) -> None:
    real, poisoned = hostile
    md = to_report_markdown(real)
    for title in SECTION_TITLES.values():
        assert f"### {title}" in md
    assert "LicenseRef\\-Llama\\-2" in md or "LicenseRef-Llama-2" in md
    assert "§1.b.iii" in md and "700,000,000" in md
    for candidate in (real, poisoned):
        text = to_report_markdown(candidate)
        assert "<script" not in text and "<img" not in text and "<svg" not in text and "<a " not in text
        assert "](javascript:" not in text and "&lt;script&gt;" in text


# -- CLI --------------------------------------------------------------------------------------------------


def test_report_command_writes_html_and_markdown(tmp_path: Path) -> None:
    from auditor.cli import app

    catalog = write_catalog(tmp_path)
    runner = CliRunner()
    out = tmp_path / "out" / "review.html"
    result = runner.invoke(app, ["report", DERIVATIVE, "--offline", "--catalog", str(catalog), "-o", str(out),
                                 "--policy", "builtin:commercial", "--lineage-engine", "builtin"])
    assert result.exit_code == 0, result.output  # written: the failing verdict is inside the document
    html = out.read_text(encoding="utf-8")
    assert_inert(html)
    shown = "".join(parse(html).text)
    assert "commercial.yaml" in shown and "sha256:" in shown  # the policy file and its digest
    md_out = tmp_path / "review.md"
    result = runner.invoke(app, ["report", DERIVATIVE, "--offline", "--catalog", str(catalog), "-f", "md",
                                 "-o", str(md_out)])
    assert result.exit_code == 0 and md_out.read_text(encoding="utf-8").startswith("# Model review")
    bad = runner.invoke(app, ["report", "not a ref!", "-o", str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_report_format_follows_the_output_name_unless_given(tmp_path: Path) -> None:
    """`-o review.md` writes Markdown (it wrote HTML under that name before); `--format` given wins; a name
    without a known extension keeps the default, HTML."""
    from auditor.cli import app

    catalog = write_catalog(tmp_path)
    runner = CliRunner()
    cases = {"review.md": "# Model review", "review.MARKDOWN": "# Model review", "review.htm": "<!DOCTYPE html>",
             "review.txt": "<!DOCTYPE html>"}
    for name, start in cases.items():
        out = tmp_path / name
        result = runner.invoke(app, ["report", DERIVATIVE, "--offline", "--catalog", str(catalog), "-o", str(out),
                                     "--lineage-engine", "builtin"])
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").startswith(start), name
    out = tmp_path / "forced.md"
    result = runner.invoke(app, ["report", DERIVATIVE, "--offline", "--catalog", str(catalog), "-o", str(out),
                                 "-f", "html", "--lineage-engine", "builtin"])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
