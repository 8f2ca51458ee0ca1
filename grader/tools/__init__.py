"""Instructor tools: batch, bench, demo, bundle and the extras (gradebooks, similarity, overview)."""
