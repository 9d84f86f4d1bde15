"""Recurrent benchmark: an LSTM trained with Adam, engine vs a hand-fused NumPy loop.

Shapes from issue 7: T = 50 steps, batch 16, hidden 32. The task is the engine's ``sine``
next-step prediction (input 1, a linear read-out at every step, mean squared error
C = 1/(2·N·T) Σ (ŷ − y)², 192 training sequences), trained with Adam (lr 0.01).

The fused loop does the engine's maths (PyTorch's LSTM: gates i, f, g, o; full
back-propagation through time; Adam with bias correction) in one function with
preallocated per-step arrays; it sums the weight gradients of the recurrent matrix in one
matrix product after the time loop, so its losses agree with the engine's to rounding
(~1e-15), not bit for bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nnstudio.engine.datasets.sequences import SequenceDataset, sine
from nnstudio.engine.layers.dense import Dense
from nnstudio.engine.layers.recurrent import Recurrent
from nnstudio.engine.network import Network
from nnstudio.engine.optimizers import make_optimizer
from nnstudio.engine.trainer import Trainer

from .mlp import _Batches


@dataclass(frozen=True)
class LSTMSpec:
    name: str = "lstm"
    seq_len: int = 50
    batch: int = 16
    hidden: int = 32
    lr: float = 0.01
    description: str = "LSTM T=50, batch 16, hidden 32, Adam"


LSTM = LSTMSpec()
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def make_data(spec: LSTMSpec = LSTM, seed: int = 0) -> SequenceDataset:
    return sine(samples=256, seq_len=spec.seq_len, test_fraction=0.25, seed=seed)


def make_engine(spec: LSTMSpec = LSTM, seed: int = 0, data=None) -> Trainer:
    data = data if data is not None else make_data(spec, seed)
    rng = np.random.default_rng(seed)
    layers = [
        Recurrent(data.input_dim, spec.hidden, "lstm", return_sequences=True, rng=rng),
        Dense(spec.hidden, data.output_dim, "linear", rng=rng),
    ]
    net = Network(layers, "mse")
    return Trainer(net, data, make_optimizer("adam", spec.lr), batch_size=spec.batch, seed=seed)


def initial_weights(trainer: Trainer) -> dict[str, np.ndarray]:
    rec, dense = trainer.network.layers
    w = {k: v.copy() for k, v in rec.params.items()}
    w["W"], w["b"] = dense.params["W"].copy(), dense.params["b"].copy()
    return w


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class FusedLSTM:
    """LSTM + linear read-out + MSE + Adam in one hand-written step."""

    def __init__(self, weights: dict, data, spec: LSTMSpec = LSTM, seed: int = 0):
        self.p = {k: v.copy() for k, v in weights.items()}
        self.m = {k: np.zeros_like(v) for k, v in self.p.items()}
        self.v = {k: np.zeros_like(v) for k, v in self.p.items()}
        self.t = 0
        self.X, self.y = data.X_train, data.y_train
        self.lr = spec.lr
        self.batches = _Batches(self.X.shape[0], spec.batch, seed)
        N, T, H = spec.batch, spec.seq_len, spec.hidden
        # per-step records, time-major: (T, N, ·)
        self.pre = np.empty((T, N, 4 * H))
        self.gates = np.empty((T, N, 4 * H))  # σ(i), σ(f), tanh(g), σ(o)
        self.c = np.empty((T + 1, N, H))  # c[t + 1] = c_t, c[0] = 0
        self.h = np.empty((T + 1, N, H))
        self.tc = np.empty((T, N, H))

    def step(self) -> float:
        idx = self.batches.next()
        x, y = self.X[idx], self.y[idx]  # (N, T, I), (N, T, 1)
        p = self.p
        W_ih, W_hh, b_ih, b_hh, W, b = (p[k] for k in ("W_ih", "W_hh", "b_ih", "b_hh", "W", "b"))
        N, T, _ = x.shape
        H = W_hh.shape[1]
        xt = x.transpose(1, 0, 2)  # (T, N, I)
        # ---- forward
        pre, gates, c, h, tc = self.pre, self.gates, self.c, self.h, self.tc
        np.matmul(xt, W_ih.T, out=pre)
        pre += b_ih + b_hh
        c[0] = 0.0
        h[0] = 0.0
        for t in range(T):
            pre[t] += h[t] @ W_hh.T
            gates[t] = _sigmoid(pre[t])
            gates[t, :, 2 * H : 3 * H] = np.tanh(pre[t, :, 2 * H : 3 * H])
            i, f, g, o = (gates[t, :, k * H : (k + 1) * H] for k in range(4))
            c[t + 1] = f * c[t] + i * g
            tc[t] = np.tanh(c[t + 1])
            h[t + 1] = o * tc[t]
        hs = h[1:]  # (T, N, H)
        out = hs @ W + b  # (T, N, 1)
        # ---- loss: 1/(2M) Σ (out − y)², M = N·T samples
        M = N * T
        diff = out - y.transpose(1, 0, 2)
        loss = float(0.5 * np.sum(diff * diff) / M)
        g_out = diff / M
        gW = hs.reshape(M, H).T @ g_out.reshape(M, -1)
        gb = g_out.reshape(M, -1).sum(axis=0)
        dhs = g_out @ W.T  # (T, N, H)
        # ---- backward through time
        d_pre = np.empty_like(pre)
        dh = np.zeros((N, H))
        dc = np.zeros((N, H))
        for t in range(T - 1, -1, -1):
            dh += dhs[t]
            i, f, g, o = (gates[t, :, k * H : (k + 1) * H] for k in range(4))
            dc += dh * o * (1.0 - tc[t] * tc[t])
            d = d_pre[t]
            d[:, :H] = dc * g * i * (1.0 - i)
            d[:, H : 2 * H] = dc * c[t] * f * (1.0 - f)
            d[:, 2 * H : 3 * H] = dc * i * (1.0 - g * g)
            d[:, 3 * H :] = dh * tc[t] * o * (1.0 - o)
            dh = d @ W_hh
            dc *= f
        flat = d_pre.reshape(M, 4 * H)
        db = flat.sum(axis=0)
        grads = {
            "W_ih": flat.T @ xt.reshape(M, -1),
            "W_hh": flat.T @ h[:-1].reshape(M, H),
            "b_ih": db,
            "b_hh": db,
            "W": gW,
            "b": gb,
        }
        # ---- Adam
        self.t += 1
        bc1, bc2 = 1.0 - BETA1**self.t, 1.0 - BETA2**self.t
        step = self.lr / bc1
        sq2 = math.sqrt(bc2)
        for k, gr in grads.items():
            m, v = self.m[k], self.v[k]
            m *= BETA1
            m += (1.0 - BETA1) * gr
            v *= BETA2
            v += (1.0 - BETA2) * gr * gr
            p[k] -= step * m / (np.sqrt(v) / sq2 + EPS)
        return loss


class TorchLSTM:
    """The same LSTM, read-out, loss and Adam in PyTorch (float64, CPU)."""

    def __init__(self, weights: dict, data, spec: LSTMSpec = LSTM, seed: int = 0):
        import torch

        self.torch = torch
        H = spec.hidden
        self.lstm = torch.nn.LSTM(data.input_dim, H, batch_first=True, dtype=torch.float64)
        self.lin = torch.nn.Linear(H, data.output_dim, dtype=torch.float64)
        with torch.no_grad():
            for ours, theirs in (
                ("W_ih", "weight_ih_l0"),
                ("W_hh", "weight_hh_l0"),
                ("b_ih", "bias_ih_l0"),
                ("b_hh", "bias_hh_l0"),
            ):
                getattr(self.lstm, theirs).copy_(torch.from_numpy(weights[ours]))
            self.lin.weight.copy_(torch.from_numpy(weights["W"].T.copy()))
            self.lin.bias.copy_(torch.from_numpy(weights["b"]))
        params = list(self.lstm.parameters()) + list(self.lin.parameters())
        self.opt = torch.optim.Adam(params, lr=spec.lr, betas=(BETA1, BETA2), eps=EPS)
        self.X = torch.from_numpy(data.X_train)
        self.y = torch.from_numpy(data.y_train)
        self.batches = _Batches(data.n_train, spec.batch, seed)

    def step(self) -> float:
        idx = self.torch.from_numpy(self.batches.next())
        self.opt.zero_grad(set_to_none=True)
        hs, _ = self.lstm(self.X[idx])
        loss = 0.5 * self.torch.nn.functional.mse_loss(self.lin(hs), self.y[idx])
        loss.backward()
        self.opt.step()
        return loss.item()
