"""Shared fixtures: the tools' Python, the bowtie.jar, and one real smoke pipeline run.

The smoke pipeline (TTS corpus -> Java features -> train) runs once per test session; tests
that need a trained model or a feature store use it instead of repeating the work.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1]
REPO = TOOLS.parent
RECIPES = TOOLS / "recipes"
PYTHON = "/usr/bin/python3"
JAR = Path(os.environ.get("BOWTIE_JAR", REPO / "plugin" / "target" / "bowtie.jar"))
DEFAULT_PACK = REPO / "models" / "src" / "main" / "resources" / "bowtie" / "voices" / "default"

sys.path.insert(0, str(TOOLS))


def run_tools(*args, check=True, timeout=600):
    """Runs ``/usr/bin/python3 -m bowtie_tools ARGS`` from tools/; returns the CompletedProcess."""
    env = dict(os.environ, PYTHONPATH=str(TOOLS), BOWTIE_JAR=str(JAR))
    result = subprocess.run(
        [PYTHON, "-m", "bowtie_tools", *map(str, args)],
        cwd=TOOLS,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"bowtie_tools {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def jar():
    if not JAR.is_file():
        pytest.fail(f"{JAR} is missing: build it first with `mvn -q -B -DskipTests package`")
    return JAR


@pytest.fixture(scope="session")
def smoke_work(tmp_path_factory, jar):
    """A work folder after corpus -> features -> train on the smoke recipe (real TTS audio)."""
    work = tmp_path_factory.mktemp("smoke") / "work"
    recipe = RECIPES / "smoke.json"
    for stage in ("corpus", "features", "train"):
        run_tools(stage, "--config", recipe, "--work", work)
    return work


@pytest.fixture
def smoke_copy(smoke_work, tmp_path):
    """A private copy of the smoke work folder that a test may damage."""
    copy = tmp_path / "work"
    shutil.copytree(smoke_work, copy)
    return copy
