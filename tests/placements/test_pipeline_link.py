"""The pipeline link: a company hosting a student is in the stage "hosting" with the route, and returns to its
previous stage when it hosts none any more."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.apps import apps

from tests.factories import OrganisationFactory, RouteFactory, UserFactory
from tests.factories.outreach import PipelineEntryFactory
from tests.factories.placements import StudentFactory
from verbinder.outreach.enums import Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.outreach.services.pipeline import stage_move
from verbinder.placements.models import Placement
from verbinder.placements.services.pipeline_link import hosting_sync
from verbinder.placements.services.placements import (
    HostInput,
    placement_create,
    placement_employer_change,
    placement_end,
    placement_host_add,
    placement_host_remove,
    placement_pause,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)
END = datetime.date(2028, 8, 31)
ON = datetime.date(2027, 2, 1)


@pytest.fixture
def route():
    return RouteFactory()


@pytest.fixture
def coordinator():
    return UserFactory(name="Coby Coördinator")


def _stage(route, organisation) -> str | None:
    return PipelineEntry.objects.filter(route=route, organisation=organisation).values_list("stage", flat=True).first()


def _moves(route, organisation) -> int:
    return StageChange.objects.filter(route=route, entry__organisation=organisation).count()


def _place(route, by, *hosts) -> Placement:
    return placement_create(
        by=by,
        student=StudentFactory(route=route),
        hosts=list(hosts),
        start_date=START,
        end_date=END,
        working_per_week=sum((host.share for host in hosts), Decimal(0)),
    )


def test_a_new_placement_puts_the_host_in_hosting_and_ending_it_returns_to_the_stage_before(route, coordinator):
    company = OrganisationFactory(routes=[route])
    stage_move(route=route, organisation=company, to_stage=Stage.INTAKE_HELD, by=coordinator)

    placement = _place(route, coordinator, HostInput(organisation=company, share=Decimal(4)))
    assert _stage(route, company) == Stage.HOSTING
    moved = StageChange.objects.filter(route=route, entry__organisation=company).order_by("-pk").first()
    assert (moved.from_stage, moved.to_stage, moved.changed_by) == (Stage.INTAKE_HELD, Stage.HOSTING, coordinator)

    placement_end(by=coordinator, placement=placement, on=ON, reason="Gestopt", version=1)
    assert _stage(route, company) == Stage.INTAKE_HELD


def test_a_company_without_an_entry_gets_one_and_returns_to_prospect(route, coordinator):
    company = OrganisationFactory(routes=[route])
    placement = _place(route, coordinator, HostInput(organisation=company, share=Decimal(4)))
    assert _stage(route, company) == Stage.HOSTING

    placement_end(by=None, placement=placement, on=ON, reason="Gestopt", version=1)
    assert _stage(route, company) == Stage.PROSPECT


def test_an_unknown_stage_before_hosting_returns_to_agreement(route, coordinator):
    company = OrganisationFactory(routes=[route])
    PipelineEntryFactory(route=route, organisation=company, stage=Stage.HOSTING)
    placement = _place(route, coordinator, HostInput(organisation=company, share=Decimal(4)))
    assert _moves(route, company) == 0

    placement_end(by=coordinator, placement=placement, on=ON, reason="Gestopt", version=1)
    assert _stage(route, company) == Stage.AGREEMENT


def test_a_company_hosting_another_student_stays_in_hosting(route, coordinator):
    company = OrganisationFactory(routes=[route])
    first = _place(route, coordinator, HostInput(organisation=company, share=Decimal(4)))
    _place(route, coordinator, HostInput(organisation=company, share=Decimal(4)))
    moves = _moves(route, company)

    placement_end(by=coordinator, placement=first, on=ON, reason="Gestopt", version=1)
    assert _stage(route, company) == Stage.HOSTING
    assert _moves(route, company) == moves


def test_a_paused_placement_still_counts_as_hosting(route, coordinator):
    company = OrganisationFactory(routes=[route])
    placement = _place(route, coordinator, HostInput(organisation=company, share=Decimal(4)))
    moves = _moves(route, company)
    placement_pause(by=coordinator, placement=placement, on=ON, reason="Ziek", expected_return=None, version=1)
    assert _stage(route, company) == Stage.HOSTING
    assert _moves(route, company) == moves


def test_adding_and_removing_a_second_host(route, coordinator):
    first = OrganisationFactory(routes=[route])
    second = OrganisationFactory(routes=[route])
    stage_move(route=route, organisation=second, to_stage=Stage.AGREEMENT, by=coordinator)
    placement = _place(route, coordinator, HostInput(organisation=first, share=Decimal(4)))
    host = placement.hosts.get()

    placement = placement_host_add(
        by=coordinator,
        placement=placement,
        host=HostInput(organisation=second, share=Decimal(1)),
        shares={host.pk: Decimal(3)},
        on=ON,
        reason="Gedeeld",
        version=1,
    )
    assert (_stage(route, first), _stage(route, second)) == (Stage.HOSTING, Stage.HOSTING)

    placement_host_remove(
        by=coordinator,
        placement=placement,
        host=placement.hosts.get(organisation=second),
        on=datetime.date(2027, 6, 1),
        reason="Te druk",
        version=2,
    )
    assert (_stage(route, first), _stage(route, second)) == (Stage.HOSTING, Stage.AGREEMENT)


def test_a_change_of_employer_moves_both(route, coordinator):
    old = OrganisationFactory(routes=[route])
    new = OrganisationFactory(routes=[route])
    stage_move(route=route, organisation=old, to_stage=Stage.CONTACTED, by=coordinator)
    placement = _place(route, coordinator, HostInput(organisation=old, share=Decimal(4)))

    placement_employer_change(
        by=coordinator,
        placement=placement,
        host=placement.hosts.get(),
        new=HostInput(organisation=new, share=Decimal(4)),
        on=ON,
        reason="Overstap",
        version=1,
    )
    assert (_stage(route, old), _stage(route, new)) == (Stage.CONTACTED, Stage.HOSTING)


def test_a_company_moved_elsewhere_by_hand_and_hosting_nobody_is_left_alone(route, coordinator):
    company = OrganisationFactory(routes=[route])
    stage_move(route=route, organisation=company, to_stage=Stage.PAUSED, by=coordinator)
    moves = _moves(route, company)
    hosting_sync(route=route, organisation_ids=[company.pk], by=coordinator)
    assert _stage(route, company) == Stage.PAUSED
    assert _moves(route, company) == moves


def test_only_the_placements_route_counts(route, coordinator):
    other_route = RouteFactory()
    company = OrganisationFactory(routes=[route, other_route])
    stage_move(route=other_route, organisation=company, to_stage=Stage.CONTACTED, by=coordinator)
    _place(route, coordinator, HostInput(organisation=company, share=Decimal(4)))
    hosting_sync(route=other_route, organisation_ids=[company.pk], by=coordinator)
    assert (_stage(route, company), _stage(other_route, company)) == (Stage.HOSTING, Stage.CONTACTED)


def test_an_organisation_no_longer_linked_is_skipped(route, coordinator):
    company = OrganisationFactory()
    hosting_sync(route=route, organisation_ids=[company.pk], by=coordinator)
    assert _stage(route, company) is None


def test_nothing_happens_without_the_outreach_app(route, coordinator, monkeypatch):
    company = OrganisationFactory(routes=[route])
    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: False if name == "verbinder.outreach" else real(name))
    _place(route, coordinator, HostInput(organisation=company, share=Decimal(4)))
    assert _stage(route, company) is None
