from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "picket.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"
