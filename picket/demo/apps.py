from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "picket.demo"
    label = "demo"
    verbose_name = "Demo data and the one-command start"
