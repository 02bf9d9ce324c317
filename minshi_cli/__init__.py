"""minshi — 重点民生实事进度跟踪（key livelihood projects tracker)."""

__version__ = "0.1.0"
