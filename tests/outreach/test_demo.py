"""The outreach part of `verbinder seed_demo`: a pipeline with history, activities with leads, contact moments
and follow-ups for the demo staff."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from verbinder.accounts.models import User
from verbinder.core.demo import login_email
from verbinder.outreach.enums import Stage
from verbinder.outreach.models import FollowUp, Interaction, OutreachActivity, PipelineEntry, StageChange
from verbinder.partners.enums import OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=1, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.usefixtures("seeded")
def test_every_company_has_a_stage_with_its_history():
    entries = PipelineEntry.objects.select_related("organisation")
    assert entries.count() >= 30
    assert {entry.organisation.kind for entry in entries} == {OrganisationKind.COMPANY}
    assert len({entry.stage for entry in entries}) >= 6
    for entry in entries:
        last = StageChange.objects.filter(entry=entry).order_by("changed_at", "pk").last()
        assert last is not None and last.to_stage == entry.stage and last.changed_at == entry.stage_since


@pytest.mark.usefixtures("seeded")
def test_the_history_shows_skipped_stages_and_companies_that_host_again():
    assert StageChange.objects.exclude(skipped=[]).exists()
    assert StageChange.objects.filter(from_stage=Stage.PAUSED, to_stage=Stage.HOSTING).exists()


@pytest.mark.usefixtures("seeded")
def test_activities_have_leads_and_companies_have_contact_moments():
    assert OutreachActivity.objects.count() == 2
    assert PipelineEntry.objects.filter(source_activity__isnull=False).exists()
    assert Interaction.objects.filter(people__isnull=False, colleagues__isnull=False).exists()


@pytest.mark.usefixtures("seeded")
def test_the_demo_coordinator_has_follow_ups_due_today_overdue_later_and_done():
    coordinator = User.objects.get(email=login_email("coordinator"))
    today = timezone.localdate()
    mine = FollowUp.objects.filter(assignee=coordinator)
    assert mine.filter(due_on=today, done_at__isnull=True).exists()
    assert mine.filter(due_on__lt=today, done_at__isnull=True).exists()
    assert mine.filter(due_on__gt=today).exists()
    assert mine.filter(done_at__isnull=False).exists()
