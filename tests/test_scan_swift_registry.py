"""mlx-swift-lm model registries: a Swift string id in a configuration's constructor, however it is spelled.

`ModelConfiguration(id: "org/x")` (and `static let x = ModelConfiguration(\\n id: ...`, a registry's entries) was read
since the eighth recall pass. The same configuration built or looked up other ways was missed (tests/fixtures/
scan_swift_registry: 10 references in 7 real files, their origins in MANIFEST.tsv; 4 found at main 32046cf, all 10
and nothing else after):

- its initializer named (`ModelConfiguration.init(id:`), or inferred from a `configuration:` parameter
  (`loadContainer(configuration: .init(id: "org/x"))`, mlx-swift-lm's own quickstart);
- a registry's lookup by id (`LLMRegistry.shared.configuration(id:`, `ModelConfiguration.configuration(id:`);
- `.init(id: "org/x")` wherever the type is inferred, in a file that imports mlx-swift-lm (MLXLLM, MLXVLM or
  MLXLMCommon): a computed `var configuration: ModelConfiguration { switch self { case .x: .init(id: ...) } }`;
- the `revision:` written in the same call is the reference's revision (`ModelConfiguration(id: "org/x", revision:
  "v1.0")`, mlx-swift-lm's `Identifier.id(String, revision:)`).

Left as before: a registry entry named (`LLMRegistry.qwen3_4b_4bit`, `.smolLM_135M_4bit`), whose id lives in the
library, not in the scanned repository. A `.init(id:` elsewhere builds the app's own types and stays out.
"""

from __future__ import annotations

from pathlib import Path

from auditor.scan import scan_file
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_swift_registry"
SHA = "0123456789abcdef0123456789abcdef01234567"


def test_the_fixture_of_real_registries_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=10)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=7)


def test_a_configuration_built_or_looked_up_by_id_names_it() -> None:
    assert scan_refs("""
        let a = ModelConfiguration.init(id: "acme-ai/named-init")
        let b = try await LLMModelFactory.shared.loadContainer(configuration: .init(id: "acme-ai/inferred"))
        let c = LLMRegistry.shared.configuration(id: "acme-ai/looked-up")
        let d = VLMRegistry.configuration(id: "acme-ai/vlm-looked-up")
        let e = ModelConfiguration.configuration(id: "acme-ai/static-lookup")
    """, "Load.swift") == [(1, "acme-ai/named-init", "model"), (2, "acme-ai/inferred", "model"),
                           (3, "acme-ai/looked-up", "model"), (4, "acme-ai/vlm-looked-up", "model"),
                           (5, "acme-ai/static-lookup", "model")]


def test_an_inferred_init_is_a_configuration_only_in_an_mlx_file() -> None:
    body = ("var configuration: ModelConfiguration {\n    switch self {\n"
            '    case .small: .init(id: "acme-ai/small-4bit")\n    }\n}\n')
    assert scan_refs("import MLXLMCommon\n" + body, "Choice.swift") == [(4, "acme-ai/small-4bit", "model")]
    assert scan_refs("import Foundation\n" + body, "Choice.swift") == []  # no mlx-swift-lm: the app's own type


def test_an_apps_own_init_with_an_id_stays_out() -> None:
    assert scan_refs("""
        import MLXLLM
        let user = User.init(id: "users/42")
        let probe = Probe(serverAfterConfiguration: Item.init(id: "created/id"))
        let row = Row(id: "sports/football")
        let named = LLMRegistry.qwen3_4b_4bit
    """, "App.swift") == []


def test_the_revision_in_the_same_call_is_the_references() -> None:
    text = (f'let a = ModelConfiguration(id: "acme-ai/pinned", revision: "{SHA}")\n'
            'let b = ModelConfiguration(\n    id: "acme-ai/tagged",\n    revision: "v1.0"\n)\n'
            'let c = ModelConfiguration(id: "acme-ai/plain")\nlet revision: "elsewhere"\n')
    refs, problems = scan_file("Pinned.swift", text.encode())
    assert problems == []
    got = {r.id: (r.revision, r.pinned) for r in refs}
    assert got == {"acme-ai/pinned": (SHA, True), "acme-ai/tagged": ("v1.0", False), "acme-ai/plain": (None, False)}
