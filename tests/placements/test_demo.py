"""The placements part of `verbinder seed_demo`: students, workplaces, matches and placements of every kind, which
satisfy the database's checks, whose events carry the services' snapshots, and which the demo logins see."""

from __future__ import annotations

import datetime
import io
import itertools

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from verbinder.accounts.models import User
from verbinder.core.demo import login_email
from verbinder.outreach.enums import Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.placements.enums import CURRENT_PLACEMENT_STATUSES, PlacementEventKind, PlacementStatus, WorkplaceStatus
from verbinder.placements.models import MatchProposal, Placement, PlacementEvent, PlacementHost, Student, Workplace
from verbinder.placements.services.placements import placement_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=1, stdout=io.StringIO(), stderr=io.StringIO())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the shares' deferred check, as at commit


def user(local_part: str) -> User:
    return User.objects.get(email=login_email(local_part))


@pytest.mark.usefixtures("seeded")
def test_one_route_has_students_workplaces_placements_and_proposals_of_every_kind():
    today = timezone.localdate()
    assert Student.objects.count() == 30
    assert set(Student.objects.values_list("status", flat=True)) >= {"applicant", "active", "graduated"}
    assert Student.objects.values("cohort").distinct().count() >= 3
    assert Student.objects.values("prior_education").distinct().count() >= 3
    assert Student.objects.filter(teacher=user("docent")).count() == 30
    statuses = list(Workplace.objects.values_list("status", flat=True))
    assert len(statuses) == 8 and set(statuses) == set(WorkplaceStatus.values)
    placements = Placement.objects.all()
    assert placements.count() == 20
    current = placements.current()
    assert current.count() == 15
    assert current.filter(is_shared=True).count() == 3
    assert current.filter(status=PlacementStatus.PAUSED, paused_since__isnull=False).count() == 2
    assert PlacementEvent.objects.filter(kind=PlacementEventKind.PAUSED, expected_return__isnull=False).count() == 2
    assert current.filter(end_date__lte=today + datetime.timedelta(days=60)).count() == 2
    assert placements.filter(status=PlacementStatus.ENDED).count() == 5
    assert PlacementEvent.objects.filter(kind=PlacementEventKind.EMPLOYER_CHANGED).count() == 1
    assert PlacementEvent.objects.filter(kind=PlacementEventKind.HOST_ADDED).count() == 1
    assert PlacementEvent.objects.filter(kind=PlacementEventKind.ENDED).exclude(reason="").count() == 2
    assert PlacementHost.objects.filter(is_current=False, end_date__isnull=False).count() == 1
    assert MatchProposal.objects.filter(status="proposed").count() == 2


@pytest.mark.usefixtures("seeded")
def test_every_placement_satisfies_the_checks_and_its_events_keep_the_history():
    for placement in Placement.objects.prefetch_related("hosts", "events"):
        hosts = [host for host in placement.hosts.all() if host.is_current]
        assert 1 <= len(hosts) <= 2
        assert sum(host.share for host in hosts) == placement.working_per_week
        assert placement.is_shared == (len(hosts) == 2)
        assert placement.end_date > placement.start_date
        events = sorted(placement.events.all(), key=lambda event: event.pk)
        assert events[0].kind == PlacementEventKind.STARTED and events[0].before == {}
        assert all(earlier.after == later.before for earlier, later in itertools.pairwise(events))
        assert events[-1].after == placement_snapshot(placement)  # the shape the services write
        assert placement.version == len(events)
    assert not Student.objects.filter(placements__status__in=CURRENT_PLACEMENT_STATUSES, status="graduated").exists()


@pytest.mark.usefixtures("seeded")
def test_the_companies_hosting_a_student_are_the_ones_in_the_stage_hosting():
    hosting = set(PipelineEntry.objects.filter(stage=Stage.HOSTING).values_list("organisation_id", flat=True))
    hosts = set(
        PlacementHost.objects.filter(is_current=True, placement__status__in=CURRENT_PLACEMENT_STATUSES).values_list(
            "organisation_id", flat=True
        )
    )
    assert hosting == hosts
    for entry in PipelineEntry.objects.all():
        last = StageChange.objects.filter(entry=entry).order_by("changed_at", "pk").last()
        assert last is not None and last.to_stage == entry.stage


@pytest.mark.usefixtures("seeded")
def test_the_demo_student_works_at_the_two_demo_companies_and_sees_their_placement():
    student = user("student")
    placement = Placement.objects.visible_to(student).get()
    assert placement.student.user == student and placement.is_shared
    hosts = {host.organisation_id: host for host in placement.hosts.filter(is_current=True)}
    contacts = [user("contactpersoon"), user("contactpersoon2")]
    companies = [login.role_assignments.get().organisation_id for login in contacts]
    assert set(hosts) == set(companies)
    assert (hosts[companies[0]].share, hosts[companies[1]].share) == (3, 1)
    assert list(placement.events.order_by("pk").values_list("kind", flat=True)) == ["started", "host_added"]
    assert Student.objects.visible_to(student).get() == placement.student
    assert set(Workplace.objects.visible_to(student).values_list("status", flat=True)) == {WorkplaceStatus.OPEN}


@pytest.mark.usefixtures("seeded")
def test_the_demo_supervisor_supervises_the_demo_student():
    supervisor = user("praktijkbegeleider")
    student_placement = Placement.objects.get(student__user=user("student"))
    supervised = Placement.objects.visible_to(supervisor)
    assert student_placement in supervised
    host = PlacementHost.objects.supervised_by(supervisor).get(placement=student_placement)
    assert host.supervisor.email == supervisor.email
    assert set(Student.objects.visible_to(supervisor)) == {placement.student for placement in supervised}


@pytest.mark.usefixtures("seeded")
def test_both_demo_company_contacts_see_the_shared_student_and_only_their_company():
    student_placement = Placement.objects.get(student__user=user("student"))
    for local_part in ("contactpersoon", "contactpersoon2"):
        contact = user(local_part)
        company = contact.role_assignments.get().organisation_id
        assert student_placement in Placement.objects.visible_to(contact)
        assert student_placement.student in Student.objects.visible_to(contact)
        assert set(Workplace.objects.visible_to(contact).values_list("organisation_id", flat=True)) <= {company}
        visible = Placement.objects.visible_to(contact)
        assert all(company in {host.organisation_id for host in placement.hosts.all()} for placement in visible)
    contact = user("contactpersoon")
    assert Workplace.objects.visible_to(contact).filter(status=WorkplaceStatus.PROPOSED, submitted_by=contact).exists()
    assert MatchProposal.objects.visible_to(contact).filter(status="proposed", company_answer="pending").exists()


@pytest.mark.usefixtures("seeded")
def test_route_staff_see_everything_and_the_partner_nothing():
    for local_part in ("coordinator", "docent"):
        staff = user(local_part)
        assert Placement.objects.visible_to(staff).count() == 20
        assert Student.objects.visible_to(staff).count() == 30
    partner = user("partner")
    assert not Placement.objects.visible_to(partner).exists()
    assert not Student.objects.visible_to(partner).exists()


def test_larger_scales_give_every_route_its_placements(settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=3, stdout=io.StringIO(), stderr=io.StringIO())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert Student.objects.count() == 90
    assert Placement.objects.count() == 60
    assert Placement.objects.current().filter(is_shared=True).count() == 9
    assert PlacementEvent.objects.filter(kind=PlacementEventKind.HOST_ADDED).count() == 3
    assert Workplace.objects.count() == 24
