"""The one registry of layer types, read by the palette, the inspector, the loader and the compiler.

Each :class:`LayerType` is data: id, display name, category, icon name, parameter schema and a
factory building the engine layer(s). A new layer type is one entry in :data:`LAYER_TYPES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .schema import ParamSpec

#: activation names the engine implements (nnstudio.engine.activations.ACTIVATIONS)
ACTIVATION_CHOICES = (
    "tanh", "sigmoid", "relu", "leaky_relu", "prelu", "linear", "threshold", "softplus", "elu",
)
INIT_CHOICES = ("xavier", "he", "uniform", "zeros")

MIME_TYPE = "application/x-nnstudio-layer"


@dataclass(frozen=True)
class LayerType:
    id: str
    name: str
    category: str
    icon: str
    description: str
    params: tuple[ParamSpec, ...]
    #: "input" (fed by the dataset), "output" (fed to the loss) or "hidden"
    role: str = "hidden"
    #: builds engine layers: factory(params, n_in, rng, context) -> list[Layer]
    factory: Callable | None = field(default=None, compare=False)
    #: whether the palette offers it (there is exactly one input node, made with the project)
    in_palette: bool = True

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def defaults(self) -> dict:
        return {spec.name: spec.default for spec in self.params}


def _dense_factory(params: dict, n_in: int, rng, context: dict) -> list:
    from nnstudio.engine.layers.dense import Dense

    activation = params["activation"]
    if activation == "auto":
        activation = "linear"  # losses from logits apply their own link (sigmoid / softmax)
    return [
        Dense(n_in, params["units"], activation=activation, init=params["init"], rng=rng,
              slope=params.get("slope", 0.01))
    ]


_UNITS = ParamSpec("units", "int", 4, "Units", 1, 256, help="Number of neurons in the layer.")
_INIT = ParamSpec(
    "init", "choice", "xavier", "Initialization", choices=INIT_CHOICES,
    help="How the weights are drawn: Xavier/Glorot uniform, He normal, U(−0.5, 0.5) or zeros.",
)
_SLOPE = ParamSpec(
    "slope", "float", 0.01, "Leaky slope", 0.0, 1.0,
    help="Negative slope of leaky ReLU (and the initial slope of PReLU is 0.25, learned).",
)

LAYER_TYPES: dict[str, LayerType] = {}


def register(layer_type: LayerType) -> LayerType:
    if layer_type.id in LAYER_TYPES:
        raise ValueError(f"layer type {layer_type.id!r} registered twice")
    LAYER_TYPES[layer_type.id] = layer_type
    return layer_type


register(LayerType(
    id="input", name="Input", category="Input / output", icon="input",
    description="The dataset's features. Its size comes from the dataset.",
    params=(), role="input", in_palette=False,
))
register(LayerType(
    id="dense", name="Dense", category="Feed-forward", icon="dense",
    description="Fully connected layer: a = f(x·W + b).",
    params=(
        _UNITS,
        ParamSpec("activation", "choice", "tanh", "Activation", choices=ACTIVATION_CHOICES,
                  help="Nonlinearity f applied to every unit."),
        _INIT,
        _SLOPE,
    ),
    factory=_dense_factory,
))
register(LayerType(
    id="output", name="Output", category="Input / output", icon="output",
    description=(
        "The network's prediction. With the cross-entropy losses its units are logits and the "
        "loss applies the sigmoid or softmax (activation 'auto')."
    ),
    params=(
        ParamSpec("units", "int", 1, "Units", 1, 256,
                  help="1 for two classes or one target, k for k classes."),
        ParamSpec("activation", "choice", "auto", "Activation",
                  choices=("auto",) + ACTIVATION_CHOICES,
                  help="'auto': logits for cross-entropy, linear for the squared-error cost."),
        _INIT,
        _SLOPE,
    ),
    role="output",
    factory=_dense_factory,
))


def palette_types() -> list[LayerType]:
    return [t for t in LAYER_TYPES.values() if t.in_palette]


# recurrent layer types (RNN, LSTM, GRU, Bidirectional) register themselves
from . import recurrent_types  # noqa: E402,F401
