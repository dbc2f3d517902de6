"""Downloads from external services into immutable snapshots (the only network code)."""
