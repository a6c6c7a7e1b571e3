"""Who may reach the matching pages: the route's staff read (matching page, proposals), its coordinators propose,
resend and withdraw; the company contact of the workplace's company and the proposed student answer in
Verbinder; nobody else sees a proposal (404). The public answer page of an e-mailed link needs no login: a
tampered token gets the same 404 for everyone, logged in or not, and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core import signing

from tests.conftest import World
from tests.factories.placements import MatchProposalFactory, StudentFactory, placement_world
from tests.security.matrix.base import Row, statuses

STAFF_PAGE = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=302)
PROPOSE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
PROPOSE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
CHANGE_A = statuses(404, admin=302, coordinator=302, teacher=403, anonymous=302)
CHANGE_B = statuses(404, admin=302, other_coordinator=302, anonymous=302)
# Staff and administrators see a proposal but answer for nobody: 403.
ANSWER_A = statuses(404, admin=403, coordinator=403, teacher=403, company_contact=200, anonymous=302)
ANSWER_B = statuses(404, admin=403, other_coordinator=403, other_company_contact=200, anonymous=302)
ANSWER_OWN_STUDENT = statuses(404, admin=403, coordinator=403, teacher=403, company_contact=200, student=200,
                              anonymous=302)  # fmt: skip
NOT_FOUND_FOR_EVERYONE = statuses(404)
POST_ONLY = statuses(405)


def done(expect: dict[str, int]) -> dict[str, int]:
    return {persona: 302 if status == 200 else status for persona, status in expect.items()}


def tampered_token(w: World) -> dict[str, Any]:
    proposal = placement_world(w).proposal
    token = signing.dumps([proposal.pk, "guessed"], salt="verbinder.core.links.wrong-purpose")
    return {"token": token}


def proposal_a(w: World) -> dict[str, Any]:
    return {"pk": placement_world(w).proposal.pk}


def proposal_b(w: World) -> dict[str, Any]:
    return {"pk": placement_world(w).other_proposal.pk}


def students_own_proposal(w: World) -> dict[str, Any]:
    pw = placement_world(w)
    return {"pk": MatchProposalFactory(workplace=pw.workplace, route=w.route, student=pw.student).pk}


def propose_form(w: World, route: Any) -> dict[str, Any]:
    student = StudentFactory(route=route)
    affiliation = w.affiliation if route == w.route else w.other_affiliation
    return {
        "student": student.pk,
        "start_date": "2026-09-01",
        "end_date": "2028-08-31",
        "working_per_week": "4",
        "share_unit": "days",
        "supervisor": affiliation.pk,
        "contract_type": "leerarbeidsovereenkomst",
    }


def version(w: World) -> dict[str, Any]:
    return {"version": placement_world(w).proposal.version}


def other_version(w: World) -> dict[str, Any]:
    return {"version": placement_world(w).other_proposal.version}


ROWS: list[Row] = [
    Row("placements:matching", STAFF_PAGE),
    Row("placements:match-list", STAFF_PAGE),
    Row("placements:match-propose", PROPOSE_A, kwargs=lambda w: {"pk": placement_world(w).workplace.pk}),
    Row(
        "placements:match-propose",
        PROPOSE_B,
        kwargs=lambda w: {"pk": placement_world(w).other_workplace.pk},
        label="other route",
    ),
    Row(
        "placements:match-propose",
        statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302),  # refused in the form: not open
        kwargs=lambda w: {"pk": placement_world(w).proposed_workplace.pk},
        label="awaiting approval",
        method="POST",
        data=lambda w: propose_form(w, w.route),
    ),
    Row(
        "placements:match-propose",
        CHANGE_A,
        kwargs=lambda w: {"pk": placement_world(w).workplace.pk},
        method="POST",
        data=lambda w: propose_form(w, w.route),
    ),
    Row(
        "placements:match-propose",
        CHANGE_B,
        kwargs=lambda w: {"pk": placement_world(w).other_workplace.pk},
        method="POST",
        data=lambda w: propose_form(w, w.other_route),
        label="other route",
    ),
    Row("placements:match-withdraw", POST_ONLY, kwargs=proposal_a),
    Row("placements:match-withdraw", CHANGE_A, kwargs=proposal_a, method="POST", data=version),
    Row(
        "placements:match-withdraw", CHANGE_B, kwargs=proposal_b, method="POST", data=other_version, label="other route"
    ),
    Row("placements:match-resend", POST_ONLY, kwargs=proposal_a),
    Row("placements:match-resend", CHANGE_A, kwargs=proposal_a, method="POST"),
    Row("placements:match-resend", CHANGE_B, kwargs=proposal_b, method="POST", label="other route"),
    Row("placements:match-answer", ANSWER_A, kwargs=proposal_a),
    Row("placements:match-answer", ANSWER_B, kwargs=proposal_b, label="other route"),
    Row("placements:match-answer", ANSWER_OWN_STUDENT, kwargs=students_own_proposal, label="the student's own"),
    Row(
        "placements:match-answer",
        done(ANSWER_A),
        kwargs=proposal_a,
        method="POST",
        data=lambda w: {"answer": "decline"},
    ),
    Row(
        "placements:match-answer",
        done(ANSWER_B),
        kwargs=proposal_b,
        method="POST",
        data=lambda w: {"answer": "decline"},
        label="other route",
    ),
    Row("placements:match-answer-link", NOT_FOUND_FOR_EVERYONE, kwargs=tampered_token, label="tampered"),
    Row(
        "placements:match-answer-link",
        NOT_FOUND_FOR_EVERYONE,
        kwargs=tampered_token,
        method="POST",
        data=lambda w: {"answer": "accept", "name": "Iemand"},
        label="tampered",
    ),
    # The page a link redirects to answers only to the browser that opened the link (its token is in that
    # session): without it, everyone gets the same 404.
    Row("placements:match-answer-open", NOT_FOUND_FOR_EVERYONE, kwargs=lambda w: {"pk": 1}, label="no link opened"),
    Row(
        "placements:match-answer-open",
        NOT_FOUND_FOR_EVERYONE,
        kwargs=lambda w: {"pk": 1},
        method="POST",
        data=lambda w: {"answer": "accept", "name": "Iemand"},
        label="no link opened",
    ),
]
