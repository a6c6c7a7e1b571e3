"""A change of employer in a placement proposes a new version of its agreement.

The placement services record every change as a PlacementEvent (after the hosts changed). When one of kind
"employer_changed" is created, `agreement_propose` drafts a new version of the placement's signed or sent
agreement with the new host's signer and e-mails the route's coordinators, in the same transaction as the
change (a failure leaves neither). Nothing happens for a placement without such an agreement."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from verbinder.placements.enums import PlacementEventKind
from verbinder.placements.models import PlacementEvent


@receiver(post_save, sender=PlacementEvent, dispatch_uid="agreements.placement_employer_changed")
def placement_employer_changed(
    sender: Any, instance: PlacementEvent, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created or instance.kind != PlacementEventKind.EMPLOYER_CHANGED:
        return
    from verbinder.agreements.services.agreements import agreement_propose

    agreement_propose(placement=instance.placement, reason=instance.reason, by=instance.created_by)
