"""Growing, self-thinning buffers for live curves (numpy only, no Qt).

``GrowingBuffer`` holds one x series and ``n_series`` y series in preallocated arrays that double
when full, so appending is amortised O(1). To keep memory bounded on very long runs, once more than
``max_points`` points are held, the buffer is *thinned* to at most ``max_points // 2``: the x range
is cut into equal-width buckets and, in each bucket, only the points holding the minimum and the
maximum of every y series are kept (plus the first and last point overall). Spikes and dips
therefore survive thinning. Bucket widths are powers of two on a grid anchored at x = 0, so one
thinning's buckets nest inside the next one's and the early part of a long run stays as dense as
the middle; points appended since the last thinning stay at full resolution until the next.

NaN y values are allowed (e.g. "test loss not measured at this step"); they never win a min/max.
"""

from __future__ import annotations

import math

import numpy as np

DEFAULT_MAX_POINTS = 20_000


class GrowingBuffer:
    """Append-only x/y storage with doubling growth and min/max thinning.

    Parameters
    ----------
    n_series:
        Number of y series stored next to x (each ``append`` gives one value per series).
    capacity:
        Initial allocation (points); doubles whenever full.
    max_points:
        Cap on the number of points held. When exceeded, the buffer thins itself to at most
        ``max_points // 2`` points, so memory never exceeds about ``2 * max_points`` points.
    """

    def __init__(
        self,
        n_series: int = 1,
        capacity: int = 1024,
        max_points: int | None = DEFAULT_MAX_POINTS,
        dtype: np.dtype | type = np.float64,
    ) -> None:
        if n_series < 1:
            raise ValueError("n_series must be >= 1")
        if max_points is not None and max_points < 8 * n_series:
            raise ValueError(f"max_points must be >= {8 * n_series} for {n_series} series")
        self._n_series = int(n_series)
        self._initial_capacity = max(2, int(capacity))
        self.max_points = max_points
        self._dtype = np.dtype(dtype)
        self._n = 0
        self.thin_count = 0  # how many times the buffer has thinned itself
        self._alloc(self._initial_capacity)

    # ------------------------------------------------------------------ storage
    def _alloc(self, capacity: int) -> None:
        self._x = np.empty(capacity, dtype=self._dtype)
        self._y = np.empty((self._n_series, capacity), dtype=self._dtype)

    def _grow(self, needed: int) -> None:
        capacity = self.capacity
        if needed <= capacity:
            return
        while capacity < needed:
            capacity *= 2
        old_x, old_y, n = self._x, self._y, self._n
        self._alloc(capacity)
        self._x[:n] = old_x[:n]
        self._y[:, :n] = old_y[:, :n]

    @property
    def capacity(self) -> int:
        """Number of points the current allocation can hold."""
        return self._x.shape[0]

    @property
    def n_series(self) -> int:
        return self._n_series

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (the whole allocation, not just the valid part)."""
        return self._x.nbytes + self._y.nbytes

    def __len__(self) -> int:
        return self._n

    # ------------------------------------------------------------------ writing
    def append(self, x: float, *ys: float) -> None:
        """Append one point: ``x`` and one value per y series (None is stored as NaN)."""
        if len(ys) != self._n_series:
            raise ValueError(f"expected {self._n_series} y values, got {len(ys)}")
        n = self._n
        if n >= self.capacity:
            self._grow(n + 1)
        self._x[n] = x
        self._y[:, n] = [np.nan if v is None else v for v in ys]
        self._n = n + 1
        if self.max_points is not None and self._n > self.max_points:
            self.thin()

    def extend(self, xs, *ys) -> None:
        """Append many points at once (arrays of equal length)."""
        xs = np.asarray(xs, dtype=self._dtype).ravel()
        if len(ys) != self._n_series:
            raise ValueError(f"expected {self._n_series} y arrays, got {len(ys)}")
        ys_arr = [np.asarray(y, dtype=self._dtype).ravel() for y in ys]
        if any(y.shape != xs.shape for y in ys_arr):
            raise ValueError("x and y arrays must have the same length")
        # Feed in chunks no larger than the cap so memory stays bounded for huge inputs.
        step = len(xs) if self.max_points is None else max(1, self.max_points // 2)
        for start in range(0, len(xs), step):
            stop = min(start + step, len(xs))
            m = stop - start
            n = self._n
            self._grow(n + m)
            self._x[n : n + m] = xs[start:stop]
            for i, y in enumerate(ys_arr):
                self._y[i, n : n + m] = y[start:stop]
            self._n = n + m
            if self.max_points is not None and self._n > self.max_points:
                self.thin()

    def clear(self) -> None:
        """Drop all points and return to the initial allocation."""
        self._n = 0
        self.thin_count = 0
        self._alloc(self._initial_capacity)

    # ------------------------------------------------------------------ reading
    @property
    def x(self) -> np.ndarray:
        """View of the valid x values. Only valid until the next append: copy to keep it."""
        return self._x[: self._n]

    def y(self, i: int = 0) -> np.ndarray:
        """View of the valid values of y series ``i`` (same caveat as :attr:`x`)."""
        return self._y[i, : self._n]

    @property
    def ys(self) -> tuple[np.ndarray, ...]:
        """Views of all y series."""
        return tuple(self._y[i, : self._n] for i in range(self._n_series))

    def last(self) -> tuple[float, ...] | None:
        """The last point as ``(x, *ys)``, or None when empty."""
        if self._n == 0:
            return None
        n = self._n - 1
        return (float(self._x[n]), *(float(v) for v in self._y[:, n]))

    # ------------------------------------------------------------------ thinning
    def thin(self, target: int | None = None) -> None:
        """Keep at most ``target`` points (default ``max_points // 2``), preserving extremes.

        The x range is split into equal-width buckets; in each, the indices of every series'
        minimum and maximum are kept (1 to ``2 * n_series`` points per bucket), plus the first and
        last point overall. Kept points stay in their original order. The bucket width starts at
        about ``2 * span / target`` and doubles until the result fits in ``target``.
        """
        n = self._n
        if target is None:
            if self.max_points is None:
                return
            target = self.max_points // 2
        target = max(target, 4 * self._n_series + 2)
        if n <= target:
            return
        x = self._x[:n]
        x_finite = np.nan_to_num(x, nan=0.0, posinf=0.0, neginf=0.0)
        span = float(x_finite.max() - x_finite.min())
        if span > 0:
            # Widths are powers of two on a grid anchored at x = 0, so the buckets of one thinning
            # nest exactly inside those of the next and already-thinned parts do not decay.
            width = 2.0 ** math.ceil(math.log2(span / max(1, target // 2 - 1)))
            while True:
                idx = self._extremes(np.floor(x_finite / width).astype(np.int64))
                if idx.size <= target:
                    break
                width *= 2.0
        else:  # all x equal: bucket by index instead
            n_buckets = max(1, (target - 2) // (2 * self._n_series))
            idx = self._extremes(np.arange(n) * n_buckets // n)
        m = idx.size
        self._x[:m] = x[idx]
        self._y[:, :m] = self._y[:, :n][:, idx]
        self._n = m
        self.thin_count += 1

    def _extremes(self, bucket: np.ndarray) -> np.ndarray:
        """Sorted unique indices of each bucket's min and max of every series, plus first/last."""
        n = bucket.size
        keep = [np.array([0, n - 1])]
        for i in range(self._n_series):
            y = self._y[i, :n]
            nan = np.isnan(y)
            order_min = np.lexsort((np.where(nan, np.inf, y), bucket))  # by bucket, then value
            order_max = np.lexsort((np.where(nan, -np.inf, y), bucket))
            sorted_bucket = bucket[order_min]
            firsts = np.concatenate(([0], np.flatnonzero(np.diff(sorted_bucket)) + 1))
            lasts = np.concatenate((firsts[1:] - 1, [n - 1]))
            keep.append(order_min[firsts])
            keep.append(order_max[lasts])
        return np.unique(np.concatenate(keep))
