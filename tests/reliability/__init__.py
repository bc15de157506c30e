"""Reliability tests: hostile inputs, kill -9, concurrent runs, store faults, API hardening."""
