"""PyTorch CPU float32 twins of the bench's MLP and GPT steps (not exact: uses FMA and BLAS; the speed a
user would get instead). Single-threaded. Reads one JSON object from argv[1]:
  {"kind": "mlp", "layers": [784, 128, 10], "batch": 64, "steps": 30, "warmup": 10}
  {"kind": "gpt", "vocab": 73, "T": 64, "layers": 4, "heads": 4, "C": 128, "batch": 16, "steps": 10, "warmup": 3}
prints {"stepMs": median, "torch": version, "threads": 1, "blas": "..."} on stdout."""
import json
import re
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
cfg = json.loads(sys.argv[1])


class Block(nn.Module):
    def __init__(self, C, H):
        super().__init__()
        self.H = H
        self.ln1 = nn.LayerNorm(C, eps=1e-5)
        self.qkv = nn.Linear(C, 3 * C)
        self.proj = nn.Linear(C, C)
        self.ln2 = nn.LayerNorm(C, eps=1e-5)
        self.fc = nn.Linear(C, 4 * C)
        self.out = nn.Linear(4 * C, C)

    def forward(self, x, mask):
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        heads = lambda t: t.view(B, T, self.H, C // self.H).transpose(1, 2)
        q, k, v = heads(q), heads(k), heads(v)
        att = (q @ k.transpose(-2, -1)) * (1.0 / (C // self.H) ** 0.5)
        att = F.softmax(att.masked_fill(mask[:T, :T] == 0, float("-inf")), dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + self.proj(y)
        return x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class Gpt(nn.Module):
    def __init__(self, V, T, L, H, C):
        super().__init__()
        self.wte = nn.Embedding(V, C)
        self.wpe = nn.Embedding(T, C)
        self.blocks = nn.ModuleList([Block(C, H) for _ in range(L)])
        self.lnf = nn.LayerNorm(C, eps=1e-5)
        self.head = nn.Linear(C, V, bias=False)
        self.register_buffer("mask", torch.tril(torch.ones(T, T)))

    def forward(self, idx):
        B, T = idx.shape
        x = self.wte(idx) + self.wpe(torch.arange(T))
        for b in self.blocks:
            x = b(x, self.mask)
        return self.head(self.lnf(x))


if cfg["kind"] == "mlp":
    sizes = cfg["layers"]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    x = torch.rand(cfg["batch"], sizes[0])
    x[x < 0.8] = 0  # about as sparse as MNIST pixels (BLAS does not skip zeros)
    y = torch.randint(0, sizes[-1], (cfg["batch"],))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_of = lambda: F.cross_entropy(model(x), y)
else:
    model = Gpt(cfg["vocab"], cfg["T"], cfg["layers"], cfg["heads"], cfg["C"])
    idx = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["T"]))
    tgt = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["T"]))
    opt = torch.optim.AdamW(model.parameters(), lr=0.002, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.01)
    loss_of = lambda: F.cross_entropy(model(idx).view(-1, cfg["vocab"]), tgt.view(-1))


def step():
    opt.zero_grad(set_to_none=True)
    loss = loss_of()
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(cfg["warmup"]):
    step()
times = []
for _ in range(cfg["steps"]):
    t0 = time.perf_counter()
    step()
    times.append((time.perf_counter() - t0) * 1000)
config = torch.__config__.show()
found = re.search(r"BLAS_INFO=([^,\s]+)", config)
blas = f"BLAS_INFO={found.group(1)}" if found else "BLAS unknown"
print(json.dumps({"stepMs": statistics.median(times), "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas}))
