"""Forms of the template editor and the route's agreement settings. The services check the text (lengths,
unknown {fields}); these forms only take the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinder.agreements.enums import ClauseParty, ClauseTopic, SigningOrder
from verbinder.agreements.services.templates import EXPIRE_RANGE, HEADING_MAX, REMIND_RANGE, TEXT_MAX, TITLE_MAX

FIELD_HELP = _("Markdown. Fields of the placement are written in braces, for example {student_name}.")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=TEXT_MAX,
        help_text=FIELD_HELP,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    include_matrix = forms.BooleanField(label=_("Include the responsibility matrix as an appendix"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ClauseForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=HEADING_MAX)
    party = forms.ChoiceField(label=_("Whose obligations"), choices=ClauseParty.choices, initial=ClauseParty.GENERAL)
    topic = forms.ChoiceField(
        label=_("Required topic it covers"),
        choices=[("", _("None")), *list(ClauseTopic.choices)],
        required=False,
    )
    body = forms.CharField(
        label=_("Text"), max_length=TEXT_MAX, help_text=FIELD_HELP, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args: Any, prefix_id: str = "new", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"clause-{prefix_id}-%s")
        super().__init__(*args, **kwargs)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class SettingsForm(forms.Form):
    remind_after_days = forms.IntegerField(
        label=_("Remind after (days)"),
        min_value=REMIND_RANGE[0],
        max_value=REMIND_RANGE[1],
        help_text=_("Those who have not signed get a reminder every this many days."),
    )
    expire_after_days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=EXPIRE_RANGE[0],
        max_value=EXPIRE_RANGE[1],
        help_text=_("An agreement not signed by everyone this many days after sending expires."),
    )
    signing_order = forms.ChoiceField(label=_("Default signing order"), choices=SigningOrder.choices)
