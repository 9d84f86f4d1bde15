"""GrowingBuffer: doubling growth, views, and min/max thinning with bounded memory (no Qt)."""

import subprocess
import sys

import numpy as np
import pytest

from nnstudio.ui.plots.buffers import GrowingBuffer
from nnstudio.ui.plots.grid import data_extent, surface_axes, surface_points


def test_append_grows_by_doubling_and_keeps_values():
    buf = GrowingBuffer(n_series=2, capacity=4, max_points=None)
    capacities = []
    for i in range(37):
        buf.append(i, i * 10.0, -i)
        capacities.append(buf.capacity)
    assert len(buf) == 37
    assert sorted(set(capacities)) == [4, 8, 16, 32, 64]
    np.testing.assert_array_equal(buf.x, np.arange(37))
    np.testing.assert_array_equal(buf.y(0), np.arange(37) * 10.0)
    np.testing.assert_array_equal(buf.ys[1], -np.arange(37))
    assert buf.last() == (36.0, 360.0, -36.0)


def test_views_share_memory_and_cover_only_the_valid_part():
    buf = GrowingBuffer(n_series=1, capacity=16, max_points=None)
    for i in range(5):
        buf.append(i, i)
    assert buf.x.shape == (5,) and buf.y().shape == (5,)
    assert np.shares_memory(buf.x, buf._x)  # a view, not a copy


def test_none_is_stored_as_nan_and_wrong_arity_raises():
    buf = GrowingBuffer(n_series=2)
    buf.append(0, 1.0, None)
    assert np.isnan(buf.y(1)[0])
    with pytest.raises(ValueError):
        buf.append(1, 1.0)
    with pytest.raises(ValueError):
        buf.extend([1, 2], [1, 2])


def test_extend_matches_append():
    a = GrowingBuffer(n_series=2, max_points=None)
    b = GrowingBuffer(n_series=2, max_points=None)
    xs = np.arange(1000.0)
    y0, y1 = np.sin(xs), np.cos(xs)
    for x, u, v in zip(xs, y0, y1, strict=True):
        a.append(x, u, v)
    b.extend(xs, y0, y1)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y(1), b.y(1))


def test_thinning_bounds_length_and_keeps_spikes_and_dips():
    buf = GrowingBuffer(n_series=2, capacity=8, max_points=1000)
    rng = np.random.default_rng(1)
    n = 5000
    for i in range(n):
        train = 1.0 + 0.01 * rng.standard_normal()
        test = 2.0 + 0.01 * rng.standard_normal()
        if i == 1234:
            train = 50.0  # spike
        if i == 3000:
            test = -7.0  # dip
        buf.append(i, train, test)
        assert len(buf) <= 1000
    assert buf.thin_count >= 1
    x = buf.x
    assert np.all(np.diff(x) > 0), "kept points stay in order"
    assert x[0] == 0 and x[-1] == n - 1, "first and last point survive"
    assert 1234 in x and buf.y(0)[x == 1234][0] == 50.0
    assert 3000 in x and buf.y(1)[x == 3000][0] == -7.0
    assert np.all(np.isin(x, np.arange(n))), "every surviving point is an original point"


def test_million_steps_memory_bounded_and_extremes_kept():
    cap = 20_000
    buf = GrowingBuffer(n_series=2, max_points=cap)
    n = 1_000_000
    chunk = 50_000
    max_capacity = 0
    for start in range(0, n, chunk):
        xs = np.arange(start, start + chunk, dtype=float)
        train = np.exp(-xs / 2e5) + 0.01 * np.sin(xs)
        test = train + 0.1
        if start <= 777_777 < start + chunk:
            train[777_777 - start] = 99.0
        if start <= 123_456 < start + chunk:
            test[123_456 - start] = -5.0
        buf.extend(xs, train, test)
        max_capacity = max(max_capacity, buf.capacity)
        assert len(buf) <= cap
    assert max_capacity <= 2 * cap  # doubling never got past the next power of two
    assert buf.nbytes <= 3 * 8 * 2 * cap  # x + 2 series, float64
    x = buf.x
    assert buf.y(0)[x == 777_777][0] == 99.0
    assert buf.y(1)[x == 123_456][0] == -5.0
    assert x[-1] == n - 1
    # equal-width buckets: repeated thinning does not starve the start of the run (the raw tail
    # appended since the last thinning is denser, by design: recent detail is kept until the next)
    early = np.count_nonzero(x < n / 4)
    middle = np.count_nonzero((x >= n / 2) & (x < 3 * n / 4))
    assert early > 1000
    assert 0.5 < early / middle < 2.0


@pytest.mark.parametrize("seed", range(5))
def test_thinning_keeps_global_min_and_max_of_every_series(seed):
    rng = np.random.default_rng(seed)
    buf = GrowingBuffer(n_series=3, capacity=2, max_points=300)
    n = int(rng.integers(301, 3000))
    xs = np.cumsum(rng.uniform(0.1, 3.0, n))
    ys = [rng.standard_normal(n) for _ in range(3)]
    ys[2][rng.random(n) < 0.3] = np.nan  # a sparsely measured series
    for i in range(n):
        buf.append(xs[i], ys[0][i], ys[1][i], ys[2][i])
    assert len(buf) <= 300
    for k in range(3):
        kept = buf.y(k)
        assert np.nanmax(kept) == np.nanmax(ys[k])
        assert np.nanmin(kept) == np.nanmin(ys[k])


def test_all_nan_series_and_constant_x_do_not_break_thinning():
    buf = GrowingBuffer(n_series=2, max_points=100)
    for _ in range(500):
        buf.append(3.0, np.nan, 1.0)
    assert 0 < len(buf) <= 100
    assert np.all(buf.x == 3.0)


def test_clear_resets():
    buf = GrowingBuffer(n_series=1, capacity=4, max_points=100)
    for i in range(300):
        buf.append(i, i)
    buf.clear()
    assert len(buf) == 0 and buf.capacity == 4 and buf.thin_count == 0
    assert buf.last() is None
    buf.append(1, 2)
    assert buf.last() == (1.0, 2.0)


def test_surface_grid_contract():
    extent = (-2.0, 2.0, -1.0, 3.0)
    xs, ys = surface_axes(extent, nx=4, ny=2)
    np.testing.assert_allclose(xs, [-1.5, -0.5, 0.5, 1.5])  # cell centres, ascending
    np.testing.assert_allclose(ys, [0.0, 2.0])
    pts = surface_points(extent, nx=4, ny=2)
    assert pts.shape == (8, 2)
    grid = pts.reshape(2, 4, 2)  # values.reshape(ny, nx) order
    assert np.all(grid[0, :, 1] == 0.0) and np.all(grid[1, :, 1] == 2.0)  # row 0 = bottom
    np.testing.assert_allclose(grid[0, :, 0], xs)  # column 0 = left
    with pytest.raises(ValueError):
        surface_axes((1, 0, 0, 1), 2, 2)
    x0, x1, y0, y1 = data_extent(np.array([[0.0, 0.0], [1.0, 2.0]]), margin=0.1)
    assert (x0, x1) == pytest.approx((-0.1, 1.1)) and (y0, y1) == pytest.approx((-0.2, 2.2))


def test_numpy_helpers_do_not_import_qt():
    code = (
        "import sys, nnstudio.ui.plots.buffers, nnstudio.ui.plots.grid;"
        "bad = [m for m in ('PySide6', 'pyqtgraph') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
