"""The one configuration file of a training run (a "recipe"), JSON.

A recipe names the corpus sources, the feature extraction, the model shape and the training
settings. Missing keys take the defaults below; unknown keys are rejected so a typo cannot
silently fall back to a default. The merged configuration is saved beside every checkpoint and
embedded in the exported ``model.json``.
"""

import copy
import hashlib
import json
from pathlib import Path

from .errors import UserError

DEFAULTS = {
    "name": "bowtie-voices",
    "seed": 1234,
    "corpus": {
        # Every source is decoded with sox to this rate, mono, 16 bit.
        "sampleRateHz": 16000,
        # A speaker with less speech than this after silence trimming is rejected.
        "minSecondsPerSpeaker": 20.0,
        # Short recordings (single words) are joined into utterances of about this length.
        "chunkSeconds": 6.0,
        # Fraction of a non-parallel speaker's utterances kept for evaluation.
        "testFraction": 0.15,
        # How many of the project's sentences each TTS voice says, and how many of those
        # (the last ones) are held out as the parallel test set.
        "sentences": 40,
        "testSentences": 8,
        "tts": [],
        "debian": [],
        "user": [],
    },
    "features": {
        # Parallel `bowtie features` processes; 0 = one per CPU core.
        "jobs": 0,
        # JVM options for the many short `bowtie features` runs: C1-only compilation and the
        # serial collector start faster; Java 17 floating point is strict, so the numbers are
        # the same as with any other JIT setting.
        "jvmOptions": ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"],
        # Frames whose c0 is further than this below the utterance's 99th percentile are
        # silence and are not used for training (c0 is the log gain).
        "silenceRangeNepers": 4.0,
        # A speaker whose voiced log-F0 spread (std) exceeds this is flagged as possibly
        # more than one person.
        "maxLogF0Std": 0.30,
    },
    "model": {
        "type": "vae-framewise-mlp",
        "latentDim": 16,
        "speakerEmbeddingDim": 16,
        "hidden": [256, 128],
        "leakyReluSlope": 0.02,
    },
    "train": {
        "epochs": 30,
        "batchSize": 256,
        "learningRate": 0.001,
        "klWeight": 1.0,
        "embeddingL2": 1e-6,
        "weightL2": 1e-6,
        "device": "auto",
        # Intra-op threads per process on CPU. The model is small, so a step gains little from
        # threads and loses a lot when the cores are shared; scale out with torchrun processes.
        "cpuThreads": 1,
    },
    "evaluate": {
        "classifierEpochs": 20,
        "classifierHidden": 128,
        "parityFrames": 4,
    },
}

# The range of every number a recipe holds: (lowest, highest, integer?). Checked on load, so a
# NaN, an infinity or a typo such as a negative epoch count stops the run before any work.
NUMBER_RANGES = {
    "seed": (0, 2**31 - 1, True),
    "corpus.sampleRateHz": (8000, 48000, True),
    "corpus.minSecondsPerSpeaker": (0.0, 36000.0, False),
    "corpus.chunkSeconds": (0.5, 60.0, False),
    "corpus.testFraction": (0.0, 0.9, False),
    "corpus.sentences": (2, 100000, True),
    "corpus.testSentences": (1, 100000, True),
    "features.jobs": (0, 1024, True),
    "features.silenceRangeNepers": (0.5, 50.0, False),
    "features.maxLogF0Std": (0.01, 5.0, False),
    "model.latentDim": (1, 4096, True),
    "model.speakerEmbeddingDim": (1, 4096, True),
    "model.leakyReluSlope": (0.0, 1.0, False),
    "train.epochs": (1, 100000, True),
    "train.batchSize": (1, 1 << 20, True),
    "train.learningRate": (1e-8, 1.0, False),
    "train.klWeight": (0.0, 1000.0, False),
    "train.embeddingL2": (0.0, 1.0, False),
    "train.weightL2": (0.0, 1.0, False),
    "train.cpuThreads": (1, 1024, True),
    "evaluate.classifierEpochs": (1, 100000, True),
    "evaluate.classifierHidden": (1, 65536, True),
    "evaluate.parityFrames": (1, 4096, True),
}

SPEAKER_KINDS = {"tts": ("engine", "voice"), "debian": ("package", "dir"), "user": ("dir",)}


def merge(defaults, overrides, where="config"):
    """Returns ``defaults`` updated recursively by ``overrides``, rejecting unknown keys."""
    result = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if key not in defaults:
            raise UserError(f"{where}: unknown setting '{key}' (known: {', '.join(defaults)})")
        if isinstance(defaults[key], dict) and isinstance(value, dict):
            result[key] = merge(defaults[key], value, f"{where}.{key}")
        else:
            result[key] = copy.deepcopy(value)
    return result


def load(path):
    """Reads a recipe file, merges it over the defaults and checks the speaker entries.

    Relative folder paths in the recipe are resolved against the recipe's own folder.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text())
    except FileNotFoundError:
        raise UserError(f"config {path} does not exist") from None
    except (OSError, ValueError) as error:
        raise UserError(f"config {path} is not readable JSON ({error})") from None
    if not isinstance(raw, dict):
        raise UserError(f"config {path} must hold a JSON object")
    config = merge(DEFAULTS, raw, str(path))
    _check_numbers(config, path)
    _check_speakers(config, path)
    for entry in config["corpus"]["user"] + config["corpus"]["debian"]:
        entry["dir"] = str((path.parent / entry["dir"]).resolve())
    return config


def _check_numbers(config, path):
    for key, (low, high, integer) in NUMBER_RANGES.items():
        section, _, name = key.rpartition(".")
        value = config[section][name] if section else config[name]
        kind = "a whole number" if integer else "a number"
        wrong = isinstance(value, bool) or not isinstance(value, (int, float))
        wrong = wrong or (integer and not isinstance(value, int))
        if wrong or not low <= value <= high:  # NaN fails both comparisons
            raise UserError(f"config {path}: {key} is {value!r}; give {kind} from {low} to {high}")
    for size in config["model"]["hidden"]:
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 65536:
            raise UserError(
                f"config {path}: model.hidden holds {size!r}; give layer sizes from 1 to 65536"
            )


def _check_speakers(config, path):
    names = set()
    corpus = config["corpus"]
    for kind, required in SPEAKER_KINDS.items():
        for entry in corpus[kind]:
            missing = [k for k in ("name",) + required if k not in entry]
            if missing:
                raise UserError(f"config {path}: a corpus.{kind} entry lacks {', '.join(missing)}")
            if entry["name"] in names:
                raise UserError(f"config {path}: speaker name '{entry['name']}' is used twice")
            names.add(entry["name"])
    if not names:
        raise UserError(f"config {path}: corpus has no speakers (add corpus.tts/debian/user)")
    if corpus["testSentences"] >= corpus["sentences"]:
        raise UserError(f"config {path}: corpus.testSentences must be below corpus.sentences")


def section_hash(value):
    """A stable hash of a JSON-able value; caches compare it to decide whether to rebuild."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
