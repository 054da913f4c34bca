"""Signals of the privacy app, for layers that keep their own copies of personal data."""

from django.dispatch import Signal

# Sent inside do_erase_candidate's transaction, with ``candidate`` (already anonymised).
# A receiver deletes any copy it keeps of the candidate's personal fields.
candidate_erased = Signal()
