"""Doc -> record: actors, events, dates, quotes, places, themes and tone."""
