"""Deterministic Dutch demo data for `verbinder seed_demo --scale N`.

Everything is generated in memory from one seeded Faker (nl_NL) and one seeded random.Random, then
written with bulk_create: the same scale on an empty database gives the same data every time, and
national scale (N=100) loads in seconds. Scale 1 is one route with about 40 organisations; every
further route adds its own companies and links to the shared organisations of its sector and region.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model, Prefetch
from django.utils.text import slugify
from faker import Faker

from verbinder.accounts.enums import Role
from verbinder.accounts.models import RoleAssignment, User
from verbinder.agreements.demo import agreements_demo_seed
from verbinder.core.activity import log_actions_bulk
from verbinder.core.demo_tables import (
    CITIES,
    CITY_BY_NAME,
    DUTCH_MONTHS,
    FAMILY_NAMES,
    HOGESCHOLEN,
    HR_TITLES,
    NOTE_CHANNELS,
    NOTE_NEXT_STEPS,
    NOTE_OPENINGS,
    NOTE_POINTS,
    OWNER_TITLES,
    PLACES,
    POSTCODE_LETTERS,
    PROGRAMMES,
    RELATIONSHIP_NOTES,
    SECTORS,
    STREETS,
    City,
    Hogeschool,
    Programme,
    Sector,
)
from verbinder.outreach.demo import outreach_demo_seed
from verbinder.partners.enums import OrganisationKind, RelationshipKind, SizeClass, sbi_section
from verbinder.partners.models import Affiliation, Organisation, Partnership, Person, Relationship, Route
from verbinder.partners.validators import normalise_phone
from verbinder.placements.demo import placements_demo_seed

SEED = 20260901
DEFAULT_PASSWORD = "verbinder-demo"  # noqa: S105 - the published demo password, DEBUG only
DEMO_DOMAIN = "example.nl"
COMPANIES_PER_ROUTE = 36
# Companies of earlier routes in the same province that also become partners of a later route.
SHARED_COMPANIES_PER_ROUTE = 3
BATCH_SIZE = 1000
SOURCE = {"source": "seed_demo"}

SIZE_WEIGHTS = ((SizeClass.MICRO, 40), (SizeClass.SMALL, 34), (SizeClass.MEDIUM, 19), (SizeClass.LARGE, 7))

# Demo logins, in the order they are printed: e-mail local part -> role.
LOGINS: tuple[tuple[str, Role], ...] = (
    ("beheerder", Role.ADMIN),
    ("coordinator", Role.COORDINATOR),
    ("landelijk.coordinator", Role.COORDINATOR),
    ("docent", Role.TEACHER),
    ("contactpersoon", Role.COMPANY_CONTACT),
    ("contactpersoon2", Role.COMPANY_CONTACT),
    ("praktijkbegeleider", Role.WORKPLACE_SUPERVISOR),
    ("student", Role.STUDENT),
    ("partner", Role.PARTNER_CONTACT),
)

# Function titles of the people at organisations other than companies: first the primary contact.
INSTITUTION_TITLES = {
    OrganisationKind.BRANCH_ASSOCIATION: ("Regiomanager", "Beleidsadviseur onderwijs en arbeidsmarkt"),
    OrganisationKind.EMPLOYERS_ORGANISATION: ("Adviseur arbeidsmarkt en onderwijs",),
    OrganisationKind.SECTOR_PARTNERSHIP: ("Programmamanager", "Projectleider"),
    OrganisationKind.MUNICIPALITY: ("Accountmanager werkgeversdienstverlening", "Beleidsadviseur economie"),
    OrganisationKind.PROVINCE: ("Beleidsmedewerker arbeidsmarkt",),
    OrganisationKind.HOGESCHOOL_UNIT: ("Opleidingsmanager", "Coördinator werkplekleren"),
    OrganisationKind.OTHER: ("Loopbaanadviseur",),
}


def login_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    organisation: str

    @property
    def line(self) -> str:
        return f"{self.role}\t{self.email}\t{self.organisation}"


@dataclass
class _Contacts:
    owner: Person
    supervisor: Person | None = None


@dataclass
class _RoutePartners:
    route: Route
    companies: list[Organisation]
    branches: list[Organisation]
    unit: Organisation


@dataclass
class _Demo:
    """The generated objects, unsaved, in the order they are written."""

    routes: list[Route] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    assignments: list[RoleAssignment] = field(default_factory=list)


class _Builder:
    def __init__(self, *, scale: int, numbers_in_use: set[str], names_in_use: set[str]) -> None:
        self.scale = scale
        self.rng = random.Random(SEED)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(SEED)
        self.demo = _Demo()
        self._numbers = numbers_in_use
        self._names = names_in_use
        self._shared: dict[tuple[str, ...], Organisation] = {}
        self._relationship_keys: set[tuple[int, str, int]] = set()
        self._partnership_keys: set[tuple[int, int]] = set()
        self._companies_by_province: dict[str, list[Organisation]] = {}
        self._contacts: dict[int, _Contacts] = {}
        self._first_route: _RoutePartners | None = None

    # Routes

    def build(self, *, password: str) -> _Demo:
        for index, (programme, hogeschool) in enumerate(self._route_plan()):
            start_year = 2024 if index == 0 else self.rng.randint(2018, 2026)
            route = Route(
                programme_name=programme.name,
                degree_type=programme.degree,
                croho_code=programme.croho_code,
                croho_area=programme.croho_area,
                hogeschool=hogeschool.name,
                start_year=start_year,
            )
            self.demo.routes.append(route)
            partners = self._route_partners(route, programme, hogeschool)
            if self._first_route is None:
                self._first_route = partners
        self._logins(password_hash=make_password(password))
        return self.demo

    def _route_plan(self) -> list[tuple[Programme, Hogeschool]]:
        """Distinct (programme, hogeschool) pairs; the first route is always the same familiar one."""
        pairs = [
            (programme, hogeschool)
            for hogeschool in HOGESCHOLEN
            for programme in PROGRAMMES
            if not hogeschool.sectors or programme.sector in hogeschool.sectors
        ]
        first = pairs.pop(0)
        self.rng.shuffle(pairs)
        pairs.insert(0, first)
        return [pairs[index % len(pairs)] for index in range(self.scale)]

    def _route_partners(self, route: Route, programme: Programme, hogeschool: Hogeschool) -> _RoutePartners:
        sector = SECTORS[programme.sector]
        home = CITY_BY_NAME[hogeschool.city]
        region = [city for city in CITIES if city.province == home.province]
        companies = [
            self._company(sector, home if self.rng.random() < 0.5 else self.rng.choice(region))
            for _ in range(COMPANIES_PER_ROUTE)
        ]
        earlier = self._companies_by_province.setdefault(home.province, [])
        from_earlier_routes = self.rng.sample(earlier, min(SHARED_COMPANIES_PER_ROUTE, len(earlier)))
        earlier.extend(companies)

        branches = [self._branch_association(name, home) for name in sector.branch_associations]
        employers = self._shared_org(
            ("employers", sector.key),
            lambda: self._institution(
                name=sector.employers_organisation, kind=OrganisationKind.EMPLOYERS_ORGANISATION, sbi="9411", city=home
            ),
        )
        partnership = self._shared_org(
            ("partnership", sector.key, home.name),
            lambda: self._institution(
                name=f"{sector.partnership_prefix} regio {home.name}",
                kind=OrganisationKind.SECTOR_PARTNERSHIP,
                sbi="9499",
                city=home,
                size=SizeClass.MICRO,
            ),
        )
        municipality = self._shared_org(
            ("municipality", home.name),
            lambda: self._institution(
                name=f"Gemeente {home.name}", kind=OrganisationKind.MUNICIPALITY, sbi="8411", city=home
            ),
        )
        province = self._shared_org(
            ("province", home.province),
            lambda: self._institution(
                name=f"Provincie {home.province}", kind=OrganisationKind.PROVINCE, sbi="8411", city=home
            ),
        )
        unit = self._shared_org(
            ("unit", hogeschool.name, sector.institute),
            lambda: self._institution(
                name=f"{hogeschool.name}, {sector.institute}",
                kind=OrganisationKind.HOGESCHOOL_UNIT,
                sbi="8540",
                city=home,
                with_kvk=False,
            ),
        )
        loket = self._shared_org(
            ("loket", home.name),
            lambda: self._institution(
                name=f"Leerwerkloket {home.name} e.o.",
                kind=OrganisationKind.OTHER,
                sbi="7830",
                city=home,
                size=SizeClass.SMALL,
            ),
        )
        for organisation in [
            *companies, *from_earlier_routes, *branches, employers, partnership, municipality, province, unit, loket,
        ]:  # fmt: skip
            self._link(route, organisation)

        for company in companies:
            if self.rng.random() < 0.55:
                self._relate(company, RelationshipKind.MEMBER_OF, self.rng.choice(branches))
            if self.rng.random() < 0.25:
                self._relate(company, RelationshipKind.PART_OF, partnership)
        for _ in range(4):
            first, second = self.rng.sample(companies, 2)
            self._relate(first, RelationshipKind.WORKS_WITH, second)
        for member in (*branches, municipality, unit, employers):
            self._relate(member, RelationshipKind.PART_OF, partnership)
        self._relate(branches[0], RelationshipKind.MEMBER_OF, employers)
        self._relate(loket, RelationshipKind.WORKS_WITH, municipality)
        self._second_roles(companies, branches[0], unit)
        return _RoutePartners(route=route, companies=companies, branches=branches, unit=unit)

    def _second_roles(self, companies: list[Organisation], branch: Organisation, unit: Organisation) -> None:
        """Some people have a role at two organisations: a board seat, a guest lecture."""
        for company in self.rng.sample(companies, 2):
            owner = self._contacts[id(company)].owner
            self._affiliate(owner, branch, "Bestuurslid", primary=False)
            self._relate(company, RelationshipKind.MEMBER_OF, branch)
        supervisors = [c.supervisor for c in (self._contacts[id(o)] for o in companies) if c.supervisor is not None]
        if supervisors:
            self._affiliate(self.rng.choice(supervisors), unit, "Gastdocent", primary=False)

    # Organisations

    def _company(self, sector: Sector, city: City) -> Organisation:
        size = self.rng.choices([size for size, _ in SIZE_WEIGHTS], weights=[w for _, w in SIZE_WEIGHTS])[0]
        codes = self.rng.sample(sector.sbi_codes, 1 if self.rng.random() < 0.7 else 2)
        name = self._unique_name(lambda: self._company_name(sector), city)
        company = Organisation(
            name=name,
            kind=OrganisationKind.COMPANY,
            kvk_number=self._unique_number(8),
            establishment_number=self._unique_number(12),
            sbi_codes=" ".join(codes),
            sector=sbi_section(codes[0]),
            size_class=size,
            has_hr_staff=self._has_hr_staff(size),
            **self._address(city),
            website=f"https://{self._domain(name)}",
        )
        self._add(company)
        owner = self._affiliate(self._person(), company, OWNER_TITLES[size], primary=True)
        contacts = _Contacts(owner=owner)
        if self.rng.random() < 0.7:
            contacts.supervisor = self._affiliate(
                self._person(), company, self.rng.choice(sector.supervisor_titles), primary=False
            )
        if company.has_hr_staff:
            self._affiliate(self._person(), company, self.rng.choice(HR_TITLES), primary=False)
        self._contacts[id(company)] = contacts
        if self.rng.random() < 0.45:
            company.notes = self._note(sector, owner)
        return company

    def _company_name(self, sector: Sector) -> str:
        pattern = self.rng.choice(sector.company_names)
        name = pattern.format(name=self._family_name(), other=self._family_name())
        suffix = self.rng.choices(["", " B.V.", " VOF"], weights=[55, 40, 5])[0]
        return f"{name}{suffix}"

    def _family_name(self) -> str:
        """A family name as it starts a company name: "van Dijk" becomes "Van Dijk"."""
        name = self.rng.choice(FAMILY_NAMES)
        return name[0].upper() + name[1:]

    def _unique_name(self, make: Callable[[], str], city: City) -> str:
        for _ in range(20):
            name = make()
            if name not in self._names:
                break
            name = f"{name} {city.name}"
            if name not in self._names:
                break
        self._names.add(name)
        return name

    def _has_hr_staff(self, size: str) -> bool | None:
        roll = self.rng.random()
        if size == SizeClass.MICRO:
            return None if roll < 0.25 else roll > 0.95
        if size == SizeClass.SMALL:
            return None if roll < 0.2 else roll > 0.65
        return None if roll < 0.05 else True

    def _branch_association(self, name: str, city: City) -> Organisation:
        organisation = self._shared_org(
            ("branch", name),
            lambda: self._institution(
                name=name, kind=OrganisationKind.BRANCH_ASSOCIATION, sbi="9411", city=city, size=SizeClass.SMALL
            ),
        )
        if not organisation.notes:
            organisation.notes = (
                "Landelijke vereniging; de regiomanager is ons aanspreekpunt voor het **arbeidsmarktonderzoek**.\n\n"
                "- Nodigt de opleiding uit voor de ledenavond\n- Deelt vacatures voor leerwerkplekken met de leden"
            )
        return organisation

    def _institution(
        self,
        *,
        name: str,
        kind: OrganisationKind,
        sbi: str,
        city: City,
        size: SizeClass = SizeClass.LARGE,
        with_kvk: bool = True,
    ) -> Organisation:
        return Organisation(
            name=name,
            kind=kind,
            kvk_number=self._unique_number(8) if with_kvk else "",
            establishment_number=self._unique_number(12) if with_kvk else "",
            sbi_codes=sbi,
            sector=sbi_section(sbi),
            size_class=size,
            has_hr_staff=size != SizeClass.MICRO,
            **self._address(city),
            website=f"https://{self._domain(name)}",
        )

    def _shared_org(self, key: tuple[str, ...], make: Callable[[], Organisation]) -> Organisation:
        """An organisation that several routes share, made (with its people) when first needed."""
        organisation = self._shared.get(key)
        if organisation is None:
            organisation = make()
            self._names.add(organisation.name)
            self._add(organisation)
            for index, title in enumerate(INSTITUTION_TITLES[OrganisationKind(organisation.kind)]):
                self._affiliate(self._person(), organisation, title, primary=index == 0)
            self._shared[key] = organisation
        return organisation

    def _add(self, organisation: Organisation) -> None:
        self.demo.organisations.append(organisation)

    def _address(self, city: City) -> dict[str, str]:
        while True:
            letters = "".join(self.rng.choices(POSTCODE_LETTERS, k=2))
            if letters not in {"SA", "SD", "SS"}:
                break
        number = self.rng.randint(1, 250)
        return {
            "street": f"{self.rng.choice(STREETS)} {number}",
            "postcode": f"{self.rng.randint(city.postcode_low, city.postcode_high)} {letters}",
            "city": city.name,
        }

    def _unique_number(self, digits: int) -> str:
        """A KVK number (8 digits) or vestigingsnummer (12 digits, which start with 0000) not used before."""
        while True:
            core = str(self.rng.randint(10_000_000, 99_999_999))
            number = core if digits == 8 else f"0000{core}"
            if number not in self._numbers:
                self._numbers.add(number)
                return number

    @staticmethod
    def _domain(name: str) -> str:
        words = slugify(name).replace("-b-v", "").replace("-vof", "")
        return f"{words}.{DEMO_DOMAIN}"

    def _link(self, route: Route, organisation: Organisation) -> None:
        key = (id(route), id(organisation))
        if key not in self._partnership_keys:
            self._partnership_keys.add(key)
            self.demo.partnerships.append(Partnership(route=route, organisation=organisation))

    def _relate(self, source: Organisation, kind: RelationshipKind, target: Organisation) -> None:
        key = (id(source), kind.value, id(target))
        if source is target or key in self._relationship_keys:
            return
        self._relationship_keys.add(key)
        note = self.rng.choice(RELATIONSHIP_NOTES).format(year=self.rng.randint(2005, 2024))
        self.demo.relationships.append(Relationship(source=source, kind=kind, target=target, note=note))

    # People

    def _person(self) -> Person:
        person = Person(
            first_name=self.fake.first_name(),
            last_name=self.rng.choice(FAMILY_NAMES),
            preferred_language="en" if self.rng.random() < 0.04 else "nl",
        )
        self.demo.people.append(person)
        return person

    def _affiliate(self, person: Person, organisation: Organisation, title: str, *, primary: bool) -> Person:
        first = slugify(person.first_name).replace("-", "")[:1] or "x"
        last = slugify(person.last_name).replace("-", "")
        domain = self._domain(organisation.name)
        self.demo.affiliations.append(
            Affiliation(
                person=person,
                organisation=organisation,
                function_title=title,
                is_primary_contact=primary,
                email=f"{first}.{last}@{domain}",
                phone=self._mobile() if self.rng.random() < 0.7 else self._landline(organisation.city),
            )
        )
        return person

    def _mobile(self) -> str:
        return normalise_phone(f"06{self.rng.randint(1, 5)}{self.rng.randint(0, 9_999_999):07d}")

    def _landline(self, city_name: str) -> str:
        area_code = CITY_BY_NAME[city_name].area_code
        digits = 10 - len(area_code)
        subscriber = f"{self.rng.randint(2, 8)}{self.rng.randint(0, 10 ** (digits - 1) - 1):0{digits - 1}d}"
        return normalise_phone(f"{area_code}{subscriber}")

    def _note(self, sector: Sector, contact: Person) -> str:
        day = date(2024, 1, 8) + timedelta(days=self.rng.randrange(600))
        opening = self.rng.choice(NOTE_OPENINGS).format(
            date=f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}",
            contact=contact.full_name,
            channel=self.rng.choice(NOTE_CHANNELS),
        )
        points = [
            point.format(places=self.rng.choice(PLACES), year=day.year + 1, focus=sector.focus)
            for point in self.rng.sample(NOTE_POINTS, self.rng.randint(1, 3))
        ]
        lines = "\n".join(f"- {point}" for point in points)
        return f"{opening}\n\n{lines}\n\nVolgende stap: *{self.rng.choice(NOTE_NEXT_STEPS)}*."

    # Logins

    def _logins(self, *, password_hash: str) -> None:
        """One login per role in the first route, two company contacts, and a national coordinator."""
        assert self._first_route is not None
        first = self._first_route
        smes = [
            company
            for company in first.companies
            if company.size_class != SizeClass.LARGE and self._contacts[id(company)].supervisor is not None
        ]
        company, other_company = smes[0], smes[1]
        contacts = self._contacts[id(company)]
        supervisor = contacts.supervisor or contacts.owner
        # A placement knows its supervisor by their e-mail at the company: the login's, for the demo supervisor.
        for affiliation in self.demo.affiliations:
            if affiliation.person is supervisor and affiliation.organisation is company:
                affiliation.email = login_email("praktijkbegeleider")
        plans: dict[str, tuple[str, list[Route], Organisation | None]] = {
            "beheerder": (self._user_name(), [], None),
            "coordinator": (self._user_name(), [first.route], None),
            "landelijk.coordinator": (self._user_name(), self.demo.routes, None),
            "docent": (self._user_name(), [first.route], None),
            "contactpersoon": (contacts.owner.full_name, [], company),
            "contactpersoon2": (self._contacts[id(other_company)].owner.full_name, [], other_company),
            "praktijkbegeleider": (supervisor.full_name, [], company),
            "student": (self._user_name(), [], company),
            "partner": (self._user_name(), [], first.branches[0]),
        }
        for local_part, role in LOGINS:
            name, routes, organisation = plans[local_part]
            if local_part == "landelijk.coordinator" and self.scale == 1:
                continue  # at scale 1 the route coordinator already sees everything
            user = User(
                email=login_email(local_part),
                name=name,
                password=password_hash,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            self.demo.users.append(user)
            if role == Role.ADMIN:
                self.demo.assignments.append(RoleAssignment(user=user, role=role))
            for route in routes:
                self.demo.assignments.append(RoleAssignment(user=user, role=role, route=route))
            if organisation is not None:
                self.demo.assignments.append(RoleAssignment(user=user, role=role, organisation=organisation))

    def _user_name(self) -> str:
        return f"{self.fake.first_name()} {self.rng.choice(FAMILY_NAMES)}"


def demo_exists() -> bool:
    return User.objects.filter(email=login_email(LOGINS[0][0])).exists()


@transaction.atomic
def demo_seed(*, scale: int, password: str = DEFAULT_PASSWORD, progress: Callable[[str], None] = print) -> None:
    """Generate and write the demo data and logins of a scale (1 = one route, 100 = national)."""
    if scale < 1:
        raise ValueError("The scale is 1 or more.")
    numbers = set(Organisation.objects.values_list("kvk_number", flat=True))
    numbers |= set(Organisation.objects.values_list("establishment_number", flat=True))
    names = set(Organisation.objects.values_list("name", flat=True))
    demo = _Builder(scale=scale, numbers_in_use=numbers, names_in_use=names).build(password=password)
    progress(
        f"Writing {len(demo.routes)} routes, {len(demo.organisations)} organisations, {len(demo.people)} people, "
        f"{len(demo.affiliations)} roles at organisations, {len(demo.relationships)} relationships"
    )
    # Related objects were assigned before they had a primary key; bulk_create fills in the foreign keys.
    Route.objects.bulk_create(demo.routes, batch_size=BATCH_SIZE)
    Organisation.objects.bulk_create(demo.organisations, batch_size=BATCH_SIZE)
    Partnership.objects.bulk_create(demo.partnerships, batch_size=BATCH_SIZE)
    Person.objects.bulk_create(demo.people, batch_size=BATCH_SIZE)
    Affiliation.objects.bulk_create(demo.affiliations, batch_size=BATCH_SIZE)
    Relationship.objects.bulk_create(demo.relationships, batch_size=BATCH_SIZE)
    User.objects.bulk_create(demo.users)
    RoleAssignment.objects.bulk_create(demo.assignments)
    progress("Writing the pipeline, contact moments, follow-ups and outreach activities")
    outreach = outreach_demo_seed(routes=demo.routes)
    progress("Writing students, learning workplaces, matches and placements")
    placements = placements_demo_seed(routes=demo.routes)
    progress("Writing agreement templates, agreements and signatures")
    agreements = agreements_demo_seed(routes=demo.routes)
    progress("Writing the activity log")
    written: list[tuple[str, Sequence[Model]]] = [
        ("partners.route.created", demo.routes),
        ("partners.organisation.created", demo.organisations),
        ("partners.partnership.created", demo.partnerships),
        ("partners.person.created", demo.people),
        ("partners.affiliation.created", demo.affiliations),
        ("partners.relationship.created", demo.relationships),
        ("accounts.user.created", demo.users),
        ("accounts.role.assigned", demo.assignments),
        *outreach.items(),
        *placements.items(),
        *agreements.items(),
    ]
    for action_type, targets in written:
        log_actions_bulk(actor=None, action_type=action_type, targets=targets, data=SOURCE)


def demo_logins() -> list[DemoLogin]:
    """The demo logins that exist, with the organisation (or route) each one belongs to."""
    emails = [login_email(local_part) for local_part, _ in LOGINS]
    assignments = RoleAssignment.objects.select_related("route", "organisation").order_by("pk")
    users = {
        user.email: user
        for user in User.objects.filter(email__in=emails).prefetch_related(
            Prefetch("role_assignments", queryset=assignments)
        )
    }
    logins = []
    for email in emails:
        user = users.get(email)
        roles = list(user.role_assignments.all()) if user else []
        if not roles:
            continue
        first = roles[0]
        if first.organisation is not None:
            where = first.organisation.name
        elif len(roles) > 1:
            where = f"{len(roles)} routes"
        elif first.route is not None:
            where = f"{first.route.programme_name}, {first.route.hogeschool}"
        else:
            where = "-"
        logins.append(DemoLogin(role=first.role, email=email, organisation=where))
    return logins
