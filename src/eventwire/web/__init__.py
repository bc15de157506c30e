"""The web UI of ``eventwire serve``: server-rendered pages, charts drawn as SVG in Python.

Mounted by :func:`eventwire.api.create_app`; the templates and static files are package data.
"""
