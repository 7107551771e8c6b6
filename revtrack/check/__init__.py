"""Checking stories: fetch, extract, fingerprint, and record what happened."""

from revtrack.check.record import CheckReport, record_fetch
from revtrack.check.run import PassSummary, capture_pass

__all__ = ["CheckReport", "PassSummary", "capture_pass", "record_fetch"]
