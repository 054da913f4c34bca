"""Uploaded files that follow their write function's transaction.

File storage is not part of the database transaction: a file saved by a write function that
then fails stays in storage with no record pointing to it, a candidate's CV or document that
nobody can see, export or erase. Write functions that store files are decorated with
``files_removed_on_failure()`` and save through ``save_file``: if the function raises, its
transaction rolls back and the files it saved are deleted too.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

_saved: ContextVar[list | None] = ContextVar("files_saved_by_this_write", default=None)


@contextmanager
def files_removed_on_failure():
    saved: list = []
    token = _saved.set(saved)
    try:
        yield
    except BaseException:
        for storage, name in saved:
            storage.delete(name)
        raise
    finally:
        _saved.reset(token)
    # A write function called by another: its files now depend on the caller's outcome.
    outer = _saved.get()
    if outer is not None:
        outer.extend(saved)


def save_file(field_file, name: str, content) -> None:
    """Save ``content`` to the record's file field without saving the record (the write
    function saves it in its transaction)."""
    field_file.save(name, content, save=False)
    saved = _saved.get()
    if saved is not None:
        saved.append((field_file.storage, field_file.name))


def delete_file_on_commit(field_file) -> None:
    """Delete a record's file once the current transaction commits: if it rolls back, the
    record still points to its file, which must then still be there."""
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))
