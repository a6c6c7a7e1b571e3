"""Demo data of making contact, for `verbinder seed_demo`: written after the partner registry's demo data.

Per route: each company's stage with its history over the last two years (some hosted before and host again),
its source and the front-runners; two outreach activities with their leads; contact moments with the company's
people; and for the route's demo staff some follow-ups that are due today, overdue, later and done, so that
"my follow-ups" and the morning e-mail have something to show. A random generator of its own keeps the registry's
demo data as it was; dates are counted back from the day of seeding.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Model
from django.utils import timezone

from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment
from verbinder.outreach.enums import ACTIVITY_SOURCE, PIPELINE_ROAD, ActivityKind, InteractionKind, Source, Stage
from verbinder.outreach.models import FollowUp, Interaction, OutreachActivity, PipelineEntry, StageChange
from verbinder.outreach.services.pipeline import skipped_stages
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Affiliation, Partnership, Route

SEED = 20261128
BATCH_SIZE = 1000
# The stage a company of the demo is in today, with its weight.
STAGE_WEIGHTS = (
    (Stage.PROSPECT, 28),
    (Stage.CONTACTED, 18),
    (Stage.INTAKE_PLANNED, 9),
    (Stage.INTAKE_HELD, 9),
    (Stage.AGREEMENT, 8),
    (Stage.HOSTING, 16),
    (Stage.PAUSED, 8),
    (Stage.STOPPED, 4),
)
SOURCE_WEIGHTS = (
    (Source.BRANCH_ASSOCIATION, 26),
    (Source.EMPLOYERS_MEETING, 20),
    (Source.RESEARCH, 10),
    (Source.OWN_NETWORK, 26),
    (Source.STUDENT, 12),
    (Source.OTHER, 6),
)
INTERACTION_NOTES = (
    "Kennismaking: het bedrijf zoekt iemand voor **werkvoorbereiding** en wil weten wat een duale student kost.",
    "Teruggebeld over de kosten; de subsidie praktijkleren uitgelegd. Ze overleggen intern.",
    "Bezoek op de werkvloer. Praktijkbegeleider is enthousiast, wil wel een begeleidingstraject.",
    "Presentatie over de Mkb-route gegeven aan het managementteam.",
    "Mail gestuurd met de folder en een voorbeeld van de tripartiete overeenkomst.",
    "Videogesprek: planning van de intake en wie er namens het bedrijf aanschuift.",
    "Gesproken op de netwerkbijeenkomst van de branchevereniging; interesse voor volgend studiejaar.",
)
FOLLOW_UPS = (
    "Offerte begeleidingstraject sturen",
    "Terugbellen over de startdatum",
    "Intake inplannen met de praktijkbegeleider",
    "Conceptovereenkomst nasturen",
    "Vragen of ze op de bijeenkomst komen",
    "Kostenoverzicht toelichten",
)


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class _Outreach:
    def __init__(self, *, today: date) -> None:
        self.rng = random.Random(SEED)
        self.today = today
        self.activities: list[OutreachActivity] = []
        self.entries: list[PipelineEntry] = []
        self.changes: list[StageChange] = []
        self.interactions: list[Interaction] = []
        self.interaction_people: list[tuple[Interaction, int]] = []
        self.interaction_colleagues: list[tuple[Interaction, int]] = []
        self.follow_ups: list[FollowUp] = []

    def route(
        self,
        route: Route,
        partnerships: list[Partnership],
        people: dict[int, list[int]],
        staff: list[Any],
    ) -> None:
        companies = [p for p in partnerships if p.organisation.kind == OrganisationKind.COMPANY]
        branches = [p.organisation for p in partnerships if p.organisation.kind == OrganisationKind.BRANCH_ASSOCIATION]
        host = branches[0] if branches else None
        meeting = OutreachActivity(
            route=route,
            kind=ActivityKind.EMPLOYERS_MEETING,
            title=f"Ondernemersontbijt {route.programme_name}",
            held_on=self.today - timedelta(days=self.rng.randint(40, 200)),
            host=host,
            audience="Ondernemers en HR-adviseurs uit de regio",
            notes="Presentatie over de Mkb-route: wat een duale student doet, wat het kost en welke subsidie er is.",
        )
        consultation = OutreachActivity(
            route=route,
            kind=ActivityKind.BRANCH_CONSULTATION,
            title=f"Overleg met {host.name}" if host else "Overleg met de branche",
            held_on=self.today - timedelta(days=self.rng.randint(210, 400)),
            host=host,
            audience="Regiomanager en beleidsadviseur onderwijs",
            notes="Behoefte in de sector gepeild; de branche brengt ons in contact met leden die willen meedoen.",
        )
        self.activities += [meeting, consultation]
        activity_by_source = {
            ACTIVITY_SOURCE[ActivityKind(meeting.kind)]: meeting,
            ACTIVITY_SOURCE[ActivityKind(consultation.kind)]: consultation,
        }
        for partnership in companies:
            self._company(route, partnership, host, activity_by_source, people, staff)
        self._follow_ups(route, companies, staff)

    def _company(
        self,
        route: Route,
        partnership: Partnership,
        host: Any,
        activity_by_source: dict[Source, OutreachActivity],
        people: dict[int, list[int]],
        staff: list[Any],
    ) -> None:
        organisation = partnership.organisation
        stage = self.rng.choices([s for s, _ in STAGE_WEIGHTS], weights=[w for _, w in STAGE_WEIGHTS])[0]
        source = self.rng.choices([s for s, _ in SOURCE_WEIGHTS], weights=[w for _, w in SOURCE_WEIGHTS])[0]
        path = self._path(stage)
        days_back = self.rng.randint(60, 720)
        start = self.today - timedelta(days=days_back)
        entry = PipelineEntry(
            partnership=partnership,
            route=route,
            organisation=organisation,
            stage=stage,
            stage_since=_moment(start),
            source=source if stage != Stage.PROSPECT or self.rng.random() < 0.5 else "",
            source_organisation=host if source == Source.BRANCH_ASSOCIATION else None,
            source_activity=activity_by_source.get(source) if self.rng.random() < 0.6 else None,
            front_runner=self.rng.random() < 0.08,
        )
        self.entries.append(entry)
        # Spread the moves over the time since the start; the last one is the current stage.
        moments = sorted(self.rng.sample(range(1, days_back), len(path) - 1))
        previous = ""
        for stage_here, offset in zip(path, [0, *moments], strict=True):
            changed = _moment(start + timedelta(days=offset), hour=9 + self.rng.randint(0, 7))
            self.changes.append(
                StageChange(
                    entry=entry,
                    route=route,
                    from_stage=previous,
                    to_stage=stage_here,
                    changed_at=changed,
                    skipped=skipped_stages(previous, stage_here) if previous else [],
                )
            )
            previous = stage_here
            entry.stage_since = changed
        if stage != Stage.PROSPECT:
            self._interactions(route, organisation.pk, start, people, staff, count=self.rng.randint(1, 4))

    def _path(self, stage: Stage) -> list[Stage]:
        """The stages a company went through to reach `stage`: along the road, sometimes skipping one; a paused
        or stopped company left the road somewhere; some hosted, paused and host again."""
        road = list(PIPELINE_ROAD)
        if stage in road:
            path = road[: road.index(stage) + 1]
            if stage == Stage.HOSTING and self.rng.random() < 0.3:
                path += [Stage.PAUSED, Stage.HOSTING]
        else:
            path = [*road[: self.rng.randint(2, len(road))], stage]
        if len(path) > 3 and self.rng.random() < 0.15:
            path.pop(2)  # an intake planned and held in one go: a skipped stage, recorded as such
        return path

    def _interactions(
        self,
        route: Route,
        organisation_id: int,
        start: date,
        people: dict[int, list[int]],
        staff: list[Any],
        *,
        count: int,
    ) -> None:
        span = max((self.today - start).days, 1)
        for _ in range(count):
            interaction = Interaction(
                route=route,
                organisation_id=organisation_id,
                kind=self.rng.choice(InteractionKind.values),
                occurred_on=start + timedelta(days=self.rng.randrange(span)),
                notes=self.rng.choice(INTERACTION_NOTES),
                created_by=self.rng.choice(staff) if staff else None,
            )
            self.interactions.append(interaction)
            contacts = people.get(organisation_id, [])
            if contacts:
                self.interaction_people.append((interaction, self.rng.choice(contacts)))
            if interaction.created_by is not None:
                self.interaction_colleagues.append((interaction, interaction.created_by.pk))

    def _follow_ups(self, route: Route, companies: list[Partnership], staff: list[Any]) -> None:
        """For the demo staff of the route: due today, overdue, later and done."""
        candidates = [p.organisation for p in companies]
        if not staff or not candidates:
            return
        for user in staff:
            for offset, done in ((0, False), (0, False), (-3, False), (-9, False), (2, False), (7, False), (-5, True)):
                organisation = self.rng.choice(candidates)
                due = self.today + timedelta(days=offset)
                self.follow_ups.append(
                    FollowUp(
                        route=route,
                        organisation=organisation,
                        description=self.rng.choice(FOLLOW_UPS),
                        assignee=user,
                        due_on=due,
                        done_at=_moment(due) if done else None,
                        done_by=user if done else None,
                        created_by=user,
                    )
                )

    def write(self) -> None:
        # Related rows were assigned before they had a primary key; bulk_create fills in the foreign keys.
        OutreachActivity.objects.bulk_create(self.activities, batch_size=BATCH_SIZE)
        PipelineEntry.objects.bulk_create(self.entries, batch_size=BATCH_SIZE)
        StageChange.objects.bulk_create(self.changes, batch_size=BATCH_SIZE)
        Interaction.objects.bulk_create(self.interactions, batch_size=BATCH_SIZE)
        Interaction.people.through.objects.bulk_create(
            [Interaction.people.through(interaction_id=i.pk, person_id=p) for i, p in self.interaction_people],
            batch_size=BATCH_SIZE,
        )
        Interaction.colleagues.through.objects.bulk_create(
            [Interaction.colleagues.through(interaction_id=i.pk, user_id=u) for i, u in self.interaction_colleagues],
            batch_size=BATCH_SIZE,
        )
        FollowUp.objects.bulk_create(self.follow_ups, batch_size=BATCH_SIZE)


def outreach_demo_seed(*, routes: list[Route]) -> dict[str, list[Model]]:
    """Write the outreach demo data of the routes (already saved with their partnerships, people and staff).
    Returns the written rows by kind, for the activity log."""
    outreach = _Outreach(today=timezone.localdate())
    route_ids = [route.pk for route in routes]
    partnerships: dict[int, list[Partnership]] = defaultdict(list)
    for partnership in Partnership.objects.filter(route_id__in=route_ids).select_related("organisation").order_by("pk"):
        partnerships[partnership.route_id].append(partnership)
    people: dict[int, list[int]] = defaultdict(list)
    for organisation_id, person_id in (
        Affiliation.objects.filter(organisation__partnerships__route_id__in=route_ids, ended_on__isnull=True)
        .order_by("pk")
        .values_list("organisation_id", "person_id")
        .distinct()
    ):
        people[organisation_id].append(person_id)
    staff: dict[int, list[Any]] = defaultdict(list)
    assignments = RoleAssignment.objects.filter(
        route_id__in=route_ids, role__in=[Role.COORDINATOR, Role.TEACHER]
    ).select_related("user")
    # The national demo coordinator coordinates every route: their follow-ups would flood their list.
    for assignment in assignments.order_by("pk"):
        if assignment.route_id is None or assignment.user.email.startswith("landelijk."):
            continue
        staff[assignment.route_id].append(assignment.user)
    for route in routes:
        outreach.route(route, partnerships[route.pk], people, staff[route.pk])
    outreach.write()
    written: dict[str, list[Model]] = {
        "outreach.activity.created": list(outreach.activities),
        "outreach.interaction.logged": list(outreach.interactions),
        "outreach.follow_up.created": list(outreach.follow_ups),
    }
    return written
