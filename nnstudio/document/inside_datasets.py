"""Datasets and settings for looking inside feed-forward networks (imported at the end of
document/datasets.py): multi-class spirals and blobs, curve fitting, regression surfaces, the
bundled iris and digits, the user's own data, and the extra input features.

The feature settings (``dataset.features.*``) apply to every dataset whose inputs are plane
coordinates (the 2-D toys, curves, surfaces, your 1- or 2-D points), through
:func:`apply_features`, which ``compile.make_dataset`` calls; so they are not listed in each
dataset's keys.
"""

from __future__ import annotations

from collections.abc import Callable

from .datasets import DatasetType, register_dataset
from .errors import ProjectError
from .schema import ParamSpec
from .user_data import coerce_points

FEATURE_KEYS = (
    "dataset.features.x1_squared", "dataset.features.x2_squared", "dataset.features.x1x2",
    "dataset.features.sin_x1", "dataset.features.sin_x2",
)
_COMMON = ("dataset.samples", "dataset.noise", "dataset.test_fraction", "dataset.seed")
POINT_KEYS = ("dataset.points", "dataset.points_task", "dataset.points_names",
              "dataset.points_classes", "dataset.standardize", "dataset.test_fraction",
              "dataset.seed")


def inside_settings() -> list[ParamSpec]:
    """The settings this part adds (appended to the schema, in this order)."""
    return [
        ParamSpec("dataset.classes", "int", 3, "Classes", 2, 8,
                  help="Spiral arms and gaussian blobs: how many classes (k)."),
        ParamSpec(FEATURE_KEYS[0], "bool", False, "x₁²",
                  help="Data on the plane (2-D toys, curves, surfaces, your points): feed x₁² "
                       "as an extra input."),
        ParamSpec(FEATURE_KEYS[1], "bool", False, "x₂²", help="Feed x₂² as an extra input."),
        ParamSpec(FEATURE_KEYS[2], "bool", False, "x₁·x₂",
                  help="Feed the product x₁·x₂ as an extra input."),
        ParamSpec(FEATURE_KEYS[3], "bool", False, "sin x₁", help="Feed sin x₁ as an extra input."),
        ParamSpec(FEATURE_KEYS[4], "bool", False, "sin x₂", help="Feed sin x₂ as an extra input."),
        ParamSpec("dataset.autoencoder", "bool", False, "Autoencoder",
                  help="Iris and digits: the target is the input itself (reconstruct it through "
                       "a narrow layer); the classes only colour the code space."),
        ParamSpec("dataset.points", "data", (), "Your data",
                  help="The data of dataset 'points': a list of rows [feature, ..., target] "
                       "(at most 5000 rows of 1 to 64 features; finite numbers; class targets "
                       "0 to 9). Filled by clicking on the data view or by CSV import.",
                  extra={"coerce": coerce_points}),
        ParamSpec("dataset.points_task", "choice", "classification", "Task",
                  choices=("classification", "regression"),
                  help="Your data: the target is a class (0 to 9) or a value."),
        ParamSpec("dataset.points_names", "str", "", "Column names",
                  help="Your data: comma-separated names of the features and the target."),
        ParamSpec("dataset.points_classes", "str", "", "Class names",
                  help="Your data: comma-separated names of the classes 0, 1, ..."),
        ParamSpec("dataset.standardize", "bool", False, "Standardize",
                  help="Your data: scale every feature (and a regression target) to mean 0 "
                       "and standard deviation 1, with the training set's statistics."),
    ]


def chosen_features(settings: dict) -> list[str]:
    return [k.rsplit(".", 1)[1] for k in FEATURE_KEYS if settings.get(k)]


def apply_features(dataset, settings: dict):
    """``dataset`` with the extra inputs the settings choose (unchanged when none apply)."""
    features = chosen_features(settings)
    if not features:
        return dataset
    from nnstudio.engine.datasets.features import with_features

    try:
        return with_features(dataset, features)
    except ValueError as exc:
        raise ProjectError("dataset.features", str(exc).partition(": ")[2] or str(exc)) from None


# -- builders ----------------------------------------------------------------------------------
def _named(build: Callable) -> Callable:
    """A builder whose refusals (ValueError "points: ...") become ProjectErrors naming the
    setting, so the command line and the window say what to fix (no traceback)."""

    def checked(settings: dict):
        try:
            return build(settings)
        except ProjectError:
            raise
        except ValueError as exc:
            key, sep, message = str(exc).partition(": ")
            field = f"dataset.{key}" if sep and f"dataset.{key}" in _KNOWN else "dataset"
            raise ProjectError(field, message if sep else str(exc)) from None

    return checked


_KNOWN = {"dataset.points", "dataset.points_task", "dataset.samples", "dataset.noise",
          "dataset.test_fraction", "dataset.classes", "dataset.features"}


def _args(settings: dict) -> dict:
    return {"samples": settings["dataset.samples"], "noise": settings["dataset.noise"],
            "test_fraction": settings["dataset.test_fraction"], "seed": settings["dataset.seed"]}


def _k_classes(kind: str) -> Callable:
    def build(settings: dict):
        from nnstudio.engine.datasets import tasks

        make = tasks.make_spiral_arms if kind == "spiral_arms" else tasks.make_blobs
        return make(classes=settings["dataset.classes"], **_args(settings))

    return build


def _curve(kind: str) -> Callable:
    def build(settings: dict):
        from nnstudio.engine.datasets.tasks import make_curve

        return make_curve(kind, **_args(settings))

    return build


def _surface(kind: str) -> Callable:
    def build(settings: dict):
        from nnstudio.engine.datasets.tasks import make_surface

        return make_surface(kind, **_args(settings))

    return build


def _real(name: str) -> Callable:
    def build(settings: dict):
        from nnstudio.engine.datasets import real

        make = real.make_iris if name == "iris" else real.make_digits
        return make(test_fraction=settings["dataset.test_fraction"],
                    seed=settings["dataset.seed"], autoencoder=settings["dataset.autoencoder"])

    return build


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",")] if text.strip() else []


def _points(settings: dict):
    from nnstudio.engine.datasets.table import make_table_dataset

    return make_table_dataset(settings["dataset.points"], settings["dataset.points_task"],
                              _names(settings["dataset.points_names"]),
                              _names(settings["dataset.points_classes"]),
                              settings["dataset.standardize"],
                              settings["dataset.test_fraction"], settings["dataset.seed"])


def _register() -> None:
    plane = _COMMON
    for kind, label, description in (
        ("spiral_arms", "Spiral (k arms)", "k interleaved spiral arms, one class each (softmax)."),
        ("blobs", "Gaussian blobs (k)", "k gaussian clouds on a circle, one class each."),
    ):
        register_dataset(DatasetType(kind, label, "Multi-class", description,
                                     ("dataset.classes",) + plane, _named(_k_classes(kind))))
    for kind, label, description in (
        ("sine", "Sine curve", "Fit y = sin x from noisy samples (one input)."),
        ("polynomial", "Polynomial", "Fit the cubic y = (x³ − 20x)/60 (one input)."),
        ("step", "Step", "Fit a jump from −1 to +1 at x = 0 (one input)."),
    ):
        register_dataset(DatasetType(f"curve_{kind}", label, "1-D regression", description,
                                     plane, _named(_curve(kind))))
    for kind, label, description in (
        ("plane", "Plane", "Regression: y = 0.4·x₁ − 0.25·x₂ over the plane."),
        ("hills", "Gaussian hills", "Regression: two hills and a valley over the plane."),
    ):
        register_dataset(DatasetType(kind, label, "2-D regression", description, plane,
                                     _named(_surface(kind))))
    real_keys = ("dataset.test_fraction", "dataset.seed", "dataset.autoencoder")
    register_dataset(DatasetType(
        "iris", "Iris flowers", "Real data",
        "Fisher's iris: 150 flowers, 4 measurements (standardised), 3 species.",
        real_keys, _named(_real("iris"))))
    register_dataset(DatasetType(
        "digits", "Handwritten digits 8×8", "Real data",
        "1797 handwritten digits as 8 × 8 images (64 inputs, pixels 0–1), 10 classes.",
        real_keys, _named(_real("digits"))))
    register_dataset(DatasetType(
        "points", "Your data", "Your data",
        "Points you click on the data view, or rows imported from a CSV file.",
        POINT_KEYS, _named(_points)))


_register()
