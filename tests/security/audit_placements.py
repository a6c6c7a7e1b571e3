"""Audit expectations of the placements services, gathered into tests/security/test_audit.py's guard."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType
from typing import Any

from tests.conftest import World
from tests.factories import OrganisationFactory
from tests.factories.placements import StudentFactory, placement_world
from verbinder.accounts.models import User
from verbinder.placements.models import MatchProposal, Placement, Student, Workplace
from verbinder.placements.services import matching, pipeline_link, placements, student_import, students, workplaces
from verbinder.placements.services.placements import HostInput

MODULES: list[ModuleType] = [placements, pipeline_link, workplaces, matching, students, student_import]

NOT_WRITES: dict[str, str] = {
    "error_codes": "pure: the codes of a ValidationError",
    "placement_snapshot": "read-only: the state an event keeps",
    "company_recipients": "read-only: who receives the company's link",
    "student_recipient": "read-only: who receives the student's link",
    "answer_url": "pure: the absolute URL of an answer link",
    "closed_message": "pure: the text for a closed proposal",
    "answers_for_company": "read-only: whether an e-mail address still answers for the company",
    "route_coordinators": "read-only: the route's coordinators",
    "route_staff_ids": "read-only: the route's staff",
    "normalise_student_number": "pure: a student number without spaces",
    "clean_student_fields": "read-only check of a student's fields",
    "logins_for_emails": "read-only: accounts that may be linked to students",
    "prior_education_for": "pure: prior education from a spreadsheet's word",
    "status_for": "pure: a status from a spreadsheet's word",
    "cohort_for": "pure: a cohort from a spreadsheet's cell",
    "suggest_mapping": "pure: columns suggested by header",
    "mapping_initial": "read-only: the route's stored column choice",
    "upload_store": "stores the uploaded file (no database row); the import logs each student",
    "upload_discard": "deletes an uploaded file (personal data), no database row",
    "uploads_sweep": "deletes day-old uploaded files, no database row",
    "upload_read": "read-only: the rows of an uploaded file",
    "samples_by_column": "pure: sample values per column",
    "check_rows": "read-only check of an import's rows",
    "preview": "pure: the rows shown before an import",
    "students_check": "read-only check of an uploaded file",
}

ON = datetime.date(2027, 2, 1)
HOSTED = "outreach.stage.moved"  # the factory-made placement's company moves into "hosting" on its first change

Call = Callable[[World, User], Any]


def _second(w: World) -> Any:
    return OrganisationFactory(name="Tweede Bedrijf", routes=[w.route])


def _shared(w: World, by: User) -> Placement:
    made = placement_world(w)
    return placements.placement_host_add(
        by=by,
        placement=made.placement,
        host=HostInput(organisation=_second(w), share=Decimal(1)),
        shares={made.host.pk: Decimal(3)},
        on=ON,
        reason="Gedeeld",
        version=made.placement.version,
    )


def _paused(w: World, by: User) -> Placement:
    made = placement_world(w)
    return placements.placement_pause(
        by=by, placement=made.placement, on=ON, reason="Ziek", expected_return=datetime.date(2027, 4, 1), version=1
    )


def _placement(w: World) -> Placement:
    return placement_world(w).placement


def _csv_upload(w: World) -> Any:
    data = b"Studentnummer;Voornaam;Achternaam;Cohort;Vooropleiding\n7000001;Iris;Import;2026;havo\n"
    return student_import.upload_store(route=w.route, name="studenten.csv", data=data)


def _mapping() -> dict[str, int]:
    return {"student_number": 0, "first_name": 1, "last_name": 2, "cohort": 3, "prior_education": 4}


def _workplace_fields() -> dict[str, Any]:
    return {
        "title": "Monteur",
        "tasks": "Meewerken",
        "hours_per_week": Decimal(32),
        "start_date": datetime.date.today() + datetime.timedelta(days=30),
    }


def _propose(w: World, by: User) -> MatchProposal:
    made = placement_world(w)
    return matching.match_propose(
        by=by,
        workplace=made.workplace,
        student=StudentFactory(route=w.route, first_name="Nieuwe", last_name="Student"),
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
        working_per_week=Decimal(4),
    )


CASES: dict[str, tuple[Call, set[str], Callable[[World], Any]]] = {
    "placement_create": (
        lambda w, by: placements.placement_create(
            by=by,
            student=StudentFactory(route=w.route, first_name="Nieuw"),
            hosts=[HostInput(organisation=w.company, share=Decimal(4))],
            start_date=datetime.date(2026, 9, 1),
            end_date=datetime.date(2028, 8, 31),
            working_per_week=Decimal(4),
        ),
        {"placements.placement.created", HOSTED},
        lambda w: Placement.objects.get(student__first_name="Nieuw"),
    ),
    "placement_host_add": (_shared, {"placements.placement.host_added", HOSTED}, _placement),
    "placement_host_remove": (
        lambda w, by: placements.placement_host_remove(
            by=by,
            placement=(p := _shared(w, by)),
            host=p.hosts.get(slot=2, is_current=True),
            on=ON,
            reason="Weg",
            version=p.version,
        ),
        {"placements.placement.host_added", "placements.placement.host_removed", HOSTED},
        _placement,
    ),
    "placement_employer_change": (
        lambda w, by: placements.placement_employer_change(
            by=by,
            placement=_placement(w),
            host=placement_world(w).host,
            new=HostInput(organisation=_second(w), share=Decimal(4)),
            on=ON,
            reason="Overstap",
            version=1,
        ),
        {"placements.placement.employer_changed", HOSTED},
        _placement,
    ),
    "placement_shares_change": (
        lambda w, by: placements.placement_shares_change(
            by=by,
            placement=_placement(w),
            shares={placement_world(w).host.pk: Decimal(5)},
            working_per_week=Decimal(5),
            on=ON,
            reason="Meer",
            version=1,
        ),
        {"placements.placement.shares_changed", HOSTED},
        _placement,
    ),
    "placement_host_update": (
        lambda w, by: placements.placement_host_update(
            by=by,
            placement=_placement(w),
            host=placement_world(w).host,
            supervisor=None,
            contract_type="arbeidsovereenkomst",
            on=ON,
            reason="Contract",
            version=1,
        ),
        {"placements.placement.host_updated", HOSTED},
        _placement,
    ),
    "placement_details_update": (
        lambda w, by: placements.placement_details_update(
            by=by,
            placement=_placement(w),
            teacher=w.users["teacher"],
            end_date=datetime.date(2028, 6, 30),
            on=ON,
            reason="Docent",
            version=1,
        ),
        {"placements.placement.updated", HOSTED},
        _placement,
    ),
    "placement_pause": (_paused, {"placements.placement.paused", HOSTED}, _placement),
    "placement_resume": (
        lambda w, by: placements.placement_resume(
            by=by, placement=_paused(w, by), on=datetime.date(2027, 3, 1), reason="Terug", version=2
        ),
        {"placements.placement.paused", "placements.placement.resumed", HOSTED},
        _placement,
    ),
    "placement_end": (
        lambda w, by: placements.placement_end(by=by, placement=_placement(w), on=ON, reason="Gestopt", version=1),
        {"placements.placement.ended"},
        _placement,
    ),
    "hosting_sync": (
        lambda w, by: (
            _placement(w),
            pipeline_link.hosting_sync(route=w.route, organisation_ids=[w.company.pk], by=by),
        ),
        {HOSTED},
        lambda w: w.company,
    ),
    "workplace_create": (
        lambda w, by: workplaces.workplace_create(
            by=by, route=w.route, organisation=w.company, fields=_workplace_fields()
        ),
        {"placements.workplace.created"},
        lambda w: Workplace.objects.get(title="Monteur"),
    ),
    "workplace_offer": (
        lambda w, by: workplaces.workplace_offer(
            by=by, route=w.route, organisation=w.company, fields=_workplace_fields()
        ),
        {"placements.workplace.offered"},
        lambda w: Workplace.objects.get(title="Monteur"),
    ),
    "workplace_approve": (
        lambda w, by: workplaces.workplace_approve(by=by, workplace=placement_world(w).proposed_workplace, version=1),
        {"placements.workplace.approved"},
        lambda w: placement_world(w).proposed_workplace,
    ),
    "workplace_update": (
        lambda w, by: workplaces.workplace_update(
            by=by, workplace=placement_world(w).workplace, version=1, fields={"title": "Nieuwe titel"}
        ),
        {"placements.workplace.updated"},
        lambda w: placement_world(w).workplace,
    ),
    "workplace_withdraw": (
        lambda w, by: workplaces.workplace_withdraw(by=by, workplace=placement_world(w).workplace, version=1),
        {"placements.workplace.withdrawn", "placements.match.withdrawn"},
        lambda w: placement_world(w).workplace,
    ),
    "workplace_fill": (
        lambda w, by: workplaces.workplace_fill(by=by, workplace=placement_world(w).workplace),
        {"placements.workplace.filled"},
        lambda w: placement_world(w).workplace,
    ),
    "workplace_proposals_withdraw": (
        lambda w, by: matching.workplace_proposals_withdraw(by=by, workplace=placement_world(w).workplace),
        {"placements.match.withdrawn"},
        lambda w: placement_world(w).proposal,
    ),
    "match_propose": (
        _propose,
        {"placements.match.proposed"},
        lambda w: MatchProposal.objects.get(student__first_name="Nieuwe"),
    ),
    "match_answer": (
        lambda w, by: matching.match_answer(proposal=placement_world(w).proposal, party="company", accept=False, by=by),
        {"placements.match.declined"},
        lambda w: placement_world(w).proposal,
    ),
    "match_withdraw": (
        lambda w, by: matching.match_withdraw(by=by, proposal=placement_world(w).proposal, version=1),
        {"placements.match.withdrawn"},
        lambda w: placement_world(w).proposal,
    ),
    "match_resend": (
        lambda w, by: matching.match_resend(by=by, proposal=_propose(w, by)),
        {"placements.match.proposed", "placements.match.resent"},
        lambda w: MatchProposal.objects.get(student__first_name="Nieuwe"),
    ),
    "student_create": (
        lambda w, by: students.student_create(
            by=by,
            route=w.route,
            fields={
                "student_number": "7000002",
                "first_name": "Nina",
                "last_name": "Nieuw",
                "cohort": 2026,
                "prior_education": "havo",
            },
        ),
        {"placements.student.created"},
        lambda w: Student.objects.get(student_number="7000002"),
    ),
    "student_update": (
        lambda w, by: students.student_update(
            by=by, student=placement_world(w).student, version=1, fields={"city": "Zwolle"}
        ),
        {"placements.student.updated"},
        lambda w: placement_world(w).student,
    ),
    "students_import": (
        lambda w, by: student_import.students_import(by=by, route=w.route, upload=_csv_upload(w), mapping=_mapping()),
        {"placements.student.imported"},
        lambda w: Student.objects.get(student_number="7000001"),
    ),
    "mapping_save": (
        lambda w, by: student_import.mapping_save(
            by=by,
            route=w.route,
            headers=["Studentnummer", "Voornaam", "Achternaam", "Cohort", "Vooropleiding"],
            mapping=_mapping(),
        ),
        {"placements.student_import_mapping.saved"},
        lambda w: None,
    ),
}
