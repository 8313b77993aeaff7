import subprocess

from conftest import PYTHON, TOOLS, run_tools

STAGES = ("corpus", "features", "train", "evaluate", "export")


def test_every_stage_has_help():
    for stage in STAGES:
        result = run_tools(stage, "--help")
        assert f"usage: bowtie_tools {stage}" in result.stdout
        assert "--work" in result.stdout


def test_python_without_torch_gets_one_line_of_advice_and_exit_1():
    # Simulates a pyenv/venv Python that lacks Debian's torch by hiding the module.
    code = (
        "import sys, runpy; sys.modules['torch'] = None; "
        "runpy.run_module('bowtie_tools', run_name='__main__')"
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=TOOLS, capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "cannot import torch" in lines[0] and "/usr/bin/python3" in lines[0]
    assert "apt-get install python3-torch python3-numpy python3-onnx" in lines[0]


def test_missing_config_is_one_line_and_exit_1(tmp_path):
    result = run_tools("train", "--config", tmp_path / "nope.json", "--work", tmp_path, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f"bowtie-tools: config {tmp_path / 'nope.json'} does not exist"
