"""Three scanner classes the second session review found in the eleventh recall pass's additions.

1. A C-like source that configures a hosted API's client (an `apiKey`, a `BaseURL`) lost every Hub reference in the
   whole file, so an app that calls an API in one function and loads a model in another named no model (fail-open).
   The key or base URL now decides for its own block only; a relay (channel names, price tables, a provider's
   package) still decides for its whole file, and a Hub loader's call or a server's `--model-id` is always kept.
2. A model family's word beside "path"/"name" made any name a model's, also a program's (`llama_cpp_path =
   "ggerganov/llama.cpp"`, the tool's source).
3. Any Python list of one-line strings with one `key: org/x` line was read as a YAML document, also a prompt list
   (`["Question: which model is best?", "model: gpt-4/turbo"]`) or HTTP headers.
"""

from __future__ import annotations

from auditor.scan.vocab import vocabulary
from tests.scanfixture import scan_refs


def test_an_api_key_elsewhere_in_the_file_keeps_a_swift_loader_and_a_plain_id() -> None:
    swift = """
        import Tokenizers

        struct Client { let apiKey: String }

        func load() async throws {
            let tokenizer = try await AutoTokenizer.from(pretrained: "acme-ai/tok")
            let modelId = "acme-ai/chat"
        }
    """
    assert scan_refs(swift, "Model.swift") == [(6, "acme-ai/tok", "model"), (7, "acme-ai/chat", "model")]


def test_a_go_config_struct_keeps_a_server_argument_and_a_top_level_default() -> None:
    go = """
        package embed

        type Config struct {
            APIKey  string
            BaseURL string
        }

        func StartTEI() error {
            cmd := exec.Command("text-embeddings-router", "--model-id", "acme-ai/embed", "--port", "8080")
            return cmd.Start()
        }

        var DefaultReranker = "acme-ai/rerank"
    """
    assert scan_refs(go, "embed.go") == [(9, "acme-ai/embed", "model"), (13, "acme-ai/rerank", "model")]


def test_near_miss_the_block_that_configures_the_client_still_names_no_hub_model() -> None:
    go = """
        package rag

        func embedder() {
            apiKey := os.Getenv("K")
            model := "acme-ai/remote-embed"
            newClient(apiKey, model)
        }

        var Config = openai.Config{BaseURL: u, Model: "acme-ai/remote-chat"}
    """
    assert scan_refs(go, "rag.go") == []


def test_near_miss_a_relay_decides_for_its_whole_file() -> None:
    go = """
        package video

        const ChannelName = "x-video"

        func models() []string {
            return []string{"acme-ai/served"}
        }
    """
    assert scan_refs(go, "video.go") == []


def test_a_family_word_beside_a_tool_word_names_no_model() -> None:
    vocab = vocabulary()
    for name in ("llama_cpp_path", "LLAMA_CPP_PATH", "whisper_cli_path", "llama_server_bin", "qwen_repo_name"):
        assert vocab.name_kind(name) is None, name
    for name in ("llava_path", "clip_name", "bert_id", "QWEN_WEIGHTS"):
        assert vocab.name_kind(name) == "model", name
    assert scan_refs('llama_cpp_path = "ggerganov/llama.cpp"\nclip_path = "acme-ai/clip"\n', "cfg.py") == [
        (2, "acme-ai/clip", "model")]


def test_a_list_of_prompts_or_headers_is_no_yaml_document() -> None:
    assert scan_refs("""
        PROMPTS = [
            "Question: which model is best?",
            "model: gpt-4/turbo",
        ]
        HEADERS = [
            "Content-Type: application/json",
            "model: acme-ai/header",
        ]
    """, "t.py") == []


def test_near_miss_configuration_lines_in_any_key_spelling_are_still_a_document() -> None:
    assert scan_refs("""
        compose = [
            "services:",
            "  tgi:",
            "    environment:",
            "      HF_MODEL_ID: acme-ai/served",
            "    # pinned",
            "    apiVersion: v1",
            "",
        ]
    """, "w.py") == [(5, "acme-ai/served", "model")]
