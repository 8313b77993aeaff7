import subprocess

from conftest import TOOLS


def test_tools_are_black_formatted():
    result = subprocess.run(["black", "--check", "--quiet", "."], cwd=TOOLS, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()


def test_tools_are_flake8_clean():
    result = subprocess.run(["flake8"], cwd=TOOLS, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
