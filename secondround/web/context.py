"""Template context shared by every page: the main navigation for the member's roles."""

import functools

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

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


@functools.cache
def _nav_urls(urlconf, script_prefix) -> dict:
    """Each page's address, reversed once per URL configuration and script prefix (the two
    things a reversed address depends on) rather than on every request."""
    urls = {}
    for key, _label, name, _roles in NAV:
        try:
            urls[key] = reverse(name, urlconf=urlconf)
        except NoReverseMatch:
            continue  # the page is not built yet
    return urls


def main_nav(request):
    member = getattr(request, "member", None)
    if member is None:
        return {"main_nav": []}
    urls = _nav_urls(get_urlconf(), get_script_prefix())
    roles_held = member.roles
    items = [
        {"key": key, "label": label, "url": urls[key]}
        for key, label, _name, roles in NAV
        if key in urls and (not roles or roles_held & roles)
    ]
    return {"main_nav": items}
