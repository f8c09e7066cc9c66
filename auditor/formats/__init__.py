"""Output formats: each module turns a RunResult (or AuditResults) into text, never recomputing anything.

json, text (the lead's), sarif (GitHub code scanning), junit (CI dashboards), markdown (pull-request
comments and job summaries). Modules are imported by name where needed, so choosing one format does not
pay for the others' imports.
"""
