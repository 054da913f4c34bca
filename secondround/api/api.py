"""The NinjaAPI instance: routers, bearer auth, and one JSON error shape for every failure.

Errors always carry ``{"detail": "..."}``: 400 when a write function refused the input
(ActionError, with ``field``), 401 without a valid token, 403 when the member may not act
(NotAllowed), 404 for anything outside the member's read filter (other organisations
included), 422 when the request itself is malformed (with pydantic's ``errors``).
"""

import json
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from secondround.api import (
    applications,
    calibration,
    candidates,
    concerns,
    decisions,
    interviews,
    jobs,
    members,
    scorecards,
    setup,
    stages,
)
from secondround.api.auth import BearerToken
from secondround.api.interviews import SlotWarnings
from secondround.errors import ActionError, NotAllowed


class ObjectBodyParser(Parser):
    """Every request body of this API is a JSON object. ninja would quietly read a list or a
    string as an empty object (and save an empty draft); refuse it instead."""

    def parse_body(self, request):
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("The body must be a JSON object.")
        return data


class SecondroundAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # Short, stable ids for generated clients ("save_draft", not the module path).
        return operation.view_func.__name__

    def _get_urls(self):
        """ninja's URL patterns, each answering a method it lacks with our JSON error shape
        (ninja's own 405 is plain text), then a JSON 404 for any other path under /api/."""
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = _json_not_allowed(pattern.callback)
        patterns.append(re_path(r"^.*$", _json_not_found, name="api-not-found"))
        return patterns


def _json_not_allowed(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                {"detail": f"{request.method} is not allowed here (allowed: {allowed})."},
                status=405,
            )
            response["Allow"] = allowed
        return response

    return wrapper


@csrf_exempt
def _json_not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "Not found."}, status=404)


api = SecondroundAPI(
    title="secondround API",
    version="1",
    description=(
        "Structured interview loops over HTTP. Authenticate with `Authorization: Bearer "
        "<token>`; create a token with `secondround manage create_api_token EMAIL`. "
        "Every read is limited to what the token's member may see in the web app."
    ),
    auth=BearerToken(),
    parser=ObjectBodyParser(),
    urls_namespace="api",
    # Served from ninja's bundled static files ("ninja" is in INSTALLED_APPS), not a CDN.
    docs=Swagger(settings={"persistAuthorization": True}),
)

api.add_router("", jobs.router)
api.add_router("", setup.router)
api.add_router("", members.router)
api.add_router("", candidates.router)
api.add_router("", applications.router)
api.add_router("", stages.router)
api.add_router("", interviews.router)
api.add_router("", scorecards.router)
api.add_router("", concerns.router)
api.add_router("", decisions.router)
api.add_router("", calibration.router)


@api.exception_handler(NotAllowed)
def not_allowed(request, exc: NotAllowed):
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(SlotWarnings)
def slot_warnings(request, exc: SlotWarnings):
    detail = "This slot needs confirming: " + " ".join(exc.warnings)
    body = {"detail": detail + " Send it again with schedule_anyway to book it."}
    return api.create_response(request, {**body, "warnings": exc.warnings}, status=409)


@api.exception_handler(ActionError)
def action_error(request, exc: ActionError):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc: AuthenticationError):
    response = api.create_response(
        request, {"detail": "Send a valid API token: Authorization: Bearer <token>."}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid_request(request, exc: ValidationError):
    errors = [_plain_error(error) for error in exc.errors]
    first = errors[0] if errors else {"loc": [], "msg": "Invalid request."}
    where = ".".join(str(part) for part in first["loc"])
    detail = f"{where}: {first['msg']}" if where else first["msg"]
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # ninja answers an unparseable body with a bare 400; it is a malformed request (422),
    # and 400 is kept for refusals by the write functions, which name the field at fault.
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        message = "The body is not a JSON object."
        error = {"type": "json_invalid", "loc": ["body"], "msg": message}
        return api.create_response(
            request, {"detail": f"body: {message}", "errors": [error]}, status=422
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _plain_error(error: dict) -> dict:
    """pydantic's error without ``ctx``/``input``, which may hold values JSON cannot carry (or
    echo a secret back)."""
    return {
        "type": str(error.get("type", "")),
        "loc": [p if isinstance(p, int | str) else str(p) for p in error.get("loc", ())],
        "msg": str(error.get("msg", "")),
    }
