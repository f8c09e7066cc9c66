"""Generate a synthetic lineage catalog: one root model whose ancestry is ~N models and datasets.

The shape imitates the Hub: a handful of foundation models under their real license ids (llama2, llama3,
llama3.1, gemma, apache-2.0, mit, cc-by-nc-4.0, creativeml-openrail-m) at the bottom, layers of fine-tunes,
adapters, quantizations and merges above them that mostly keep their base's license and sometimes do not
(the laundering the auditor must find), shared bases, training datasets, and a sprinkling of the malformed
lineage real cards have (missing bases, repeated ids, local paths). Every node is an ancestor (or a
dataset) of the one root, so resolving the root resolves the whole catalog.

    python bench/gen_lineage.py --nodes 10000 --out /tmp/lineage-10k.jsonl

The output is in the catalog format (auditor/sources/hubjson.py hub_json_from_record), one line per repo.
Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.model import ModelRecord
from auditor.sources.hubjson import hub_json_from_record

ROOT_ID = "bench/root-model"
FOUNDATION_LICENSES = (
    "llama2",
    "llama3",
    "llama3.1",
    "gemma",
    "apache-2.0",
    "mit",
    "cc-by-nc-4.0",
    "creativeml-openrail-m",
)
LAUNDERED = ("apache-2.0", "mit")
DATASET_LICENSES = ("apache-2.0", "cc-by-4.0", "cc-by-nc-4.0", "cc-by-nc-nd-4.0", "mit", "odc-by", None)
RELATIONS = ("finetune", "adapter", "quantized")


def layer_widths(total_models: int, layers: int) -> list[int]:
    """Widths of each generation, root first: growing then shrinking, like real families of models."""
    weights = [1.0] + [min(2.2**i, 2.2 ** (layers - i) * 6) for i in range(1, layers)]
    scale = (total_models - 1) / sum(weights[1:])
    widths = [1] + [max(1, round(w * scale)) for w in weights[1:]]
    widths[-1] += total_models - sum(widths)
    return widths


def generate(
    nodes: int = 10_000, *, layers: int = 10, dataset_share: float = 0.05, seed: int = 0, malformed: bool = True
) -> list[ModelRecord]:
    rng = random.Random(seed)
    n_datasets = max(1, int(nodes * dataset_share))
    widths = layer_widths(nodes - n_datasets, layers)
    names = [[ROOT_ID]] + [
        [f"org{rng.randrange(200)}/model-l{i}-{j}" for j in range(w)] for i, w in enumerate(widths[1:], 1)
    ]
    datasets = [f"data{k % 50}/dataset-{k}" for k in range(n_datasets)]
    bases = _pick_bases(rng, names, layers)
    licenses = _licenses(rng, names, bases, layers)

    records: list[ModelRecord] = []
    for i, layer in enumerate(names):
        for j, repo_id in enumerate(layer):
            card: dict = {}
            if licenses[i][j]:
                card["license"] = licenses[i][j]
            files: tuple[str, ...] = ("README.md", "config.json", "model.safetensors")
            if i < layers - 1:
                files = _add_bases(rng, card, [names[i + 1][k] for k in bases[i][j]], malformed) or files
            if rng.random() < 0.3:
                card["datasets"] = rng.sample(datasets, k=rng.choice((1, 2)))
            records.append(
                ModelRecord(
                    id=repo_id,
                    source="catalog",
                    card=card,
                    files=files,
                    sha=f"{rng.getrandbits(160):040x}",
                    origin="synthetic (bench/gen_lineage.py)",
                )
            )
    for k, ds in enumerate(datasets):
        lic = DATASET_LICENSES[k % len(DATASET_LICENSES)]
        records.append(
            ModelRecord(
                id=ds,
                source="catalog",
                kind="dataset",
                card={"license": lic} if lic else {},
                sha=f"{rng.getrandbits(160):040x}",
                origin="synthetic (bench/gen_lineage.py)",
            )
        )
    return records


def _pick_bases(rng: random.Random, names: list[list[str]], layers: int) -> list[list[list[int]]]:
    """bases[i][j]: indices into layer i+1 (every node of layer i+1 has at least one child in layer i)."""
    bases: list[list[list[int]]] = []
    for i in range(layers - 1):
        below = len(names[i + 1])
        picks: list[list[int]] = [[] for _ in names[i]]
        for k in range(below):
            picks[k % len(names[i]) if k < len(names[i]) else rng.randrange(len(names[i]))].append(k)
        for p in picks:
            if not p:
                p.append(rng.randrange(below))
            if rng.random() < 0.08:  # a merge that also takes a shared, popular base
                p.append(rng.randrange(min(below, 5)))
        bases.append(picks)
    return bases


def _licenses(rng: random.Random, names: list[list[str]], bases: list[list[list[int]]],
              layers: int) -> list[list[str | None]]:
    """Foundation licenses at the bottom; above, mostly the first base's, sometimes laundered or dropped."""
    licenses: list[list[str | None]] = [[None] * len(layer) for layer in names]
    licenses[-1] = [FOUNDATION_LICENSES[j % len(FOUNDATION_LICENSES)] for j in range(len(names[-1]))]
    for i in range(layers - 2, -1, -1):
        for j, picks in enumerate(bases[i]):
            inherited = licenses[i + 1][picks[0]]
            roll = rng.random()
            licenses[i][j] = (
                inherited if roll < 0.75 else rng.choice(LAUNDERED) if roll < 0.93 else "other" if roll < 0.97 else None
            )
    return licenses


def _add_bases(rng: random.Random, card: dict, ids: list[str], malformed: bool) -> tuple[str, ...] | None:
    """Write the card's base_model (with the malformations real cards have) and maybe its relation; the
    file list a quantization or an adapter has, or None to keep the default one."""
    relation = "merge" if len(set(ids)) > 1 else rng.choice(RELATIONS)
    if malformed and rng.random() < 0.002:
        ids = ids + [ids[0]] * 6  # a self-merge written out seven times
    if malformed and rng.random() < 0.002:
        ids = [*ids, f"ghost{rng.randrange(1000)}/deleted-model"]
    if malformed and rng.random() < 0.001:
        ids = [*ids, "./checkpoints/final"]
    card["base_model"] = ids[0] if len(ids) == 1 else ids
    if rng.random() < 0.5:
        card["base_model_relation"] = relation
    if relation == "quantized":
        return ("README.md", "model-Q4_K_M.gguf")
    if relation == "adapter":
        return ("README.md", "adapter_config.json", "adapter_model.safetensors")
    return None


def write(records: list[ModelRecord], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(hub_json_from_record(record), separators=(",", ":")) + "\n")
    return len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=10_000, help="models + datasets (default 10000)")
    parser.add_argument("--layers", type=int, default=10, help="generations including the root (default 10)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    written = write(generate(args.nodes, layers=args.layers, seed=args.seed), args.out)
    print(f"wrote {written} catalog lines to {args.out} (root: {ROOT_ID})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
