"""What the recurrent views need from a training session (Qt-free).

A :class:`SequenceProbe` belongs to a :class:`~nnstudio.session.TrainingSession` whose dataset
is a sequence task. Its :meth:`snapshot` runs the network on one fixed test sequence and
returns plain copies: the inputs, every recurrent layer's hidden states (T × H), cell states
and gates, the prediction against the target, and ‖∂L/∂h_t‖ per time step from the latest
training batch (``last_grad_h_norms``). For the character model it also writes a text sample
at ``dataset.temperature`` (at most once a second while training, since sampling costs a
forward pass per character).
"""

from __future__ import annotations

import time

import numpy as np

from nnstudio.document.recurrent_types import RECURRENT_TYPE_IDS, cell_of

#: index of the test sequence the views show
EXAMPLE_INDEX = 0
#: generated characters per text sample, and the seconds between samples while training
TEXT_LENGTH = 280
TEXT_INTERVAL = 1.0
#: at most this many test answers go into a snapshot (many-to-one regression scatter)
MAX_SCATTER = 256
#: live metrics: a full evaluation at most every EVAL_COST_FACTOR × its own cost, so that
#: measuring a large dataset (the character model) takes at most ~20 % of the worker's time
EVAL_COST_FACTOR = 4.0


def generate_text(network, vocab: str, seed_text: str, length: int, temperature: float,
                  rng: np.random.Generator) -> str:
    """Let a character model write ``length`` characters after ``seed_text``.

    One-way recurrent layers are run step by step, carrying their state, so each character
    costs one step of the network (not a pass over a window). Characters are drawn from
    softmax(logits / temperature); temperature 0 takes the likeliest one."""
    from nnstudio.engine.datasets.text import decode, encode, one_hot, sample_text
    from nnstudio.engine.layers.recurrent import Recurrent

    layers = network.layers
    if not all(isinstance(layer, Recurrent) or getattr(layer, "kind", "") == "dense"
               for layer in layers):  # e.g. a bidirectional layer: windowed sampling
        return sample_text(lambda x: network.forward(x, training=False), vocab, seed_text,
                           length, temperature, rng, context=48)
    V = len(vocab)
    states: dict[int, tuple | None] = {}

    def step(x: np.ndarray) -> np.ndarray:  # x (1, t, V) → logits (V,) of the last step
        out = x
        for i, layer in enumerate(layers):
            if isinstance(layer, Recurrent):
                seq = layer.return_sequences
                layer.return_sequences = True
                try:
                    out = layer.forward(out, training=False, state=states.get(i))
                finally:
                    layer.return_sequences = seq
                states[i] = layer.last_state
                if not seq:
                    out = out[:, -1]
            else:
                out = layer.forward(out, training=False)
        return out.reshape(-1, V)[-1]

    with np.errstate(all="ignore"):
        z = step(one_hot(encode(seed_text, vocab)[None, :], V))
        out = []
        for _ in range(int(length)):
            if not np.all(np.isfinite(z)):
                break
            if temperature <= 0:
                nxt = int(np.argmax(z))
            else:
                zt = z / temperature
                p = np.exp(zt - np.max(zt))
                nxt = int(rng.choice(V, p=p / p.sum()))
            out.append(nxt)
            z = step(one_hot(np.array([[nxt]]), V))
    return decode(np.asarray(out, dtype=np.int64), vocab)


class SequenceProbe:
    def __init__(self, session) -> None:
        self.session = session
        self.dataset = session.dataset
        self.network = session.network
        d = self.dataset
        source_X = d.X_test if d.n_test > 0 else d.X_train
        source_y = d.y_test if d.n_test > 0 else d.y_train
        self.example = min(EXAMPLE_INDEX, source_X.shape[0] - 1)
        self.x = source_X[self.example : self.example + 1].copy()
        self.y = source_y[self.example].copy()
        chain = session.project.chain()
        self.layers = []  # (node id, type, cell, units, engine layer)
        for node in chain[1:]:
            if node.type in RECURRENT_TYPE_IDS:
                index = session.node_layers[node.id]
                self.layers.append((node.id, node.type, cell_of(node), int(node.params["units"]),
                                    session.network.layers[index]))
        self.output_node = chain[-1].id if chain else None
        self.vocab = getattr(d, "vocab", None)
        self._text: str | None = None
        self._text_key: tuple | None = None
        self._text_time = 0.0
        self.seed_text = self._seed_text()
        self._metrics: dict | None = None
        self._metrics_time = 0.0
        self._eval_cost = 0.0

    def live_metrics(self) -> dict:
        """The session's metrics for a snapshot, measured again only when the last
        measurement is older than EVAL_COST_FACTOR × its cost (cheap datasets: every time).

        ``metrics_fresh`` says whether the losses were measured at the current step
        (``metrics_step``); views add a point to the loss curves only for fresh ones."""
        session = self.session
        now = time.perf_counter()
        cached = self._metrics
        if cached is None or (cached["steps"] != session.steps
                              and now - self._metrics_time >= EVAL_COST_FACTOR * self._eval_cost):
            cached = session.metrics()
            self._eval_cost = time.perf_counter() - now
            self._metrics, self._metrics_time = cached, now
        result = dict(cached)
        result["metrics_step"] = cached["steps"]
        result["metrics_fresh"] = cached["steps"] == session.steps
        result["steps"] = session.steps
        result["epochs"] = session.trainer.epoch
        result["diverged"] = session.diverged
        return result

    # -- pieces --------------------------------------------------------------------------
    def _seed_text(self) -> str:
        if self.vocab is None:
            return ""
        from nnstudio.engine.datasets.text import decode

        ids = np.argmax(self.x[0], axis=-1)
        text = decode(ids, self.vocab)
        # start after the first space, so the sample begins with a whole word
        cut = text.find(" ")
        return text[cut + 1 :] if 0 <= cut < len(text) - 4 else text

    def _layer_record(self, node_id, type_id, cell, units, layer) -> dict:
        if type_id == "bidirectional":
            fwd, bwd = layer.fwd, layer.bwd
            hidden = layer.last_h[0]
            cell_state = (None if fwd.last_c is None else
                          np.concatenate([fwd.last_c[0], bwd.last_c[0, ::-1]], axis=-1))
            gates = {g: np.concatenate([fwd.last_gates[g][0], bwd.last_gates[g][0, ::-1]],
                                       axis=-1) for g in fwd.last_gates}
        else:
            hidden = layer.last_h[0]
            cell_state = None if layer.last_c is None else layer.last_c[0]
            gates = {g: v[0] for g, v in layer.last_gates.items()}
        norms = layer.last_grad_h_norms
        return {
            "node_id": node_id, "type": type_id, "cell": cell, "units": units,
            "bidirectional": type_id == "bidirectional",
            "return_sequences": bool(layer.return_sequences),
            "hidden": _finite_copy(hidden),
            "cell_state": None if cell_state is None else _finite_copy(cell_state),
            "gates": {g: _finite_copy(v) for g, v in gates.items()},
            "grad_norms": None if norms is None else np.array(norms, dtype=np.float64),
        }

    def _predict(self) -> np.ndarray:
        with np.errstate(all="ignore"):
            return self.network.predict(self.x)[0]

    def _scatter(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        d = self.dataset
        if d.task != "sequence_regression" or d.many_to_many or d.n_test == 0:
            return None, None
        n = min(MAX_SCATTER, d.n_test)
        with np.errstate(all="ignore"):
            pred = self.network.predict(d.X_test[:n])
        return _finite_copy(pred), d.y_test[:n].copy()

    def text(self, force: bool = False) -> str | None:
        """The latest text sample; a new one when the temperature changed, or when the model
        trained since and ``TEXT_INTERVAL`` passed (or ``force``)."""
        if self.vocab is None:
            return None
        temperature = float(self.session.project.settings.get("dataset.temperature", 0.7))
        steps = self.session.steps
        key = (steps, temperature)
        now = time.perf_counter()
        stale = self._text_key is None or self._text_key[1] != temperature or (
            self._text_key[0] != steps and (force or now - self._text_time >= TEXT_INTERVAL))
        if stale:
            rng = np.random.default_rng(steps)
            self._text = generate_text(self.network, self.vocab, self.seed_text, TEXT_LENGTH,
                                       temperature, rng)
            self._text_key = key
            self._text_time = now
        return self._text

    # -- the snapshot --------------------------------------------------------------------
    def snapshot(self, force_text: bool = False) -> dict:
        d = self.dataset
        text = self.text(force_text)  # first: sampling overwrites the layers' records
        prediction = _finite_copy(self._predict())  # this forward fills the records below
        layers = [self._layer_record(*entry) for entry in self.layers]
        scatter_pred, scatter_target = self._scatter()
        return {
            "dataset": d.name,
            "task": d.task,
            "many_to_many": bool(d.many_to_many),
            "n_classes": int(d.n_classes),
            "vocab": self.vocab,
            "example": self.example,
            "inputs": self.x[0].copy(),
            "target": np.array(self.y),
            "prediction": prediction,
            "layers": layers,
            "output_node": self.output_node,
            "steps": int(self.session.steps),
            "text": text,
            "seed_text": self.seed_text if self.vocab else None,
            "temperature": float(self.session.project.settings.get("dataset.temperature", 0.7)),
            "test_predictions": scatter_pred,
            "test_targets": scatter_target,
        }


def _finite_copy(a) -> np.ndarray:
    return np.nan_to_num(np.array(a, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
