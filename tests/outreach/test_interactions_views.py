"""The organisation's contact panel, the quick entry and the edit page, per role; bad input in the form."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import AffiliationFactory, OrganisationFactory, UserFactory, assign
from tests.factories.outreach import FollowUpFactory, InteractionFactory
from verbinder.accounts.enums import Role
from verbinder.outreach.models import FollowUp, Interaction
from verbinder.partners.models import Partnership

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def today() -> datetime.date:
    return timezone.localdate()


def panel_url(organisation) -> str:
    return reverse("outreach:organisation-contact", args=[organisation.pk])


def create_url(organisation, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"organisation": organisation.pk, **params}.items())
    return f"{reverse('outreach:interaction-create')}?{query}"


def form_data(world: World, **overrides) -> dict:
    return {
        "organisation": world.company.pk,
        "route": world.route.pk,
        "kind": "phone",
        "occurred_on": today().isoformat(),
        "people": [world.affiliation.person.pk],
        "colleagues": [world.users["coordinator"].pk],
        "notes": "Gebeld.",
        "follow_up_assignee": world.users["coordinator"].pk,
        **overrides,
    }


def test_panel_shows_the_timeline_newest_first_with_last_contact(world: World) -> None:
    old = InteractionFactory(route=world.route, organisation=world.company, occurred_on=today() - datetime.timedelta(5))
    new = InteractionFactory(route=world.route, organisation=world.company, notes="**Nieuw**")
    new.people.add(world.affiliation.person)
    new.colleagues.add(world.users["teacher"])

    response = world.client_for("coordinator").get(panel_url(world.company))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.index(f'id="interaction-{new.pk}"') < body.index(f'id="interaction-{old.pk}"')
    assert "<strong>Nieuw</strong>" in body
    last = body[body.index('class="last-contacts"') :]
    assert world.users["teacher"].name in last and world.affiliation.person.full_name in last


def test_panel_as_htmx_is_a_fragment_with_one_section(world: World) -> None:
    response = world.client_for("teacher").get(panel_url(world.company), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="outreach-contact-panel"')
    assert "<h1" not in body


def test_other_routes_contact_moments_show_only_a_date(world: World) -> None:
    Partnership.objects.create(route=world.other_route, organisation=world.company)
    theirs = InteractionFactory(
        route=world.other_route,
        organisation=world.company,
        notes="GEHEIM-B",
        created_by=world.users["other_coordinator"],
    )
    theirs.colleagues.add(world.users["other_coordinator"])
    theirs.people.add(world.affiliation.person)

    for path in (panel_url(world.company), create_url(world.company)):
        body = world.client_for("coordinator").get(path).content.decode()
        assert "GEHEIM-B" not in body
        assert world.users["other_coordinator"].name not in body
        assert world.other_route.programme_name not in body
        assert theirs.occurred_on.strftime("%Y") in body
    panel = world.client_for("coordinator").get(panel_url(world.company)).content.decode()
    assert "data-other-route" in panel
    assert f'id="interaction-{theirs.pk}"' not in panel


def test_colleague_awareness_names_who_spoke_to_whom_in_the_last_30_days(world: World) -> None:
    recent = InteractionFactory(
        route=world.route, organisation=world.company, created_by=world.users["teacher"],
        occurred_on=today() - datetime.timedelta(days=3),
    )  # fmt: skip
    recent.colleagues.add(world.users["teacher"])
    recent.people.add(world.affiliation.person)
    InteractionFactory(
        route=world.route, organisation=world.company, created_by=world.users["teacher"],
        occurred_on=today() - datetime.timedelta(days=45), notes="Lang geleden",
    )  # fmt: skip

    for path in (panel_url(world.company), create_url(world.company)):
        body = world.client_for("coordinator").get(path).content.decode()
        notice = body[body.index('id="colleague-awareness') : body.index("</aside>")]
        assert world.users["teacher"].name in notice
        assert world.affiliation.person.full_name in notice
        assert notice.count("<li>") == 1
    # The awareness notice comes before the form on the create page.
    body = world.client_for("coordinator").get(create_url(world.company)).content.decode()
    assert body.index('id="colleague-awareness-form"') < body.index('name="kind"')


def test_own_contact_moments_raise_no_awareness_notice(world: World) -> None:
    InteractionFactory(route=world.route, organisation=world.company, created_by=world.users["coordinator"])

    body = world.client_for("coordinator").get(create_url(world.company)).content.decode()

    assert 'id="colleague-awareness' not in body


def test_organisation_page_loads_the_panel_for_staff(world: World) -> None:
    body = world.client_for("teacher").get(reverse("partners:organisation-detail", args=[world.company.pk]))

    content = body.content.decode()
    assert f'hx-get="{panel_url(world.company)}"' in content
    assert 'hx-trigger="load"' in content
    assert f'href="{panel_url(world.company)}"' in content


@pytest.mark.parametrize("persona", ["company_contact", "workplace_supervisor", "student"])
def test_company_people_never_see_contact_moments_of_their_own_organisation(world: World, persona: str) -> None:
    interaction = InteractionFactory(route=world.route, organisation=world.company, notes="Interne notitie XYZ")
    FollowUpFactory(route=world.route, organisation=world.company, description="Interne opvolging XYZ")
    client = world.client_for(persona)

    page = client.get(reverse("partners:organisation-detail", args=[world.company.pk]))

    assert page.status_code == 200
    content = page.content.decode()
    assert "outreach" not in content
    assert panel_url(world.company) not in content
    assert "XYZ" not in content
    assert client.get(panel_url(world.company)).status_code == 404
    assert client.get(create_url(world.company)).status_code == 404
    assert client.get(reverse("outreach:interaction-edit", args=[interaction.pk])).status_code == 404
    assert client.get(reverse("outreach:my-follow-ups")).status_code == 404


def test_staff_of_another_route_get_404(world: World) -> None:
    interaction = InteractionFactory(route=world.route, organisation=world.company)
    client = world.client_for("other_coordinator")

    assert client.get(panel_url(world.company)).status_code == 404
    assert client.get(create_url(world.company)).status_code == 404
    assert client.post(reverse("outreach:interaction-create"), form_data(world)).status_code == 404
    assert client.get(reverse("outreach:interaction-edit", args=[interaction.pk])).status_code == 404


def test_create_logs_and_returns_to_the_organisation(world: World) -> None:
    response = world.client_for("teacher").post(reverse("outreach:interaction-create"), form_data(world))

    assert response.status_code == 302
    assert response["Location"] == reverse("partners:organisation-detail", args=[world.company.pk])
    interaction = Interaction.objects.get()
    assert interaction.created_by == world.users["teacher"]
    assert list(interaction.people.all()) == [world.affiliation.person]


def test_create_returns_to_a_safe_next_only(world: World) -> None:
    client = world.client_for("teacher")
    person_page = reverse("partners:person-detail", args=[world.affiliation.person.pk])

    here = client.post(reverse("outreach:interaction-create"), form_data(world, next=person_page))
    away = client.post(reverse("outreach:interaction-create"), form_data(world, next="https://evil.example/"))

    assert here["Location"] == person_page
    assert away["Location"] == reverse("partners:organisation-detail", args=[world.company.pk])


def test_create_with_htmx_answers_with_a_fragment_and_an_event(world: World) -> None:
    response = world.client_for("teacher").post(
        reverse("outreach:interaction-create"), form_data(world), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "outreach:interaction-logged"
    assert response.content.decode().lstrip().startswith('<div id="interaction-form-wrap"')
    assert Interaction.objects.count() == 1


def test_create_form_inline_with_htmx_is_a_fragment(world: World) -> None:
    response = world.client_for("teacher").get(create_url(world.company), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="interaction-form-wrap"')
    assert 'hx-post="' in body and "<h1" not in body


def test_create_with_a_follow_up(world: World) -> None:
    due = today() + datetime.timedelta(days=1)
    data = form_data(
        world,
        follow_up_description="Offerte sturen",
        follow_up_assignee=world.users["teacher"].pk,
        follow_up_due_on=due.isoformat(),
    )

    world.client_for("coordinator").post(reverse("outreach:interaction-create"), data)

    follow_up = FollowUp.objects.get()
    assert (follow_up.assignee, follow_up.due_on, follow_up.interaction) == (
        world.users["teacher"],
        due,
        Interaction.objects.get(),
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"follow_up_description": "Bellen", "follow_up_due_on": "2001-01-01"}, "follow_up_due_on"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"colleagues": ["other_coordinator"]}, "colleagues"),
        ({"people": ["other_person"]}, "people"),
        ({"follow_up_description": "Bellen"}, "follow_up_due_on"),
    ],
)
def test_create_refuses_bad_input_and_keeps_it(world: World, overrides: dict, field: str) -> None:
    if overrides.get("colleagues") == ["other_coordinator"]:
        overrides = {**overrides, "colleagues": [world.users["other_coordinator"].pk]}
    if overrides.get("people") == ["other_person"]:
        overrides = {**overrides, "people": [world.other_affiliation.person.pk]}
    data = form_data(world, notes="Mijn zorgvuldige notitie", **overrides)

    response = world.client_for("coordinator").post(reverse("outreach:interaction-create"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Mijn zorgvuldige notitie" in response.content.decode()
    assert not Interaction.objects.exists() and not FollowUp.objects.exists()


def test_create_for_an_archived_organisation_is_refused_and_keeps_the_input(world: World) -> None:
    world.company.archived_at = timezone.now()
    world.company.save()
    client = world.client_for("coordinator")

    page = client.get(create_url(world.company))
    response = client.post(reverse("outreach:interaction-create"), form_data(world, notes="Bewaar mij"))

    assert 'role="alert"' in page.content.decode()
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Bewaar mij" in response.content.decode()
    assert not Interaction.objects.exists()


def test_markup_in_every_field_is_shown_as_text(world: World) -> None:
    person = AffiliationFactory(organisation=world.company, person__first_name=XSS, person__last_name=XSS).person
    colleague = assign(UserFactory(name=XSS), Role.TEACHER, route=world.route)
    data = form_data(
        world,
        people=[person.pk],
        colleagues=[colleague.pk],
        notes=XSS,
        follow_up_description=XSS,
        follow_up_assignee=colleague.pk,
        follow_up_due_on=today().isoformat(),
    )
    assert world.client_for("coordinator").post(reverse("outreach:interaction-create"), data).status_code == 302

    for persona, path in (
        ("coordinator", panel_url(world.company)),
        ("teacher", create_url(world.company)),
        ("coordinator", reverse("outreach:interaction-edit", args=[Interaction.objects.get().pk])),
    ):
        body = world.client_for(persona).get(path).content.decode()
        assert "<script>" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body
    client = world.client_for("coordinator")
    client.force_login(colleague)
    body = client.get(reverse("outreach:my-follow-ups")).content.decode()
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_route_is_a_choice_only_when_the_user_staffs_several_linked_routes(world: World) -> None:
    client = world.client_for("coordinator")
    single = client.get(create_url(world.company)).context["form"]
    Partnership.objects.create(route=world.other_route, organisation=world.company)
    assign(world.users["coordinator"], Role.TEACHER, route=world.other_route)
    several = world.client_for("coordinator").get(create_url(world.company, route=world.other_route.pk))

    assert single.fields["route"].widget.input_type == "hidden"
    form = several.context["form"]
    assert form.fields["route"].widget.input_type == "select"
    expected = sorted([world.route, world.other_route], key=lambda route: route.programme_name)
    assert list(form.fields["route"].queryset) == expected
    assert form.initial["route"] == world.other_route.pk


def test_person_page_links_to_the_quick_entry(world: World) -> None:
    person = world.affiliation.person

    body = world.client_for("teacher").get(reverse("partners:person-detail", args=[person.pk])).content.decode()

    assert f"?organisation={world.company.pk}&amp;person={person.pk}" in body
    form = world.client_for("teacher").get(create_url(world.company, person=person.pk)).context["form"]
    assert form.initial["people"] == [person.pk]


def test_organisation_without_a_route_of_the_user_gives_403(world: World) -> None:
    lonely = OrganisationFactory(routes=[])

    response = world.client_for("admin").get(create_url(lonely))

    assert response.status_code == 403


def test_edit_by_author_and_coordinator_not_by_another_teacher(world: World) -> None:
    interaction = InteractionFactory(route=world.route, organisation=world.company, created_by=world.users["teacher"])
    other_teacher = assign(UserFactory(), Role.TEACHER, route=world.route)
    data = {"kind": "visit", "occurred_on": today().isoformat(), "notes": "Bijgewerkt"}
    url = reverse("outreach:interaction-edit", args=[interaction.pk])

    assert world.client_for("teacher").post(url, data).status_code == 302
    assert world.client_for("coordinator").get(url).status_code == 200
    client = world.client_for("teacher")
    client.force_login(other_teacher)
    assert client.post(url, data).status_code == 403
    interaction.refresh_from_db()
    assert interaction.notes == "Bijgewerkt"


def test_edit_refuses_a_future_date(world: World) -> None:
    interaction = InteractionFactory(route=world.route, organisation=world.company, created_by=world.users["teacher"])
    data = {"kind": "visit", "occurred_on": "2999-01-01", "notes": "Toekomst"}

    response = world.client_for("teacher").post(reverse("outreach:interaction-edit", args=[interaction.pk]), data)

    assert response.status_code == 200
    assert "occurred_on" in response.context["form"].errors
    interaction.refresh_from_db()
    assert interaction.notes != "Toekomst"
