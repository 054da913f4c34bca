"""CSV import of candidates (with their applications) and of historical ratings.

Every import is first a dry run (``check_*``: per-row errors and what would be created),
then a commit (``do_import_*`` in actions.py: one transaction, all or nothing).
"""
