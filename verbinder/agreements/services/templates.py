"""Writes of agreement templates, their articles, and a route's agreement settings.

A template is a versioned text per route. A draft is edited (title, introduction, articles); publishing makes it
the route's current template and retires the one published before (the database allows one published template
per route). A published or retired template is never edited: a new version is drafted as a copy of it.

Publishing needs the minimum content the praktijkleren subsidy requires (DOMAIN.md): every required topic
(ClauseTopic) covered by an article with text. Text is checked on every save: a `{field}` that is not a field of
the placement (placeholders.py) is refused with its name, so that a typo never reaches a signed document.

Articles have no version of their own: they are edited one at a time (HTMX), and the template row is locked for
each change so that two coordinators never give two articles the same position.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from verbinder.agreements.enums import REQUIRED_TOPICS, ClauseParty, ClauseTopic, SigningOrder, TemplateStatus
from verbinder.agreements.models import AgreementSettings, AgreementTemplate, TemplateClause
from verbinder.agreements.placeholders import placeholders_in, placeholders_unknown
from verbinder.agreements.services import standard_text
from verbinder.core.activity import diff, fields_changed_since, log_action, snapshot
from verbinder.core.exceptions import StaleVersionError
from verbinder.partners import validators
from verbinder.partners.models import Route

TEMPLATE_FIELDS = ("title", "introduction", "include_matrix")
CLAUSE_FIELDS = ("party", "topic", "heading", "body")
SETTINGS_FIELDS = ("remind_after_days", "expire_after_days", "signing_order")
TITLE_MAX = 200
HEADING_MAX = 200
TEXT_MAX = 20_000
REMIND_RANGE = (1, 60)
EXPIRE_RANGE = (1, 365)

UPDATED = "agreements.template.updated"
SETTINGS_UPDATED = "agreements.settings.updated"


def _log_data(route: Route, **extra: Any) -> dict[str, Any]:
    return {"route": str(route), "route_id": route.pk, **extra}


def _field_error(field: str, message: Any, code: str, params: dict[str, Any] | None = None) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code, params=params)]})


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _check_text(field: str, value: str, *, max_length: int, required: bool, single_line: bool) -> str:
    """A title, heading or markdown text: trimmed, within its length, without control characters or unknown
    fields. Raises a field error naming the problem."""
    value = " ".join(value.split()) if single_line else value.replace("\r\n", "\n").strip()
    if required and not value:
        raise _field_error(field, _("This field is required."), "required")
    if len(value) > max_length:
        raise _field_error(
            field, _("Enter at most %(max)s characters."), "max_length", {"max": max_length, "length": len(value)}
        )
    try:
        validators.reject_control_characters(value, multiline=not single_line)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc
    unknown = placeholders_unknown(value)
    if unknown:
        raise _field_error(
            field,
            ngettext_lazy(
                "%(fields)s is not a field of the placement. Use one of the fields listed, written as {field}.",
                "%(fields)s are not fields of the placement. Use the fields listed, written as {field}.",
                "count",
            ),
            "unknown_field",
            {"fields": ", ".join(f"{{{name}}}" for name in unknown), "count": len(unknown)},
        )
    return value


def _collect(errors: dict[str, list[ValidationError]], exc: ValidationError) -> None:
    for name, field_errors in exc.error_dict.items():
        errors.setdefault(name, []).extend(field_errors)


def _clean_template(fields: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    checks = (("title", TITLE_MAX, True, True), ("introduction", TEXT_MAX, False, False))
    for name, max_length, required, single_line in checks:
        if name in fields:
            try:
                cleaned[name] = _check_text(
                    name, _text(fields[name]), max_length=max_length, required=required, single_line=single_line
                )
            except ValidationError as exc:
                _collect(errors, exc)
    if cleaned.get("title") and placeholders_in(cleaned["title"]):
        # The agreement takes the title as written (documents.py fills only the introduction and articles).
        errors.setdefault("title", []).append(
            ValidationError(_("The title is used as written: leave out the {fields}."), code="fields_in_title")
        )
    if "include_matrix" in fields:
        cleaned["include_matrix"] = bool(fields["include_matrix"])
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_clause(fields: Mapping[str, Any], *, new: bool) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    if "party" in fields or new:
        party = _text(fields.get("party", ClauseParty.GENERAL)) or ClauseParty.GENERAL
        if party not in ClauseParty.values:
            errors.setdefault("party", []).append(ValidationError(_("Choose a party from the list."), code="invalid"))
        cleaned["party"] = party
    if "topic" in fields or new:
        topic = _text(fields.get("topic", ""))
        if topic and topic not in ClauseTopic.values:
            errors.setdefault("topic", []).append(ValidationError(_("Choose a topic from the list."), code="invalid"))
        cleaned["topic"] = topic
    for name, max_length, single_line in (("heading", HEADING_MAX, True), ("body", TEXT_MAX, False)):
        if name in fields or new:
            try:
                cleaned[name] = _check_text(
                    name, _text(fields.get(name, "")), max_length=max_length, required=True, single_line=single_line
                )
            except ValidationError as exc:
                _collect(errors, exc)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _locked(template: AgreementTemplate) -> AgreementTemplate:
    return AgreementTemplate.objects.select_for_update(of=("self",)).select_related("route").get(pk=template.pk)


def _check_version(current: AgreementTemplate, version: int) -> None:
    if current.version != version:
        raise StaleVersionError(changed=fields_changed_since(current, action_type=UPDATED, version=version))


def _check_draft(template: AgreementTemplate) -> None:
    if template.status != TemplateStatus.DRAFT:
        raise ValidationError(
            _("A template that is %(status)s cannot be changed; draft a new version instead."),
            code="not_draft",
            params={"status": template.get_status_display()},
        )


def _next_number(route: Route) -> int:
    # Locking the route serialises version numbers of its templates.
    Route.objects.select_for_update().filter(pk=route.pk).exists()
    highest = AgreementTemplate.objects.filter(route=route).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def _loggable(template: AgreementTemplate) -> dict[str, Any]:
    return snapshot(template, [*TEMPLATE_FIELDS, "status"])


def _clause_loggable(clause: TemplateClause) -> dict[str, Any]:
    return snapshot(clause, [*CLAUSE_FIELDS, "position"])


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def template_default_create(*, by: Any, route: Route) -> AgreementTemplate:
    """A draft with the standard Dutch text: every required topic, the obligations per party, the second company."""
    template = AgreementTemplate.objects.create(
        route=route,
        number=_next_number(route),
        title=standard_text.TITLE,
        introduction=standard_text.INTRODUCTION,
        include_matrix=True,
        status=TemplateStatus.DRAFT,
        created_by=_actor(by),
    )
    TemplateClause.objects.bulk_create(
        TemplateClause(
            template=template,
            party=clause.party,
            topic=clause.topic,
            heading=clause.heading,
            body=clause.body,
            position=position,
        )
        for position, clause in enumerate(standard_text.CLAUSES, start=1)
    )
    log_action(
        actor=by,
        action_type="agreements.template.created",
        target=template,
        changes=diff({}, _loggable(template)),
        data=_log_data(route, number=template.number, source="standard"),
    )
    return template


@transaction.atomic
def template_new_version(*, by: Any, template: AgreementTemplate) -> AgreementTemplate:
    """A draft copy of the template (its title, introduction and articles) with the next number."""
    source = AgreementTemplate.objects.select_related("route").get(pk=template.pk)
    route = source.route
    draft = AgreementTemplate.objects.create(
        route=route,
        number=_next_number(route),
        title=source.title,
        introduction=source.introduction,
        include_matrix=source.include_matrix,
        status=TemplateStatus.DRAFT,
        previous=source,
        created_by=_actor(by),
    )
    TemplateClause.objects.bulk_create(
        TemplateClause(
            template=draft,
            party=clause.party,
            topic=clause.topic,
            heading=clause.heading,
            body=clause.body,
            position=position,
        )
        for position, clause in enumerate(source.clauses.order_by("position", "pk"), start=1)
    )
    log_action(
        actor=by,
        action_type="agreements.template.created",
        target=draft,
        changes=diff({}, _loggable(draft)),
        data=_log_data(route, number=draft.number, source="copy", previous_id=source.pk, previous=source.number),
    )
    return draft


@transaction.atomic
def template_update(
    *, by: Any, template: AgreementTemplate, version: int, fields: Mapping[str, Any]
) -> AgreementTemplate:
    """Save the title, introduction and include_matrix of a draft, unless someone else saved since `version`."""
    current = _locked(template)
    _check_version(current, version)
    _check_draft(current)
    cleaned = _clean_template(fields)
    before = _loggable(current)
    for name, value in cleaned.items():
        setattr(current, name, value)
    changes = diff(before, _loggable(current))
    if not changes:
        return current
    current.version = F("version") + 1  # type: ignore[assignment]
    current.save(update_fields=[*cleaned, "version", "updated_at"])
    current.refresh_from_db()
    log_action(actor=by, action_type=UPDATED, target=current, changes=changes, data=_log_data(current.route))
    return current


def _clauses_of(template: AgreementTemplate) -> list[TemplateClause]:
    cache = getattr(template, "_prefetched_objects_cache", {})
    if "clauses" in cache:
        return list(cache["clauses"])
    return list(template.clauses.all())


def template_missing_topics(template: AgreementTemplate) -> list[str]:
    """The required topics (in their order) that no article with text covers; uses prefetched clauses."""
    covered = {clause.topic for clause in _clauses_of(template) if clause.topic and clause.body.strip()}
    return [topic for topic in REQUIRED_TOPICS if topic not in covered]


def _topic_labels(topics: list[str]) -> str:
    return ", ".join(str(ClauseTopic(topic).label) for topic in topics)


@transaction.atomic
def template_publish(*, by: Any, template: AgreementTemplate, version: int) -> AgreementTemplate:
    """The draft becomes the route's current template; the one published before is retired. Refused with
    "minimum_content" naming the required topics that no article covers."""
    current = _locked(template)
    _check_version(current, version)
    _check_draft(current)
    missing = template_missing_topics(current)
    if missing:
        raise ValidationError(
            _("The template lacks the minimum content of the agreement. Add an article with text for: %(topics)s."),
            code="minimum_content",
            params={"topics": _topic_labels(missing), "missing": missing},
        )
    clauses = _clauses_of(current)
    if not clauses:
        raise ValidationError(_("The template has no articles."), code="minimum_content", params={"missing": []})
    for text in [current.title, current.introduction, *(c.heading for c in clauses), *(c.body for c in clauses)]:
        unknown = placeholders_unknown(text)
        if unknown:
            raise ValidationError(
                _("The template uses %(fields)s, which is not a field of the placement."),
                code="unknown_field",
                params={"fields": ", ".join(f"{{{name}}}" for name in unknown)},
            )
    retired = list(
        AgreementTemplate.objects.select_for_update()
        .filter(route_id=current.route_id, status=TemplateStatus.PUBLISHED)
        .exclude(pk=current.pk)
    )
    for old in retired:
        AgreementTemplate.objects.filter(pk=old.pk).update(
            status=TemplateStatus.RETIRED, version=F("version") + 1, updated_at=timezone.now()
        )
        log_action(
            actor=by,
            action_type="agreements.template.retired",
            target=old,
            changes={"status": [TemplateStatus.PUBLISHED, TemplateStatus.RETIRED]},
            data=_log_data(current.route, number=old.number, replaced_by=current.number),
        )
    current.status = TemplateStatus.PUBLISHED
    current.published_by = _actor(by)
    current.published_at = timezone.now()
    current.version = F("version") + 1  # type: ignore[assignment]
    current.save(update_fields=["status", "published_by", "published_at", "version", "updated_at"])
    current.refresh_from_db()
    log_action(
        actor=by,
        action_type="agreements.template.published",
        target=current,
        changes={"status": [TemplateStatus.DRAFT, TemplateStatus.PUBLISHED]},
        data=_log_data(current.route, number=current.number, retired=[old.number for old in retired]),
    )
    return current


def _clause_template(clause: TemplateClause) -> AgreementTemplate:
    current = _locked(clause.template)
    _check_draft(current)
    return current


def _renumber(template: AgreementTemplate) -> list[TemplateClause]:
    """The articles in order, with positions 1..n saved where they differ."""
    clauses = list(TemplateClause.objects.filter(template=template).order_by("position", "pk"))
    changed = []
    for position, clause in enumerate(clauses, start=1):
        if clause.position != position:
            clause.position = position
            changed.append(clause)
    if changed:
        TemplateClause.objects.bulk_update(changed, ["position"])
    return clauses


@transaction.atomic
def clause_add(*, by: Any, template: AgreementTemplate, fields: Mapping[str, Any]) -> TemplateClause:
    """A new article at the end of a draft."""
    current = _locked(template)
    _check_draft(current)
    cleaned = _clean_clause(fields, new=True)
    highest = current.clauses.aggregate(highest=Max("position"))["highest"] or 0
    clause = TemplateClause.objects.create(template=current, position=highest + 1, **cleaned)
    log_action(
        actor=by,
        action_type="agreements.template.clause_added",
        target=current,
        changes=diff({}, _clause_loggable(clause)),
        data=_log_data(current.route, clause_id=clause.pk, heading=clause.heading),
    )
    return clause


@transaction.atomic
def clause_update(*, by: Any, clause: TemplateClause, fields: Mapping[str, Any]) -> TemplateClause:
    """Save changed fields of an article of a draft."""
    current = _clause_template(clause)
    row = TemplateClause.objects.get(pk=clause.pk, template=current)
    cleaned = _clean_clause(fields, new=False)
    before = _clause_loggable(row)
    for name, value in cleaned.items():
        setattr(row, name, value)
    changes = diff(before, _clause_loggable(row))
    if changes:
        row.save(update_fields=list(cleaned))
        log_action(
            actor=by,
            action_type="agreements.template.clause_updated",
            target=current,
            changes=changes,
            data=_log_data(current.route, clause_id=row.pk, heading=row.heading),
        )
    row.template = current
    return row


@transaction.atomic
def clause_remove(*, by: Any, clause: TemplateClause) -> None:
    """Delete an article of a draft; the ones after it move up."""
    current = _clause_template(clause)
    row = TemplateClause.objects.get(pk=clause.pk, template=current)
    before = _clause_loggable(row)
    row_pk = row.pk
    row.delete()
    _renumber(current)
    log_action(
        actor=by,
        action_type="agreements.template.clause_removed",
        target=current,
        changes=diff(before, {}),
        data=_log_data(current.route, clause_id=row_pk, heading=before["heading"]),
    )


@transaction.atomic
def clause_move(*, by: Any, clause: TemplateClause, direction: str) -> TemplateClause:
    """Swap an article of a draft with the one before ("up") or after ("down"); at either end nothing changes."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move an article up or down."), code="invalid_direction")
    current = _clause_template(clause)
    clauses = _renumber(current)
    index = next((i for i, row in enumerate(clauses) if row.pk == clause.pk), None)
    if index is None:
        raise TemplateClause.DoesNotExist
    other_index = index - 1 if direction == "up" else index + 1
    row = clauses[index]
    if not 0 <= other_index < len(clauses):
        row.template = current
        return row
    other = clauses[other_index]
    row.position, other.position = other.position, row.position
    TemplateClause.objects.bulk_update([row, other], ["position"])
    log_action(
        actor=by,
        action_type="agreements.template.clause_moved",
        target=current,
        changes={"position": [other.position, row.position]},
        data=_log_data(current.route, clause_id=row.pk, heading=row.heading, direction=direction),
    )
    row.template = current
    return row


def settings_for(route: Route) -> AgreementSettings:
    """The route's agreement settings, or the defaults (unsaved) when it has none."""
    found = AgreementSettings.objects.filter(route=route).first()
    return found if found is not None else AgreementSettings(route=route)


def _clean_days(errors: dict[str, list[ValidationError]], name: str, value: Any, bounds: tuple[int, int]) -> int:
    try:
        days = int(_text(value).strip())
    except ValueError:
        errors.setdefault(name, []).append(ValidationError(_("Enter a whole number of days."), code="invalid"))
        return 0
    if not bounds[0] <= days <= bounds[1]:
        errors.setdefault(name, []).append(
            ValidationError(
                _("Enter between %(min)s and %(max)s days."),
                code="out_of_range",
                params={"min": bounds[0], "max": bounds[1]},
            )
        )
    return days


@transaction.atomic
def settings_update(*, by: Any, route: Route, fields: Mapping[str, Any]) -> AgreementSettings:
    """Save the route's reminder interval, expiry and default signing order (created on first save)."""
    Route.objects.select_for_update().filter(pk=route.pk).exists()
    current = AgreementSettings.objects.filter(route=route).first() or AgreementSettings(route=route)
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    if "remind_after_days" in fields:
        cleaned["remind_after_days"] = _clean_days(
            errors, "remind_after_days", fields["remind_after_days"], REMIND_RANGE
        )
    if "expire_after_days" in fields:
        cleaned["expire_after_days"] = _clean_days(
            errors, "expire_after_days", fields["expire_after_days"], EXPIRE_RANGE
        )
    if "signing_order" in fields:
        order = _text(fields["signing_order"])
        if order not in SigningOrder.values:
            errors.setdefault("signing_order", []).append(
                ValidationError(_("Choose a signing order from the list."), code="invalid")
            )
        cleaned["signing_order"] = order
    if errors:
        raise ValidationError(errors)
    before = snapshot(current, SETTINGS_FIELDS) if current.pk else {}
    for name, value in cleaned.items():
        setattr(current, name, value)
    if current.remind_after_days >= current.expire_after_days:
        raise _field_error(
            "remind_after_days",
            _("Reminders must come before the agreement expires: enter fewer days than the %(days)s of the expiry."),
            "remind_after_expiry",
            {"days": current.expire_after_days},
        )
    changes = diff(before, snapshot(current, SETTINGS_FIELDS))
    if current.pk and not changes:
        return current
    if current.pk:
        current.version = F("version") + 1  # type: ignore[assignment]
    current.save()
    current.refresh_from_db()
    log_action(actor=by, action_type=SETTINGS_UPDATED, target=current, changes=changes, data=_log_data(route))
    return current
