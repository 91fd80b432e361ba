"""Background jobs for geography. Thin: load by id, call a service."""

from __future__ import annotations

from django_tasks import task

from picket.geo.models import GeographyImport, ImportStatus
from picket.geo.services import geography_import_execute


@task()
def geography_import_run(import_id: int) -> str:
    job = GeographyImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).first()
    if job is None:
        return "skipped"
    return geography_import_execute(job=job).status
