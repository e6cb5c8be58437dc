"""The demo organisation behind ``pulse demo``: seeded, deterministic, written in bulk."""

from data_sources.demo.generate import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
