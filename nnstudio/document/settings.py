"""Schema of the project's ``dataset`` and ``training`` sections, as dotted keys.

The same table validates project files, the ``--set KEY=VALUE`` options of the command line
and the controls of the main window. Keys are dotted paths into the project file, e.g.
``training.learning_rate`` or ``training.adam.beta1`` (one sub-section per optimizer, so that
switching optimizer keeps each one's settings).
"""

from __future__ import annotations

from .datasets import DATASET_TYPES
from .inside_datasets import inside_settings
from .schema import ParamSpec

DATASET_CHOICES = tuple(DATASET_TYPES)
LOSS_CHOICES = ("bce", "ce", "mse")
LOSS_LABELS = {
    "bce": "Sigmoid cross-entropy (from logits)",
    "ce": "Softmax cross-entropy (from logits)",
    "mse": "Squared error C = 1/(2N) Σ‖ŷ−y‖²",
}
OPTIMIZER_CHOICES = ("sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam")
RULE_CHOICES = ("gradient", "perceptron")
RULE_LABELS = {"gradient": "Gradient descent (backpropagation)",
               "perceptron": "Perceptron rule (Rosenblatt)"}
LANDSCAPE_CHOICES = ("valley", "saddle", "rosenbrock", "network")
LANDSCAPE_LABELS = {"valley": "Ill-conditioned valley", "saddle": "Saddle point",
                    "rosenbrock": "Rosenbrock", "network": "The network's loss (two weights)"}

_SEED_MAX = 2**31 - 1


def _specs() -> dict[str, ParamSpec]:
    specs = [
        ParamSpec("dataset.name", "choice", "circle", "Dataset", choices=DATASET_CHOICES,
                  extra={"labels": {d.name: d.label for d in DATASET_TYPES.values()}}),
        ParamSpec("dataset.samples", "int", 500, "Samples", 10, 5000,
                  help="Number of points in train and test together."),
        ParamSpec("dataset.noise", "float", 0.1, "Noise", 0.0, 1.0,
                  help="Noise as a fraction of the data's scale (0 = clean)."),
        ParamSpec("dataset.test_fraction", "float", 0.5, "Test fraction", 0.0, 0.9,
                  help="Share of the points held out for testing."),
        ParamSpec("dataset.seed", "int", 1, "Data seed", 0, _SEED_MAX),
        ParamSpec("training.learning_rate", "float", 0.03, "Learning rate", 1e-6, 10.0, log=True,
                  help="Step size η of gradient descent."),
        ParamSpec("training.batch_size", "int", 10, "Batch size", 1, 10_000,
                  help="1 = online (stochastic) learning; ≥ training samples = full batch."),
        ParamSpec("training.loss", "choice", "bce", "Loss", choices=LOSS_CHOICES,
                  extra={"labels": LOSS_LABELS}),
        ParamSpec("training.optimizer", "choice", "sgd", "Optimizer", choices=OPTIMIZER_CHOICES),
        ParamSpec("training.seed", "int", 0, "Seed", 0, _SEED_MAX,
                  help="Seed of weight initialization and batch shuffling: same seed, same run."),
        ParamSpec("training.l2", "float", 0.0, "L2", 0.0, 10.0,
                  help="L2 regularization: adds λ/2·Σw² to the cost (weights, not biases)."),
        ParamSpec("training.l1", "float", 0.0, "L1", 0.0, 10.0,
                  help="L1 regularization: adds λ·Σ|w| to the cost (weights, not biases)."),
        ParamSpec("training.clip_norm", "float", 0.0, "Clip norm", 0.0, 1e6,
                  help="Clip the gradient's global norm to this value (0 = off)."),
        ParamSpec("training.lr_schedule", "choice", "constant", "LR schedule",
                  choices=("constant", "step", "exponential")),
        ParamSpec("training.lr_gamma", "float", 0.5, "LR decay γ", 1e-6, 1.0,
                  help="Factor of the step and exponential schedules."),
        ParamSpec("training.lr_step_size", "int", 1000, "LR step size", 1, 10_000_000,
                  help="Steps between decays of the step schedule."),
        ParamSpec("training.momentum.momentum", "float", 0.9, "Momentum μ", 0.0, 0.999),
        ParamSpec("training.nesterov.momentum", "float", 0.9, "Momentum μ", 0.0, 0.999),
        ParamSpec("training.adagrad.eps", "float", 1e-10, "ε", 1e-12, 1e-2, log=True),
        ParamSpec("training.adadelta.rho", "float", 0.9, "ρ", 0.0, 0.9999),
        ParamSpec("training.adadelta.eps", "float", 1e-6, "ε", 1e-12, 1e-2, log=True),
        ParamSpec("training.rmsprop.alpha", "float", 0.99, "α", 0.0, 0.9999),
        ParamSpec("training.rmsprop.eps", "float", 1e-8, "ε", 1e-12, 1e-2, log=True),
        ParamSpec("training.adam.beta1", "float", 0.9, "β₁", 0.0, 0.9999),
        ParamSpec("training.adam.beta2", "float", 0.999, "β₂", 0.0, 0.99999),
        ParamSpec("training.adam.eps", "float", 1e-8, "ε", 1e-12, 1e-2, log=True),
        # training methods and their comparison (race and loss landscape views)
        ParamSpec("training.rule", "choice", "gradient", "Learning rule", choices=RULE_CHOICES,
                  extra={"labels": RULE_LABELS},
                  help="Gradient descent with the chosen optimizer, or Rosenblatt's perceptron "
                       "rule for a single layer of threshold units."),
        ParamSpec("training.compare.optimizers", "str", ",".join(OPTIMIZER_CHOICES),
                  "Compared optimizers",
                  help="Comma-separated optimizers the race and the landscape compare (2 to 7), "
                       "e.g. sgd,momentum,adam."),
        ParamSpec("training.compare.learning_rates", "choice", "suggested",
                  "Compared learning rates", choices=("suggested", "shared"),
                  help="'suggested': each optimizer its own usual learning rate (see "
                       "docs/optimizers.md); 'shared': training.learning_rate for all."),
        ParamSpec("training.race.target", "float", 0.1, "Target loss", 1e-9, 1e9, log=True,
                  help="The race counts the steps each optimizer needs to reach this "
                       "training loss."),
        ParamSpec("training.landscape.surface", "choice", "valley", "Landscape",
                  choices=LANDSCAPE_CHOICES, extra={"labels": LANDSCAPE_LABELS},
                  help="A classic surface, or the network's own loss over two of its weights."),
        ParamSpec("training.landscape.weights", "str", "", "Landscape weights",
                  help="For the network landscape: two weights as 'node.W[i,j];node.b[k]' "
                       "(empty: the first unit's two input weights)."),
        ParamSpec("training.landscape.start", "str", "", "Landscape start",
                  help="Start point 'x,y' of the optimizers' paths (empty: the surface's "
                       "suggested start, or the network's initial weights)."),
        # sequence datasets (recurrent networks; see document/sequence_datasets.py)
        ParamSpec("dataset.seq_len", "int", 20, "Sequence length T", 1, 1000,
                  help="Time steps per sequence (delayed recall: the delay to bridge)."),
        ParamSpec("dataset.symbols", "int", 4, "Symbols", 2, 26,
                  help="Delayed recall: how many symbols to choose from (chance = 1/symbols)."),
        ParamSpec("dataset.many_to_many", "bool", False, "Answer at every step",
                  help="Parity: the running parity at every step (many-to-many) instead of "
                       "one answer at the end (many-to-one)."),
        ParamSpec("dataset.temperature", "float", 0.7, "Sampling temperature", 0.0, 2.0,
                  help="Characters: how boldly the model writes. Text is sampled from "
                       "softmax(logits / temperature); 0 always takes the likeliest character."),
    ]
    specs += inside_settings()  # k classes, input features, your data (inside_datasets.py)
    return {spec.name: spec for spec in specs}


SETTINGS: dict[str, ParamSpec] = _specs()
SECTIONS = ("dataset", "training")


def optimizer_hyperparameters(optimizer: str, settings: dict) -> dict:
    """The hyperparameters of ``optimizer`` from a flat settings dict, e.g. {'beta1': 0.9}."""
    prefix = f"training.{optimizer}."
    return {k[len(prefix):]: v for k, v in settings.items() if k.startswith(prefix)}


def default_settings() -> dict:
    return {key: spec.default for key, spec in SETTINGS.items()}
