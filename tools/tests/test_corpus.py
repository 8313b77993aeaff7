import json
import subprocess

import numpy as np
import pytest

from bowtie_tools import config as config_module
from bowtie_tools.data import audio, corpus
from bowtie_tools.errors import UserError
from conftest import run_tools

KTUBERLING_EN = "/usr/share/ktuberling/sounds/en"


def recipe(tmp_path, **corpus_settings):
    path = tmp_path / "recipe.json"
    path.write_text(json.dumps({"corpus": corpus_settings}))
    return config_module.load(path)


def test_tts_voices_say_the_same_sentences_with_the_tail_held_out(tmp_path):
    config = recipe(
        tmp_path,
        sentences=4,
        testSentences=1,
        minSecondsPerSpeaker=3,
        tts=[
            {"name": "slt", "engine": "flite", "voice": "slt"},
            {"name": "f2", "engine": "espeak-ng", "voice": "en-us+f2", "pitch": 70},
        ],
    )
    built = corpus.run(config, tmp_path / "work", show_progress=False)
    by_speaker = {}
    for utterance in built["utterances"]:
        by_speaker.setdefault(utterance["speaker"], []).append(utterance)
        samples, rate = audio.read_wav(tmp_path / "work" / "corpus" / utterance["path"])
        assert rate == 16000
        assert abs(len(samples) / rate - utterance["seconds"]) < 1e-3
        assert 1.0 < utterance["seconds"] < 6.0
    for utterances in by_speaker.values():
        assert [u["sentence"] for u in utterances] == [0, 1, 2, 3]
        assert [u["split"] for u in utterances] == ["train", "train", "train", "test"]
    assert built["speakers"][1]["source"] == "espeak-ng:en-us+f2 pitch 70"
    licences = {s["package"]: s for s in built["sources"]}
    assert licences["espeak-ng-data"]["licence"] == "GPL-3+"
    assert licences["libflite1"]["speakers"] == ["slt"]


def test_unchanged_recipe_reuses_the_corpus_and_a_changed_one_rebuilds(tmp_path):
    tts = [{"name": "slt", "engine": "flite", "voice": "slt"}]
    config = recipe(tmp_path, sentences=3, testSentences=1, minSecondsPerSpeaker=2, tts=tts)
    work = tmp_path / "work"
    corpus.run(config, work, show_progress=False)
    stamp = (work / "corpus" / "corpus.json").stat().st_mtime_ns
    corpus.run(config, work, show_progress=False)
    assert (work / "corpus" / "corpus.json").stat().st_mtime_ns == stamp
    changed = recipe(tmp_path, sentences=4, testSentences=1, minSecondsPerSpeaker=2, tts=tts)
    rebuilt = corpus.run(changed, work, show_progress=False)
    assert len(rebuilt["utterances"]) == 4


def test_recorded_words_are_joined_into_utterances_of_about_chunk_length(tmp_path):
    config = recipe(
        tmp_path,
        chunkSeconds=5.0,
        testFraction=0.2,
        debian=[{"name": "en", "package": "ktuberling-data", "dir": KTUBERLING_EN}],
    )
    built = corpus.run(config, tmp_path / "work", show_progress=False)
    seconds = np.array([u["seconds"] for u in built["utterances"]])
    assert len(seconds) >= 8
    assert np.all(seconds[:-1] >= 5.0) and np.all(seconds[:-1] < 9.0)
    splits = [u["split"] for u in built["utterances"]]
    assert splits.count("test") == round(len(splits) * 0.2)
    assert splits[0] == "train" and splits[-1] == "train"
    source = built["sources"][0]
    assert source["package"] == "ktuberling-data" and source["licence"] == "GPL-2+"
    assert built["speakers"][0]["seconds"] > 40


def test_empty_speaker_folder_is_named(tmp_path):
    (tmp_path / "alice").mkdir()
    config = recipe(tmp_path, user=[{"name": "alice", "dir": "alice"}])
    with pytest.raises(UserError, match=r"speaker 'alice': folder .*alice holds no audio files"):
        corpus.run(config, tmp_path / "work", show_progress=False)
    assert not (tmp_path / "work" / "corpus").exists()


def test_unreadable_wav_is_named_and_nothing_is_left_behind(tmp_path):
    folder = tmp_path / "bob"
    folder.mkdir()
    (folder / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunk")
    result = run_tools(
        "corpus", "--config", _recipe_file(tmp_path, "bob"), "--work", tmp_path / "w", check=False
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bowtie-tools: cannot decode audio file")
    assert str(folder / "broken.wav") in lines[0]
    assert not (tmp_path / "w" / "corpus").exists()
    assert not list((tmp_path / "w").glob(".corpus*"))


def test_speaker_with_too_little_audio_is_rejected_with_the_amount(tmp_path):
    folder = tmp_path / "carol"
    folder.mkdir()
    subprocess.run(
        ["flite", "-voice", "slt", "-t", "Just one short line.", "-o", str(folder / "a.wav")],
        check=True,
    )
    result = run_tools(
        "corpus", "--config", _recipe_file(tmp_path, "carol"), "--work", tmp_path / "w", check=False
    )
    assert result.returncode == 1
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("bowtie-tools: speaker 'carol' (")
    assert "s of speech; at least 20 s is needed" in message


def _recipe_file(tmp_path, name):
    path = tmp_path / "recipe.json"
    path.write_text(json.dumps({"corpus": {"user": [{"name": name, "dir": name}]}}))
    return path
