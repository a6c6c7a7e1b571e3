"""Review of issue 4: bad input and edge cases that must give a page, not a server error."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories.placements import placement_world
from verbinder.placements.enums import WorkplaceStatus
from verbinder.placements.models import Workplace

pytestmark = pytest.mark.django_db


def test_propose_page_for_a_workplace_starting_near_the_last_year_shows_the_form(world):
    """A workplace may start in 9999 (nothing refuses it); the default end date two years on cannot be made."""
    pw = placement_world(world)
    Workplace.objects.filter(pk=pw.workplace.pk).update(start_date=datetime.date(9999, 6, 1))
    response = world.client_for("coordinator").get(reverse("placements:match-propose", args=[pw.workplace.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["end_date"] > datetime.date(9999, 6, 1)


@pytest.mark.parametrize(
    "role,name", [("coordinator", "workplace-withdraw"), ("company_contact", "offered-workplace-withdraw")]
)
def test_withdraw_with_a_stale_version_says_so_and_changes_nothing(world, role, name):
    pw = placement_world(world)
    workplace = pw.workplace
    response = world.client_for(role).post(
        reverse(f"placements:{name}", args=[workplace.pk]), {"version": workplace.version + 5, "reason": "Vervallen"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"].initial["version"] == workplace.version
    workplace.refresh_from_db()
    assert workplace.status == WorkplaceStatus.OPEN
