"""The router every resource uses: each write operation (POST, PUT, PATCH, DELETE) takes an
``Idempotency-Key`` header, declared in the OpenAPI document, with its 409."""

from ninja import Router
from ninja.decorators import decorate_view

from secondround.api.auth import BearerToken
from secondround.api.idempotency import OPENAPI_HEADER, idempotent
from secondround.api.schemas import ErrorOut

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

_authenticate = BearerToken()


def _with_idempotency(run):
    return idempotent(run, _authenticate)


class ApiRouter(Router):
    def add_api_operation(self, path, methods, view_func, **kwargs):
        if WRITE_METHODS & {m.upper() for m in methods}:
            decorate_view(_with_idempotency)(view_func)
            extra = dict(kwargs.get("openapi_extra") or {})
            extra["parameters"] = [*extra.get("parameters", []), OPENAPI_HEADER]
            kwargs["openapi_extra"] = extra
            response = kwargs.get("response")
            if isinstance(response, dict):
                kwargs["response"] = {409: ErrorOut, **response}
        super().add_api_operation(path, methods, view_func, **kwargs)
