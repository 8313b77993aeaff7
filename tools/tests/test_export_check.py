"""`export --check` and `bowtie voices --model DIR --check` give one verdict, the engine's.

Every pack here is the shipped default pack with one thing tampered with; both commands must
refuse it with exit 1 and the same single line naming the file and the problem, and accept the
untouched pack with exit 0.
"""

import hashlib
import json
import shutil
import subprocess

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

from conftest import DEFAULT_PACK, JAR, run_tools


def _manifest(edit):
    def tamper(pack):
        path = pack / "model.json"
        manifest = json.loads(path.read_text())
        edit(manifest)
        path.write_text(json.dumps(manifest))

    return tamper


def _speaker(index, key, value):
    return _manifest(lambda m: m["speakers"][index].__setitem__(key, value))


def _change_parity_output(pack):
    path = pack / "parity.json"
    parity = json.loads(path.read_text())
    parity["decoder"]["outputs"]["mcep"][0][5] += 0.25
    path.write_text(json.dumps(parity))


def _retrain_decoder_weights(pack):
    """Scales every decoder weight by 1.5 and writes the new sha256, as a careless re-export."""
    graph = onnx.load(pack / "decoder.onnx")
    for index, initializer in enumerate(graph.graph.initializer):
        values = numpy_helper.to_array(initializer)
        if values.dtype == np.float32:
            scaled = numpy_helper.from_array(values * 1.5, initializer.name)
            graph.graph.initializer[index].CopyFrom(scaled)
    data = graph.SerializeToString()
    (pack / "decoder.onnx").write_bytes(data)
    _manifest(lambda m: m["decoder"].__setitem__("sha256", hashlib.sha256(data).hexdigest()))(pack)


TAMPERED = {
    "alpha": (_manifest(lambda m: m.update(alpha=0.55)), "model.json: the pack was trained"),
    "sample-rate": (
        _manifest(lambda m: m.update(sampleRateHz=22050)),
        "model.json: the pack was trained with analysis settings (22050 Hz",
    ),
    "format-version-2": (
        _manifest(lambda m: m.update(formatVersion=2)),
        "model.json: formatVersion is 2 but this Bowtie reads version 1",
    ),
    "nan-mean": (
        _manifest(lambda m: m["featureMean"].__setitem__(3, float("nan"))),
        "model.json: 'featureMean' entry 3 is not a number",
    ),
    "infinite-mean": (
        _manifest(lambda m: m["featureMean"].__setitem__(3, float("inf"))),
        "model.json: 'featureMean' entry 3 is not a number",
    ),
    "null-mean": (
        _manifest(lambda m: m["featureMean"].__setitem__(3, None)),
        "model.json: 'featureMean' entry 3 is not a number",
    ),
    "zero-std": (
        _manifest(lambda m: m["featureStd"].__setitem__(3, 0.0)),
        "model.json: featureStd/featureMean entry 3 is not a finite positive scale",
    ),
    "no-speakers": (_manifest(lambda m: m.update(speakers=[])), "model.json: lists no speakers"),
    "duplicate-speaker": (
        _manifest(lambda m: m["speakers"].append(dict(m["speakers"][0]))),
        "model.json: speaker 'slt' is listed twice",
    ),
    "zero-logf0std": (
        _speaker(0, "logF0Std", 0.0),
        "model.json: speaker 'slt' has logF0Std 0.0 (must be > 0)",
    ),
    "comma-in-name": (
        _speaker(0, "name", "slt,rms"),
        "model.json: speaker name 'slt,rms' is empty or contains ',' or ':'",
    ),
    "colon-in-name": (
        _speaker(0, "name", "slt:1"),
        "model.json: speaker name 'slt:1' is empty or contains ',' or ':'",
    ),
    "built-in-name": (
        _speaker(1, "name", "child"),
        "model.json: speaker 'child' in 'speakers' has the name of a built-in voice "
        "(identity, child, deep, robot, whisper)",
    ),
    "parity-output-changed": (
        _change_parity_output,
        "parity.json: ONNX Runtime (CPU) computes outputs up to 2.5",
    ),
    "parity-file-deleted": (
        lambda pack: (pack / "parity.json").unlink(),
        "parity.json named by",
    ),
    "decoder-weights-changed-with-new-sha256": (
        _retrain_decoder_weights,
        "parity.json: ONNX Runtime (CPU) computes outputs up to",
    ),
    "model-json-is-a-list": (
        lambda pack: (pack / "model.json").write_text("[]"),
        "model.json is not a JSON object",
    ),
    "model-json-is-not-json": (
        lambda pack: (pack / "model.json").write_text('{"format": "bowtie-voice-pack",'),
        "model.json is not valid JSON (",
    ),
}


def _copy(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK, pack)
    return pack


def _engine_check(path):
    return subprocess.run(
        ["java", "-jar", str(JAR), "voices", "--model", str(path), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _assert_both_refuse(path, problem):
    """Both commands exit 1 with the same one line; returns that line without its prefix."""
    engine = _engine_check(path)
    tools = run_tools("export", "--check", path, check=False)
    assert (engine.returncode, tools.returncode) == (1, 1), (engine.stderr, tools.stderr)
    assert engine.stdout == "" and tools.stdout == ""
    assert len(engine.stderr.splitlines()) == 1, engine.stderr
    assert len(tools.stderr.splitlines()) == 1, tools.stderr
    reason = engine.stderr.strip().removeprefix("bowtie: ")
    assert tools.stderr.strip() == f"bowtie-tools: {reason}"
    assert problem in reason, reason
    return reason


def test_untouched_pack_is_consistent_for_both(jar, tmp_path):
    pack = _copy(tmp_path)
    engine = _engine_check(pack)
    tools = run_tools("export", "--check", pack, check=False)
    assert (engine.returncode, tools.returncode) == (0, 0), (engine.stderr, tools.stderr)
    assert engine.stderr == "" and tools.stderr == ""
    line = engine.stdout.strip()
    assert line.startswith(f"{pack}: consistent: 11 voices; provider cpu, parity max error ")
    assert "on 4 frames" in line
    error = float(line.split("parity max error ")[1].split()[0])
    assert error < 1e-4
    assert tools.stdout.strip().startswith(f"export: {pack}: consistent: 11 voices; ")


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_tampered_pack_is_refused_by_both_in_one_line(jar, tmp_path, case):
    tamper, problem = TAMPERED[case]
    pack = _copy(tmp_path)
    tamper(pack)
    reason = _assert_both_refuse(pack, problem)
    assert reason.startswith(str(pack) + "/"), reason


def test_weights_changed_with_new_sha256_fail_parity_far_beyond_tolerance(jar, tmp_path):
    pack = _copy(tmp_path)
    _retrain_decoder_weights(pack)
    reason = _assert_both_refuse(pack, "(tolerance 1e-04); export the pack again")
    error = float(reason.split("computes outputs up to ")[1].split()[0])
    assert error > 1e-2


def test_a_file_path_is_named_as_not_a_folder(jar, tmp_path):
    pack = _copy(tmp_path)
    reason = _assert_both_refuse(pack / "model.json", "is a file, not a folder")
    assert reason.startswith(f"{pack / 'model.json'} is a file, not a folder")


def test_a_missing_folder_is_named(jar, tmp_path):
    reason = _assert_both_refuse(tmp_path / "nowhere", "does not exist")
    assert reason.startswith(f"{tmp_path / 'nowhere'} does not exist")


def test_a_folder_without_model_json_is_named(jar, tmp_path):
    reason = _assert_both_refuse(tmp_path, "model.json is missing")
    assert reason.startswith(f"{tmp_path / 'model.json'} is missing")
