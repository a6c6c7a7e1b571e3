"""Writes of a route's responsibility matrix: tasks (rows), parties (columns) and R/A/C/I cells.

A route starts with the standard matrix (`matrix_ensure`): the tasks of a dual programme, written in Dutch as
data the coordinator edits, against the programme, the student, the company and a column per partner
organisation of the route (not a company: companies are the "Bedrijf" column). A partner organisation that joins
a route with a matrix gets its column (receivers/matrix.py); one that leaves takes its column and cells along.

Every change locks the route row, so that two coordinators never give two tasks the same position. Cells and
task names are checked against what the editor showed (`was`): a change someone else made in the meantime is
refused with a StaleVersionError instead of being overwritten. Every change is logged on the route.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from verbinder.agreements.enums import STANDARD_MATRIX_PARTIES, MatrixPartyKind, Responsibility
from verbinder.agreements.models import MatrixCell, MatrixParty, MatrixTask
from verbinder.core.activity import log_action
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners import validators
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Organisation, Partnership, Route

NAME_MAX = 200
DESCRIPTION_MAX = 500
LABEL_MAX = 200
CUSTOM_KINDS = (MatrixPartyKind.PARTNER, MatrixPartyKind.BRANCH_ASSOCIATION)

# The standard columns' labels are data (the coordinator's matrix, in Dutch), like the task names below.
STANDARD_LABELS: dict[str, str] = {
    MatrixPartyKind.SCHOOL: "Opleiding",
    MatrixPartyKind.STUDENT: "Student",
    MatrixPartyKind.COMPANY: "Bedrijf",
}

_S, _ST, _C = MatrixPartyKind.SCHOOL, MatrixPartyKind.STUDENT, MatrixPartyKind.COMPANY
_B, _P = MatrixPartyKind.BRANCH_ASSOCIATION, MatrixPartyKind.PARTNER

# (name, description, {party kind: value}); a partner organisation's column takes the value of its kind.
DEFAULT_TASKS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "Werving van studenten",
        "Vacatures en opleidingsplaatsen bekendmaken, voorlichting en open dagen.",
        {_S: "A", _C: "R", _B: "C", _P: "I"},
    ),
    (
        "Selectie en intake",
        "Intakegesprek, toelating tot de opleiding en match met een leerwerkplek.",
        {_S: "A", _ST: "R", _C: "C", _B: "I"},
    ),
    (
        "Arbeidsovereenkomst",
        "Het contract tussen bedrijf en student: uren, salaris, duur en verzekering.",
        {_S: "I", _ST: "C", _C: "A", _B: "C"},
    ),
    (
        "Begeleiding op de werkplek",
        "Een praktijkbegeleider die de student dagelijks begeleidt en tijd daarvoor krijgt.",
        {_S: "C", _ST: "C", _C: "A"},
    ),
    (
        "Begeleiding vanuit de opleiding",
        "Een docent-begeleider die de student en de praktijkbegeleider bezoekt en adviseert.",
        {_S: "A", _ST: "C", _C: "C"},
    ),
    (
        "Beoordeling",
        "Het beoordelen van de beroepsproducten en competenties in de praktijk.",
        {_S: "A", _ST: "I", _C: "R"},
    ),
    (
        "Voortgangsgesprekken",
        "Periodieke driegesprekken over de voortgang van student, bedrijf en opleiding.",
        {_S: "A", _ST: "R", _C: "R"},
    ),
    (
        "Overleg en bijeenkomsten",
        "Werkveldoverleg, bijeenkomsten voor praktijkbegeleiders en evaluaties.",
        {_S: "A", _ST: "I", _C: "C", _B: "C", _P: "C"},
    ),
    (
        "Nieuwsbrief",
        "Partners op de hoogte houden van ontwikkelingen in de opleiding.",
        {_S: "A", _ST: "I", _C: "I", _B: "C", _P: "I"},
    ),
)


def _log_data(route: Route, **extra: Any) -> dict[str, Any]:
    return {"route": str(route), "route_id": route.pk, **extra}


def _field_error(field: str, message: Any, code: str, params: dict[str, Any] | None = None) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code, params=params)]})


def _lock(route: Route) -> None:
    # Locking the route serialises the positions of its tasks and columns.
    Route.objects.select_for_update().filter(pk=route.pk).exists()


def _clean_line(field: str, value: Any, *, max_length: int, required: bool) -> str:
    text = " ".join(("" if value is None else str(value)).split())
    if required and not text:
        raise _field_error(field, _("This field is required."), "required")
    if len(text) > max_length:
        raise _field_error(field, _("Enter at most %(max)s characters."), "max_length", {"max": max_length})
    try:
        validators.reject_control_characters(text, multiline=False)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc
    return text


def partner_kind(organisation: Organisation) -> str | None:
    """The column kind of a partner organisation, or None for a company (companies are the "Bedrijf" column)."""
    if organisation.kind == OrganisationKind.COMPANY:
        return None
    if organisation.kind == OrganisationKind.BRANCH_ASSOCIATION:
        return MatrixPartyKind.BRANCH_ASSOCIATION
    return MatrixPartyKind.PARTNER


def _next_position(queryset: Any) -> int:
    return int(queryset.aggregate(highest=Max("position"))["highest"] or 0) + 1


def _missing_parties(route: Route, existing: list[MatrixParty]) -> list[MatrixParty]:
    """The standard columns and partner organisations' columns the route's matrix lacks, positioned after it."""
    kinds = {party.kind for party in existing if party.organisation_id is None}
    organisation_ids = {party.organisation_id for party in existing if party.organisation_id is not None}
    position = max((party.position for party in existing), default=0)
    missing: list[MatrixParty] = []
    for kind in STANDARD_MATRIX_PARTIES:
        if kind not in kinds:
            position += 1
            missing.append(MatrixParty(route=route, kind=kind, label=STANDARD_LABELS[kind], position=position))
    partners = (
        Organisation.objects.filter(
            pk__in=Partnership.objects.filter(route=route).values("organisation_id"), archived_at__isnull=True
        )
        .exclude(kind=OrganisationKind.COMPANY)
        .exclude(pk__in=organisation_ids)
        .order_by("name", "pk")
        .only("pk", "name", "kind")
    )
    for organisation in partners:
        partner = partner_kind(organisation)
        if partner is None:
            continue
        position += 1
        missing.append(
            MatrixParty(
                route=route,
                kind=partner,
                organisation=organisation,
                label=organisation.name[:LABEL_MAX],
                position=position,
            )
        )
    return missing


@transaction.atomic
def matrix_ensure(*, route: Route, by: Any = None) -> None:
    """Give a route without a matrix the standard tasks, columns and values; add the columns a matrix lacks
    (the standard three, partner organisations of the route). Idempotent; a few queries, all writes in bulk."""
    _lock(route)
    existing = list(MatrixParty.objects.filter(route=route))
    has_tasks = MatrixTask.objects.filter(route=route).exists()
    added = _missing_parties(route, existing)
    if added:
        MatrixParty.objects.bulk_create(added)
    if has_tasks or existing:
        if added:
            log_action(
                actor=by,
                action_type="agreements.matrix.parties_added",
                target=route,
                changes={"parties": [None, [party.label for party in added]]},
                data=_log_data(route),
            )
        return
    tasks = MatrixTask.objects.bulk_create(
        MatrixTask(route=route, name=name, description=description, position=position)
        for position, (name, description, _values) in enumerate(DEFAULT_TASKS, start=1)
    )
    if any(task.pk is None for task in tasks):  # a backend that does not return keys from bulk inserts
        tasks = list(MatrixTask.objects.filter(route=route).order_by("position"))
    if any(party.pk is None for party in added):
        added = list(MatrixParty.objects.filter(route=route).order_by("position"))
    MatrixCell.objects.bulk_create(
        MatrixCell(task=task, party=party, value=values[party.kind])
        for task, (_name, _description, values) in zip(tasks, DEFAULT_TASKS, strict=True)
        for party in added
        if values.get(party.kind)
    )
    log_action(
        actor=by,
        action_type="agreements.matrix.created",
        target=route,
        changes={"tasks": [None, [task.name for task in tasks]], "parties": [None, [p.label for p in added]]},
        data=_log_data(route),
    )


def _clean_value(value: str | None) -> str:
    text = (value or "").strip().upper()
    if text and text not in Responsibility.values:
        raise ValidationError(
            _("Choose R, A, C or I, or leave the cell empty."), code="invalid_value", params={"value": value}
        )
    return text


def _check_route(route: Route, *rows: MatrixTask | MatrixParty) -> None:
    if any(row.route_id != route.pk for row in rows):
        raise ValidationError(_("That task or column belongs to another route."), code="other_route")


@transaction.atomic
def matrix_cell_set(
    *,
    by: Any,
    route: Route,
    task: MatrixTask,
    party: MatrixParty,
    value: str | None,
    was: str | None = None,
) -> MatrixCell | None:
    """Set what a party does for a task (R, A, C or I); "" or None clears the cell. Returns the cell, or None
    when cleared. `was` (optional) is the value the editor showed: when the cell holds another value now,
    someone else changed it and StaleVersionError is raised. Codes: "invalid_value", "other_route"."""
    _check_route(route, task, party)
    cleaned = _clean_value(value)
    _lock(route)
    if not MatrixTask.objects.filter(pk=task.pk).exists() or not MatrixParty.objects.filter(pk=party.pk).exists():
        raise ValidationError(_("That task or column was removed in the meantime."), code="gone")
    cell = MatrixCell.objects.filter(task=task, party=party).first()
    before = cell.value if cell is not None else ""
    if was is not None and _clean_value_or_keep(was) != before:
        raise StaleVersionError(changed=["value"])
    if before == cleaned:
        return cell
    if not cleaned:
        assert cell is not None
        cell.delete()
        result = None
    elif cell is None:
        result = MatrixCell.objects.create(task=task, party=party, value=cleaned)
    else:
        cell.value = cleaned
        cell.save(update_fields=["value"])
        result = cell
    log_action(
        actor=by,
        action_type="agreements.matrix.cell_set",
        target=route,
        changes={"value": [before or None, cleaned or None]},
        data=_log_data(route, task_id=task.pk, task=task.name, party_id=party.pk, party=party.label),
    )
    return result


@transaction.atomic
def matrix_cells_set(
    *, by: Any, route: Route, cells: Iterable[tuple[MatrixTask, MatrixParty, str | None, str | None]]
) -> int:
    """Set many cells at once (the editor's save button without JavaScript): (task, party, value, was) each, as
    `matrix_cell_set`. All or nothing: one refused cell leaves every cell as it was. Returns how many changed;
    a stale cell raises StaleVersionError naming "task / column" of every such cell."""
    changed = 0
    stale: list[str] = []
    for task, party, value, was in cells:
        before = MatrixCell.objects.filter(task=task, party=party).values_list("value", flat=True).first() or ""
        try:
            after = matrix_cell_set(by=by, route=route, task=task, party=party, value=value, was=was)
        except StaleVersionError:
            stale.append(f"{task.name} / {party.label}")
            continue
        changed += int(before != (after.value if after is not None else ""))
    if stale:
        raise StaleVersionError(changed=stale)
    return changed


def _clean_value_or_keep(value: str) -> str:
    text = value.strip().upper()
    return text if text in Responsibility.values else ""


def _clean_task(fields: Mapping[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    errors: dict[str, list[ValidationError]] = {}
    for name, max_length, required in (("name", NAME_MAX, True), ("description", DESCRIPTION_MAX, False)):
        try:
            cleaned[name] = _clean_line(name, fields.get(name), max_length=max_length, required=required)
        except ValidationError as exc:
            for field, field_errors in exc.error_dict.items():
                errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_unique_name(route: Route, name: str, *, exclude_pk: int | None = None) -> None:
    others = MatrixTask.objects.filter(route=route, name__iexact=name)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise _field_error("name", _("This matrix already has a task with this name."), "duplicate")


@transaction.atomic
def matrix_task_add(*, by: Any, route: Route, name: str, description: str = "") -> MatrixTask:
    """A new task at the bottom of the route's matrix, its cells empty."""
    cleaned = _clean_task({"name": name, "description": description})
    _lock(route)
    _check_unique_name(route, cleaned["name"])
    task = MatrixTask.objects.create(
        route=route, position=_next_position(MatrixTask.objects.filter(route=route)), **cleaned
    )
    log_action(
        actor=by,
        action_type="agreements.matrix.task_added",
        target=route,
        changes={"task": [None, task.name]},
        data=_log_data(route, task_id=task.pk, task=task.name),
    )
    return task


def _current_task(task: MatrixTask) -> MatrixTask:
    route = Route.objects.get(pk=task.route_id)
    _lock(route)
    current = MatrixTask.objects.select_related("route").get(pk=task.pk)
    return current


@transaction.atomic
def matrix_task_update(
    *, by: Any, task: MatrixTask, name: str, description: str = "", was: Mapping[str, str] | None = None
) -> MatrixTask:
    """Rename a task and change its description. `was` (optional) holds the name and description the editor
    showed: when either differs now, someone else saved the task and StaleVersionError names what changed."""
    cleaned = _clean_task({"name": name, "description": description})
    current = _current_task(task)
    if was is not None:
        changed = [field for field in ("name", "description") if field in was and was[field] != getattr(current, field)]
        if changed:
            raise StaleVersionError(changed=changed)
    _check_unique_name(current.route, cleaned["name"], exclude_pk=current.pk)
    changes = {
        field: [getattr(current, field), value] for field, value in cleaned.items() if getattr(current, field) != value
    }
    if not changes:
        return current
    for field, value in cleaned.items():
        setattr(current, field, value)
    current.save(update_fields=list(cleaned))
    log_action(
        actor=by,
        action_type="agreements.matrix.task_updated",
        target=current.route,
        changes=changes,
        data=_log_data(current.route, task_id=current.pk, task=current.name),
    )
    return current


@transaction.atomic
def matrix_task_remove(*, by: Any, task: MatrixTask) -> None:
    """Delete a task and its cells; the tasks after it move up."""
    current = _current_task(task)
    route, task_pk, name = current.route, current.pk, current.name
    current.delete()
    _renumber_tasks(route)
    log_action(
        actor=by,
        action_type="agreements.matrix.task_removed",
        target=route,
        changes={"task": [name, None]},
        data=_log_data(route, task_id=task_pk, task=name),
    )


def _renumber_tasks(route: Route) -> list[MatrixTask]:
    tasks = list(MatrixTask.objects.filter(route=route).order_by("position", "pk"))
    changed = []
    for position, row in enumerate(tasks, start=1):
        if row.position != position:
            row.position = position
            changed.append(row)
    if changed:
        MatrixTask.objects.bulk_update(changed, ["position"])
    return tasks


@transaction.atomic
def matrix_task_move(*, by: Any, task: MatrixTask, direction: str) -> MatrixTask:
    """Swap a task with the one above ("up") or below ("down"); at either end nothing changes."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a task up or down."), code="invalid_direction")
    current = _current_task(task)
    tasks = _renumber_tasks(current.route)
    index = next(i for i, row in enumerate(tasks) if row.pk == current.pk)
    other_index = index - 1 if direction == "up" else index + 1
    row = tasks[index]
    row.route = current.route
    if not 0 <= other_index < len(tasks):
        return row
    other = tasks[other_index]
    row.position, other.position = other.position, row.position
    MatrixTask.objects.bulk_update([row, other], ["position"])
    log_action(
        actor=by,
        action_type="agreements.matrix.task_moved",
        target=current.route,
        changes={"position": [other.position, row.position]},
        data=_log_data(current.route, task_id=row.pk, task=row.name, direction=direction),
    )
    return row


@transaction.atomic
def matrix_party_add(*, by: Any, route: Route, label: str, kind: str = MatrixPartyKind.PARTNER) -> MatrixParty:
    """A column of the matrix's own (a partner that is not an organisation of the route, say the municipality)
    at the right of the matrix; its name differs from the other columns'."""
    cleaned = _clean_line("label", label, max_length=LABEL_MAX, required=True)
    if kind not in CUSTOM_KINDS:
        raise _field_error("kind", _("Choose a kind of column from the list."), "invalid")
    _lock(route)
    parties = MatrixParty.objects.filter(route=route)
    if parties.filter(label__iexact=cleaned).exists():
        raise _field_error("label", _("This matrix already has a column with this name."), "duplicate")
    party = MatrixParty.objects.create(route=route, kind=kind, label=cleaned, position=_next_position(parties))
    log_action(
        actor=by,
        action_type="agreements.matrix.party_added",
        target=route,
        changes={"party": [None, party.label]},
        data=_log_data(route, party_id=party.pk, party=party.label, kind=kind),
    )
    return party


@transaction.atomic
def matrix_party_remove(*, by: Any, party: MatrixParty) -> None:
    """Delete a custom or partner column and its cells; the programme, student and company columns stay."""
    route = Route.objects.get(pk=party.route_id)
    _lock(route)
    current = MatrixParty.objects.get(pk=party.pk)
    if current.organisation_id is None and current.kind in STANDARD_MATRIX_PARTIES:
        raise ValidationError(
            _("The programme, student and company columns belong to every matrix and cannot be removed."),
            code="standard_party",
        )
    party_pk, label = current.pk, current.label
    current.delete()
    log_action(
        actor=by,
        action_type="agreements.matrix.party_removed",
        target=route,
        changes={"party": [label, None]},
        data=_log_data(route, party_id=party_pk, party=label),
    )


@transaction.atomic
def matrix_partner_join(*, route: Route, organisation: Organisation, by: Any = None) -> MatrixParty | None:
    """An organisation that became a partner of the route gets its column, when the route has a matrix and the
    organisation is not a company. Returns the column (new or existing) or None."""
    kind = partner_kind(organisation)
    if kind is None:
        return None
    _lock(route)
    parties = MatrixParty.objects.filter(route=route)
    if not parties.exists() and not MatrixTask.objects.filter(route=route).exists():
        return None  # the route's matrix is made (with this column) when it is first set up
    existing = parties.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    party = MatrixParty.objects.create(
        route=route,
        kind=kind,
        organisation=organisation,
        label=organisation.name[:LABEL_MAX],
        position=_next_position(parties),
    )
    log_action(
        actor=by,
        action_type="agreements.matrix.party_added",
        target=route,
        changes={"party": [None, party.label]},
        data=_log_data(route, party_id=party.pk, party=party.label, organisation_id=organisation.pk, kind=kind),
    )
    return party


@transaction.atomic
def matrix_partner_leave(*, route: Route, organisation: Organisation, by: Any = None) -> None:
    """An organisation that is no longer a partner of the route takes its column and cells along."""
    parties = list(MatrixParty.objects.filter(route=route, organisation=organisation))
    if not parties:
        return
    MatrixParty.objects.filter(pk__in=[party.pk for party in parties]).delete()
    for party in parties:
        log_action(
            actor=by,
            action_type="agreements.matrix.party_removed",
            target=route,
            changes={"party": [party.label, None]},
            data=_log_data(route, party_id=party.pk, party=party.label, organisation_id=organisation.pk),
        )
