"""Forms of the responsibility matrix editor. The services check names, values and routes; these forms only
take the input. The cells come as one field per cell, `cell-<task>-<party>`, with `was-<task>-<party>` holding the
value the page showed (to notice a change someone else made in the meantime)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verbinder.agreements.enums import MatrixPartyKind
from verbinder.agreements.models import MatrixParty, MatrixTask
from verbinder.agreements.services.matrix import DESCRIPTION_MAX, LABEL_MAX, NAME_MAX

CELL_KEY = re.compile(r"^cell-(\d+)-(\d+)$")


class TaskForm(forms.Form):
    name = forms.CharField(label=_("Task"), max_length=NAME_MAX)
    description = forms.CharField(label=_("Description"), max_length=DESCRIPTION_MAX, required=False)

    def __init__(self, *args: Any, prefix_id: str = "new", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"task-{prefix_id}-%s")
        super().__init__(*args, **kwargs)


class TaskEditForm(TaskForm):
    """A rename, with the name and description the page showed: a change by someone else is not overwritten."""

    was_name = forms.CharField(widget=forms.HiddenInput, required=False)
    was_description = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)


class PartyForm(forms.Form):
    label = forms.CharField(label=_("Column name"), max_length=LABEL_MAX)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (MatrixPartyKind.PARTNER, MatrixPartyKind.PARTNER.label),
            (MatrixPartyKind.BRANCH_ASSOCIATION, MatrixPartyKind.BRANCH_ASSOCIATION.label),
        ],
        initial=MatrixPartyKind.PARTNER,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "party-new-%s")
        super().__init__(*args, **kwargs)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


@dataclass(frozen=True)
class CellChange:
    task: MatrixTask
    party: MatrixParty
    value: str
    was: str | None


@dataclass
class PostedCells:
    changes: list[CellChange] = field(default_factory=list)
    cells: list[tuple[MatrixTask, MatrixParty]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def cell_changes(data: Mapping[str, Any], *, tasks: list[MatrixTask], parties: list[MatrixParty]) -> PostedCells:
    """The posted cells of this matrix, those whose value differs from what the page showed, and the keys that
    name a task or column not in this matrix (another route's, or removed in the meantime)."""
    task_by_pk = {task.pk: task for task in tasks}
    party_by_pk = {party.pk: party for party in parties}
    posted = PostedCells()
    changes, unknown = posted.changes, posted.unknown
    for key in data:
        match = CELL_KEY.match(key)
        if match is None:
            continue
        task = task_by_pk.get(int(match.group(1)))
        party = party_by_pk.get(int(match.group(2)))
        if task is None or party is None:
            unknown.append(key)
            continue
        posted.cells.append((task, party))
        value = str(data.get(key) or "")
        was_key = f"was-{task.pk}-{party.pk}"
        was = str(data.get(was_key) or "") if was_key in data else None
        if was is not None and value == was:
            continue
        changes.append(CellChange(task=task, party=party, value=value, was=was))
    return posted
