"""Writes to the geography tables: LGD imports and district successions, each audited in its transaction."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from picket.audit.models import AuditAction, AuditOutcome
from picket.audit.services import audit_record
from picket.geo.lgd_files import LgdFile, LgdFileError, LgdKind, LgdRow, parse_lgd
from picket.geo.models import (
    District,
    DistrictSuccession,
    GeographyImport,
    ImportStatus,
    State,
    SubDistrict,
    SuccessionKind,
)

if TYPE_CHECKING:
    from picket.accounts.models import User


@dataclass(frozen=True)
class ImportCounts:
    filename: str
    kind: LgdKind
    added: int
    updated: int
    unchanged: int

    def summary(self) -> str:
        return (
            f"{self.filename}: {self.kind} rows — {self.added} added, "
            f"{self.updated} updated, {self.unchanged} unchanged"
        )


def _fields_for(kind: LgdKind, row: LgdRow, parents: dict[int, int]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": row.name,
        "census_2001_code": row.census_2001_code,
        "census_2011_code": row.census_2011_code,
    }
    if kind == LgdKind.STATE:
        fields |= {"lgd_version": row.version, "is_union_territory": row.is_union_territory}
    elif kind == LgdKind.DISTRICT:
        fields["state_id"] = parents[row.parent_code]  # type: ignore[index]
    else:
        fields |= {"lgd_version": row.version, "district_id": parents[row.parent_code]}  # type: ignore[index]
    return fields


_MODELS: dict[LgdKind, type[models.Model]] = {
    LgdKind.STATE: State,
    LgdKind.DISTRICT: District,
    LgdKind.SUBDISTRICT: SubDistrict,
}
_PARENT_MODELS: dict[LgdKind, type[models.Model] | None] = {
    LgdKind.STATE: None,
    LgdKind.DISTRICT: State,
    LgdKind.SUBDISTRICT: District,
}
_PARENT_COLUMN = {LgdKind.DISTRICT: "State Code", LgdKind.SUBDISTRICT: "District Code"}


def geography_import_file(*, lgd_file: LgdFile, user: User | None = None) -> ImportCounts:
    """Import one parsed LGD file, all or nothing. Idempotent: an identical second run changes nothing.

    ``user``: who asked for the import (the uploader, for the worker); else the request's user, if any.
    """
    kind = lgd_file.kind
    model = _MODELS[kind]
    parent_model = _PARENT_MODELS[kind]
    with transaction.atomic():
        parents: dict[int, int] = {}
        if parent_model is not None:
            parents = dict(parent_model._default_manager.values_list("lgd_code", "id"))
            for row in lgd_file.rows:
                if row.parent_code not in parents:
                    parent_name = "state" if kind == LgdKind.DISTRICT else "district"
                    raise LgdFileError(
                        lgd_file.filename,
                        f"unknown {parent_name} code {row.parent_code} (import the {parent_name} file first)",
                        row=row.row,
                        column=_PARENT_COLUMN[kind],
                    )
        existing = {obj.lgd_code: obj for obj in model._default_manager.select_for_update()}  # type: ignore[attr-defined]
        to_create: list[models.Model] = []
        to_update: list[models.Model] = []
        changed_fields: set[str] = set()
        unchanged = 0
        for row in lgd_file.rows:
            fields = _fields_for(kind, row, parents)
            current = existing.get(row.lgd_code)
            if current is None:
                to_create.append(model(lgd_code=row.lgd_code, **fields))
                continue
            differing = {name for name, value in fields.items() if getattr(current, name) != value}
            if not differing:
                unchanged += 1
                continue
            for name in differing:
                setattr(current, name, fields[name])
            changed_fields |= differing
            to_update.append(current)
        model._default_manager.bulk_create(to_create, batch_size=500)
        if to_update:
            model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=500)
        audit_record(
            action=AuditAction.ADMIN_ACTION,
            object_type=f"geo.{kind.value}",
            detail={
                "kind": "geography_import",
                "level": kind.value,
                "rows": len(lgd_file.rows),
                "added": len(to_create),
                "updated": len(to_update),
                "unchanged": unchanged,
                "fields": sorted(changed_fields),
            },
            user=user,
        )
    return ImportCounts(lgd_file.filename, kind, len(to_create), len(to_update), unchanged)


class SuccessionError(ValueError):
    pass


def district_succession_record(
    *,
    predecessor: District,
    successors: list[District],
    kind: SuccessionKind,
    effective_on: datetime.date | None = None,
    user: User | None = None,
) -> list[DistrictSuccession]:
    """Record that ``predecessor``'s LGD code was retired in favour of ``successors``.

    The predecessor stays in the database (records keep their foreign keys and history) but becomes
    inactive; access scoping treats it as part of its successors' area, so nothing becomes invisible.
    """
    if not successors:
        raise SuccessionError("at least one successor district is needed")
    if predecessor in successors:
        raise SuccessionError("a district cannot succeed itself")
    if kind == SuccessionKind.RENAME and len(successors) != 1:
        raise SuccessionError("a rename has exactly one successor")
    if kind == SuccessionKind.SPLIT and len(successors) < 2:
        raise SuccessionError("a split has at least two successors")
    with transaction.atomic():
        rows = [
            DistrictSuccession.objects.update_or_create(
                predecessor=predecessor,
                successor=successor,
                defaults={"kind": kind, "effective_on": effective_on},
            )[0]
            for successor in successors
        ]
        District.objects.filter(pk=predecessor.pk).update(is_active=False)
        predecessor.is_active = False
        audit_record(
            action=AuditAction.ADMIN_ACTION,
            object_type="geo.district",
            object_id=predecessor.pk,
            detail={
                "kind": "district_succession",
                "succession": str(kind),
                "successor_ids": [str(successor.pk) for successor in successors],
            },
            user=user,
        )
    return rows


def geography_import_queue(*, actor: User, filename: str, data: bytes) -> GeographyImport:
    """Store an uploaded LGD file and queue it for the background worker.

    The file is validated in full before it is queued, so that a malformed upload is refused at once with
    the row and column at fault instead of failing later, out of the user's sight.
    """
    from picket.geo.tasks import geography_import_run

    parse_lgd(filename, data)
    directory = settings.UPLOAD_DIR / "geography"
    directory.mkdir(parents=True, exist_ok=True)
    stored = directory / f"{uuid.uuid4().hex}.csv"
    stored.write_bytes(data)
    with transaction.atomic():
        job = GeographyImport.objects.create(
            original_filename=Path(filename).name[:255], stored_path=str(stored), created_by=actor
        )
        audit_record(
            action=AuditAction.ADMIN_ACTION,
            object_type="geo.geographyimport",
            object_id=job.pk,
            detail={"kind": "geography_upload"},
            user=actor,
        )
        transaction.on_commit(lambda: geography_import_run.enqueue(job.pk))
    return job


def geography_import_execute(*, job: GeographyImport) -> GeographyImport:
    """Run a queued import (called by the worker). Failure is recorded on the job, never half-applied."""
    GeographyImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    try:
        lgd_file = parse_lgd(job.original_filename, Path(job.stored_path).read_bytes())
        counts = geography_import_file(lgd_file=lgd_file, user=job.created_by)
    except (LgdFileError, OSError) as error:
        job.status, job.error = ImportStatus.FAILED, str(error)
    else:
        job.status, job.kind = ImportStatus.DONE, counts.kind.value
        job.added, job.updated, job.unchanged = counts.added, counts.updated, counts.unchanged
        Path(job.stored_path).unlink(missing_ok=True)
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save()
        if job.status == ImportStatus.FAILED:
            # The import's own transaction (and its event) rolled back; the failure is recorded here.
            audit_record(
                action=AuditAction.ADMIN_ACTION,
                object_type="geo.geographyimport",
                object_id=job.pk,
                outcome=AuditOutcome.FAILED,
                detail={"kind": "geography_import"},
                user=job.created_by,
            )
    return job
