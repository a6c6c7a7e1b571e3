"""Review findings on contact moments, follow-ups and the digest."""

from __future__ import annotations

import datetime

import pytest

from tests.factories.outreach import FollowUpFactory
from verbinder.outreach.selectors.digest import digest_follow_ups

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 30)


def test_digest_leaves_out_follow_ups_of_routes_an_administrator_no_longer_staffs(world):
    # An administrator who once taught the route was given a follow-up; they no longer staff it. The digest lists
    # only follow-ups of routes the person still staffs, administrators included.
    admin = world.users["admin"]
    FollowUpFactory(route=world.route, organisation=world.company, assignee=admin, due_on=DAY)

    assert digest_follow_ups(user=admin, day=DAY) == []
