"""Loading records for the API: always through the model's read filter, so that an id from
another organisation (or outside the member's loop) is a 404, exactly like a missing one."""

from django.shortcuts import get_object_or_404

from secondround.hiring.models import Application, Interview


def application_for(member, pk: int) -> Application:
    queryset = Application.objects.visible_to(member).select_related("job", "candidate")
    return get_object_or_404(queryset, pk=pk)


def interview_for(member, pk: int) -> Interview:
    queryset = Interview.objects.visible_to(member).select_related(
        "application__job", "application__candidate", "round"
    )
    return get_object_or_404(queryset, pk=pk)
