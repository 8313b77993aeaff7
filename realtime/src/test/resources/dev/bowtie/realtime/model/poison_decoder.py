"""Makes a voice pack whose decoder computes NaN: every float weight of decoder.onnx becomes NaN.

Usage: /usr/bin/python3 poison_decoder.py PACK_DIR

model.json gets the new file's sha256 (so the pack passes the checksum check and the failure
shows at run time); parity.json is left as exported, so it no longer matches the graph.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

pack = Path(sys.argv[1])
graph_file = pack / "decoder.onnx"
model = onnx.load(str(graph_file))
for index, initializer in enumerate(model.graph.initializer):
    values = numpy_helper.to_array(initializer)
    if values.dtype == np.float32:
        poisoned = numpy_helper.from_array(np.full_like(values, np.nan), initializer.name)
        model.graph.initializer[index].CopyFrom(poisoned)
data = model.SerializeToString()
graph_file.write_bytes(data)
manifest_file = pack / "model.json"
manifest = json.loads(manifest_file.read_text())
manifest["decoder"]["sha256"] = hashlib.sha256(data).hexdigest()
manifest_file.write_text(json.dumps(manifest, indent=2))
