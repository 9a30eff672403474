#!/usr/bin/env python3
# check_export.py: the engine's greedy output equals PyTorch's.
#
# Copyright (C) 2026 The TinyLLM authors.
# SPDX-License-Identifier: GPL-3.0-or-later
"""Export a run as fp32 and compare greedy continuations of several prompts
between PyTorch and `tinyllm ask`.  fp32 weights make the two compute the
same function up to the order of float sums, so the text must be identical
(an int8 export is compared with the numpy reference in tests/ref instead).

    python3 model/check_export.py --run DIR --tinyllm src/tinyllm [--tokens 48]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import load_run  # noqa: E402
from tinyllm import tlmfile  # noqa: E402
from tinyllm.model import engine_tensors  # noqa: E402

PROMPTS = ["What is 7 + 5?", "What is 13 - 6?", "Sam has 4 apples and gets 3 more. How many now?",
           "Find the sum of 9 and 8.", "小明有 3 个苹果", "What is 12 + 30?"]


def sanitize(b: bytes) -> bytes:
    """Invalid UTF-8 as the engine streams it: one U+FFFD per bad byte."""
    out, i = bytearray(), 0
    while i < len(b):
        c = b[i]
        n = 1 if c < 0x80 else 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF \
            else 4 if 0xF0 <= c <= 0xF4 else 0
        ok = n > 0 and i + n <= len(b)
        if ok and n > 1:
            lo, hi = {0xE0: (0xA0, 0xBF), 0xED: (0x80, 0x9F), 0xF0: (0x90, 0xBF),
                      0xF4: (0x80, 0x8F)}.get(c, (0x80, 0xBF))
            ok = lo <= b[i + 1] <= hi and all(0x80 <= b[i + k] <= 0xBF for k in range(2, n))
        if ok:
            out += b[i:i + n]
            i += n
        else:
            out += "\ufffd".encode()
            i += 1
    return bytes(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run", required=True)
    ap.add_argument("--tinyllm", default="src/tinyllm")
    ap.add_argument("--tokens", type=int, default=48)
    args = ap.parse_args()
    model, tok, _ = load_run(args.run)
    end = tok.role_id(b"<|end|>")
    fails = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "fp32.tlm")
        tlmfile.write_tlm(path, model.cfg.as_dict(), engine_tensors(model), tok, quantize=False)
        for q in PROMPTS:
            prompt = [tok.role_id(b"<|question|>")] + tok.encode(q.encode()) + \
                     [tok.role_id(b"<|reasoning|>")]
            want = sanitize(tok.decode(model.greedy(prompt, args.tokens, end)))
            res = subprocess.run([args.tinyllm, "ask", "--model", path, "--max-tokens",
                                  str(args.tokens), q], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, check=True)
            got = res.stdout[:-1] if res.stdout.endswith(b"\n") else res.stdout
            same = got == want
            fails += not same
            print(f"{'same' if same else 'DIFFERENT'}: {q!r} -> {want[:60]!r}"
                  + ("" if same else f" vs engine {got[:60]!r}"))
    print(f"check_export: {len(PROMPTS) - fails} of {len(PROMPTS)} prompts identical")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
