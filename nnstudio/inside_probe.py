"""What the "seeing inside" views need from a training session (Qt-free).

An :class:`InsideProbe` belongs to a feed-forward :class:`~nnstudio.session.TrainingSession`.
Its :meth:`snapshot` returns plain copies (float32 arrays, floats, dicts keyed by node id):

* ``neuron_maps``: every layer's output over the input plane, (units, ny, nx) per node on
  the session's surface grid (2-D data), the input node showing its features; ``map_levels``
  the (lo, hi) each node's maps are drawn with; ``neuron_curves`` the same for 1-D data
  (units, 200) over ``curve_x``;
* ``curve``: the network's prediction over the x range (1-D regression), ``{"x", "y"}``;
* ``preact``: each dense layer's pre-activations z over a fixed sample of the training data
  (up to 512 points; a fixed sample rather than the last mini-batch, so that the histogram
  moves only when the network does), flattened, at most 4096 values;
* ``flags``: per node, the units that are dead (ReLU: z ≤ 0 on every sample point) or
  saturated (sigmoid, tanh: f′(z) below 5 % of its maximum on more than 90 % of the points),
  as boolean arrays, with ``fractions`` of such units and of saturated activations;
* ``grad_norms``: ‖∂C/∂W‖ per node from the latest mini-batch; ``update_ratios``: ‖ΔW‖/‖W‖
  of one optimizer step with that gradient (the optimizer's state copied, so nothing
  changes); ``grads``: ∂C/∂W flattened (at most 20 000 values) for the histograms;
* ``confusion``: the k × k confusion matrix (rows: true class, columns: predicted) on the
  test set (the training set when there is none), with ``confusion_split``;
* ``latent``: for autoencoders, the bottleneck layer's codes (n, 2) of the test points with
  their class labels, and a few inputs with their reconstructions.
"""

from __future__ import annotations

import copy

import numpy as np

from nnstudio.engine.datasets.rich import plane_dim

__all__ = ["InsideProbe", "confusion_matrix", "saturation_flags", "predicted_classes"]

SAMPLE_POINTS = 512
MAX_PREACT = 4096
MAX_GRAD_VALUES = 20_000
MAX_MAP_UNITS = 16  # wider layers get no neuron maps (the canvas draws more than 12 compact)
CURVE_POINTS = 200
MAX_CODES = 1000
RECONSTRUCTIONS = 8
SATURATION_DERIVATIVE = 0.05  # f′(z) below this share of its maximum counts as saturated
SATURATED_SHARE = 0.9  # a unit is saturated when this share of its activations is


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, k: int) -> np.ndarray:
    """(k, k) int64 counts: row = true class, column = predicted class."""
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    predicted = np.asarray(predicted, dtype=np.int64).reshape(-1)
    if labels.shape != predicted.shape:
        raise ValueError(f"labels {labels.shape} and predictions {predicted.shape} differ")
    ok = (labels >= 0) & (labels < k) & (predicted >= 0) & (predicted < k)
    return np.bincount(labels[ok] * k + predicted[ok], minlength=k * k).reshape(k, k)


def predicted_classes(loss_name: str, out: np.ndarray) -> np.ndarray:
    """Class indices from raw outputs (logits for bce/ce; 0.5 threshold for mse)."""
    out = np.asarray(out, dtype=np.float64)
    if out.ndim == 2 and out.shape[1] > 1:
        return np.argmax(out, axis=1)
    flat = out.reshape(-1)
    return (flat > (0.5 if loss_name == "mse" else 0.0)).astype(np.int64)


def saturation_flags(activation: str, z: np.ndarray) -> dict | None:
    """Dead (ReLU) or saturated (sigmoid, tanh) units of pre-activations z (n, units).

    Returns {"kind", "units" (bool per unit), "fraction" (of units), "activations" (share of
    saturated/dead values)} or None for activations where neither applies."""
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 2 or z.shape[0] == 0:
        return None
    if activation == "relu":
        off = z <= 0.0
        units = np.all(off, axis=0)
        kind = "dead"
    elif activation in ("sigmoid", "tanh"):
        with np.errstate(over="ignore"):
            if activation == "sigmoid":
                s = 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))
                relative = s * (1.0 - s) / 0.25
            else:
                relative = 1.0 - np.tanh(z) ** 2
        off = relative < SATURATION_DERIVATIVE
        units = np.mean(off, axis=0) > SATURATED_SHARE
        kind = "saturated"
    else:
        return None
    return {"kind": kind, "units": units, "fraction": float(np.mean(units)),
            "activations": float(np.mean(off))}


def _f32(a) -> np.ndarray:
    return np.nan_to_num(np.asarray(a, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)


def _thin(a: np.ndarray, limit: int) -> np.ndarray:
    flat = np.asarray(a).reshape(-1)
    if flat.size <= limit:
        return flat
    return flat[np.linspace(0, flat.size - 1, limit).astype(np.int64)]


class InsideProbe:
    def __init__(self, session) -> None:
        from nnstudio.engine.layers.dense import Dense

        self.session = session
        ds = session.dataset
        self.plane = plane_dim(ds)
        rng = np.random.default_rng(20240601)
        n = ds.n_train
        idx = np.sort(rng.choice(n, size=min(n, SAMPLE_POINTS), replace=False))
        self.sample = np.ascontiguousarray(ds.X_train[idx])
        layers = session.network.layers
        self.dense = {node_id: index for node_id, index in session.node_layers.items()
                      if isinstance(layers[index], Dense)}
        chain = session.project.chain()
        self.input_node = chain[0].id if chain else None
        self.output_node = chain[-1].id if chain else None
        self.loss = session.network.loss_name
        self.curve_x = None
        if self.plane == 1:
            lo, hi = getattr(ds, "x_range", None) or (-1.0, 1.0)
            self.curve_x = np.linspace(lo, hi, CURVE_POINTS)
        self.bottleneck = self._bottleneck() if getattr(ds, "autoencoder", False) else None

    # -- helpers -------------------------------------------------------------------------------
    def _bottleneck(self) -> str | None:
        hidden = [nid for nid in self.dense if nid != self.output_node]
        if not hidden:
            return None
        layers = self.session.network.layers
        return min(hidden, key=lambda nid: layers[self.dense[nid]].n_out)

    def _plane_input(self, P: np.ndarray) -> np.ndarray:
        expand = getattr(self.session.dataset, "expand", None)
        return expand(P) if expand is not None else P

    def _node_outputs(self, x: np.ndarray) -> tuple[dict, dict]:
        """Forward ``x``; per dense node its output (output node: probabilities or values)
        and its pre-activation."""
        layers = self.session.network.layers
        by_index = {index: nid for nid, index in self.dense.items()}
        outs, zs = {}, {}
        out = np.asarray(x, dtype=np.float64)
        for index, layer in enumerate(layers):
            out = layer.forward(out, training=False)
            nid = by_index.get(index)
            if nid is not None:
                outs[nid] = out
                zs[nid] = layer.last_z
        if self.output_node in outs:
            outs[self.output_node] = self.session.network.loss.predict(outs[self.output_node])
        return outs, zs

    def _levels(self, nid: str, values: np.ndarray) -> np.ndarray:
        """(units, 2) colour levels: fixed for bounded units, symmetric max |v| otherwise."""
        units = values.shape[0]
        act = self._activation(nid)
        if act == "tanh":
            return np.tile([-1.0, 1.0], (units, 1))
        if act in ("sigmoid", "probability", "threshold"):
            return np.tile([0.0, 1.0], (units, 1))
        m = np.max(np.abs(values.reshape(units, -1)), axis=1)
        m = np.where(np.isfinite(m) & (m > 1e-9), m, 1.0)
        return np.stack([-m, m], axis=1)

    def _activation(self, nid: str) -> str:
        if nid == self.input_node:
            return "input"
        layer = self.session.network.layers[self.dense[nid]]
        if nid == self.output_node and self.loss in ("bce", "ce") and layer.activation == "linear":
            return "probability"
        return layer.activation

    # -- the snapshot --------------------------------------------------------------------------
    def snapshot(self) -> dict:
        with np.errstate(all="ignore"):
            snap: dict = {}
            self._maps(snap)
            self._preactivations(snap)
            if not getattr(self.session, "perceptron", False):
                self._gradients(snap)
            self._confusion(snap)
            if self.bottleneck is not None:
                self._latent(snap)
        return snap

    def _maps(self, snap: dict) -> None:
        layers = self.session.network.layers
        wanted = [nid for nid in self.dense if layers[self.dense[nid]].n_out <= MAX_MAP_UNITS]
        if self.plane == 2 and self.session._grid is not None:
            n = self.session.surface_resolution
            grid = self.session._grid
            outs, _ = self._node_outputs(grid)
            maps = {nid: outs[nid].T.reshape(-1, n, n) for nid in wanted}
            if self.input_node is not None and grid.shape[1] <= MAX_MAP_UNITS:
                maps[self.input_node] = grid.T.reshape(-1, n, n)
            if not all(np.isfinite(m).all() for m in maps.values()):
                return  # diverged: views keep the last finite pictures
            snap["neuron_maps"] = {nid: _f32(m) for nid, m in maps.items()}
            snap["map_levels"] = {nid: self._levels(nid, m) for nid, m in maps.items()}
            snap["map_extent"] = tuple(self.session.dataset.extent)
        elif self.plane == 1 and self.curve_x is not None:
            x = self._plane_input(self.curve_x.reshape(-1, 1))
            outs, _ = self._node_outputs(x)
            curves = {nid: outs[nid].T for nid in wanted}
            if self.input_node is not None:
                curves[self.input_node] = x.T
            if not all(np.isfinite(c).all() for c in curves.values()):
                return
            snap["neuron_curves"] = {nid: _f32(c) for nid, c in curves.items()}
            snap["map_levels"] = {nid: self._levels(nid, c) for nid, c in curves.items()}
            snap["curve_x"] = _f32(self.curve_x)
            if self.session.dataset.task == "regression" and self.output_node in curves:
                snap["curve"] = {"x": _f32(self.curve_x),
                                 "y": _f32(curves[self.output_node][0])}

    def _preactivations(self, snap: dict) -> None:
        _, zs = self._node_outputs(self.sample)
        preact, flags, fractions, acts = {}, {}, {}, {}
        for nid, z in zs.items():
            z2 = z.reshape(-1, z.shape[-1])
            act = self._activation(nid)
            acts[nid] = act
            preact[nid] = _f32(_thin(z2, MAX_PREACT))
            found = saturation_flags(act, z2) if np.isfinite(z2).all() else None
            if found is not None:
                flags[nid] = {"kind": found["kind"], "units": found["units"].copy()}
                fractions[nid] = {"kind": found["kind"], "units": found["fraction"],
                                  "activations": found["activations"]}
        snap.update(preact=preact, flags=flags, fractions=fractions, activations=acts)

    def _gradients(self, snap: dict) -> None:
        trainer = self.session.trainer
        if trainer.steps == 0:
            return
        network = self.session.network
        params = network.parameters()
        try:  # one step of a copy of the optimizer on copies of the weights
            optimizer = copy.deepcopy(trainer.optimizer)
            trial = [(key, p.copy(), g.copy()) for key, p, g in params]
            optimizer.step(trial)
        except Exception:  # noqa: BLE001 - a view must never stop training
            trial = None
        deltas = {key: t[1] - p for (key, p, _), t in zip(params, trial or [], strict=False)}
        norms, ratios, grads = {}, {}, {}
        for nid, index in self.dense.items():
            layer = network.layers[index]
            g = layer.grads.get("W")
            if g is None:
                continue
            gn = float(np.linalg.norm(g))
            if not np.isfinite(gn):
                continue
            norms[nid] = gn
            grads[nid] = _f32(_thin(g, MAX_GRAD_VALUES))
            delta = deltas.get(f"{index}.W")
            wn = float(np.linalg.norm(layer.params["W"]))
            if delta is not None and wn > 0:
                ratio = float(np.linalg.norm(delta)) / wn
                if np.isfinite(ratio):
                    ratios[nid] = ratio
        snap.update(grad_norms=norms, update_ratios=ratios, grads=grads)

    def _confusion(self, snap: dict) -> None:
        ds = self.session.dataset
        if ds.task not in ("binary", "multiclass") or ds.n_classes < 2:
            return
        split, X, y = ("test", ds.X_test, ds.y_test) if ds.n_test else \
            ("train", ds.X_train, ds.y_train)
        out = self.session.network.forward(X, training=False)
        if not np.isfinite(out).all():
            return
        labels = np.rint(np.asarray(y, dtype=np.float64).reshape(-1)).astype(np.int64)
        snap["confusion"] = confusion_matrix(labels, predicted_classes(self.loss, out),
                                             ds.n_classes)
        snap["confusion_split"] = split

    def _latent(self, snap: dict) -> None:
        ds = self.session.dataset
        use_test = ds.n_test > 0
        X = ds.X_test if use_test else ds.X_train
        labels = ds.labels_test if use_test else ds.labels_train
        X, labels = X[:MAX_CODES], (None if labels is None else labels[:MAX_CODES])
        outs, _ = self._node_outputs(X)
        codes = outs.get(self.bottleneck)
        recon = outs.get(self.output_node)
        if codes is None or recon is None or not np.isfinite(codes).all():
            return
        if codes.shape[1] == 1:
            codes = np.column_stack([codes[:, 0], np.zeros(len(codes))])
        snap["latent"] = {
            "node": self.bottleneck,
            "codes": _f32(codes[:, :2]),
            "labels": None if labels is None else np.asarray(labels, dtype=np.int64).copy(),
            "inputs": _f32(X[:RECONSTRUCTIONS]),
            "outputs": _f32(recon[:RECONSTRUCTIONS]),
            "image_shape": getattr(ds, "image_shape", None),
            "units": int(self.session.network.layers[self.dense[self.bottleneck]].n_out),
        }


def dataset_extras(dataset) -> dict:
    """What the views need to know about the data beyond the arrays (for the dataset payload):
    feature and class names, the plane the data live on, labels kept for colouring."""
    from nnstudio.engine.datasets.rich import class_names, feature_names

    def copy_or_none(a):
        return None if a is None else np.array(a, copy=True)

    return {
        "feature_names": feature_names(dataset),
        "class_names": class_names(dataset),
        "plane_dim": plane_dim(dataset),
        "x_range": getattr(dataset, "x_range", None),
        "image_shape": getattr(dataset, "image_shape", None),
        "autoencoder": bool(getattr(dataset, "autoencoder", False)),
        "labels_train": copy_or_none(getattr(dataset, "labels_train", None)),
        "labels_test": copy_or_none(getattr(dataset, "labels_test", None)),
    }
