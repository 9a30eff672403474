#!/usr/bin/env python3
# train.py: train TinyLLM's reasoning model from the project's own solvers.
#
# Copyright (C) 2026 The TinyLLM authors.
# SPDX-License-Identifier: GPL-3.0-or-later
"""Train a model on `tinyllm datagen` output, simple skills first.

    python3 model/train.py --config smoke --tinyllm src/tinyllm --out model/runs/smoke

Data: each stage of the config's curriculum asks `tinyllm datagen` for fresh
problems (grades and levels widening stage by stage, then the full mixture);
the tokenizer is trained once on a sample of the same data.  An example is
``<|question|> question <|reasoning|> worked solution <|end|>``; the loss is
taken on the solution and the end token only.

Training: AdamW, linear warm-up then cosine decay, gradient clipping, bf16
autocast on a GPU, a checkpoint every --ckpt-every steps (atomically
replaced), resumed automatically from --out.  Held-out loss and held-out
answer accuracy (greedy decoding of valid-split problems, the final
"Answer:" line compared exactly) are logged as JSON lines to out/log.jsonl.
Several GPUs: launch with torchrun (DistributedDataParallel).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tinyllm import bpe  # noqa: E402
from tinyllm.model import Config, Transformer  # noqa: E402

# Each config: the model, the run, and its curriculum.  A stage is
# (fraction of the steps, datagen filter options).
CONFIGS = {
    # Trains on a CPU in minutes and already learns one-digit sums.
    "smoke": dict(model=Config(dim=96, n_layers=3, n_heads=4, n_kv_heads=4, hidden_dim=256,
                               vocab_size=384, max_seq_len=192),
                  batch=32, lr=3e-3, steps=1200, warmup=50, ckpt_every=200, eval_every=400,
                  stages=[(1.0, ["--skills", "add_within20"])]),
    # The interim model trained on the CPU (about 2.9M parameters).
    "cpu": dict(model=Config(dim=192, n_layers=6, n_heads=6, n_kv_heads=6, hidden_dim=512,
                             vocab_size=1024, max_seq_len=384),
                batch=16, lr=2e-3, steps=40000, warmup=300, ckpt_every=250, eval_every=1000,
                stages=[(0.15, ["--grades", "1,2"]), (0.20, ["--grades", "1,2,3"]),
                        (0.25, ["--grades", "1,2,3,4"]), (0.40, [])]),
    # The shipped model (the engine's reference shape, 11.2M parameters).
    "full": dict(model=Config(dim=320, n_layers=8, n_heads=8, n_kv_heads=8, hidden_dim=864,
                              vocab_size=4096, max_seq_len=512),
                 batch=128, lr=1.5e-3, steps=30000, warmup=1000, ckpt_every=1000, eval_every=2000,
                 stages=[(0.10, ["--grades", "1,2"]), (0.15, ["--grades", "1,2,3"]),
                         (0.20, ["--grades", "1,2,3,4"]), (0.55, [])]),
}

ROLE = {name: i for i, name in enumerate(bpe.ROLE_TOKENS)}


def log(out_dir: str, record: dict) -> None:
    line = json.dumps(record, sort_keys=True)
    print(line, flush=True)
    with open(os.path.join(out_dir, "log.jsonl"), "a") as f:
        f.write(line + "\n")


def datagen(tinyllm: str, split: str, count: int, seed: int, extra: list[str]) -> list[dict]:
    """Problems from the C solvers (JSON lines, doc/reasoning-format.md)."""
    cmd = [tinyllm, "datagen", "--split", split, "--count", str(count), "--seed", str(seed)] + extra
    res = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def example_text(ex: dict) -> tuple[bytes, bytes]:
    return ex["question"].encode(), ex["reasoning"].encode()


def encode(tok: bpe.Tokenizer, ex: dict, max_len: int) -> tuple[list[int], int] | None:
    """Token ids of one example and where its solution starts."""
    q, r = example_text(ex)
    ids = ([tok.role_id(b"<|question|>")] + tok.encode(q) + [tok.role_id(b"<|reasoning|>")])
    start = len(ids)
    ids += tok.encode(r) + [tok.role_id(b"<|end|>")]
    return (ids, start) if len(ids) <= max_len else None


def batches(examples: list[tuple[list[int], int]], batch: int, rng: random.Random):
    """Batches of similar length (less padding), in random order."""
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    groups = [order[i:i + batch] for i in range(0, len(order), batch)]
    rng.shuffle(groups)
    for g in groups:
        T = max(len(examples[i][0]) for i in g)
        x = torch.zeros(len(g), T - 1, dtype=torch.long)
        y = torch.zeros(len(g), T - 1, dtype=torch.long)
        m = torch.zeros(len(g), T - 1, dtype=torch.bool)
        for row, i in enumerate(g):
            ids, start = examples[i]
            n = len(ids) - 1
            x[row, :n] = torch.tensor(ids[:-1])
            y[row, :n] = torch.tensor(ids[1:])
            m[row, start - 1:n] = True       # predict the solution and <|end|>
        yield x, y, m


def lr_at(step: int, cfg: dict) -> float:
    if step < cfg["warmup"]:
        return cfg["lr"] * (step + 1) / cfg["warmup"]
    t = (step - cfg["warmup"]) / max(1, cfg["steps"] - cfg["warmup"])
    return cfg["lr"] * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, t))))


def stage_of(step: int, cfg: dict) -> int:
    edge = 0.0
    for i, (frac, _) in enumerate(cfg["stages"]):
        edge += frac * cfg["steps"]
        if step < edge:
            return i
    return len(cfg["stages"]) - 1


def answer_line(text: str) -> str:
    lines = [ln for ln in text.strip().split("\n") if ln.startswith("Answer:")]
    return lines[-1].strip() if lines else ""


@torch.no_grad()
def evaluate(model: Transformer, tok: bpe.Tokenizer, valid: list[dict], n_gen: int,
             device) -> dict:
    """Held-out loss on the solutions, and exact final answers by greedy decoding."""
    model.eval()
    enc = [e for e in (encode(tok, ex, model.cfg.max_seq_len) for ex in valid) if e]
    total, count = 0.0, 0
    for x, y, m in batches(enc, 32, random.Random(0)):
        x, y, m = x.to(device), y.to(device), m.to(device)
        logits = model(x).float()
        loss = F.cross_entropy(logits[m], y[m], reduction="sum")
        total += float(loss)
        count += int(m.sum())
    right = 0
    end = tok.role_id(b"<|end|>")
    for ex in valid[:n_gen]:
        prompt = [tok.role_id(b"<|question|>")] + tok.encode(ex["question"].encode()) + \
                 [tok.role_id(b"<|reasoning|>")]
        out = tok.decode(model.greedy(prompt, model.cfg.max_seq_len - len(prompt), end))
        right += answer_line(out.decode("utf-8", "replace")) == answer_line(ex["reasoning"])
    model.train()
    return {"valid_loss": total / max(1, count), "valid_answer_acc": right / max(1, n_gen)}


def save(path: str, state: dict) -> None:
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", choices=sorted(CONFIGS), default="smoke")
    ap.add_argument("--tinyllm", default="src/tinyllm", help="the built tinyllm program")
    ap.add_argument("--out", required=True, help="run directory (checkpoints, log, tokenizer)")
    ap.add_argument("--steps", type=int, help="override the config's step count")
    ap.add_argument("--max-minutes", type=float, default=0, help="checkpoint and stop after this long")
    ap.add_argument("--threads", type=int, default=1, help="CPU threads for PyTorch")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--eval-problems", type=int, default=64)
    ap.add_argument("--init", help="start from a compact checkpoint (export.py --compact) when "
                    "the run has none: how training goes on in a later session")
    args = ap.parse_args()

    cfg = dict(CONFIGS[args.config])
    if args.steps:
        cfg["steps"] = args.steps
    torch.set_num_threads(args.threads)
    ddp = int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank = int(os.environ.get("RANK", "0"))
    if ddp:
        torch.distributed.init_process_group("nccl")
        torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()

    tok_path = os.path.join(args.out, "tokenizer.bin")
    init = None
    if args.init and not os.path.exists(os.path.join(args.out, "ckpt.pt")):
        init = torch.load(args.init, map_location="cpu")
        with open(tok_path + ".tmp", "wb") as f:
            f.write(init["tokenizer"])
        os.replace(tok_path + ".tmp", tok_path)
    if not os.path.exists(tok_path):
        sample = datagen(args.tinyllm, "train", 20000, args.seed + 999, [])
        texts = [q + b" " + r for q, r in (example_text(e) for e in sample)]
        tk = bpe.train(texts, cfg["model"].vocab_size)
        with open(tok_path + ".tmp", "wb") as f:
            f.write(tk.to_bytes())
        os.replace(tok_path + ".tmp", tok_path)
    with open(tok_path, "rb") as f:
        tok = bpe.Tokenizer.from_bytes(f.read())
    mcfg = Config(**{**cfg["model"].as_dict(), "vocab_size": tok.vocab_size})

    torch.manual_seed(args.seed)
    model = Transformer(mcfg).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], betas=(0.9, 0.95), weight_decay=0.1)
    step = 0
    ckpt_path = os.path.join(args.out, "ckpt.pt")
    if os.path.exists(ckpt_path):
        st = torch.load(ckpt_path, map_location=device)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step = st["step"]
        log(args.out, {"event": "resumed", "step": step})
    elif init is not None:
        # fp16 weights, no optimizer state: AdamW's moments restart.
        model.load_state_dict({k: v.float() for k, v in init["model"].items()})
        step = int(init.get("step", 0))
        log(args.out, {"event": "initialised from compact checkpoint", "step": step})
    net = torch.nn.parallel.DistributedDataParallel(model) if ddp else model
    fused = device.type == "cuda" and hasattr(F, "scaled_dot_product_attention")

    # Held out from what the final stage trains on (for the smoke config,
    # one-digit sums; for the others, everything).
    valid = datagen(args.tinyllm, "valid", 512, args.seed + 7, cfg["stages"][-1][1])
    data_rng = random.Random(args.seed * 1000 + step)
    pending = iter(())
    stage = -1
    losses = []
    while step < cfg["steps"]:
        if stage != stage_of(step, cfg) or pending is None:
            stage = stage_of(step, cfg)
            pending = None
        batch = next(pending, None) if pending is not None else None
        if batch is None:
            # Fresh problems for this stage: never the same batch twice.
            n = cfg["batch"] * 200
            exs = datagen(args.tinyllm, "train", n, args.seed * 7919 + step * 13 + rank,
                          cfg["stages"][stage][1])
            enc = [e for e in (encode(tok, ex, mcfg.max_seq_len) for ex in exs) if e]
            pending = batches(enc, cfg["batch"], data_rng)
            continue
        x, y, m = (t.to(device) for t in batch)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, cfg)
        if device.type == "cuda":
            with torch.autocast(device_type="cuda", dtype=torch.bfloat16):
                logits = net(x, fused_attention=fused)
        else:
            logits = net(x)
        loss = F.cross_entropy(logits.float()[m], y[m])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(float(loss))
        step += 1
        if rank == 0 and (step % 20 == 0 or step == cfg["steps"]):
            log(args.out, {"step": step, "stage": stage, "loss": sum(losses) / len(losses),
                           "lr": lr_at(step, cfg), "elapsed_s": round(time.time() - t0, 1)})
            losses = []
        last = step == cfg["steps"]
        out_of_time = args.max_minutes and time.time() - t0 > 60 * args.max_minutes
        if rank == 0 and (step % cfg["ckpt_every"] == 0 or last or out_of_time):
            save(ckpt_path, {"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                             "config": mcfg.as_dict(), "train_config": args.config})
        if rank == 0 and (step % cfg["eval_every"] == 0 or last):
            log(args.out, {"step": step, **evaluate(model, tok, valid, args.eval_problems, device)})
        if out_of_time:
            log(args.out, {"event": "stopped for time", "step": step})
            break
    if ddp:
        torch.distributed.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
