"""A partner organisation that joins a route gets a column in its responsibility matrix; one that leaves takes its
column (and the column's cells) along.

Only a route that already has a matrix gets the column here: a route without one gets every partner's column when
its matrix is set up (`matrix_ensure`), so that routes nobody uses the matrix for stay empty. Companies get no
column of their own (they are the matrix's "Bedrijf" column). Partnerships written in bulk (an import, a new
organisation linked to several routes) send no signals: `matrix_ensure` adds their columns when it runs next.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from verbinder.agreements.services.matrix import matrix_partner_join, matrix_partner_leave
from verbinder.partners.models import Partnership


@receiver(post_save, sender=Partnership, dispatch_uid="agreements.matrix.partnership_saved")
def partnership_saved(sender: Any, instance: Partnership, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        matrix_partner_join(route=instance.route, organisation=instance.organisation)


@receiver(post_delete, sender=Partnership, dispatch_uid="agreements.matrix.partnership_deleted")
def partnership_deleted(sender: Any, instance: Partnership, **kwargs: Any) -> None:
    matrix_partner_leave(route=instance.route, organisation=instance.organisation)
