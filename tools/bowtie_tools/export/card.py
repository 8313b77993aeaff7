"""MODEL_CARD.md for a voice pack, written from its model.json so the two cannot disagree."""

import json
import math

from ..evaluate.stage import markdown

LIMITATIONS = [
    "- MCD and log-F0 RMSE need parallel sentences, so they come from TTS sources only; held-out "
    "human speakers are judged by the classifier and the log-F0 mean error.",
    "- The speaker classifier looks at single spectral-envelope frames. Over-smoothed frames "
    "close to a target's average are easy for it to recognise, so its accuracy overstates how "
    "much a listener would hear the target; read it together with the GV ratio.",
    "- The log-F0 Gaussian transform matches each speaker's F0 mean and spread, not their "
    "intonation: TTS voices with different prosody models keep a log-F0 RMSE of about 0.1 "
    "even after conversion.",
    "- The plain VAE is over-smoothed and buzzy, as the seeds warn: the GV ratio above says how "
    "much of the target's spectral variation survives.",
]


def model_card(manifest):
    """Returns the markdown model card of a manifest built by the export stage."""
    training = manifest["training"]
    config = training["config"]
    lines = [
        f"# Voice pack `{config['name']}`",
        "",
        "Made by `bowtie_tools` (Bowtie's offline training tool) from the recipe embedded in "
        "`model.json` (`training.config`). Model: the vae-npvc variational auto-encoder over "
        "single mel-cepstral frames (c1..cM, normalised); c0 is carried through unconverted; F0 "
        "is converted by each speaker's log-F0 mean and standard deviation.",
        "",
        "## Voices (targets)",
        "",
        "| voice | kind | gender | median F0 (Hz) |",
        "| --- | --- | --- | --- |",
    ]
    for speaker in manifest["speakers"]:
        lines.append(
            f"| {speaker['name']} | {'human' if speaker['human'] else 'TTS'} "
            f"| {speaker['gender']} | {_hz(speaker['logF0Mean'])} |"
        )
    lines += [
        "",
        "## Training data",
        "",
        "| speaker | kind | source | seconds | held out of training | one-voice F0 check |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for speaker in training.get("speakers", []):
        check = speaker.get("f0Check", {})
        lines.append(
            f"| {speaker['name']} | {speaker['kind']} | {speaker.get('source', '')} "
            f"| {speaker.get('seconds', '')} | {'yes' if speaker.get('heldOut') else 'no'} "
            f"| {check.get('reason', '')} (median {check.get('medianF0Hz', '?')} Hz) |"
        )
    lines += ["", "## Licences of the Debian packages used", ""]
    lines += ["| package | version | licence | speakers |", "| --- | --- | --- | --- |"]
    for source in manifest.get("sources", []):
        lines.append(
            f"| {source['package']} | {source['version']} | {source['licence']} "
            f"| {', '.join(source['speakers'])} |"
        )
    lines += [
        "",
        "Full texts: `/usr/share/doc/<package>/copyright` on Debian.",
        "",
        "## Settings",
        "",
        f"- analysis: {manifest['sampleRateHz']} Hz, hop {manifest['hopSamples']}, window "
        f"{manifest['windowSamples']}, FFT {manifest['fftSize']}, order {manifest['order']}, "
        f"alpha {manifest['alpha']}",
        f"- model: `{json.dumps(config['model'])}`",
        f"- training: `{json.dumps(config['train'])}`, seed {config['seed']}",
        "- final epoch mean loss: "
        + ", ".join(f"{k} {v:.3f}" for k, v in training["finalLoss"].items()),
        f"- ONNX opset {manifest['opset']}; encoder.onnx sha256 {manifest['encoder']['sha256']}; "
        f"decoder.onnx sha256 {manifest['decoder']['sha256']}",
        "",
        "## Evaluation",
        "",
    ]
    evaluation = manifest.get("evaluation")
    if evaluation:
        lines += [markdown(evaluation), "## Against the quality goals", ""]
        lines += _goals(evaluation)
        lines += ["", "## Limitations", ""] + LIMITATIONS
    else:
        lines.append("Not evaluated (run `evaluate` before `export`).")
    lines += [
        "",
        "## How to retrain",
        "",
        "```",
        "cd tools",
        "R=recipes/default.json W=/tmp/bowtie-work",
        "/usr/bin/python3 -m bowtie_tools corpus   --config $R --work $W",
        "/usr/bin/python3 -m bowtie_tools features --config $R --work $W",
        "/usr/bin/python3 -m bowtie_tools train    --config $R --work $W",
        "/usr/bin/python3 -m bowtie_tools evaluate --work $W",
        "/usr/bin/python3 -m bowtie_tools export   --work $W --card \\",
        "    --out ../models/src/main/resources/bowtie/voices/default",
        "```",
        "",
    ]
    return "\n".join(lines)


def _hz(log_f0):
    return f"{math.exp(log_f0):.0f}"


def _goals(evaluation):
    lines = []
    for group, values in evaluation["summary"].items():
        label = "held-out speakers" if group == "heldOutSources" else "training speakers"
        if values.get("mcdDb") is not None:
            gain = values["mcdBaselineDb"] - values["mcdDb"]
            lines.append(_verdict(f"{label}: MCD lower than baseline by {gain:.2f} dB", gain >= 2))
        accuracy = values["classifierAccuracy"]
        lines.append(
            _verdict(f"{label}: classifier picks the target in {accuracy:.0%}", accuracy >= 0.9)
        )
        if values.get("logF0Rmse") is not None:
            rmse = values["logF0Rmse"]
            lines.append(_verdict(f"{label}: log-F0 RMSE {rmse:.3f}", rmse < 0.1))
        if values.get("globalVarianceRatio") is not None:
            lines.append(
                f"- {label}: converted c1..cM keep {values['globalVarianceRatio']:.0%} of the "
                "target's natural variance (the over-smoothing the seeds warn of; a VAW-GAN "
                "critic is the seeds' remedy)"
            )
    return lines


def _verdict(text, met):
    return f"- {text}: {'meets' if met else 'misses'} the goal"
