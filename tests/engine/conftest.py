"""Engine test helpers: no Qt here. Makes ``tests/reference.py`` importable as
``from reference import load_reference`` and offers it as a fixture. The package itself is
imported as installed (README: ``pip install ".[test]"``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_TESTS = Path(__file__).resolve().parent.parent
if str(_TESTS) not in sys.path:  # tests/ (for reference.py)
    sys.path.insert(0, str(_TESTS))

from reference import load_reference, reference_dir  # noqa: E402

RTOL = 1e-6
ATOL = 1e-12


@pytest.fixture
def reference():
    """``reference(name)`` → the parsed reference JSON ``name``."""
    return load_reference


@pytest.fixture
def ref_dir():
    return reference_dir()
