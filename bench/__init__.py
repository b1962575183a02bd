"""Benchmarks (not tests): `make bench` runs bench/run.py; each script also runs on its own."""
