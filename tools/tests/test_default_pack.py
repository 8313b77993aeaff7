"""The voice pack shipped in models/: consistent, complete and computing its parity outputs."""

import json

import numpy as np
import onnx

import onnx_numpy
from bowtie_tools.export.verify import verify_pack
from conftest import DEFAULT_PACK as PACK


def test_shipped_pack_is_accepted_by_the_engine(jar):
    line = verify_pack(PACK, jar)
    assert line.startswith(f"{PACK}: consistent: 11 voices; provider cpu, parity max error ")
    manifest = json.loads((PACK / "model.json").read_text())
    assert manifest["sampleRateHz"] == 16000 and manifest["order"] == 24
    size = sum(p.stat().st_size for p in PACK.iterdir())
    assert size < 5 * 1024 * 1024


def test_shipped_pack_has_six_distinct_voices_with_slt_and_humans_of_both_genders():
    manifest = json.loads((PACK / "model.json").read_text())
    speakers = manifest["speakers"]
    assert len(speakers) >= 6 and "slt" in [s["name"] for s in speakers]
    humans = {s["gender"] for s in speakers if s["human"]}
    assert {"female", "male"} <= humans
    embeddings = np.array([s["embedding"] for s in speakers])
    distances = np.linalg.norm(embeddings[:, None] - embeddings[None], axis=2)
    assert distances[~np.eye(len(speakers), dtype=bool)].min() > 0.1
    held_out = manifest["evaluation"]["heldOutSpeakers"]
    kinds = {s["name"]: s["kind"] for s in manifest["training"]["speakers"]}
    assert sum(kinds[n] == "tts" for n in held_out) >= 1
    assert sum(kinds[n] != "tts" for n in held_out) >= 2


def test_shipped_pack_reproduces_its_parity_file():
    parity = json.loads((PACK / "parity.json").read_text())
    encoder = onnx.load(PACK / "encoder.onnx")
    decoder = onnx.load(PACK / "decoder.onnx")
    out = onnx_numpy.run(encoder, parity["encoder"]["inputs"])
    np.testing.assert_allclose(out["mu"], parity["encoder"]["outputs"]["mu"], atol=1e-4)
    decoded = onnx_numpy.run(decoder, parity["decoder"]["inputs"])["mcep"]
    np.testing.assert_allclose(decoded, parity["decoder"]["outputs"]["mcep"], atol=1e-4)


def test_model_card_states_data_licences_evaluation_and_retraining():
    card = (PACK / "MODEL_CARD.md").read_text()
    for needed in ("ktuberling-data", "klettres-data", "GPL-2+", "libflite1", "MCD", "c0 excluded"):
        assert needed in card
    assert "recipes/default.json" in card
