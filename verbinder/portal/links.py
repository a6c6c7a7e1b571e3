"""Links from the portal to the placement pages on which external users act: offering a learning workplace
(verbinder/placements/views/workplaces.py), answering a proposed match (verbinder/placements/views/matching.py)
and signing an agreement (verbinder/agreements/views/signing.py)."""

from __future__ import annotations

from django.urls import reverse

from verbinder.agreements.models import Agreement
from verbinder.partners.models import Organisation
from verbinder.placements.models import MatchProposal


def workplace_offer_url(organisation: Organisation) -> str:
    """The company contact's page to offer a learning workplace for their company."""
    return reverse("placements:workplace-offer", kwargs={"organisation_pk": organisation.pk})


def match_answer_url(proposal: MatchProposal) -> str:
    """The page where a logged-in company contact or student answers a proposed match (the page knows which)."""
    return reverse("placements:match-answer", kwargs={"pk": proposal.pk})


def agreement_sign_url(agreement: Agreement) -> str:
    """The page where a logged-in party signs the agreement (the page knows which signature is theirs)."""
    return reverse("agreements:agreement-sign", kwargs={"pk": agreement.pk})
