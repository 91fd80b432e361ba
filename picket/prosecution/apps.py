from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from picket.intake.models import FoundChild


class ProsecutionConfig(AppConfig):
    name = "picket.prosecution"
    label = "prosecution"
    verbose_name = "Prosecution"

    def ready(self) -> None:
        from picket.intake.signals import cwc_production_recorded

        cwc_production_recorded.connect(_production_recorded, dispatch_uid="prosecution.cwc_production")


def _production_recorded(*, found: FoundChild, **_: object) -> None:
    """A rescued child was produced before the CWC: the rescue's JJ Act s.31 clocks are recomputed at once."""
    from picket.prosecution.deadlines import rescue_clocks_refresh
    from picket.prosecution.models import RescueOperation

    for rescue in RescueOperation.objects.filter(children_rescued=found):
        rescue_clocks_refresh(rescue=rescue)
