"""Template context shared by every page: the main navigation for the member's roles."""

from django.urls import NoReverseMatch, reverse

# (key, label, url name, roles that see it; empty = everyone)
NAV = [
    ("jobs", "Jobs", "jobs", {"admin", "recruiter", "hiring_manager"}),
    ("candidates", "Candidates", "candidates", {"admin", "recruiter", "hiring_manager"}),
    ("approvals", "Approvals", "approvals", {"approver", "admin"}),
    ("calibration", "Interviewer calibration", "calibration_report", {"admin", "recruiter"}),
    ("questions", "Question bank", "questions", {"admin", "recruiter", "hiring_manager"}),
    ("team", "Team", "team", {"admin"}),
    ("settings", "Settings", "my_settings", set()),
    ("portal_values", "Values page", "portal_values", {"admin", "recruiter"}),
    ("audit", "Audit trail", "audit_trail", {"admin"}),
    ("retention", "Data retention", "retention_settings", {"admin"}),
]


def main_nav(request):
    member = getattr(request, "member", None)
    if member is None:
        return {"main_nav": []}
    items = []
    for key, label, name, roles in NAV:
        if roles and not member.roles & roles:
            continue
        try:
            items.append({"key": key, "label": label, "url": reverse(name)})
        except NoReverseMatch:
            continue  # the page is not built yet
    return {"main_nav": items}
