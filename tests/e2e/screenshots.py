"""Screenshots for the README and the docs, from the demo data, as a coordinator sees it.

Not part of the suite (the file name does not start with test_); run it on purpose:

    .venv/bin/pytest tests/e2e/screenshots.py

It writes docs/img/organisation-list.png and docs/img/organisation.png. The pages are checked with axe-core
like every other page the browser tests visit.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import UI
from verbinder.accounts.models import User
from verbinder.partners.models import Organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
PASSWORD = "verbinder-demo"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 860}, "device_scale_factor": 1}


def demo_login(role: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", scale=1, password=PASSWORD, force=True, stdout=out, stderr=io.StringIO())
    for line in out.getvalue().splitlines():
        login_role, email, *_ = line.split("\t")
        if login_role == role:
            return email
    raise AssertionError(f"seed_demo printed no {role} login:\n{out.getvalue()}")


def test_screenshots(ui: UI):
    page = ui.page
    email = demo_login("coordinator")
    ui.login(email, PASSWORD)
    IMG.mkdir(parents=True, exist_ok=True)

    ui.visit(reverse("partners:organisation-list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisaties")
    page.screenshot(path=str(IMG / "organisation-list.png"), full_page=False)

    coordinator = User.objects.get(email=email)
    organisation = (
        Organisation.objects.visible_to(coordinator)
        .filter(affiliations__isnull=False, outgoing_relationships__isnull=False)
        .exclude(notes="")
        .order_by("name")
        .first()
    )
    assert organisation is not None, "the demo data has no organisation with people, relationships and notes"
    ui.visit(reverse("partners:organisation-detail", args=[organisation.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(organisation.name)
    page.screenshot(path=str(IMG / "organisation.png"), full_page=True)
