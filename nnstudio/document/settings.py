"""Schema of the project's ``dataset`` and ``training`` sections, as dotted keys.

The same table validates project files, the ``--set KEY=VALUE`` options of the command line
and the controls of the main window. Keys are dotted paths into the project file, e.g.
``training.learning_rate`` or ``training.adam.beta1`` (one sub-section per optimizer, so that
switching optimizer keeps each one's settings).
"""

from __future__ import annotations

from .schema import ParamSpec

DATASET_CHOICES = ("circle", "xor", "gaussians", "spiral")
LOSS_CHOICES = ("bce", "ce", "mse")
LOSS_LABELS = {
    "bce": "Sigmoid cross-entropy (from logits)",
    "ce": "Softmax cross-entropy (from logits)",
    "mse": "Squared error C = 1/(2N) Σ‖ŷ−y‖²",
}
OPTIMIZER_CHOICES = ("sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam")

_SEED_MAX = 2**31 - 1


def _specs() -> dict[str, ParamSpec]:
    specs = [
        ParamSpec("dataset.name", "choice", "circle", "Dataset", choices=DATASET_CHOICES),
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
        ParamSpec("training.adagrad.eps", "float", 1e-10, "ε", 0.0, 1.0),
        ParamSpec("training.adadelta.rho", "float", 0.9, "ρ", 0.0, 0.9999),
        ParamSpec("training.adadelta.eps", "float", 1e-6, "ε", 0.0, 1.0),
        ParamSpec("training.rmsprop.alpha", "float", 0.99, "α", 0.0, 0.9999),
        ParamSpec("training.rmsprop.eps", "float", 1e-8, "ε", 0.0, 1.0),
        ParamSpec("training.adam.beta1", "float", 0.9, "β₁", 0.0, 0.9999),
        ParamSpec("training.adam.beta2", "float", 0.999, "β₂", 0.0, 0.99999),
        ParamSpec("training.adam.eps", "float", 1e-8, "ε", 0.0, 1.0),
    ]
    return {spec.name: spec for spec in specs}


SETTINGS: dict[str, ParamSpec] = _specs()
SECTIONS = ("dataset", "training")


def optimizer_hyperparameters(optimizer: str, settings: dict) -> dict:
    """The hyperparameters of ``optimizer`` from a flat settings dict, e.g. {'beta1': 0.9}."""
    prefix = f"training.{optimizer}."
    return {k[len(prefix):]: v for k, v in settings.items() if k.startswith(prefix)}


def default_settings() -> dict:
    return {key: spec.default for key, spec in SETTINGS.items()}
