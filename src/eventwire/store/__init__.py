"""The store: coded articles in SQLite (default) or PostgreSQL, through one SQLAlchemy Core schema."""

from eventwire.store import schema
from eventwire.store.engine import DEFAULT_DB, Store, database_url

__all__ = ["DEFAULT_DB", "Store", "database_url", "schema"]
