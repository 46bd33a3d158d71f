"""Idempotency keys: the first response to a POST, stored with its write."""
