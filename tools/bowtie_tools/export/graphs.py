"""Turns the trained encoder and decoder into two ONNX graphs with the engine's tensor names.

encoder.onnx: ``mcep`` [batch, M] (normalised c1..cM) -> ``mu``, ``logvar`` [batch, Z].
decoder.onnx: ``z`` [batch, Z], ``speaker`` [batch, E] -> ``mcep`` [batch, M] (normalised).
The batch axis is dynamic; the engine uses batch 1.
"""

import io

import onnx
import torch

OPSET = 17

ENCODER_INPUTS = ("mcep",)
ENCODER_OUTPUTS = ("mu", "logvar")
DECODER_INPUTS = ("z", "speaker")
DECODER_OUTPUTS = ("mcep",)


def _to_onnx(module, example_inputs, input_names, output_names):
    buffer = io.BytesIO()
    axes = {name: {0: "batch"} for name in input_names + output_names}
    with torch.no_grad():
        torch.onnx.export(
            module,
            example_inputs,
            buffer,
            input_names=list(input_names),
            output_names=list(output_names),
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
        )
    model = onnx.load_from_string(buffer.getvalue())
    onnx.checker.check_model(model, full_check=True)
    return buffer.getvalue()


def export_graphs(model):
    """Returns (encoder bytes, decoder bytes) for a trained :class:`VoiceVae` in eval mode."""
    model = model.eval()
    order = model.encoder.body[0].in_features
    latent = model.encoder.mu.out_features
    embedding = model.speakers.embedding_dim
    encoder = _to_onnx(model.encoder, (torch.zeros(1, order),), ENCODER_INPUTS, ENCODER_OUTPUTS)
    decoder = _to_onnx(
        model.decoder,
        (torch.zeros(1, latent), torch.zeros(1, embedding)),
        DECODER_INPUTS,
        DECODER_OUTPUTS,
    )
    return encoder, decoder


def tensor_signature(model_bytes):
    """Names and shapes (symbolic dims as strings) of a graph's inputs and outputs."""
    graph = onnx.load_from_string(model_bytes).graph

    def describe(values):
        result = []
        for value in values:
            dims = [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]
            result.append({"name": value.name, "shape": dims, "type": "float32"})
        return result

    return {"inputs": describe(graph.input), "outputs": describe(graph.output)}
