"""The benchmark command: ``python -m benchmarks`` (see benchmarks/README.md).

Prints one table of ratios measured side by side in this run. Absolute rates are shown for
orientation only; they depend on the machine and on whatever else runs on it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

CASES = ("playground", "mnist", "lstm", "surface", "gui")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="nnstudio performance benchmark: engine vs hand-fused NumPy (and torch).",
    )
    ap.add_argument(
        "--only",
        default=",".join(CASES),
        help=f"comma-separated subset of {','.join(CASES)} (default: all)",
    )
    ap.add_argument("--rounds", type=int, default=15, help="interleaved rounds (default 15)")
    ap.add_argument(
        "--block", type=float, default=0.05, help="seconds per timed block (default 0.05)"
    )
    ap.add_argument(
        "--threads",
        type=int,
        default=1,
        help="BLAS/torch threads (default 1: stable on a shared machine; 0 = library default)",
    )
    ap.add_argument("--no-torch", action="store_true", help="skip the PyTorch columns")
    ap.add_argument("--gui-seconds", type=float, default=6.0, help="length of the GUI run")
    ap.add_argument("--quick", action="store_true", help="3 rounds of short blocks (a smoke run)")
    args = ap.parse_args(argv)
    args.only = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = set(args.only) - set(CASES)
    if unknown:
        ap.error(f"--only: unknown case(s) {sorted(unknown)}")
    if args.quick:
        args.rounds, args.block, args.gui_seconds = 3, 0.02, 3.0
    # CPU time of this process ignores time lost to other processes on a shared machine;
    # it is only the right clock when all the work is on this thread (1 BLAS thread)
    args.clock = time.process_time if args.threads == 1 else time.perf_counter
    args.clock_name = "CPU time" if args.threads == 1 else "wall time"
    return args


def set_threads(n: int) -> None:
    """Must run before numpy is imported: OpenBLAS reads these once, at load."""
    if n > 0:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(n)


def torch_or_none(threads: int):
    try:
        import torch
    except ImportError:
        return None
    if threads > 0:
        torch.set_num_threads(threads)
    return torch


def machine_note() -> str:
    import numpy as np

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    blas = "unknown BLAS"
    try:
        cfg = np.show_config(mode="dicts")
        b = cfg["Build Dependencies"]["blas"]
        blas = f"{b['name']} {b.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 - numpy < 1.26 has no mode="dicts"
        pass
    return (
        f"{platform.system()} {platform.machine()}, nproc {os.cpu_count()}, {cpu}; "
        f"Python {platform.python_version()}, numpy {np.__version__} ({blas})"
    )


# --------------------------------------------------------------------------- cases
def bench_mlp(name: str, args, torch) -> dict:
    from . import mlp
    from .harness import interleaved

    spec = mlp.PLAYGROUND if name == "playground" else mlp.MNIST
    trainer = mlp.make_engine(spec)
    weights = mlp.initial_weights(trainer)
    steps = {
        "engine": trainer.step,
        "fused": mlp.make_fused(spec, weights, trainer.data).step,
    }
    if torch is not None:
        steps["torch"] = mlp.TorchMLP(weights, trainer.data, spec).step
    target = 0.5 if name == "playground" else 0.9
    return _row(spec.description, interleaved(steps, args.rounds, args.block, args.clock), target)


def bench_lstm(args, torch) -> dict:
    from . import lstm
    from .harness import interleaved

    trainer = lstm.make_engine()
    weights = lstm.initial_weights(trainer)
    steps = {"engine": trainer.step, "fused": lstm.FusedLSTM(weights, trainer.data).step}
    if torch is not None:
        steps["torch"] = lstm.TorchLSTM(weights, trainer.data).step
    return _row(
        lstm.LSTM.description, interleaved(steps, args.rounds, args.block, args.clock), None
    )


def _row(label, timing, target) -> dict:
    row = {
        "case": label,
        "engine": timing.median_rate("engine"),
        "fused": timing.median_rate("fused"),
        "ratio": timing.ratio("engine", "fused"),
        "target": target,
    }
    if "torch" in timing.rates:
        row["torch"] = timing.median_rate("torch")
        row["vs_torch"] = timing.ratio("engine", "torch")
    return row


def bench_surface(args) -> list[dict]:
    from . import surfaces
    from .harness import interleaved

    session = surfaces.make_session()
    timing = interleaved(
        {
            "refresh": lambda: surfaces.engine_refresh(session),
            "fused": lambda: surfaces.fused_refresh(session),
            "surface": lambda: surfaces.engine_surface(session),
            "maps": lambda: surfaces.engine_neuron_maps(session),
        },
        args.rounds,
        args.block,
        args.clock,
    )
    ms = {k: 1e3 / timing.median_rate(k) for k in timing.rates}
    rows = [
        {
            "label": "surface + all neuron maps, 100×100 (ms/refresh)",
            "value": ms["refresh"],
            "target": "< 5",
            "ok": ms["refresh"] < 5.0,
            "note": (
                f"surface {ms['surface']:.2f} ms, maps {ms['maps']:.2f} ms; hand-fused "
                f"{ms['fused']:.2f} ms (engine/fused rate {timing.ratio('refresh', 'fused'):.2f})"
            ),
        }
    ]
    # for orientation: everything the worker computes for one frame of the views
    snap = interleaved({"snapshot": lambda: session.snapshot()}, 5, args.block, args.clock)
    snap_ms = 1e3 / snap.median_rate("snapshot")
    rows.append(
        {
            "label": "whole session.snapshot(), 100×100 (ms)",
            "value": snap_ms,
            "target": "—",
            "ok": None,
            "note": "metrics on all data, surface, weights and the views' probes (no target)",
        }
    )
    return rows


# --------------------------------------------------------------------------- output
def print_engine_table(rows: list[dict]) -> None:
    print("Training throughput (steps/s; ratios are medians of back-to-back pairs)")
    head = (
        f"{'case':40s} {'engine/s':>9s} {'fused/s':>9s} {'engine/fused':>13s} {'target':>7s}"
        f" {'torch/s':>9s} {'engine/torch':>13s}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        if r["target"] is None:
            tgt = "—"
        else:
            tgt = f"≥{r['target']:g}" + (" ok" if r["ratio"] >= r["target"] else " MISS")
        torch_s = f"{r['torch']:9.0f}" if "torch" in r else f"{'n/a':>9s}"
        vs = f"{r['vs_torch']:13.2f}" if "vs_torch" in r else f"{'n/a':>13s}"
        print(
            f"{r['case']:40s} {r['engine']:9.0f} {r['fused']:9.0f} {r['ratio']:13.2f} "
            f"{tgt:>7s} {torch_s} {vs}"
        )


def print_other_table(title: str, rows: list[dict]) -> None:
    print(title)
    for r in rows:
        if "skipped" in r:
            print(f"  {r['label']}: skipped ({r['skipped']})")
            continue
        verdict = {True: "ok", False: "MISS", None: ""}[r["ok"]]
        print(f"  {r['label']:52s} {r['value']:9.2f}   target {r['target']:>7s} {verdict}")
        if r.get("note"):
            print(f"      {r['note']}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    set_threads(args.threads)
    torch = None if args.no_torch else torch_or_none(args.threads)
    print(f"nnstudio benchmark — {time.strftime('%Y-%m-%d %H:%M')}")
    print(machine_note())
    threads = "library default" if args.threads <= 0 else str(args.threads)
    tv = f"torch {torch.__version__} (float64, CPU)" if torch is not None else "torch not installed"
    print(
        f"threads: {threads}; {tv}; {args.rounds} rounds of {args.block * 1e3:.0f} ms blocks "
        f"({args.clock_name})"
    )
    print()
    rows = []
    for name in ("playground", "mnist"):
        if name in args.only:
            rows.append(bench_mlp(name, args, torch))
    if "lstm" in args.only:
        rows.append(bench_lstm(args, torch))
    if rows:
        print_engine_table(rows)
        print()
    if "surface" in args.only:
        print_other_table("Surfaces (default project)", bench_surface(args))
        print()
    if "gui" in args.only:
        from .gui import bench_gui

        print_other_table(
            "Responsiveness (main window offscreen, playing flat out)", bench_gui(args)
        )
        print()
    sys.stdout.flush()
    return 0
