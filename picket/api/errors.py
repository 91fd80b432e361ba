"""One error shape for every API response that is not a success:

    {"error": {"status": 422, "code": "invalid", "message": "...", "fields": [{"field": "name", "message": "..."}]}}

Messages never contain personal data: they name fields and problems, not values.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("picket.api")


def error_body(status: int, code: str, message: str, fields: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "fields": fields or []}}


def _field_name(location: Any) -> str:
    # Pydantic locations look like ("body", "payload", "name"); the client knows only the last parts.
    parts = [str(p) for p in location if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "body"


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=body["error"]["status"])

    @api.exception_handler(NinjaValidationError)
    def request_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = [{"field": _field_name(e.get("loc", ())), "message": str(e.get("msg", "invalid"))} for e in exc.errors]
        return respond(request, error_body(422, "invalid", "The request has invalid fields.", fields))

    @api.exception_handler(DjangoValidationError)
    def service_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            fields = [
                {"field": field, "message": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            fields = [{"field": "body", "message": message} for message in exc.messages]
        return respond(request, error_body(422, "invalid", "The request has invalid fields.", fields))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, error_body(404, "not_found", "Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, error_body(403, "forbidden", "Your role does not allow this."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, error_body(401, "unauthenticated", "Sign in or send a valid API token."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, error_body(exc.status_code, "error", str(exc)))

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged with the exception type and path only; the message may carry submitted values.
        logger.error("API error %s at %s", type(exc).__name__, request.path)
        return respond(request, error_body(500, "server_error", "Something went wrong; the error was logged."))
