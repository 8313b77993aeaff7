"""The ``corpus`` stage: every configured speaker -> 16 kHz mono WAV utterances + corpus.json.

Three kinds of speaker: ``tts`` (a TTS voice saying the project's sentences; the last
``testSentences`` form the parallel test set), ``debian`` (a folder of real recorded speech
from a Debian package, usually one person) and ``user`` (a folder of the user's recordings).
Folder speakers' short clips are decoded, trimmed and joined into utterances of about
``chunkSeconds``; a share of them (``testFraction``) is kept for evaluation.

The corpus is cached: when ``corpus.json`` records the same configuration hash it is reused.
It is built in a temporary folder and renamed into place, so a failure leaves nothing behind.
"""

import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import numpy as np

from .. import TOOL_VERSION
from ..atomic import atomic_directory, write_json
from ..config import section_hash
from ..errors import UserError
from ..progress import ProgressBar
from . import audio, tts
from .licences import licence_record
from .sentences import SENTENCES

GAP_SECONDS = 0.15


def corpus_dir(work):
    return Path(work) / "corpus"


def load(work):
    """Returns corpus.json; UserError when the corpus stage has not run."""
    path = corpus_dir(work) / "corpus.json"
    if not path.is_file():
        raise UserError(f"{path} does not exist; run the `corpus` stage first")
    return json.loads(path.read_text())


def run(config, work, jobs=0, show_progress=True):
    """Builds ``<work>/corpus`` unless an identical configuration built it already."""
    settings = config["corpus"]
    key = section_hash({"corpus": settings, "tool": TOOL_VERSION})
    existing = corpus_dir(work) / "corpus.json"
    if existing.is_file() and json.loads(existing.read_text()).get("configHash") == key:
        print(f"corpus: {corpus_dir(work)} is up to date")
        return load(work)
    jobs = jobs or os.cpu_count() or 1
    with atomic_directory(corpus_dir(work)) as tmp:
        speakers, utterances = _build(settings, tmp, jobs, show_progress)
        manifest = {
            "configHash": key,
            "toolVersion": TOOL_VERSION,
            "sampleRateHz": settings["sampleRateHz"],
            "speakers": speakers,
            "utterances": utterances,
            "sources": _sources(settings),
        }
        write_json(tmp / "corpus.json", manifest)
    total = sum(s["seconds"] for s in speakers)
    print(
        f"corpus: wrote {corpus_dir(work)}: {len(speakers)} speakers, {len(utterances)} "
        f"utterances, {total / 60:.1f} min of speech"
    )
    return manifest


def _build(settings, root, jobs, show_progress):
    rate = settings["sampleRateHz"]
    tasks = []
    for entry in settings["tts"]:
        for number, text in enumerate(SENTENCES[: settings["sentences"]]):
            tasks.append(("tts", entry, number, text))
    for kind in ("debian", "user"):
        for entry in settings[kind]:
            for path in _audio_files(entry):
                tasks.append((kind, entry, path, None))
    bar = ProgressBar("corpus: decoding", len(tasks), enabled=show_progress)
    clips = {}
    with tempfile.TemporaryDirectory() as scratch, ThreadPoolExecutor(jobs) as pool:
        futures = {
            pool.submit(_decode_task, task, Path(scratch) / f"clip{n:06d}", rate): task
            for n, task in enumerate(tasks)
        }
        for future in as_completed(futures):
            kind, entry, ref, _ = futures[future]
            clips.setdefault(entry["name"], []).append((ref, future.result()))
            bar.update(1)
    bar.close()
    speakers, utterances = [], []
    for kind in ("tts", "debian", "user"):
        for entry in settings[kind]:
            ordered = sorted(clips[entry["name"]], key=lambda c: c[0])
            made = _utterances_of(kind, ordered, settings)
            speaker_utterances = [dict(u, speaker=entry["name"]) for u in made]
            seconds = sum(len(u["samples"]) for u in speaker_utterances) / rate
            if seconds < settings["minSecondsPerSpeaker"]:
                where = entry.get("dir", f"{entry.get('engine')} voice {entry.get('voice')}")
                raise UserError(
                    f"speaker '{entry['name']}' ({where}) has only {seconds:.1f} s of speech; "
                    f"at least {settings['minSecondsPerSpeaker']:g} s is needed"
                )
            utterances += _save(root, entry["name"], speaker_utterances, settings, kind, rate)
            speakers.append(_speaker_record(kind, entry, seconds, len(speaker_utterances)))
    return speakers, utterances


def _audio_files(entry):
    folder = Path(entry["dir"])
    if not folder.is_dir():
        raise UserError(f"speaker '{entry['name']}': folder {folder} does not exist")
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in audio.AUDIO_SUFFIXES
    )
    if not files:
        raise UserError(
            f"speaker '{entry['name']}': folder {folder} holds no audio files "
            f"({', '.join(audio.AUDIO_SUFFIXES)})"
        )
    return files


def _decode_task(task, stem, rate):
    kind, entry, ref, text = task
    target = stem.with_suffix(".wav")
    if kind == "tts":
        raw = stem.with_suffix(".tts.wav")
        tts.synthesise(entry, text, raw)
        audio.decode(raw, target, rate)
    else:
        audio.decode(ref, target, rate)
    samples, _ = audio.read_wav(target)
    return samples


def _utterances_of(kind, clips, settings):
    """Turns a speaker's decoded clips into utterance records holding their samples."""
    if kind == "tts":
        return [{"samples": s, "sentence": number} for number, s in clips if len(s)]
    limit = int(settings["chunkSeconds"] * settings["sampleRateHz"])
    chunks = _chunks([s for _, s in clips if len(s)], limit, settings["sampleRateHz"])
    return [{"samples": s, "sentence": None} for s in chunks]


def _chunks(clips, limit, rate):
    """Joins short clips (with short gaps) and cuts long ones into utterances of ~limit samples."""
    gap = np.zeros(int(GAP_SECONDS * rate), dtype=np.int16)
    pieces = []
    for clip in clips:
        if len(clip) > 2 * limit:
            pieces += [clip[start : start + limit] for start in range(0, len(clip), limit)]
        else:
            pieces.append(clip)
    chunks, current = [], []
    for piece in pieces:
        current.append(piece)
        if sum(len(p) for p in current) >= limit:
            chunks.append(np.concatenate([x for p in current for x in (p, gap)]))
            current = []
    if current:
        chunks.append(np.concatenate([x for p in current for x in (p, gap)]))
    return chunks


def _save(root, name, utterances, settings, kind, rate):
    folder = root / "wav" / name
    folder.mkdir(parents=True, exist_ok=True)
    test_ids = _test_selection(utterances, settings, kind)
    records = []
    for number, utterance in enumerate(utterances):
        uid = f"{name}-{number:04d}"
        path = folder / f"{uid}.wav"
        audio.write_wav(path, utterance["samples"], rate)
        records.append(
            {
                "speaker": name,
                "id": uid,
                "path": str(path.relative_to(root)),
                "split": "test" if number in test_ids else "train",
                "sentence": utterance["sentence"],
                "seconds": round(len(utterance["samples"]) / rate, 3),
            }
        )
    return records


def _test_selection(utterances, settings, kind):
    if kind == "tts":
        first_test = settings["sentences"] - settings["testSentences"]
        return {i for i, u in enumerate(utterances) if u["sentence"] >= first_test}
    count = len(utterances)
    wanted = max(1, round(count * settings["testFraction"])) if count > 1 else 0
    # Evenly spaced, so the test share is not all from one end of an alphabetical listing.
    return set(np.linspace(0, count - 1, wanted + 2)[1:-1].round().astype(int).tolist())


def _speaker_record(kind, entry, seconds, count):
    record = {
        "name": entry["name"],
        "kind": kind,
        "gender": entry.get("gender", "unknown"),
        "heldOut": bool(entry.get("heldOut", False)),
        "seconds": round(seconds, 1),
        "utterances": count,
    }
    if kind == "tts":
        record["source"] = f"{entry['engine']}:{entry['voice']}" + (
            f" pitch {entry['pitch']}" if "pitch" in entry else ""
        )
        record["package"] = tts.package_of(entry)
    elif kind == "debian":
        record["source"] = entry["dir"]
        record["package"] = entry["package"]
    else:
        record["source"] = entry["dir"]
    return record


def _sources(settings):
    packages = {}
    for entry in settings["tts"]:
        packages.setdefault(tts.package_of(entry), []).append(entry["name"])
    for entry in settings["debian"]:
        packages.setdefault(entry["package"], []).append(entry["name"])
    return [dict(licence_record(p), speakers=names) for p, names in sorted(packages.items())]
