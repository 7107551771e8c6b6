"""The terminal UI: the only package of revtrack that imports Textual."""
