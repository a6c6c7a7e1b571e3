"""Forms of the staff's agreement pages: the board's filter, a draft's signer, sending, cancelling, terminating
and amending. Each action form carries the agreement's version (the services refuse a stale one)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinder.agreements.enums import SigningOrder
from verbinder.agreements.selectors.agreements import BUCKETS


class BoardFilterForm(forms.Form):
    route = forms.TypedChoiceField(label=_("Route"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any = None, *, routes: list[Any]) -> None:
        super().__init__(data)
        self.fields["list"] = forms.ChoiceField(label=_("List"), required=False, choices=list(BUCKETS.items()))
        self.fields["route"].choices = [("", _("All my routes"))] + [  # type: ignore[attr-defined]
            (route.pk, route.programme_name) for route in routes
        ]
        self.routes = {route.pk: route for route in routes}

    def chosen(self) -> tuple[Any, str]:
        """The chosen route (None: all) and list ("waiting" by default); a bad value falls back to the default."""
        if not self.is_bound or not self.is_valid():
            return None, "waiting"
        route = self.routes.get(self.cleaned_data.get("route") or 0)
        return route, self.cleaned_data.get("list") or "waiting"


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SignerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    role = forms.CharField(label=_("Signs as"), max_length=200, required=False, help_text=_("For example: director."))


class SendForm(VersionForm):
    signing_order = forms.ChoiceField(label=_("Signing order"), choices=SigningOrder.choices, widget=forms.RadioSelect)


class CancelForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class TerminateForm(VersionForm):
    on = forms.DateField(label=_("Terminated on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AmendForm(forms.Form):
    reason = forms.CharField(
        label=_("What changes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("A new version of the agreement is drafted; everyone signs it again."),
    )
