"""Validate: the rules of the shared definitions, applied to what the sources loaded."""
