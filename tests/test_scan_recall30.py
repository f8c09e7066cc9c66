"""Classes of reference shapes the scanner missed after the twenty-ninth recall pass (tests/fixtures/scan_recall30: 5
real-shaped files of our own lines, each file's origin in its MANIFEST.tsv, the truth in TRUTH.tsv, written before the
first scan). At main ab7511c: 0 of 11 references found, no false positive; 11 of 11 and none after.

- Vagrantfiles were not read: a shell provisioner's script (`config.vm.provision "shell", inline: <<-SHELL ...
  SHELL`, `inline: "..."`, `s.inline = $script` kept by an assignment) is read as command lines now, with the Python
  its `python -c` runs (auditor/scan/vagrant.py); the box name and synced folders stay out (3 misses);
- cibuildwheel's command options in `[tool.cibuildwheel]` (`before-all`, `before-build`, `before-test`,
  `test-command`, `repair-wheel-command`: a string or a list), its platform tables and overrides (4 misses);
- Nextflow: a property assignment (`params.model = "org/x"`, read by a process as `${params.model}`) was not read
  under its name, and nextflow.config (a `params { ... }` block) was not read at all (4 misses).

The corpus scores (score.py, all kinds) stay LLaMA-Factory 179/2/0, FastChat 43/0/0, cookbook 164/11/14.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

import time
from pathlib import Path

from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall30"


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=11)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=5)


def test_vagrant_shell_provisioners_scripts_are_command_lines() -> None:
    assert scan_refs('''
        $fetch = <<~'EOS'
          hf download acme-ai/kept-script --local-dir /opt/models
        EOS

        Vagrant.configure("2") do |config|
          config.vm.box = "hashicorp/bionic64"
          config.vm.synced_folder "data/corpus", "/srv/corpus"
          config.vm.provision "shell", inline: <<SHELL
            echo "docs at https://huggingface.co/docs/hub"
            vllm serve acme-ai/heredoc-served --port 8000
        SHELL
          config.vm.provision :shell, inline: 'huggingface-cli download --repo-type dataset acme-ai/quoted-data'
          config.vm.provision "shell" do |s|
            s.inline = $fetch
            s.privileged = false
          end
          config.vm.provision "shell", inline: "python -c \\"import datasets as d; d.load_dataset('acme-ai/pyc-set')\\""
        end
    ''', "Vagrantfile") == [
        (2, "acme-ai/kept-script", "model"),
        (10, "acme-ai/heredoc-served", "model"),
        (12, "acme-ai/quoted-data", "dataset"),
        (17, "acme-ai/pyc-set", "dataset"),
    ]


def test_a_vagrantfile_without_provisioner_scripts_names_nothing() -> None:
    assert scan_refs('''
        Vagrant.configure("2") do |config|
          config.vm.box = "acme-ai/not-a-model"
          model = "acme-ai/a-ruby-variable"
          config.vm.provision "shell", path: "scripts/setup.sh"
        end
    ''', "Vagrantfile") == []


def test_cibuildwheel_command_options_are_command_lines() -> None:
    assert scan_refs('''
        [project]
        name = "demo"
        dependencies = ["huggingface-hub"]

        [tool.cibuildwheel]
        before-build = "hf download acme-ai/cibw-build --local-dir assets"
        test-command = ["hf download acme-ai/cibw-listed", "pytest {project}/tests"]
        environment = { MODEL_DIR = "assets/cibw" }

        [tool.cibuildwheel.windows]
        before-all = "huggingface-cli download --repo-type dataset acme-ai/cibw-windows-data"

        [[tool.cibuildwheel.overrides]]
        select = "*-musllinux*"
        before-all = "apk add curl && curl -LO https://huggingface.co/acme-ai/cibw-override/resolve/main/m.bin"

        [tool.other]
        before-all = "hf download acme-ai/not-cibuildwheel"
    ''', "pyproject.toml") == [
        (6, "acme-ai/cibw-build", "model"),
        (7, "acme-ai/cibw-listed", "model"),
        (11, "acme-ai/cibw-windows-data", "dataset"),
        (15, "acme-ai/cibw-override", "model"),
    ]


def test_nextflow_params_assignments_are_read_under_their_names() -> None:
    pipeline = '''
        params.llm = "acme-ai/nf-llm"
        params.model_id = 'acme-ai/nf-model-id'
        params.publish_repo = "acme-ai/nf-publish"
        params.outdir = "results/run"

        process GENERATE {
            container "acme-ai/nf-image:1.0"
            script:
            """
            python generate.py --model ${params.llm} --out ${params.outdir}
            """
        }
    '''
    assert scan_refs(pipeline, "main.nf") == [(1, "acme-ai/nf-llm", "model"), (2, "acme-ai/nf-model-id", "model")]
    assert scan_refs('''
        params {
            model_name = "acme-ai/cfg-model"
            dataset = "acme-ai/cfg-data"
            container_image = "acme-ai/cfg-image"
        }
        params.tokenizer = "acme-ai/cfg-tokenizer"
        process.container = "acme-ai/cfg-process-image"
    ''', "nextflow.config") == [
        (2, "acme-ai/cfg-model", "model"),
        (3, "acme-ai/cfg-data", "dataset"),
        (6, "acme-ai/cfg-tokenizer", "model"),
    ]


def test_vagrant_scripts_cost_stays_linear_on_hostile_input() -> None:
    from auditor.scan import scan_file  # lazy: the test's own import, beside its cases

    cases = [
        "config.vm.provision 'shell', inline: <<-X\n/ a\n" * 20000,  # openers never closed
        "".join(f"$a{i} = <<X\n/\n" for i in range(20000)) + "X\n" + "".join(f"inline: $a{i}\n" for i in range(600)),
        "inline: <<-X\n" + "hf download acme-ai/model-one\n" * 20000 + "X\n",
    ]
    # CPU time of this process, not wall time (a loaded CI machine made a 3 s wall bound flaky); about 0.2 / 0.05 /
    # 0.7 s idle, where a quadratic reader takes minutes on these sizes.
    for text in cases:
        started = time.process_time()
        scan_file("Vagrantfile", text.encode())
        assert time.process_time() - started < 6.0


def test_a_jenkins_property_assignment_is_read_under_its_name() -> None:
    assert scan_refs('''
        node {
            env.HF_MODEL_ID = 'acme-ai/jenkins-env-model'
            env.DOCKER_IMAGE = 'acme-ai/jenkins-image'
            currentBuild.description = 'acme-ai/jenkins-description'
            sh 'python serve.py --model "$HF_MODEL_ID"'
        }
    ''', "Jenkinsfile") == [(2, "acme-ai/jenkins-env-model", "model")]


def test_cibuildwheel_options_given_as_a_ci_steps_environment_are_command_lines() -> None:
    assert scan_refs('''
        jobs:
          wheels:
            runs-on: ubuntu-latest
            steps:
              - uses: pypa/cibuildwheel@v2.21
                env:
                  CIBW_BEFORE_TEST: hf download acme-ai/cibw-env-model --local-dir tests/assets
                  CIBW_BEFORE_ALL_LINUX: "huggingface-cli download --repo-type dataset acme-ai/cibw-env-data"
                  CIBW_ENVIRONMENT: "MODEL_DIR=tests/assets/acme"
                  CIBW_BUILD: "cp311-* acme-ai/not-a-command"
    ''', ".github/workflows/wheels.yml") == [
        (7, "acme-ai/cibw-env-model", "model"),
        (8, "acme-ai/cibw-env-data", "dataset"),
    ]
