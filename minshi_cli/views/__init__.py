"""Views: what the commands show (terminal tables, JSON, CSV, reports), built from the core's data."""
