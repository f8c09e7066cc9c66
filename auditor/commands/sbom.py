"""`auditor sbom REF... --format spdx-json|spdx3|cyclonedx -o FILE`: the lineage as a bill of materials.

Exit codes follow `auditor report`: the SBOM is a document that records the audit, so it is written
whatever the verdict. 0: written; 2: bad invocation or policy, or the output cannot be written. A
document that fails its official validator is a bug and is not written (exit 2 with the validator's
first messages), so an invalid SBOM never reaches a procurement file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.commands._common import (
    EXIT_USAGE,
    CatalogOption,
    EndpointOption,
    OfflineOption,
    QuietOption,
    VerboseOption,
    choose_one,
    exit_if_incomplete,
    fail,
    say,
)
from auditor.commands.audit import AllowIncompleteOption, PolicyOption, run_audit


def register(app: typer.Typer) -> None:
    @app.command("sbom")
    def sbom_command(
        refs: Annotated[list[str], typer.Argument(help="Models: org/name, org/name@revision, hf://org/name or "
                                                  "a local directory.", show_default=False)],
        format: Annotated[str, typer.Option("--format", "-f", help="spdx-json (SPDX 2.3), spdx3 (SPDX 3.0.1 "
                                            "JSON-LD, AI profile) or cyclonedx (CycloneDX 1.6 ML-BOM).")],
        output: Annotated[Path, typer.Option("--output", "-o", help="File to write the SBOM to.",
                                             show_default=False)],
        policy: PolicyOption = None,
        offline: OfflineOption = False,
        catalog: CatalogOption = None,
        endpoint: EndpointOption = None,
        allow_incomplete: AllowIncompleteOption = False,
        quiet: QuietOption = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Write an SBOM of the models, their bases and datasets: declared versus concluded (effective) license,
        lineage relationships, every LicenseRef declared.

        Example: auditor sbom meta-llama/Llama-2-7b-chat-hf --offline -f cyclonedx -o model.cdx.json

        Exit codes: 0 the SBOM was written (whatever the verdict); 3 written, but the audit could not be
        completed (unless --allow-incomplete); 2 bad invocation or policy, or the SBOM
        could not be written or did not validate.
        """
        # lazy: start-up (auditor.commands.report, ...)
        from auditor.commands.report import write_bytes
        from auditor.formats import SBOM_FORMATS, RenderError

        spec = choose_one(format, SBOM_FORMATS)
        run = run_audit(refs, policy=policy, offline=offline, catalog=catalog, endpoint=endpoint,
                        allow_incomplete=True, list_refs=True)
        try:
            data = spec.render(run)
        except RenderError as exc:
            fail(str(exc), EXIT_USAGE)
        write_bytes(data, output, what="SBOM")

        say(f"wrote {output} ({spec.name}; verdict {run.verdict})")
        # The document is written (marked incomplete inside); the exit code still fails closed for CI.
        exit_if_incomplete(run, allow_incomplete)
