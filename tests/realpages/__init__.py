"""One-word edits and request noise on real pages: the never-miss-an-edit judge."""
