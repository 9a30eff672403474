# llama_ref.py: an independent numpy forward pass of TinyLLM's transformer.
#
# Copyright (C) 2026 The TinyLLM authors.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This program is free software: you can redistribute it and/or modify it
# under the terms of the GNU General Public License as published by the Free
# Software Foundation, either version 3 of the License, or (at your option)
# any later version.
"""Reference forward pass for ``.tlm`` models, written from the spec alone.

The architecture (decoder-only, Llama-style, as in llama2.c):

* ``x = embed[token]``;
* per layer: ``x += wo @ attention(rope(q), rope(k), v)`` where ``q, k, v``
  come from ``wqkv @ rmsnorm(x, attn_norm)`` (query rows, then key rows, then
  value rows), then ``x += w2 @ (silu(w1 @ h) * (w3 @ h))`` with
  ``h = rmsnorm(x, ffn_norm)`` (``w13`` holds the w1 rows, then the w3 rows);
* ``logits = embed @ rmsnorm(x, norm)`` (the classifier is tied).

``rmsnorm(x, w) = x * w / sqrt(mean(x^2) + eps)``.  Rotary embeddings turn
each pair ``(2i, 2i+1)`` inside a head by ``pos * theta^(-2i/head_dim)``.
Attention is causal, softmax of ``q.k / sqrt(head_dim)``; query head ``h``
reads kv head ``h // (n_heads / n_kv_heads)``.  ``silu(z) = z / (1+e^-z)``.

Two modes:

``f32``
    Plain float math on the float weights (float64 by default: the exact
    answer a float32 engine approximates).

``q8``
    Emulates the engine's int8 path (src/engine/kernels.h).  Before each
    product with wqkv, wo, w13, w2 and the classifier the input vector is
    quantized with one scale: ``amax = max|x|``; ``inv = 127f / amax``,
    ``q = rint(x * inv)`` (float32 multiply, round half to even) clamped to
    -127..127 and ``scale = amax / 127f``, or ``q = 0, scale = 0`` when
    ``amax == 0``.  Then ``acc = sum_g wscale[r, g] * float(idot_g)``, summed
    over the groups in order in float32, and ``y[r] = acc * scale``; the
    integer group dots are exact.  Embedding rows are ``q * scale`` in
    float32.  Everything outside the integer dots is float32 (by default).

Rounding discipline (mode q8's float32; f32 works the same way in float64):

* elementwise operations are done in the working dtype, so in float32 they
  round as C's float operations do;
* reductions (dot products, sums of squares, softmax sums) and exp, cos and
  sin are computed in float64 and rounded once to the working dtype, as an
  accurate C implementation gets within an ulp.  This also keeps the results
  the same on every platform (numpy's own float32 exp/sin and BLAS sums vary
  with the CPU), which the byte-for-byte reproducibility of
  tests/data/ref-expected.txt needs;
* where the spec leaves an order open the plain C one is used:
  ``rmsnorm = w * (x * (1 / sqrt(ss / dim + eps)))``; rotary frequencies
  ``float(theta ** (-2i / head_dim))`` and angles ``pos * freq`` in double;
  attention scores ``(q . k) * (1 / sqrt(head_dim))``, then
  ``out = (sum_t e^(s_t - max) v_t) * (1 / sum_t e^(s_t - max))``;
  ``silu(g) * u = g / (1 + e^-g) * u``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "model"))

from tinyllm.tlmfile import TlmFile, read_tlm  # noqa: E402

F64 = np.float64


class Reference:
    """One conversation's state (the KV cache) over a parsed model.

    ``mode`` is ``"f32"`` or ``"q8"`` (see the module docstring); ``dtype``
    is the working float type, float64 for f32 and float32 for q8 unless
    given.  Call :meth:`forward` with positions 0, 1, 2, ... in turn.
    """

    def __init__(self, model: TlmFile, mode: str = "f32", dtype=None) -> None:
        if mode not in ("f32", "q8"):
            raise ValueError(f"unknown mode {mode!r}")
        if mode == "q8" and not model.config["quantized"]:
            raise ValueError("q8 mode needs a quantized (Q8) model")
        c = model.config
        self.mode = mode
        self.dt = np.dtype(dtype if dtype is not None else
                           (np.float64 if mode == "f32" else np.float32)).type
        self.dim, self.n_layers = c["dim"], c["n_layers"]
        self.n_heads, self.n_kv = c["n_heads"], c["n_kv_heads"]
        self.head_dim, self.hidden = c["head_dim"], c["hidden_dim"]
        self.group = c["group_size"]
        self.eps = self.dt(c["norm_eps"])
        self.tensors = model.tensors
        self.w64 = {name: t.astype(F64) for name, t in model.tensors.items()}
        self.q8 = {name: self._split_groups(q, s) for name, (q, s) in model.q8.items()}
        half = np.arange(0, self.head_dim, 2, dtype=F64)
        self.freq = (F64(c["rope_theta"]) ** (-half / self.head_dim)).astype(self.dt)
        shape = (self.n_layers, c["max_seq_len"], self.n_kv, self.head_dim)
        self.k_cache = np.zeros(shape, self.dt)
        self.v_cache = np.zeros(shape, self.dt)

    def _split_groups(self, q: np.ndarray, scales: np.ndarray):
        """(rows, cols) int8 -> (rows, groups, group) int64 and scales."""
        rows, cols = q.shape
        q3 = q.astype(np.int64).reshape(rows, cols // self.group, self.group)
        return q3, scales.astype(self.dt)

    # ---- building blocks ---------------------------------------------

    def _round(self, v) -> np.ndarray:
        """A float64 result rounded once to the working dtype."""
        return np.asarray(v, dtype=F64).astype(self.dt)

    def _rmsnorm(self, x: np.ndarray, name: str) -> np.ndarray:
        """``x * w / sqrt(mean(x^2) + eps)``."""
        t = self.dt
        ss = self._round(np.dot(x.astype(F64), x.astype(F64)))
        inv = t(1) / self._round(np.sqrt(F64(ss / t(self.dim) + self.eps)))
        w = self.tensors[name].reshape(-1).astype(t)
        return (x * inv) * w

    def _quantize(self, x: np.ndarray) -> tuple[np.ndarray, np.floating]:
        """The engine's one-scale int8 quantization of an input vector."""
        t = self.dt
        amax = t(np.max(np.abs(x)))
        if amax == 0:
            return np.zeros(x.shape, np.int64), t(0)
        inv = t(127) / amax
        q = np.clip(np.rint(x * inv), -127, 127).astype(np.int64)
        return q, amax / t(127)

    def _matvec(self, name: str, x: np.ndarray) -> np.ndarray:
        """``W @ x`` the way the mode does it."""
        if self.mode == "f32":
            return self._round(self.w64[name] @ x.astype(F64))
        q3, ws = self.q8[name]
        rows, groups, size = q3.shape
        qx, xscale = self._quantize(x)
        dots = (q3 * qx.reshape(1, groups, size)).sum(axis=2)  # exact
        acc = np.zeros(rows, self.dt)
        for g in range(groups):
            acc = acc + dots[:, g].astype(self.dt) * ws[:, g]
        return acc * xscale

    def _rope(self, v: np.ndarray, pos: int) -> np.ndarray:
        """Rotate pairs (2i, 2i+1) of each head (rows of v) by pos*freq_i."""
        angle = F64(pos) * self.freq.astype(F64)
        cos, sin = self._round(np.cos(angle)), self._round(np.sin(angle))
        v0, v1 = v[:, 0::2], v[:, 1::2]
        out = np.empty_like(v)
        out[:, 0::2] = v0 * cos - v1 * sin
        out[:, 1::2] = v0 * sin + v1 * cos
        return out

    def _attention(self, q: np.ndarray, layer: int, pos: int) -> np.ndarray:
        """Causal grouped-query attention of all heads over 0..pos.

        Query head ``h`` reads kv head ``h // (n_heads / n_kv_heads)``: the
        queries are viewed as (kv head, heads sharing it, head_dim).
        """
        t = self.dt
        per_kv = self.n_heads // self.n_kv
        scale = t(1) / self._round(np.sqrt(F64(self.head_dim)))
        keys = self.k_cache[layer, :pos + 1].astype(F64)      # (t, kv, d)
        vals = self.v_cache[layer, :pos + 1].astype(F64)
        qg = q.reshape(self.n_kv, per_kv, self.head_dim).astype(F64)
        scores = self._round(np.einsum("kgd,tkd->kgt", qg, keys)) * scale
        e = self._round(np.exp((scores - np.max(scores, axis=2, keepdims=True)).astype(F64)))
        inv = t(1) / self._round(np.sum(e.astype(F64), axis=2))
        out = self._round(np.einsum("kgt,tkd->kgd", e.astype(F64), vals)) * inv[:, :, None]
        return out.reshape(-1)

    def _ffn(self, x: np.ndarray, layer: int) -> np.ndarray:
        """SwiGLU: ``w2 @ (silu(w1 @ h) * (w3 @ h))``."""
        t = self.dt
        h = self._matvec(f"layers.{layer}.w13", self._rmsnorm(x, f"layers.{layer}.ffn_norm"))
        gate, up = h[:self.hidden], h[self.hidden:]
        silu = gate / (t(1) + self._round(np.exp(-gate.astype(F64))))
        return self._matvec(f"layers.{layer}.w2", silu * up)

    # ---- the model -----------------------------------------------------

    def forward(self, token: int, pos: int) -> np.ndarray:
        """Run one token at ``pos``, fill the cache, return the logits."""
        nh, nkv, hd = self.n_heads, self.n_kv, self.head_dim
        x = self.tensors["tok_embeddings"][token].astype(self.dt)
        for layer in range(self.n_layers):
            pre = f"layers.{layer}."
            qkv = self._matvec(pre + "wqkv", self._rmsnorm(x, pre + "attn_norm"))
            q = self._rope(qkv[:nh * hd].reshape(nh, hd), pos)
            k = self._rope(qkv[nh * hd:(nh + nkv) * hd].reshape(nkv, hd), pos)
            self.k_cache[layer, pos] = k
            self.v_cache[layer, pos] = qkv[(nh + nkv) * hd:].reshape(nkv, hd)
            x = x + self._matvec(pre + "wo", self._attention(q, layer, pos))
            x = x + self._ffn(x, layer)
        return self._matvec("tok_embeddings", self._rmsnorm(x, "norm"))


def margin(logits: np.ndarray) -> float:
    """Top-1 minus top-2 logit, relative to the largest |logit|."""
    top2 = np.partition(logits.astype(F64), -2)[-2:]
    return float((top2[1] - top2[0]) / np.max(np.abs(logits.astype(F64))))


def run_greedy(ref: Reference, feed: Sequence[int], n_steps: int,
               min_margin: float | None = None):
    """Feed tokens one at a time from position 0, then pick ``n_steps``
    tokens greedily (argmax, lowest id on a tie), feeding each back.

    Returns (logits after the last fed token, generated ids, the margin of
    each greedy choice), or None as soon as a margin is below
    ``min_margin`` when that is given.
    """
    logits = None
    for pos, token in enumerate(feed):
        logits = ref.forward(int(token), pos)
    first = logits.copy()
    out: list[int] = []
    margins: list[float] = []
    for step in range(n_steps):
        token = int(np.argmax(logits))
        out.append(token)
        margins.append(margin(logits))
        if min_margin is not None and margins[-1] < min_margin:
            return None
        if step + 1 < n_steps:
            logits = ref.forward(token, len(feed) + step)
    return first, out, margins


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: greedy continuation of a prompt, for debugging."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model", help=".tlm file")
    ap.add_argument("--mode", choices=("f32", "q8"), default=None,
                    help="default: q8 for a quantized file, else f32")
    ap.add_argument("--prompt", default="The", help="prompt text")
    ap.add_argument("--steps", type=int, default=16)
    args = ap.parse_args(argv)
    model = read_tlm(args.model)
    mode = args.mode or ("q8" if model.config["quantized"] else "f32")
    feed = model.tokenizer.encode(args.prompt.encode())
    _, ids, margins = run_greedy(Reference(model, mode), feed, args.steps)
    print("prompt ids:", *feed)
    print("greedy ids:", *ids)
    print("min margin: %.3g" % min(margins))
    print("text:", model.tokenizer.decode(feed + ids).decode(errors="replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
