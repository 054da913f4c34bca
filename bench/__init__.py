"""Benchmarks of the calibration engine: simulator, decision quality, real data, speed."""
