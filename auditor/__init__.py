"""auditor: license and openness compliance auditor for open machine-learning models."""

__version__ = "0.1.0"
