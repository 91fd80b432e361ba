from django.apps import AppConfig


class ProsecutionConfig(AppConfig):
    name = "picket.prosecution"
    label = "prosecution"
    verbose_name = "Prosecution"
