"""Inference service for the support assistant: answers, semantic search over the FAQ, and reranking.

Run: uvicorn serve:app
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from peft import PeftModel
from sentence_transformers import SentenceTransformer, util
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

BASE_MODEL = "mistralai/Mistral-7B-v0.1"
ADAPTER_DIR = "outputs/support-lora"  # our own adapter, written by train.py (a local path, not a Hub id)
EMBEDDING_MODEL = os.environ.get("EMBEDDING_MODEL", "sentence-transformers/paraphrase-albert-small-v2")

app = FastAPI()

tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
base = AutoModelForCausalLM.from_pretrained(BASE_MODEL, device_map="auto")
assistant = PeftModel.from_pretrained(base, ADAPTER_DIR)
generate = pipeline("text-generation", model=assistant, tokenizer=tokenizer)

# Suggest the missing word in search queries ("reset my [MASK]").
fill_mask = pipeline("fill-mask", model="google-bert/bert-base-uncased")

embedder = SentenceTransformer(EMBEDDING_MODEL)
reranker = SentenceTransformer(
    "jinaai/jina-embeddings-v3",
    trust_remote_code=True,
)

FAQ = ["How do I reset my password?", "How do I change my plan?", "Where is my invoice?"]
FAQ_EMBEDDINGS = embedder.encode(FAQ, convert_to_tensor=True)


@app.get("/search")
def search(q: str) -> dict:
    hits = util.semantic_search(embedder.encode(q, convert_to_tensor=True), FAQ_EMBEDDINGS, top_k=3)[0]
    candidates = [FAQ[hit["corpus_id"]] for hit in hits]
    scores = util.cos_sim(reranker.encode(q), reranker.encode(candidates))[0]
    ranked = sorted(zip(candidates, scores.tolist()), key=lambda pair: -pair[1])
    return {"results": [{"text": text, "score": score} for text, score in ranked]}


@app.get("/suggest")
def suggest(q: str) -> dict:
    return {"suggestions": [s["token_str"] for s in fill_mask(q)]}


@app.post("/answer")
def answer(question: str) -> dict:
    prompt = f"[INST] {question} [/INST]"
    return {"answer": generate(prompt, max_new_tokens=256)[0]["generated_text"]}
