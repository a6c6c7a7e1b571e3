"""The agreement as a document: the values of a placement for the template's `{fields}`, the content frozen at
sending (parties, filled and rendered articles, the responsibility matrix), and the HTML that WeasyPrint turns
into the PDF (and that the browser preview shows).

The document is Dutch (the language of the hogeschool): it is rendered under `translation.override("nl")`
whoever asks for it. Articles are the template's markdown with the placement's values filled in
(`placeholders.fill` escapes them for markdown) and rendered by `core.text.render_markdown` (sanitised).
`content` stores that rendered HTML, so a sent agreement's PDF never changes when the template, the placement
or the code's markdown renderer later do.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from verbinder.agreements.enums import AgreementStatus, ClauseParty, Party
from verbinder.agreements.models import Agreement, AgreementTemplate
from verbinder.agreements.pdf import institution_logo
from verbinder.agreements.placeholders import fill
from verbinder.agreements.selectors.matrix import matrix_snapshot
from verbinder.core.text import render_markdown
from verbinder.placements.models import Placement, PlacementHost

DOCUMENT_LANGUAGE = "nl"
CONTENT_VERSION = 1


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")


def _address(street: str, postcode: str, city: str) -> str:
    place = " ".join(part for part in (postcode, city) if part)
    return ", ".join(part for part in (street, place) if part)


def current_hosts(placement: Placement) -> list[PlacementHost]:
    """The placement's current hosts in slot order (uses a prefetch of `hosts` when there is one)."""
    hosts = [host for host in placement.hosts.all() if host.is_current]
    return sorted(hosts, key=lambda host: host.slot)


def _supervisor_name(host: PlacementHost | None) -> str:
    if host is None or host.supervisor is None:
        return ""
    return host.supervisor.person.full_name


def _user_name(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "name", "") or getattr(user, "email", ""))


def placement_values(placement: Placement, *, coordinator: Any = None) -> dict[str, str]:
    """The values of PLACEHOLDERS for this placement (Dutch formatting); "" where the placement has none."""
    with translation.override(DOCUMENT_LANGUAGE):
        route = placement.route
        student = placement.student
        hosts = current_hosts(placement)
        first = hosts[0] if hosts else None
        second = hosts[1] if len(hosts) > 1 else None
        unit = placement.get_share_unit_display()
        weeks = max((placement.end_date - placement.start_date).days // 7, 0)
        values = {
            "student_name": student.full_name,
            "student_number": student.student_number,
            "student_email": student.email,
            "programme": route.programme_name,
            "degree": str(route.get_degree_type_display()),
            "croho_code": route.croho_code,
            "hogeschool": route.hogeschool or settings.VERBINDER_INSTITUTION_NAME,
            "start_date": _date(placement.start_date),
            "end_date": _date(placement.end_date),
            "duration_weeks": str(weeks),
            "working_time": f"{_number(placement.working_per_week)} {unit}",
            "contract_type": str(first.get_contract_type_display()) if first else "",
            "company_name": first.organisation.name if first else "",
            "company_kvk": first.organisation.kvk_number if first else "",
            "company_address": _address(first.organisation.street, first.organisation.postcode, first.organisation.city)
            if first
            else "",
            "company_supervisor": _supervisor_name(first),
            "company_share": f"{_number(first.share)} {unit}" if first else "",
            "second_company_name": second.organisation.name if second else "",
            "second_company_kvk": second.organisation.kvk_number if second else "",
            "second_company_address": _address(
                second.organisation.street, second.organisation.postcode, second.organisation.city
            )
            if second
            else "",
            "second_company_supervisor": _supervisor_name(second),
            "second_company_share": f"{_number(second.share)} {unit}" if second else "",
            "teacher_name": _user_name(placement.teacher),
            "coordinator_name": _user_name(coordinator),
            "today": _date(timezone.localdate()),
        }
    return values


def _party_rows(placement: Placement, values: dict[str, str], coordinator: Any) -> list[dict[str, Any]]:
    """The parties table: one entry per party with its name and labelled facts (Dutch)."""
    route = placement.route
    student = placement.student
    hosts = current_hosts(placement)
    parties: list[dict[str, Any]] = [
        {
            "party": Party.SCHOOL,
            "label": str(Party.SCHOOL.label),
            "name": values["hogeschool"],
            "rows": [
                [_("Programme"), f"{route.programme_name} ({values['degree']})"],
                [_("CROHO code"), route.croho_code],
                [_("Represented by"), _user_name(coordinator)],
                [_("Teacher (school supervisor)"), values["teacher_name"]],
            ],
        },
        {
            "party": Party.STUDENT,
            "label": str(Party.STUDENT.label),
            "name": student.full_name,
            "rows": [
                [_("Student number"), student.student_number],
                [_("E-mail address"), student.email],
                [_("Address"), _address("", student.postcode, student.city)],
            ],
        },
    ]
    for host in hosts[:2]:
        party = Party.COMPANY if host.slot == 1 else Party.SECOND_COMPANY
        organisation = host.organisation
        parties.append(
            {
                "party": party,
                "label": str(party.label),
                "name": organisation.name,
                "rows": [
                    [_("KVK number"), organisation.kvk_number],
                    [_("Address"), _address(organisation.street, organisation.postcode, organisation.city)],
                    [_("Workplace supervisor"), _supervisor_name(host)],
                    [_("Share"), f"{_number(host.share)} {placement.get_share_unit_display()}"],
                    [_("Contract"), str(host.get_contract_type_display())],
                ],
            }
        )
    for entry in parties:
        entry["rows"] = [[str(label), value] for label, value in entry["rows"] if value]
    return parties


def _matrix(route: Any) -> dict[str, Any] | None:
    """The route's responsibility matrix, or None while it has no tasks."""
    snapshot = matrix_snapshot(route)
    return snapshot if snapshot and snapshot.get("rows") else None


def agreement_content(*, template: AgreementTemplate, placement: Placement, coordinator: Any = None) -> dict[str, Any]:
    """What the agreement says, filled from the placement: frozen in Agreement.content when it is sent."""
    with translation.override(DOCUMENT_LANGUAGE):
        values = placement_values(placement, coordinator=coordinator)
        shared = len(current_hosts(placement)) > 1
        articles: list[dict[str, Any]] = []
        for clause in template.clauses.all():
            if clause.party == ClauseParty.SECOND_COMPANY and not shared:
                continue
            articles.append(
                {
                    "number": len(articles) + 1,
                    "heading": clause.heading,
                    "party": clause.party,
                    "party_label": str(ClauseParty(clause.party).label),
                    "topic": clause.topic,
                    "html": str(render_markdown(fill(clause.body, values))),
                }
            )
        return {
            "format": CONTENT_VERSION,
            "title": template.title,
            "template_id": template.pk,
            "template_number": template.number,
            "institution": settings.VERBINDER_INSTITUTION_NAME,
            "introduction_html": str(render_markdown(fill(template.introduction, values))),
            "parties": _party_rows(placement, values, coordinator),
            "period": {
                "start_date": values["start_date"],
                "end_date": values["end_date"],
                "duration_weeks": values["duration_weeks"],
                "working_time": values["working_time"],
            },
            "values": values,
            "articles": articles,
            "matrix": _matrix(placement.route) if template.include_matrix else None,
            "drawn_up": values["today"],
        }


def _content_of(agreement: Agreement) -> dict[str, Any]:
    """The frozen content of a sent agreement; a draft (or a content-less one) is filled now."""
    content = agreement.content or {}
    if agreement.status != AgreementStatus.DRAFT and content.get("articles"):
        return content
    school = next((s for s in agreement.signers.all() if s.party == Party.SCHOOL), None)
    return agreement_content(
        template=agreement.template,
        placement=agreement.placement,
        coordinator=school.user if school is not None else None,
    )


def _audit_events(agreement: Agreement) -> list[Any]:
    return list(agreement.events.select_related("signer").order_by("created_at", "pk"))


def agreement_html(agreement: Agreement, *, final: bool = False) -> str:
    """The complete HTML document of the agreement (A4, Dutch). `final` adds the signature page with every
    signature's evidence and the audit trail (for the PDF stored when everyone has signed)."""
    with translation.override(DOCUMENT_LANGUAGE):
        content = _content_of(agreement)
        articles = [{**article, "html": mark_safe(article.get("html", ""))} for article in content.get("articles", [])]
        signers = list(agreement.signers.select_related("organisation").order_by("position", "pk"))
        parties = content.get("parties") or [
            {"party": s.party, "label": s.get_party_display(), "name": s.name, "rows": []} for s in signers
        ]
        matrix = content.get("matrix")
        context = {
            "agreement": agreement,
            "content": content,
            "title": content.get("title") or agreement.title,
            "institution": content.get("institution") or settings.VERBINDER_INSTITUTION_NAME,
            "logo": institution_logo(),
            "introduction": mark_safe(content.get("introduction_html", "")),
            "parties": parties,
            "period": content.get("period") or {},
            "articles": articles,
            "matrix": matrix or None,
            "signers": signers,
            "final": final,
            "events": _audit_events(agreement) if final else [],
            "is_draft": agreement.status == AgreementStatus.DRAFT,
            "generated_at": timezone.localtime(),
            "verify_url": settings.SITE_URL + reverse("agreements:verify"),
        }
        return render_to_string("agreements/pdf/agreement.html", context)
