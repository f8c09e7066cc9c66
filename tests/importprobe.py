"""One offline audit in a fresh interpreter, reporting whether a module was imported: the start-up tests use it
to prove that a warm single-model audit pays nothing for a dependency it does not need (networkx, PyYAML)."""

from __future__ import annotations

import os
import subprocess
import sys

AUDITED = "meta-llama/Llama-2-7b-chat-hf"


def audit_importing(module: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`auditor audit AUDITED --offline --format json` through the CLI's main(); stderr ends with
    `<module>-imported` or `<module>-absent`."""
    code = (
        "import sys\n"
        "from auditor.cli import main\n"
        f"sys.argv = ['auditor', 'audit', {AUDITED!r}, '--offline', '--format', 'json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"sys.stderr.write({module!r} + ('-imported' if {module!r} in sys.modules else '-absent'))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=env if env is not None else dict(os.environ))
