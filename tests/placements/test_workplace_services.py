"""Services of learning workplaces: enter, offer (e-mails the coordinators), approve (e-mails the offerer), edit,
withdraw, fill; bad input changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import OrganisationFactory, RouteFactory, UserFactory, assign
from tests.factories.placements import WorkplaceFactory
from verbinder.accounts.enums import Role
from verbinder.core.exceptions import StaleVersionError
from verbinder.core.models import ActivityLog
from verbinder.mail.models import OutboxMessage
from verbinder.partners.enums import OrganisationKind, SizeClass
from verbinder.placements.enums import WorkplaceStatus
from verbinder.placements.models import Workplace
from verbinder.placements.services import workplaces as services

pytestmark = pytest.mark.django_db


def next_month() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


def fields(**changes):
    data = {
        "title": "Monteur  in opleiding",
        "tasks": "- Installaties **onderhouden**\n- Storingen zoeken",
        "hours_per_week": Decimal("32"),
        "start_date": next_month(),
        "requirements": "Rijbewijs B",
        "location": "Hoofdstraat 1, Utrecht",
        "postcode": "3511ab",
    }
    data.update(changes)
    return data


@pytest.fixture
def setup():
    route = RouteFactory(programme_name="Ad Installatietechniek")
    company = OrganisationFactory(name="Installatiebedrijf Smit", routes=[route])
    coordinator = assign(UserFactory(name="Coby Coördinator", language="nl"), Role.COORDINATOR, route=route)
    english = assign(UserFactory(name="Eric English", language="en"), Role.COORDINATOR, route=route)
    teacher = assign(UserFactory(name="Teun Docent"), Role.TEACHER, route=route)
    contact = assign(UserFactory(name="Carla Contact", language="en"), Role.COMPANY_CONTACT, organisation=company)
    return SimpleNamespace(
        route=route, company=company, coordinator=coordinator, english=english, teacher=teacher, contact=contact
    )


def test_create_makes_an_open_workplace_and_logs_it(setup):
    workplace = services.workplace_create(
        by=setup.coordinator, route=setup.route, organisation=setup.company, fields=fields()
    )

    assert workplace.status == WorkplaceStatus.OPEN
    assert workplace.title == "Monteur in opleiding"
    assert workplace.postcode == "3511 AB"
    assert workplace.submitted_by == setup.coordinator
    assert workplace.approved_by == setup.coordinator
    entry = ActivityLog.objects.get(action_type="placements.workplace.created")
    assert entry.object_id == workplace.pk
    assert entry.data["route_id"] == setup.route.pk
    assert entry.data["route"] == str(setup.route)
    assert OutboxMessage.objects.count() == 0


def test_offer_awaits_approval_and_mails_each_coordinator_in_their_language(setup):
    workplace = services.workplace_offer(
        by=setup.contact, route=setup.route, organisation=setup.company, fields=fields()
    )

    assert workplace.status == WorkplaceStatus.PROPOSED
    assert workplace.submitted_by == setup.contact
    assert workplace.approved_by is None
    assert ActivityLog.objects.filter(action_type="placements.workplace.offered", object_id=workplace.pk).exists()
    messages = {message.recipient: message for message in OutboxMessage.objects.all()}
    assert set(messages) == {setup.coordinator.email, setup.english.email}  # not the teacher
    english = messages[setup.english.email]
    assert english.language == "en"
    assert english.subject == "[Verbinder] New learning workplace to approve: Monteur in opleiding"
    assert f"/placements/workplaces/{workplace.pk}/" in english.body_text
    assert "Installatiebedrijf Smit" in english.body_text
    dutch = messages[setup.coordinator.email]
    assert dutch.language == "nl"
    assert f"/placements/workplaces/{workplace.pk}/" in dutch.body_html
    assert '<html lang="nl">' in dutch.body_html
    assert '<html lang="en">' in english.body_html


def test_offer_does_not_mail_an_inactive_coordinator(setup):
    setup.english.is_active = False
    setup.english.save()

    services.workplace_offer(by=setup.contact, route=setup.route, organisation=setup.company, fields=fields())

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [setup.coordinator.email]


def test_approve_opens_the_workplace_and_mails_the_offerer_in_their_language(setup):
    workplace = services.workplace_offer(
        by=setup.contact, route=setup.route, organisation=setup.company, fields=fields()
    )
    OutboxMessage.objects.all().delete()

    approved = services.workplace_approve(by=setup.coordinator, workplace=workplace, version=workplace.version)

    assert approved.status == WorkplaceStatus.OPEN
    assert approved.approved_by == setup.coordinator
    assert approved.approved_at is not None
    assert approved.version == workplace.version + 1
    message = OutboxMessage.objects.get()
    assert message.recipient == setup.contact.email
    assert message.language == "en"
    assert message.subject == "[Verbinder] Your learning workplace is approved: Monteur in opleiding"
    assert f"/placements/workplaces/offered/{workplace.pk}/" in message.body_text
    assert setup.route.programme_name not in message.body_text
    entry = ActivityLog.objects.get(action_type="placements.workplace.approved")
    assert entry.data["route_id"] == setup.route.pk


def test_approve_twice_is_refused(setup):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company, status=WorkplaceStatus.OPEN)

    with pytest.raises(ValidationError) as caught:
        services.workplace_approve(by=setup.coordinator, workplace=workplace, version=workplace.version)

    assert caught.value.code == "not_proposed"
    assert not ActivityLog.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_approve_with_a_stale_version_changes_nothing(setup):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company, status=WorkplaceStatus.PROPOSED)
    services.workplace_update(by=setup.coordinator, workplace=workplace, version=1, fields={"title": "Nieuw"})

    with pytest.raises(StaleVersionError) as caught:
        services.workplace_approve(by=setup.coordinator, workplace=workplace, version=1)

    assert caught.value.changed == ["title"]
    workplace.refresh_from_db()
    assert workplace.status == WorkplaceStatus.PROPOSED


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"title": "   "}, "title", "required"),
        ({"title": "a\nb"}, "title", "line_break"),
        ({"tasks": ""}, "tasks", "required"),
        ({"tasks": "x\x00"}, "tasks", "control"),
        ({"hours_per_week": Decimal("0.5")}, "hours_per_week", "hours_range"),
        ({"hours_per_week": Decimal("61")}, "hours_per_week", "hours_range"),
        ({"hours_per_week": "veel"}, "hours_per_week", "invalid"),
        ({"hours_per_week": Decimal("8.25")}, "hours_per_week", "hours_decimals"),
        ({"start_date": None}, "start_date", "required"),
        ({"start_date": datetime.date(2020, 1, 1)}, "start_date", "start_past"),
        ({"postcode": "ABCD"}, "postcode", "postcode"),
        ({"title": "x" * 201}, "title", "max_length"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(setup, changes, field, code):
    with pytest.raises(ValidationError) as caught:
        services.workplace_offer(
            by=setup.contact, route=setup.route, organisation=setup.company, fields=fields(**changes)
        )

    assert [error.code for error in caught.value.error_dict[field]] == [code]
    assert not Workplace.objects.exists()
    assert not ActivityLog.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_missing_fields_are_each_named(setup):
    with pytest.raises(ValidationError) as caught:
        services.workplace_create(by=setup.coordinator, route=setup.route, organisation=setup.company, fields={})

    assert set(caught.value.error_dict) == {"title", "tasks", "hours_per_week", "start_date"}


def test_a_company_not_linked_to_the_route_is_refused(setup):
    elsewhere = OrganisationFactory(name="Elders BV", routes=[RouteFactory()])

    with pytest.raises(ValidationError) as caught:
        services.workplace_create(by=setup.coordinator, route=setup.route, organisation=elsewhere, fields=fields())

    assert caught.value.error_dict["organisation"][0].code == "not_linked"
    assert not Workplace.objects.exists()


def test_an_organisation_that_is_not_a_company_is_refused(setup):
    branch = OrganisationFactory(kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[setup.route])

    with pytest.raises(ValidationError) as caught:
        services.workplace_create(by=setup.coordinator, route=setup.route, organisation=branch, fields=fields())

    assert caught.value.error_dict["organisation"][0].code == "not_company"


def test_an_archived_company_or_route_is_refused(setup):
    archived = OrganisationFactory(routes=[setup.route], archived_at=timezone.now())
    with pytest.raises(ValidationError) as caught:
        services.workplace_create(by=setup.coordinator, route=setup.route, organisation=archived, fields=fields())
    assert caught.value.error_dict["organisation"][0].code == "archived"

    setup.route.archived_at = timezone.now()
    setup.route.save()
    with pytest.raises(ValidationError) as caught:
        services.workplace_create(by=setup.coordinator, route=setup.route, organisation=setup.company, fields=fields())
    assert caught.value.code == "route_archived"
    assert not Workplace.objects.exists()


def test_a_large_company_is_a_warning_naming_its_size_unless_accepted(setup):
    large = OrganisationFactory(name="Groot Concern", size_class=SizeClass.LARGE, routes=[setup.route])

    with pytest.raises(ValidationError) as caught:
        services.workplace_offer(by=setup.contact, route=setup.route, organisation=large, fields=fields())

    error = caught.value.error_dict["organisation"][0]
    assert error.code == "not_sme"
    assert error.params["size"] == large.get_size_class_display()
    assert not Workplace.objects.exists()
    assert not OutboxMessage.objects.exists()

    workplace = services.workplace_offer(
        by=setup.contact, route=setup.route, organisation=large, fields=fields(), accept_non_sme=True
    )
    assert workplace.status == WorkplaceStatus.PROPOSED
    assert ActivityLog.objects.get(action_type="placements.workplace.offered").data["accepted_non_sme"] is True


def test_update_saves_changes_and_bumps_the_version(setup):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company)

    updated = services.workplace_update(
        by=setup.coordinator, workplace=workplace, version=1, fields={"hours_per_week": "24", "title": "Nieuw"}
    )

    assert updated.hours_per_week == Decimal("24.0")
    assert updated.version == 2
    entry = ActivityLog.objects.get(action_type="placements.workplace.updated")
    assert set(entry.changes) == {"hours_per_week", "title"}
    assert entry.data["route_id"] == setup.route.pk


def test_update_without_changes_writes_nothing(setup):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company, title="Zelfde")

    services.workplace_update(by=setup.coordinator, workplace=workplace, version=1, fields={"title": "Zelfde"})

    workplace.refresh_from_db()
    assert workplace.version == 1
    assert not ActivityLog.objects.exists()


def test_update_keeps_a_past_start_date_that_is_not_changed(setup):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company, start_date=datetime.date(2024, 9, 1))

    services.workplace_update(
        by=setup.coordinator,
        workplace=workplace,
        version=1,
        fields={"start_date": datetime.date(2024, 9, 1), "title": "Ander"},
    )

    workplace.refresh_from_db()
    assert workplace.title == "Ander"


def test_update_with_a_stale_version_names_the_changed_fields(setup):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company)
    services.workplace_update(by=setup.coordinator, workplace=workplace, version=1, fields={"title": "Eerste"})

    with pytest.raises(StaleVersionError) as caught:
        services.workplace_update(by=setup.coordinator, workplace=workplace, version=1, fields={"title": "Tweede"})

    assert caught.value.changed == ["title"]
    workplace.refresh_from_db()
    assert workplace.title == "Eerste"


@pytest.mark.parametrize("status", [WorkplaceStatus.FILLED, WorkplaceStatus.WITHDRAWN])
def test_a_filled_or_withdrawn_workplace_cannot_be_edited_or_withdrawn(setup, status):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company, status=status, title="Oud")

    with pytest.raises(ValidationError) as caught:
        services.workplace_update(by=setup.coordinator, workplace=workplace, version=1, fields={"title": "Nieuw"})
    assert caught.value.code == "closed"
    with pytest.raises(ValidationError) as caught:
        services.workplace_withdraw(by=setup.coordinator, workplace=workplace, version=1)
    assert caught.value.code == "not_withdrawable"

    workplace.refresh_from_db()
    assert (workplace.title, workplace.status, workplace.version) == ("Oud", status, 1)
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize("status", [WorkplaceStatus.PROPOSED, WorkplaceStatus.OPEN])
def test_withdraw_logs_the_reason(setup, status):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company, status=status)

    withdrawn = services.workplace_withdraw(
        by=setup.coordinator, workplace=workplace, version=1, reason="  Zelf   iemand gevonden "
    )

    assert withdrawn.status == WorkplaceStatus.WITHDRAWN
    entry = ActivityLog.objects.get(action_type="placements.workplace.withdrawn")
    assert entry.data == {"route": str(setup.route), "route_id": setup.route.pk, "reason": "Zelf iemand gevonden"}
    assert entry.changes == {"status": [status, WorkplaceStatus.WITHDRAWN]}


def test_withdraw_with_a_stale_version_changes_nothing(setup):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company)
    services.workplace_update(by=setup.coordinator, workplace=workplace, version=1, fields={"title": "Eerste"})

    with pytest.raises(StaleVersionError):
        services.workplace_withdraw(by=setup.coordinator, workplace=workplace, version=1)

    workplace.refresh_from_db()
    assert workplace.status == WorkplaceStatus.OPEN


def test_fill_only_an_open_workplace(setup):
    workplace = WorkplaceFactory(route=setup.route, organisation=setup.company)

    filled = services.workplace_fill(by=None, workplace=workplace)

    assert filled.status == WorkplaceStatus.FILLED
    assert ActivityLog.objects.get(action_type="placements.workplace.filled").data["route_id"] == setup.route.pk
    with pytest.raises(ValidationError) as caught:
        services.workplace_fill(by=None, workplace=workplace)
    assert caught.value.code == "not_open"
    proposed = WorkplaceFactory(route=setup.route, organisation=setup.company, status=WorkplaceStatus.PROPOSED)
    with pytest.raises(ValidationError):
        services.workplace_fill(by=None, workplace=proposed)
