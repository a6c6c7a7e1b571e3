"""Forms of outreach activities: the activity (with its material file), the list filter and the quick-add lead."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbinder.outreach.enums import ActivityKind
from verbinder.outreach.models import OutreachActivity
from verbinder.outreach.services.activities import MATERIAL_ACCEPT, material_check
from verbinder.partners import validators
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.forms import CleanTextMixin, QuickSelect
from verbinder.partners.models import Organisation
from verbinder.partners.services import KVK_TAKEN


class ActivityForm(CleanTextMixin, forms.ModelForm):
    host = forms.ModelChoiceField(
        label=_("Host organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The organisation that held the meeting, for example the branch association."),
        widget=QuickSelect,
    )
    material = forms.FileField(
        label=_("Material"),
        required=False,
        help_text=_(
            "The presentation or hand-out: PDF, PowerPoint, Word, Excel, OpenDocument, PNG or JPG, at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": MATERIAL_ACCEPT}),
    )
    remove_material = forms.BooleanField(label=_("Remove the current material"), required=False)

    class Meta:
        model = OutreachActivity
        fields = ["kind", "title", "held_on", "host", "audience", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, hosts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["host"]).queryset = hosts
        self.fields["audience"].help_text = _("Who were there, for example 'owners of installation companies'.")
        if not self.instance.pk:
            self.initial.setdefault("kind", ActivityKind.EMPLOYERS_MEETING)
            self.initial.setdefault("held_on", timezone.localdate())
        if not (self.instance.pk and self.instance.material):
            del self.fields["remove_material"]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Enter a title."), code="required")
        return title

    def clean_material(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("material")
        if not upload:
            return None
        try:
            material_check(name=upload.name or "", upload=upload, size=upload.size)
        except ValidationError as exc:
            raise ValidationError(exc.error_dict["material"]) from exc
        return upload

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ActivityKind.choices], widget=QuickSelect
    )

    def kind_filter(self) -> str:
        return str(self.cleaned_data.get("kind") or "") if self.is_valid() else ""


class EditVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class LeadForm(CleanTextMixin, forms.Form):
    """A new organisation (and optionally one contact person there) that came in through an activity."""

    name = forms.CharField(label=_("Organisation name"), max_length=200)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    kvk_number = forms.CharField(label=_("KVK number"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices, initial=OrganisationKind.COMPANY)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    function_title = forms.CharField(label=_("Function"), max_length=150, required=False)
    confirm_not_duplicate = forms.BooleanField(
        label=_("This is a different organisation: add it anyway"), required=False
    )

    PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "function_title")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["city"].widget.attrs["autocomplete"] = "off"
        self.fields["kvk_number"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})
        for name in ("first_name", "last_name", "function_title"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Enter a name."), code="required")
        return name

    def clean_city(self) -> str:
        return " ".join(self.cleaned_data["city"].split())

    def clean_kvk_number(self) -> str:
        kvk = validators.normalise_kvk(self.cleaned_data["kvk_number"])
        if kvk and Organisation.objects.filter(kvk_number=kvk).exists():
            raise ValidationError(KVK_TAKEN, code="unique")
        return kvk

    def clean_phone(self) -> str:
        return validators.normalise_phone(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        return (self.cleaned_data["email"] or "").strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        wants_person = any((self.data.get(name) or "").strip() for name in self.PERSON_FIELDS)
        if wants_person:
            for name in ("first_name", "last_name"):
                if not (cleaned.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, _("Enter the contact person's first and last name, or leave the person out."))
        return cleaned

    def organisation_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("name", "city", "kvk_number", "kind")}

    def person_data(self) -> dict[str, Any] | None:
        if not self.cleaned_data.get("first_name"):
            return None
        return {"first_name": self.cleaned_data["first_name"], "last_name": self.cleaned_data["last_name"]}

    def affiliation_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("email", "phone", "function_title")}


class LeadLinkForm(forms.Form):
    """An organisation already in the registry, offered as a likely duplicate, to link as a lead."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
