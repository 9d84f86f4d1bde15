"""The designed network as code a student can run elsewhere: a PyTorch ``nn.Module`` or a
NumPy-only script, with the same layers and the (trained) weights.

Generated from the compiled engine network, so the code computes exactly what nnstudio
computes: the same layer order, activations, recurrent cells (PyTorch's gate order and
weight layout, which the engine follows) and the raw output (logits for the cross-entropy
losses, where ``predict`` applies the sigmoid or softmax; a threshold layer's 0/1 or a
regression's ŷ otherwise: :func:`describe_output`). The weights are embedded as Python
literals (``repr`` of float64: exact) or, for large networks or on request, written to an
``.npz`` beside the code (``weights="npz"``). Qt-free.
"""

from __future__ import annotations

import io
import keyword
import pprint
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LANGUAGES = ("pytorch", "numpy")
EMBED_LIMIT = 50_000  # numbers; larger networks get an .npz beside the code

_TORCH_ACT = {
    "tanh": "torch.tanh({x})", "sigmoid": "torch.sigmoid({x})", "relu": "torch.relu({x})",
    "linear": "{x}", "softplus": "F.softplus({x})", "elu": "F.elu({x}, alpha={a})",
    "leaky_relu": "F.leaky_relu({x}, negative_slope={a})", "threshold": "({x} > 0).to({x}.dtype)",
}
_NUMPY_ACT = {
    "tanh": "np.tanh({x})", "sigmoid": "sigmoid({x})", "relu": "np.maximum({x}, 0.0)",
    "linear": "{x}", "softplus": "np.logaddexp(0.0, {x})",
    "elu": "np.where({x} > 0, {x}, {a} * np.expm1(np.minimum({x}, 0.0)))",
    "leaky_relu": "np.where({x} > 0, {x}, {a} * {x})", "threshold": "({x} > 0).astype(np.float64)",
    "prelu": "np.where({x} > 0, {x}, W[{alpha!r}][0] * {x})",
}


@dataclass
class LayerCode:
    name: str  # python identifier (from the node id)
    kind: str  # dense | rnn | lstm | gru
    n_in: int
    n_out: int
    activation: str = "linear"
    slope: float = 0.0
    return_sequences: bool = True
    bidirectional: bool = False
    nonlinearity: str = "tanh"
    #: parameter name (PyTorch naming) → array
    params: dict | None = None


#: names a layer attribute or variable must not take in the generated code: Python's keywords
#: and nn.Module's own attributes (``self.forward = nn.Linear(...)`` would recurse forever,
#: ``self.training`` is Module's train/eval flag), and the names the code itself uses
RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {
    "forward", "training", "predict", "train", "eval", "parameters", "named_parameters",
    "buffers", "children", "modules", "state_dict", "load_state_dict", "to", "cpu", "cuda",
    "double", "float", "half", "type", "apply", "zero_grad", "register_buffer",
    "register_parameter", "register_module", "add_module", "requires_grad_", "extra_repr",
    "call_super_init", "dump_patches", "get_submodule", "get_parameter", "share_memory",
    "self", "x", "h", "c", "np", "torch", "nn", "weights", "build_model", "state_dict_from",
    "WEIGHTS", "main", "sigmoid", "softmax", "tanh", "relu"}


def _ident(node_id: str) -> str:
    name = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in node_id)
    ok = name[:1].isalpha() and not name.startswith("__") and name not in RESERVED
    return name if ok else f"layer_{name}"


def _docstring_text(text: str, limit: int = 200) -> str:
    """``text`` (a project's title) made safe inside the generated module's docstring: no
    backslash or double quote (which could end the docstring and let the rest of a title run
    as code), no control character, no lone surrogate."""
    text = "".join(c for c in str(text) if c.isprintable())
    text = text.replace("\\", "/").replace('"', "'")
    return text[:limit] or "network"


def describe_layers(network, node_layers: dict) -> list[LayerCode]:
    """The engine network as a list of :class:`LayerCode`, in order; ValueError for a layer
    kind that has no code equivalent yet."""
    from nnstudio.engine.layers.dense import Dense
    from nnstudio.engine.layers.recurrent import Bidirectional, Recurrent

    names = {index: _ident(node_id) for node_id, index in node_layers.items()}
    out = []
    for i, layer in enumerate(network.layers):
        name = names.get(i, f"layer{i}")
        if isinstance(layer, Dense):
            params = {"weight": layer.params["W"].T.copy(), "bias": layer.params["b"].copy()}
            if "alpha" in layer.params:
                params["alpha"] = layer.params["alpha"].copy()
            slope = layer.slope if layer.activation == "leaky_relu" else (
                float(layer.act.default_alpha) if layer.activation == "elu" else 0.0)
            out.append(LayerCode(name, "dense", layer.n_in, layer.n_out, layer.activation,
                                 slope, params=params))
        elif isinstance(layer, (Recurrent, Bidirectional)):
            bi = isinstance(layer, Bidirectional)
            core = layer.fwd if bi else layer
            params = {}
            suffixes = ("", "_reverse") if bi else ("",)
            for suffix in suffixes:
                for engine, torch_name in (("W_ih", "weight_ih_l0"), ("W_hh", "weight_hh_l0"),
                                           ("b_ih", "bias_ih_l0"), ("b_hh", "bias_hh_l0")):
                    params[torch_name + suffix] = layer.params[engine + suffix].copy()
            out.append(LayerCode(name, core.cell_name, core.n_in, layer.output_size(),
                                 return_sequences=layer.return_sequences, bidirectional=bi,
                                 nonlinearity=getattr(core, "nonlinearity", "tanh"),
                                 params=params))
        else:
            raise ValueError(f"{name}: {type(layer).__name__} layers cannot be exported as "
                             "code yet")
    return out


def _state(layers: list[LayerCode]) -> dict[str, np.ndarray]:
    return {f"{lc.name}.{k}": v for lc in layers for k, v in lc.params.items()}


def _literal(array: np.ndarray) -> str:
    """The array as a readable Python literal (one row per line; repr: exact float64)."""
    text = pprint.pformat(np.asarray(array, dtype=np.float64).tolist(), width=92, compact=True)
    return text.replace("\n", "\n" + " " * 8)


def _weights_block(state: dict[str, np.ndarray], embed: bool, npz_name: str) -> str:
    if not embed:
        return (
            "# the weights are in the .npz file beside this script\n"
            f"WEIGHTS_FILE = Path(__file__).with_name({npz_name!r})\n\n\n"
            "def load_weights() -> dict:\n"
            "    with np.load(WEIGHTS_FILE, allow_pickle=False) as data:\n"
            "        return {key: data[key] for key in data.files}\n"
        )
    lines = ["WEIGHTS = {"]
    for key, value in state.items():
        lines.append(f"    {key!r}: np.array(\n        {_literal(value)}),")
    lines.append("}\n\n")
    lines.append("def load_weights() -> dict:\n    return dict(WEIGHTS)\n")
    return "\n".join(lines)


def describe_output(loss: str, layers: list[LayerCode]) -> tuple[str, str]:
    """What ``forward`` and ``predict`` of the generated code return, as the module docstring
    says it, and in short (the NumPy ``forward``'s docstring). Logits only where the loss
    takes them (the cross-entropies); a threshold layer's 0/1, a regression's ŷ otherwise."""
    last = layers[-1] if layers else None
    act = last.activation if last is not None and last.kind == "dense" else None
    many = last is not None and last.n_out > 1
    if act == "threshold":  # the perceptron: a step of x·w + b, no loss link applied
        units = "one 0/1 unit per class (one-vs-rest)" if many else "the predicted class"
        return (f"forward(x) returns the threshold units' outputs, 0 or 1 (1 where "
                f"w·x + b > 0): {units}; predict(x) returns the same.",
                "The threshold units' outputs (0 or 1)")
    if last is None:
        values, short = "its input", "The input"
    elif act is None:  # a recurrent layer last
        values, short = f"the {last.kind} layer's hidden states", "The hidden states"
    elif act == "linear":
        values, short = "the output layer's weighted sums", "The weighted sums"
    else:
        values, short = f"the output layer's {act} values", f"The {act} values"
    if loss in ("bce", "ce"):
        link = ("the sigmoid: P(class 1)" if loss == "bce"
                else "the softmax: the class probabilities")
        taken = "the raw output (logits)" if act in ("linear", None) else (
            f"{values}, which the cross-entropy takes as logits")
        return (f"forward(x) returns {taken}; predict(x) applies the loss's link, {link}.",
                "Raw output (logits)" if act in ("linear", None) else f"{short} (taken as logits)")
    return (f"forward(x) returns the prediction ŷ itself ({values}: the squared error has no "
            "link); predict(x) returns the same.", f"The prediction ŷ ({short.lower()})")


def _header(lang: str, title: str, loss: str, layers: list[LayerCode], steps: int,
            rule: str = "gradient") -> str:
    shape = "(N, T, {})" if layers and layers[0].kind != "dense" else "(N, {})"
    chain = " → ".join(f"{lc.name} ({lc.kind}{', ' + lc.activation if lc.kind == 'dense' else ''}"
                       f", {lc.n_out})" for lc in layers)
    what = "PyTorch nn.Module" if lang == "pytorch" else "NumPy-only script"
    how = " of the perceptron rule" if rule == "perceptron" else ""
    return (
        f'"""{_docstring_text(title)}: exported by nnstudio as a {what}.\n\n'
        f"Layers: input {shape.format(layers[0].n_in if layers else 0)} → {chain}.\n"
        f"{describe_output(loss, layers)[0]}\n"
        f"Weights: after {steps} training steps{how} in nnstudio.\n"
        '"""\n\n'
    )


# -- PyTorch -------------------------------------------------------------------------------------
def _torch_source(layers: list[LayerCode], loss: str, title: str, steps: int, embed: bool,
                  npz_name: str, rule: str = "gradient") -> str:
    out = io.StringIO()
    out.write(_header("pytorch", title, loss, layers, steps, rule))
    out.write("from pathlib import Path\n\nimport numpy as np\nimport torch\n"
              "import torch.nn.functional as F\nfrom torch import nn\n\n")
    out.write(_weights_block(_state(layers), embed, npz_name))
    out.write("\n\nclass Net(nn.Module):\n    def __init__(self) -> None:\n"
              "        super().__init__()\n")
    for lc in layers:
        if lc.kind == "dense":
            out.write(f"        self.{lc.name} = nn.Linear({lc.n_in}, {lc.n_out})\n")
            if lc.activation == "prelu":
                out.write(f"        self.{lc.name}_prelu = nn.PReLU(1)\n")
        else:
            hidden = lc.n_out // 2 if lc.bidirectional else lc.n_out
            cls = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}[lc.kind]
            extra = f", nonlinearity={lc.nonlinearity!r}" if lc.kind == "rnn" else ""
            out.write(f"        self.{lc.name} = nn.{cls}({lc.n_in}, {hidden}, batch_first=True, "
                      f"bidirectional={lc.bidirectional}{extra})\n")
    out.write("\n    def forward(self, x: torch.Tensor) -> torch.Tensor:\n")
    for lc in layers:
        if lc.kind == "dense":
            out.write(f"        x = self.{lc.name}(x)\n")
            if lc.activation == "prelu":
                out.write(f"        x = self.{lc.name}_prelu(x)\n")
            elif lc.activation != "linear":
                expr = _TORCH_ACT[lc.activation].format(x="x", a=repr(float(lc.slope)))
                out.write(f"        x = {expr}\n")
        else:
            out.write(f"        x, _ = self.{lc.name}(x)\n")
            if not lc.return_sequences:
                if lc.bidirectional:
                    half = lc.n_out // 2
                    out.write(f"        x = torch.cat([x[:, -1, :{half}], x[:, 0, {half}:]], "
                              "dim=-1)  # last step of each direction\n")
                else:
                    out.write("        x = x[:, -1]  # many-to-one: the last step\n")
    out.write("        return x\n\n")
    link = {"bce": "torch.sigmoid(self.forward(x))", "ce": "torch.softmax(self.forward(x), -1)",
            "mse": "self.forward(x)"}[loss]
    out.write("    def predict(self, x: torch.Tensor) -> torch.Tensor:\n"
              f"        return {link}\n\n\n")
    out.write(
        "def state_dict_from(weights: dict) -> dict:\n"
        "    state = {}\n"
        "    for key, value in weights.items():\n"
        "        if key.endswith('.alpha'):\n"
        "            key = key[: -len('.alpha')] + '_prelu.weight'\n"
        "        state[key] = torch.tensor(np.asarray(value), dtype=torch.float64)\n"
        "    return state\n\n\n"
        "def build_model() -> Net:\n"
        "    \"\"\"The network with nnstudio's weights, in float64 like nnstudio.\"\"\"\n"
        "    model = Net().double()\n"
        "    model.load_state_dict(state_dict_from(load_weights()))\n"
        "    model.eval()\n"
        "    return model\n\n\n"
    )
    example = _example_shape(layers)
    out.write(
        "if __name__ == \"__main__\":\n"
        "    model = build_model()\n"
        f"    x = torch.zeros({example}, dtype=torch.float64)\n"
        "    with torch.no_grad():\n"
        "        print(model.predict(x))\n"
    )
    return out.getvalue()


def _example_shape(layers: list[LayerCode]) -> str:
    if layers and layers[0].kind != "dense":
        return f"(1, 5, {layers[0].n_in})"
    return f"(1, {layers[0].n_in if layers else 1})"


# -- NumPy ---------------------------------------------------------------------------------------
_NUMPY_HELPERS = '''
def sigmoid(z):
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))),
                    np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def dense(x, w, b):
    """x (..., n_in) @ w.T + b, w (n_out, n_in) as in PyTorch's nn.Linear."""
    return x @ w.T + b


def recurrent(x, w_ih, w_hh, b_ih, b_hh, cell, nonlinearity="tanh", reverse=False):
    """Run one recurrent layer over x (N, T, I) from a zero state; returns h (N, T, H).
    Gate order and equations as PyTorch's nn.RNN / nn.LSTM / nn.GRU."""
    n, steps, _ = x.shape
    hidden = w_hh.shape[1]
    h = np.zeros((n, hidden))
    c = np.zeros((n, hidden))
    out = np.zeros((n, steps, hidden))
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    for t in order:
        gi = x[:, t] @ w_ih.T + b_ih
        gh = h @ w_hh.T + b_hh
        if cell == "rnn":
            h = np.tanh(gi + gh) if nonlinearity == "tanh" else np.maximum(gi + gh, 0.0)
        elif cell == "lstm":
            i, f, g, o = np.split(gi + gh, 4, axis=1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
        else:  # gru
            i_r, i_z, i_n = np.split(gi, 3, axis=1)
            h_r, h_z, h_n = np.split(gh, 3, axis=1)
            r = sigmoid(i_r + h_r)
            z = sigmoid(i_z + h_z)
            cand = np.tanh(i_n + r * h_n)
            h = (1.0 - z) * cand + z * h
        out[:, t] = h
    return out
'''


def _numpy_source(layers: list[LayerCode], loss: str, title: str, steps: int, embed: bool,
                  npz_name: str, rule: str = "gradient") -> str:
    out = io.StringIO()
    out.write(_header("numpy", title, loss, layers, steps, rule))
    out.write("from pathlib import Path\n\nimport numpy as np\n\n")
    out.write(_weights_block(_state(layers), embed, npz_name))
    out.write("\n" + _NUMPY_HELPERS + "\n\nW = load_weights()\n\n\n")
    out.write(f"def forward(x):\n    \"\"\"{describe_output(loss, layers)[1]} for x: "
              f"{'(N, T, features)' if layers and layers[0].kind != 'dense' else '(N, features)'}"
              ".\"\"\"\n    x = np.asarray(x, dtype=np.float64)\n")
    for lc in layers:
        p = lc.name
        if lc.kind == "dense":
            out.write(f"    x = dense(x, W[{p + '.weight'!r}], W[{p + '.bias'!r}])\n")
            if lc.activation != "linear":
                expr = _NUMPY_ACT[lc.activation].format(x="x", a=repr(float(lc.slope)),
                                                         alpha=p + ".alpha")
                out.write(f"    x = {expr}\n")
        else:
            args = (f"W[{p + '.weight_ih_l0'!r}], W[{p + '.weight_hh_l0'!r}], "
                    f"W[{p + '.bias_ih_l0'!r}], W[{p + '.bias_hh_l0'!r}], {lc.kind!r}, "
                    f"{lc.nonlinearity!r}")
            if lc.bidirectional:
                rargs = args.replace("_l0'", "_l0_reverse'")
                out.write(f"    fwd = recurrent(x, {args})\n")
                out.write(f"    bwd = recurrent(x, {rargs}, reverse=True)\n")
                if lc.return_sequences:
                    out.write("    x = np.concatenate([fwd, bwd], axis=-1)\n")
                else:
                    out.write("    x = np.concatenate([fwd[:, -1], bwd[:, 0]], axis=-1)\n")
            else:
                out.write(f"    x = recurrent(x, {args})\n")
                if not lc.return_sequences:
                    out.write("    x = x[:, -1]  # many-to-one: the last step\n")
    out.write("    return x\n\n\n")
    link = {"bce": "sigmoid(forward(x))", "ce": "softmax(forward(x))", "mse": "forward(x)"}[loss]
    out.write(f"def predict(x):\n    return {link}\n\n\n")
    example = _example_shape(layers)
    out.write(f"if __name__ == \"__main__\":\n    print(predict(np.zeros({example})))\n")
    return out.getvalue()


# -- entry points --------------------------------------------------------------------------------
def generate(session, lang: str, title: str = "network", weights: str = "auto",
             npz_name: str = "weights.npz",
             steps: int | None = None) -> tuple[str, dict[str, np.ndarray] | None]:
    """Source code for ``session``'s network (with its current weights) and, when the weights
    go to a file, the arrays for that .npz (else None)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language: {lang!r} is not one of {', '.join(LANGUAGES)}")
    layers = describe_layers(session.network, session.node_layers)
    state = _state(layers)
    total = sum(v.size for v in state.values())
    embed = weights == "embed" or (weights == "auto" and total <= EMBED_LIMIT)
    loss = session.network.loss_name
    make = _torch_source if lang == "pytorch" else _numpy_source
    rule = "perceptron" if getattr(session, "perceptron", False) else "gradient"
    source = make(layers, loss, title, session.steps if steps is None else steps, embed,
                  npz_name, rule)
    return source, None if embed else state


def export_code(session, lang: str, out: str | Path, title: str = "network",
                weights: str = "auto", steps: int | None = None) -> list[Path]:
    """Write the code to ``out`` (and ``out``'s stem + .npz when the weights go to a file);
    returns the files written."""
    from nnstudio.document.io import atomic_write_bytes, atomic_write_text

    out = Path(out)
    npz = out.with_suffix(".npz")
    source, arrays = generate(session, lang, title, weights, npz.name, steps)
    written = []
    if arrays is not None:
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        atomic_write_bytes(npz, buffer.getvalue())
        written.append(npz)
    atomic_write_text(out, source)
    written.insert(0, out)
    return written
