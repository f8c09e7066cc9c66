"""Hub repositories named by an address or through a library's own loader (issue: scanner recall).

- a huggingface.co / hf.co URL in a loader argument names the repository it points into (`/datasets/` URLs name
  datasets; a commit SHA after /resolve/ is the revision), timm / open_clip `hf-hub:org/name` too;
- MLX `load("mlx-community/...")` through its import (`load` alone is any function);
- `torch.hub.load("huggingface/pytorch-transformers", "model", "bert-base-uncased")`, never another hub repository;
- Spaces, documentation pages, GitHub URLs, open_clip's own model names and pretrained tags are not references.
"""

from __future__ import annotations

import textwrap

import pytest

from auditor.scan import scan_file
from auditor.scan.refs import hub_address_or_none

SHA = "0123456789abcdef0123456789abcdef01234567"


def _refs(code: str, name: str = "app.py") -> list[tuple[int, str, str, str | None]]:
    refs, problems = scan_file(name, textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind, r.revision) for r in refs)


@pytest.mark.parametrize(("value", "expected"), [
    ("https://huggingface.co/runwayml/stable-diffusion-v1-5/blob/main/v1-5.safetensors",
     ("runwayml/stable-diffusion-v1-5", "model", None)),
    ("huggingface.co/acme-ai/tiny", ("acme-ai/tiny", "model", None)),
    ("https://hf.co/datasets/tatsu-lab/alpaca/resolve/main/alpaca.json", ("tatsu-lab/alpaca", "dataset", None)),
    (f"https://huggingface.co/acme-ai/tiny/resolve/{SHA}/model.bin", ("acme-ai/tiny", "model", SHA)),
    ("hf-hub:timm/vit_base_patch16_224.augreg_in21k", ("timm/vit_base_patch16_224.augreg_in21k", "model", None)),
    ("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", ("bartowski/Llama-3.2-1B-Instruct-GGUF", "model", None)),
    ("https://huggingface.co/spaces/acme-ai/demo", None),
    ("https://huggingface.co/docs/transformers/index", None),
    ("https://huggingface.co/models?search=llama", None),
    ("https://huggingface.co/your-username/your-model", None),
    ("https://github.com/acme-ai/tiny", None),
    ("acme-ai/tiny", None),
])
def test_hub_address(value: str, expected: tuple[str, str, str | None] | None) -> None:
    assert hub_address_or_none(value) == expected


@pytest.mark.parametrize(("code", "expected"), [
    ('import timm\nm = timm.create_model("hf-hub:timm/vit_base_patch16_224.augreg_in21k", pretrained=True)\n',
     [(2, "timm/vit_base_patch16_224.augreg_in21k", "model", None)]),
    ("import open_clip\n"
     "m, _, p = open_clip.create_model_and_transforms('hf-hub:laion/CLIP-ViT-g-14-laion2B-s12B-b42K')\n",
     [(2, "laion/CLIP-ViT-g-14-laion2B-s12B-b42K", "model", None)]),
    ("import open_clip\ntok = open_clip.get_tokenizer('hf-hub:laion/CLIP-ViT-g-14-laion2B-s12B-b42K')\n",
     [(2, "laion/CLIP-ViT-g-14-laion2B-s12B-b42K", "model", None)]),
    ('from mlx_lm import load\nmodel, tokenizer = load("mlx-community/Mistral-7B-Instruct-v0.3-4bit")\n',
     [(2, "mlx-community/Mistral-7B-Instruct-v0.3-4bit", "model", None)]),
    ('import mlx_lm\nmodel, tokenizer = mlx_lm.load(path_or_hf_repo="mlx-community/Llama-3.2-1B-4bit")\n',
     [(2, "mlx-community/Llama-3.2-1B-4bit", "model", None)]),
    ('from mlx_vlm import load as vload\nm, p = vload("mlx-community/Qwen2-VL-2B-Instruct-4bit")\n',
     [(2, "mlx-community/Qwen2-VL-2B-Instruct-4bit", "model", None)]),
    ('from diffusers import StableDiffusionPipeline\n'
     'URL = "https://huggingface.co/runwayml/stable-diffusion-v1-5/blob/main/v1-5-pruned-emaonly.safetensors"\n'
     'pipe = StableDiffusionPipeline.from_single_file(URL)\n',
     [(2, "runwayml/stable-diffusion-v1-5", "model", None)]),
    (f'from transformers import AutoModel\nm = AutoModel.from_pretrained("https://huggingface.co/acme-ai/tiny/tree/{SHA}")\n',
     [(2, "acme-ai/tiny", "model", SHA)]),
    ('ds = load_dataset("json", data_files="https://huggingface.co/datasets/tatsu-lab/alpaca/resolve/main/a.json")\n',
     [(1, "tatsu-lab/alpaca", "dataset", None)]),
    ('import torch\nbert = torch.hub.load("huggingface/pytorch-transformers", "model", "bert-base-uncased")\n',
     [(2, "bert-base-uncased", "model", None)]),
    ('import torch\ntok = torch.hub.load("huggingface/pytorch-transformers", "tokenizer", "acme-ai/tiny")\n',
     [(2, "acme-ai/tiny", "model", None)]),
])
def test_found(code: str, expected: list[tuple[int, str, str, str | None]]) -> None:
    assert _refs(code) == expected


@pytest.mark.parametrize("code", [
    # open_clip's own names and pretrained tags, timm-less create_model of another library
    "import open_clip\nm, _, p = open_clip.create_model_and_transforms('ViT-B-32', pretrained='laion2b_s34b_b79k')\n",
    # torch.hub repositories are GitHub code, whatever their arguments
    'import torch\nm = torch.hub.load("pytorch/vision", "resnet50", "acme-ai/tiny")\n',
    'import torch\nm = torch.hub.load("facebookresearch/dinov2", "dinov2_vits14")\n',
    # `load` of any other module, and MLX's load of a local file
    'from json import load\nx = load("acme-ai/tiny")\n',
    'import pickle\nx = pickle.load("acme-ai/tiny")\n',
    'from mlx_lm import load\nm, t = load("weights/model.safetensors")\n',
    # URLs that are not repositories, or not in a loader's argument
    'from diffusers import StableDiffusionPipeline\n'
    'p = StableDiffusionPipeline.from_single_file("https://huggingface.co/spaces/acme-ai/demo/blob/main/x.ckpt")\n',
    'DOCS = "https://huggingface.co/docs/transformers"\nm = AutoModel.from_pretrained(DOCS)\n',
    'print("see https://huggingface.co/acme-ai/tiny")\n',
    'from diffusers import StableDiffusionPipeline\n'
    'p = StableDiffusionPipeline.from_single_file("sd-v1-5.safetensors")\n',
])
def test_not_references(code: str) -> None:
    assert _refs(code) == []


def test_address_position_is_the_literal() -> None:
    refs, _ = scan_file("app.py", b'import timm\nm = timm.create_model("hf-hub:timm/resnet50.a1_in1k")\n')
    (ref,) = refs
    assert (ref.line, ref.column, ref.end_column) == (2, 23, 53)
    assert ref.snippet == 'm = timm.create_model("hf-hub:timm/resnet50.a1_in1k")'
