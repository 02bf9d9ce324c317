"""The core: the registry, progress files, their problems and the status rules (no output)."""
