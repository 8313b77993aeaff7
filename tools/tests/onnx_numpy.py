"""A reference interpreter for the few ONNX operators Bowtie's graphs use, in numpy.

onnxruntime is not a Debian package and onnx 1.12 has no reference evaluator, so the tests run
the exported graphs with this independent implementation of Gemm, MatMul, Add, LeakyRelu,
Relu, Concat and Identity, following the operator definitions in the ONNX specification.
"""

import numpy as np
from onnx import helper, numpy_helper


def _attributes(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def run(model, feeds):
    """Evaluates ``model`` (an onnx.ModelProto) on ``feeds``; returns {output name: array}."""
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values.update({k: np.asarray(v, dtype=np.float32) for k, v in feeds.items()})
    for node in model.graph.node:
        args = [values[name] for name in node.input]
        attrs = _attributes(node)
        if node.op_type == "Gemm":
            a, b = args[0], args[1]
            a = a.T if attrs.get("transA", 0) else a
            b = b.T if attrs.get("transB", 0) else b
            out = attrs.get("alpha", 1.0) * (a @ b)
            if len(args) > 2:
                out = out + attrs.get("beta", 1.0) * args[2]
        elif node.op_type == "MatMul":
            out = args[0] @ args[1]
        elif node.op_type == "Add":
            out = args[0] + args[1]
        elif node.op_type == "LeakyRelu":
            alpha = attrs.get("alpha", 0.01)
            out = np.where(args[0] >= 0, args[0], alpha * args[0])
        elif node.op_type == "Relu":
            out = np.maximum(args[0], 0)
        elif node.op_type == "Concat":
            out = np.concatenate(args, axis=attrs["axis"])
        elif node.op_type == "Identity":
            out = args[0]
        else:
            raise NotImplementedError(f"operator {node.op_type} is not in the reference set")
        values[node.output[0]] = out.astype(np.float32)
    return {o.name: values[o.name] for o in model.graph.output}
