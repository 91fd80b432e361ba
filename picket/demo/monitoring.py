"""Fictional monitoring demo data, written through the real services (``picket monitor import``'s path), so the demo
monitoring analyst's desk shows what a working one does: flagged ads with their reasons, operator networks
rotating numbers and cities, an unregistered placement agency advertising (an alert), and a watched phone that a
later ad brings back (another alert).

The ads come from ``picket.monitoring.synthetic`` (the benchmark's generator): invented advertisers, names and
numbers, posted over the last 60 days. The source is named "(demo)"; nothing is real.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence

from django.utils import timezone

from picket.accounts.access import actor_for
from picket.accounts.models import User
from picket.geo.models import District
from picket.monitoring.importing import ads_import
from picket.monitoring.models import EstablishmentKind, IdentifierKind, RegistrationStatus
from picket.monitoring.services_establishments import establishment_create
from picket.monitoring.services_watch import watchlist_add
from picket.monitoring.synthetic import SyntheticAd, generate

GAYA = 196
SOURCE = "Demo classifieds (demo)"
ADS, LATER = 160, 30  # the last LATER arrive after the analyst started watching a phone


def _csv(ads: Sequence[SyntheticAd]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "source", "posted_at", "city", "text"])
    for item in ads:
        ad = item.ad
        writer.writerow([ad.id, SOURCE, ad.posted_at.isoformat() if ad.posted_at else "", ad.city, ad.text])
    return out.getvalue().encode("utf-8")


def demo_monitoring_load() -> int:
    """Import the demo ads as the demo monitoring analyst; returns the alerts raised."""
    analyst = actor_for(User.objects.get(username="demo-monitoring-analyst"))
    gaya = District.objects.get(lgd_code=GAYA)
    start = timezone.localdate() - datetime.timedelta(days=60)
    ads = generate(ADS, seed=2026, start=start, days=60)
    first, later = ads[: ADS - LATER], ads[ADS - LATER :]
    risky = [a for a in first if a.is_risky and a.phones]
    # An operator that advertises now and again later: its phone goes on the watchlist between the two imports.
    later_phones = {phone for a in later for phone in a.phones}
    watched = next((p for a in risky for p in a.phones if p in later_phones), None)
    # A placement agency, not registered, known by the phone of another operator's ads: each such ad alerts.
    agency_phone = next(p for a in reversed(risky) for p in a.phones if p != watched)
    establishment_create(
        actor=analyst, kind=EstablishmentKind.PLACEMENT_AGENCY, name="Demo Manpower Placement Services (demo)",
        district=gaya, address="Demo Market, Gaya (demo)", registration_status=RegistrationStatus.UNREGISTERED,
        phones=[agency_phone], notes="Fictional, for the demo.",
    )  # fmt: skip
    alerts = ads_import(actor=analyst, data=_csv(first), filename="demo-ads.csv").alerts
    if watched is not None:
        watchlist_add(actor=analyst, kind=IdentifierKind.PHONE, value=watched, note="Demo: seen in flagged ads.")
    alerts += ads_import(actor=analyst, data=_csv(later), filename="demo-ads-later.csv").alerts
    return alerts
