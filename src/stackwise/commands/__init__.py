"""One module per CLI command; imported lazily so ``stackwise --help`` stays fast."""
