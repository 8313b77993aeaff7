"""The ``features`` stage: runs the Java ``bowtie features`` on every corpus utterance.

One DSP implementation serves training and live use: the features the model learns from are
made by the same Java code that analyses the microphone. Utterances are processed in parallel
(one JVM per file, ``jobs`` at a time) and cached by the sha256 of the WAV and of the jar (the
jar fixes the analysis settings), so re-running after a change only recomputes what changed.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import numpy as np

from ..atomic import write_json
from ..data import corpus as corpus_stage
from ..errors import UserError
from ..progress import ProgressBar
from .dataset import INDEX_NAME, features_dir
from .sanity import speaker_f0_check

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_JAR = REPO_ROOT / "plugin" / "target" / "bowtie.jar"


def find_jar(explicit=None):
    """The bowtie.jar to use: ``--jar``, else $BOWTIE_JAR, else the repository's build."""
    jar = Path(explicit or os.environ.get("BOWTIE_JAR") or DEFAULT_JAR)
    if not jar.is_file():
        raise UserError(
            f"bowtie.jar not found at {jar}; build it with `mvn -q -B -DskipTests package` "
            "or pass --jar"
        )
    return jar


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run(config, work, jar=None, jobs=0, show_progress=True):
    """Extracts (or reuses) features for every utterance and writes ``features/index.json``."""
    corpus = corpus_stage.load(work)
    jar = find_jar(jar)
    jar_hash = file_sha256(jar)
    jvm_options = list(config["features"]["jvmOptions"])
    cache = features_dir(work) / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    corpus_root = corpus_stage.corpus_dir(work)
    work_items = []
    for utterance in corpus["utterances"]:
        wav = corpus_root / utterance["path"]
        key = hashlib.sha256((file_sha256(wav) + jar_hash).encode()).hexdigest()
        work_items.append((utterance, wav, cache / key[:2] / key))
    todo = [item for item in work_items if not (item[2] / "features.json").is_file()]
    jobs = jobs or config["features"]["jobs"] or os.cpu_count() or 1
    bar = ProgressBar("features: bowtie features", len(todo), enabled=show_progress)
    with ThreadPoolExecutor(jobs) as pool:
        futures = [pool.submit(_extract, jar, wav, out, jvm_options) for _, wav, out in todo]
        for future in as_completed(futures):
            future.result()
            bar.update(1)
    bar.close()
    index = _index(work, corpus, work_items, config)
    write_json(features_dir(work) / INDEX_NAME, index)
    print(
        f"features: {len(work_items)} utterances ({len(todo)} extracted, "
        f"{len(work_items) - len(todo)} cached) -> {features_dir(work) / INDEX_NAME}"
    )
    return index


def _extract(jar, wav, out, jvm_options):
    """Runs one JVM; the result is renamed into the cache only when complete and consistent."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=out.parent))
    try:
        command = ["java", *jvm_options, "-jar", str(jar), "features", str(wav), str(tmp)]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            lines = (result.stderr or result.stdout).strip().splitlines()
            raise UserError(
                f"`bowtie features` failed on {wav}: {lines[-1] if lines else 'no message'}"
            )
        _check_output(tmp, wav)
        try:
            os.rename(tmp, out)
        except OSError:
            if not (out / "features.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _check_output(folder, wav):
    try:
        settings = json.loads((folder / "features.json").read_text())
        mcep = np.load(folder / "mcep.npy")
        f0 = np.load(folder / "f0.npy")
    except (OSError, ValueError) as error:
        raise UserError(f"`bowtie features` wrote unreadable output for {wav} ({error})") from None
    if mcep.ndim != 2 or mcep.shape[1] != settings["order"] + 1 or abs(len(f0) - len(mcep)) > 1:
        raise UserError(
            f"`bowtie features` output for {wav} has shapes mcep {mcep.shape}, f0 {f0.shape} "
            f"that do not match order {settings['order']}"
        )


def _index(work, corpus, work_items, config):
    analysis = None
    utterances = []
    for utterance, _, out in work_items:
        settings = json.loads((out / "features.json").read_text())
        if analysis is None:
            analysis = settings
        elif any(settings.get(k) != analysis.get(k) for k in ("sampleRateHz", "order", "alpha")):
            raise UserError(f"features of {utterance['id']} use different analysis settings")
        utterances.append(dict(utterance, features=str(out.relative_to(features_dir(work)))))
    speakers = []
    for speaker in corpus["speakers"]:
        check = speaker_f0_check(
            work, [u for u in utterances if u["speaker"] == speaker["name"]], config["features"]
        )
        if check["suspect"] and speaker["kind"] != "tts":
            print(f"features: warning: speaker '{speaker['name']}': {check['reason']}")
        speakers.append(dict(speaker, f0Check=check))
    return {"analysis": analysis, "speakers": speakers, "utterances": utterances}
