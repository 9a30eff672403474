# TinyLLM's Python side: the model file format and the tokenizer.
#
# Copyright (C) 2026 The TinyLLM authors.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This program is free software: you can redistribute it and/or modify it
# under the terms of the GNU General Public License as published by the Free
# Software Foundation, either version 3 of the License, or (at your option)
# any later version.
"""TinyLLM's Python tools: the ``.tlm`` file format and the BPE tokenizer.

Only the standard library and numpy are needed.  The two modules are the
project's single Python implementation of ``doc/model-format.md``:

* :mod:`tinyllm.bpe`: pre-tokenization, BPE training, encoding, decoding
  and the tokenizer section of a ``.tlm`` file;
* :mod:`tinyllm.tlmfile`: writing and reading whole ``.tlm`` files,
  including int8 (Q8) quantization.
"""

from .bpe import ROLE_TOKENS, Tokenizer, pretokenize, train
from .tlmfile import (TlmFile, build_tlm, dequantize_q8, parse_tlm,
                      quantize_q8, read_tlm, tensor_names, write_tlm)

__all__ = [
    "ROLE_TOKENS", "Tokenizer", "pretokenize", "train",
    "TlmFile", "build_tlm", "dequantize_q8", "parse_tlm", "quantize_q8",
    "read_tlm", "tensor_names", "write_tlm",
]
