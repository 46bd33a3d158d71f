"""The SDK's version: the API document's ``info.version`` it was generated from."""

__version__ = "2.1.0"
