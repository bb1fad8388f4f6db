"""Backups in the window: the backup folder setting, restoring a copy, and what to do
when the data file is found damaged at start."""
