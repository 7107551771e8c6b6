"""Backfill from web archives: a story's history from before revtrack tracked it.

``captures`` says what an archived capture is; ``cdx`` lists a Wayback-compatible
archive's captures, ``timemap`` reads any Memento TimeMap; ``client`` fetches both
and each capture's original bytes politely; ``replay`` turns a fetched capture into
the FetchResult the capture pipeline records at the capture's own time; ``splice``
puts versions older than the tracked ones before them; ``run`` does a whole story.
"""
