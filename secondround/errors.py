"""The one error type that write functions raise for input a person can fix."""


class ActionError(Exception):
    """A write was refused. ``message`` is shown to the user as is; ``field`` names the input
    at fault when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(ActionError):
    """The member may not do this (maps to HTTP 403)."""


def forbid_if_not_allowed(error: ActionError) -> None:
    """For views: a refusal (NotAllowed) becomes Django's 403 page; any other ActionError is
    left for the view to show next to its field."""
    from django.core.exceptions import PermissionDenied

    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message) from error
