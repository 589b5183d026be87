"""Column types and helpers every model module uses (was intake/models.py)."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from intake.clock import now
from intake.database import UTCDateTime

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


def enum_column(enum_cls: type[enum.Enum], **kwargs) -> sa.Column:
    """Enums stored as their value in a VARCHAR with a CHECK, the same on both databases."""
    return sa.Column(
        sa.Enum(
            enum_cls,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
            create_constraint=True,
            name=f"{enum_cls.__name__.lower()}",
        ),
        **kwargs,
    )


def created_at_column() -> sa.Column:
    return sa.Column(UTCDateTime, nullable=False, default=now)


__all__ = ["JSONType", "UTCDateTime", "enum_column", "created_at_column"]
