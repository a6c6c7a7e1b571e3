from django.db import models
from django.utils.translation import gettext_lazy as _


class DegreeType(models.TextChoices):
    ASSOCIATE = "ad", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor")


class CrohoArea(models.TextChoices):
    """The CROHO areas (onderdelen) of the Dutch register of higher education programmes."""

    AGRICULTURE = "landbouw", _("Agriculture and natural environment")
    BEHAVIOUR = "gedrag_maatschappij", _("Behaviour and society")
    ECONOMICS = "economie", _("Economics")
    EDUCATION = "onderwijs", _("Education")
    HEALTH = "gezondheidszorg", _("Health care")
    LANGUAGE_CULTURE = "taal_cultuur", _("Language and culture")
    LAW = "recht", _("Law")
    ENGINEERING = "techniek", _("Engineering")
    SCIENCE = "natuur", _("Natural sciences")
    CROSS_SECTOR = "sectoroverstijgend", _("Cross-sector")


# Areas whose dual and part-time hbo programmes qualify for the praktijkleren subsidy (DOMAIN.md).
PRAKTIJKLEREN_AREAS = frozenset({CrohoArea.ENGINEERING, CrohoArea.AGRICULTURE, CrohoArea.HEALTH, CrohoArea.BEHAVIOUR})


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("SME company")
    BRANCH_ASSOCIATION = "branch_association", _("Branch association")
    EMPLOYERS_ORGANISATION = "employers_organisation", _("Sector employers' organisation")
    SECTOR_PARTNERSHIP = "sector_partnership", _("(National) sector partnership")
    MUNICIPALITY = "municipality", _("Municipality")
    PROVINCE = "province", _("Province")
    HOGESCHOOL_UNIT = "hogeschool_unit", _("Hogeschool unit")
    OTHER = "other", _("Other")


class SizeClass(models.TextChoices):
    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250+", _("250 or more employees (not an SME)")


class RelationshipKind(models.TextChoices):
    MEMBER_OF = "member_of", _("is member of")
    PART_OF = "part_of", _("is part of")
    WORKS_WITH = "works_with", _("works with")


# How a relationship reads from the other side.
RELATIONSHIP_INVERSE_LABELS = {
    RelationshipKind.MEMBER_OF: _("has as member"),
    RelationshipKind.PART_OF: _("has as part"),
    RelationshipKind.WORKS_WITH: _("works with"),
}


class SbiSection(models.TextChoices):
    """SBI sections (the letter level of SBI 2008), used as the sector filter."""

    A = "A", _("A – Agriculture, forestry and fishing")
    B = "B", _("B – Mining and quarrying")
    C = "C", _("C – Manufacturing")
    D = "D", _("D – Energy supply")
    E = "E", _("E – Water supply and waste management")
    F = "F", _("F – Construction")
    G = "G", _("G – Wholesale and retail trade")
    H = "H", _("H – Transportation and storage")
    I = "I", _("I – Accommodation and food service")  # noqa: E741
    J = "J", _("J – Information and communication")
    K = "K", _("K – Financial services")
    L = "L", _("L – Real estate")
    M = "M", _("M – Professional, scientific and technical services")
    N = "N", _("N – Administrative and support services")
    O = "O", _("O – Public administration")  # noqa: E741
    P = "P", _("P – Education")
    Q = "Q", _("Q – Human health and social work")
    R = "R", _("R – Culture, sports and recreation")
    S = "S", _("S – Other services")
    T = "T", _("T – Households as employers")
    U = "U", _("U – Extraterritorial organisations")


# First two digits of an SBI code (the division) -> its section.
_SECTION_BY_DIVISION_RANGE = [
    (1, 3, "A"), (6, 9, "B"), (10, 33, "C"), (35, 35, "D"), (36, 39, "E"), (41, 43, "F"), (45, 47, "G"),
    (49, 53, "H"), (55, 56, "I"), (58, 63, "J"), (64, 66, "K"), (68, 68, "L"), (69, 75, "M"), (77, 82, "N"),
    (84, 84, "O"), (85, 85, "P"), (86, 88, "Q"), (90, 93, "R"), (94, 96, "S"), (97, 98, "T"), (99, 99, "U"),
]  # fmt: skip


def sector_for_sbi_codes(sbi_codes: str) -> str:
    """The sector of an organisation: the SBI section of its first SBI code ("" without codes)."""
    first = sbi_codes.split()[0] if sbi_codes else ""
    return sbi_section(first) if first else ""


def sbi_section(code: str) -> str:
    """The SBI section letter of a 4- or 5-digit SBI code, or "" when the division is unknown."""
    division = int(code[:2])
    for low, high, letter in _SECTION_BY_DIVISION_RANGE:
        if low <= division <= high:
            return letter
    return ""
