"""Bundled resources (lessons, texts, datasets, icons), installed as nnstudio.resources."""
