"""The store: every read and write of revtrack's data, and all of its SQL."""
