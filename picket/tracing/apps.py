from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "picket.tracing"
    label = "tracing"
    verbose_name = _("Tracing")

    def ready(self) -> None:
        from picket.intake.signals import case_record_changed
        from picket.people.signals import child_identity_changed
        from picket.tracing import triggers

        case_record_changed.connect(triggers.case_record_changed, dispatch_uid="tracing.case_record_changed")
        child_identity_changed.connect(triggers.child_changed, dispatch_uid="tracing.child_changed")
