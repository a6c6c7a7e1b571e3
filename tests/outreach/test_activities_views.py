"""Pages of outreach activities per role: coordinators run them, teachers read them, everyone else gets 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import World
from tests.factories import OrganisationFactory
from tests.factories.outreach import OutreachActivityFactory, PipelineEntryFactory
from tests.outreach.test_activities_uploads import PDF, PNG, upload, zip_bomb_docx
from verbinder.outreach.enums import ActivityKind, Source
from verbinder.outreach.models import OutreachActivity, PipelineEntry
from verbinder.outreach.services import activities as services
from verbinder.partners.models import Organisation, Partnership

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def activity(world: World) -> OutreachActivity:
    return OutreachActivityFactory(
        route=world.route, host=world.branch, title="Ontbijtsessie", notes="**Goed** <script>alert(1)</script>"
    )


def activity_form(**extra) -> dict:
    return {"kind": ActivityKind.EMPLOYERS_MEETING, "title": "Werkgeversontbijt", "held_on": "2026-11-03"} | extra


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


# List


def test_list_shows_newest_first_with_lead_counts(world: World) -> None:
    old = OutreachActivityFactory(route=world.route, title="Oud", held_on=datetime.date(2025, 1, 1))
    new = OutreachActivityFactory(route=world.route, title="Nieuw", held_on=datetime.date(2026, 5, 1))
    OutreachActivityFactory(route=world.other_route, title="Van een andere route")
    PipelineEntryFactory(route=world.route, organisation=world.company, source_activity=new)

    response = world.client_for("teacher").get(reverse("outreach:activity-list", args=[world.route.pk]))

    assert response.status_code == 200
    page = list(response.context["page"].object_list)
    assert page == [new, old]
    assert [a.lead_count for a in page] == [1, 0]
    assert "Van een andere route" not in response.content.decode()
    assert response.context["can_add"] is False


def test_list_filters_by_kind(world: World) -> None:
    OutreachActivityFactory(route=world.route, kind=ActivityKind.EMPLOYERS_MEETING)
    research = OutreachActivityFactory(route=world.route, kind=ActivityKind.RESEARCH)

    response = world.client_for("coordinator").get(
        reverse("outreach:activity-list", args=[world.route.pk]), {"kind": "research"}
    )

    assert list(response.context["page"].object_list) == [research]
    assert response.context["can_add"] is True


@pytest.mark.parametrize("persona", ["company_contact", "partner_contact", "student", "other_coordinator"])
def test_list_is_not_found_outside_the_route(world: World, persona: str) -> None:
    response = world.client_for(persona).get(reverse("outreach:activity-list", args=[world.route.pk]))

    assert response.status_code == 404


# Create and edit


def test_coordinator_creates_an_activity_with_material(world: World, media) -> None:
    client = world.client_for("coordinator")

    response = client.post(
        reverse("outreach:activity-create", args=[world.route.pk]),
        activity_form(host=world.branch.pk, material=upload("Presentatie.pdf", PDF, "application/pdf")),
    )

    activity = OutreachActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:activity-detail", args=[activity.pk])
    assert (activity.route, activity.host, activity.material_name) == (world.route, world.branch, "Presentatie.pdf")
    assert len(stored_files(media)) == 1


def test_teacher_may_not_create(world: World) -> None:
    client = world.client_for("teacher")
    url = reverse("outreach:activity-create", args=[world.route.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, activity_form()).status_code == 403
    assert not OutreachActivity.objects.exists()


def test_other_coordinator_cannot_create_in_route_a(world: World) -> None:
    response = world.client_for("other_coordinator").post(
        reverse("outreach:activity-create", args=[world.route.pk]), activity_form()
    )

    assert response.status_code == 404


def test_host_outside_the_users_reach_is_refused(world: World) -> None:
    response = world.client_for("coordinator").post(
        reverse("outreach:activity-create", args=[world.route.pk]), activity_form(host=world.other_company.pk)
    )

    assert response.status_code == 200
    assert "host" in response.context["form"].errors
    assert not OutreachActivity.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 64),
        ("foto.png", b"<svg onload=alert(1)>"),
        ("bom.docx", zip_bomb_docx()),
        ("programma.exe", PNG),
    ],
)
def test_bad_material_is_refused_with_a_message_and_nothing_stored(world: World, media, name: str, data: bytes):
    with translation.override("en"):
        response = world.client_for("coordinator").post(
            reverse("outreach:activity-create", args=[world.route.pk]), activity_form(material=upload(name, data))
        )

    assert response.status_code == 200
    assert response.context["form"].errors["material"]
    assert not OutreachActivity.objects.exists()
    assert stored_files(media) == []


def test_oversized_material_is_refused(world: World, media, settings) -> None:
    data = PDF + b"\x00" * services.MATERIAL_MAX_BYTES

    response = world.client_for("coordinator").post(
        reverse("outreach:activity-create", args=[world.route.pk]),
        activity_form(material=upload("groot.pdf", data, "application/pdf")),
    )

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["material"]] == ["size"]
    assert not OutreachActivity.objects.exists()
    assert stored_files(media) == []


def test_edit_with_a_stale_version_is_refused_and_shows_the_change(world: World, activity) -> None:
    services.activity_update(activity=activity, by=world.users["admin"], data={"audience": "Bakkers"}, version=1)

    response = world.client_for("coordinator").post(
        reverse("outreach:activity-edit", args=[activity.pk]),
        activity_form(title="Mijn titel", audience="Slagers", version=1),
    )

    assert response.status_code == 200
    assert response.context["stale_changes"]
    activity.refresh_from_db()
    assert (activity.title, activity.audience, activity.version) == ("Ontbijtsessie", "Bakkers", 2)
    assert response.context["version_form"].initial["version"] == 2


def test_edit_saves_and_teacher_may_not(world: World, activity) -> None:
    url = reverse("outreach:activity-edit", args=[activity.pk])

    assert world.client_for("teacher").post(url, activity_form(version=1)).status_code == 403
    response = world.client_for("coordinator").post(url, activity_form(title="Nieuwe titel", version=1))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Nieuwe titel", 2)


# Detail and material


def test_detail_shows_notes_sanitised_and_leads(world: World, activity) -> None:
    PipelineEntryFactory(route=world.route, organisation=world.company, source_activity=activity)

    response = world.client_for("teacher").get(reverse("outreach:activity-detail", args=[activity.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Goed</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert [entry.organisation for entry in response.context["leads"]] == [world.company]
    assert response.context["lead_form"] is None
    assert 'id="lead-form"' not in html
    assert html.count("<h1") == 1


def test_detail_of_another_route_is_not_found(world: World) -> None:
    other = OutreachActivityFactory(route=world.other_route)

    for persona in ("coordinator", "teacher", "company_contact"):
        response = world.client_for(persona).get(reverse("outreach:activity-detail", args=[other.pk]))
        assert response.status_code == 404, persona


def test_material_download_is_an_attachment_with_a_safe_name(world: World, activity) -> None:
    activity = services.activity_update(
        activity=activity,
        by=world.users["coordinator"],
        data={},
        version=1,
        material=upload('Dia\'s "werkgevers"\r\n.pdf', PDF),
        material_name='Dia\'s "werkgevers"\r\n.pdf',
    )

    response = world.client_for("teacher").get(reverse("outreach:activity-material", args=[activity.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition == 'attachment; filename="Dia\'s \\"werkgevers\\" .pdf"'


def test_material_download_of_a_non_ascii_name_is_encoded(world: World, activity) -> None:
    activity = services.activity_update(
        activity=activity, by=world.users["coordinator"], data={}, version=1, material=upload("a.pdf", PDF),
        material_name="Présentatie €.pdf",
    )  # fmt: skip

    response = world.client_for("coordinator").get(reverse("outreach:activity-material", args=[activity.pk]))

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Pr%C3%A9sentatie%20%E2%82%AC.pdf"


@pytest.mark.parametrize("persona", ["company_contact", "partner_contact", "other_coordinator", "student"])
def test_material_download_is_not_found_outside_the_route(world: World, activity, persona: str) -> None:
    services.activity_update(
        activity=activity, by=world.users["coordinator"], data={}, version=1, material=upload("a.pdf", PDF),
        material_name="a.pdf",
    )  # fmt: skip

    response = world.client_for(persona).get(reverse("outreach:activity-material", args=[activity.pk]))

    assert response.status_code == 404


def test_material_download_without_material_is_not_found(world: World, activity) -> None:
    response = world.client_for("coordinator").get(reverse("outreach:activity-material", args=[activity.pk]))

    assert response.status_code == 404


# Quick-add leads


def lead_form(**extra) -> dict:
    return {"name": "Installatiebedrijf Noord", "city": "Delft", "kind": "company"} | extra


def test_two_leads_in_a_row_with_htmx_appear_in_the_panel(world: World, activity) -> None:
    client = world.client_for("coordinator")
    url = reverse("outreach:activity-lead-add", args=[activity.pk])

    first = client.post(url, lead_form(first_name="Iris", last_name="Jansen", email="iris@noord.nl"), headers=HTMX)
    second = client.post(url, lead_form(name="Schilders Zuid", city="Rijswijk"), headers=HTMX)

    assert first.status_code == second.status_code == 200
    html = second.content.decode()
    assert html.lstrip().startswith('<section id="leads-panel"')
    assert "Installatiebedrijf Noord" in html and "Schilders Zuid" in html and "Iris Jansen" in html
    assert "autofocus" in html
    entries = PipelineEntry.objects.filter(source_activity=activity)
    assert entries.count() == 2
    assert set(entries.values_list("source", flat=True)) == {Source.EMPLOYERS_MEETING}


def test_lead_add_without_javascript_redirects_to_the_activity(world: World, activity) -> None:
    response = world.client_for("coordinator").post(
        reverse("outreach:activity-lead-add", args=[activity.pk]), lead_form()
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:activity-detail", args=[activity.pk])
    organisation = Organisation.objects.get(name="Installatiebedrijf Noord")
    assert Partnership.objects.filter(route=world.route, organisation=organisation).exists()


def test_lead_add_with_a_likely_duplicate_asks_first_and_offers_a_link(world: World, activity) -> None:
    existing = OrganisationFactory(name="Installatiebedrijf Noord B.V.", city="Delft", routes=[world.route])
    client = world.client_for("coordinator")
    url = reverse("outreach:activity-lead-add", args=[activity.pk])

    response = client.post(url, lead_form(), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="confirm_not_duplicate"' in html
    assert reverse("outreach:activity-lead-link", args=[activity.pk]) in html
    assert f'value="{existing.pk}"' in html
    assert Organisation.objects.filter(city="Delft").count() == 1

    confirmed = client.post(url, lead_form(confirm_not_duplicate="on"), headers=HTMX)
    assert confirmed.status_code == 200
    assert Organisation.objects.filter(city="Delft").count() == 2


def test_duplicate_check_while_typing_names_outsiders_without_a_link(world: World, activity) -> None:
    response = world.client_for("coordinator").get(
        reverse("outreach:activity-lead-add", args=[activity.pk]),
        {"name": "Zorgtechniek Oost", "city": "Enschede"},
        headers={**HTMX, "HX-Target": "lead-duplicates"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Zorgtechniek Oost" in html
    assert f'value="{world.other_company.pk}"' not in html
    assert "GEHEIM-B" not in html


def test_lead_link_makes_an_existing_organisation_a_lead(world: World, activity) -> None:
    existing = OrganisationFactory(name="Al Bekend", routes=[world.route])

    response = world.client_for("coordinator").post(
        reverse("outreach:activity-lead-link", args=[activity.pk]), {"organisation": existing.pk}, headers=HTMX
    )

    assert response.status_code == 200
    entry = PipelineEntry.objects.get(organisation=existing)
    assert entry.source_activity == activity
    assert entry.source_organisation == world.branch  # the host is a branch association


def test_lead_link_of_an_organisation_out_of_reach_is_not_found(world: World, activity) -> None:
    response = world.client_for("coordinator").post(
        reverse("outreach:activity-lead-link", args=[activity.pk]), {"organisation": world.other_company.pk}
    )

    assert response.status_code == 404
    assert not Partnership.objects.filter(route=world.route, organisation=world.other_company).exists()


def test_lead_link_of_an_archived_organisation_says_so(world: World, activity) -> None:
    world.company.archived_at = timezone.now()
    world.company.save()

    response = world.client_for("coordinator").post(
        reverse("outreach:activity-lead-link", args=[activity.pk]), {"organisation": world.company.pk}, headers=HTMX
    )

    assert response.status_code == 200
    assert 'class="message message-error"' in response.content.decode()
    assert not PipelineEntry.objects.exists()


def test_lead_with_half_a_person_or_markup_is_refused_and_nothing_saved(world: World, activity) -> None:
    response = world.client_for("coordinator").post(
        reverse("outreach:activity-lead-add", args=[activity.pk]),
        lead_form(name="<b>Vet</b>\x00", email="iris@noord.nl"),
    )

    form = response.context["lead_form"]
    assert response.status_code == 200
    assert {"name", "first_name", "last_name"} <= set(form.errors)
    assert "<b>Vet</b>" not in response.content.decode()
    assert not Organisation.objects.filter(city="Delft").exists()


def test_teacher_may_not_add_leads(world: World, activity) -> None:
    client = world.client_for("teacher")

    assert client.post(reverse("outreach:activity-lead-add", args=[activity.pk]), lead_form()).status_code == 403
    link = client.post(reverse("outreach:activity-lead-link", args=[activity.pk]), {"organisation": world.company.pk})
    assert link.status_code == 403
    assert not PipelineEntry.objects.exists()


# Accessibility basics (one h1, labelled fields, errors tied to fields, scoped header cells, unique ids)


def test_pages_pass_the_accessibility_basics(world: World, activity) -> None:
    from tests.partners.html import parse
    from tests.partners.test_accessibility import problems

    PipelineEntryFactory(route=world.route, organisation=world.company, source_activity=activity)
    OrganisationFactory(name="Installatiebedrijf Noord", city="Delft", routes=[world.route])
    client = world.client_for("coordinator")
    pages = [
        client.get(reverse("outreach:activity-list", args=[world.route.pk])),
        client.get(reverse("outreach:activity-create", args=[world.route.pk])),
        client.post(reverse("outreach:activity-create", args=[world.route.pk]), {"title": "", "held_on": "x"}),
        client.get(reverse("outreach:activity-edit", args=[activity.pk])),
        client.get(reverse("outreach:activity-detail", args=[activity.pk])),
        client.post(reverse("outreach:activity-lead-add", args=[activity.pk]), lead_form(kvk_number="12")),
        client.post(reverse("outreach:activity-lead-add", args=[activity.pk]), lead_form()),
    ]

    for response in pages:
        assert response.status_code == 200
        assert problems(parse(response.content)) == [], response.request["PATH_INFO"]


def test_log_as_contact_moment_from_the_page(world: World) -> None:
    activity = OutreachActivityFactory(route=world.route, host=world.branch, held_on=datetime.date(2026, 1, 5))
    url = reverse("outreach:activity-contact-log", args=[activity.pk])
    detail = reverse("outreach:activity-detail", args=[activity.pk])

    assert url in world.client_for("coordinator").get(detail).content.decode()
    assert url not in world.client_for("teacher").get(detail).content.decode()
    assert world.client_for("teacher").post(url).status_code == 403
    response = world.client_for("coordinator").post(url)

    assert response.status_code == 302
    assert activity.interactions.get().organisation == world.branch
    again = world.client_for("coordinator").get(detail)
    assert url not in again.content.decode()
    assert again.context["host_contact"] is not None
