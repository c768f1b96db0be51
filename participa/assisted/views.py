"""Pages of assisted filing."""
