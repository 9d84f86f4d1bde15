"""Recurrent layer types (RNN, LSTM, GRU, Bidirectional) for the layer registry.

Imported at the end of :mod:`nnstudio.document.registry`, so they are ordinary entries of
``LAYER_TYPES``: the palette shows them under "Recurrent", the inspector edits their
parameters and the compiler builds them with the factories below.

* ``units`` is the size H of the hidden state (per direction for Bidirectional, whose output
  is [forward ; backward], 2·H wide);
* ``return_sequences``: on = many-to-many (h_t at every step, shape (N, T, H): a following
  Dense or Output layer is applied at every step, and another recurrent layer can read it:
  a deep RNN is a chain of recurrent nodes); off = many-to-one (only the last h_T, (N, H));
* ``bptt_steps``: truncated back-propagation through time (0 = through every step).

Bidirectional is one node type with a ``cell`` choice rather than a flag on each cell type:
a student drags "Bidirectional" from the palette as the lecture names it, and the three cell
types keep short parameter lists.
"""

from __future__ import annotations

from .registry import LayerType, register
from .schema import ParamSpec

CELLS = ("rnn", "lstm", "gru")
CELL_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
RECURRENT_TYPE_IDS = ("rnn", "lstm", "gru", "bidirectional")
RECURRENT_INITS = ("xavier", "orthogonal", "torch")
INIT_LABELS = {
    "xavier": "Xavier / Glorot uniform",
    "orthogonal": "Orthogonal W (recurrent), Xavier U",
    "torch": "PyTorch default U(−1/√H, 1/√H)",
}

_UNITS = ParamSpec("units", "int", 16, "Hidden units", 1, 256,
                   help="Size H of the hidden state s_t (the layer's memory).")
_RETURN = ParamSpec(
    "return_sequences", "bool", True, "Many-to-many (output every step)",
    help="On: the layer outputs s_t at every time step (many-to-many; needed before another "
         "recurrent layer or for a prediction at every step). Off: only the last state s_T "
         "(many-to-one: one answer per sequence).",
)
_BPTT = ParamSpec(
    "bptt_steps", "int", 0, "BPTT steps", 0, 1000,
    help="Truncated backpropagation through time: the error flows back at most this many "
         "steps (0 = through the whole sequence).",
)
_INIT = ParamSpec("init", "choice", "xavier", "Initialization", choices=RECURRENT_INITS,
                  extra={"labels": INIT_LABELS},
                  help="How U (input weights) and W (recurrent weights) are drawn.")
_NONLIN = ParamSpec("nonlinearity", "choice", "tanh", "Nonlinearity f", choices=("tanh", "relu"),
                    help="f in s_t = f(U·x_t + W·s_{t−1} + b).")
_FORGET = ParamSpec(
    "forget_bias", "float", 1.0, "Forget-gate bias", 0.0, 10.0,
    help="Added to the forget gate's bias at initialization: a positive value starts the "
         "LSTM remembering (f ≈ σ(1) = 0.73).",
)


def _recurrent_kwargs(cell: str, params: dict) -> dict:
    kwargs = {"init": params["init"], "bptt_steps": params["bptt_steps"]}
    if cell == "rnn":
        kwargs["nonlinearity"] = params.get("nonlinearity", "tanh")
    if cell == "lstm":
        kwargs["forget_bias"] = params.get("forget_bias", 1.0)
    return kwargs


def _cell_factory(cell: str):
    def factory(params: dict, n_in: int, rng, context: dict) -> list:
        from nnstudio.engine.layers.recurrent import Recurrent

        return [Recurrent(n_in, params["units"], cell, params["return_sequences"], rng,
                          **_recurrent_kwargs(cell, params))]

    return factory


def _bidirectional_factory(params: dict, n_in: int, rng, context: dict) -> list:
    from nnstudio.engine.layers.recurrent import Bidirectional, Recurrent

    cell = params["cell"]
    kwargs = _recurrent_kwargs(cell, params)
    seq = params["return_sequences"]
    return [Bidirectional(Recurrent(n_in, params["units"], cell, seq, rng, **kwargs),
                          Recurrent(n_in, params["units"], cell, seq, rng, **kwargs))]


register(LayerType(
    id="rnn", name="RNN", category="Recurrent", icon="rnn",
    description="Simple (Elman) recurrent layer: s_t = f(U·x_t + W·s_{t−1} + b), the same U "
                "and W at every time step.",
    params=(_UNITS, _RETURN, _NONLIN, _INIT, _BPTT),
    factory=_cell_factory("rnn"),
))
register(LayerType(
    id="lstm", name="LSTM", category="Recurrent", icon="lstm",
    description="Long short-term memory: a cell state c_t = f⊙c_{t−1} + i⊙g, guarded by input, "
                "forget and output gates, carries information over long time lags.",
    params=(_UNITS, _RETURN, _FORGET, _INIT, _BPTT),
    factory=_cell_factory("lstm"),
))
register(LayerType(
    id="gru", name="GRU", category="Recurrent", icon="gru",
    description="Gated recurrent unit: an update gate z mixes the old state and a new "
                "candidate, h_t = (1−z)⊙n + z⊙h_{t−1}; a reset gate r controls what of the "
                "past the candidate sees.",
    params=(_UNITS, _RETURN, _INIT, _BPTT),
    factory=_cell_factory("gru"),
))
register(LayerType(
    id="bidirectional", name="Bidirectional", category="Recurrent", icon="bidirectional",
    description="Two recurrent layers, one reading the sequence forwards and one backwards; "
                "their states are joined, [→s_t ; ←s_t], so every step sees past and future. "
                "Output size 2 × hidden units.",
    params=(
        ParamSpec("cell", "choice", "lstm", "Cell", choices=CELLS,
                  extra={"labels": CELL_NAMES},
                  help="The recurrent cell of both directions."),
        ParamSpec("units", "int", 16, "Hidden units (per direction)", 1, 256,
                  help="Size H of each direction's state; the layer outputs 2·H values."),
        _RETURN, _NONLIN, _FORGET, _INIT, _BPTT,
    ),
    factory=_bidirectional_factory,
))


def output_width(node) -> int:
    """Width of a recurrent node's output (2·units for Bidirectional)."""
    units = int(node.params["units"])
    return 2 * units if node.type == "bidirectional" else units


def cell_of(node) -> str | None:
    """'rnn' / 'lstm' / 'gru' for a recurrent node, else None."""
    if node.type in CELLS:
        return node.type
    if node.type == "bidirectional":
        return node.params["cell"]
    return None
