"""The JSON schema of a MOF declaration (the Model Openness Tool's `release` format), as a Python mapping.

Kept in the package because validation must work without the shared corpus. Reproduced from
lfai/model_openness_tool (mof_schema.json at commit 8b5d30e90a7c62d7d6ece48b91e69ff495920a4d; Copyright 2024
The Model Openness Tool Authors, MIT License). A test checks that it still equals the corpus copy.
"""

from __future__ import annotations

from typing import Any

MOF_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "framework": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "enum": ["Model Openness Framework"]},
                "version": {"type": "string"},
                "date": {"type": "string", "format": "date"},
            },
            "required": ["name", "version", "date"],
        },
        "release": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "version": {"type": "string"},
                "license": {
                    "type": "object",
                    "additionalProperties": True,
                    "minProperties": 0,
                    "properties": {
                        "distribution": {
                            "type": "object",
                            "properties": {
                                "name": {"type": ["string", "null"]},
                                "path": {"type": ["string", "null"]},
                            },
                        },
                        "code": {
                            "type": "object",
                            "properties": {
                                "name": {"type": ["string", "null"]},
                                "path": {"type": ["string", "null"]},
                            },
                        },
                        "document": {
                            "type": "object",
                            "properties": {
                                "name": {"type": ["string", "null"]},
                                "path": {"type": ["string", "null"]},
                            },
                        },
                        "data": {
                            "type": "object",
                            "properties": {
                                "name": {"type": ["string", "null"]},
                                "path": {"type": ["string", "null"]},
                            },
                        },
                    },
                },
                "date": {"type": "string", "format": "date"},
                "type": {
                    "type": "string",
                    "enum": [
                        "",
                        "language",
                        "vision",
                        "image",
                        "audio",
                        "video",
                        "3d",
                        "code",
                        "multimodal",
                        "other",
                    ],
                },
                "architecture": {
                    "type": "string",
                    "enum": [
                        "",
                        "transformer",
                        "transformer decoder",
                        "transformer encoder-decoder",
                        "decoder",
                        "encoder",
                        "diffusion",
                        "RNN",
                        "CNN",
                        "LSTM",
                        "NeRF",
                        "hybrid",
                        "undisclosed",
                        "other",
                    ],
                },
                "treatment": {
                    "type": "string",
                    "enum": ["pre-trained", "instruct fine-tuned", "chat fine-tuned"],
                },
                "origin": {"type": "string"},
                "producer": {"type": "string"},
                "contact": {"type": "string"},
                "components": {
                    "type": "array",
                    "minItems": 0,
                    "maxItems": 17,
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "description": {"type": "string"},
                            "license": {"type": "string"},
                            "license_path": {"type": "string"},
                            "component_path": {"type": "string"},
                        },
                    },
                },
            },
            "required": ["name", "license", "producer", "components"],
        },
    },
    "required": ["framework", "release"],
}
