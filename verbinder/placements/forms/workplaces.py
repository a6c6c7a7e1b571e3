"""Forms of learning workplaces: the workplace (staff and the company's offer), the list filter, approve and
withdraw."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from verbinder.partners import validators
from verbinder.partners.forms import CleanTextMixin, QuickSelect
from verbinder.partners.models import Organisation, Route
from verbinder.placements.enums import WorkplaceStatus
from verbinder.placements.models import Workplace
from verbinder.placements.selectors.workplaces import WorkplaceFilters

WORKPLACE_FIELDS = ["title", "tasks", "hours_per_week", "start_date", "requirements", "location", "postcode"]


def route_label_for_company(route: Route) -> str:
    """A route as a company contact sees it: which programmes a hogeschool runs with which companies is the
    hogeschool's own business, so the programme's name stays internal (tests/security/markers.py)."""
    return str(
        _("%(degree)s at %(hogeschool)s, from %(year)s")
        % {"degree": route.get_degree_type_display(), "hogeschool": route.hogeschool, "year": route.start_year}
    )


class CompanyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name}, {obj.city}" if obj.city else obj.name


class WorkplaceForm(CleanTextMixin, forms.ModelForm):
    """The workplace itself. `organisations` (staff entering a new one) or `routes` (a company offering one)
    (a list) add the choice of company or route; `accept_non_sme` is the "continue anyway" of the SME warning."""

    accept_non_sme = forms.BooleanField(
        label=_("Continue anyway: save this workplace although the company is not an SME"), required=False
    )

    class Meta:
        model = Workplace
        fields = WORKPLACE_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tasks": forms.Textarea(attrs={"rows": 6}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, organisations: Any = None, routes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"] = CompanyChoiceField(
                label=_("Company"), queryset=organisations, widget=QuickSelect
            )
            self.order_fields(["organisation"])
        self._routes = {route.pk: route for route in routes or []}
        if routes is not None:
            # Choices from the routes fetched once by the view (a queryset would be read again to render).
            self.fields["route"] = forms.TypedChoiceField(
                label=_("Programme"),
                coerce=int,
                choices=[(route.pk, route_label_for_company(route)) for route in routes],
                widget=QuickSelect,
            )
            self.order_fields(["route"])
        self.fields["hours_per_week"].widget.attrs.update({"min": "1", "max": "60", "step": "0.1"})
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["requirements"].help_text = _("Prior education, skills or a driving licence the student needs.")
        self.fields["tasks"].help_text = _("What the student will do. Markdown: **bold**, *italic*, lists, links.")

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Enter a title."), code="required")
        return title

    def clean_route(self) -> Route:
        return self._routes[self.cleaned_data["route"]]

    def clean_postcode(self) -> str:
        return validators.normalise_postcode(self.cleaned_data["postcode"])

    @property
    def warns_not_sme(self) -> bool:
        """The service refused a company that is not an SME: show "continue anyway"."""
        return any(error.code == "not_sme" for error in self.non_field_errors().as_data()) or any(
            error.code == "not_sme" for error in self.errors.as_data().get("organisation", [])
        )

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in WORKPLACE_FIELDS}


STATUS_AWAITING = WorkplaceStatus.PROPOSED


class WorkplaceFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[], widget=QuickSelect)
    organisation = forms.TypedChoiceField(
        label=_("Company"), required=False, coerce=int, empty_value=None, choices=[], widget=QuickSelect
    )
    region = forms.RegexField(
        label=_("Region (postcode area)"),
        regex=r"^[1-9][0-9]$",
        required=False,
        max_length=2,
        help_text=_("The first two digits of the postcode, such as 35."),
        error_messages={"invalid": _("Enter two digits, such as 35.")},
    )
    hours_min = forms.DecimalField(
        label=_("At least hours per week"), required=False, min_value=Decimal(1), max_value=Decimal(60)
    )
    hours_max = forms.DecimalField(
        label=_("At most hours per week"), required=False, min_value=Decimal(1), max_value=Decimal(60)
    )
    start_from = forms.DateField(
        label=_("Starting from"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, companies: list[Organisation], awaiting: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status_choices: list[tuple[str, Any]] = [("", _("All statuses"))]
        for value, label in WorkplaceStatus.choices:
            shown: Any = label
            if value == STATUS_AWAITING:
                shown = _("%(label)s (%(count)s)") % {"label": label, "count": awaiting}
            status_choices.append((value, shown))
        cast(forms.ChoiceField, self.fields["status"]).choices = status_choices
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            ("", _("All companies")),
            *((org.pk, org.name) for org in companies),
        ]
        self.fields["region"].widget.attrs.update({"inputmode": "numeric", "size": "2"})
        for name in ("hours_min", "hours_max"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})

    def filters(self) -> WorkplaceFilters:
        if not self.is_valid():
            return WorkplaceFilters()
        data = self.cleaned_data
        return WorkplaceFilters(
            status=data.get("status") or "",
            organisation_id=data.get("organisation"),
            region=data.get("region") or "",
            hours_min=data.get("hours_min"),
            hours_max=data.get("hours_max"),
            start_from=data.get("start_from"),
        )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class WithdrawForm(CleanTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("For example: the company has found a student itself."),
    )
