"""Checking stories: fetch, extract, fingerprint, and record what happened."""

from revtrack.capture.record import CheckReport, record_fetch
from revtrack.capture.run import PassSummary, capture_pass

__all__ = ["CheckReport", "PassSummary", "capture_pass", "record_fetch"]
