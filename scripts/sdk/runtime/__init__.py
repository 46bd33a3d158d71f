"""The SDK's runtime: plain Python modules copied as they are into the generated package.

``scripts/sdk/generator.py`` copies every module here except this one into
``storefront_client/`` (as openai-python keeps ``_base_client.py`` by hand beside its
generated resources). They are linted and type-checked with the rest of the repository;
the modules they import that depend on the API document (``.models``, ``.api``,
``._version``) are generated.
"""
