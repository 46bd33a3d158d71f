"""Storefront: an e-commerce catalog API whose SDK is generated from its own OpenAPI schema."""

API_VERSION = "3.0.0"
