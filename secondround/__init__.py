"""secondround: structured interview loops, calibrated."""

__version__ = "0.1.0"
