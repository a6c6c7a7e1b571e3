"""Who may reach which page of the partner registry, the portal, the account pages and the health check.

Route A (world.route) holds company, branch and the affiliation/relationship; route B (world.other_route)
holds other_company and other_affiliation. Every object URL has a row for an object of route A ("own")
and one of route B ("other"). POST rows send a valid form, so 302 means the action was allowed.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.factories import OrganisationFactory, RelationshipFactory
from tests.security.matrix.base import COMPANY_MEMBERS, Row, each, statuses
from verbinder.accounts.models import RoleAssignment
from verbinder.partners.enums import OrganisationKind, RelationshipKind
from verbinder.partners.models import Affiliation, Organisation, Person, Route

# Pages of the registry as a whole (lists): staff of any route and admins; outside staff, 404.
REGISTRY_PAGE = statuses(404, admin=200, coordinator=200, teacher=200, other_coordinator=200, anonymous=302)
# Only admins may add routes; staff are in reach of the registry but not allowed (403); externals 404.
ADMIN_ONLY = statuses(404, admin=200, coordinator=403, teacher=403, other_coordinator=403, anonymous=302)
# Only coordinators (and admins) add organisations; teachers may read the registry but not add (403).
COORDINATORS_ADD = statuses(404, admin=200, coordinator=200, other_coordinator=200, teacher=403, anonymous=302)
POST_ONLY = statuses(405)

# A route-A object (company, its affiliation): read by route-A staff and the company's own people.
READ_COMPANY = statuses(404, admin=200, coordinator=200, teacher=200, **each(COMPANY_MEMBERS, 200), anonymous=302)
READ_OTHER_COMPANY = statuses(404, admin=200, other_coordinator=200, other_company_contact=200, anonymous=302)
# Change a route-A organisation: its coordinator; teachers and the company's own people see it but may not (403).
CHANGE_COMPANY = statuses(404, admin=200, coordinator=200, teacher=403, **each(COMPANY_MEMBERS, 403), anonymous=302)
CHANGE_OTHER_COMPANY = statuses(404, admin=200, other_coordinator=200, other_company_contact=403, anonymous=302)
# Staff-only objects (routes, people): staff of the object's route.
READ_ROUTE_A = statuses(404, admin=200, coordinator=200, teacher=200, anonymous=302)
READ_ROUTE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
CHANGE_ROUTE_A = statuses(404, admin=200, coordinator=200, teacher=403, anonymous=302)
CHANGE_ROUTE_B = statuses(404, admin=200, other_coordinator=200, anonymous=302)
# Only administrators add and remove a route's coordinators and teachers; that route's staff may not (403).
STAFF_OF_ROUTE_A = statuses(404, admin=200, coordinator=403, teacher=403, anonymous=302)
STAFF_OF_ROUTE_B = statuses(404, admin=200, other_coordinator=403, anonymous=302)


def done(expect: dict[str, int]) -> dict[str, int]:
    """The same expectation for a successful POST: the allowed personas are redirected (302)."""
    return {persona: 302 if status == 200 else status for persona, status in expect.items()}


def no_data(w: World) -> dict[str, Any]:
    return {}


def pk_of(attribute: str) -> Any:
    return lambda w: {"pk": getattr(w, attribute).pk}


def _route_form(route: Route) -> dict[str, Any]:
    return {
        "programme_name": route.programme_name,
        "degree_type": route.degree_type,
        "croho_code": route.croho_code,
        "croho_area": route.croho_area,
        "hogeschool": route.hogeschool,
        "start_year": route.start_year,
    }


def new_route_form(w: World) -> dict[str, Any]:
    return {**_route_form(w.route), "programme_name": "Ad Nieuwe Route", "croho_code": "81234"}


def organisation_form(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "kvk_number": organisation.kvk_number,
        "establishment_number": organisation.establishment_number,
        "sbi_codes": organisation.sbi_codes,
        "size_class": organisation.size_class,
        "street": organisation.street,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "website": organisation.website,
        "has_hr": "",
        "notes": organisation.notes + " (bijgewerkt)",
        "version": organisation.version,
    }


def new_organisation_form(w: World) -> dict[str, Any]:
    return {
        "name": "Metaalwerk Zuid",
        "kind": OrganisationKind.COMPANY,
        "kvk_number": "87654321",
        "city": "Tilburg",
        "postcode": "5038 AB",
        "routes": [w.route.pk],
    }


def person_form(person: Person) -> dict[str, Any]:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name + "-Jansen",
        "preferred_language": person.preferred_language,
        "version": person.version,
    }


def new_person_form(w: World) -> dict[str, Any]:
    return {
        "person-first_name": "Noor",
        "person-last_name": "Bakker",
        "person-preferred_language": "nl",
        "affiliation-function_title": "HR-adviseur",
        "affiliation-email": "noor@bedrijf.nl",
        "affiliation-phone": "06 12345678",
    }


def affiliation_form(affiliation: Affiliation) -> dict[str, Any]:
    return {"function_title": "Directeur", "is_primary_contact": "on", "email": affiliation.email, "phone": ""}


def staff_assignment(persona: str, route: str) -> Any:
    def kwargs(w: World) -> dict[str, Any]:
        assignment = RoleAssignment.objects.get(user=w.users[persona])
        return {"pk": getattr(w, route).pk, "assignment_pk": assignment.pk}

    return kwargs


def other_relationship(w: World) -> dict[str, Any]:
    """A relationship between two organisations of route B."""
    other_branch = OrganisationFactory(
        name="Zorgnetwerk Twente", kind=OrganisationKind.BRANCH_ASSOCIATION, routes=[w.other_route]
    )
    return {"pk": RelationshipFactory(source=w.other_company, target=other_branch).pk}


ROWS: list[Row] = [
    # Health, home, portal, language.
    Row("healthz", statuses(200)),
    Row("core:home", statuses(302), label="everyone is sent on: to the login, the routes or the portal"),
    Row("portal:home", statuses(200, anonymous=302)),
    Row("accounts:language", POST_ONLY),
    Row("accounts:language", statuses(302), method="POST", data=lambda w: {"language": "en", "next": "/"}),
    # Routes.
    Row("partners:route-list", REGISTRY_PAGE),
    Row("partners:route-create", ADMIN_ONLY),
    Row("partners:route-create", done(ADMIN_ONLY), method="POST", data=new_route_form),
    Row("partners:route-detail", READ_ROUTE_A, kwargs=pk_of("route"), label="own route A"),
    Row("partners:route-detail", READ_ROUTE_B, kwargs=pk_of("other_route"), label="other route B"),
    Row("partners:route-edit", CHANGE_ROUTE_A, kwargs=pk_of("route"), label="own route A"),
    Row("partners:route-edit", CHANGE_ROUTE_B, kwargs=pk_of("other_route"), label="other route B"),
    Row(
        "partners:route-edit",
        done(CHANGE_ROUTE_A),
        kwargs=pk_of("route"),
        method="POST",
        data=lambda w: _route_form(w.route),
        label="own route A",
    ),
    Row(
        "partners:route-edit",
        done(CHANGE_ROUTE_B),
        kwargs=pk_of("other_route"),
        method="POST",
        data=lambda w: _route_form(w.other_route),
        label="other route B",
    ),
    # A route's staff.
    Row("partners:route-staff", STAFF_OF_ROUTE_A, kwargs=pk_of("route"), label="own route A"),
    Row("partners:route-staff", STAFF_OF_ROUTE_B, kwargs=pk_of("other_route"), label="other route B"),
    Row(
        "partners:route-staff",
        done(STAFF_OF_ROUTE_A),
        kwargs=pk_of("route"),
        method="POST",
        data=lambda w: {"email": "nieuwe.docent@hogeschool.nl", "name": "Nieuwe Docent", "role": "teacher"},
        label="own route A",
    ),
    Row("partners:route-staff-remove", POST_ONLY, kwargs=staff_assignment("teacher", "route")),
    Row(
        "partners:route-staff-remove",
        done(STAFF_OF_ROUTE_A),
        kwargs=staff_assignment("teacher", "route"),
        method="POST",
        data=no_data,
        label="the teacher of route A",
    ),
    Row(
        "partners:route-staff-remove",
        done(STAFF_OF_ROUTE_B),
        kwargs=staff_assignment("other_coordinator", "other_route"),
        method="POST",
        data=no_data,
        label="the coordinator of route B",
    ),
    Row(
        "partners:route-staff-remove",
        {**STAFF_OF_ROUTE_A, "admin": 404},
        kwargs=staff_assignment("other_coordinator", "route"),
        method="POST",
        data=no_data,
        label="route A's URL with route B's assignment",
    ),
    # Organisations: lists and create.
    Row("partners:organisation-list", REGISTRY_PAGE),
    Row("partners:organisation-list", REGISTRY_PAGE, query="?q=Zorgtechniek", label="search for route B's name"),
    Row("partners:organisation-list", REGISTRY_PAGE, query="?q=GEHEIM", label="search for a note's text"),
    Row("partners:organisation-list", REGISTRY_PAGE, query="?archived=on&sort=-updated&page=2", label="filters"),
    Row("partners:organisation-create", COORDINATORS_ADD),
    Row(
        "partners:organisation-create",
        {**done(COORDINATORS_ADD), "other_coordinator": 200},
        method="POST",
        data=new_organisation_form,
        label="into route A: route B's coordinator gets the form back with an error",
    ),
    # Organisations: one object.
    Row("partners:organisation-detail", READ_COMPANY, kwargs=pk_of("company"), label="own company (route A)"),
    Row(
        "partners:organisation-detail",
        {**READ_ROUTE_A, **each(COMPANY_MEMBERS, 404), "partner_contact": 200},
        kwargs=pk_of("branch"),
        label="own branch association (route A), the partner contact's organisation",
    ),
    Row(
        "partners:organisation-detail",
        READ_OTHER_COMPANY,
        kwargs=pk_of("other_company"),
        label="other company (route B)",
    ),
    Row("partners:organisation-edit", CHANGE_COMPANY, kwargs=pk_of("company"), label="own company"),
    Row("partners:organisation-edit", CHANGE_OTHER_COMPANY, kwargs=pk_of("other_company"), label="other company"),
    Row(
        "partners:organisation-edit",
        done(CHANGE_COMPANY),
        kwargs=pk_of("company"),
        method="POST",
        data=lambda w: organisation_form(w.company),
        label="own company",
    ),
    Row(
        "partners:organisation-edit",
        done(CHANGE_OTHER_COMPANY),
        kwargs=pk_of("other_company"),
        method="POST",
        data=lambda w: organisation_form(w.other_company),
        label="other company",
    ),
]

for _name in ("partners:organisation-archive", "partners:organisation-restore"):
    ROWS += [
        Row(_name, POST_ONLY, kwargs=pk_of("company")),
        Row(_name, done(CHANGE_COMPANY), kwargs=pk_of("company"), method="POST", data=no_data, label="own company"),
        Row(
            _name,
            done(CHANGE_OTHER_COMPANY),
            kwargs=pk_of("other_company"),
            method="POST",
            data=no_data,
            label="other company",
        ),
    ]

ROWS += [
    Row("partners:organisation-route-link", CHANGE_COMPANY, kwargs=pk_of("company"), label="form, own company"),
    Row(
        "partners:organisation-route-link",
        CHANGE_OTHER_COMPANY,
        kwargs=pk_of("other_company"),
        label="form, other company",
    ),
    # Linking to route B: only the admin coordinates it; route A's coordinator gets the form back with an error.
    Row(
        "partners:organisation-route-link",
        {**done(CHANGE_COMPANY), "coordinator": 200},
        kwargs=pk_of("company"),
        method="POST",
        data=lambda w: {"route": w.other_route.pk},
        label="own company",
    ),
    Row(
        "partners:organisation-route-link",
        {**done(CHANGE_OTHER_COMPANY), "other_coordinator": 200},
        kwargs=pk_of("other_company"),
        method="POST",
        data=lambda w: {"route": w.route.pk},
        label="other company",
    ),
    Row(
        "partners:organisation-route-unlink",
        POST_ONLY,
        kwargs=lambda w: {"pk": w.company.pk, "route_pk": w.route.pk},
    ),
    Row(
        "partners:organisation-route-unlink",
        done(CHANGE_COMPANY),
        kwargs=lambda w: {"pk": w.company.pk, "route_pk": w.route.pk},
        method="POST",
        data=no_data,
        label="own company from route A",
    ),
    Row(
        "partners:organisation-route-unlink",
        done(CHANGE_OTHER_COMPANY),
        kwargs=lambda w: {"pk": w.other_company.pk, "route_pk": w.other_route.pk},
        method="POST",
        data=no_data,
        label="other company from route B",
    ),
    Row(
        "partners:organisation-route-unlink",
        {**done(CHANGE_COMPANY), "coordinator": 404},
        kwargs=lambda w: {"pk": w.company.pk, "route_pk": w.other_route.pk},
        method="POST",
        data=no_data,
        label="own company from route B, which its coordinator does not run",
    ),
    Row("partners:organisation-person-create", CHANGE_COMPANY, kwargs=pk_of("company"), label="own company"),
    Row(
        "partners:organisation-person-create",
        CHANGE_OTHER_COMPANY,
        kwargs=pk_of("other_company"),
        label="other company",
    ),
    Row(
        "partners:organisation-person-create",
        done(CHANGE_COMPANY),
        kwargs=pk_of("company"),
        method="POST",
        data=new_person_form,
        label="own company",
    ),
    Row("partners:relationship-create", CHANGE_COMPANY, kwargs=pk_of("company"), label="own company"),
    Row("partners:relationship-create", CHANGE_OTHER_COMPANY, kwargs=pk_of("other_company"), label="other company"),
    Row(
        "partners:relationship-create",
        done(CHANGE_COMPANY),
        kwargs=pk_of("company"),
        method="POST",
        data=lambda w: {"kind": RelationshipKind.WORKS_WITH, "target": w.branch.pk, "note": "Samen"},
        label="own company, with an organisation of the same route",
    ),
    # A relationship is reachable when both of its organisations are: the company's own people do not
    # see the branch association, so for them it is out of reach (404).
    Row("partners:relationship-delete", POST_ONLY, kwargs=pk_of("relationship")),
    Row(
        "partners:relationship-delete",
        done(CHANGE_ROUTE_A),
        kwargs=pk_of("relationship"),
        method="POST",
        data=no_data,
        label="own relationship (route A)",
    ),
    Row(
        "partners:relationship-delete",
        done(CHANGE_ROUTE_B),
        kwargs=other_relationship,
        method="POST",
        data=no_data,
        label="other relationship (route B)",
    ),
    # People: staff only; external users never see the people register (404).
    Row("partners:person-list", REGISTRY_PAGE),
    Row("partners:person-list", REGISTRY_PAGE, query="?q=Bram", label="search for route B's person"),
    Row("partners:person-detail", READ_ROUTE_A, kwargs=lambda w: {"pk": w.affiliation.person_id}, label="own"),
    Row("partners:person-detail", READ_ROUTE_B, kwargs=lambda w: {"pk": w.other_affiliation.person_id}, label="other"),
    Row("partners:person-edit", CHANGE_ROUTE_A, kwargs=lambda w: {"pk": w.affiliation.person_id}, label="own"),
    Row("partners:person-edit", CHANGE_ROUTE_B, kwargs=lambda w: {"pk": w.other_affiliation.person_id}, label="other"),
    Row(
        "partners:person-edit",
        done(CHANGE_ROUTE_A),
        kwargs=lambda w: {"pk": w.affiliation.person_id},
        method="POST",
        data=lambda w: person_form(w.affiliation.person),
        label="own",
    ),
    Row("partners:person-archive", POST_ONLY, kwargs=lambda w: {"pk": w.affiliation.person_id}),
    Row(
        "partners:person-archive",
        done(CHANGE_ROUTE_A),
        kwargs=lambda w: {"pk": w.affiliation.person_id},
        method="POST",
        data=no_data,
        label="own",
    ),
    Row(
        "partners:person-archive",
        done(CHANGE_ROUTE_B),
        kwargs=lambda w: {"pk": w.other_affiliation.person_id},
        method="POST",
        data=no_data,
        label="other",
    ),
    Row("partners:person-restore", POST_ONLY, kwargs=lambda w: {"pk": w.affiliation.person_id}),
    Row(
        "partners:person-restore",
        done(CHANGE_ROUTE_A),
        kwargs=lambda w: {"pk": w.affiliation.person_id},
        method="POST",
        data=no_data,
        label="own",
    ),
    Row(
        "partners:person-restore",
        done(CHANGE_ROUTE_B),
        kwargs=lambda w: {"pk": w.other_affiliation.person_id},
        method="POST",
        data=no_data,
        label="other",
    ),
    Row(
        "partners:person-affiliation-add",
        CHANGE_ROUTE_A,
        kwargs=lambda w: {"pk": w.affiliation.person_id},
        label="own",
    ),
    Row(
        "partners:person-affiliation-add",
        CHANGE_ROUTE_B,
        kwargs=lambda w: {"pk": w.other_affiliation.person_id},
        label="other",
    ),
    Row(
        "partners:person-affiliation-add",
        done(CHANGE_ROUTE_A),
        kwargs=lambda w: {"pk": w.affiliation.person_id},
        method="POST",
        data=lambda w: {"organisation": w.branch.pk, "function_title": "Bestuurslid", "email": "", "phone": ""},
        label="own, at an organisation of the same route",
    ),
    # Affiliations belong to an organisation: its own people see them on its page, so editing is 403 for them.
    Row("partners:affiliation-edit", CHANGE_COMPANY, kwargs=pk_of("affiliation"), label="own"),
    Row("partners:affiliation-edit", CHANGE_OTHER_COMPANY, kwargs=pk_of("other_affiliation"), label="other"),
    Row(
        "partners:affiliation-edit",
        done(CHANGE_COMPANY),
        kwargs=pk_of("affiliation"),
        method="POST",
        data=lambda w: affiliation_form(w.affiliation),
        label="own",
    ),
    Row("partners:affiliation-end", POST_ONLY, kwargs=pk_of("affiliation")),
    Row(
        "partners:affiliation-end",
        done(CHANGE_COMPANY),
        kwargs=pk_of("affiliation"),
        method="POST",
        data=no_data,
        label="own",
    ),
    Row(
        "partners:affiliation-end",
        done(CHANGE_OTHER_COMPANY),
        kwargs=pk_of("other_affiliation"),
        method="POST",
        data=no_data,
        label="other",
    ),
]
