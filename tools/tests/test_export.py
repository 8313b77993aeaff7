import hashlib
import json

import numpy as np
import onnx
import pytest
import torch

import onnx_numpy
import synthetic
from bowtie_tools.config import DEFAULTS, merge
from bowtie_tools.errors import UserError
from bowtie_tools.export import stage as export_stage
from bowtie_tools.export.verify import verify_pack
from bowtie_tools.train import checkpoint
from bowtie_tools.train.distributed import Topology
from bowtie_tools.train.loop import train_vae
from conftest import run_tools

ANALYSIS = {
    "sampleRateHz": 16000,
    "hopSamples": 80,
    "windowSamples": 400,
    "fftSize": 512,
    "order": 24,
    "alpha": 0.42,
    "f0MinHz": 60.0,
    "f0MaxHz": 500.0,
}


@pytest.fixture(scope="module")
def trained_work(tmp_path_factory):
    """A work folder holding a checkpoint trained on synthetic frames (3 speakers)."""
    work = tmp_path_factory.mktemp("export") / "work"
    config = merge(DEFAULTS, {"train": {"epochs": 2, "batchSize": 128}})
    x, ids = synthetic.frames(synthetic.speakers(), per_speaker=500)
    normaliser = {"mean": x.mean(0), "std": x.std(0)}
    model, history = train_vae(
        (x - normaliser["mean"]) / normaliser["std"],
        ids,
        3,
        config,
        Topology(0, 1, torch.device("cpu")),
        show_progress=False,
    )
    speakers = [
        {"name": n, "kind": k, "gender": g, "logF0Mean": 5.0 + i / 10, "logF0Std": 0.1}
        for i, (n, k, g) in enumerate(
            [("slt", "tts", "female"), ("rms", "tts", "male"), ("human-en", "debian", "male")]
        )
    ]
    checkpoint.save(work / "train", model, config, ANALYSIS, normaliser, speakers, history)
    return work


@pytest.fixture(scope="module")
def pack(trained_work):
    out = trained_work.parent / "pack"
    export_stage.run(trained_work, out)
    return out


def test_pack_holds_checked_onnx_graphs_with_the_engine_tensor_names(pack):
    assert sorted(p.name for p in pack.iterdir()) == [
        "decoder.onnx",
        "encoder.onnx",
        "model.json",
        "parity.json",
    ]
    encoder = onnx.load(pack / "encoder.onnx")
    decoder = onnx.load(pack / "decoder.onnx")
    onnx.checker.check_model(encoder, full_check=True)
    assert [i.name for i in encoder.graph.input] == ["mcep"]
    assert [o.name for o in encoder.graph.output] == ["mu", "logvar"]
    assert [i.name for i in decoder.graph.input] == ["z", "speaker"]
    assert [o.name for o in decoder.graph.output] == ["mcep"]
    assert 13 <= encoder.opset_import[0].version <= 17


def test_manifest_carries_analysis_normalisation_speakers_and_checksums(pack):
    manifest = json.loads((pack / "model.json").read_text())
    for key, value in ANALYSIS.items():
        assert manifest[key] == value
    assert manifest["formatVersion"] == 1
    assert len(manifest["featureMean"]) == 24 and len(manifest["featureStd"]) == 24
    assert [s["name"] for s in manifest["speakers"]] == ["slt", "rms", "human-en"]
    assert [s["human"] for s in manifest["speakers"]] == [False, False, True]
    assert all(len(s["embedding"]) == manifest["speakerEmbeddingDim"] for s in manifest["speakers"])
    assert manifest["encoder"]["inputs"] == [
        {"name": "mcep", "shape": ["batch", 24], "type": "float32"}
    ]
    assert manifest["decoder"]["inputs"][1]["shape"] == ["batch", 16]
    for part in ("encoder", "decoder"):
        digest = hashlib.sha256((pack / f"{part}.onnx").read_bytes()).hexdigest()
        assert manifest[part]["sha256"] == digest
    assert manifest["training"]["config"]["train"]["epochs"] == 2


def test_onnx_graphs_compute_the_parity_outputs_at_any_batch_size(pack):
    parity = json.loads((pack / "parity.json").read_text())
    encoder = onnx.load(pack / "encoder.onnx")
    decoder = onnx.load(pack / "decoder.onnx")
    tol = parity["tolerance"]
    frames = np.array(parity["encoder"]["inputs"]["mcep"], dtype=np.float32)
    out = onnx_numpy.run(encoder, {"mcep": frames})
    np.testing.assert_allclose(out["mu"], parity["encoder"]["outputs"]["mu"], atol=tol)
    np.testing.assert_allclose(out["logvar"], parity["encoder"]["outputs"]["logvar"], atol=tol)
    single = onnx_numpy.run(encoder, {"mcep": frames[:1]})
    np.testing.assert_allclose(single["mu"], out["mu"][:1], atol=1e-6)
    inputs = {k: np.array(v, dtype=np.float32) for k, v in parity["decoder"]["inputs"].items()}
    decoded = onnx_numpy.run(decoder, inputs)["mcep"]
    np.testing.assert_allclose(decoded, parity["decoder"]["outputs"]["mcep"], atol=tol)


def test_end_to_end_parity_case_matches_normalise_encode_decode_denormalise(pack):
    manifest = json.loads((pack / "model.json").read_text())
    case = json.loads((pack / "parity.json").read_text())["conversion"]
    mean = np.array(manifest["featureMean"], dtype=np.float32)
    std = np.array(manifest["featureStd"], dtype=np.float32)
    raw = np.array(case["inputs"]["rawMcep"], dtype=np.float32)
    mu = onnx_numpy.run(onnx.load(pack / "encoder.onnx"), {"mcep": (raw - mean) / std})["mu"]
    speaker = np.array(case["inputs"]["speaker"], dtype=np.float32)
    out = onnx_numpy.run(onnx.load(pack / "decoder.onnx"), {"z": mu, "speaker": speaker})
    np.testing.assert_allclose(out["mcep"] * std + mean, case["outputs"]["rawMcep"], atol=1e-3)
    embeddings = [s["embedding"] for s in manifest["speakers"]]
    np.testing.assert_allclose(speaker[0], embeddings[0], atol=1e-7)
    np.testing.assert_allclose(speaker[2], 0.5 * (np.array(embeddings[0]) + embeddings[-1]), 1e-6)


def test_changed_onnx_file_is_named_by_the_check(pack, tmp_path):
    damaged = tmp_path / "pack"
    damaged.mkdir()
    for item in pack.iterdir():
        (damaged / item.name).write_bytes(item.read_bytes())
    data = bytearray((damaged / "decoder.onnx").read_bytes())
    data[-1] ^= 1
    (damaged / "decoder.onnx").write_bytes(bytes(data))
    with pytest.raises(UserError, match="decoder.onnx does not match the sha256"):
        verify_pack(damaged)
    result = run_tools("export", "--check", damaged, check=False)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "decoder.onnx does not match the sha256" in result.stderr
    assert run_tools("export", "--check", pack).returncode == 0


def test_manifest_that_lists_other_tensors_is_rejected(pack, tmp_path):
    damaged = tmp_path / "pack"
    damaged.mkdir()
    for item in pack.iterdir():
        (damaged / item.name).write_bytes(item.read_bytes())
    manifest = json.loads((damaged / "model.json").read_text())
    manifest["encoder"]["inputs"][0]["name"] = "frames"
    (damaged / "model.json").write_text(json.dumps(manifest))
    with pytest.raises(UserError) as refused:
        verify_pack(damaged)
    assert str(refused.value) == (
        f"{damaged / 'model.json'}: encoder has no input 'mcep'; export the pack again"
    )


def test_exported_pack_is_accepted_by_the_engine(pack):
    line = verify_pack(pack)
    assert line.startswith(f"{pack}: consistent: 3 voices; provider cpu, parity max error ")


def test_export_writes_nothing_the_engine_refuses(trained_work, tmp_path):
    payload, model = checkpoint.load(trained_work / "train")
    speakers = [dict(s) for s in payload["speakers"]]
    speakers[1]["name"] = "child"
    work = tmp_path / "work"
    normaliser = {"mean": payload["featureMean"], "std": payload["featureStd"]}
    checkpoint.save(
        work / "train",
        model,
        payload["config"],
        payload["analysis"],
        normaliser,
        speakers,
        payload["history"],
    )
    out = tmp_path / "pack"
    result = run_tools("export", "--work", work, "--out", out, check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        f"bowtie-tools: the engine refuses the exported pack, so {out} is unchanged: "
    )
    assert "model.json: speaker 'child' in 'speakers' has the name of a built-in voice" in lines[0]
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["work"]


def test_corrupted_checkpoint_fails_in_one_line_and_leaves_the_old_pack(
    trained_work, pack, tmp_path
):
    work = tmp_path / "work"
    (work / "train").mkdir(parents=True)
    good = (trained_work / "train" / "checkpoint.pt").read_bytes()
    (work / "train" / "checkpoint.pt").write_bytes(good[: len(good) // 2])
    out = tmp_path / "pack"
    out.mkdir()
    (out / "model.json").write_text("{}")
    result = run_tools("export", "--work", work, "--out", out, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"bowtie-tools: checkpoint {work / 'train' / 'checkpoint.pt'} is unreadable "
        "(RuntimeError); delete it and run `train` again"
    ]
    assert [p.name for p in out.iterdir()] == ["model.json"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pack")]
