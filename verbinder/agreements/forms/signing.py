"""The signing form: the signer types their full name, confirms that they read the agreement and agree to it,
and posts the SHA-256 of the PDF that the page showed them (so that a changed agreement is not signed unseen)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from verbinder.partners.forms import CleanTextMixin


class SignForm(CleanTextMixin, forms.Form):
    typed_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    confirm = forms.BooleanField(
        label=_("I have read the agreement (PDF) and agree to it. I sign it by typing my name."),
        error_messages={"required": _("Tick the box to confirm that you have read the agreement and agree to it.")},
    )
    document_sha256 = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", _("The page is incomplete. Open it again and retry."))],
        error_messages={"required": _("The page is incomplete. Open it again and retry.")},
    )
