"""Forms of contact moments and follow-ups. They check the shape of the input; the services check the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.models import User
from verbinder.outreach.enums import InteractionKind
from verbinder.partners.forms import CleanTextMixin
from verbinder.partners.models import Person, Route


def route_queryset(routes: list[Route]) -> Any:
    """The routes the user may choose from (already checked by the view), in the order given."""
    return Route.objects.filter(pk__in=[route.pk for route in routes]).order_by("programme_name", "pk")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class KnownChoiceIterator(ModelChoiceIterator):
    """The choices from objects the view already fetched (`field.known`, the same rows as the field's queryset),
    so that rendering costs no query; without them, from the queryset. Validation always uses the queryset."""

    def _known(self) -> list[Any] | None:
        return getattr(self.field, "known", None)

    def __iter__(self) -> Any:
        known = self._known()
        if known is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in known:
            yield self.choice(obj)

    def __len__(self) -> int:
        known = self._known()
        if known is None:
            return super().__len__()
        return len(known) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        known = self._known()
        if known is None:
            return super().__bool__()
        return self.field.empty_label is not None or bool(known)


class RouteChoiceField(forms.ModelChoiceField):
    iterator = KnownChoiceIterator


class UserChoiceField(forms.ModelMultipleChoiceField):
    iterator = KnownChoiceIterator

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name or obj.email)


class AssigneeField(forms.ModelChoiceField):
    iterator = KnownChoiceIterator

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name or obj.email)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class InteractionForm(CleanTextMixin, forms.Form):
    """A contact moment with an optional follow-up. `routes`: the routes the user may log it for (a choice only
    when there are several); `people`: the organisation's people; `staff`: colleagues of those routes."""

    route = RouteChoiceField(label=_("Route"), queryset=Route.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=InteractionKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    people = PersonChoiceField(
        label=_("Contact persons"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    colleagues = UserChoiceField(
        label=_("Colleagues"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown: **bold**, *italic*, lists, links."),
    )
    follow_up_description = forms.CharField(label=_("Follow-up: what"), max_length=300, required=False)
    follow_up_assignee = AssigneeField(label=_("Follow-up: who"), queryset=User.objects.none(), required=False)
    follow_up_due_on = forms.DateField(label=_("Follow-up: due date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, routes: Any, people: Any, staff: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("occurred_on", timezone.localdate())
        kwargs["initial"].setdefault("colleagues", [user.pk])
        kwargs["initial"].setdefault("follow_up_assignee", user.pk)
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["route"]).queryset = route_queryset(routes)
        cast(forms.ModelChoiceField, self.fields["people"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["colleagues"]).queryset = staff
        cast(forms.ModelChoiceField, self.fields["follow_up_assignee"]).queryset = staff
        # Render the routes and the staff (two fields) from rows fetched once: one query instead of three.
        known_staff = list(staff)
        self.fields["route"].known = sorted(routes, key=lambda route: (route.programme_name, route.pk))  # type: ignore[attr-defined]
        self.fields["colleagues"].known = known_staff  # type: ignore[attr-defined]
        self.fields["follow_up_assignee"].known = known_staff  # type: ignore[attr-defined]
        if len(routes) == 1:
            self.fields["route"].widget = forms.HiddenInput()
            self.fields["route"].initial = routes[0].pk

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        description = (cleaned.get("follow_up_description") or "").strip()
        wants_follow_up = description or cleaned.get("follow_up_due_on")
        if wants_follow_up and not description:
            self.add_error("follow_up_description", _("Say what needs to be done."))
        if wants_follow_up and not cleaned.get("follow_up_due_on") and "follow_up_due_on" not in self.errors:
            self.add_error("follow_up_due_on", _("Enter a due date."))
        if wants_follow_up and not cleaned.get("follow_up_assignee") and "follow_up_assignee" not in self.errors:
            self.add_error("follow_up_assignee", _("Choose who does it."))
        return cleaned

    def follow_up(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not (data.get("follow_up_description") or "").strip():
            return None
        return {
            "description": data["follow_up_description"],
            "assignee": data["follow_up_assignee"],
            "due_on": data["follow_up_due_on"],
        }

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "route": data["route"],
            "kind": data["kind"],
            "occurred_on": data["occurred_on"],
            "people": list(data["people"]),
            "colleagues": list(data["colleagues"]),
            "notes": data["notes"],
            "follow_up": self.follow_up(),
        }


class InteractionEditForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=InteractionKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    people = PersonChoiceField(
        label=_("Contact persons"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    colleagues = UserChoiceField(
        label=_("Colleagues"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown: **bold**, *italic*, lists, links."),
    )

    def __init__(self, *args: Any, people: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["people"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["colleagues"]).queryset = staff


class FollowUpForm(CleanTextMixin, forms.Form):
    """A follow-up on its own (new: with the route when there are several), or its change: what, who, when."""

    route = forms.ModelChoiceField(label=_("Route"), queryset=Route.objects.none(), empty_label=None)
    description = forms.CharField(label=_("What"), max_length=300)
    assignee = AssigneeField(label=_("Who"), queryset=Route.objects.none(), empty_label=None)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args: Any, routes: Any, staff: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = staff
        if routes is None:
            del self.fields["route"]
            return
        self.initial.setdefault("assignee", user.pk)
        cast(forms.ModelChoiceField, self.fields["route"]).queryset = route_queryset(routes)
        if len(routes) == 1:
            self.fields["route"].widget = forms.HiddenInput()
            self.fields["route"].initial = routes[0].pk


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("due", "due"), ("overdue", "overdue"), ("done", "done")])
