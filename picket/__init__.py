"""Picket: case management, tracing, prosecution tracking and monitoring against child trafficking."""

__version__ = "0.1.0"
