"""Command line: open the app, train headless, export figures, list lessons.

    nnstudio [FILE]
    nnstudio train (FILE | --lesson NAME) [--steps N] [--seed S] [--set KEY=VALUE ...]
    nnstudio export (FILE | --lesson NAME) --figure NAME --out PATH [--steps N]
                    [--width W --height H] [--set KEY=VALUE ...]
    nnstudio export-code (FILE | --lesson NAME) --lang pytorch|numpy --out PATH.py [--steps N]
                    [--weights auto|embed|npz] [--set KEY=VALUE ...]
    nnstudio lessons

Bad input exits with status 2 and one line naming the problem (no traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

from nnstudio.document.errors import ProjectError
from nnstudio.export.figures import TrainingFailed

VERBS = ("train", "export", "export-code", "lessons")
EXIT_USAGE = 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, status 2
        raise UsageError(message)


def _whole_number(text: str, low: int, high: int, what: str, message=None) -> int:
    """``text`` as a whole number in ``low`` … ``high``. Every refusal (no number, a fraction,
    ``1_000``, negative, out of range, 5,000 digits) states the range allowed, in the words of
    ``message(shown)`` (default: :func:`range_message` of ``what``)."""
    from nnstudio.document.errors import range_message, short_repr

    value = None
    if len(text) <= 20 and "_" not in text:  # int() takes "1_000" and parses any length
        try:
            value = int(text)
        except ValueError:
            pass
    if value is None or not low <= value <= high:
        shown = text if value is not None else short_repr(text, 24)
        raise argparse.ArgumentTypeError(
            message(shown) if message else range_message(what, low, high, shown))
    return value


def _steps(text: str) -> int:
    """--steps of every verb; its message is meta.steps' in a file (to export an untrained
    network, leave out --steps)."""
    from nnstudio.document.io import MAX_STEPS, MIN_STEPS, steps_message

    return _whole_number(text, MIN_STEPS, MAX_STEPS, "training steps", steps_message)


def _seed(text: str) -> int:
    from nnstudio.document.settings import SETTINGS

    spec = SETTINGS["training.seed"]
    return _whole_number(text, int(spec.minimum), int(spec.maximum), "seed")


def _size(text: str) -> int:
    return _whole_number(text, 16, 16384, "pixels")


def _source_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="project file (.nnstudio)")
    parser.add_argument("--lesson", help="a built-in lesson (see 'nnstudio lessons')")
    parser.add_argument("--steps", type=_steps, default=None,
                        help="training steps (default: the lesson's, else 1000)")
    parser.add_argument("--seed", type=_seed, default=None,
                        help="training seed (weights and batch order)")
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        metavar="KEY=VALUE", help="override a setting, e.g. training.batch_size=32")


def build_parser() -> dict[str, argparse.ArgumentParser]:
    train = _Parser(prog="nnstudio train", description="Train headless and print JSON metrics.")
    _source_args(train)
    export = _Parser(prog="nnstudio export", description="Train, then render a figure to a file.")
    _source_args(export)
    export.add_argument("--figure", required=True,
                        help="surface, loss, network, window, the views inside a network "
                        "(neurons, activations, gradient-health, confusion, latent, fit, "
                        "first-layer-weights), race, landscape and the recurrent views "
                        "(unrolled, hidden-states, gradients-through-time, compare-cells); "
                        "README lists what each shows")
    export.add_argument("--out", required=True, help="output file: .png or .svg")
    export.add_argument("--width", type=_size, default=None)
    export.add_argument("--height", type=_size, default=None)
    code = _Parser(prog="nnstudio export-code",
                   description="The network as PyTorch or NumPy code with its weights: the "
                   "weights saved beside FILE (NAME.weights.npz) if any (plus --steps more "
                   "training steps), else the network trained --steps steps (default: the "
                   "lesson's, else 1000).")
    _source_args(code)
    code.add_argument("--lang", required=True, choices=("pytorch", "numpy"),
                      help="pytorch: an nn.Module; numpy: a NumPy-only script")
    code.add_argument("--out", required=True, help="output file: .py (a Python module)")
    code.add_argument("--weights", default="auto", choices=("auto", "embed", "npz"),
                      help="embed the weights in the code, or write them to an .npz beside it "
                      "(auto: embed up to 50,000 numbers)")
    lessons = _Parser(prog="nnstudio lessons", description="List the built-in lessons.")
    app = _Parser(prog="nnstudio", description="nnstudio: design, train and look inside neural "
                  "networks. Verbs: train, export, export-code, lessons "
                  "(see 'nnstudio VERB --help').")
    app.add_argument("file", nargs="?", help="project file (.nnstudio) to open")
    app.add_argument("--smoke", action="store_true",
                     help="open the window, train a few steps, close and exit 0 (checks an "
                     "installation or a packaged build)")
    return {"train": train, "export": export, "export-code": code, "lessons": lessons,
            "app": app}


def load_source(args):
    """The project named by FILE or --lesson, with --seed and --set applied."""
    from nnstudio.document.io import load_project
    from nnstudio.document.lessons import load_lesson
    from nnstudio.document.project import default_project

    if args.file and args.lesson is not None:
        raise UsageError("give either FILE or --lesson, not both")
    if args.file:
        project = load_project(args.file)
    elif args.lesson is not None:  # --lesson "" names no lesson: say so
        project = load_lesson(args.lesson)
    else:
        project = default_project()
    if args.seed is not None:
        project.set("training.seed", args.seed)
    for item in args.overrides:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"--set expects KEY=VALUE, got {item!r}")
        project.set(key.strip(), value.strip(), from_text=True)
    return project


def default_steps(project, args) -> int:
    if args.steps is not None:
        return args.steps
    return int(project.meta.get("steps", 1000))


def cmd_train(args) -> int:
    from nnstudio.document.validate import check_design
    from nnstudio.session import TrainingSession

    project = load_source(args)
    issues = check_design(project)
    if issues:
        first = issues[0]
        raise ProjectError(f"network.{first.node_id}" if first.node_id else "network",
                           first.message)
    steps = default_steps(project, args)
    session = TrainingSession(project)
    started = time.perf_counter()
    session.step(steps)
    seconds = time.perf_counter() - started
    result = session.metrics()
    result["diverged_step"] = session.steps if session.diverged else None
    result["seconds"] = round(seconds, 3)
    print(json.dumps({k: _json_value(v) for k, v in result.items()}))
    return 0


def _json_value(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def cmd_export(args) -> int:
    from nnstudio.export.figures import all_figures, export_figure, leave_on_ctrl_c

    figures = all_figures()
    if args.figure not in figures:
        raise UsageError(f"--figure: unknown figure {args.figure!r} "
                         f"(figures: {', '.join(figures)})")
    _check_out(args.out, (".png", ".svg"))
    project = load_source(args)
    steps = default_steps(project, args)
    with leave_on_ctrl_c():  # the figure is trained in a window's worker thread
        export_figure(project, args.figure, args.out, steps=steps, width=args.width,
                      height=args.height)
    print(args.out)
    return 0


def cmd_export_code(args) -> int:
    from pathlib import Path

    from nnstudio.document.validate import check_design
    from nnstudio.document.weights import apply_weights, load_weights, weights_path
    from nnstudio.export.code import export_code
    from nnstudio.session import TrainingSession

    _check_out(args.out, (".py",))  # before training, as for export: the code is a module
    project = load_source(args)
    issues = check_design(project)
    if issues:
        first = issues[0]
        raise ProjectError(f"network.{first.node_id}" if first.node_id else "network",
                           first.message)
    session = TrainingSession(project)
    saved = weights_path(args.file) if args.file else None
    trained = saved is not None and saved.is_file()
    saved_steps = 0
    if trained:
        weights, saved_steps = load_weights(saved)
        try:
            apply_weights(session, weights)
        except ValueError as exc:  # a weights file of another network: name it
            raise ProjectError("weights", f"{saved}: {exc}") from None
    # saved weights: as they are, unless --steps asks for more training; otherwise the
    # lesson's steps, as for train and export (an untrained network predicted 0.5 everywhere)
    steps = args.steps if args.steps is not None else (0 if trained else
                                                        default_steps(project, args))
    session.step(steps)
    if session.diverged:  # the code of a diverged network: say so, as export does
        print(f"nnstudio: training diverged at step {session.steps} (a loss or weight "
              "became infinite or NaN); the code has the weights of that step. Lower the "
              "learning rate.", file=sys.stderr)
    title = project.meta.get("title") or Path(args.file or args.lesson or "network").stem
    for path in export_code(session, args.lang, args.out, title, args.weights,
                            steps=int(saved_steps or 0) + session.steps):
        print(path)
    return 0


def _check_out(out: str, suffixes: tuple[str, ...]) -> None:
    """Refuse an --out that does not end in one of ``suffixes`` (any case) or cannot be
    written, before any training; one line naming the user's value."""
    from pathlib import Path

    name = Path(out).name.lower()
    if not name.endswith(suffixes) or name in suffixes:  # ".py" alone is no file name
        *most, last = suffixes
        names = f"{', '.join(most)} or {last}" if most else last
        raise UsageError(f"--out: {out!r} must end in {names}")
    _check_writable(out)


def _check_writable(out: str) -> None:
    """Refuse an output path before training, naming the user's path."""
    import os
    from pathlib import Path

    path = Path(out)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"--out: the folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"--out: cannot write in the folder {str(folder)!r}")
    if path.is_dir():
        raise UsageError(f"--out: {out!r} is a folder")


def cmd_lessons(args) -> int:
    from nnstudio.document.lessons import list_lessons

    lessons = list_lessons()
    width = max((len(info.name) for info in lessons), default=0) + 2
    for info in lessons:
        print(f"{info.name:<{width}}{info.title}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parsers = build_parser()
    verb = argv[0] if argv and argv[0] in VERBS else "app"
    rest = argv[1:] if verb != "app" else argv
    args = None
    try:
        args = parsers[verb].parse_args(rest)
        if verb == "train":
            return cmd_train(args)
        if verb == "export":
            return cmd_export(args)
        if verb == "lessons":
            return cmd_lessons(args)
        if verb == "export-code":
            return cmd_export_code(args)
        from nnstudio.app import run_app

        return run_app(args.file, smoke=args.smoke)
    except UsageError as exc:
        print(f"nnstudio {verb if verb != 'app' else ''}: error: {exc}".replace("  ", " "),
              file=sys.stderr)
        return EXIT_USAGE
    except ProjectError as exc:
        print(f"nnstudio: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except TimeoutError as exc:  # an OSError, but no file is to blame
        print(f"nnstudio: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a write without a file name (e.g. a full disk) names --out
        name = exc.filename or getattr(args, "out", None) or ""
        print(f"nnstudio: error: {name}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except TrainingFailed as exc:  # the window's worker failed while a figure waited
        print(f"nnstudio: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C: stop quietly
        print("nnstudio: interrupted", file=sys.stderr, flush=True)
        if "nnstudio.workers" in sys.modules:
            from nnstudio.workers import running_threads

            if running_threads():  # a window's worker: Qt would abort the exit (SIGABRT)
                os._exit(130)
        return 130


if __name__ == "__main__":
    sys.exit(main())
