"""Runnable programs that use the SDK (``python examples/<name>.py``); a package only so
the tests can import their functions."""
