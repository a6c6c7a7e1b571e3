"""Growth figures from a fixed history: stage changes with explicit dates (a time machine without a clock)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import OrganisationFactory, RouteFactory, UserFactory
from tests.factories.outreach import PipelineEntryFactory
from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.outreach.selectors import growth
from verbinder.outreach.services import pipeline as services

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 15)


def at(year: int, month: int, day: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def with_history(
    route, steps: list[tuple[str, datetime.datetime]], *, source: str = "", **organisation
) -> PipelineEntry:
    """An organisation of the route whose entry went through `steps` (stage, when), the first from nowhere."""
    org = OrganisationFactory(routes=[route], **organisation)
    entry = PipelineEntryFactory(
        route=route, organisation=org, stage=steps[-1][0], stage_since=steps[-1][1], source=source
    )
    previous = ""
    for stage, when in steps:
        StageChange.objects.create(entry=entry, route=route, from_stage=previous, to_stage=stage, changed_at=when)
        previous = stage
    return entry


@pytest.fixture
def route():
    return RouteFactory()


def counts(funnel) -> dict[str, int]:
    return {row.stage: row.count for row in funnel}


def test_funnel_counts_every_stage_and_organisations_without_an_entry_as_prospects(route):
    OrganisationFactory(routes=[route])
    OrganisationFactory(routes=[route])
    with_history(route, [(Stage.PROSPECT, at(2026, 1)), (Stage.CONTACTED, at(2026, 2))])
    with_history(route, [(Stage.PROSPECT, at(2026, 1)), (Stage.HOSTING, at(2026, 3))])
    with_history(route, [(Stage.PROSPECT, at(2026, 1))])
    with_history(route, [(Stage.PROSPECT, at(2026, 1)), (Stage.PAUSED, at(2026, 3))])
    OrganisationFactory(routes=[RouteFactory()])  # another route's
    archived = OrganisationFactory(routes=[route])
    archived.archived_at = timezone.now()
    archived.save()

    funnel = growth.funnel_for_route(route=route)

    assert [row.stage for row in funnel] == list(Stage.values)
    assert counts(funnel) == {
        "prospect": 3, "contacted": 1, "intake_planned": 0, "intake_held": 0, "agreement": 0, "hosting": 1,
        "paused": 1, "stopped": 0,
    }  # fmt: skip


def test_funnel_of_an_empty_route_is_all_zero(route):
    assert set(counts(growth.funnel_for_route(route=route)).values()) == {0}


def test_conversion_per_source_counts_history_so_paused_hosts_stay_converted(route):
    # Branch association: one hosted and is paused now, one skipped the intake straight to agreement, one contacted.
    with_history(route, [(Stage.PROSPECT, at(2025, 1)), (Stage.HOSTING, at(2025, 6)), (Stage.PAUSED, at(2026, 1))],
                 source=Source.BRANCH_ASSOCIATION)  # fmt: skip
    with_history(
        route, [(Stage.PROSPECT, at(2025, 1)), (Stage.AGREEMENT, at(2025, 3))], source=Source.BRANCH_ASSOCIATION
    )
    with_history(
        route, [(Stage.PROSPECT, at(2025, 1)), (Stage.CONTACTED, at(2025, 3))], source=Source.BRANCH_ASSOCIATION
    )
    # Employers' meeting: one held an intake and then stopped.
    with_history(route, [(Stage.PROSPECT, at(2025, 1)), (Stage.INTAKE_HELD, at(2025, 2)), (Stage.STOPPED, at(2025, 4))],
                 source=Source.EMPLOYERS_MEETING)  # fmt: skip
    # No source: an entry with history and a partnership without an entry.
    with_history(route, [(Stage.PROSPECT, at(2025, 1))])
    OrganisationFactory(routes=[route])

    rows = {row.source: row for row in growth.conversion_by_source(route=route)}

    assert list(rows) == [Source.BRANCH_ASSOCIATION, Source.EMPLOYERS_MEETING, ""]
    branch = rows[Source.BRANCH_ASSOCIATION]
    assert (branch.total, branch.reached_intake, branch.reached_hosting) == (3, 2, 1)
    assert (branch.intake_percent, branch.hosting_percent) == (67, 33)
    meeting = rows[Source.EMPLOYERS_MEETING]
    assert (meeting.total, meeting.reached_intake, meeting.reached_hosting) == (1, 1, 0)
    none = rows[""]
    assert (none.total, none.reached_intake, none.reached_hosting) == (2, 0, 0)


def test_hosting_over_time_adds_arrivals_and_takes_away_departures(route):
    # Hosting from March 2025 until January 2026, and again since October 2026.
    with_history(route, [(Stage.PROSPECT, at(2024, 1)), (Stage.HOSTING, at(2025, 3)), (Stage.PAUSED, at(2026, 1)),
                         (Stage.HOSTING, at(2026, 10))])  # fmt: skip
    # Hosting since before the window (2023) and still.
    with_history(route, [(Stage.PROSPECT, at(2023, 1)), (Stage.HOSTING, at(2023, 6))])
    # Hosting in August 2026 only: it stopped in the same month (not hosting at the end of August).
    with_history(
        route, [(Stage.PROSPECT, at(2026, 1)), (Stage.HOSTING, at(2026, 8, 2)), (Stage.STOPPED, at(2026, 8, 20))]
    )
    # Another route's host does not count.
    with_history(RouteFactory(), [(Stage.PROSPECT, at(2025, 1)), (Stage.HOSTING, at(2025, 2))])

    months = growth.hosting_over_time(route=route, today=TODAY)

    assert len(months) == 24
    assert months[0].month == datetime.date(2024, 12, 1)
    assert months[-1].month == datetime.date(2026, 11, 1)
    by_month = {month.month.strftime("%Y-%m"): month.count for month in months}
    assert by_month["2024-12"] == 1
    assert by_month["2025-02"] == 1
    assert by_month["2025-03"] == 2
    assert by_month["2025-12"] == 2
    assert by_month["2026-01"] == 1
    assert by_month["2026-08"] == 1
    assert by_month["2026-09"] == 1
    assert by_month["2026-10"] == 2
    assert by_month["2026-11"] == 2


def test_hosting_over_time_of_an_empty_route(route):
    months = growth.hosting_over_time(route=route, today=TODAY, months=3)
    assert [(month.month, month.count) for month in months] == [
        (datetime.date(2026, 9, 1), 0),
        (datetime.date(2026, 10, 1), 0),
        (datetime.date(2026, 11, 1), 0),
    ]


def test_hosting_over_time_crosses_the_new_year():
    months = growth.hosting_over_time(route=RouteFactory(), today=datetime.date(2027, 1, 3), months=3)
    assert [month.month for month in months] == [
        datetime.date(2026, 11, 1),
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 1),
    ]


def test_rehosting_counts_those_that_left_hosting_and_those_back(route):
    with_history(route, [(Stage.PROSPECT, at(2024, 1)), (Stage.HOSTING, at(2024, 3)), (Stage.PAUSED, at(2025, 1)),
                         (Stage.HOSTING, at(2026, 2))])  # fmt: skip
    with_history(route, [(Stage.PROSPECT, at(2024, 1)), (Stage.HOSTING, at(2024, 3)), (Stage.STOPPED, at(2025, 1))])
    with_history(route, [(Stage.PROSPECT, at(2024, 1)), (Stage.HOSTING, at(2024, 3))])  # hosting, never left
    with_history(route, [(Stage.PROSPECT, at(2024, 1)), (Stage.CONTACTED, at(2024, 3))])

    rehosting = growth.rehosting_for_route(route=route)

    assert (rehosting.hosted_before, rehosting.host_again, rehosting.percent) == (2, 1, 50)


def test_figures_follow_the_pipeline_services(route):
    """The services write the history these figures read: a move through them shows up everywhere."""
    organisation = OrganisationFactory(routes=[route])
    user = UserFactory()
    services.entry_update(route=route, organisation=organisation, by=user, data={"source": Source.RESEARCH})
    services.stage_move(route=route, organisation=organisation, to_stage=Stage.HOSTING, by=user)
    services.stage_move(route=route, organisation=organisation, to_stage=Stage.PAUSED, by=user)
    services.stage_move(route=route, organisation=organisation, to_stage=Stage.HOSTING, by=user)

    assert counts(growth.funnel_for_route(route=route))["hosting"] == 1
    (research,) = growth.conversion_by_source(route=route)
    assert (research.source, research.total, research.reached_intake, research.reached_hosting) == ("research", 1, 1, 1)
    assert growth.hosting_over_time(route=route)[-1].count == 1
    rehosting = growth.rehosting_for_route(route=route)
    assert (rehosting.hosted_before, rehosting.host_again) == (1, 1)


def test_growth_figures_take_a_constant_number_of_queries(route, django_assert_num_queries):
    for _ in range(5):
        with_history(route, [(Stage.PROSPECT, at(2025, 1)), (Stage.HOSTING, at(2025, 6))], source=Source.OTHER)
    with django_assert_num_queries(5):
        growth.funnel_for_route(route=route)
        growth.conversion_by_source(route=route)
        growth.hosting_over_time(route=route)
        growth.rehosting_for_route(route=route)
