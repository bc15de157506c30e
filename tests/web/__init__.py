"""Tests of the web UI, in process and in headless Chromium."""
