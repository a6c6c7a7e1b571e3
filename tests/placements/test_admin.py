"""The placements admin: every page opens for a superuser; a placement's hosts and events are read-only there
(the shares are checked by the database and changed by the placement services only)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from tests.factories.placements import MatchProposalFactory, placement_with_hosts
from verbinder.placements.models import MatchProposal, Placement, PlacementEvent, PlacementHost, Student, Workplace

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def placement():
    return placement_with_hosts(hosts=[(OrganisationFactory(), 3), (OrganisationFactory(), 1)], working_per_week=4)


def test_every_placements_model_is_in_the_admin():
    for model in (Workplace, Student, MatchProposal, Placement, PlacementHost, PlacementEvent):
        assert model in admin.site._registry


def test_change_pages_and_searches_open(admin_client, placement):
    proposal = MatchProposalFactory()
    pages = [
        reverse("admin:placements_placement_change", args=[placement.pk]),
        reverse("admin:placements_placementhost_change", args=[placement.hosts.first().pk]),
        reverse("admin:placements_placementevent_change", args=[placement.events.get().pk]),
        reverse("admin:placements_student_change", args=[placement.student_id]),
        reverse("admin:placements_workplace_change", args=[proposal.workplace_id]),
        reverse("admin:placements_matchproposal_change", args=[proposal.pk]),
        reverse("admin:placements_placement_changelist") + "?q=" + placement.hosts.first().organisation.name,
        reverse("admin:placements_placementhost_changelist") + "?q=x",
        reverse("admin:placements_matchproposal_changelist") + "?q=x",
        reverse("admin:placements_workplace_add"),
        reverse("admin:placements_student_add"),
    ]
    assert {url: admin_client.get(url).status_code for url in pages} == dict.fromkeys(pages, 200)


def test_hosts_and_events_are_read_only_on_a_placement(admin_client, placement):
    response = admin_client.get(reverse("admin:placements_placement_change", args=[placement.pk]))
    content = response.content.decode()
    assert 'name="hosts-0-share"' not in content
    assert 'name="events-0-reason"' not in content
    assert 'name="working_per_week"' not in content
    assert 'name="status"' not in content
    assert response.context["adminform"].form.fields.keys() == {"teacher", "start_date", "end_date"}
    assert admin_client.get(reverse("admin:placements_placement_add")).status_code == 403
    assert admin_client.get(reverse("admin:placements_placementhost_add")).status_code == 403
    assert admin_client.get(reverse("admin:placements_placementevent_add")).status_code == 403


def test_saving_a_placement_keeps_its_hosts(admin_client, placement):
    response = admin_client.post(
        reverse("admin:placements_placement_change", args=[placement.pk]),
        {
            "teacher": "",
            "start_date": "01-09-2026",
            "end_date": "31-08-2029",
            "hosts-TOTAL_FORMS": "2",
            "hosts-INITIAL_FORMS": "2",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    placement.refresh_from_db()
    assert str(placement.end_date) == "2029-08-31"
    assert sorted(PlacementHost.objects.filter(placement=placement).values_list("share", flat=True)) == [1, 3]
