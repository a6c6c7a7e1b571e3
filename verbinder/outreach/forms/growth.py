"""The network view's filters (by kind of organisation and by stage), sent with GET."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinder.outreach.enums import Stage
from verbinder.outreach.selectors.network import NetworkFilter
from verbinder.partners.enums import OrganisationKind


class NetworkFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices])
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])

    def filters(self) -> NetworkFilter:
        """The valid filters; a field with an unknown value shows its error and filters nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return NetworkFilter(kind=data.get("kind") or "", stage=data.get("stage") or "")
