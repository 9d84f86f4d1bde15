"""nnstudio: design, train and look inside neural networks."""

import os as _os

# One BLAS thread: nnstudio's matrices are small, so multithreaded BLAS only adds overhead
# (5-10x slower recurrent steps measured on 2 cores) and competes with the GUI thread.
# Must run before numpy is imported; a user's own setting wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
