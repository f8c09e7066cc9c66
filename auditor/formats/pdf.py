"""The review as PDF: the HTML report printed by WeasyPrint.

Why WeasyPrint and not headless Chromium: it is a `pip install` plus Pango, which Debian and Ubuntu
images (and most desktop systems) already carry (`libpango-1.0-0`, `libpangoft2-1.0-0`); Chromium is a
several-hundred-megabyte package whose headless flags, sandbox and crash handling differ between
versions and distributions. WeasyPrint also runs in-process, so no browser profile, no sandbox and no
subprocess to time out, and it honours the report's print stylesheet (@page, page breaks) directly.

Safety: the HTML loads nothing, and WeasyPrint is given a URL fetcher that refuses every URL, so even a
bug in escaping could not make it fetch a resource while printing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor.formats import RenderError
from auditor.results import RunResult

if TYPE_CHECKING:
    from auditor.formats import RenderContext

INSTALL_HINT = ("PDF output needs WeasyPrint: run `pip install weasyprint` (it uses the Pango library: on "
                "Debian/Ubuntu `apt-get install libpango-1.0-0 libpangoft2-1.0-0`), or write --format html "
                "and print it from a browser")


class PdfEngineMissing(RenderError):
    """WeasyPrint (or the Pango library under it) is not installed; the message says what to install."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the report loads no resources (refused {url[:80]!r})")


def _weasyprint() -> Any:
    try:
        # lazy: heavy (weasyprint)
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there but Pango is not
        raise PdfEngineMissing(f"{INSTALL_HINT} ({type(exc).__name__}: {str(exc).splitlines()[0][:160]})") \
            from None
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    document = _weasyprint().HTML(string=html, url_fetcher=_refuse, base_url=None)
    return document.write_pdf()


def page_one_fits(html: str) -> bool:
    """Whether a document of the title and page one alone lays out on one page: the report's page one then prints
    whole, its sign-off block and footnote included, whatever the fonts and the wrapping of long ids and license
    names do (an estimate of its length missed by a few lines on 4 of 19 catalog models, review pass 29 W1). Page
    one is laid out before anything after it, so alone it takes the same room; about a tenth of the whole PDF's time."""
    return len(_weasyprint().HTML(string=html, url_fetcher=_refuse, base_url=None).render().pages) == 1


def to_pdf(run: RunResult, *, policy_files: list[str] | None = None, generated_at: str | None = None,
           lineage_engine: str = "auto") -> bytes:
    """The review as PDF bytes. Raises PdfEngineMissing when WeasyPrint cannot be used here."""
    # lazy: start-up (auditor.formats.html)
    from auditor.formats.html import to_html

    return html_to_pdf(to_html(run, policy_files=policy_files, generated_at=generated_at,
                               lineage_engine=lineage_engine, page_one_fits=page_one_fits))


def render(run: RunResult, context: RenderContext) -> bytes:
    """The format registry's entry: the review as PDF (RenderError without WeasyPrint)."""
    return to_pdf(run, policy_files=list(context.policy_files), generated_at=context.generated_at,
                  lineage_engine=context.lineage_engine)
