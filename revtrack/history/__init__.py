"""A story's history: how each version changed (the stored change) and its timeline."""
