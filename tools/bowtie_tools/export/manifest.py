"""Builds ``model.json`` (the contract with the Java engine) and ``parity.json``.

model.json carries the analysis settings copied from the features' ``features.json``, the
feature normalisation of c1..cM, the speakers with their embedding vectors and log-F0
statistics, the tensor names and shapes, the sha256 of both ONNX files, the training
configuration and the evaluation figures. parity.json lists a few inputs with the PyTorch
outputs, so the engine's tests can prove ONNX Runtime computes the same function.
"""

import hashlib

import numpy as np
import torch

from .. import TOOL_VERSION
from .graphs import OPSET, tensor_signature

FORMAT = "bowtie-voice-pack"
FORMAT_VERSION = 1
ANALYSIS_KEYS = (
    "sampleRateHz",
    "hopSamples",
    "windowSamples",
    "fftSize",
    "order",
    "alpha",
    "f0MinHz",
    "f0MaxHz",
)
PARITY_TOLERANCE = 1e-4


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def build_manifest(payload, model, encoder_bytes, decoder_bytes, evaluation, sources):
    """Returns the model.json dictionary for a loaded checkpoint and its exported graphs."""
    analysis = payload["analysis"]
    table = model.speakers.weight.detach().numpy()
    speakers = []
    for sid, speaker in enumerate(payload["speakers"]):
        speakers.append(
            {
                "name": speaker["name"],
                "kind": speaker["kind"],
                "human": speaker["kind"] != "tts",
                "gender": speaker.get("gender", "unknown"),
                "embedding": [float(v) for v in table[sid]],
                "logF0Mean": speaker["logF0Mean"],
                "logF0Std": speaker["logF0Std"],
            }
        )
    manifest = {"format": FORMAT, "formatVersion": FORMAT_VERSION, "toolVersion": TOOL_VERSION}
    manifest.update({key: analysis[key] for key in ANALYSIS_KEYS if key in analysis})
    manifest.update(
        {
            "modelType": payload["config"]["model"]["type"],
            "latentDim": model.encoder.mu.out_features,
            "speakerEmbeddingDim": model.speakers.embedding_dim,
            "featureMean": payload["featureMean"],
            "featureStd": payload["featureStd"],
            "c0": "carried through unconverted; the model sees normalised c1..cM only",
            "f0Conversion": "log-F0 Gaussian: exp((log f0 - srcMean) / srcStd * tgtStd + tgtMean)",
            "speakers": speakers,
            "encoder": dict(
                file="encoder.onnx", sha256=sha256(encoder_bytes), **tensor_signature(encoder_bytes)
            ),
            "decoder": dict(
                file="decoder.onnx", sha256=sha256(decoder_bytes), **tensor_signature(decoder_bytes)
            ),
            "opset": OPSET,
            "parity": "parity.json",
            "training": {"config": payload["config"], "finalLoss": payload["history"][-1]},
            "evaluation": evaluation,
            "sources": sources,
        }
    )
    return manifest


def _rows(array):
    return [[float(v) for v in row] for row in np.asarray(array)]


def build_parity(payload, model, frame_count, seed):
    """A few encoder, decoder and end-to-end inputs with the PyTorch outputs (float32)."""
    generator = torch.Generator().manual_seed(seed)
    order = len(payload["featureMean"])
    frames = torch.randn(frame_count, order, generator=generator)
    table = model.speakers.weight.detach()
    with torch.no_grad():
        mu, logvar = model.encoder(frames)
        first, last = table[0], table[-1]
        speaker = torch.stack([first, last, 0.5 * (first + last), first][:frame_count])
        speaker = torch.cat([speaker, first.expand(max(0, frame_count - 4), -1)])[:frame_count]
        decoded = model.decoder(mu, speaker)
        mean = torch.tensor(payload["featureMean"])
        std = torch.tensor(payload["featureStd"])
        raw = frames * std + mean
        converted = model.decoder(model.encoder((raw - mean) / std)[0], speaker) * std + mean
    return {
        "tolerance": PARITY_TOLERANCE,
        "encoder": {
            "inputs": {"mcep": _rows(frames)},
            "outputs": {"mu": _rows(mu), "logvar": _rows(logvar)},
        },
        "decoder": {
            "inputs": {"z": _rows(mu), "speaker": _rows(speaker)},
            "outputs": {"mcep": _rows(decoded)},
        },
        "conversion": {
            "description": "raw c1..cM -> normalise -> encoder mu -> decoder(speaker) -> "
            "denormalise; speaker rows are speakers[0], speakers[-1], their mean, speakers[0]",
            "inputs": {"rawMcep": _rows(raw), "speaker": _rows(speaker)},
            "outputs": {"rawMcep": _rows(converted)},
        },
    }
