"""Tests of ingest runs, coders, clusters and the feed watcher."""
