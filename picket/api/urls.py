"""The ``/api/v1/`` API. OpenAPI document at ``/api/v1/openapi.json``, generated from the typed schemas."""

from __future__ import annotations

from ninja import NinjaAPI

from picket.accounts.api import router as accounts_router
from picket.api.errors import install_error_handlers
from picket.api.security import ActiveSessionAuth, TokenAuth
from picket.geo.api import router as geo_router
from picket.intake.api import router as intake_router
from picket.monitoring.api import router as monitoring_router
from picket.people.api import router as people_router
from picket.prosecution.api import router as prosecution_router
from picket.tracing.api import router as tracing_router

api = NinjaAPI(
    title="Picket API",
    version="1",
    description=(
        "Authenticate with `Authorization: Bearer <token>` (create tokens on the API tokens page) or, "
        "from the browser, with the session cookie and CSRF token. Lists are paginated with `limit` and "
        '`offset`. Errors share one shape: `{"error": {status, code, message, fields}}`.'
    ),
    auth=[TokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
    docs_url=None,
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/geo/", geo_router)
api.add_router("/", people_router)
api.add_router("/", intake_router)
api.add_router("/", tracing_router)
api.add_router("/prosecution/", prosecution_router)
api.add_router("/monitoring/", monitoring_router)
