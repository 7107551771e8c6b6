"""The schedule: when to check each story next, the watch daemon and system units."""
