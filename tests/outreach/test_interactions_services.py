"""Logging and changing contact moments: every refusal leaves nothing behind, every write is in the log."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests.conftest import World
from tests.factories import AffiliationFactory, PersonFactory, UserFactory, assign
from tests.factories.outreach import InteractionFactory
from verbinder.accounts.enums import Role
from verbinder.core.models import ActivityLog
from verbinder.outreach.models import FollowUp, Interaction
from verbinder.outreach.services.interactions import interaction_log, interaction_update
from verbinder.partners.models import Partnership

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def log(world: World, **overrides):
    arguments = {
        "by": world.users["coordinator"],
        "route": world.route,
        "organisation": world.company,
        "kind": "phone",
        "occurred_on": TODAY(),
        "people": [world.affiliation.person],
        "colleagues": [world.users["teacher"]],
        "notes": "Gebeld over een leerwerkplek.",
    }
    return interaction_log(**{**arguments, **overrides})


def refusal(world: World, **overrides) -> dict[str, list[str]]:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        log(world, **overrides)
    assert not Interaction.objects.exists()
    assert not FollowUp.objects.exists()
    assert not ActivityLog.objects.filter(action_type__startswith="outreach.").exists()
    return caught.value.message_dict


def test_log_saves_people_colleagues_and_a_follow_up_in_one_go(world: World) -> None:
    teacher = world.users["teacher"]
    due = TODAY() + datetime.timedelta(days=1)

    interaction = log(world, follow_up={"description": "Offerte sturen", "assignee": teacher, "due_on": due})

    assert list(interaction.people.all()) == [world.affiliation.person]
    assert list(interaction.colleagues.all()) == [teacher]
    assert interaction.created_by == world.users["coordinator"]
    follow_up = FollowUp.objects.get()
    assert (follow_up.interaction, follow_up.assignee, follow_up.due_on) == (interaction, teacher, due)
    assert (follow_up.route, follow_up.organisation) == (world.route, world.company)
    entry = ActivityLog.objects.get(action_type="outreach.interaction.logged")
    assert entry.object_id == world.company.pk
    assert entry.data["route_id"] == world.route.pk
    assert entry.data["route"] == str(world.route)
    assert ActivityLog.objects.get(action_type="outreach.follow_up.created").data["route_id"] == world.route.pk


def test_log_without_colleagues_names_the_author(world: World) -> None:
    interaction = log(world, colleagues=[])

    assert list(interaction.colleagues.all()) == [world.users["coordinator"]]


def test_log_for_an_archived_organisation_is_refused_with_restore_first(world: World) -> None:
    world.company.archived_at = timezone.now()
    world.company.save()

    errors = refusal(world)

    assert errors["organisation"] == [
        f"{world.company.name} is archived. Restore the organisation first; your input is kept."
    ]


def test_log_for_an_organisation_not_linked_to_the_route_is_refused(world: World) -> None:
    assign(world.users["coordinator"], Role.COORDINATOR, route=world.other_route)

    errors = refusal(world, route=world.other_route)

    assert errors["route"] == ["This organisation is not linked to the route."]


def test_log_in_the_future_is_refused(world: World) -> None:
    errors = refusal(world, occurred_on=TODAY() + datetime.timedelta(days=1))

    assert list(errors) == ["occurred_on"]


def test_log_with_a_person_of_another_organisation_is_refused(world: World) -> None:
    errors = refusal(world, people=[world.other_affiliation.person])

    assert errors["people"] == ["Choose contact persons who have (or had) a role at this organisation."]


def test_log_with_a_person_whose_role_ended_is_allowed(world: World) -> None:
    former = AffiliationFactory(organisation=world.company, ended_on=TODAY()).person

    interaction = log(world, people=[former])

    assert list(interaction.people.all()) == [former]


def test_log_with_a_colleague_of_another_route_is_refused(world: World) -> None:
    errors = refusal(world, colleagues=[world.users["other_coordinator"]])

    assert errors["colleagues"] == ["Choose colleagues who are coordinator or teacher of this route."]


def test_log_with_an_external_user_as_colleague_is_refused(world: World) -> None:
    errors = refusal(world, colleagues=[world.users["company_contact"]])

    assert list(errors) == ["colleagues"]


def test_log_with_a_follow_up_due_in_the_past_is_refused_and_saves_nothing(world: World) -> None:
    yesterday = TODAY() - datetime.timedelta(days=1)

    errors = refusal(
        world, follow_up={"description": "Terugbellen", "assignee": world.users["teacher"], "due_on": yesterday}
    )

    assert errors["follow_up_due_on"] == ["The due date is in the past. Choose today or a later date."]


def test_log_with_a_follow_up_for_someone_outside_the_route_is_refused(world: World) -> None:
    errors = refusal(
        world,
        follow_up={"description": "Terugbellen", "assignee": world.users["other_coordinator"], "due_on": TODAY()},
    )

    assert list(errors) == ["follow_up_assignee"]


def test_log_by_someone_who_cannot_see_the_organisation_is_refused(world: World) -> None:
    errors = refusal(world, by=world.users["other_coordinator"], colleagues=[])

    assert list(errors) == ["organisation"]


def test_log_keeps_markup_as_text(world: World) -> None:
    notes = "<script>alert(1)</script> **vet**"

    interaction = log(world, notes=notes)

    assert Interaction.objects.get(pk=interaction.pk).notes == notes


def test_update_changes_and_logs_what_changed(world: World) -> None:
    interaction = InteractionFactory(route=world.route, organisation=world.company, created_by=world.users["teacher"])
    person = AffiliationFactory(organisation=world.company).person

    interaction_update(
        interaction=interaction,
        by=world.users["coordinator"],
        data={"kind": "visit", "people": [person], "colleagues": [world.users["teacher"]], "notes": "Bezocht."},
    )

    interaction.refresh_from_db()
    assert (interaction.kind, interaction.notes) == ("visit", "Bezocht.")
    assert list(interaction.people.all()) == [person]
    entry = ActivityLog.objects.get(action_type="outreach.interaction.updated")
    assert set(entry.changes) == {"kind", "notes", "people", "colleagues"}
    assert entry.data["route_id"] == world.route.pk


def test_update_with_nothing_changed_logs_nothing(world: World) -> None:
    interaction = InteractionFactory(route=world.route, organisation=world.company, notes="Zelfde")

    interaction_update(interaction=interaction, by=world.users["coordinator"], data={"notes": "Zelfde"})

    assert not ActivityLog.objects.filter(action_type="outreach.interaction.updated").exists()


def test_update_refuses_a_future_date_and_outsiders(world: World) -> None:
    interaction = InteractionFactory(route=world.route, organisation=world.company, notes="Oud")
    stranger = PersonFactory()
    outsider = assign(UserFactory(), Role.TEACHER, route=world.other_route)

    for data in (
        {"occurred_on": TODAY() + datetime.timedelta(days=3), "notes": "Nieuw"},
        {"people": [stranger], "notes": "Nieuw"},
        {"colleagues": [outsider], "notes": "Nieuw"},
    ):
        with pytest.raises(ValidationError):
            interaction_update(interaction=interaction, by=world.users["coordinator"], data=data)
        interaction.refresh_from_db()
        assert interaction.notes == "Oud"


def test_factories_link_the_organisation_to_the_route(world: World) -> None:
    interaction = InteractionFactory(route=world.other_route, organisation=world.company)

    assert Partnership.objects.filter(route=world.other_route, organisation=interaction.organisation).exists()
