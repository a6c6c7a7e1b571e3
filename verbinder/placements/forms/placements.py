"""Forms of the placement pages: the list's filters and the coordinator's changes, each with its date and reason.

The forms check the input's shape; the services check the rules (shares add up, dates in order, an SME) and the
views show their refusals on the field they concern.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbinder.partners.forms import CleanTextMixin, QuickSelect
from verbinder.partners.models import Affiliation, Organisation
from verbinder.placements.enums import ContractType, PlacementStatus
from verbinder.placements.models import Placement, PlacementHost
from verbinder.placements.selectors.placements import PLACEMENT_SORTS, PlacementFilters, company_supervisors

SORT_LABELS = {
    "student": _("Student (A-Z)"),
    "-student": _("Student (Z-A)"),
    "start": _("Start date (oldest first)"),
    "-start": _("Start date (newest first)"),
    "end": _("End date (soonest first)"),
    "-end": _("End date (latest first)"),
    "status": _("Status"),
    "-status": _("Status (reversed)"),
}
SHARE_MIN = Decimal("0.5")
SHARE_MAX = Decimal("60")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def share_field(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=4, decimal_places=1, min_value=SHARE_MIN, max_value=SHARE_MAX, **kwargs
    )


class PlacementFilterForm(forms.Form):
    route = forms.TypedChoiceField(label=_("Route"), required=False, coerce=int, empty_value=None, widget=QuickSelect)
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Student name or number"))
    status = forms.ChoiceField(label=_("Status"), required=False, widget=QuickSelect,
                               choices=[("", _("All statuses")), *PlacementStatus.choices])  # fmt: skip
    host = forms.TypedChoiceField(label=_("Host company"), required=False, coerce=int, empty_value=None,
                                  widget=QuickSelect)  # fmt: skip
    shared = forms.BooleanField(label=_("Shared placements only"), required=False)
    ending = forms.BooleanField(label=_("Ending within 60 days"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=QuickSelect,
                             choices=[(key, SORT_LABELS[key]) for key in PLACEMENT_SORTS])  # fmt: skip

    def __init__(self, *args: Any, routes: list[Any], hosts: list[tuple[int, str]], **kwargs: Any) -> None:
        """`hosts`: (id, name) of the route's host companies."""
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["route"]).choices = [
            (route.pk, route.programme_name) for route in routes
        ]
        cast(forms.TypedChoiceField, self.fields["host"]).choices = [
            ("", _("All host companies")),
            *hosts,
        ]

    def filters(self) -> PlacementFilters:
        if not self.is_valid():
            return PlacementFilters()
        data = self.cleaned_data
        return PlacementFilters(
            status=data.get("status") or "",
            shared=bool(data.get("shared")),
            ending=bool(data.get("ending")),
            host=data.get("host"),
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or "student",
        )

    def query(self) -> str:
        if not self.is_valid():
            return ""
        query = QueryDict(mutable=True)
        for name, value in self.cleaned_data.items():
            if value:
                query[name] = "on" if value is True else str(value)
        return query.urlencode()


class SupervisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        affiliation = cast(Affiliation, obj)
        title = f" ({affiliation.function_title})" if affiliation.function_title else ""
        return f"{affiliation.person.full_name}{title}"


class SupervisorFieldForm(forms.Form):
    """The supervisor field alone, for the company chosen in a host form (the HTMX refresh)."""

    supervisor = SupervisorChoiceField(
        label=_("Workplace supervisor (praktijkbegeleider)"),
        queryset=Affiliation.objects.none(),
        required=False,
        help_text=_("A person with a role at the company. Choose the company first."),
    )

    def __init__(self, *args: Any, organisation_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["supervisor"]).queryset = company_supervisors(
            organisation_id=organisation_id
        )


class ChangeForm(CleanTextMixin, forms.Form):
    """What every change of a placement carries: the date it takes effect, the reason, and the placement's version
    as the coordinator saw it."""

    on = forms.DateField(label=_("Date"), widget=DateInput(), help_text=_("The day the change takes effect."))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, placement: Placement, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        kwargs["initial"].setdefault("version", placement.version)
        super().__init__(*args, **kwargs)
        self.placement = placement

    def change(self) -> dict[str, Any]:
        """The keyword arguments every service takes from the form."""
        return {
            "on": self.cleaned_data["on"],
            "reason": self.cleaned_data["reason"].strip(),
            "version": self.cleaned_data["version"],
        }


class NonSmeMixin(forms.Form):
    """A host that is not an SME is refused with a warning (the service names the size); the coordinator may then
    continue anyway."""

    accept_non_sme = forms.BooleanField(label=_("Continue anyway: this company is not an SME"), required=False)

    @property
    def non_sme_organisation(self) -> Organisation | None:
        """The company the warning is about, to show its size next to the checkbox."""
        return getattr(self, "cleaned_data", {}).get("organisation")

    @property
    def show_non_sme(self) -> bool:
        return bool(getattr(self, "non_sme_warning", False) or (self.is_bound and self.data.get("accept_non_sme")))


class HostFieldsMixin(forms.Form):
    """A new host company: which company (a partner of the route), its share, supervisor and contract."""

    organisation = forms.ModelChoiceField(label=_("Company"), queryset=Organisation.objects.none(), widget=QuickSelect)
    share = share_field(_("Share of this company"))
    supervisor = SupervisorChoiceField(
        label=_("Workplace supervisor (praktijkbegeleider)"),
        queryset=Affiliation.objects.none(),
        required=False,
        help_text=_("A person with a role at the company. Choose the company first."),
    )
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)

    def setup_host_fields(self, *, companies: Any) -> None:
        organisation_field = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation_field.queryset = companies
        organisation_field.empty_label = str(_("Choose a company"))
        raw = self.data.get(self.add_prefix("organisation")) if self.is_bound else self.initial.get("organisation")
        text = str(raw or "")
        organisation_id = int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None
        cast(forms.ModelChoiceField, self.fields["supervisor"]).queryset = company_supervisors(
            organisation_id=organisation_id
        )
        # With HTMX, choosing the company refreshes the supervisor choices; without, the "show the company's
        # people" button posts the form to do the same.
        self.fields["organisation"].widget.attrs.update(
            {
                "hx-get": reverse("placements:placement-supervisors", args=[self.placement.pk]),  # type: ignore[attr-defined]
                "hx-trigger": "change",
                "hx-target": "#supervisor-field",
                "hx-swap": "outerHTML",
            }
        )


class HostAddForm(NonSmeMixin, HostFieldsMixin, ChangeForm):
    first_share = share_field(_("New share of the first company"))

    field_order = ["organisation", "share", "first_share", "supervisor", "contract_type", "on", "reason"]

    def __init__(self, *args: Any, companies: Any, first: PlacementHost, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.first = first
        self.setup_host_fields(companies=companies)
        self.fields["first_share"].label = _("New share of %(name)s") % {"name": first.organisation.name}


class EmployerChangeForm(NonSmeMixin, HostFieldsMixin, ChangeForm):
    field_order = ["organisation", "share", "supervisor", "contract_type", "on", "reason"]

    def __init__(self, *args: Any, companies: Any, host: PlacementHost, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("share", host.share)
        kwargs["initial"].setdefault("contract_type", host.contract_type)
        super().__init__(*args, **kwargs)
        self.host = host
        self.setup_host_fields(companies=companies)
        self.fields["organisation"].label = _("New employer")


class HostRemoveForm(ChangeForm):
    pass


class SharesForm(ChangeForm):
    """A share per current host and, optionally, a new working time: together they must add up."""

    working_per_week = forms.DecimalField(
        label=_("Working time per week"), max_digits=4, decimal_places=1, min_value=SHARE_MIN, max_value=SHARE_MAX
    )

    def __init__(self, *args: Any, hosts: list[PlacementHost], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        placement = kwargs["placement"]
        kwargs["initial"].setdefault("working_per_week", placement.working_per_week)
        for host in hosts:
            kwargs["initial"].setdefault(f"share_{host.pk}", host.share)
        super().__init__(*args, **kwargs)
        self.hosts = hosts
        for host in hosts:
            self.fields[f"share_{host.pk}"] = share_field(_("Share of %(name)s") % {"name": host.organisation.name})
        self.order_fields(["working_per_week", *(f"share_{host.pk}" for host in hosts), "on", "reason"])

    def shares(self) -> dict[int, Decimal]:
        return {host.pk: self.cleaned_data[f"share_{host.pk}"] for host in self.hosts}

    def share_fields(self) -> list[Any]:
        return [self[f"share_{host.pk}"] for host in self.hosts]


class HostUpdateForm(ChangeForm):
    supervisor = SupervisorChoiceField(
        label=_("Workplace supervisor (praktijkbegeleider)"), queryset=Affiliation.objects.none(), required=False
    )
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    field_order = ["supervisor", "contract_type", "on", "reason"]

    def __init__(self, *args: Any, host: PlacementHost, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("supervisor", host.supervisor_id)
        kwargs["initial"].setdefault("contract_type", host.contract_type)
        super().__init__(*args, **kwargs)
        self.host = host
        cast(forms.ModelChoiceField, self.fields["supervisor"]).queryset = company_supervisors(
            organisation_id=host.organisation_id
        )


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name or obj.email)


class DetailsForm(ChangeForm):
    teacher = TeacherChoiceField(label=_("Teacher (docent-begeleider)"), queryset=None, required=False)
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    field_order = ["teacher", "end_date", "on", "reason"]

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        placement = kwargs["placement"]
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("teacher", placement.teacher_id)
        kwargs["initial"].setdefault("end_date", placement.end_date)
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["teacher"]).queryset = teachers


class PauseForm(ChangeForm):
    expected_return = forms.DateField(label=_("Expected return"), widget=DateInput(), required=False)
    field_order = ["on", "expected_return", "reason"]


class ResumeForm(ChangeForm):
    pass


class EndForm(ChangeForm):
    pass
