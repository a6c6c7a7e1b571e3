"""Placement pages for staff: who sees what, and each change form's happy path and a bad input (shown on the form,
the input kept, nothing changed)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import AffiliationFactory, OrganisationFactory
from tests.factories.placements import placement_with_hosts, placement_world
from verbinder.partners.enums import SizeClass
from verbinder.placements.enums import ContractType, PlacementEventKind, PlacementStatus
from verbinder.placements.models import Placement, PlacementEvent, PlacementHost

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 10, 1)


def detail_url(placement) -> str:
    return reverse("placements:placement-detail", args=[placement.pk])


def change_data(placement, **extra):
    return {"on": ON.isoformat(), "reason": "Afspraak met de coördinator", "version": placement.version, **extra}


def snapshot(placement):
    placement.refresh_from_db()
    hosts = sorted((h.organisation_id, h.share, h.is_current) for h in placement.hosts.all())
    return placement.status, placement.version, placement.working_per_week, hosts, placement.events.count()


# --- who sees what ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("teacher", 200),
        ("admin", 200),
        ("company_contact", 404),
        ("workplace_supervisor", 404),
        ("student", 404),
        ("partner_contact", 404),
        ("other_coordinator", 404),
        ("other_company_contact", 404),
    ],
)
def test_placement_detail_per_role(world, persona, status):
    placements = placement_world(world)
    response = world.client_for(persona).get(detail_url(placements.placement))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "Sara Student" in body
        assert "Wim Praktijk" in body  # the supervisor
        assert placements.supervisor.email in body
        assert "Olaf" not in body


def test_placement_detail_change_buttons_for_coordinator_only(world):
    placements = placement_world(world)
    coordinator_page = world.client_for("coordinator").get(detail_url(placements.placement)).content.decode()
    teacher_page = world.client_for("teacher").get(detail_url(placements.placement)).content.decode()
    add_url = reverse("placements:placement-host-add", args=[placements.placement.pk])
    assert 'id="placement-actions"' in coordinator_page
    assert add_url in coordinator_page
    assert 'id="placement-actions"' not in teacher_page
    assert add_url not in teacher_page


def test_placement_detail_links_the_student(world):
    placements = placement_world(world)
    body = world.client_for("coordinator").get(detail_url(placements.placement)).content.decode()
    assert reverse("placements:student-detail", args=[placements.student.pk]) in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("teacher", 200),
        ("company_contact", 404),
        ("workplace_supervisor", 404),
        ("student", 404),
        ("other_company_contact", 404),
        ("anonymous", 302),
    ],
)
def test_placement_list_per_role(world, persona, status):
    placement_world(world)
    response = world.client_for(persona).get(reverse("placements:placement-list"))
    assert response.status_code == status


def test_placement_list_shows_only_the_chosen_route(world):
    placements = placement_world(world)
    client = world.client_for("admin")
    body = client.get(reverse("placements:placement-list") + f"?route={world.route.pk}").content.decode()
    assert f'data-placement="{placements.placement.pk}"' in body
    assert f'data-placement="{placements.other_placement.pk}"' not in body
    body = client.get(reverse("placements:placement-list") + f"?route={world.other_route.pk}").content.decode()
    assert f'data-placement="{placements.other_placement.pk}"' in body


def test_placement_list_route_of_another_staff_is_not_shown(world):
    placements = placement_world(world)
    response = world.client_for("coordinator").get(
        reverse("placements:placement-list") + f"?route={world.other_route.pk}"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-placement="{placements.other_placement.pk}"' not in body
    assert "Olaf" not in body


def test_placement_list_filters(world):
    placements = placement_world(world)
    second = OrganisationFactory(routes=[world.route], name="Slagerij Twee")
    shared = placement_with_hosts(route=world.route, hosts=[(world.company, 3), (second, 1)])
    ending = placement_with_hosts(route=world.route, end_date=datetime.date.today() + datetime.timedelta(days=30))
    paused = placement_with_hosts(route=world.route, status=PlacementStatus.PAUSED)
    client = world.client_for("coordinator")
    url = reverse("placements:placement-list")

    def shown(query: str) -> set[int]:
        body = client.get(f"{url}?route={world.route.pk}&{query}").content.decode()
        return {p.pk for p in (placements.placement, shared, ending, paused) if f'data-placement="{p.pk}"' in body}

    assert shown("shared=on") == {shared.pk}
    assert shown("ending=on") == {ending.pk}
    assert shown("status=paused") == {paused.pk}
    assert shown(f"host={second.pk}") == {shared.pk}
    assert shown("q=Sara") == {placements.placement.pk}
    assert shown("q=1000001") == {placements.placement.pk}
    assert shown("sort=-end") == {placements.placement.pk, shared.pk, ending.pk, paused.pk}
    body = client.get(f"{url}?route={world.route.pk}&shared=on").content.decode()
    assert "data-shared" in body
    assert "Slagerij Twee" in body


def test_placement_list_htmx_returns_the_results(world):
    placement_world(world)
    response = world.client_for("coordinator").get(
        reverse("placements:placement-list"), headers={"HX-Request": "true", "HX-Target": "placement-results"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="placement-results"')


# --- the change forms -------------------------------------------------------------------------------------------


def test_teacher_gets_403_on_every_change(world):
    placements = placement_world(world)
    placement, host = placements.placement, placements.host
    client = world.client_for("teacher")
    for name, args in [
        ("placement-host-add", [placement.pk]),
        ("placement-host-remove", [placement.pk, host.pk]),
        ("placement-employer-change", [placement.pk, host.pk]),
        ("placement-host-edit", [placement.pk, host.pk]),
        ("placement-shares", [placement.pk]),
        ("placement-details", [placement.pk]),
        ("placement-pause", [placement.pk]),
        ("placement-resume", [placement.pk]),
        ("placement-end", [placement.pk]),
    ]:
        url = reverse(f"placements:{name}", args=args)
        assert client.get(url).status_code == 403, name
        assert client.post(url, change_data(placement)).status_code == 403, name
    assert client.get(reverse("placements:placement-supervisors", args=[placement.pk])).status_code == 403
    assert snapshot(placement)[1] == placement.version


def add_second_host(world, placements, **extra):
    second = OrganisationFactory(routes=[world.route], name="Slagerij Twee", **extra)
    person = AffiliationFactory(organisation=second, person__first_name="Sam", person__last_name="Slager")
    return second, person


def test_host_add_splits_the_week(world):
    placements = placement_world(world)
    placement = placements.placement
    second, person = add_second_host(world, placements)
    url = reverse("placements:placement-host-add", args=[placement.pk])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200
    data = change_data(
        placement,
        organisation=second.pk,
        share="1",
        first_share="3",
        supervisor=person.pk,
        contract_type=ContractType.LEARNING_WORK,
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == detail_url(placement)
    placement.refresh_from_db()
    assert placement.is_shared
    shares = {h.organisation_id: h.share for h in placement.hosts.filter(is_current=True)}
    assert shares == {world.company.pk: Decimal(3), second.pk: Decimal(1)}
    body = client.get(detail_url(placement)).content.decode()
    assert 'id="shared-badge"' in body
    with translation.override("en"):
        body = client.get(detail_url(placement), headers={"Accept-Language": "en"}).content.decode()
    event = placement.events.get(kind=PlacementEventKind.HOST_ADDED)
    assert f'data-event="{event.pk}"' in body


def test_host_add_shares_that_do_not_add_up_change_nothing(world):
    placements = placement_world(world)
    placement = placements.placement
    second, _person = add_second_host(world, placements)
    before = snapshot(placement)
    url = reverse("placements:placement-host-add", args=[placement.pk])
    data = change_data(
        placement, organisation=second.pk, share="2", first_share="3", contract_type=ContractType.LEARNING_WORK
    )
    response = world.client_for("coordinator").post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="Afspraak met de coördinator"' in response.content.decode() or (
        "Afspraak met de coördinator" in response.content.decode()
    )
    assert snapshot(placement) == before


def test_host_add_non_sme_warns_then_continues(world):
    placements = placement_world(world)
    placement = placements.placement
    large, _person = add_second_host(world, placements, size_class=SizeClass.LARGE)
    url = reverse("placements:placement-host-add", args=[placement.pk])
    data = change_data(
        placement, organisation=large.pk, share="1", first_share="3", contract_type=ContractType.LEARNING_WORK
    )
    client = world.client_for("coordinator")
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'id="non-sme-warning"' in response.content.decode()
    assert not placement.hosts.filter(organisation=large).exists()
    response = client.post(url, {**data, "accept_non_sme": "on"})
    assert response.status_code == 302
    assert placement.hosts.filter(organisation=large, is_current=True).exists()


def test_host_add_supervisor_of_another_company_is_refused(world):
    placements = placement_world(world)
    placement = placements.placement
    second, _person = add_second_host(world, placements)
    before = snapshot(placement)
    url = reverse("placements:placement-host-add", args=[placement.pk])
    data = change_data(
        placement,
        organisation=second.pk,
        share="1",
        first_share="3",
        supervisor=world.other_affiliation.pk,
        contract_type=ContractType.LEARNING_WORK,
    )
    response = world.client_for("coordinator").post(url, data)
    assert response.status_code == 200
    assert "supervisor" in response.context["form"].errors
    assert snapshot(placement) == before


def test_host_add_refresh_without_javascript_fills_the_supervisors(world):
    placements = placement_world(world)
    placement = placements.placement
    second, person = add_second_host(world, placements)
    url = reverse("placements:placement-host-add", args=[placement.pk])
    response = world.client_for("coordinator").post(url, {"organisation": second.pk, "refresh": "1"})
    assert response.status_code == 200
    assert f'value="{person.pk}"' in response.content.decode()
    assert not response.context["form"].is_bound
    assert not placement.hosts.filter(organisation=second).exists()


def test_supervisor_options_for_a_partner_company(world):
    placements = placement_world(world)
    second, person = add_second_host(world, placements)
    url = reverse("placements:placement-supervisors", args=[placements.placement.pk])
    client = world.client_for("coordinator")
    body = client.get(f"{url}?organisation={second.pk}").content.decode()
    assert body.lstrip().startswith('<div id="supervisor-field">')
    assert f'value="{person.pk}"' in body
    # Another route's company gives no choices.
    body = client.get(f"{url}?organisation={world.other_company.pk}").content.decode()
    assert f'value="{world.other_affiliation.pk}"' not in body


def shared_placement(world):
    placements = placement_world(world)
    second, person = add_second_host(world, placements)
    placement = placement_with_hosts(
        route=world.route, hosts=[(world.company, 3), (second, 1)], supervisors=[placements.supervisor, person]
    )
    hosts = {h.organisation_id: h for h in placement.hosts.all()}
    return placement, hosts[world.company.pk], hosts[second.pk]


def test_host_remove(world):
    placement, first, second = shared_placement(world)
    url = reverse("placements:placement-host-remove", args=[placement.pk, second.pk])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200
    assert client.post(url, change_data(placement)).status_code == 302
    placement.refresh_from_db()
    assert not placement.is_shared
    assert list(placement.hosts.filter(is_current=True)) == [first]
    body = client.get(detail_url(placement)).content.decode()
    assert 'id="past-hosts"' in body


def test_host_remove_without_reason_changes_nothing(world):
    placement, _first, second = shared_placement(world)
    before = snapshot(placement)
    url = reverse("placements:placement-host-remove", args=[placement.pk, second.pk])
    response = world.client_for("coordinator").post(url, change_data(placement, reason=""))
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert snapshot(placement) == before


def test_employer_change(world):
    placements = placement_world(world)
    placement, host = placements.placement, placements.host
    new, person = add_second_host(world, placements)
    url = reverse("placements:placement-employer-change", args=[placement.pk, host.pk])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200
    data = change_data(
        placement, organisation=new.pk, share="4", supervisor=person.pk, contract_type=ContractType.EMPLOYMENT
    )
    assert client.post(url, data).status_code == 302
    current = PlacementHost.objects.get(placement=placement, is_current=True)
    assert (current.organisation_id, current.supervisor_id, current.contract_type) == (
        new.pk,
        person.pk,
        ContractType.EMPLOYMENT,
    )
    assert PlacementHost.objects.filter(pk=host.pk, is_current=False).exists()


def test_employer_change_to_a_company_outside_the_route_is_refused(world):
    placements = placement_world(world)
    placement, host = placements.placement, placements.host
    before = snapshot(placement)
    url = reverse("placements:placement-employer-change", args=[placement.pk, host.pk])
    data = change_data(
        placement, organisation=world.other_company.pk, share="4", contract_type="leerarbeidsovereenkomst"
    )
    response = world.client_for("coordinator").post(url, data)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert snapshot(placement) == before


def test_shares_change(world):
    placement, first, second = shared_placement(world)
    url = reverse("placements:placement-shares", args=[placement.pk])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200
    data = change_data(placement, working_per_week="4", **{f"share_{first.pk}": "2", f"share_{second.pk}": "2"})
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.share, second.share) == (Decimal(2), Decimal(2))
    event = PlacementEvent.objects.get(placement=placement, kind=PlacementEventKind.SHARES_CHANGED)
    with translation.override("en"):
        from verbinder.placements.selectors.placements import event_lines

        lines = event_lines(event, placement.share_unit)
    assert f"{first.organisation.name}: 3 → 2 days" in lines
    assert f"{second.organisation.name}: 1 → 2 days" in lines


def test_shares_that_do_not_add_up_change_nothing(world):
    placement, first, second = shared_placement(world)
    before = snapshot(placement)
    url = reverse("placements:placement-shares", args=[placement.pk])
    data = change_data(placement, working_per_week="4", **{f"share_{first.pk}": "3", f"share_{second.pk}": "2"})
    response = world.client_for("coordinator").post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="2"' in response.content.decode() or 'value="2.0"' in response.content.decode()
    assert snapshot(placement) == before


def test_host_update(world):
    placements = placement_world(world)
    placement, host = placements.placement, placements.host
    url = reverse("placements:placement-host-edit", args=[placement.pk, host.pk])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200
    data = change_data(placement, supervisor=world.affiliation.pk, contract_type=ContractType.EMPLOYMENT)
    assert client.post(url, data).status_code == 302
    host.refresh_from_db()
    assert (host.supervisor_id, host.contract_type) == (world.affiliation.pk, ContractType.EMPLOYMENT)


def test_host_update_with_a_person_of_another_company_is_refused(world):
    placements = placement_world(world)
    placement, host = placements.placement, placements.host
    before = snapshot(placement)
    url = reverse("placements:placement-host-edit", args=[placement.pk, host.pk])
    data = change_data(placement, supervisor=world.other_affiliation.pk, contract_type=ContractType.EMPLOYMENT)
    response = world.client_for("coordinator").post(url, data)
    assert response.status_code == 200
    assert "supervisor" in response.context["form"].errors
    assert snapshot(placement) == before


def test_details_update(world):
    placements = placement_world(world)
    placement = placements.placement
    url = reverse("placements:placement-details", args=[placement.pk])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200
    teacher = world.users["teacher"]
    data = change_data(placement, teacher=teacher.pk, end_date="2028-06-30")
    assert client.post(url, data).status_code == 302
    placement.refresh_from_db()
    assert (placement.teacher_id, placement.end_date) == (teacher.pk, datetime.date(2028, 6, 30))


def test_details_end_before_start_is_refused(world):
    placements = placement_world(world)
    placement = placements.placement
    before = snapshot(placement)
    url = reverse("placements:placement-details", args=[placement.pk])
    response = world.client_for("coordinator").post(url, change_data(placement, end_date="2026-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="2026-01-01"' in response.content.decode()
    assert snapshot(placement) == before


def test_pause_and_resume(world):
    placements = placement_world(world)
    placement = placements.placement
    client = world.client_for("coordinator")
    pause_url = reverse("placements:placement-pause", args=[placement.pk])
    assert client.get(pause_url).status_code == 200
    data = change_data(placement, expected_return="2026-12-01")
    assert client.post(pause_url, data).status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.expected_return) == (PlacementStatus.PAUSED, datetime.date(2026, 12, 1))
    resume_url = reverse("placements:placement-resume", args=[placement.pk])
    data = {**change_data(placement), "on": "2026-11-15"}
    assert client.post(resume_url, data).status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE


def test_pause_outside_the_period_is_refused(world):
    placements = placement_world(world)
    placement = placements.placement
    before = snapshot(placement)
    url = reverse("placements:placement-pause", args=[placement.pk])
    response = world.client_for("coordinator").post(url, change_data(placement, on="2020-01-01"))
    assert response.status_code == 200
    assert "on" in response.context["form"].errors
    assert snapshot(placement) == before


def test_end_early(world):
    placements = placement_world(world)
    placement = placements.placement
    url = reverse("placements:placement-end", args=[placement.pk])
    client = world.client_for("coordinator")
    assert client.get(url).status_code == 200
    assert client.post(url, change_data(placement)).status_code == 302
    placement.refresh_from_db()
    assert (placement.status, placement.ended_on) == (PlacementStatus.ENDED, ON)


def test_end_with_a_bad_date_keeps_the_input(world):
    placements = placement_world(world)
    placement = placements.placement
    before = snapshot(placement)
    url = reverse("placements:placement-end", args=[placement.pk])
    response = world.client_for("coordinator").post(url, change_data(placement, on="not a date"))
    assert response.status_code == 200
    assert "on" in response.context["form"].errors
    assert "Afspraak met de coördinator" in response.content.decode()
    assert snapshot(placement) == before


def test_a_stale_version_changes_nothing(world):
    placements = placement_world(world)
    placement = placements.placement
    before = snapshot(placement)
    url = reverse("placements:placement-end", args=[placement.pk])
    response = world.client_for("coordinator").post(url, change_data(placement, version=placement.version + 5))
    assert response.status_code == 200
    assert 'id="stale-notice"' in response.content.decode()
    assert snapshot(placement) == before


def test_change_of_another_routes_placement_is_404(world):
    placements = placement_world(world)
    url = reverse("placements:placement-end", args=[placements.other_placement.pk])
    assert world.client_for("coordinator").post(url, change_data(placements.other_placement)).status_code == 404
    assert Placement.objects.get(pk=placements.other_placement.pk).status == PlacementStatus.ACTIVE


# --- the organisation panel and the route counts ----------------------------------------------------------------


def test_organisation_panel_per_role(world):
    placements = placement_world(world)
    url = reverse("placements:organisation-placements", args=[world.company.pk])
    for persona, status in [
        ("coordinator", 200),
        ("teacher", 200),
        ("company_contact", 404),
        ("workplace_supervisor", 404),
        ("student", 404),
        ("other_coordinator", 404),
    ]:
        assert world.client_for(persona).get(url).status_code == status, persona
    body = world.client_for("coordinator").get(url, headers={"HX-Request": "true"}).content.decode()
    assert body.lstrip().startswith('<section id="organisation-placements"')
    assert f'data-placement="{placements.placement.pk}"' in body


def test_organisation_panel_marks_shared_placements(world):
    placement, _first, second = shared_placement(world)
    body = (
        world.client_for("coordinator")
        .get(reverse("placements:organisation-placements", args=[world.company.pk]))
        .content.decode()
    )
    assert f'data-placement="{placement.pk}"' in body
    assert second.organisation.name in body


def test_organisation_page_loads_the_panel(world):
    placement_world(world)
    body = (
        world.client_for("coordinator")
        .get(reverse("partners:organisation-detail", args=[world.company.pk]))
        .content.decode()
    )
    assert reverse("placements:organisation-placements", args=[world.company.pk]) in body


def test_route_counts(world):
    placements = placement_world(world)
    second = OrganisationFactory(routes=[world.route])
    placement_with_hosts(route=world.route, hosts=[(world.company, 3), (second, 1)])
    placement_with_hosts(route=world.route, status=PlacementStatus.PAUSED)
    response = world.client_for("coordinator").get(reverse("placements:route-counts", args=[world.route.pk]))
    counts = response.context["counts"]
    assert (counts.active, counts.shared, counts.paused, counts.ending) == (2, 1, 1, 0)
    assert counts.open_workplaces == 1
    assert counts.students_without_placement == 1  # the student waiting for an answer
    assert placements.placement.pk
    body = (
        world.client_for("coordinator")
        .get(reverse("placements:route-counts", args=[world.route.pk]), headers={"HX-Request": "true"})
        .content.decode()
    )
    assert body.lstrip().startswith('<dl class="facts placement-route-counts"')
    assert reverse("placements:placement-list") + f"?route={world.route.pk}&amp;shared=on" in body
    assert (
        world.client_for("other_coordinator").get(reverse("placements:route-counts", args=[world.route.pk])).status_code
        == 404
    )


def test_route_page_loads_the_counts(world):
    body = world.client_for("coordinator").get(reverse("partners:route-detail", args=[world.route.pk])).content.decode()
    assert reverse("placements:route-counts", args=[world.route.pk]) in body


def test_navigation_links_the_placements_for_staff(world):
    url = reverse("placements:placement-list")
    page = reverse("partners:route-list")
    assert f'href="{url}"' in world.client_for("coordinator").get(page).content.decode()
    assert f'href="{url}"' not in world.client_for("company_contact").get(reverse("portal:home")).content.decode()


# --- accessibility basics (one h1, unique ids, labelled fields, scoped header cells, references that resolve) ---


def test_placement_pages_accessibility(world):
    from tests.partners.html import parse
    from tests.partners.test_accessibility import problems

    placement, first, second = shared_placement(world)
    client = world.client_for("coordinator")
    urls = [
        reverse("placements:placement-list"),
        reverse("placements:placement-list") + f"?route={world.route.pk}&shared=on&q=x",
        detail_url(placement),
        reverse("placements:placement-shares", args=[placement.pk]),
        reverse("placements:placement-host-remove", args=[placement.pk, second.pk]),
        reverse("placements:placement-host-edit", args=[placement.pk, first.pk]),
        reverse("placements:placement-employer-change", args=[placement.pk, first.pk]),
        reverse("placements:placement-details", args=[placement.pk]),
        reverse("placements:placement-pause", args=[placement.pk]),
        reverse("placements:placement-end", args=[placement.pk]),
        reverse("placements:placement-host-add", args=[placement_world(world).placement.pk]),
        reverse("placements:organisation-placements", args=[world.company.pk]),
        reverse("placements:route-counts", args=[world.route.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(parse(response.content)) == [], url


def test_change_form_with_errors_ties_them_to_their_fields(world):
    from tests.partners.html import parse
    from tests.partners.test_accessibility import problems

    placements = placement_world(world)
    url = reverse("placements:placement-pause", args=[placements.placement.pk])
    response = world.client_for("coordinator").post(url, change_data(placements.placement, on="x", reason=""))
    assert response.status_code == 200
    assert problems(parse(response.content)) == []
