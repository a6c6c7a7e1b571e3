"""Both parties answer through the links of the e-mails that a real SMTP server (aiosmtpd on 127.0.0.1)
received, without logging in; the placement is made and the confirmations arrive over SMTP too."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from tests.factories.placements import StudentFactory, WorkplaceFactory
from verbinder.placements.enums import MatchStatus, WorkplaceStatus
from verbinder.placements.models import Placement
from verbinder.placements.services.matching import match_propose

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://verbinder.example.nl"
LINK = re.compile(re.escape(SITE) + r"(/placements/a/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def link_in(smtp_server, address: str) -> str:
    received = smtp_server.to(address)
    assert len(received) == 1, [m["Subject"] for m in received]
    text = smtp_server.text_of(received[0])
    html = received[0].get_body(preferencelist=("html",)).get_content()
    path = LINK.findall(text)[0]
    assert f'href="{SITE}{path}"' in html
    return path


def test_both_answer_through_their_emailed_links(world, smtp_server):
    workplace = WorkplaceFactory(route=world.route, organisation=world.company, title="Monteur")
    student = StudentFactory(route=world.route, first_name="Lotte", last_name="Jansen", email="lotte@student.nl")
    contact = world.users["company_contact"]
    proposal = match_propose(
        by=world.users["coordinator"],
        workplace=workplace,
        student=student,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
        working_per_week=Decimal(4),
        supervisor=world.affiliation,
    )

    assert mail.outbox == []
    company_path = link_in(smtp_server, contact.email)
    student_path = link_in(smtp_server, student.email)

    company = Client(enforce_csrf_checks=True)
    page = company.get(company_path, follow=True)  # as a browser: on to the page without the token in its URL
    assert page.status_code == 200
    company_page = page.request["PATH_INFO"]
    assert company_page != company_path
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert company.post(company_page, {"answer": "accept", "name": "Carla Contact"}).status_code == 403  # no token
    response = company.post(company_page, {"answer": "accept", "name": "Carla Contact", "csrfmiddlewaretoken": csrf})
    assert response.status_code == 200

    pupil = Client(enforce_csrf_checks=True)
    page = pupil.get(student_path, follow=True)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = pupil.post(page.request["PATH_INFO"], {"answer": "accept", "csrfmiddlewaretoken": csrf})
    assert response.status_code == 200 and 'data-status="accepted"' in response.content.decode()

    proposal.refresh_from_db()
    workplace.refresh_from_db()
    assert proposal.status == MatchStatus.ACCEPTED
    assert proposal.placement == Placement.objects.get(student=student)
    assert workplace.status == WorkplaceStatus.FILLED
    assert len(smtp_server.to(contact.email)) == 2
    assert len(smtp_server.to(student.email)) == 2
    assert len(smtp_server.to(world.users["coordinator"].email)) == 1
    assert pupil.get(student_path).status_code == 410
