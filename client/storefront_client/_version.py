"""The SDK's version: the API document's ``info.version`` it was generated from."""

__version__ = "3.0.0"
