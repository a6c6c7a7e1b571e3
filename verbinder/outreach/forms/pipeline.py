"""Forms of the pipeline: filters of the board and the list, a stage move (one or many) and an entry's source."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import OutreachActivity
from verbinder.outreach.selectors.pipeline import NO_SOURCE, PIPELINE_SORTS, PipelineFilters
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.forms import CleanTextMixin, QuickSelect
from verbinder.partners.models import Organisation

MAX_BULK = 500
SORT_LABELS = {
    "name": _("Name (A-Z)"),
    "-name": _("Name (Z-A)"),
    "stage": _("Stage"),
    "-stage": _("Stage (reversed)"),
    "since": _("Longest in stage"),
    "-since": _("Newest in stage"),
    "source": _("Source"),
    "-source": _("Source (reversed)"),
}


class PipelineFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, help_text=_("Name of the organisation"))
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices],
                              widget=QuickSelect)  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices],
                             widget=QuickSelect)  # fmt: skip
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("All sources")), *Source.choices, (NO_SOURCE, _("No source yet"))],
        widget=QuickSelect,
    )
    front_runner = forms.BooleanField(label=_("Front-runners only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=QuickSelect,
                             choices=[(key, SORT_LABELS[key]) for key in PIPELINE_SORTS])  # fmt: skip

    def filters(self) -> PipelineFilters:
        if not self.is_valid():
            return PipelineFilters()
        data = self.cleaned_data
        return PipelineFilters(
            q=(data.get("q") or "").strip(),
            stage=data.get("stage") or "",
            kind=data.get("kind") or "",
            source=data.get("source") or "",
            front_runner=bool(data.get("front_runner")),
            sort=data.get("sort") or "name",
        )

    def query(self) -> str:
        """The valid filters as a query string, to come back to the same view after a move."""
        if not self.is_valid():
            return ""
        query = QueryDict(mutable=True)
        for name, value in self.cleaned_data.items():
            if value:
                query[name] = "on" if value is True else str(value)
        return query.urlencode()


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    filters = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    view = forms.ChoiceField(
        widget=forms.HiddenInput, required=False, choices=[("board", "board"), ("detail", "detail")]
    )

    def return_query(self) -> QueryDict:
        raw = self.cleaned_data.get("filters", "") if hasattr(self, "cleaned_data") else ""
        return QueryDict(raw or "")


class EntryVersionsField(forms.Field):
    """Selected rows of the list: each `<organisation id>:<version>` as the mover saw it."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("The selection could not be read. Reload the page and select again."),
        "too_many": _("Select at most %(max)s organisations at once."),
    }

    def to_python(self, value: Any) -> list[tuple[int, int]]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > MAX_BULK:
            raise ValidationError(self.error_messages["too_many"], code="too_many", params={"max": MAX_BULK})
        pairs: dict[int, int] = {}
        for item in values:
            pk, _sep, version = str(item).partition(":")
            if not (pk.isdigit() and version.isdigit()) or not (0 < int(pk) < 2**63 and 0 < int(version) < 2**31):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            pairs[int(pk)] = int(version)
        return list(pairs.items())


class BulkMoveForm(forms.Form):
    entry = EntryVersionsField(
        label=_("Organisations"), error_messages={"required": _("Select one or more organisations.")}
    )
    to_stage = forms.ChoiceField(label=_("Move the selected to"), choices=Stage.choices)
    filters = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)


class EntryForm(CleanTextMixin, forms.Form):
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("Unknown")), *Source.choices])
    source_organisation = forms.ModelChoiceField(
        label=_("Via organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=QuickSelect,
        help_text=_("The branch association or partner that brought this organisation in."),
    )
    source_activity = forms.ModelChoiceField(
        label=_("Via activity"), required=False, queryset=OutreachActivity.objects.none(), widget=QuickSelect
    )
    source_note = forms.CharField(label=_("Source details"), required=False, max_length=200)
    front_runner = forms.BooleanField(
        label=_("Front-runner (voorloper)"),
        required=False,
        help_text=_("A company that leads the way in its sector, for example in the labour-market research."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, organisations: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["source_organisation"]).queryset = organisations
        cast(forms.ModelChoiceField, self.fields["source_activity"]).queryset = activities

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version")
        data["source_note"] = data["source_note"].strip()
        return data
