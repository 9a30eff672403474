#!/usr/bin/env python3
# export.py: a training checkpoint to the engine's model file.
#
# Copyright (C) 2026 The TinyLLM authors.
# SPDX-License-Identifier: GPL-3.0-or-later
"""Export a checkpoint of model/train.py.

    python3 model/export.py --run model/runs/cpu --out model/tinyllm.tlm [--fp32] \
        [--compact model/tinyllm-fp16.pt]

The .tlm file holds int8 weights in groups of 32 (or fp32 with --fp32) and the
run's tokenizer.  --compact also writes the weights in fp16 with the config
and the tokenizer: the small checkpoint kept for further training.
"""

from __future__ import annotations

import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tinyllm import bpe, tlmfile  # noqa: E402
from tinyllm.model import Config, Transformer, engine_tensors  # noqa: E402


def load_run(run: str) -> tuple[Transformer, bpe.Tokenizer, dict]:
    """The model and tokenizer of a run directory (or a compact checkpoint)."""
    if os.path.isfile(run):
        st = torch.load(run, map_location="cpu")
        tok = bpe.Tokenizer.from_bytes(st["tokenizer"])
        state = {k: v.float() for k, v in st["model"].items()}
    else:
        st = torch.load(os.path.join(run, "ckpt.pt"), map_location="cpu")
        with open(os.path.join(run, "tokenizer.bin"), "rb") as f:
            tok = bpe.Tokenizer.from_bytes(f.read())
        state = st["model"]
    model = Transformer(Config(**st["config"]))
    model.load_state_dict(state)
    model.eval()
    return model, tok, st


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run", required=True, help="run directory or compact checkpoint")
    ap.add_argument("--out", required=True, help="the .tlm file to write")
    ap.add_argument("--fp32", action="store_true", help="fp32 weights instead of int8")
    ap.add_argument("--compact", help="also write an fp16 checkpoint here")
    args = ap.parse_args()

    model, tok, st = load_run(args.run)
    cfg = model.cfg.as_dict()
    tmp = args.out + ".tmp"
    tlmfile.write_tlm(tmp, cfg, engine_tensors(model), tok, quantize=not args.fp32, group_size=32)
    os.replace(tmp, args.out)
    if args.compact:
        half = {k: v.half() for k, v in model.state_dict().items()}
        torch.save({"model": half, "config": cfg, "tokenizer": tok.to_bytes(),
                    "step": st.get("step", 0), "train_config": st.get("train_config")},
                   args.compact + ".tmp")
        os.replace(args.compact + ".tmp", args.compact)
    print(f"export: {args.out} ({os.path.getsize(args.out)} bytes, "
          f"{model.cfg.n_params() / 1e6:.2f}M parameters, {'fp32' if args.fp32 else 'int8'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
