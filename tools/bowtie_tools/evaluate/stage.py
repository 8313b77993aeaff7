"""The ``evaluate`` stage: convert test speech to every target voice and measure the result.

Sources are the test utterances of the training speakers (held-out sentences or chunks) and
every utterance of the speakers held out of training entirely (any-to-many). For each source
utterance and each target voice we compute, beside the no-conversion baseline:

* MCD in dB after DTW, over c1..cM (c0 excluded; the engine does not convert it), when the
  target said the same sentence (TTS speakers: a parallel test set);
* log-F0 RMSE on frames voiced in both, along the same DTW path (parallel pairs);
* the error of the converted log-F0 mean against the target's (every pair);
* whether a speaker classifier trained on the training split picks the target (every pair);
* the global variance ratio of converted to target c1..cM (over-smoothing; parallel pairs).

Results go to ``<work>/evaluate/evaluation.json`` and ``evaluation.md``.
"""

from pathlib import Path

import numpy as np
import torch

from ..atomic import atomic_directory, write_json
from ..errors import UserError
from ..features import dataset
from ..progress import ProgressBar
from ..train import checkpoint
from ..train.stage import checkpoint_dir
from . import metrics
from .classifier import train_classifier

MCD_NOTE = (
    "MCD in dB over c1..cM (c0 excluded: the engine carries it through), after DTW on "
    "c1..cM, speech frames only"
)


def evaluation_dir(work):
    return Path(work) / "evaluate"


def run(work, show_progress=True):
    """Evaluates ``<work>/train`` on ``<work>/features``; returns the evaluation dict."""
    payload, model = checkpoint.load(checkpoint_dir(work))
    index = dataset.load_index(work)
    config = payload["config"]
    silence = config["features"]["silenceRangeNepers"]
    mean = np.asarray(payload["featureMean"], dtype=np.float32)
    std = np.asarray(payload["featureStd"], dtype=np.float32)
    targets = payload["speakers"]
    target_ids = {s["name"]: i for i, s in enumerate(targets)}
    table = model.speakers.weight.detach()

    raw, labels, _ = dataset.training_frames(work, index, silence)
    classifier = train_classifier(
        (raw - mean) / std,
        labels,
        len(targets),
        config["evaluate"]["classifierEpochs"],
        config["evaluate"]["classifierHidden"],
        config["seed"],
    )
    stats = _log_f0_stats(work, index, targets)
    sources = _source_utterances(work, index, silence)
    parallel = {(u["speaker"], u["sentence"]): u for u in sources if u["sentence"] is not None}

    natural_hits = [
        int(np.argmax(classifier.utterance_log_probs((u["mcep"] - mean) / std)))
        == target_ids[u["speaker"]]
        for u in sources
        if u["speaker"] in target_ids
    ]
    pairs = {}
    bar = ProgressBar("evaluate: converting", len(sources), enabled=show_progress)
    for utterance in sources:
        source = utterance["speaker"]
        x = (utterance["mcep"] - mean) / std
        for target in targets:
            name = target["name"]
            if name == source:
                continue
            with torch.no_grad():
                converted = model.convert(torch.as_tensor(x), table[target_ids[name]]).numpy()
            record = pairs.setdefault((source, name), _new_pair(source, name, utterance))
            tid = target_ids[name]
            record["hits"].append(int(np.argmax(classifier.utterance_log_probs(converted)) == tid))
            record["baseHits"].append(int(np.argmax(classifier.utterance_log_probs(x)) == tid))
            record["frameAcc"].append(classifier.frame_accuracy(converted, tid))
            f0 = metrics.convert_f0(utterance["f0"], stats[source], stats[name])
            record["f0MeanErr"].append(_mean_log_error(f0, stats[name][0]))
            record["f0MeanErrBase"].append(_mean_log_error(utterance["f0"], stats[name][0]))
            reference = parallel.get((name, utterance["sentence"]))
            if reference is not None and utterance["sentence"] is not None:
                _parallel_measures(record, utterance, converted * std + mean, f0, reference)
        bar.update(1)
    bar.close()
    evaluation = _summarise(pairs, natural_hits, index)
    with atomic_directory(evaluation_dir(work)) as tmp:
        write_json(tmp / "evaluation.json", evaluation)
        (tmp / "evaluation.md").write_text(markdown(evaluation))
    print(markdown(evaluation))
    return evaluation


def _source_utterances(work, index, silence):
    held_out = {s["name"] for s in index["speakers"] if s.get("heldOut")}
    chosen = []
    for utterance in index["utterances"]:
        if utterance["split"] != "test" and utterance["speaker"] not in held_out:
            continue
        mcep, f0 = dataset.load_utterance(work, utterance)
        keep = dataset.speech_mask(mcep, silence)
        if keep.sum() < 10:
            continue
        chosen.append(
            dict(
                utterance,
                mcep=mcep[keep, 1:],
                f0=f0[keep],
                heldOut=utterance["speaker"] in held_out,
            )
        )
    return chosen


def _log_f0_stats(work, index, targets):
    """log-F0 (mean, std) per speaker: targets from the checkpoint, others from their audio."""
    stats = {s["name"]: (s["logF0Mean"], s["logF0Std"]) for s in targets}
    for speaker in index["speakers"]:
        if speaker["name"] in stats:
            continue
        f0s = [
            dataset.load_utterance(work, u)[1]
            for u in index["utterances"]
            if u["speaker"] == speaker["name"]
        ]
        found = dataset.log_f0_stats(f0s)
        if found is None:
            raise UserError(f"speaker '{speaker['name']}' has no voiced frames to evaluate")
        stats[speaker["name"]] = found
    return stats


def _new_pair(source, target, utterance):
    return {
        "source": source,
        "target": target,
        "sourceHeldOut": utterance["heldOut"],
        "hits": [],
        "baseHits": [],
        "frameAcc": [],
        "f0MeanErr": [],
        "f0MeanErrBase": [],
        "mcd": [],
        "mcdBase": [],
        "f0Rmse": [],
        "f0RmseBase": [],
        "gv": [],
    }


def _mean_log_error(f0, target_mean):
    voiced = f0[f0 > 0]
    return None if len(voiced) == 0 else float(abs(np.log(voiced).mean() - target_mean))


def _parallel_measures(record, utterance, converted_raw, converted_f0, reference):
    ia, ib = metrics.dtw_path(converted_raw, reference["mcep"])
    record["mcd"].append(metrics.mel_cepstral_distortion(converted_raw[ia], reference["mcep"][ib]))
    record["f0Rmse"].append(metrics.log_f0_rmse(converted_f0[ia], reference["f0"][ib]))
    record["gv"].append(metrics.global_variance_ratio(converted_raw, reference["mcep"]))
    ja, jb = metrics.dtw_path(utterance["mcep"], reference["mcep"])
    record["mcdBase"].append(
        metrics.mel_cepstral_distortion(utterance["mcep"][ja], reference["mcep"][jb])
    )
    record["f0RmseBase"].append(metrics.log_f0_rmse(utterance["f0"][ja], reference["f0"][jb]))


def _mean(values):
    values = [v for v in values if v is not None]
    return round(float(np.mean(values)), 4) if values else None


def _summarise(pairs, natural_hits, index):
    rows = []
    for record in pairs.values():
        rows.append(
            {
                "source": record["source"],
                "target": record["target"],
                "sourceHeldOut": record["sourceHeldOut"],
                "utterances": len(record["hits"]),
                "parallelUtterances": len(record["mcd"]),
                "mcdDb": _mean(record["mcd"]),
                "mcdBaselineDb": _mean(record["mcdBase"]),
                "logF0Rmse": _mean(record["f0Rmse"]),
                "logF0RmseBaseline": _mean(record["f0RmseBase"]),
                "logF0MeanError": _mean(record["f0MeanErr"]),
                "logF0MeanErrorBaseline": _mean(record["f0MeanErrBase"]),
                "classifierAccuracy": _mean(record["hits"]),
                "classifierBaseline": _mean(record["baseHits"]),
                "classifierFrameAccuracy": _mean(record["frameAcc"]),
                "globalVarianceRatio": _mean(record["gv"]),
            }
        )
    groups = {
        "seenSources": [r for r in rows if not r["sourceHeldOut"]],
        "heldOutSources": [r for r in rows if r["sourceHeldOut"]],
    }
    summary = {}
    for group, members in groups.items():
        if not members:
            continue
        summary[group] = {
            key: _mean([r[key] for r in members])
            for key in (
                "mcdDb",
                "mcdBaselineDb",
                "logF0Rmse",
                "logF0RmseBaseline",
                "logF0MeanError",
                "logF0MeanErrorBaseline",
                "classifierAccuracy",
                "classifierBaseline",
                "classifierFrameAccuracy",
                "globalVarianceRatio",
            )
        }
        summary[group]["pairs"] = len(members)
    return {
        "mcdNote": MCD_NOTE,
        "f0Note": "log-F0 in natural log; conversion by per-speaker log-F0 Gaussian mean/std; "
        "held-out speakers' statistics are measured on their own speech, as the engine would "
        "measure a live speaker's",
        "classifierNote": "utterance-level: argmax of summed frame log-probabilities",
        "globalVarianceNote": "per-utterance variance of converted c1..cM over the target's, "
        "averaged over dimensions: 1 = as varied as natural speech, below 1 = over-smoothed",
        "classifierNaturalAccuracy": _mean(natural_hits),
        "heldOutSpeakers": [s["name"] for s in index["speakers"] if s.get("heldOut")],
        "summary": summary,
        "pairs": sorted(rows, key=lambda r: (r["sourceHeldOut"], r["source"], r["target"])),
    }


def _cell(value, baseline, digits=2):
    if value is None:
        return "–"
    return f"{value:.{digits}f} ({baseline:.{digits}f})" if baseline is not None else f"{value:.2f}"


def markdown(evaluation):
    """A readable summary: converted value with the no-conversion baseline in brackets."""
    lines = [
        "Converted (no-conversion baseline). " + evaluation["mcdNote"] + ".",
        "",
        "| sources | pairs | MCD dB | log-F0 RMSE | log-F0 mean error | classifier acc. "
        "| GV ratio |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for group, values in evaluation["summary"].items():
        label = (
            "held-out speakers" if group == "heldOutSources" else "training speakers, test split"
        )
        lines.append(
            f"| {label} | {values['pairs']} | {_cell(values['mcdDb'], values['mcdBaselineDb'])} "
            f"| {_cell(values['logF0Rmse'], values['logF0RmseBaseline'], 3)} "
            f"| {_cell(values['logF0MeanError'], values['logF0MeanErrorBaseline'], 3)} "
            f"| {_cell(values['classifierAccuracy'], values['classifierBaseline'])} "
            f"| {_cell(values['globalVarianceRatio'], None)} |"
        )
    lines += [
        "",
        f"Classifier accuracy on natural test speech: {evaluation['classifierNaturalAccuracy']}",
        "",
        "| source → target | MCD dB | log-F0 RMSE | classifier acc. |",
        "| --- | --- | --- | --- |",
    ]
    for row in evaluation["pairs"]:
        marker = " (held out)" if row["sourceHeldOut"] else ""
        lines.append(
            f"| {row['source']}{marker} → {row['target']} "
            f"| {_cell(row['mcdDb'], row['mcdBaselineDb'])} "
            f"| {_cell(row['logF0Rmse'], row['logF0RmseBaseline'], 3)} "
            f"| {_cell(row['classifierAccuracy'], row['classifierBaseline'])} |"
        )
    return "\n".join(lines) + "\n"
