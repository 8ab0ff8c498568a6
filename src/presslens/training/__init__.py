"""Training code for presslens models (needs the ``train`` extra: scikit-learn)."""
