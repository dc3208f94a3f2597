"""The data-access tests share the root conftest's small registries (``registry_url``,
``engine_name``, ``tiny_url``): built once per session on SQLite and on PostgreSQL."""
