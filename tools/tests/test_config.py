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
