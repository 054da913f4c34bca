"""Every route of the app, with the URL of the object that the table tries it on.

Web routes come from the URL resolver and API operations from the OpenAPI document, so a
route added tomorrow shows up here by itself, and the table's completeness test fails until
it has a row.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from secondround.api.api import api

# The object each route is tried on: mostly Dana's loop, where Ivy is blind before she submits.
OBJECT_FOR = {
    "applications": "dana_app",
    "decisions": "dana_decision",
    "jobs": "job",
    "candidates": "dana",
    "interviews": "dana_r1",
    "scorecards": "ian_card",
    "questions": "acme_question",
    "concerns": "dana_concern",
    "team/members": "ivy",
    "team/invitations": "acme_invitation",
    "reassign/steps": "vera_step",
    "reassign/concerns": "dana_concern",
    "portal/documents": "dana_document",
    "settings/webhooks": "acme_webhook",
    "settings/tokens": "ivy_token",
    "competencies": "library_entry",
    "notes": "dana_note",
    "imports": "alice_import",
    "settings/webhooks/deliveries": "acme_delivery",
}
# Where a route's own object differs from its prefix's.
ROUTE_OBJECT = {
    "candidate_cv": "cora",
    "portal_answer": "dana_topic",
    "portal_ics": "dana_r1",
    "portal_documents": "dana_app",
    "portal_reschedule": "dana_app",
    "portal_withdraw": "dana_app",
}
KWARG_OBJECT = {
    "job_pk": "job",
    "competency_pk": "problem",
    "round_pk": "round1",
    "concern_pk": "dana_concern",
}


def web_routes() -> list[tuple[str, str]]:
    """(name, route) for every named pattern outside the admin site and the API (the admin
    site has its own rows; the API is enumerated from its OpenAPI document)."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith(("admin/", "api/")):
                    walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((pattern.name, route))

    walk(get_resolver().url_patterns)
    return sorted(set(found))


def api_operations() -> list[tuple[str, str, str]]:
    """(operation id, method, path) for every operation in the OpenAPI document."""
    schema = api.get_openapi_schema()
    return sorted(
        (operation["operationId"], method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    )


def _object_name(name: str, route: str) -> str:
    if name in ROUTE_OBJECT:
        return ROUTE_OBJECT[name]
    for prefix in sorted(OBJECT_FOR, key=len, reverse=True):
        if route.startswith(prefix + "/"):
            return OBJECT_FOR[prefix]
    return ""


def web_url(world, name: str, route: str, viewer: str) -> str:
    kwargs = {}
    if "<int:pk>" in route:
        kwargs["pk"] = getattr(world, _object_name(name, route)).pk
    for key, attribute in KWARG_OBJECT.items():
        if f"<int:{key}>" in route:
            kwargs[key] = getattr(world, attribute).pk
    if "<str:token>" in route:
        kwargs["token"] = _token(world, name, viewer)
    if "<uidb64>" in route:
        kwargs.update(uidb64="x", token="x")
    return reverse(name, kwargs=kwargs)


def _token(world, name: str, viewer: str) -> str:
    if name == "calendar_feed":
        return world.ivy_feed_token
    if name == "accept_invitation":
        return world.invitation_token
    # Portal routes: a candidate's link is their key. Every member tries Dana's; the
    # "portal" viewer is Luis, who holds only his own.
    return world.luis_token if viewer == "portal" else world.dana_token


API_OBJECT = {
    "{application_id}": "dana_app",
    "{interview_id}": "dana_r1",
    "{decision_id}": "dana_decision",
    "{concern_id}": "dana_concern",
    "{job_id}": "job",
    "{candidate_id}": "dana",
    "{competency_id}": "problem",
    "{round_id}": "round1",
    "{member_id}": "ivy",
    "{invitation_id}": "acme_invitation",
}


def api_url(world, path: str, objects=None) -> str:
    for placeholder, attribute in {**API_OBJECT, **(objects or {})}.items():
        path = path.replace(placeholder, str(getattr(world, attribute).pk))
    return path
