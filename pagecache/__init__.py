"""Whole anonymous pages kept in a cache, dropped at every committed write (docs/scaling.md,
"The page cache")."""
