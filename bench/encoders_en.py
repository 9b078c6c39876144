"""Benchmark: all-MiniLM-L6-v2 through torch vs an ONNX export (fp32 and dynamic int8).

    python bench/encoders_en.py [--n 1000] [--json]

The English encoder must keep cosine agreement >= 0.99 with the torch model to be swapped in.
sentence-transformers' own ``backend="onnx"`` needs optimum, which pins transformers < 5 and
so cannot be installed beside sentence-transformers 6; this script exports the model with
``torch.onnx.export`` and runs it with onnxruntime (``pip install onnx onnxruntime``; the
script says so and exits when they are missing). Texts: English provisions of vn-laws-en.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "vn-laws-en"


def _texts(n: int) -> list[str]:
    lines: list[str] = []
    for f in sorted(CORPUS.glob("*.en.txt")):
        lines += [x.strip() for x in f.read_text(encoding="utf-8").splitlines()
                  if len(x.strip()) > 30 and x.strip() != "..."]
    return lines[:n]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import onnxruntime as ort
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        print("onnx/onnxruntime are not installed: pip install onnx onnxruntime")
        return
    import torch

    from lexoverlap.embed import minilm

    texts = _texts(args.n)
    enc = minilm()
    t0 = time.perf_counter()
    ref = enc.encode(texts)
    torch_rate = len(texts) / (time.perf_counter() - t0)
    st: Any = enc.model
    tok = st.tokenizer
    bert = st[0].auto_model

    class Wrapped(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, ids: Any, mask: Any) -> Any:
            return self.model(input_ids=ids, attention_mask=mask).last_hidden_state

    work = Path(tempfile.mkdtemp())
    sample = tok(texts[:2], padding=True, truncation=True, max_length=256, return_tensors="pt")
    fp32, int8 = work / "minilm.onnx", work / "minilm.int8.onnx"
    torch.onnx.export(Wrapped(bert).eval(), (sample["input_ids"], sample["attention_mask"]),
                      str(fp32), input_names=["ids", "mask"], output_names=["h"],
                      dynamic_axes={"ids": {0: "b", 1: "s"}, "mask": {0: "b", 1: "s"},
                                    "h": {0: "b", 1: "s"}}, opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    result: dict[str, Any] = {"bench": "encoders_en", "texts": len(texts),
                              "torch_per_s": round(torch_rate, 1)}
    for name, path in (("onnx_fp32", fp32), ("onnx_int8", int8)):
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        t0 = time.perf_counter()
        rows = []
        for i in range(0, len(texts), 64):
            e = tok(texts[i:i + 64], padding=True, truncation=True, max_length=256,
                    return_tensors="np")
            h = session.run(None, {"ids": e["input_ids"].astype(np.int64),
                                   "mask": e["attention_mask"].astype(np.int64)})[0]
            m = e["attention_mask"][..., None].astype(np.float32)
            v = (h * m).sum(1) / m.sum(1)
            rows.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        rate = len(texts) / (time.perf_counter() - t0)
        cos = (np.vstack(rows) * ref).sum(1)
        result[name] = {"per_s": round(rate, 1), "cos_mean": round(float(cos.mean()), 4),
                        "cos_min": round(float(cos.min()), 4),
                        "agrees": bool(cos.mean() >= 0.99)}
    print(json.dumps(result) if args.json else json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
