from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from verbinder.accounts.enums import Role
from verbinder.partners import validators
from verbinder.partners.enums import OrganisationKind, RelationshipKind, SbiSection, SizeClass
from verbinder.partners.models import Affiliation, Organisation, Person, Route
from verbinder.partners.selectors import ORGANISATION_SORTS, PERSON_SORTS, OrganisationFilters, PersonFilters
from verbinder.partners.services import KVK_TAKEN


class CleanTextMixin:
    """Refuse invisible control characters in every text field, and line breaks in single-line fields.

    The raw input is checked, before a field's own cleaning (which may drop such characters while normalising).
    """

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            raw = self[name].data  # type: ignore[index]
            multiline = isinstance(field.widget, forms.Textarea)
            for value in raw if isinstance(raw, list) else [raw]:
                if not isinstance(value, str):
                    continue
                try:
                    validators.reject_control_characters(value, multiline=multiline)
                except ValidationError as exc:
                    self.add_error(name, exc)  # type: ignore[attr-defined]
                    break
        return cleaned


class RouteForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Route
        fields = ["programme_name", "degree_type", "croho_code", "croho_area", "hogeschool", "start_year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["croho_code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_croho_code(self) -> str:
        return validators.normalise_croho_code(self.cleaned_data["croho_code"])


HAS_HR_CHOICES = [("", _("Unknown")), ("yes", _("Yes")), ("no", _("No"))]


class OrganisationForm(CleanTextMixin, forms.ModelForm):
    website = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")
    has_hr = forms.ChoiceField(label=_("Has HR staff"), choices=HAS_HR_CHOICES, required=False)

    class Meta:
        model = Organisation
        fields = [
            "name", "kind", "kvk_number", "establishment_number", "sbi_codes", "size_class", "street",
            "postcode", "city", "website", "notes",
        ]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.has_hr_staff is not None:
            self.initial["has_hr"] = "yes" if self.instance.has_hr_staff else "no"
        self.fields["kvk_number"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["establishment_number"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code"})
        self.fields["city"].widget.attrs.update({"autocomplete": "address-level2"})
        self.fields["street"].widget.attrs.update({"autocomplete": "street-address"})

    def clean_kvk_number(self) -> str:
        kvk = validators.normalise_kvk(self.cleaned_data["kvk_number"])
        if kvk and Organisation.objects.filter(kvk_number=kvk).exclude(pk=self.instance.pk).exists():
            raise ValidationError(KVK_TAKEN, code="unique")
        return kvk

    def clean_establishment_number(self) -> str:
        return validators.normalise_establishment_number(self.cleaned_data["establishment_number"])

    def clean_postcode(self) -> str:
        return validators.normalise_postcode(self.cleaned_data["postcode"])

    def clean_sbi_codes(self) -> str:
        return validators.normalise_sbi_codes(self.cleaned_data["sbi_codes"])

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter a name."))
        return name

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["has_hr_staff"] = {"yes": True, "no": False}.get(self.cleaned_data.get("has_hr") or "")
        return data


class OrganisationCreateForm(OrganisationForm):
    routes = forms.ModelMultipleChoiceField(
        label=_("Routes"), queryset=Route.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("This is a different organisation: save it anyway"), required=False
    )

    def __init__(self, *args: Any, routes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["routes"]).queryset = routes
        if routes.count() == 1:
            self.initial.setdefault("routes", list(routes))


class EditVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PersonForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "preferred_language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"


class AffiliationForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Affiliation
        fields = ["function_title", "is_primary_contact", "email", "phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})

    def clean_phone(self) -> str:
        return validators.normalise_phone(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        return (self.cleaned_data["email"] or "").strip().lower()


class AffiliationAddForm(AffiliationForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    class Meta(AffiliationForm.Meta):
        fields = ["organisation", *AffiliationForm.Meta.fields]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations


class RelationshipForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Relationship"), choices=RelationshipKind.choices)
    target = forms.ModelChoiceField(label=_("Other organisation"), queryset=Organisation.objects.none())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["target"]).queryset = organisations


class RouteLinkForm(forms.Form):
    """Link an organisation to one of `routes` (a list, so that the page renders it without another query)."""

    route = forms.TypedChoiceField(label=_("Route"), coerce=int)

    def __init__(self, *args: Any, routes: list[Route], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.routes = {route.pk: route for route in routes}
        cast(forms.TypedChoiceField, self.fields["route"]).choices = [
            ("", "---------"),
            *((route.pk, str(route)) for route in routes),
        ]

    def clean_route(self) -> Route:
        return self.routes[self.cleaned_data["route"]]


STAFF_ROLE_CHOICES = [(Role.COORDINATOR.value, Role.COORDINATOR.label), (Role.TEACHER.value, Role.TEACHER.label)]


class RouteStaffForm(CleanTextMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Only needed for someone without an account.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES, initial=Role.COORDINATOR.value)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["name"].widget.attrs["autocomplete"] = "off"


class DuplicateCheckForm(forms.Form):
    """The fields of a new organisation that the live duplicate check looks at (lenient: it only warns)."""

    name = forms.CharField(required=False, max_length=200)
    city = forms.CharField(required=False, max_length=100)
    kvk_number = forms.CharField(required=False, max_length=20)

    def query(self) -> dict[str, str]:
        if not self.is_valid():
            return {"name": "", "city": "", "kvk_number": ""}
        try:
            kvk = validators.normalise_kvk(self.cleaned_data["kvk_number"])
        except ValidationError:
            kvk = ""
        return {"name": self.cleaned_data["name"], "city": self.cleaned_data["city"], "kvk_number": kvk}


SORT_LABELS = {
    "name": _("Name (A–Z)"),
    "-name": _("Name (Z–A)"),
    "city": _("City (A–Z)"),
    "-city": _("City (Z–A)"),
    "kind": _("Kind"),
    "-kind": _("Kind (reversed)"),
    "size": _("Size (small first)"),
    "-size": _("Size (large first)"),
    "updated": _("Least recently changed"),
    "-updated": _("Recently changed"),
}


class QuickSelect(forms.Select):
    """A <select> rendered in Python. Django renders every option through a template of its own, which made the
    filter forms the costliest part of the list pages; the markup here is the same."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        selected = {str(v) for v in self.format_value(value)}

        def option(option_value: Any, label: Any) -> str:
            text = "" if option_value is None else str(option_value)
            marker = " selected" if text in selected else ""
            return f'<option value="{escape(text)}"{marker}>{escape(label)}</option>'

        options = []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                group = "".join(option(value, text) for value, text in label)
                options.append(f'<optgroup label="{escape(option_value)}">{group}</optgroup>')
            else:
                options.append(option(option_value, label))
        final_attrs = self.build_attrs(self.attrs, attrs)
        # Every value and label was escaped just above; flatatt escapes the attributes.
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final_attrs)}>{"".join(options)}</select>')


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Name, KVK number, city or contact person"))  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices],
                             widget=QuickSelect)  # fmt: skip
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *SbiSection.choices],
                               widget=QuickSelect)  # fmt: skip
    size_class = forms.ChoiceField(label=_("Size"), required=False, choices=[("", _("All sizes")), *SizeClass.choices],
                                   widget=QuickSelect)  # fmt: skip
    route = forms.TypedChoiceField(label=_("Route"), required=False, coerce=int, empty_value=None, widget=QuickSelect)
    archived = forms.BooleanField(label=_("Show archived"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, SORT_LABELS[key]) for key in ORGANISATION_SORTS],
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, routes: Iterable[Route], **kwargs: Any) -> None:
        """`routes`: the routes the user may filter on, read when first needed and then kept for both validating
        and rendering (an export validates without rendering, and usually without a route)."""
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = []

        def route_choices() -> list[tuple[Any, Any]]:
            if not choices:
                choices.extend([("", _("All routes")), *((route.pk, str(route.programme_name)) for route in routes)])
            return choices

        cast(forms.TypedChoiceField, self.fields["route"]).choices = route_choices

    def filters(self) -> OrganisationFilters:
        if not self.is_valid():
            return OrganisationFilters()
        data = self.cleaned_data
        return OrganisationFilters(
            q=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            sector=data.get("sector") or "",
            size_class=data.get("size_class") or "",
            route=data.get("route"),
            archived=bool(data.get("archived")),
            sort=data.get("sort") or "name",
        )


PERSON_SORT_LABELS = {
    "name": _("Name (A–Z)"),
    "-name": _("Name (Z–A)"),
    "updated": _("Least recently changed"),
    "-updated": _("Recently changed"),
}


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Name or e-mail address"))
    archived = forms.BooleanField(label=_("Show archived"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, PERSON_SORT_LABELS[key]) for key in PERSON_SORTS],
        widget=QuickSelect,
    )

    def filters(self) -> PersonFilters:
        if not self.is_valid():
            return PersonFilters()
        return PersonFilters(
            q=(self.cleaned_data.get("q") or "").strip(),
            archived=bool(self.cleaned_data.get("archived")),
            sort=self.cleaned_data.get("sort") or "name",
        )
