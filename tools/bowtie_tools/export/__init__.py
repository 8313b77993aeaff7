"""Export: ONNX encoder/decoder graphs, the model.json manifest and the parity file."""
