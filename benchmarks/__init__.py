"""Benchmarks: each script compares against a floor measured in the same run (see README.md)."""
