#!/usr/bin/env python3
"""Train a tiny GPT-2-style decoder on tinyshakespeare (CPU) and export it to ONNX.

Reproduce the committed model with (from the repository root):

    /usr/bin/python3 models/train.py

Steps: SentencePiece BPE tokenizer (vocab 1024, byte fallback) -> 4-layer multi-query decoder (~1.9M params)
-> ONNX in the Hugging Face optimum "decoder with KV cache" layout -> checks -> greedy samples ->
model card. Everything is seeded; the same seed, data, thread count and library versions give the
same model. Needs Debian's python3-torch, python3-sentencepiece and python3-onnx (see README.md).
"""
import argparse
import hashlib
import io
import json
import math
import os
import platform
import random
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "data", "tinyshakespeare.txt")
DEFAULT_OUT = os.path.join(HERE, "tiny-shakespeare")

UNK_ID, BOS_ID, EOS_ID = 0, 1, 2  # SentencePiece defaults

# Turns are rendered the way the training text looks: "SPEAKER:\n<speech>\n\n", and the generation
# prompt is the next speaker's header. BOS is not part of the template, and TGI renders chats without special tokens
# (add_bos_token=true). Newlines are literal template text (not Jinja escapes), so the template gives
# the same string with or without trim_blocks/lstrip_blocks.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}CHORUS:\n{{ message['content'] }}\n\n"
    "{% elif message['role'] == 'user' %}ROMEO:\n{{ message['content'] }}\n\n"
    "{% elif message['role'] == 'assistant' %}JULIET:\n{{ message['content'] }}\n\n"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}JULIET:\n{% endif %}"
)

# Speaker headers end with a newline, as in the text: "ROMEO:\n" is the pieces "▁ROMEO" ":\n" (what the model
# was trained on), while a bare "ROMEO:" ends in a ":" piece that is rarely followed by a newline in training.
UNTIL_EOS_MAX_NEW = 256  # greedy_sample.json also says after how many greedy tokens EOS comes, within this limit

SAMPLE_PROMPTS = [
    "ROMEO:\n",  # with seed 1337 this one ends with EOS within 32 tokens (finish reason eos_token)
    "First Citizen:\nBefore we proceed",
    "ROMEO:\nWhat light is this?\n\nJULIET:\n",  # = chat template for one user turn + generation prompt
    "KING HENRY VI:\n",
]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_DATA, help="training text (default: models/data/tinyshakespeare.txt)")
    p.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: models/tiny-shakespeare)")
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--steps", type=int, default=1200, help="optimizer steps")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--block-size", type=int, default=256, help="training window length in tokens")
    p.add_argument("--n-positions", type=int, default=512, help="learned positions = max context")
    p.add_argument("--n-layer", type=int, default=4)
    p.add_argument("--n-embd", type=int, default=192)
    p.add_argument("--n-head", type=int, default=4)
    p.add_argument("--n-kv-head", type=int, default=1, help="key/value heads (1: multi-query attention)")
    p.add_argument("--vocab-size", type=int, default=1024)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--min-lr", type=float, default=2e-4)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--weight-decay", type=float, default=0.1)
    p.add_argument("--val-fraction", type=float, default=0.1, help="last fraction of speeches held out")
    p.add_argument("--join-prob", type=float, default=0.25,
                   help="probability that a speech is followed by a blank line and the next speech instead "
                        "of EOS (teaches the multi-turn layout of the chat template); 0 = EOS after every speech")
    p.add_argument("--eval-interval", type=int, default=200)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--opset", type=int, default=14)
    p.add_argument("--sample-tokens", type=int, default=32, help="greedy tokens per sample prompt")
    return p.parse_args()


# ----------------------------------------------------------------------------------------------
# Data and tokenizer


def split_speeches(text):
    """Blank-line separated blocks ("SPEAKER:\\nline\\nline")."""
    return [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]


SPM_OPTIONS = dict(
    model_type="bpe",
    vocab_size=None,  # filled from --vocab-size
    character_coverage=1.0,
    byte_fallback=True,
    normalization_rule_name="identity",
    add_dummy_prefix=True,
    remove_extra_whitespaces=False,
    unk_id=UNK_ID,
    bos_id=BOS_ID,
    eos_id=EOS_ID,
    pad_id=-1,
    max_sentence_length=16384,
    input_sentence_size=0,
    num_threads=2,
)


def train_tokenizer(speeches, vocab_size):
    opts = dict(SPM_OPTIONS, vocab_size=vocab_size)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(speeches), model_writer=buf, minloglevel=2, **opts)
    return buf.getvalue(), opts


def build_stream(speeches, sp, join_prob, rng):
    """[BOS] speech ("\\n\\n" speech)* [EOS], repeated: mostly one speech per BOS..EOS."""
    groups, i = [], 0
    while i < len(speeches):
        g = [speeches[i]]
        i += 1
        while i < len(speeches) and rng.random() < join_prob:
            g.append(speeches[i])
            i += 1
        groups.append("\n\n".join(g))
    stream = []
    for ids in sp.encode(groups):
        stream.append(BOS_ID)
        stream.extend(ids)
        stream.append(EOS_ID)
    return np.array(stream, dtype=np.int64), len(groups)


# ----------------------------------------------------------------------------------------------
# Model: GPT-2 architecture (pre-LN, learned positions, gelu_new, tied embeddings, eps 1e-5) with multi-query attention


def attention_allowed(attention_mask, input_ids):
    """Bool [batch, 1, seq, past+seq]: key j visible to query i iff j <= past+i and mask[j] == 1.

    Only tensor ops (no Python ints from shapes), so the ONNX graph is dynamic in batch/seq/past."""
    key_idx = torch.cumsum(torch.ones_like(attention_mask), 1) - 1  # [b, total] 0..total-1
    q_rel = torch.cumsum(torch.ones_like(input_ids), 1) - 1  # [b, seq]   0..seq-1
    past_len = (key_idx[:, -1:] + 1) - (q_rel[:, -1:] + 1)  # [b, 1]
    q_abs = q_rel + past_len
    causal = key_idx.unsqueeze(1) <= q_abs.unsqueeze(2)  # [b, seq, total]
    keep = attention_mask.unsqueeze(1) > 0  # [b, 1, total]
    return (causal & keep).unsqueeze(1)


class Attention(nn.Module):
    """GPT-2 attention with n_kv_head key/value heads shared by groups of query heads (multi-query when 1).

    Fewer key/value heads make the KV cache, and with it the cost of every decode step that grows with the
    context, n_head / n_kv_head times smaller: what lets batched decoding pay (Falcon with one, Llama 3 with a few)."""

    def __init__(self, cfg):
        super().__init__()
        self.n_head, self.n_kv_head, self.d = cfg["n_head"], cfg["n_kv_head"], cfg["n_embd"]
        self.hd = self.d // self.n_head
        self.kv_d = self.n_kv_head * self.hd
        self.c_attn = nn.Linear(self.d, self.d + 2 * self.kv_d)
        self.c_proj = nn.Linear(self.d, self.d)

    def forward(self, x, allowed, past_k=None, past_v=None):
        b, t = x.shape[0], x.shape[1]
        q, k, v = self.c_attn(x).split([self.d, self.kv_d, self.kv_d], dim=2)
        q = q.reshape(b, t, self.n_head, self.hd).transpose(1, 2)
        k = k.reshape(b, t, self.n_kv_head, self.hd).transpose(1, 2)
        v = v.reshape(b, t, self.n_kv_head, self.hd).transpose(1, 2)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        # Query head h reads key/value head h // group: the group's queries become rows of one matmul.
        group = self.n_head // self.n_kv_head
        q = q.reshape(b, self.n_kv_head, group * t, self.hd)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.hd))
        att = att.reshape(b, self.n_head, t, -1)
        # finfo.min (not -inf): a fully masked row (a padding query) becomes uniform, never NaN
        att = att.masked_fill(~allowed, torch.finfo(att.dtype).min)
        att = torch.softmax(att, dim=-1).reshape(b, self.n_kv_head, group * t, -1)
        y = torch.matmul(att, v).reshape(b, self.n_head, t, self.hd).transpose(1, 2).reshape(b, t, self.d)
        return self.c_proj(y), k, v


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["n_embd"]
        self.ln_1 = nn.LayerNorm(d, eps=1e-5)
        self.attn = Attention(cfg)
        self.ln_2 = nn.LayerNorm(d, eps=1e-5)
        self.c_fc = nn.Linear(d, 4 * d)
        self.c_proj = nn.Linear(4 * d, d)

    def forward(self, x, allowed, past_k=None, past_v=None):
        a, k, v = self.attn(self.ln_1(x), allowed, past_k, past_v)
        x = x + a
        x = x + self.c_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))
        return x, k, v


class GPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg["vocab_size"], cfg["n_embd"])
        self.wpe = nn.Embedding(cfg["n_positions"], cfg["n_embd"])
        self.h = nn.ModuleList([Block(cfg) for _ in range(cfg["n_layer"])])
        self.ln_f = nn.LayerNorm(cfg["n_embd"], eps=1e-5)
        self.apply(self._init)
        for n, p in self.named_parameters():  # GPT-2 scaled init of residual projections
            if n.endswith("c_proj.weight"):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * cfg["n_layer"]))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, 0.02)
        if isinstance(m, nn.Linear):
            nn.init.zeros_(m.bias)

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        """past: list of (key, value) [b, n_kv_head, past, head_dim] or None. Returns logits, presents."""
        allowed = attention_allowed(attention_mask, input_ids)
        x = self.wte(input_ids) + self.wpe(position_ids)
        presents = []
        for i, blk in enumerate(self.h):
            pk, pv = past[i] if past is not None else (None, None)
            x, k, v = blk(x, allowed, pk, pv)
            presents.append((k, v))
        logits = torch.matmul(self.ln_f(x), self.wte.weight.t())  # tied LM head
        return logits, presents


class OnnxWrapper(nn.Module):
    """Flat signature for export: input_ids, attention_mask, position_ids, past k/v... -> logits, present k/v..."""

    def __init__(self, model):
        super().__init__()
        self.m = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, presents = self.m(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


# ----------------------------------------------------------------------------------------------
# Training


def get_batch(data, batch_size, block_size, n_positions, gen):
    ix = torch.randint(len(data) - block_size - 1, (batch_size,), generator=gen)
    x = torch.stack([torch.from_numpy(data[i:i + block_size]) for i in ix.tolist()])
    y = torch.stack([torch.from_numpy(data[i + 1:i + 1 + block_size]) for i in ix.tolist()])
    # random position offset per row so that all n_positions learned positions get trained
    # (training windows are shorter than the served context)
    off = torch.randint(n_positions - block_size + 1, (batch_size, 1), generator=gen)
    pos = off + torch.arange(block_size).unsqueeze(0)
    return x, y, pos


@torch.no_grad()
def evaluate(model, data, block_size, batch_size=16):
    """Mean token loss over non-overlapping windows of the held-out stream, positions from 0."""
    model.eval()
    n = (len(data) - 1) // block_size
    total, count = 0.0, 0
    for s in range(0, n, batch_size):
        idx = range(s, min(n, s + batch_size))
        x = torch.stack([torch.from_numpy(data[i * block_size:(i + 1) * block_size]) for i in idx])
        y = torch.stack([torch.from_numpy(data[i * block_size + 1:(i + 1) * block_size + 1]) for i in idx])
        pos = torch.arange(block_size).unsqueeze(0).expand_as(x)
        logits, _ = model(x, torch.ones_like(x), pos)
        total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="sum").item()
        count += y.numel()
    model.train()
    return total / count


def lr_at(step, args):
    if step < args.warmup:  # linear warm-up, then cosine decay to min_lr
        return args.lr * (step + 1) / args.warmup
    r = (step - args.warmup) / max(1, args.steps - args.warmup)
    return args.min_lr + 0.5 * (args.lr - args.min_lr) * (1 + math.cos(math.pi * r))


# ----------------------------------------------------------------------------------------------
# Inference helpers (same conventions as the server: left padding, position = cumsum(mask) - 1)


def empty_past(cfg, batch):
    hd = cfg["n_embd"] // cfg["n_head"]
    return [(torch.zeros(batch, cfg["n_kv_head"], 0, hd), torch.zeros(batch, cfg["n_kv_head"], 0, hd))
            for _ in range(cfg["n_layer"])]


def left_pad(rows, pad_id=EOS_ID):
    L = max(len(r) for r in rows)
    ids = torch.tensor([[pad_id] * (L - len(r)) + r for r in rows], dtype=torch.long)
    mask = torch.tensor([[0] * (L - len(r)) + [1] * len(r) for r in rows], dtype=torch.long)
    return ids, mask


def positions_from_mask(mask):
    pos = torch.cumsum(mask, 1) - 1
    return pos.masked_fill(mask == 0, 0)


@torch.no_grad()
def greedy(step_fn, cfg, rows, max_new, stop_at_eos=True):
    """Greedy decoding with a KV cache for a (left-padded) batch. step_fn(ids, mask, pos, past) -> logits, past.

    Returns per row: generated ids, per-step top1-top2 logit margins, and the first-step logits."""
    ids, mask = left_pad(rows)
    pos = positions_from_mask(mask)
    past = empty_past(cfg, len(rows))
    out = [[] for _ in rows]
    margins = [[] for _ in rows]
    done = [False] * len(rows)
    first_logits = None
    for _ in range(max_new):
        logits, past = step_fn(ids, mask, pos, past)
        last = logits[:, -1, :]
        if first_logits is None:
            first_logits = logits
        nxt = last.argmax(-1)
        top2 = torch.topk(last, 2, dim=-1).values
        for r in range(len(rows)):
            if not done[r]:
                out[r].append(int(nxt[r]))
                margins[r].append(float(top2[r, 0] - top2[r, 1]))
                if stop_at_eos and int(nxt[r]) == EOS_ID:
                    done[r] = True
        if all(done):
            break
        ids = nxt.unsqueeze(1)
        pos = pos[:, -1:] + 1
        mask = torch.cat([mask, torch.ones_like(ids)], 1)
    return out, margins, first_logits


def torch_step(model):
    def step(ids, mask, pos, past):
        logits, presents = model(ids, mask, pos, past)
        return logits, presents
    return step


def ort_step(session, n_layer):
    def step(ids, mask, pos, past):
        feeds = {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "position_ids": pos.numpy()}
        for i, (k, v) in enumerate(past):
            feeds[f"past_key_values.{i}.key"] = k.numpy()
            feeds[f"past_key_values.{i}.value"] = v.numpy()
        res = session.run(None, feeds)
        presents = [(torch.from_numpy(res[1 + 2 * i]), torch.from_numpy(res[2 + 2 * i])) for i in range(n_layer)]
        return torch.from_numpy(res[0]), presents
    return step


# ----------------------------------------------------------------------------------------------
# Export and checks


def export_onnx(model, cfg, path, opset):
    L, H, hd = cfg["n_layer"], cfg["n_kv_head"], cfg["n_embd"] // cfg["n_head"]
    b, past_len, t = 2, 3, 4
    ids = torch.randint(cfg["vocab_size"], (b, t), generator=torch.Generator().manual_seed(0))
    mask = torch.ones(b, past_len + t, dtype=torch.long)
    pos = torch.arange(past_len, past_len + t).unsqueeze(0).expand(b, t).contiguous()
    past = []
    in_names = ["input_ids", "attention_mask", "position_ids"]
    out_names = ["logits"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(L):
        for kind in ("key", "value"):
            past.append(torch.zeros(b, H, past_len, hd))
            n_in, n_out = f"past_key_values.{i}.{kind}", f"present.{i}.{kind}"
            in_names.append(n_in)
            out_names.append(n_out)
            axes[n_in] = {0: "batch_size", 2: "past_sequence_length"}
            axes[n_out] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    wrapper = OnnxWrapper(model).eval()
    with torch.no_grad():
        torch.onnx.export(wrapper, (ids, mask, pos, *past), path, input_names=in_names, output_names=out_names,
                          dynamic_axes=axes, opset_version=opset, do_constant_folding=True)
    return in_names, out_names


def onnx_signature(path):
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    tname = {1: "float32", 7: "int64"}

    def desc(vi):
        tt = vi.type.tensor_type
        dims = [d.dim_param if d.dim_param else d.dim_value for d in tt.shape.dim]
        return {"name": vi.name, "type": tname.get(tt.elem_type, str(tt.elem_type)), "shape": dims}

    return ([desc(v) for v in m.graph.input], [desc(v) for v in m.graph.output], m.opset_import[0].version,
            len(m.graph.node))


def check_signature(inputs, outputs, cfg):
    L, H, hd, V = cfg["n_layer"], cfg["n_kv_head"], cfg["n_embd"] // cfg["n_head"], cfg["vocab_size"]
    want_in = [("input_ids", "int64", ["batch_size", "sequence_length"]),
               ("attention_mask", "int64", ["batch_size", "past_sequence_length + sequence_length"]),
               ("position_ids", "int64", ["batch_size", "sequence_length"])]
    want_out = [("logits", "float32", ["batch_size", "sequence_length", V])]
    for i in range(L):
        for kind in ("key", "value"):
            want_in.append((f"past_key_values.{i}.{kind}", "float32", ["batch_size", H, "past_sequence_length", hd]))
            want_out.append((f"present.{i}.{kind}", "float32",
                             ["batch_size", H, "past_sequence_length + sequence_length", hd]))
    got_in = [(d["name"], d["type"], d["shape"]) for d in inputs]
    got_out = [(d["name"], d["type"], d["shape"]) for d in outputs]
    assert got_in == want_in, f"ONNX inputs differ:\n{got_in}\n{want_in}"
    # the exporter may name output dims itself; compare names/types/ranks and the static dims
    assert [(n, t, len(s)) for n, t, s in got_out] == [(n, t, len(s)) for n, t, s in want_out], got_out
    for (_, _, gs), (_, _, ws) in zip(got_out, want_out):
        for g, w in zip(gs, ws):
            if isinstance(w, int):
                assert g == w, (gs, ws)
            else:
                assert not (isinstance(g, int) and g > 0), f"dimension should be dynamic: {gs}"


@torch.no_grad()
def check_consistency(step_fn, cfg, prompts_ids, label, atol=1e-4):
    """Left-padded batch == single rows; cached decoding == full recompute; zero-length past works."""
    report = {}
    batch_out, _, batch_first = greedy(step_fn, cfg, prompts_ids, 24, stop_at_eos=False)
    Lmax = max(len(r) for r in prompts_ids)
    max_diff = 0.0
    for r, row in enumerate(prompts_ids):
        single_out, _, single_first = greedy(step_fn, cfg, [row], 24, stop_at_eos=False)
        assert single_out[0] == batch_out[r], f"{label}: padded batch row {r} generated differently"
        a = single_first[0]
        b = batch_first[r, Lmax - len(row):]
        max_diff = max(max_diff, float((a - b).abs().max()))
    assert max_diff < atol, f"{label}: padded vs unpadded prompt logits differ by {max_diff}"
    report["padded_vs_single_max_abs_logit_diff"] = max_diff
    # cached step-by-step vs one full pass over prompt + generated tokens
    row = prompts_ids[0]
    gen, _, _ = greedy(step_fn, cfg, [row], 16, stop_at_eos=False)
    full = row + gen[0]
    ids = torch.tensor([full])
    mask = torch.ones_like(ids)
    logits, _ = step_fn(ids, mask, positions_from_mask(mask), empty_past(cfg, 1))
    recomputed = logits[0, len(row) - 1:-1].argmax(-1).tolist()
    assert recomputed == gen[0], f"{label}: cached decoding differs from full recompute"
    report["kv_cache_equals_full_recompute"] = True
    report["zero_length_past_ok"] = True  # every greedy() call starts from an empty past
    return report


def dump_json(obj, path):
    """Indented JSON with lists of numbers kept on one line."""
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    text = re.sub(r"\[\s*(-?\d[\d\s,.-]*?)\s*\]", lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ----------------------------------------------------------------------------------------------


def main():
    args = parse_args()
    t_start = time.time()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)

    text = open(args.data, encoding="utf-8").read()
    speeches = split_speeches(text)
    n_val = int(len(speeches) * args.val_fraction)
    train_sp, val_sp = speeches[:-n_val], speeches[-n_val:]
    print(f"{len(speeches)} speeches: {len(train_sp)} train, {len(val_sp)} validation (last {args.val_fraction:.0%})")

    # --- tokenizer
    t0 = time.time()
    sp_bytes, sp_opts = train_tokenizer(train_sp, args.vocab_size)
    tok_path = os.path.join(args.out, "tokenizer.model")
    with open(tok_path, "wb") as f:
        f.write(sp_bytes)
    sp = spm.SentencePieceProcessor(model_file=tok_path)
    assert (sp.unk_id(), sp.bos_id(), sp.eos_id()) == (UNK_ID, BOS_ID, EOS_ID)
    assert sp.get_piece_size() == args.vocab_size
    t_tok = time.time() - t0
    for s in ["안녕하세요, Verona! ✓", "tab\tand  two spaces\n\nnew paragraph"]:
        assert sp.decode(sp.encode(s)) == s and UNK_ID not in sp.encode(s), s
    print(f"tokenizer: {args.vocab_size} pieces, trained in {t_tok:.1f}s")

    # --- data streams
    train_data, n_train_docs = build_stream(train_sp, sp, args.join_prob, random.Random(args.seed))
    val_data, _ = build_stream(val_sp, sp, args.join_prob, random.Random(args.seed + 1))
    print(f"tokens: train {len(train_data)} ({n_train_docs} BOS..EOS documents), val {len(val_data)}; "
          f"{len(text) / (len(train_data) + len(val_data)):.2f} chars/token")

    # --- model
    cfg = dict(vocab_size=args.vocab_size, n_positions=args.n_positions, n_embd=args.n_embd,
               n_layer=args.n_layer, n_head=args.n_head, n_kv_head=args.n_kv_head)
    assert cfg["n_embd"] % cfg["n_head"] == 0 and cfg["n_head"] % cfg["n_kv_head"] == 0
    torch.manual_seed(args.seed)
    model = GPT(cfg)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model: {n_params:,} parameters")
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95))
    gen = torch.Generator().manual_seed(args.seed)

    history = []
    t0 = time.time()
    t_eval = 0.0
    model.train()
    for step in range(args.steps + 1):
        if step % args.eval_interval == 0 or step == args.steps:
            te = time.time()
            vl = evaluate(model, val_data, args.block_size)
            t_eval += time.time() - te
            history.append({"step": step, "val_loss": round(vl, 4), "elapsed_s": round(time.time() - t0, 1)})
            print(f"step {step:5d}  val loss {vl:.4f}  ({time.time() - t0:.0f}s)", flush=True)
        if step == args.steps:
            break
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args)
        x, y, pos = get_batch(train_data, args.batch_size, args.block_size, args.n_positions, gen)
        logits, _ = model(x, torch.ones_like(x), pos)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 50 == 0:
            print(f"step {step:5d}  train loss {loss.item():.4f}  lr {lr_at(step, args):.2e}", flush=True)
    t_train = time.time() - t0
    load_avg = os.getloadavg()[1] if hasattr(os, "getloadavg") else None  # 5-minute load: was the CPU shared?
    model.eval()
    val_loss = history[-1]["val_loss"]
    val_loss_512 = evaluate(model, val_data, args.n_positions, batch_size=8)
    print(f"training: {args.steps} steps in {t_train:.0f}s (of which evaluation {t_eval:.0f}s); "
          f"final val loss {val_loss:.4f} (windows of {args.block_size}), {val_loss_512:.4f} (windows of "
          f"{args.n_positions})")

    # --- export
    onnx_path = os.path.join(args.out, "model.onnx")
    export_onnx(model, cfg, onnx_path, args.opset)
    inputs, outputs, opset, n_nodes = onnx_signature(onnx_path)
    check_signature(inputs, outputs, cfg)
    print(f"exported {onnx_path}: {os.path.getsize(onnx_path) / 1e6:.2f} MB, opset {opset}, {n_nodes} nodes; "
          f"onnx.checker OK")

    # --- checks and samples (ONNX Runtime if importable, else the PyTorch model with the same graph logic)
    prompts_ids = [[BOS_ID] + sp.encode(p) for p in SAMPLE_PROMPTS]
    checks = {"pytorch": check_consistency(torch_step(model), cfg, prompts_ids, "pytorch")}
    try:
        import onnxruntime as ort
        sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
        step_fn, source = ort_step(sess, cfg["n_layer"]), f"onnxruntime {ort.__version__} (python)"
        checks["onnxruntime"] = check_consistency(step_fn, cfg, prompts_ids, "onnxruntime")
    except ImportError:
        step_fn, source = torch_step(model), "pytorch (python onnxruntime not installed)"
        print("python onnxruntime not available: samples and checks use the PyTorch model")
    print("checks:", json.dumps(checks))

    samples = []
    for prompt, ids in zip(SAMPLE_PROMPTS, prompts_ids):
        out, margins, _ = greedy(step_fn, cfg, [ids], args.sample_tokens)
        long_out, _, _ = greedy(step_fn, cfg, [ids], min(UNTIL_EOS_MAX_NEW, args.n_positions - len(ids)))
        gen_ids = out[0]
        sample = {
            "prompt": prompt,
            "prompt_ids": ids,
            "prompt_ids_without_bos": ids[1:],
            "greedy_ids": gen_ids,
            "greedy_text": sp.decode([i for i in gen_ids if i != EOS_ID]),
            "finish_reason": "eos_token" if gen_ids and gen_ids[-1] == EOS_ID else "length",
            "min_top1_top2_logit_margin": round(min(margins[0]), 4),
            "greedy_tokens_until_eos": (long_out[0].index(EOS_ID) + 1) if EOS_ID in long_out[0] else None,
        }
        if "onnxruntime" in checks:
            torch_out, _, _ = greedy(torch_step(model), cfg, [ids], args.sample_tokens)
            sample["pytorch_greedy_ids_equal"] = torch_out[0] == gen_ids
        samples.append(sample)
        print(f"--- {prompt!r} -> {sample['greedy_text']!r} [{sample['finish_reason']}]")

    gs = {
        "source": source,
        "notes": "prompt_ids = [bos_token_id] + SentencePiece ids of the prompt (the server prepends BOS because "
                 "tokenizer_config.json has add_bos_token=true). greedy_ids: up to max_new_tokens argmax tokens "
                 "from a KV-cached decode starting from a zero-length past, position_ids = 0..n-1, stopping after "
                 "eos_token_id (included, finish_reason eos_token). greedy_text decodes greedy_ids without EOS. "
                 "min_top1_top2_logit_margin is the smallest gap between the best and second-best logit over the "
                 "steps (small = sensitive to float differences). greedy_tokens_until_eos: tokens generated "
                 f"including EOS when decoding up to {UNTIL_EOS_MAX_NEW} new tokens, null if no EOS.",
        "max_new_tokens": args.sample_tokens,
        "bos_token_id": BOS_ID,
        "eos_token_id": EOS_ID,
        "samples": samples,
    }
    dump_json(gs, os.path.join(args.out, "greedy_sample.json"))

    # --- configs
    config = {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "vocab_size": cfg["vocab_size"],
        "n_positions": cfg["n_positions"],
        "max_position_embeddings": cfg["n_positions"],
        "n_ctx": cfg["n_positions"],
        "n_embd": cfg["n_embd"],
        "hidden_size": cfg["n_embd"],
        "n_layer": cfg["n_layer"],
        "num_hidden_layers": cfg["n_layer"],
        "n_head": cfg["n_head"],
        "num_attention_heads": cfg["n_head"],
        "num_key_value_heads": cfg["n_kv_head"],
        "head_dim": cfg["n_embd"] // cfg["n_head"],
        "n_inner": 4 * cfg["n_embd"],
        "activation_function": "gelu_new",
        "layer_norm_epsilon": 1e-5,
        "resid_pdrop": 0.0,
        "embd_pdrop": 0.0,
        "attn_pdrop": 0.0,
        "initializer_range": 0.02,
        "scale_attn_weights": True,
        "tie_word_embeddings": True,
        "use_cache": True,
        "bos_token_id": BOS_ID,
        "eos_token_id": EOS_ID,
        "torch_dtype": "float32",
    }
    generation_config = {"bos_token_id": BOS_ID, "eos_token_id": EOS_ID, "max_length": cfg["n_positions"],
                         "do_sample": False}
    tokenizer_config = {
        "tokenizer_class": "LlamaTokenizer",
        "add_bos_token": True,
        "add_eos_token": False,
        "bos_token": "<s>",
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "pad_token": None,
        "legacy": True,
        "model_max_length": cfg["n_positions"],
        "clean_up_tokenization_spaces": False,
        "sp_model_kwargs": {},
        "chat_template": CHAT_TEMPLATE,
    }
    for name, obj in [("config.json", config), ("generation_config.json", generation_config),
                      ("tokenizer_config.json", tokenizer_config)]:
        dump_json(obj, os.path.join(args.out, name))

    t_total = time.time() - t_start
    run = dict(args=vars(args), n_params=n_params, n_speeches=len(speeches), n_train_speeches=len(train_sp),
               n_val_speeches=len(val_sp), train_tokens=len(train_data), val_tokens=len(val_data),
               tokenizer_seconds=round(t_tok, 1), train_seconds=round(t_train, 1), eval_seconds=round(t_eval, 1),
               total_seconds=round(t_total, 1), load_avg_5min=load_avg, val_loss=val_loss, val_loss_full_context=round(val_loss_512, 4),
               history=history, checks=checks, sample_source=source, onnx_opset=opset, onnx_nodes=n_nodes,
               onnx_inputs=inputs, onnx_outputs=outputs, spm_options=sp_opts, samples=samples,
               data_sha256=sha256(args.data))
    write_model_card(args.out, run, cfg)
    print(f"done in {t_total:.0f}s; wrote {args.out}")


def write_model_card(out, run, cfg):
    a = run["args"]
    files = {n: os.path.getsize(os.path.join(out, n)) for n in sorted(os.listdir(out)) if n != "README.md"}
    hashes = {n: sha256(os.path.join(out, n)) for n in ("model.onnx", "tokenizer.model")}
    env = (f"Python {platform.python_version()}, torch {torch.__version__}, sentencepiece {spm.__version__}, "
           f"onnx {__import__('onnx').__version__}, numpy {np.__version__}, {a['threads']} CPU threads")
    io_rows = "\n".join(f"| in | `{d['name']}` | {d['type']} | [{', '.join(map(str, d['shape']))}] |"
                        for d in run["onnx_inputs"][:5])
    io_rows += "\n| in | `past_key_values.{1..%d}.key/value` | float32 | same as layer 0 |" % (cfg["n_layer"] - 1)
    io_rows += "\n" + "\n".join(f"| out | `{d['name']}` | {d['type']} | [{', '.join(map(str, d['shape']))}] |"
                                for d in run["onnx_outputs"][:3])
    io_rows += "\n| out | `present.{1..%d}.key/value` | float32 | same as layer 0 |" % (cfg["n_layer"] - 1)
    hist = "\n".join(f"| {h['step']} | {h['val_loss']:.4f} | {h['elapsed_s']:.0f} |" for h in run["history"])
    samples = "\n\n".join(
        f"Prompt `{json.dumps(s['prompt'], ensure_ascii=False)}` (ids with BOS {s['prompt_ids']}), greedy, "
        f"{len(s['greedy_ids'])} tokens, finish reason `{s['finish_reason']}`:\n\n```text\n{s['prompt']}"
        f"{s['greedy_text']}\n```" for s in run["samples"])
    spm_opts = ", ".join(f"{k}={v!r}" for k, v in run["spm_options"].items())
    checks = "\n".join(f"- {src}: left-padded batch vs single rows max |logit diff| "
                       f"{c['padded_vs_single_max_abs_logit_diff']:.2g} and the same greedy ids; KV-cached decoding "
                       f"equals a full recompute: {c['kv_cache_equals_full_recompute']}; zero-length past works: "
                       f"{c['zero_length_past_ok']}" for src, c in run["checks"].items())
    load = (f" The 5-minute load average at the end of training was {run['load_avg_5min']:.1f} on {os.cpu_count()} "
            f"CPUs (above {a['threads']} means other processes shared the CPU and slowed training down)."
            if run["load_avg_5min"] is not None else "")
    mb = sum(files.values()) / 1e6
    card = f"""# tiny-shakespeare

A toy decoder-only transformer (GPT-2 architecture with multi-query attention, {run['n_params']:,} parameters) trained for a few minutes on CPU on
tinyshakespeare, exported to ONNX in the Hugging Face optimum decoder-with-KV-cache layout. It exists so that the
InferenceAspire server and its tests have a real model that is small enough to ship in the repository and run on
any CPU. Its text is Shakespeare-flavoured gibberish; it is not useful for anything else.

Produced by `models/train.py` (seed {a['seed']}); every number below was measured by that run.

## Files ({mb:.1f} MB)

| file | bytes | what |
|---|---|---|
""" + "\n".join(f"| `{n}` | {s:,} | {FILE_DOC.get(n, '')} |" for n, s in files.items()) + f"""
| `README.md` | | this card |

sha256: model.onnx `{hashes['model.onnx']}`, tokenizer.model `{hashes['tokenizer.model']}`.

## Architecture

GPT-2 (pre-LayerNorm, learned absolute positions, GELU tanh approximation = `gelu_new`, LayerNorm eps 1e-5, biases,
LM head tied to the token embedding) with {'multi-query' if cfg['n_kv_head'] == 1 else 'grouped-query'} attention:
the {cfg['n_head']} query heads share {cfg['n_kv_head']} key/value head{'' if cfg['n_kv_head'] == 1 else 's'} (one, as Falcon and StarCoder; a few, as Llama 3). The KV
cache is {cfg['n_head'] // cfg['n_kv_head']}x smaller than GPT-2's, and with it the part of every decode step that grows with the
context (the cache is concatenated and read once per step and per row): batched decoding pays more.

| | |
|---|---|
| layers | {cfg['n_layer']} |
| hidden size | {cfg['n_embd']} |
| heads | {cfg['n_head']} query, {cfg['n_kv_head']} key/value (head dim {cfg['n_embd'] // cfg['n_head']}) |
| MLP | {4 * cfg['n_embd']} |
| vocabulary | {cfg['vocab_size']} |
| positions (max context) | {cfg['n_positions']} |
| parameters | {run['n_params']:,} (float32) |

`config.json` uses GPT-2 key names plus the generic aliases (`hidden_size`, `num_hidden_layers`,
`num_attention_heads`, `num_key_value_heads`, `max_position_embeddings`, `head_dim`). Only the ONNX weights are
shipped (no PyTorch checkpoint; `transformers`' GPT-2 class has no key/value heads and could not load one anyway).

## Tokenizer

SentencePiece **BPE** (`tokenizer.model`), trained by the script on the training speeches with:

`{spm_opts}`

- ids: `<unk>`=0, `<s>` (BOS)=1, `</s>` (EOS)=2, then the 256 byte pieces `<0x00>`..`<0xFF>` (3..258), then merges.
- `identity` normalisation (no NFKC), a `▁` dummy prefix at the start of the text, whitespace kept as is
  (`remove_extra_whitespaces=False`), newlines are ordinary characters (`:\\n` and `,\\n` are pieces).
- Any UTF-8 text encodes: characters outside the vocabulary (e.g. Korean, emoji, `|`) fall back to their UTF-8 bytes, so
  `<unk>` is never produced.
- These choices are what `Microsoft.ML.Tokenizers` 2.0.1 `LlamaTokenizer.Create(stream)` (SentencePiece BPE) reproduces
  exactly (ids and decoded text); Unigram models, NFKC normalisation and `user_defined_symbols` (dropped when that
  library decodes) are where it differs from SentencePiece. One edge case: for the empty string it returns no ids,
  not `[1]`.
- Speaker headers end with a newline in the text, so `:\\n` is one piece: prompt `ROMEO:\\n` gives `▁ROMEO`, `:\\n`
  as in training, while a bare `ROMEO:` ends in a `:` piece that the model rarely saw before a newline, so it
  continues oddly (on the same line, or with an immediate EOS).
- `tokenizer_config.json`: `add_bos_token: true`, `add_eos_token: false`: an encoded prompt is `[1] + pieces`.
  No pad token: pad with any id (e.g. EOS) and mask it out with `attention_mask`.

## Training

- Data: `models/data/tinyshakespeare.txt` (karpathy/char-rnn `data/tinyshakespeare/input.txt`, sha256
  `{run['data_sha256']}`), split at blank lines into {run['n_speeches']:,} speeches (`SPEAKER:\\nline...`). The last
  {a['val_fraction']:.0%} ({run['n_val_speeches']:,} speeches) is held out for validation.
- Documents: `<s>` + speech + `</s>`. With probability {a['join_prob']} a speech is followed by a blank line and the
  next speech instead (repeatable), i.e. the original layout, so that the model also knows the multi-turn layout the
  chat template produces; at the end of every document it has learned to emit `</s>` (EOS). Train stream
  {run['train_tokens']:,} tokens, validation stream {run['val_tokens']:,} tokens.
- {a['steps']} AdamW steps (betas 0.9/0.95, weight decay {a['weight_decay']} on matrices), batch {a['batch_size']} x
  {a['block_size']} tokens, learning rate {a['lr']} with {a['warmup']} warm-up steps and cosine decay to
  {a['min_lr']}, gradient clipping 1.0, no dropout. Training windows are {a['block_size']} tokens; each window gets a
  random position offset so that all {cfg['n_positions']} learned positions are trained.
- Wall clock on {a['threads']} CPU threads: training {run['train_seconds']:.0f} s (including {run['eval_seconds']:.0f} s of
  validation), tokenizer {run['tokenizer_seconds']:.0f} s, whole script {run['total_seconds']:.0f} s.{load}
  {env}.
- Final validation loss **{run['val_loss']:.4f}** nats/token on {a['block_size']}-token windows
  ({run['val_loss_full_context']:.4f} on {cfg['n_positions']}-token windows, positions 0..{cfg['n_positions'] - 1}).

| step | validation loss | seconds |
|---|---|---|
{hist}

## ONNX model

`model.onnx`, opset {run['onnx_opset']}, one file with the weights inside, float32, {run['onnx_nodes']} nodes. Layout as
optimum's `text-generation-with-past` export of GPT-2 (a single graph; the first step passes a zero-length past):

| | name | type | shape |
|---|---|---|---|
{io_rows}

- All batch/sequence/past dimensions are dynamic. A past of length 0 (`[batch, {cfg['n_kv_head']}, 0, {cfg['n_embd'] // cfg['n_head']}]`) is valid.
- `attention_mask` covers past + new tokens (1 = real token, 0 = padding). The graph applies causal masking plus this
  mask, so left-padded batches give the same logits for the real tokens as unpadded single rows.
- `position_ids` are supplied by the caller: `cumsum(attention_mask) - 1` over the real tokens (any value for padding,
  e.g. 0), then +1 per generated token. They must be < {cfg['n_positions']}, so prompt + generated tokens <=
  {cfg['n_positions']}.
- `present.*` = past concatenated with the new keys/values; feed them back as `past_key_values.*`.

## Chat template

`tokenizer_config.json` `chat_template` renders each message as a speech: `system` -> `CHORUS:`, `user` ->
`ROMEO:`, `assistant` -> `JULIET:`, each as `SPEAKER:\\n<content>\\n\\n`; with `add_generation_prompt` it ends with
`JULIET:\\n`, so the model answers as Juliet and normally ends the speech with EOS (it is a tiny model:
greedy decoding can also loop until the length limit). The template does not
write `<s>`, and TGI tokenizes a rendered chat without special tokens, so chat prompts start without BOS. Newlines are literal template text, so the result is the same with or without
Jinja `trim_blocks`/`lstrip_blocks`. Example: one user message "What light is this?" ->
`"ROMEO:\\nWhat light is this?\\n\\nJULIET:\\n"` (the third sample below).

```jinja
{CHAT_TEMPLATE}
```

## Greedy samples

`greedy_sample.json` holds prompt ids (with and without BOS), the first {a['sample_tokens']} greedy ids (stopping
after EOS) and their text for each prompt; produced with {run['sample_source']}. Checks made by the script:

{checks}

{samples}

## Reproduce

```sh
sudo apt-get install -y python3-torch python3-sentencepiece python3-onnx libopenblas0-openmp
/usr/bin/python3 models/train.py            # options: --steps, --seed, --out, ... (--help)
```

Seeds are fixed (Python, NumPy, torch, the data sampler, the export inputs) and torch runs in deterministic mode:
the same seed, thread count and library versions give the same weights and the same `greedy_sample.json`.

## Licence

The training text is Shakespeare (public domain), as collected in karpathy/char-rnn's tinyshakespeare. The model
and tokenizer are derived only from it and from this repository's code.
"""
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write(card)


FILE_DOC = {
    "model.onnx": "ONNX graph with weights",
    "tokenizer.model": "SentencePiece BPE model",
    "tokenizer_config.json": "special tokens, add_bos_token, chat_template",
    "config.json": "architecture (GPT-2 keys)",
    "generation_config.json": "bos/eos ids, max_length",
    "greedy_sample.json": "reference greedy outputs for tests",
    "README.md": "this card",
}


if __name__ == "__main__":
    sys.exit(main())
