"""Demo data of placements, for `verbinder seed_demo`: written after the registry's and outreach's demo data.

Per route: 30 students (cohorts, prior education, statuses, the route's teacher), 8 learning workplaces (open,
awaiting approval, filled, withdrawn) and 20 placements: plain ones, 3 shared by two companies (3 + 1 days; one
of them became shared when a second host was added), 2 paused (with reason and expected return), 1 after a change
of employer, 2 ending within 60 days and 5 ended (completed or ended early), each with its events, whose before and
after are the snapshots the services write. Two proposed matches wait for answers. The companies that host a
student stand in the pipeline stage "hosting" (as the services' pipeline link keeps them), and every company in
that stage hosts one.

The demo logins' own placements are made through the services: the student of the first route works at the demo
company (supervised by the demo workplace supervisor) and, since a second host was added, one day a week at the
second demo company. Everything else is written with bulk_create. A random generator of its own keeps the other
demo data as it was; dates are counted from the day of seeding.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.core.demo_tables import (
    CITIES,
    CITY_BY_NAME,
    FAMILY_NAMES,
    HOGESCHOLEN,
    POSTCODE_LETTERS,
    PROGRAMMES,
    SECTORS,
)
from verbinder.outreach.enums import Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.outreach.services.pipeline import skipped_stages
from verbinder.partners.enums import OrganisationKind
from verbinder.partners.models import Affiliation, Organisation, Partnership, Route
from verbinder.partners.validators import normalise_phone
from verbinder.placements.enums import (
    ContractType,
    MatchAnswer,
    MatchStatus,
    PlacementEventKind,
    PlacementStatus,
    PriorEducation,
    ShareUnit,
    StudentStatus,
    WorkplaceStatus,
)
from verbinder.placements.models import MatchProposal, Placement, PlacementEvent, PlacementHost, Student, Workplace

SEED = 20261204
BATCH_SIZE = 1000
STUDENTS_PER_ROUTE = 30
MIN_HOSTS_PER_ROUTE = 6
DAYS = Decimal(4)

# What happens to the placements of a route, in order: 15 current ones, then 5 ended ones.
PLAN = (
    "shared_added", "shared", "shared", "paused", "paused", "employer_changed", "ending", "ending",
    "plain", "plain", "plain", "plain", "plain", "plain", "hours",
    "completed", "completed", "completed", "ended_early", "ended_early",
)  # fmt: skip
# In the first route the demo logins' two placements (a shared one and a plain one) come from the services.
_FROM_SERVICES = ("shared_added", "plain")
FIRST_ROUTE_PLAN = tuple(
    kind for index, kind in enumerate(PLAN) if kind not in _FROM_SERVICES or PLAN.index(kind) != index
)
CURRENT_KINDS = {"shared_added", "shared", "paused", "employer_changed", "ending", "plain", "hours"}

PRIOR_EDUCATION_WEIGHTS = (
    (PriorEducation.MBO4_BBL, 30),
    (PriorEducation.MBO4_BOL, 25),
    (PriorEducation.HAVO, 14),
    (PriorEducation.VWO, 4),
    (PriorEducation.WORKING_PROFESSIONAL, 22),
    (PriorEducation.OTHER, 5),
)
WORKPLACE_TITLES = {
    "techniek": ("Werkvoorbereider", "Junior engineer productie", "Assistent projectleider", "Procesverbeteraar"),
    "installatie": (
        "Junior projectleider installaties", "Servicetechnicus", "Werkvoorbereider elektrotechniek",
        "Calculator in opleiding",
    ),
    "ict": ("Junior developer", "Servicedeskmedewerker", "Systeembeheerder in opleiding", "Junior data-analist"),
    "bouw": ("Werkvoorbereider bouw", "Assistent uitvoerder", "Junior calculator", "Tekenaar-constructeur"),
    "logistiek": (
        "Planner in opleiding", "Assistent warehousemanager", "Junior supply chain analist",
        "Medewerker transportplanning",
    ),
    "zorg": (
        "Verpleegkundige in opleiding", "Leerling-wijkverpleegkundige", "Zorgcoördinator in opleiding",
        "Medewerker kwaliteit en zorg",
    ),
    "sociaal": (
        "Pedagogisch medewerker in opleiding", "Ambulant begeleider", "Jongerenwerker",
        "Medewerker gezinsondersteuning",
    ),
    "groen": ("Assistent bedrijfsleider", "Medewerker teelt", "Hovenier in opleiding", "Junior adviseur groenbeheer"),
    "handel": (
        "Junior accountmanager", "Assistent accountant", "Medewerker financiële administratie",
        "Assistent filiaalmanager",
    ),
    "food": ("Procesoperator in opleiding", "Medewerker kwaliteitsdienst", "Junior productietechnoloog", "Laborant"),
}  # fmt: skip
TASK_LINES = (
    "Meewerken aan {focus} in een klein team",
    "Een eigen **verbeterproject** onder begeleiding van de praktijkbegeleider",
    "Wekelijks overleg over je leerdoelen en je portfolio",
    "Klantcontact en het voorbereiden van offertes",
    "Planning en rapportage voor de bedrijfsleider",
)
REQUIREMENTS = (
    "Mbo-4 in een verwante richting, of werkervaring in de sector.",
    "Rijbewijs B is handig: we werken op meerdere locaties.",
    "Nieuwsgierig, zelfstandig en je houdt van aanpakken.",
)
PAUSE_REASONS = (
    "Langdurig ziek; terugkeer in overleg met de bedrijfsarts.",
    "Zwangerschapsverlof.",
    "Mantelzorg voor een ouder; de opleiding staat tijdelijk stil.",
    "Eerst herkansingen afronden op de hogeschool.",
)
EARLY_END_REASONS = (
    "De student is gestopt met de opleiding.",
    "Het bedrijf kon de begeleiding niet meer bieden; de student zoekt een nieuwe leerwerkplek.",
)
COMPLETED_REASON = "Opleiding afgerond: diploma behaald."
PROPOSAL_NOTES = (
    "Past goed bij de ervaring uit het mbo; het bedrijf zoekt iemand voor vier dagen.",
    "Woont dichtbij en wil graag in deze richting verder.",
)


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _plain_decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.1f}"


def _plain_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass
class _Story:
    """A placement with its hosts (rows as they are now) and its events, written after the hosts have pks."""

    placement: Placement
    hosts: list[PlacementHost]
    kind: str
    by: User | None
    # (kind, on, reason, expected_return, state before, state after). A state is the placement's fields and its
    # hosts as (row, share, end date, current) at that moment; written as a snapshot once the rows have pks.
    steps: list[tuple[str, date, str, date | None, dict[str, Any], dict[str, Any]]] = field(default_factory=list)


@dataclass
class _Featured:
    """The demo logins' part of the first route: the two companies that share the demo student."""

    company: Organisation
    other_company: Organisation
    supervisor: Affiliation
    student_user: User
    contact_user: User
    students: list[Student] = field(default_factory=list)


@dataclass
class _RouteContext:
    route: Route
    sector: str
    city_names: list[str]
    companies: list[Organisation]
    stages: dict[int, PipelineEntry]
    coordinator: User | None
    teacher: User | None


class _Placements:
    def __init__(self, *, today: date, supervisors: dict[int, Affiliation]) -> None:
        self.rng = random.Random(SEED)
        fake = Faker("nl_NL")
        fake.seed_instance(SEED)
        # A pool of first names drawn once: Faker per student is slow at national scale.
        self.first_names = sorted({fake.first_name() for _ in range(500)})
        self.today = today
        # The year in which the academic year that runs now began (on 1 September).
        self.year = today.year if today >= date(today.year, 9, 1) else today.year - 1
        self.supervisors = supervisors
        self.workplaces: list[Workplace] = []
        self.students: list[Student] = []
        self.stories: list[_Story] = []
        self.proposals: list[MatchProposal] = []
        self.moved_entries: list[PipelineEntry] = []
        self.stage_changes: list[StageChange] = []

    # Students

    def _student(self, context: _RouteContext, number: int, *, cohort: int, status: str) -> Student:
        first = self.rng.choice(self.first_names)
        last = self.rng.choice(FAMILY_NAMES)
        city = CITY_BY_NAME[self.rng.choice(context.city_names)]
        letters = "".join(self.rng.choices(POSTCODE_LETTERS, k=2))
        local = f"{slugify(first)}.{slugify(last)}".replace("-", "")
        student = Student(
            route=context.route,
            student_number=f"{cohort % 100:02d}{number:05d}",
            first_name=first,
            last_name=last,
            email=f"{local}{number}@student.example.nl",
            phone=normalise_phone(f"06{self.rng.randint(1, 5)}{self.rng.randint(0, 9_999_999):07d}"),
            postcode=f"{self.rng.randint(city.postcode_low, city.postcode_high)} {letters}",
            city=city.name,
            cohort=cohort,
            prior_education=self.rng.choices(
                [item for item, _ in PRIOR_EDUCATION_WEIGHTS], weights=[w for _, w in PRIOR_EDUCATION_WEIGHTS]
            )[0],
            status=status,
            hours_per_week=self.rng.choice([Decimal(32), Decimal(32), Decimal(36), Decimal(24), None]),
            teacher=context.teacher,
        )
        self.students.append(student)
        return student

    # Pipeline

    def _hosting_companies(self, context: _RouteContext, reserved: set[int], needed: int) -> list[Organisation]:
        """The companies hosting in this route: those in the stage "hosting" (outreach's demo), topped up from the
        furthest along the road, at most `needed` (the others pause)."""
        entries = context.stages
        by_id = {company.pk: company for company in context.companies}
        hosting = [c for c in context.companies if c.pk not in reserved and entries[c.pk].stage == Stage.HOSTING]
        if len(hosting) < MIN_HOSTS_PER_ROUTE:
            order = (Stage.AGREEMENT, Stage.INTAKE_HELD, Stage.INTAKE_PLANNED, Stage.CONTACTED, Stage.PROSPECT)
            candidates = [
                c for stage in order for c in context.companies if c.pk not in reserved and entries[c.pk].stage == stage
            ]
            for company in candidates[: MIN_HOSTS_PER_ROUTE - len(hosting)]:
                self._move(context, entries[company.pk], Stage.HOSTING)
                hosting.append(company)
        for company in hosting[needed:]:
            self._move(context, entries[company.pk], Stage.PAUSED)
        return [by_id[company.pk] for company in hosting[:needed]]

    def _move(self, context: _RouteContext, entry: PipelineEntry, stage: Stage) -> None:
        since = entry.stage_since.date() if entry.stage_since else self.today - timedelta(days=30)
        day = min(since + timedelta(days=self.rng.randint(7, 60)), self.today)
        changed_at = max(min(_moment(day, hour=11), timezone.now()), entry.stage_since + timedelta(minutes=1))
        self.stage_changes.append(
            StageChange(
                entry=entry,
                route=context.route,
                from_stage=entry.stage,
                to_stage=stage,
                changed_at=changed_at,
                skipped=skipped_stages(entry.stage, stage),
            )
        )
        entry.stage = stage
        entry.stage_since = changed_at
        self.moved_entries.append(entry)

    # Placements

    def _period(self, *, years_back: int, length: int) -> tuple[date, date]:
        """A placement from September `years_back` years ago, `length` years long, ending well after today."""
        start = min(date(self.year - years_back, 9, 1) + timedelta(days=self.rng.randint(0, 20)), self.today)
        end = date(self.year - years_back + length, 8, 31)
        while end <= self.today + timedelta(days=75):
            end = date(end.year + 1, 8, 31)
        return start, end

    def _host(
        self, placement: Placement, organisation: Organisation, *, slot: int, share: Decimal, start: date
    ) -> PlacementHost:
        return PlacementHost(
            placement=placement,
            organisation=organisation,
            slot=slot,
            share=share,
            supervisor=self.supervisors.get(organisation.pk),
            contract_type=ContractType.LEARNING_WORK if self.rng.random() < 0.8 else ContractType.EMPLOYMENT,
            start_date=start,
        )

    def route(self, context: _RouteContext, *, plan: Sequence[str], featured: _Featured | None = None) -> None:
        reserved = {featured.company.pk, featured.other_company.pk} if featured else set()
        current_slots = sum(2 if kind.startswith("shared") else 1 for kind in plan if kind in CURRENT_KINDS)
        hosting = self._hosting_companies(context, reserved, current_slots)
        hosted_before = [
            c
            for c in context.companies
            if c.pk not in reserved and context.stages[c.pk].stage in (Stage.PAUSED, Stage.STOPPED)
        ] or [c for c in context.companies if c.pk not in reserved and c not in hosting]
        number = itertools.count(1)
        if featured:
            featured.students = [
                self._student(context, next(number), cohort=self.year - 1, status=StudentStatus.ACTIVE),
                self._student(context, next(number), cohort=self.year, status=StudentStatus.ACTIVE),
            ]
            login = featured.students[0]
            login.first_name, _space, login.last_name = featured.student_user.name.partition(" ")
            login.email, login.user = featured.student_user.email, featured.student_user
        # Every hosting company hosts at least once: take them in turn.
        turn = itertools.cycle(self.rng.sample(hosting, len(hosting)))
        stories = [self._story(context, kind, turn, hosted_before, next(number)) for kind in plan]
        unplaced = [
            self._student(
                context,
                next(number),
                cohort=self.year + (1 if index < 3 else 0),
                status=StudentStatus.APPLICANT if index % 5 < 3 else StudentStatus.ACTIVE,
            )
            for index in range(STUDENTS_PER_ROUTE - len(plan) - (2 if featured else 0))
        ]
        self.stories += stories
        self._workplaces(context, hosting, stories, unplaced, reserved, featured)

    def _story(
        self,
        context: _RouteContext,
        kind: str,
        turn: Iterator[Organisation],
        hosted_before: list[Organisation],
        number: int,
    ) -> _Story:
        ended = kind in ("completed", "ended_early")
        if kind == "ending":
            end = self.today + timedelta(days=self.rng.randint(12, 55))
            start = date(end.year - 2, 9, 1)
        elif ended:
            start = date(self.year - self.rng.randint(2, 3), 9, 1)
            end = date(start.year + 2, 8, 31)
        else:
            years_back = self.rng.randint(1, 2) if kind in ("shared_added", "employer_changed", "paused") else 0
            years_back = years_back or self.rng.randint(0, 2)
            start, end = self._period(years_back=years_back, length=self.rng.choice([2, 3]))
        if kind == "completed":
            status = StudentStatus.GRADUATED
        elif kind == "ended_early":
            status = StudentStatus.STOPPED if number % 2 else StudentStatus.ACTIVE
        elif kind == "paused":
            status = StudentStatus.PAUSED
        else:
            status = StudentStatus.ACTIVE
        student = self._student(context, number, cohort=start.year, status=status)
        hours = kind == "hours"
        working = Decimal(32) if hours else DAYS
        placement = Placement(
            route=context.route,
            student=student,
            teacher=context.teacher,
            start_date=start,
            end_date=end,
            share_unit=ShareUnit.HOURS if hours else ShareUnit.DAYS,
            working_per_week=working,
            status=PlacementStatus.ACTIVE,
            is_shared=kind.startswith("shared"),
        )
        first = self.rng.choice(hosted_before) if ended or kind == "employer_changed" else next(turn)
        story = _Story(placement=placement, hosts=[], kind=kind, by=context.coordinator)
        host = self._host(placement, first, slot=1, share=working, start=start)
        story.hosts.append(host)
        before: dict[str, Any]
        after: dict[str, Any]
        started: dict[str, Any] = {"placement": self._fields(placement), "hosts": [(host, working, None, True)]}
        story.steps.append((PlacementEventKind.STARTED, start, "", None, {}, started))

        if kind == "shared":
            host.share = Decimal(3)
            second = self._second(turn, first)
            story.hosts.append(self._host(placement, second, slot=2, share=Decimal(1), start=start))
            started["hosts"] = [(host, Decimal(3), None, True), (story.hosts[1], Decimal(1), None, True)]
        elif kind == "shared_added":
            on = self._day_after(start, 90, 200)
            second = self._second(turn, first)
            added = self._host(placement, second, slot=2, share=Decimal(1), start=on)
            host.share = Decimal(3)
            story.hosts.append(added)
            reason = f"{first.name} heeft te weinig werk voor vier dagen; {second.name} neemt één dag per week over."
            before = {"placement": {**self._fields(placement), "is_shared": False}, "hosts": [(host, DAYS, None, True)]}
            shares = [(host, Decimal(3), None, True), (added, Decimal(1), None, True)]
            after = {"placement": self._fields(placement), "hosts": shares}
            started["placement"]["is_shared"] = False
            story.steps.append((PlacementEventKind.HOST_ADDED, on, reason, None, before, after))
        elif kind == "employer_changed":
            on = self._day_after(start, 120, 300)
            new = next(turn)
            old = host
            old.is_current, old.end_date = False, on
            replacement = self._host(placement, new, slot=1, share=working, start=on)
            story.hosts.append(replacement)
            reason = f"{first.name} stopt met de afdeling; de student werkt verder bij {new.name}."
            before = {"placement": self._fields(placement), "hosts": [(old, working, None, True)]}
            hosts = [(old, working, on, False), (replacement, working, None, True)]
            after = {"placement": self._fields(placement), "hosts": hosts}
            story.steps.append((PlacementEventKind.EMPLOYER_CHANGED, on, reason, None, before, after))
        elif kind == "paused":
            on = max(self.today - timedelta(days=self.rng.randint(14, 70)), start + timedelta(days=30))
            back = min(self.today + timedelta(days=self.rng.randint(21, 120)), end - timedelta(days=1))
            before = {"placement": self._fields(placement), "hosts": [(host, working, None, True)]}
            placement.status = PlacementStatus.PAUSED
            placement.paused_since, placement.expected_return = on, back
            after = {"placement": self._fields(placement), "hosts": [(host, working, None, True)]}
            story.steps.append((PlacementEventKind.PAUSED, on, self.rng.choice(PAUSE_REASONS), back, before, after))
        elif ended:
            early = kind == "ended_early"
            on = self._day_after(start, 120, 400) if early else end
            reason = self.rng.choice(EARLY_END_REASONS) if early else COMPLETED_REASON
            before = {"placement": self._fields(placement), "hosts": [(host, working, None, True)]}
            placement.status = PlacementStatus.ENDED
            placement.ended_on, placement.end_reason = on, reason
            host.end_date = on
            after = {"placement": self._fields(placement), "hosts": [(host, working, on, True)]}
            event_kind = PlacementEventKind.ENDED if early else PlacementEventKind.COMPLETED
            story.steps.append((event_kind, on, reason, None, before, after))
        placement.version = len(story.steps)
        return story

    def _second(self, turn: Iterator[Organisation], first: Organisation) -> Organisation:
        second = next(turn)
        return next(turn) if second.pk == first.pk else second

    def _day_after(self, start: date, low: int, high: int) -> date:
        return min(start + timedelta(days=self.rng.randint(low, high)), self.today)

    @staticmethod
    def _fields(placement: Placement) -> dict[str, Any]:
        teacher = placement.teacher
        return {
            "status": placement.status,
            "start_date": _plain_date(placement.start_date),
            "end_date": _plain_date(placement.end_date),
            "working_per_week": _plain_decimal(placement.working_per_week),
            "share_unit": placement.share_unit,
            "teacher_id": teacher.pk if teacher else None,
            "teacher": str(teacher) if teacher else "",
            "is_shared": placement.is_shared,
            "paused_since": _plain_date(placement.paused_since),
            "expected_return": _plain_date(placement.expected_return),
            "ended_on": _plain_date(placement.ended_on),
            "end_reason": placement.end_reason,
        }

    # Workplaces and proposals

    def _workplaces(
        self,
        context: _RouteContext,
        hosting: list[Organisation],
        stories: list[_Story],
        unplaced: list[Student],
        reserved: set[int],
        featured: _Featured | None,
    ) -> None:
        """Two open workplaces at hosting companies and two at others, two awaiting approval, one filled (by a
        placement) and one withdrawn; two proposals for open ones. The first route's demo company has an open
        workplace with a proposal waiting for its answer, and one it offered itself that awaits approval."""
        others = [c for c in context.companies if c.pk not in reserved and c not in hosting] or hosting
        titles = WORKPLACE_TITLES[context.sector]
        next_start = date(self.year + 1, 9, 1)
        plain = next(story for story in stories if story.kind == "plain")
        filled_host = plain.hosts[0]
        at_hosts = self.rng.sample(hosting, min(2, len(hosting)))
        elsewhere = self.rng.sample(others, min(4, len(others)))
        plans: list[tuple[Organisation, str, date, User | None]] = [
            *((company, WorkplaceStatus.OPEN, next_start, None) for company in at_hosts),
            *((company, WorkplaceStatus.OPEN, next_start, None) for company in elsewhere[:2]),
            *((company, WorkplaceStatus.PROPOSED, next_start, None) for company in elsewhere[2:4]),
            (filled_host.organisation, WorkplaceStatus.FILLED, plain.placement.start_date, None),
            (self.rng.choice(others), WorkplaceStatus.WITHDRAWN, date(self.year, 2, 1), None),
        ]
        if featured:
            plans[2] = (featured.company, WorkplaceStatus.OPEN, next_start, None)
            plans[4] = (featured.company, WorkplaceStatus.PROPOSED, next_start, featured.contact_user)
        made = [
            self._workplace(context, organisation, status, start, titles, offered_by)
            for organisation, status, start, offered_by in plans
        ]
        filled_host.workplace = next(w for w in made if w.status == WorkplaceStatus.FILLED)
        proposed_at = [w for w in made if w.status == WorkplaceStatus.OPEN][2:4]
        for index, (workplace, student) in enumerate(zip(proposed_at, unplaced[:2], strict=True)):
            self._proposal(context, workplace, student, company_accepted=index == 1)

    def _workplace(
        self,
        context: _RouteContext,
        organisation: Organisation,
        status: str,
        start: date,
        titles: Sequence[str],
        offered_by: User | None,
    ) -> Workplace:
        focus = SECTORS[context.sector].focus
        lines = self.rng.sample(TASK_LINES, 3)
        workplace = Workplace(
            route=context.route,
            organisation=organisation,
            title=self.rng.choice(titles),
            tasks="\n".join(f"- {line.format(focus=focus)}" for line in lines),
            hours_per_week=self.rng.choice([Decimal(32), Decimal(32), Decimal(36), Decimal(24)]),
            start_date=start,
            requirements=self.rng.choice(REQUIREMENTS),
            location=f"{organisation.street}, {organisation.city}".strip(", "),
            postcode=organisation.postcode,
            status=status,
            submitted_by=offered_by,
            approved_by=context.coordinator if status != WorkplaceStatus.PROPOSED else None,
            approved_at=_moment(self.today - timedelta(days=self.rng.randint(20, 200)))
            if status != WorkplaceStatus.PROPOSED
            else None,
        )
        self.workplaces.append(workplace)
        return workplace

    def _proposal(
        self, context: _RouteContext, workplace: Workplace, student: Student, *, company_accepted: bool
    ) -> MatchProposal:
        proposed = self.today - timedelta(days=self.rng.randint(1, 9))
        proposal = MatchProposal(
            route=context.route,
            workplace=workplace,
            student=student,
            note=self.rng.choice(PROPOSAL_NOTES),
            start_date=workplace.start_date,
            end_date=date(workplace.start_date.year + 2, 8, 31),
            share_unit=ShareUnit.DAYS,
            working_per_week=DAYS,
            supervisor=self.supervisors.get(workplace.organisation.pk),
            contract_type=ContractType.LEARNING_WORK,
            status=MatchStatus.PROPOSED,
            company_answer=MatchAnswer.ACCEPTED if company_accepted else MatchAnswer.PENDING,
            company_answered_at=_moment(proposed + timedelta(days=1)) if company_accepted else None,
            company_answered_by=self.supervisors[workplace.organisation.pk].person.full_name
            if company_accepted and workplace.organisation.pk in self.supervisors
            else "",
            proposed_by=context.coordinator,
        )
        self.proposals.append(proposal)
        return proposal

    # Writing

    def write(self) -> list[Placement]:
        """Write everything; answers the placements (for the activity log)."""
        Workplace.objects.bulk_create(self.workplaces, batch_size=BATCH_SIZE)
        Student.objects.bulk_create(self.students, batch_size=BATCH_SIZE)
        placements = [story.placement for story in self.stories]
        Placement.objects.bulk_create(placements, batch_size=BATCH_SIZE)
        PlacementHost.objects.bulk_create([h for story in self.stories for h in story.hosts], batch_size=BATCH_SIZE)
        events = [
            PlacementEvent(
                placement=story.placement,
                kind=kind,
                occurred_on=on,
                reason=reason,
                expected_return=expected_return,
                before=self._snapshot(before) if before else {},
                after=self._snapshot(after),
                created_by=story.by,
            )
            for story in self.stories
            for kind, on, reason, expected_return, before, after in story.steps
        ]
        PlacementEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
        MatchProposal.objects.bulk_create(self.proposals, batch_size=BATCH_SIZE)
        PipelineEntry.objects.bulk_update(self.moved_entries, ["stage", "stage_since"], batch_size=BATCH_SIZE)
        StageChange.objects.bulk_create(self.stage_changes, batch_size=BATCH_SIZE)
        return placements

    def _snapshot(self, state: dict[str, Any]) -> dict[str, Any]:
        """The shape of services.placements.placement_snapshot, for a state of the story."""
        hosts = sorted(state["hosts"], key=lambda item: (not item[3], item[0].slot, item[0].start_date, item[0].pk))
        return {
            **state["placement"],
            "hosts": [
                {
                    "id": row.pk,
                    "organisation_id": row.organisation.pk,
                    "organisation": row.organisation.name,
                    "slot": row.slot,
                    "share": _plain_decimal(share),
                    "supervisor_id": row.supervisor.pk if row.supervisor else None,
                    "supervisor": row.supervisor.person.full_name if row.supervisor else "",
                    "contract_type": row.contract_type,
                    "start_date": _plain_date(row.start_date),
                    "end_date": _plain_date(end_date),
                    "is_current": is_current,
                    "workplace_id": row.workplace.pk if row.workplace is not None else None,
                }
                for row, share, end_date, is_current in hosts
            ],
        }


def _route_contexts(routes: list[Route]) -> tuple[list[_RouteContext], dict[int, Affiliation]]:
    """What the placements of each route are made of, read in a fixed number of queries."""
    route_ids = [route.pk for route in routes]
    companies: dict[int, list[Organisation]] = defaultdict(list)
    partnerships = (
        Partnership.objects.filter(
            route_id__in=route_ids,
            organisation__kind=OrganisationKind.COMPANY,
            organisation__archived_at__isnull=True,
        )
        .select_related("organisation")
        .order_by("pk")
    )
    for partnership in partnerships:
        companies[partnership.route_id].append(partnership.organisation)
    entries: dict[int, dict[int, PipelineEntry]] = defaultdict(dict)
    for entry in PipelineEntry.objects.filter(route_id__in=route_ids).order_by("pk"):
        entries[entry.route_id][entry.organisation_id] = entry
    company_ids = {company.pk for found in companies.values() for company in found}
    # The workplace supervisor of a company: its first person who is not the primary contact, else the owner.
    supervisors: dict[int, Affiliation] = {}
    owners: dict[int, Affiliation] = {}
    affiliations = Affiliation.objects.filter(organisation_id__in=company_ids, ended_on__isnull=True)
    for affiliation in affiliations.select_related("person").order_by("pk"):
        if affiliation.is_primary_contact:
            owners.setdefault(affiliation.organisation_id, affiliation)
        else:
            supervisors.setdefault(affiliation.organisation_id, affiliation)
    supervisors = {**owners, **supervisors}
    coordinators: dict[int, User] = {}
    teachers: dict[int, User] = {}
    assignments = RoleAssignment.objects.filter(
        route_id__in=route_ids, role__in=[Role.COORDINATOR, Role.TEACHER]
    ).select_related("user")
    for assignment in assignments.order_by("pk"):
        assert assignment.route_id is not None
        if assignment.role == Role.TEACHER:
            teachers.setdefault(assignment.route_id, assignment.user)
        elif not assignment.user.email.startswith("landelijk."):
            coordinators.setdefault(assignment.route_id, assignment.user)
    sectors = {programme.name: programme.sector for programme in PROGRAMMES}
    homes = {hogeschool.name: CITY_BY_NAME[hogeschool.city] for hogeschool in HOGESCHOLEN}
    contexts = []
    for route in routes:
        home = homes[route.hogeschool]
        stages = entries[route.pk]
        contexts.append(
            _RouteContext(
                route=route,
                sector=sectors[route.programme_name],
                city_names=[city.name for city in CITIES if city.province == home.province],
                companies=[company for company in companies[route.pk] if company.pk in stages],
                stages=stages,
                coordinator=coordinators.get(route.pk),
                teacher=teachers.get(route.pk),
            )
        )
    return contexts, supervisors


def _featured(supervisors: dict[int, Affiliation]) -> _Featured | None:
    """The demo logins of the first route: the student, the two company contacts and the workplace supervisor."""
    from verbinder.core.demo import login_email

    emails = {
        local: login_email(local) for local in ("student", "contactpersoon", "contactpersoon2", "praktijkbegeleider")
    }
    users = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    if len(users) != len(emails):
        return None
    organisations = dict(
        RoleAssignment.objects.filter(
            user__email__in=[emails["contactpersoon"], emails["contactpersoon2"]], organisation__isnull=False
        )
        .select_related("organisation")
        .values_list("user__email", "organisation")
    )
    company = Organisation.objects.get(pk=organisations[emails["contactpersoon"]])
    other_company = Organisation.objects.get(pk=organisations[emails["contactpersoon2"]])
    supervisor = (
        Affiliation.objects.filter(organisation=company, email__iexact=emails["praktijkbegeleider"])
        .select_related("person")
        .first()
    )
    if supervisor is None:
        return None
    supervisors[company.pk] = supervisor
    return _Featured(
        company=company,
        other_company=other_company,
        supervisor=supervisor,
        student_user=users[emails["student"]],
        contact_user=users[emails["contactpersoon"]],
    )


def _featured_placements(
    featured: _Featured, *, by: User | None, year: int, supervisors: dict[int, Affiliation]
) -> None:
    """Through the services, as a coordinator would: the demo student at the demo company, four days a week
    from last September, then one of them at the second demo company; and a second student the demo
    workplace supervisor guides, since this September."""
    from verbinder.placements.services.placements import HostInput, placement_create, placement_host_add

    shared_student, second_student = featured.students
    placement = placement_create(
        by=by,
        student=shared_student,
        hosts=[HostInput(organisation=featured.company, share=DAYS, supervisor=featured.supervisor)],
        start_date=date(year - 1, 9, 1),
        end_date=date(year + 2, 8, 31),
        working_per_week=DAYS,
        teacher=shared_student.teacher,
    )
    first_host = placement.hosts.get()
    placement_host_add(
        by=by,
        placement=placement,
        host=HostInput(
            organisation=featured.other_company, share=Decimal(1), supervisor=supervisors.get(featured.other_company.pk)
        ),
        shares={first_host.pk: Decimal(3)},
        on=date(year, 2, 1),
        reason=(
            f"{featured.company.name} heeft te weinig werk voor vier dagen; "
            f"{featured.other_company.name} neemt één dag per week over."
        ),
        version=placement.version,
    )
    placement_create(
        by=by,
        student=second_student,
        hosts=[HostInput(organisation=featured.company, share=DAYS, supervisor=featured.supervisor)],
        start_date=date(year, 9, 1),
        end_date=date(year + 2, 8, 31),
        working_per_week=DAYS,
        teacher=second_student.teacher,
    )


def placements_demo_seed(*, routes: list[Route]) -> dict[str, list[Model]]:
    """Write the placements demo data of the routes (saved with their partners, people, logins and pipeline).
    Returns the bulk-written rows by kind, for the activity log (the services log their own)."""
    contexts, supervisors = _route_contexts(routes)
    featured = _featured(supervisors)
    placements = _Placements(today=timezone.localdate(), supervisors=supervisors)
    for index, context in enumerate(contexts):
        if index == 0 and featured is not None:
            placements.route(context, plan=FIRST_ROUTE_PLAN, featured=featured)
        else:
            placements.route(context, plan=PLAN)
    written = placements.write()
    if featured is not None:
        _featured_placements(featured, by=contexts[0].coordinator, year=placements.year, supervisors=supervisors)
    return {
        "placements.workplace.created": list(placements.workplaces),
        "placements.student.created": list(placements.students),
        "placements.placement.created": list(written),
        "placements.match.proposed": list(placements.proposals),
    }
