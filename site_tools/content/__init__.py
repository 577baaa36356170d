"""Stage 1, read and check: content/ in, typed and validated records (`Content`) or located problems out."""
