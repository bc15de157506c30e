"""Tests of the HTTP API (a package so the web tests can reuse its fixtures)."""
