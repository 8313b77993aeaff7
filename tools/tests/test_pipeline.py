"""The real pipeline on the smoke recipe: TTS corpus -> Java features -> train -> evaluate ->
export, plus distributed training with two processes."""

import json
import os
import re
import shutil
import socket
import subprocess
import time

import numpy as np

from conftest import JAR, PYTHON, RECIPES, TOOLS, run_tools


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_smoke_pipeline_corpus_to_export(tmp_path, jar):
    work, pack = tmp_path / "work", tmp_path / "pack"
    recipe = RECIPES / "smoke.json"
    started = time.monotonic()
    for stage in ("corpus", "features", "train"):
        run_tools(stage, "--config", recipe, "--work", work)
    result = run_tools("export", "--work", work, "--out", pack, "--card")
    elapsed = time.monotonic() - started
    print(f"smoke pipeline corpus->export took {elapsed:.1f} s")
    assert "export: wrote" in result.stdout
    manifest = json.loads((pack / "model.json").read_text())
    features = json.loads(next((work / "features" / "cache").rglob("features.json")).read_text())
    for key in ("sampleRateHz", "hopSamples", "windowSamples", "fftSize", "order", "alpha"):
        assert manifest[key] == features[key]
    assert [s["name"] for s in manifest["speakers"]] == ["slt", "rms", "espeak-f2"]
    assert manifest["speakers"][0]["logF0Mean"] > manifest["speakers"][1]["logF0Mean"] + 0.3
    history = json.loads((work / "train" / "history.json").read_text())
    assert history[-1]["nll"] < history[0]["nll"]
    assert (work / "train" / "loss.png").read_bytes()[:4] == b"\x89PNG"
    assert json.loads((work / "train" / "config.json").read_text())["name"] == "bowtie-smoke"
    card = (pack / "MODEL_CARD.md").read_text()
    assert "| slt | TTS | female |" in card and "libflite1" in card
    assert run_tools("export", "--check", pack).returncode == 0
    engine = subprocess.run(
        ["java", "-jar", str(JAR), "voices", "--model", str(pack)], capture_output=True, text=True
    )
    assert engine.returncode == 0, engine.stderr
    assert "(3 voices)" in engine.stdout
    error = float(re.search(r"parity max error ([0-9.e+-]+)", engine.stdout).group(1))
    assert error < 1e-4
    assert re.search(r"^  slt +tts +neural: female", engine.stdout, re.M)


def test_features_come_from_the_java_cli_and_are_reused(smoke_work):
    index = json.loads((smoke_work / "features" / "index.json").read_text())
    utterance = index["utterances"][0]
    folder = smoke_work / "features" / utterance["features"]
    mcep, f0 = np.load(folder / "mcep.npy"), np.load(folder / "f0.npy")
    assert mcep.dtype == np.float32 and mcep.shape[1] == 25 and len(f0) == len(mcep)
    wav = smoke_work / "corpus" / utterance["path"]
    fresh = smoke_work.parent / "fresh"
    subprocess.run(["java", "-jar", str(JAR), "features", str(wav), str(fresh)], check=True)
    np.testing.assert_array_equal(np.load(fresh / "mcep.npy"), mcep)
    again = run_tools("features", "--config", RECIPES / "smoke.json", "--work", smoke_work)
    assert "(0 extracted, 24 cached)" in again.stdout


def test_f0_check_flags_a_folder_holding_a_man_and_a_woman(smoke_copy):
    from bowtie_tools.features import dataset
    from bowtie_tools.features.sanity import speaker_f0_check
    from bowtie_tools.config import DEFAULTS

    index = dataset.load_index(smoke_copy)
    settings = DEFAULTS["features"]
    by_name = {s["name"]: s for s in index["speakers"]}
    assert by_name["slt"]["f0Check"]["suspect"] is False
    assert by_name["rms"]["f0Check"]["suspect"] is False
    mixed = [u for u in index["utterances"] if u["speaker"] in ("slt", "rms")]
    verdict = speaker_f0_check(smoke_copy, mixed, settings)
    assert verdict["suspect"] is True
    assert "two large clusters" in verdict["reason"] or "spread" in verdict["reason"]


def test_evaluate_reports_conversion_beside_the_baseline(smoke_copy):
    result = run_tools("evaluate", "--work", smoke_copy)
    evaluation = json.loads((smoke_copy / "evaluate" / "evaluation.json").read_text())
    assert "c0 excluded" in evaluation["mcdNote"]
    seen = evaluation["summary"]["seenSources"]
    assert seen["pairs"] == 6
    assert seen["mcdDb"] < seen["mcdBaselineDb"] - 1.0
    assert seen["logF0Rmse"] < seen["logF0RmseBaseline"]
    assert seen["classifierAccuracy"] > seen["classifierBaseline"]
    assert "| training speakers, test split | 6 |" in result.stdout
    assert (smoke_copy / "evaluate" / "evaluation.md").read_text().startswith("Converted")


def test_training_runs_under_torchrun_with_two_processes(smoke_copy):
    recipe = json.loads((RECIPES / "smoke.json").read_text())
    recipe["train"]["epochs"] = 2
    recipe_path = smoke_copy / "ddp.json"
    recipe_path.write_text(json.dumps(recipe))
    shutil.rmtree(smoke_copy / "train")
    env = dict(os.environ, PYTHONPATH=str(TOOLS))
    # Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default "--redirects 0 --tee 0"
    # (an enum change in 3.11); teeing stdout is the setting that works and keeps the output.
    command = [PYTHON, "-m", "torch.distributed.run", "--nproc_per_node", "2"]
    command += ["--redirects", "1", "--tee", "1"]
    command += ["--master_port", str(free_port()), "-m", "bowtie_tools", "train", "--quiet"]
    command += ["--config", str(recipe_path), "--work", str(smoke_copy)]
    result = subprocess.run(command, cwd=TOOLS, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "2 process(es) on cpu" in result.stderr
    history = json.loads((smoke_copy / "train" / "history.json").read_text())
    assert len(history) == 2 and history[1]["loss"] < history[0]["loss"]
    assert run_tools("export", "--work", smoke_copy, "--out", smoke_copy / "pack").returncode == 0
