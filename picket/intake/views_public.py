"""The public tip form and the tipster's follow-up: no sign-in, rate-limited, spam-resistant without outside services.

Spam resistance: a honeypot field that people never see (a filled one "succeeds" without saving anything) and a
signed time at which the form was served (too fast: a script; too old: a stale page). The tip's text is never
logged (error reports hide every posted value) nor read back: the follow-up page only adds.
"""

from __future__ import annotations

import secrets
import time

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from picket.accounts.decorators import public
from picket.accounts.forms import add_service_errors
from picket.intake import services
from picket.intake.forms import FollowUpForm, PublicTipForm, state_or_none
from picket.intake.models import new_tip_reference
from picket.web.ratelimit import hit, limit_posts

TOKEN_SALT = "picket.intake.public-tip-form"  # noqa: S105 - a signing salt, not a secret
MIN_SECONDS = 3
MAX_SECONDS = 2 * 3600


def issue_form_token(*, now: float | None = None) -> str:
    """A signed note of when the form was served (milliseconds) and a nonce, checked when it comes back."""
    issued = int((time.time() if now is None else now) * 1000)
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(f"{issued}.{secrets.token_hex(4)}")


def form_token_problem(token: str, *, now: float | None = None) -> str | None:
    """Why a submission with ``token`` is refused, or None when it may go ahead."""
    now = time.time() if now is None else now
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=MAX_SECONDS + 60)
        issued = int(value.split(".", 1)[0]) / 1000
    except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
        return _("This form has expired. Please check what you wrote and submit it again.")
    elapsed = now - issued
    if elapsed > MAX_SECONDS:
        return _("This form has expired. Please check what you wrote and submit it again.")
    if elapsed < MIN_SECONDS:
        return _("The form was sent too quickly. Please check what you wrote and submit it again.")
    return None


def _first_use(token: str) -> bool:
    """Each served form sends one tip: reloading the receipt page must not file the tip twice."""
    return hit(scope="public-tip-form", subject=token, limit=1, window_seconds=24 * 3600)


def _with_fresh_token(form: PublicTipForm, posted: QueryDict) -> PublicTipForm:
    data = posted.copy()
    data["issued"] = issue_form_token()
    data["website"] = ""
    form.data = data
    return form


def _once(response: HttpResponse) -> HttpResponse:
    """Pages showing the follow-up code, or a tipster's words, must not be kept by the browser or a proxy."""
    add_never_cache_headers(response)
    return response


def _thanks(request: HttpRequest, reference: str, secret: str) -> HttpResponse:
    return _once(render(request, "intake/public_thanks.html", {"reference": reference, "secret": secret}))


@public
@limit_posts("public-tip", per_address=10, window_seconds=3600)
@sensitive_post_parameters()
def tip_public(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        state = state_or_none(request.GET.get("state"))
        form = PublicTipForm(initial={"issued": issue_form_token(), "state": state}, state=state)
        return _once(render(request, "intake/public_tip.html", {"form": form}))
    if request.POST.get("website", "").strip():
        # A person never sees the honeypot; whatever filled it gets a convincing answer and nothing is saved.
        return _thanks(request, new_tip_reference(), f"{secrets.randbelow(10**6):06d}")
    form = PublicTipForm(request.POST, state=state_or_none(request.POST.get("state")))
    problem = form_token_problem(request.POST.get("issued", ""))
    if problem is not None:
        form.is_valid()
        form.add_error(None, problem)
    elif form.is_valid() and not _first_use(request.POST["issued"]):
        form.add_error(None, _("This report was already sent. To add to it, use its reference and follow-up code."))
    elif form.is_valid():
        data = form.cleaned_data
        try:
            tip, secret = services.tip_submit_public(
                district=data["district"], what_seen=data["what_seen"], place=data["place"],
                establishment=data["establishment"], occurred_on=data["occurred_on"],
                children_involved=data["children_involved"], contact=data["contact"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _thanks(request, tip.reference, secret)
    return _once(render(request, "intake/public_tip.html", {"form": _with_fresh_token(form, request.POST)}))


@public
@require_GET
def public_districts(request: HttpRequest) -> HttpResponse:
    """The district select for one state (htmx swaps it in when the state changes)."""
    state = state_or_none(request.GET.get("state"))
    form = PublicTipForm(state=state)
    return render(request, "intake/_public_district.html", {"field": form["district"]})


@public
@limit_posts("public-tip-follow-up", per_address=10, window_seconds=3600)
@sensitive_post_parameters()
def tip_follow_up(request: HttpRequest) -> HttpResponse:
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.tip_add_public_information(reference=data["reference"], secret=data["secret"], text=data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _once(render(request, "intake/public_follow_up.html", {"form": FollowUpForm(), "added": True}))
    return _once(render(request, "intake/public_follow_up.html", {"form": form, "added": False}))
