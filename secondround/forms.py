"""The one way a form calls a write function.

Web input goes through a ``django.forms.Form``; the business rules stay in the app's
``actions.py``. A view binds its form, and when the form is valid hands the write function to
``submit``: a refusal the member can fix (``ActionError``) is shown on the form field it names
(or above the form when it names none, or names something the form does not have), and a
``NotAllowed`` becomes the 403 page. The admin site's forms use ``add_action_error`` too.
"""

from collections.abc import Callable
from typing import TypeVar

from django import forms

from secondround.errors import ActionError, forbid_if_not_allowed

T = TypeVar("T")


def add_action_error(form: forms.BaseForm, error: ActionError, fields: dict | None = None) -> None:
    """Put the write function's message on its field. ``fields`` renames a write function's
    field to the form's (e.g. {"focus": "focus_competencies"})."""
    name = (fields or {}).get(error.field, error.field)
    form.add_error(name if name in form.fields else None, error.message)


def submit(form: forms.BaseForm, write: Callable[..., T], *args, fields=None, **kwargs) -> T | None:
    """Call ``write(*args, **kwargs)`` for a valid form. Returns what it returns, or None once
    its ActionError is on the form (the view then renders the form again, with 422)."""
    try:
        return write(*args, **kwargs)
    except ActionError as error:
        forbid_if_not_allowed(error)
        add_action_error(form, error, fields)
        return None


def posted(request):
    """The data to bind a page's form to: the POST on a POST (even an empty one), else None."""
    return request.POST if request.method == "POST" else None


def status_for(form: forms.BaseForm) -> int:
    """422 for a posted form with errors (so tests and htmx can tell), else 200."""
    return 422 if form.is_bound and form.errors else 200
