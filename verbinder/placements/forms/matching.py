"""Forms of matching: the filter of the matching page, the proposal with its terms, and the answer."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from verbinder.partners.forms import CleanTextMixin, QuickSelect
from verbinder.partners.models import Affiliation, Route
from verbinder.placements.enums import ContractType, MatchParty, MatchStatus, ShareUnit
from verbinder.placements.models import Student, Workplace
from verbinder.placements.selectors.matching import DEFAULT_MARGIN, MatchFilters

DEFAULT_WORKING_DAYS = Decimal(4)


class RouteSelect(forms.ChoiceField):
    def __init__(self, *, routes: list[Route], **kwargs: Any) -> None:
        super().__init__(
            label=_("Route"),
            choices=[(str(route.pk), route.programme_name) for route in routes],
            widget=QuickSelect,
            **kwargs,
        )


class MatchFilterForm(forms.Form):
    region = forms.CharField(
        label=_("Region (postcode area)"),
        required=False,
        max_length=2,
        validators=[RegexValidator(r"^[1-9][0-9]$", _("Enter the two first digits of a postcode, for example 35."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 2}),
    )
    hours = forms.DecimalField(
        label=_("Hours per week"), required=False, min_value=1, max_value=60, decimal_places=1, max_digits=4
    )
    margin = forms.DecimalField(
        label=_("Margin (hours)"), required=False, min_value=0, max_value=20, decimal_places=1, max_digits=3
    )

    def __init__(self, *args: Any, routes: list[Route], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"route": RouteSelect(routes=routes, required=False), **self.fields}

    def filters(self) -> MatchFilters:
        if not self.is_valid():
            return MatchFilters()
        data = self.cleaned_data
        margin = data.get("margin")
        return MatchFilters(
            region=data.get("region") or "",
            hours=data.get("hours"),
            margin=DEFAULT_MARGIN if margin is None else margin,
        )


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *MatchStatus.choices], widget=QuickSelect
    )

    def __init__(self, *args: Any, routes: list[Route], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"route": RouteSelect(routes=routes, required=False), **self.fields}


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Student) -> str:
        hours = f", {obj.hours_per_week:g} u/w" if obj.hours_per_week else ""
        return f"{obj.full_name} ({obj.student_number}{hours})"


class SupervisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Affiliation) -> str:
        return f"{obj.person.full_name}, {obj.function_title}" if obj.function_title else obj.person.full_name


class ProposeForm(CleanTextMixin, forms.Form):
    student = StudentChoiceField(label=_("Student"), queryset=Student.objects.none(), widget=QuickSelect)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    working_per_week = forms.DecimalField(
        label=_("Working time per week"), min_value=Decimal("0.1"), max_digits=4, decimal_places=1
    )
    share_unit = forms.ChoiceField(label=_("In"), choices=ShareUnit.choices, initial=ShareUnit.DAYS)
    supervisor = SupervisorChoiceField(
        label=_("Workplace supervisor (praktijkbegeleider)"),
        queryset=Affiliation.objects.none(),
        required=False,
        widget=QuickSelect,
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"), choices=ContractType.choices, initial=ContractType.LEARNING_WORK
    )
    note = forms.CharField(
        label=_("Note to both"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the e-mail to the company and the student."),
    )

    def __init__(self, *args: Any, workplace: Workplace, students: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["student"]).queryset = students
        cast(forms.ModelChoiceField, self.fields["supervisor"]).queryset = supervisors
        start = workplace.start_date
        self.initial.setdefault("start_date", start)
        self.initial.setdefault("end_date", _two_years_after(start))
        self.initial.setdefault("working_per_week", DEFAULT_WORKING_DAYS)
        self.initial.setdefault("share_unit", ShareUnit.DAYS)
        self.initial.setdefault("contract_type", ContractType.LEARNING_WORK)


def _two_years_after(start: datetime.date) -> datetime.date:
    if start.year + 2 > datetime.MAXYEAR:  # a start in the last years the calendar has: its last day
        return datetime.date.max
    try:
        return start.replace(year=start.year + 2) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 2, day=28)


class AnswerForm(CleanTextMixin, forms.Form):
    """Accept or decline: the button pressed (`answer`), an optional reason, and for the company through a link
    the name of who answers."""

    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (if you decline, optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    name = forms.CharField(label=_("Your name"), max_length=200)

    def __init__(self, *args: Any, party: str, ask_name: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (ask_name and party == MatchParty.COMPANY):
            del self.fields["name"]

    @property
    def accept(self) -> bool:
        return self.cleaned_data["answer"] == "accept"
