from __future__ import annotations

from django.db import models

# The one row's primary key.
GENERATION_ROW = 1


class Generation(models.Model):
    """The data's generation: one row, counted up after every committed write to what pages
    show. Cached pages are keyed on it, so a write makes every stored page unreachable."""

    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=GENERATION_ROW), name="generation_one_row")
        ]

    def __str__(self) -> str:
        return f"generation {self.value}"
