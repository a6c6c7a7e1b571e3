"""The pipeline pages per role: coordinators move, teachers read (403 on a move), externals and other routes 404;
HTMX moves return the board; a colleague's newer move is not overwritten."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.outreach import OutreachActivityFactory, PipelineEntryFactory
from verbinder.outreach.enums import Source, Stage
from verbinder.outreach.models import PipelineEntry, StageChange
from verbinder.outreach.services.pipeline import stage_move

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "board"}


def board_url(route):
    return reverse("outreach:board", kwargs={"route_pk": route.pk})


def move_url(route, organisation):
    return reverse("outreach:stage-move", kwargs={"route_pk": route.pk, "organisation_pk": organisation.pk})


def entry_url(name, route, organisation):
    return reverse(f"outreach:{name}", kwargs={"route_pk": route.pk, "organisation_pk": organisation.pk})


def stage_of(organisation):
    entry = PipelineEntry.objects.filter(organisation=organisation).first()
    return entry.stage if entry else Stage.PROSPECT


def test_board_shows_every_stage_and_cards_in_their_column(world):
    stage_move(route=world.route, organisation=world.branch, to_stage=Stage.CONTACTED, by=world.users["coordinator"])
    response = world.client_for("coordinator").get(board_url(world.route))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="board-column"') == 8
    prospect = html.split('data-stage="prospect"')[1].split('data-stage="contacted"')[0]
    contacted = html.split('data-stage="contacted"')[1].split('data-stage="intake_planned"')[0]
    assert "Bakkerij De Korenaar" in prospect and "Brancheclub Techniek" in contacted
    assert 'name="to_stage"' in html and 'draggable="true"' in html
    assert "verbinder/board.js" in html


def test_board_for_teacher_has_no_move_controls(world):
    response = world.client_for("teacher").get(board_url(world.route))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bakkerij De Korenaar" in html
    assert 'name="to_stage"' not in html and 'draggable="true"' not in html


@pytest.mark.parametrize("persona", ["company_contact", "partner_contact", "student", "other_coordinator"])
def test_board_is_404_outside_reach(world, persona):
    assert world.client_for(persona).get(board_url(world.route)).status_code == 404


def test_board_filters(world):
    PipelineEntryFactory(route=world.route, organisation=world.branch, front_runner=True, source=Source.RESEARCH)
    client = world.client_for("coordinator")
    html = client.get(board_url(world.route), {"front_runner": "on"}).content.decode()
    assert "Brancheclub Techniek" in html and "Bakkerij De Korenaar" not in html
    html = client.get(board_url(world.route), {"q": "korenaar"}).content.decode()
    assert "Bakkerij De Korenaar" in html and "Brancheclub Techniek" not in html
    html = client.get(board_url(world.route), {"kind": "branch_association"}).content.decode()
    assert "Brancheclub Techniek" in html and "Bakkerij De Korenaar" not in html
    html = client.get(board_url(world.route), {"source": "none"}).content.decode()
    assert "Bakkerij De Korenaar" in html and "Brancheclub Techniek" not in html


def test_move_without_javascript_redirects_to_the_board_with_filters(world):
    client = world.client_for("coordinator")
    response = client.post(move_url(world.route, world.company),
                           {"to_stage": "contacted", "version": 1, "filters": "kind=company&evil=1"})  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == board_url(world.route) + "?kind=company"
    assert stage_of(world.company) == Stage.CONTACTED


def test_move_with_htmx_returns_the_board_and_says_which_stages_were_skipped(world):
    client = world.client_for("coordinator")
    response = client.post(
        move_url(world.route, world.company), {"to_stage": "intake_held", "version": 1}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="board"')
    assert 'id="board-notice"' in html
    assert StageChange.objects.get(to_stage="intake_held").skipped == ["contacted", "intake_planned"]
    assert stage_of(world.company) == Stage.INTAKE_HELD


def test_two_colleagues_moving_the_same_card_the_later_sees_the_new_state(world):
    first, second = world.client_for("coordinator"), world.client_for("admin")
    assert first.post(move_url(world.route, world.company), {"to_stage": "contacted", "version": 1}).status_code == 302
    response = second.post(move_url(world.route, world.company), {"to_stage": "stopped", "version": 1}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert stage_of(world.company) == Stage.CONTACTED
    assert 'class="message message-error"' in html
    card = re.search(rf'id="move-{world.company.pk}" name="to_stage">(.*?)</select>', html, re.S).group(1)
    assert '<option value="contacted" selected>' in card  # the current state, with its new version
    assert f'id="card-{world.company.pk}"' in html and 'name="version" value="2"' in html


def test_teacher_may_not_move(world):
    response = world.client_for("teacher").post(
        move_url(world.route, world.company), {"to_stage": "contacted", "version": 1}
    )
    assert response.status_code == 403
    assert not PipelineEntry.objects.exists()


def test_move_of_an_organisation_of_another_route_is_404(world):
    response = world.client_for("coordinator").post(
        move_url(world.route, world.other_company), {"to_stage": "contacted", "version": 1}
    )
    assert response.status_code == 404


def test_move_with_a_bad_stage_changes_nothing(world):
    response = world.client_for("coordinator").post(
        move_url(world.route, world.company), {"to_stage": "won", "version": 1}
    )
    assert response.status_code == 302
    assert not PipelineEntry.objects.exists()


def test_pipeline_route_chooser_counts_per_stage(world):
    stage_move(route=world.route, organisation=world.branch, to_stage=Stage.HOSTING, by=world.users["coordinator"])
    html = world.client_for("coordinator").get(reverse("outreach:pipeline")).content.decode()
    row = html.split(f'data-route="{world.route.pk}"')[1].split("</tr>")[0]
    assert '<td data-stage="prospect">1</td>' in row and '<td data-stage="hosting">1</td>' in row
    assert "Zorg en Technologie" not in html


def test_list_filters_sorts_and_bulk_moves(world):
    client = world.client_for("coordinator")
    list_url = reverse("outreach:pipeline-list", kwargs={"route_pk": world.route.pk})
    html = client.get(list_url, {"sort": "-name"}).content.decode()
    assert html.index("Brancheclub Techniek") < html.index("Bakkerij De Korenaar")
    response = client.post(
        reverse("outreach:pipeline-bulk-move", kwargs={"route_pk": world.route.pk}),
        {"entry": [f"{world.company.pk}:1", f"{world.branch.pk}:1"], "to_stage": "paused", "filters": "stage=prospect"},
    )
    assert response.status_code == 302 and response["Location"] == list_url + "?stage=prospect"
    assert stage_of(world.company) == stage_of(world.branch) == Stage.PAUSED
    html = client.get(list_url, {"stage": "paused"}).content.decode()
    assert "Bakkerij De Korenaar" in html and "Brancheclub Techniek" in html


def test_bulk_move_with_an_organisation_of_another_route_moves_nothing(world):
    response = world.client_for("coordinator").post(
        reverse("outreach:pipeline-bulk-move", kwargs={"route_pk": world.route.pk}),
        {"entry": [f"{world.company.pk}:1", f"{world.other_company.pk}:1"], "to_stage": "paused"},
    )
    assert response.status_code == 302
    assert not PipelineEntry.objects.exists()


def test_bulk_move_with_a_stale_row_moves_nothing(world):
    stage_move(route=world.route, organisation=world.branch, to_stage=Stage.CONTACTED, by=world.users["admin"])
    world.client_for("coordinator").post(
        reverse("outreach:pipeline-bulk-move", kwargs={"route_pk": world.route.pk}),
        {"entry": [f"{world.company.pk}:1", f"{world.branch.pk}:1"], "to_stage": "paused"},
    )
    assert stage_of(world.company) == Stage.PROSPECT and stage_of(world.branch) == Stage.CONTACTED


def test_bulk_move_with_garbage_selection_moves_nothing(world):
    response = world.client_for("coordinator").post(
        reverse("outreach:pipeline-bulk-move", kwargs={"route_pk": world.route.pk}),
        {"entry": ["x:1", "1"], "to_stage": "paused"},
    )
    assert response.status_code == 302
    assert not PipelineEntry.objects.exists()


def test_entry_detail_shows_time_in_each_stage(world):
    by = world.users["coordinator"]
    stage_move(route=world.route, organisation=world.company, to_stage=Stage.INTAKE_PLANNED, by=by)
    response = world.client_for("teacher").get(entry_url("entry-detail", world.route, world.company))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<tr data-stage="prospect">' in html and '<tr data-stage="intake_planned">' in html
    assert 'name="to_stage"' not in html  # teachers read


def test_entry_detail_without_entry_is_a_prospect(world):
    html = world.client_for("coordinator").get(entry_url("entry-detail", world.route, world.company)).content.decode()
    assert '<tr data-stage="prospect">' in html
    assert not PipelineEntry.objects.exists()


def test_entry_edit_saves_source_and_front_runner(world):
    activity = OutreachActivityFactory(route=world.route)
    client = world.client_for("coordinator")
    url = entry_url("entry-edit", world.route, world.company)
    assert client.get(url).status_code == 200
    data = {"source": "employers_meeting", "source_organisation": world.branch.pk, "source_activity": activity.pk,
            "source_note": "<script>x</script>", "front_runner": "on", "version": 1}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    entry = PipelineEntry.objects.get(organisation=world.company)
    assert (entry.source, entry.source_organisation, entry.source_activity, entry.front_runner) == (
        "employers_meeting", world.branch, activity, True,
    )  # fmt: skip
    html = client.get(entry_url("entry-detail", world.route, world.company)).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x</script>" not in html


def test_entry_edit_refuses_foreign_activity_and_organisation(world):
    foreign = OutreachActivityFactory(route=world.other_route)
    client = world.client_for("coordinator")
    url = entry_url("entry-edit", world.route, world.company)
    response = client.post(
        url, {"source_activity": foreign.pk, "source_organisation": world.other_company.pk, "version": 1}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"source_activity", "source_organisation"}
    assert not PipelineEntry.objects.exists()


def test_entry_edit_stale_version_shows_the_stored_state(world):
    client = world.client_for("coordinator")
    url = entry_url("entry-edit", world.route, world.company)
    assert client.post(url, {"source": "research", "version": 1}).status_code == 302
    response = client.post(url, {"source": "other", "version": 1})
    assert response.status_code == 200
    form = response.context["form"]
    assert response.context["stale"] and 'id="stale-notice"' in response.content.decode()
    assert form.initial["source"] == "research" and form.initial["version"] == 2
    assert PipelineEntry.objects.get(organisation=world.company).source == "research"


def test_entry_edit_is_403_for_teachers(world):
    assert world.client_for("teacher").get(entry_url("entry-edit", world.route, world.company)).status_code == 403


def test_board_filter_in_place_returns_the_board_only(world):
    response = world.client_for("teacher").get(board_url(world.route), {"q": "brancheclub"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board"')
    assert "<h1>" not in html and "Brancheclub Techniek" in html and "Bakkerij De Korenaar" not in html


def test_list_search_in_place_returns_the_results_only(world):
    url = reverse("outreach:pipeline-list", kwargs={"route_pk": world.route.pk})
    headers = {"HX-Request": "true", "HX-Target": "pipeline-results"}
    response = world.client_for("teacher").get(url, {"q": "korenaar"}, headers=headers)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="pipeline-results"')
    assert "Bakkerij De Korenaar" in html and "Brancheclub Techniek" not in html
    assert 'name="entry"' not in html  # teachers get no selection boxes


def test_move_from_the_entry_page_returns_there(world):
    response = world.client_for("coordinator").post(
        move_url(world.route, world.company), {"to_stage": "hosting", "version": 1, "view": "detail"}
    )
    assert response["Location"] == entry_url("entry-detail", world.route, world.company)
    assert stage_of(world.company) == Stage.HOSTING


def test_archived_organisations_are_not_on_the_board(world):
    world.company.archived_at = world.company.created_at
    world.company.save(update_fields=["archived_at"])
    html = world.client_for("coordinator").get(board_url(world.route)).content.decode()
    assert "Bakkerij De Korenaar" not in html and "Brancheclub Techniek" in html


@pytest.mark.parametrize("persona", ["coordinator", "teacher"])
def test_each_card_links_to_the_quick_entry_of_a_contact_moment(world, persona):
    """Staff (teachers too) log a contact moment from a card; without JavaScript they come back to the board, with
    its filters. The link names the organisation for screen readers."""
    client = world.client_for(persona)
    board = board_url(world.route) + "?kind=company"
    content = client.get(board).content.decode()

    hrefs = re.findall(r'href="([^"]*contact-moments/new/[^"]*)"', content)
    expected = (
        f"{reverse('outreach:interaction-create')}?route={world.route.pk}"
        f"&amp;next=%2Foutreach%2Froutes%2F{world.route.pk}%2Fboard%2F%3Fkind%3Dcompany&amp;organisation="
    )
    assert hrefs == [expected + str(world.company.pk)]
    assert f'<span class="visually-hidden"> {world.company.name}</span>' in content

    entry = client.get(hrefs[0].replace("&amp;", "&"))
    assert entry.status_code == 200
    assert entry.context["form"].initial["route"] == world.route.pk
    assert entry.context["next"] == board
    saved = client.post(
        hrefs[0].replace("&amp;", "&"),
        {
            "organisation": world.company.pk,
            "route": world.route.pk,
            "kind": "phone",
            "occurred_on": timezone.localdate().isoformat(),
            "notes": "Gebeld vanaf het bord.",
            "next": board,
        },
    )
    assert saved.status_code == 302 and saved["Location"] == board


def test_cards_of_an_archived_route_have_no_contact_link(world):
    world.route.archived_at = timezone.now()
    world.route.save(update_fields=["archived_at"])
    response = world.client_for("coordinator").get(board_url(world.route))
    assert response.status_code == 200
    assert "contact-moments/new/" not in response.content.decode()
