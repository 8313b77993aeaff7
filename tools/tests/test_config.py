import json

import pytest

from bowtie_tools import config
from bowtie_tools.errors import UserError


def write(tmp_path, value):
    path = tmp_path / "recipe.json"
    path.write_text(json.dumps(value))
    return path


def test_missing_settings_take_defaults_and_folders_resolve_beside_the_recipe(tmp_path):
    path = write(tmp_path, {"corpus": {"user": [{"name": "me", "dir": "voices/me"}]}})
    loaded = config.load(path)
    assert loaded["train"]["epochs"] == config.DEFAULTS["train"]["epochs"]
    assert loaded["corpus"]["user"][0]["dir"] == str(tmp_path / "voices" / "me")


def test_unknown_setting_is_rejected_with_its_name(tmp_path):
    path = write(tmp_path, {"train": {"epoch": 3}, "corpus": {"tts": []}})
    with pytest.raises(UserError, match="unknown setting 'epoch'"):
        config.load(path)


def test_duplicate_speaker_names_are_rejected(tmp_path):
    tts = [{"name": "a", "engine": "flite", "voice": "slt"}]
    user = [{"name": "a", "dir": "x"}]
    with pytest.raises(UserError, match="'a' is used twice"):
        config.load(write(tmp_path, {"corpus": {"tts": tts, "user": user}}))


def test_recipe_without_speakers_is_rejected(tmp_path):
    with pytest.raises(UserError, match="no speakers"):
        config.load(write(tmp_path, {}))


def test_section_hash_changes_with_any_value():
    first = config.section_hash({"a": 1, "b": [1, 2]})
    assert first == config.section_hash({"b": [1, 2], "a": 1})
    assert first != config.section_hash({"a": 1, "b": [1, 3]})


@pytest.mark.parametrize(
    "section, key, value, expected",
    [
        ("train", "learningRate", float("nan"), "train.learningRate is nan; give a number from"),
        ("train", "epochs", -1, "train.epochs is -1; give a whole number from 1 to 100000"),
        ("train", "epochs", 2.5, "train.epochs is 2.5; give a whole number"),
        ("train", "batchSize", True, "train.batchSize is True; give a whole number"),
        ("corpus", "chunkSeconds", float("inf"), "corpus.chunkSeconds is inf; give a number"),
        ("corpus", "sampleRateHz", 96000, "corpus.sampleRateHz is 96000; give a whole number"),
        ("model", "hidden", [256, 0], "model.hidden holds 0; give layer sizes from 1 to 65536"),
        ("train", "klWeight", "1", "train.klWeight is '1'; give a number from 0.0 to 1000.0"),
    ],
)
def test_numbers_out_of_range_or_not_finite_are_rejected_with_the_range(
    tmp_path, section, key, value, expected
):
    tts = [{"name": "a", "engine": "flite", "voice": "slt"}]
    path = tmp_path / "recipe.json"
    # json.dumps writes NaN and Infinity, which Python's json reads back, as a hand-edit would.
    path.write_text(json.dumps({"corpus": {"tts": tts}, section: {key: value}}))
    with pytest.raises(UserError, match="^config .*" + expected.replace("(", r"\(")):
        config.load(path)


def test_the_shipped_recipes_are_within_range():
    for recipe in ("default.json", "smoke.json"):
        config.load(config.Path(__file__).parent.parent / "recipes" / recipe)
