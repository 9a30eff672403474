# model.py: the engine's transformer in PyTorch, for training.
#
# Copyright (C) 2026 The TinyLLM authors.
# SPDX-License-Identifier: GPL-3.0-or-later
"""The PyTorch twin of ``src/engine/forward.c``.

Every choice mirrors the C engine so an exported model computes the same
function there: RMSNorm ``w * (x / sqrt(mean(x^2) + eps))``; rotary positions
on the pairs (2i, 2i+1) of each head with frequency ``theta^(-2i/head_dim)``;
grouped-query attention (key/value head ``h // (n_heads / n_kv_heads)``);
SwiGLU ``w2(silu(w1 x) * w3 x)`` with w1 and w3 stored as one ``w13`` matrix
(gate rows first); one ``wqkv`` matrix (query, key, value rows); tied input
and output embeddings.  Attention uses an explicit causal mask so the code
also runs on Debian's PyTorch 1.13, which lacks the fused kernel.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    """Hyperparameters; the names are the .tlm header's."""

    dim: int
    n_layers: int
    n_heads: int
    n_kv_heads: int
    hidden_dim: int
    vocab_size: int
    max_seq_len: int
    rope_theta: float = 10000.0
    norm_eps: float = 1e-5

    @property
    def head_dim(self) -> int:
        return self.dim // self.n_heads

    def n_params(self) -> int:
        hd, d = self.head_dim, self.dim
        per_layer = ((self.n_heads + 2 * self.n_kv_heads) * hd * d + d * self.n_heads * hd
                     + 3 * self.hidden_dim * d + 2 * d)
        return self.vocab_size * d + self.n_layers * per_layer + d

    def as_dict(self) -> dict:
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x32 = x.float()
        inv = torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps)
        return (self.weight * (x32 * inv)).type_as(x)


def rope_tables(cfg: Config, length: int, device) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin of pos * theta^(-2i/hd), computed in float64 like the engine."""
    i = torch.arange(cfg.head_dim // 2, dtype=torch.float64, device=device)
    freq = (cfg.rope_theta ** (-2.0 * i / cfg.head_dim)).float().double()
    pos = torch.arange(length, dtype=torch.float64, device=device)
    ang = pos[:, None] * freq[None, :]
    return torch.cos(ang).float(), torch.sin(ang).float()


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x: (batch, heads, time, head_dim); rotates each (even, odd) pair."""
    a, b = x[..., 0::2], x[..., 1::2]
    c, s = cos[None, None], sin[None, None]
    out = torch.stack((a * c - b * s, a * s + b * c), dim=-1)
    return out.flatten(-2)


class Block(nn.Module):
    def __init__(self, cfg: Config) -> None:
        super().__init__()
        self.cfg = cfg
        hd = cfg.head_dim
        self.attn_norm = RMSNorm(cfg.dim, cfg.norm_eps)
        self.wqkv = nn.Linear(cfg.dim, (cfg.n_heads + 2 * cfg.n_kv_heads) * hd, bias=False)
        self.wo = nn.Linear(cfg.n_heads * hd, cfg.dim, bias=False)
        self.ffn_norm = RMSNorm(cfg.dim, cfg.norm_eps)
        self.w13 = nn.Linear(cfg.dim, 2 * cfg.hidden_dim, bias=False)
        self.w2 = nn.Linear(cfg.hidden_dim, cfg.dim, bias=False)

    def forward(self, x, cos, sin, mask):
        cfg, hd = self.cfg, self.cfg.head_dim
        B, T, _ = x.shape
        qkv = self.wqkv(self.attn_norm(x))
        q, k, v = qkv.split([cfg.n_heads * hd, cfg.n_kv_heads * hd, cfg.n_kv_heads * hd], dim=-1)
        q = q.view(B, T, cfg.n_heads, hd).transpose(1, 2)
        k = k.view(B, T, cfg.n_kv_heads, hd).transpose(1, 2)
        v = v.view(B, T, cfg.n_kv_heads, hd).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        rep = cfg.n_heads // cfg.n_kv_heads
        if rep > 1:
            k = k.repeat_interleave(rep, dim=1)
            v = v.repeat_interleave(rep, dim=1)
        if hasattr(F, "scaled_dot_product_attention") and mask is None:
            att = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            scores = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
            scores = scores.masked_fill(mask, float("-inf"))
            att = F.softmax(scores.float(), dim=-1).type_as(q) @ v
        x = x + self.wo(att.transpose(1, 2).reshape(B, T, cfg.n_heads * hd))
        g, u = self.w13(self.ffn_norm(x)).split(cfg.hidden_dim, dim=-1)
        return x + self.w2(F.silu(g) * u)


class Transformer(nn.Module):
    def __init__(self, cfg: Config) -> None:
        super().__init__()
        self.cfg = cfg
        self.tok_embeddings = nn.Embedding(cfg.vocab_size, cfg.dim)
        self.layers = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layers))
        self.norm = RMSNorm(cfg.dim, cfg.norm_eps)
        self.apply(self._init)
        # Scaled init of the residual outputs keeps deep stacks stable.
        for name, p in self.named_parameters():
            if name.endswith("wo.weight") or name.endswith("w2.weight"):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * cfg.n_layers))

    @staticmethod
    def _init(m: nn.Module) -> None:
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, 0.02)

    def forward(self, tokens: torch.Tensor, fused_attention: bool = False) -> torch.Tensor:
        """Logits (batch, time, vocab) for token ids (batch, time)."""
        T = tokens.shape[1]
        cos, sin = rope_tables(self.cfg, T, tokens.device)
        mask = None if fused_attention else torch.triu(
            torch.ones(T, T, dtype=torch.bool, device=tokens.device), 1)
        x = self.tok_embeddings(tokens)
        for layer in self.layers:
            x = layer(x, cos, sin, mask)
        return self.norm(x) @ self.tok_embeddings.weight.t()

    @torch.no_grad()
    def greedy(self, prompt: list[int], max_new: int, stop: int) -> list[int]:
        """Greedy continuation (no cache: evaluation only)."""
        ids = list(prompt)
        dev = self.tok_embeddings.weight.device
        for _ in range(max_new):
            if len(ids) >= self.cfg.max_seq_len:
                break
            logits = self(torch.tensor([ids], device=dev))[0, -1].float()
            nxt = int(torch.argmax(logits))
            if nxt == stop:
                break
            ids.append(nxt)
        return ids[len(prompt):]


def engine_tensors(model: Transformer) -> dict[str, np.ndarray]:
    """The weights under the .tlm tensor names, as float32 (rows, cols)."""
    out = {"tok_embeddings": model.tok_embeddings.weight, "norm": model.norm.weight}
    for i, b in enumerate(model.layers):
        out[f"layers.{i}.attn_norm"] = b.attn_norm.weight
        out[f"layers.{i}.wqkv"] = b.wqkv.weight
        out[f"layers.{i}.wo"] = b.wo.weight
        out[f"layers.{i}.ffn_norm"] = b.ffn_norm.weight
        out[f"layers.{i}.w13"] = b.w13.weight
        out[f"layers.{i}.w2"] = b.w2.weight
    return {k: v.detach().float().cpu().numpy() for k, v in out.items()}
