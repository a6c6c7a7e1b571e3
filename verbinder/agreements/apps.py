from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "verbinder.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from verbinder.agreements import rules, signals  # noqa: F401
