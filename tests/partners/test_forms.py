"""Form pieces that are not covered through the pages."""

from __future__ import annotations

import pytest
from django import forms

from tests.partners.html import parse
from verbinder.partners.forms import QuickSelect

CHOICES = [("", "Alle"), ("x<", 'X & <b>"'), ("y", "Y"), ("Groep", [("g1", "Eén"), ("g2", "Twee")])]


class Pair(forms.Form):
    quick = forms.ChoiceField(choices=CHOICES, widget=QuickSelect, required=False, help_text="Hulp")
    plain = forms.ChoiceField(choices=CHOICES, required=False, help_text="Hulp")


def shape(html: str) -> tuple:
    select = parse(html).find("select")
    attrs = {k: v.replace("quick", "X").replace("plain", "X") for k, v in select.attrs.items()}
    options = [
        (o.parent.attrs.get("label"), o.attrs["value"], "selected" in o.attrs, o.text)
        for o in select.find_all("option")
    ]
    return attrs, options


@pytest.mark.parametrize("value", ["", "x<", "g2", "onbekend"])
def test_quick_select_renders_what_djangos_select_renders(value):
    form = Pair({"quick": value, "plain": value})
    form.is_valid()
    assert shape(str(form["quick"])) == shape(str(form["plain"]))
    assert "&lt;b&gt;" in str(form["quick"])
