"""nnstudio performance benchmarks (issue 7): run ``python -m benchmarks``.

Not part of the installed package; nothing in nnstudio imports this. See README.md here.
"""
