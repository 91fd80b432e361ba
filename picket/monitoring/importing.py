"""``picket monitor import``: the CSV of ``picket monitor scan`` (``id,source,posted_at,city,text``) into the
database, through ``ad_ingest``.

Reading is the scan's (``interchange.read_ads``): a file that cannot be read as a whole is refused and nothing
is stored; a row that cannot be used is left out and reported with its row, column and reason — or, with
``all_or_nothing``, nothing is stored when any row is. The file is kept as one capture (encrypted, with its
SHA-256); each ad is a sighting of it. Sources named in the file and not yet registered are registered as
file-import sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from picket.accounts.access import Actor
from picket.accounts.permissions import Permission
from picket.audit.models import AuditAction
from picket.monitoring import stored_index
from picket.monitoring.common import audit
from picket.monitoring.interchange import Problem, read_ads
from picket.monitoring.models import CollectionMethod, Source, SourceKind
from picket.monitoring.pipeline import Ad
from picket.monitoring.services_ingest import AdItem, ad_ingest, capture_store


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    recaptured: int = 0
    alerts: int = 0
    left_out: list[Problem] = field(default_factory=list)
    stored: bool = True

    def summary(self) -> str:
        if not self.stored:
            return f"nothing imported: {len(self.left_out)} row(s) could not be read (all or nothing)"
        return (
            f"{self.rows} ad(s) read: {self.added} new, {self.recaptured} already known (re-captured); "
            f"{self.alerts} alert(s); {len(self.left_out)} row(s) left out"
        )


def _source(actor: Actor, name: str, known: dict[str, Source]) -> Source | None:
    if not name:
        return None
    key = name.casefold()
    if key not in known:
        found = Source.objects.filter(name__iexact=name).order_by("pk").first()
        if found is None:
            assert actor.user is not None
            found = Source.objects.create(
                name=name[:200], kind=SourceKind.CLASSIFIEDS, method=CollectionMethod.FILE_IMPORT, created_by=actor.user
            )
            audit("source", found.pk, AuditAction.CREATE, kind="file_import")
        known[key] = found
    return known[key]


def ads_import(*, actor: Actor, data: bytes, filename: str = "ads.csv", all_or_nothing: bool = False) -> ImportReport:
    """Import an ``ads.csv``; raises ``interchange.ScanError`` (nothing stored) for a file refused as a whole."""
    actor.require(Permission.MONITORING_MANAGE)
    read = read_ads(data, filename=filename)
    report = ImportReport(left_out=list(read.left_out))
    if all_or_nothing and read.left_out:
        report.stored = False
        return report
    try:
        _store(actor, data, read.ads, report)
    except Exception:
        stored_index.reset()  # ads attached to the in-memory index were rolled back
        raise
    return report


def _store(actor: Actor, data: bytes, ads: list[Ad], report: ImportReport) -> None:
    with transaction.atomic():
        capture = capture_store(actor=actor, source=None, method=CollectionMethod.FILE_IMPORT, data=data,
                                content_type="text/csv")  # fmt: skip
        known: dict[str, Source] = {}
        for ad in ads:
            item = AdItem(text=ad.text, external_id=ad.id, posted_at=ad.posted_at, city=ad.city)
            result = ad_ingest(actor=actor, capture=capture, item=item, source=_source(actor, ad.source, known))
            report.rows += 1
            report.added += result.created
            report.recaptured += not result.created
            report.alerts += len(result.alerts)
        audit("capture", capture.pk, AuditAction.UPDATE, kind="import", rows=report.rows, added=report.added,
              unchanged=report.recaptured, format="csv")  # fmt: skip
