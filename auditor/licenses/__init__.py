"""Licenses: the knowledge base (kb), identification and resolution.

Kept empty on purpose: importing `auditor.licenses` must stay cheap for the CLI, so callers import the
submodule they need (`from auditor.licenses.kb import load_kb`).
"""
