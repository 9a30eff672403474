# tlmfile.py: writing and reading TinyLLM model files (doc/model-format.md).
#
# Copyright (C) 2026 The TinyLLM authors.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This program is free software: you can redistribute it and/or modify it
# under the terms of the GNU General Public License as published by the Free
# Software Foundation, either version 3 of the License, or (at your option)
# any later version.
"""The ``.tlm`` model file: one file with hyperparameters, weights, tokenizer.

Layout written by :func:`build_tlm` (all offsets from the file's start):

* the 128-byte header;
* the tensor table (64 bytes per tensor) at offset 128;
* each tensor in table order, at the next multiple of 64: a F32 tensor's
  floats, or a Q8 tensor's int8 values and then, at the next multiple of 64,
  its float scales;
* the tokenizer section at the next multiple of 64, ending the file.

Padding bytes are zero.  Integers and floats are little-endian whatever the
host.  The checksum is ``zlib.crc32`` of the whole file with its own four
bytes read as zero.  The same inputs always give the same bytes.

A *config* is a dict with the keys of :data:`CONFIG_KEYS` (``rope_theta``
and ``norm_eps`` are stored as float32).  *Tensors* map the names of
:func:`tensor_names` to float32 arrays of shape ``(rows, cols)``; the norm
vectors may also be given with shape ``(dim,)``.
"""

from __future__ import annotations

import os
import struct
import zlib
from typing import Mapping, NamedTuple

import numpy as np

from .bpe import Tokenizer

__all__ = [
    "MAGIC", "VERSION", "HEADER_SIZE", "ALIGN", "TYPE_F32", "TYPE_Q8",
    "CONFIG_KEYS", "GROUP_SIZES", "TlmFile", "tensor_names", "tensor_shapes",
    "quantize_q8", "dequantize_q8", "build_tlm", "write_tlm", "parse_tlm",
    "read_tlm",
]

MAGIC = b"TinyLLM\x1a"
VERSION = 1
HEADER_SIZE = 128
TENSOR_ENTRY_SIZE = 64
ALIGN = 64
TYPE_F32 = 0
TYPE_Q8 = 1
CHECKSUM_OFFSET = 96
GROUP_SIZES = (32, 64, 128)
N_SPECIALS = 4

#: The hyperparameters a config dict must hold.
CONFIG_KEYS = ("dim", "n_layers", "n_heads", "n_kv_heads", "hidden_dim",
               "vocab_size", "max_seq_len", "rope_theta", "norm_eps")

# magic, version, header_size, dim, n_layers, n_heads, n_kv_heads,
# hidden_dim, vocab_size, max_seq_len, group_size, rope_theta, norm_eps,
# n_tensors, flags, tensor_table_offset, tokenizer_offset, tokenizer_size,
# file_size, checksum, 28 reserved bytes.
_HEADER = struct.Struct("<8s10I2f2I4QI28x")
# name, type, rows, cols, reserved, data_offset, scale_offset.
_ENTRY = struct.Struct("<32s4I2Q")
assert _HEADER.size == HEADER_SIZE and _ENTRY.size == TENSOR_ENTRY_SIZE


class TlmFile(NamedTuple):
    """A parsed model file.

    ``config`` holds :data:`CONFIG_KEYS` plus ``group_size`` (0 for a F32
    file), ``head_dim`` and ``quantized`` (bool).  ``tensors`` maps every
    name to its float32 values, shape ``(rows, cols)``, dequantized
    (``q * scale`` in float32) for Q8 tensors.  ``q8`` maps each Q8
    tensor's name to its raw ``(q, scales)``: int8 ``(rows, cols)`` and
    float32 ``(rows, cols // group_size)``.
    """

    config: dict
    tensors: dict
    q8: dict
    tokenizer: Tokenizer


def _align(offset: int) -> int:
    """Round up to the next multiple of :data:`ALIGN`."""
    return (offset + ALIGN - 1) // ALIGN * ALIGN


def tensor_names(n_layers: int) -> list[str]:
    """The tensor names in file order."""
    names = ["tok_embeddings", "norm"]
    for layer in range(n_layers):
        names += [f"layers.{layer}.{t}" for t in
                  ("attn_norm", "wqkv", "wo", "ffn_norm", "w13", "w2")]
    return names


def is_norm(name: str) -> bool:
    """True for the RMSNorm weight vectors, which are always F32."""
    return name == "norm" or name.endswith("_norm")


def tensor_shapes(config: Mapping) -> dict[str, tuple[int, int]]:
    """Each tensor's (rows, cols) for a config, in file order."""
    dim, hidden = int(config["dim"]), int(config["hidden_dim"])
    n_heads, n_kv = int(config["n_heads"]), int(config["n_kv_heads"])
    head_dim = dim // n_heads
    per_layer = {
        "attn_norm": (1, dim),
        "wqkv": ((n_heads + 2 * n_kv) * head_dim, dim),
        "wo": (dim, n_heads * head_dim),
        "ffn_norm": (1, dim),
        "w13": (2 * hidden, dim),
        "w2": (dim, hidden),
    }
    shapes = {"tok_embeddings": (int(config["vocab_size"]), dim), "norm": (1, dim)}
    for name in tensor_names(int(config["n_layers"]))[2:]:
        shapes[name] = per_layer[name.rsplit(".", 1)[1]]
    return shapes


def validate_config(config: Mapping, group_size: int) -> None:
    """Raise ValueError unless the header fields obey doc/model-format.md.

    ``group_size`` is the header's: 0 for a F32 file.
    """
    missing = [k for k in CONFIG_KEYS if k not in config]
    if missing:
        raise ValueError(f"config lacks {', '.join(missing)}")
    c = {k: config[k] for k in CONFIG_KEYS}
    dim, heads, kv, hidden = c["dim"], c["n_heads"], c["n_kv_heads"], c["hidden_dim"]
    rules = [
        (8 <= dim <= 8192 and dim % 8 == 0, "dim must be 8..8192, a multiple of 8"),
        (1 <= c["n_layers"] <= 256, "n_layers must be 1..256"),
        (1 <= heads <= dim and dim % heads == 0 and (dim // heads) % 2 == 0,
         "n_heads must divide dim into an even head_dim"),
        (1 <= kv <= heads and heads % kv == 0, "n_kv_heads must divide n_heads"),
        (8 <= hidden <= 65536 and hidden % 8 == 0,
         "hidden_dim must be 8..65536, a multiple of 8"),
        (256 + N_SPECIALS <= c["vocab_size"] <= 1 << 20,
         "vocab_size must be 260..1048576"),
        (1 <= c["max_seq_len"] <= 65536, "max_seq_len must be 1..65536"),
        (group_size == 0 or (group_size in GROUP_SIZES and dim % group_size == 0
                             and hidden % group_size == 0),
         "group_size must be 32, 64 or 128 and divide dim and hidden_dim"),
        (np.isfinite(np.float32(c["rope_theta"])) and np.float32(c["rope_theta"]) > 0,
         "rope_theta must be finite and > 0"),
        (0 < np.float32(c["norm_eps"]) < 1, "norm_eps must be in (0, 1)"),
    ]
    for ok, message in rules:
        if not ok:
            raise ValueError(message)


def quantize_q8(w: np.ndarray, group_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Quantize a float32 matrix per row group of ``group_size`` values.

    Per group: ``scale = max|w| / 127`` (float32 division) and ``q =
    round_half_even(w / scale)`` (float32 division) clamped to -127..127;
    an all-zero group gets scale 0 and q 0.  Returns ``(q, scales)``: int8
    of w's shape and float32 of shape ``(rows, cols // group_size)``.
    """
    w = np.asarray(w, dtype=np.float32)
    rows, cols = w.shape
    if cols % group_size:
        raise ValueError(f"{cols} columns are not a multiple of group {group_size}")
    groups = w.reshape(rows, cols // group_size, group_size)
    scales = (np.max(np.abs(groups), axis=2) / np.float32(127)).astype(np.float32)
    safe = np.where(scales > 0, scales, np.float32(1))[:, :, None]
    q = np.rint(groups / safe)
    q = np.where(scales[:, :, None] > 0, q, np.float32(0))
    q = np.clip(q, -127, 127).astype(np.int8)
    return q.reshape(rows, cols), scales


def dequantize_q8(q: np.ndarray, scales: np.ndarray, group_size: int) -> np.ndarray:
    """The float32 values ``q[i] * scale[i // group_size]`` of each row."""
    rows, cols = q.shape
    groups = q.reshape(rows, cols // group_size, group_size).astype(np.float32)
    return (groups * scales.astype(np.float32)[:, :, None]).reshape(rows, cols)


def _tensor_matrix(tensors: Mapping, name: str, shape: tuple[int, int]) -> np.ndarray:
    """Fetch one tensor as a float32 (rows, cols) array, checking it."""
    if name not in tensors:
        raise ValueError(f"tensor {name} missing")
    a = np.asarray(tensors[name], dtype=np.float32)
    if is_norm(name) and a.ndim == 1:
        a = a.reshape(1, -1)
    if a.shape != shape:
        raise ValueError(f"tensor {name}: shape {a.shape}, expected {shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"tensor {name}: non-finite values")
    return a


def build_tlm(config: Mapping, tensors: Mapping, tokenizer: Tokenizer,
              quantize: bool, group_size: int = 32) -> bytes:
    """The bytes of a ``.tlm`` file (see the module's docstring).

    With ``quantize`` every matrix is stored Q8 with ``group_size``; the
    norms stay F32.  Without it everything is F32 and the header's
    group_size is 0.
    """
    gs = int(group_size) if quantize else 0
    validate_config(config, gs)
    if tokenizer.vocab_size != int(config["vocab_size"]):
        raise ValueError(f"tokenizer has {tokenizer.vocab_size} tokens, "
                         f"config says vocab_size {config['vocab_size']}")
    shapes = tensor_shapes(config)
    extra = set(tensors) - set(shapes)
    if extra:
        raise ValueError(f"unknown tensor {sorted(extra)[0]}")

    table: list[bytes] = []
    blobs: list[tuple[int, bytes]] = []
    offset = HEADER_SIZE + TENSOR_ENTRY_SIZE * len(shapes)
    for name, (rows, cols) in shapes.items():
        a = _tensor_matrix(tensors, name, (rows, cols))
        data_off = _align(offset)
        if quantize and not is_norm(name):
            q, scales = quantize_q8(a, gs)
            scale_off = _align(data_off + q.size)
            blobs += [(data_off, q.tobytes()),
                      (scale_off, scales.astype("<f4").tobytes())]
            offset = scale_off + 4 * scales.size
            kind = TYPE_Q8
        else:
            scale_off = 0
            blobs.append((data_off, a.astype("<f4").tobytes()))
            offset = data_off + 4 * a.size
            kind = TYPE_F32
        table.append(_ENTRY.pack(name.encode(), kind, rows, cols, 0,
                                 data_off, scale_off))
    section = tokenizer.to_bytes()
    tok_off = _align(offset)
    file_size = tok_off + len(section)

    image = bytearray(file_size)
    table_bytes = b"".join(table)
    image[HEADER_SIZE:HEADER_SIZE + len(table_bytes)] = table_bytes
    for at, blob in blobs:
        image[at:at + len(blob)] = blob
    image[tok_off:] = section
    image[:HEADER_SIZE] = _HEADER.pack(
        MAGIC, VERSION, HEADER_SIZE,
        int(config["dim"]), int(config["n_layers"]), int(config["n_heads"]),
        int(config["n_kv_heads"]), int(config["hidden_dim"]),
        int(config["vocab_size"]), int(config["max_seq_len"]), gs,
        float(np.float32(config["rope_theta"])), float(np.float32(config["norm_eps"])),
        len(shapes), 0, HEADER_SIZE, tok_off, len(section), file_size, 0)
    crc = zlib.crc32(bytes(image))
    struct.pack_into("<I", image, CHECKSUM_OFFSET, crc)
    return bytes(image)


def write_tlm(path: str | os.PathLike, config: Mapping, tensors: Mapping,
              tokenizer: Tokenizer, quantize: bool, group_size: int = 32) -> None:
    """Write a ``.tlm`` file (see :func:`build_tlm`)."""
    data = build_tlm(config, tensors, tokenizer, quantize, group_size)
    with open(path, "wb") as f:
        f.write(data)


def _parse_header(data: bytes, name: str) -> tuple[dict, dict]:
    """Check the header; return (config, layout fields)."""
    if len(data) < HEADER_SIZE:
        raise ValueError(f"{name}: shorter than the {HEADER_SIZE}-byte header")
    f = _HEADER.unpack_from(data, 0)
    if f[0] != MAGIC:
        raise ValueError(f"{name}: not a TinyLLM model (bad magic)")
    if f[1] != VERSION or f[2] != HEADER_SIZE:
        raise ValueError(f"{name}: unknown version {f[1]} (header size {f[2]})")
    config = dict(zip(CONFIG_KEYS[:7], f[3:10]))
    config.update(group_size=f[10], rope_theta=f[11], norm_eps=f[12])
    layout = dict(zip(("n_tensors", "flags", "table", "tok_off", "tok_size",
                       "file_size", "checksum"), f[13:20]))
    if data[100:HEADER_SIZE] != bytes(HEADER_SIZE - 100):
        raise ValueError(f"{name}: reserved header bytes not zero")
    if layout["file_size"] != len(data):
        raise ValueError(f"{name}: size {len(data)} but the header says "
                         f"{layout['file_size']} (truncated or padded)")
    zeroed = data[:CHECKSUM_OFFSET] + bytes(4) + data[CHECKSUM_OFFSET + 4:]
    if zlib.crc32(zeroed) != layout["checksum"]:
        raise ValueError(f"{name}: checksum mismatch")
    try:
        validate_config(config, config["group_size"])
    except ValueError as e:
        raise ValueError(f"{name}: {e}") from None
    if layout["flags"] != 0 or layout["table"] != HEADER_SIZE:
        raise ValueError(f"{name}: bad flags or tensor table offset")
    if layout["n_tensors"] != 2 + 6 * config["n_layers"]:
        raise ValueError(f"{name}: n_tensors {layout['n_tensors']} does not fit n_layers")
    config["head_dim"] = config["dim"] // config["n_heads"]
    return config, layout


def _read_tensor(data: bytes, name: str, entry: tuple, expect: tuple,
                 config: dict, spans: list) -> tuple[np.ndarray, tuple | None]:
    """Check one table entry; return its float values and raw Q8 parts."""
    raw_name, kind, rows, cols, reserved, data_off, scale_off = entry
    tname, shape = expect
    gs = config["group_size"]
    if raw_name != tname.encode().ljust(32, b"\0"):
        raise ValueError(f"{name}: tensor {tname} missing or misnamed")
    if (rows, cols) != shape or reserved != 0:
        raise ValueError(f"{name}: tensor {tname} has shape {rows}x{cols}, expected "
                         f"{shape[0]}x{shape[1]}")
    want = TYPE_F32 if is_norm(tname) or gs == 0 else TYPE_Q8
    if kind != want:
        raise ValueError(f"{name}: tensor {tname} has the wrong type {kind}")
    n = rows * cols
    parts = [(data_off, n * (4 if kind == TYPE_F32 else 1))]
    if kind == TYPE_Q8:
        parts.append((scale_off, 4 * n // gs))
    elif scale_off != 0:
        raise ValueError(f"{name}: tensor {tname}: scale_offset of a F32 tensor")
    for off, size in parts:
        if off % ALIGN or off < HEADER_SIZE or off + size > len(data):
            raise ValueError(f"{name}: tensor {tname} misaligned or out of bounds")
        spans.append((off, off + size, tname))
    if kind == TYPE_F32:
        values = np.frombuffer(data, "<f4", n, data_off).astype(np.float32)
        return values.reshape(rows, cols), None
    q = np.frombuffer(data, np.int8, n, data_off).reshape(rows, cols).copy()
    scales = np.frombuffer(data, "<f4", n // gs, scale_off).astype(np.float32)
    scales = scales.reshape(rows, cols // gs)
    return dequantize_q8(q, scales, gs), (q, scales)


def _check_spans(spans: list, lo: int, hi: int, name: str) -> None:
    """Every byte range must lie in [lo, hi) and no two may overlap."""
    spans.sort()
    for i, (start, end, tname) in enumerate(spans):
        if start < lo or end > hi:
            raise ValueError(f"{name}: tensor {tname} outside the data area")
        if i and start < spans[i - 1][1]:
            raise ValueError(f"{name}: tensors {spans[i - 1][2]} and {tname} overlap")


def parse_tlm(data: bytes, name: str = "<memory>") -> TlmFile:
    """Parse and validate a ``.tlm`` image; ``name`` is used in messages."""
    data = bytes(data)
    config, layout = _parse_header(data, name)
    table_end = HEADER_SIZE + TENSOR_ENTRY_SIZE * layout["n_tensors"]
    tok_off, tok_size = layout["tok_off"], layout["tok_size"]
    if tok_off < table_end or tok_off + tok_size > len(data):
        raise ValueError(f"{name}: tokenizer section out of bounds")
    tensors, q8, spans = {}, {}, []
    for i, expect in enumerate(tensor_shapes(config).items()):
        entry = _ENTRY.unpack_from(data, HEADER_SIZE + TENSOR_ENTRY_SIZE * i)
        values, raw = _read_tensor(data, name, entry, expect, config, spans)
        tensors[expect[0]] = values
        if raw is not None:
            q8[expect[0]] = raw
    _check_spans(spans, table_end, tok_off, name)
    try:
        tokenizer = Tokenizer.from_bytes(data[tok_off:tok_off + tok_size])
    except ValueError as e:
        raise ValueError(f"{name}: tokenizer: {e}") from None
    if tokenizer.vocab_size != config["vocab_size"]:
        raise ValueError(f"{name}: tokenizer has {tokenizer.vocab_size} tokens, "
                         f"vocab_size is {config['vocab_size']}")
    config["quantized"] = config["group_size"] != 0
    return TlmFile(config, tensors, q8, tokenizer)


def read_tlm(path: str | os.PathLike) -> TlmFile:
    """Read and validate a ``.tlm`` file (see :class:`TlmFile`)."""
    with open(path, "rb") as f:
        data = f.read()
    return parse_tlm(data, os.fspath(path))
