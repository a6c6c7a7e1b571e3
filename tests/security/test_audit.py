"""Audit completeness (SECURITY promise 14): every service that changes the registry or accounts writes an
activity-log entry naming who did it; a new service without an entry here fails the guard."""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.conftest import World
from tests.factories import UserFactory
from tests.factories.outreach import FollowUpFactory, InteractionFactory, OutreachActivityFactory
from tests.security import audit_agreements, audit_matrix, audit_placements
from verbinder.accounts import services as account_services
from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.core.models import ActivityLog
from verbinder.outreach.enums import ActivityKind, InteractionKind, Stage
from verbinder.outreach.models import OutreachActivity
from verbinder.outreach.services import activities as outreach_activities
from verbinder.outreach.services import followups as outreach_followups
from verbinder.outreach.services import interactions as outreach_interactions
from verbinder.outreach.services import pipeline as outreach_pipeline
from verbinder.partners import services
from verbinder.partners.enums import CrohoArea, DegreeType, OrganisationKind, RelationshipKind
from verbinder.partners.models import Organisation

# Not here: verbinder.outreach.services.digest. Its digest_send/digest_send_all deliberately write no activity-log
# entry (they change nothing in the registry): the DigestDelivery rows (user, day, message) are their record.
AUDITED_MODULES: list[ModuleType] = [
    services,
    account_services,
    outreach_pipeline,
    outreach_interactions,
    outreach_followups,
    outreach_activities,
    *audit_placements.MODULES,
    *audit_agreements.MODULES,
    *audit_matrix.MODULES,
]

# Public helpers of the audited modules that change nothing a person did (so write no log entry), with why.
NOT_WRITES: dict[str, str] = {
    "skipped_stages": "pure: the stages a move jumps over",
    "entry_get_or_create": "makes the implicit prospect entry on first use; only called inside logged services",
    "archived_message": "pure: the text shown for an archived organisation",
    "check_contact_allowed": "read-only check: linked, active organisation and route",
    "is_route_staff": "read-only: which users staff the route",
    "validate_follow_up": "read-only check of a new follow-up's fields",
    "material_type_for": "pure: the material type of a file name",
    "material_clean_name": "pure: a safe file name",
    "material_check": "read-only check of an uploaded file",
    **audit_placements.NOT_WRITES,
    **audit_agreements.NOT_WRITES,
    **audit_matrix.NOT_WRITES,
}

Call = Callable[[World, User], Any]


def _route_data(code: str) -> dict[str, Any]:
    return {
        "programme_name": "Ad Logistiek",
        "degree_type": DegreeType.ASSOCIATE,
        "croho_code": code,
        "croho_area": CrohoArea.ECONOMICS,
        "hogeschool": "Hogeschool Test",
        "start_year": 2027,
    }


def _archived_person(w: World, by: User) -> Any:
    services.person_archive(person=w.affiliation.person, by=by)
    return services.person_restore(person=w.affiliation.person, by=by)


def _archived_organisation(w: World, by: User) -> Any:
    services.organisation_archive(organisation=w.company, by=by)
    return services.organisation_restore(organisation=w.company, by=by)


def _tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def _follow_up(w: World, **fields: Any) -> Any:
    return FollowUpFactory(route=w.route, organisation=w.company, assignee=w.users["teacher"], **fields)


def _activity(w: World, **fields: Any) -> Any:
    return OutreachActivityFactory(route=w.route, held_on=timezone.localdate(), **fields)


# service name -> (how to call it, the action types it must log, the object the entry is about)
CASES: dict[str, tuple[Call, set[str], Callable[[World], Any]]] = {
    "route_create": (
        lambda w, by: services.route_create(by=by, data=_route_data("34567")),
        {"partners.route.created"},
        lambda w: None,
    ),
    "route_update": (
        lambda w, by: services.route_update(
            route=w.route, by=by, data={**_route_data(w.route.croho_code), "programme_name": "Ad Nieuw"}
        ),
        {"partners.route.updated"},
        lambda w: w.route,
    ),
    "route_staff_add": (
        lambda w, by: services.route_staff_add(
            route=w.route, email="nieuw@hogeschool.nl", name="Nieuwe Docent", role=Role.TEACHER, by=by
        ),
        {"partners.route.staff_added", "accounts.user.created", "accounts.role.assigned"},
        lambda w: w.route,
    ),
    "route_staff_remove": (
        lambda w, by: services.route_staff_remove(
            assignment=RoleAssignment.objects.get(user=w.users["teacher"]), by=by
        ),
        {"partners.route.staff_removed", "accounts.role.revoked"},
        lambda w: w.route,
    ),
    "organisation_create": (
        lambda w, by: services.organisation_create(
            by=by, data={"name": "Nieuw BV", "kind": OrganisationKind.COMPANY}, routes=[w.route]
        ),
        {"partners.organisation.created"},
        lambda w: None,
    ),
    "organisation_update": (
        lambda w, by: services.organisation_update(
            organisation=w.company, by=by, data={"notes": "Nieuwe notitie"}, version=w.company.version
        ),
        {"partners.organisation.updated"},
        lambda w: w.company,
    ),
    "organisation_archive": (
        lambda w, by: services.organisation_archive(organisation=w.company, by=by),
        {"partners.organisation.archived"},
        lambda w: w.company,
    ),
    "organisation_restore": (
        _archived_organisation,
        {"partners.organisation.archived", "partners.organisation.restored"},
        lambda w: w.company,
    ),
    "organisation_link_route": (
        lambda w, by: services.organisation_link_route(organisation=w.company, route=w.other_route, by=by),
        {"partners.organisation.route_linked"},
        lambda w: w.company,
    ),
    "organisation_unlink_route": (
        lambda w, by: services.organisation_unlink_route(organisation=w.company, route=w.route, by=by),
        {"partners.organisation.route_unlinked"},
        lambda w: w.company,
    ),
    "person_create": (
        lambda w, by: services.person_create(
            by=by,
            data={"first_name": "Noor", "last_name": "Bakker"},
            organisation=w.company,
            affiliation={"function_title": "HR", "email": "noor@bakkerij.nl"},
        ),
        {"partners.person.created", "partners.affiliation.created"},
        lambda w: None,
    ),
    "person_update": (
        lambda w, by: services.person_update(
            person=w.affiliation.person, by=by, data={"last_name": "de Wit"}, version=w.affiliation.person.version
        ),
        {"partners.person.updated"},
        lambda w: w.affiliation.person,
    ),
    "person_archive": (
        lambda w, by: services.person_archive(person=w.affiliation.person, by=by),
        {"partners.person.archived"},
        lambda w: w.affiliation.person,
    ),
    "person_restore": (
        _archived_person,
        {"partners.person.archived", "partners.person.restored"},
        lambda w: w.affiliation.person,
    ),
    "affiliation_create": (
        lambda w, by: services.affiliation_create(
            by=by, person=w.affiliation.person, organisation=w.branch, data={"function_title": "Lid"}
        ),
        {"partners.affiliation.created"},
        lambda w: w.affiliation.person,
    ),
    "affiliation_update": (
        lambda w, by: services.affiliation_update(
            affiliation=w.affiliation, by=by, data={"email": "anna.nieuw@bakkerij.nl"}
        ),
        {"partners.affiliation.updated"},
        lambda w: w.affiliation.person,
    ),
    "affiliation_end": (
        lambda w, by: services.affiliation_end(affiliation=w.affiliation, by=by),
        {"partners.affiliation.ended"},
        lambda w: w.affiliation.person,
    ),
    "relationship_create": (
        lambda w, by: services.relationship_create(
            by=by, source=w.company, kind=RelationshipKind.WORKS_WITH, target=w.branch
        ),
        {"partners.relationship.created"},
        lambda w: w.company,
    ),
    "relationship_delete": (
        lambda w, by: services.relationship_delete(relationship=w.relationship, by=by),
        {"partners.relationship.deleted"},
        lambda w: w.company,
    ),
    "user_create": (
        lambda w, by: account_services.user_create(
            email="nieuw@example.nl", name="Nieuw", password="een-geheim-wachtwoord", by=by
        ),
        {"accounts.user.created"},
        lambda w: None,
    ),
    "role_assign": (
        lambda w, by: account_services.role_assign(
            user=w.users["teacher"], role=Role.COORDINATOR, route=w.route, by=by
        ),
        {"accounts.role.assigned"},
        lambda w: w.users["teacher"],
    ),
    "role_revoke": (
        lambda w, by: account_services.role_revoke(
            assignment=RoleAssignment.objects.get(user=w.users["teacher"]), by=by
        ),
        {"accounts.role.revoked"},
        lambda w: w.users["teacher"],
    ),
    "user_set_language": (
        lambda w, by: account_services.user_set_language(user=by, language="en"),
        {"accounts.user.language_changed"},
        lambda w: w.users["coordinator"],
    ),
    "user_set_follow_up_digest": (
        lambda w, by: account_services.user_set_follow_up_digest(user=by, enabled=False),
        {"accounts.user.follow_up_digest_changed"},
        lambda w: w.users["coordinator"],
    ),
    # Outreach: pipeline
    "stage_move": (
        lambda w, by: outreach_pipeline.stage_move(
            route=w.route, organisation=w.company, to_stage=Stage.INTAKE_PLANNED, by=by
        ),
        {"outreach.stage.moved"},
        lambda w: w.company,
    ),
    "entry_update": (
        lambda w, by: outreach_pipeline.entry_update(
            route=w.route, organisation=w.company, by=by, data={"front_runner": True}
        ),
        {"outreach.pipeline.updated"},
        lambda w: w.company,
    ),
    "stage_move_bulk": (
        lambda w, by: outreach_pipeline.stage_move_bulk(
            route=w.route, moves=[(w.company, None), (w.branch, None)], to_stage=Stage.CONTACTED, by=by
        ),
        {"outreach.stage.moved"},
        lambda w: w.branch,
    ),
    # Outreach: contact moments and follow-ups
    "interaction_log": (
        lambda w, by: outreach_interactions.interaction_log(
            by=by,
            route=w.route,
            organisation=w.company,
            kind=InteractionKind.PHONE,
            occurred_on=timezone.localdate(),
            people=[w.affiliation.person],
            colleagues=[],
            notes="Gebeld",
            follow_up={"description": "Terugbellen", "assignee": w.users["teacher"], "due_on": _tomorrow()},
        ),
        {"outreach.interaction.logged", "outreach.follow_up.created"},
        lambda w: w.company,
    ),
    "interaction_update": (
        lambda w, by: outreach_interactions.interaction_update(
            interaction=InteractionFactory(route=w.route, organisation=w.company, created_by=by),
            by=by,
            data={"notes": "Andere notitie"},
        ),
        {"outreach.interaction.updated"},
        lambda w: w.company,
    ),
    "follow_up_create": (
        lambda w, by: outreach_followups.follow_up_create(
            by=by,
            route=w.route,
            organisation=w.company,
            description="Offerte sturen",
            assignee=w.users["teacher"],
            due_on=_tomorrow(),
        ),
        {"outreach.follow_up.created"},
        lambda w: w.company,
    ),
    "follow_up_update": (
        lambda w, by: outreach_followups.follow_up_update(
            follow_up=_follow_up(w), by=by, data={"description": "Eerst mailen"}
        ),
        {"outreach.follow_up.updated"},
        lambda w: w.company,
    ),
    "follow_up_complete": (
        lambda w, by: outreach_followups.follow_up_complete(follow_up=_follow_up(w), by=by),
        {"outreach.follow_up.done"},
        lambda w: w.company,
    ),
    "follow_up_reopen": (
        lambda w, by: outreach_followups.follow_up_reopen(
            follow_up=_follow_up(w, done_at=timezone.now(), done_by=w.users["teacher"]), by=by
        ),
        {"outreach.follow_up.reopened"},
        lambda w: w.company,
    ),
    # Outreach: activities and their leads
    "activity_create": (
        lambda w, by: outreach_activities.activity_create(
            route=w.route,
            by=by,
            data={"kind": ActivityKind.EMPLOYERS_MEETING, "title": "Ontbijtsessie", "held_on": timezone.localdate()},
        ),
        {"outreach.activity.created"},
        lambda w: OutreachActivity.objects.get(route=w.route),
    ),
    "activity_update": (
        lambda w, by: outreach_activities.activity_update(
            activity=(activity := _activity(w)), by=by, data={"title": "Nieuwe titel"}, version=activity.version
        ),
        {"outreach.activity.updated"},
        lambda w: OutreachActivity.objects.get(route=w.route),
    ),
    "lead_create": (
        lambda w, by: outreach_activities.lead_create(
            activity=_activity(w),
            by=by,
            organisation={"name": "Nieuw Lead BV", "kind": OrganisationKind.COMPANY},
            person={"first_name": "Lotte", "last_name": "Lead"},
            affiliation={"email": "lotte@lead.nl"},
        ),
        {
            "partners.organisation.created",
            "partners.person.created",
            "partners.affiliation.created",
            "outreach.pipeline.updated",
        },
        lambda w: Organisation.objects.get(name="Nieuw Lead BV"),
    ),
    "lead_link": (
        lambda w, by: outreach_activities.lead_link(activity=_activity(w), organisation=w.other_company, by=by),
        {"partners.organisation.route_linked", "outreach.pipeline.updated"},
        lambda w: w.other_company,
    ),
    "activity_contact_log": (
        lambda w, by: outreach_activities.activity_contact_log(activity=_activity(w, host=w.company), by=by),
        {"outreach.interaction.logged"},
        lambda w: w.company,
    ),
}
CASES.update(audit_placements.CASES)
CASES.update(audit_agreements.CASES)
CASES.update(audit_matrix.CASES)


def public_services() -> set[str]:
    return {
        name
        for module in AUDITED_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


def test_every_service_has_an_audit_expectation() -> None:
    missing = sorted(public_services() - set(CASES) - set(NOT_WRITES))
    stale = sorted((set(CASES) | set(NOT_WRITES)) - public_services())

    assert missing == [], (
        f"Add these services to CASES in {__file__}, with the log entries they write "
        "(or, for a helper that changes nothing, to NOT_WRITES with the reason)"
    )
    assert stale == []
    assert set(CASES) & set(NOT_WRITES) == set()


@pytest.mark.parametrize("name", sorted(CASES))
def test_service_writes_an_activity_log_entry_with_the_actor(world: World, name: str) -> None:
    call, action_types, target = CASES[name]
    by = world.users["coordinator"]
    before = set(ActivityLog.objects.values_list("pk", flat=True))

    call(world, by)

    entries = list(ActivityLog.objects.exclude(pk__in=before).select_related("actor"))
    assert {entry.action_type for entry in entries} == action_types
    assert {entry.actor for entry in entries} == {by}
    about = target(world)
    if about is not None:
        content_type = ContentType.objects.get_for_model(about)
        assert any(e.content_type == content_type and e.object_id == about.pk for e in entries), entries


def test_field_changes_are_logged_old_and_new(world: World) -> None:
    by = world.users["coordinator"]

    services.affiliation_update(affiliation=world.affiliation, by=by, data={"email": "anna.nieuw@bakkerij.nl"})

    entry = ActivityLog.objects.get(
        action_type="partners.affiliation.updated",
        content_type=ContentType.objects.get_for_model(world.affiliation.person),
        object_id=world.affiliation.person_id,
    )
    assert entry.changes == {"email": [world.affiliation.email, "anna.nieuw@bakkerij.nl"]}


def test_the_log_holds_no_secrets(world: World) -> None:
    by = world.users["admin"]
    user = account_services.user_create(
        email="geheim@example.nl", name="Geheim", password="een-geheim-wachtwoord", by=by
    )
    account_services.role_assign(user=user, role=Role.COORDINATOR, route=world.route, by=by)
    UserFactory()

    logged = " ".join(f"{entry.object_repr} {entry.changes} {entry.data}" for entry in ActivityLog.objects.all())

    assert "een-geheim-wachtwoord" not in logged
    assert user.password not in logged
    assert "md5$" not in logged and "pbkdf2" not in logged
