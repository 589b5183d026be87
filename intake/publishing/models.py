"""A round's publication and what it shows per goal (issue 14 §1, contract C5).

One `Publication` per follow-up round. Nothing is public until staff publish: the public pages
read only PUBLISHED rows. `PublishedGoal.status` and `.progress` are the round's figures
copied when staff last published, so an owner changing an answer afterwards changes nothing
public until staff publish again. Owner names are never copied: they are read at render time
from each owner's consent in their latest submission (intake.publishing.public).
"""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import relationship

from intake.clock import now
from intake.columns import UTCDateTime, created_at_column, enum_column
from intake.extensions import db
from intake.goals.models import GoalStatus


class PublicationState(enum.Enum):
    DRAFT = "draft"  # staff are preparing it; nothing public
    PUBLISHED = "published"  # on /erhvervspolitik
    WITHDRAWN = "withdrawn"  # taken down again; nothing public


class Publication(db.Model):
    """`published_at`: when staff last published (the page's "Sidst opdateret");
    `published_by`: that staff member's id; `updated_at`: the last save of any kind."""

    __tablename__ = "publications"

    id = sa.Column(sa.Integer, primary_key=True)
    round_id = sa.Column(
        sa.ForeignKey("followup_rounds.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    state = enum_column(PublicationState, nullable=False, default=PublicationState.DRAFT)
    published_at = sa.Column(UTCDateTime)
    published_by = sa.Column(sa.ForeignKey("staff_users.id", ondelete="SET NULL"))
    updated_at = sa.Column(UTCDateTime, nullable=False, default=now)
    created_at = created_at_column()

    round = relationship("Round")
    goals = relationship(
        "PublishedGoal", back_populates="publication", cascade="all, delete-orphan",
        order_by="PublishedGoal.id",
    )

    @property
    def is_published(self) -> bool:
        return self.state == PublicationState.PUBLISHED


class PublishedGoal(db.Model):
    """What the public page shows of one goal. `comment` is staff's public comment (prefilled
    from the owners' `offentlig_kommentar` answer, shown only when `is_comment_shown`);
    `is_names_shown` shows the owners who consented, and no one else. `status` (None: not
    answered) and `progress` (0–100 or None) are copied at publishing."""

    __tablename__ = "published_goals"
    __table_args__ = (sa.UniqueConstraint("publication_id", "goal_id"),)

    id = sa.Column(sa.Integer, primary_key=True)
    publication_id = sa.Column(
        sa.ForeignKey("publications.id", ondelete="CASCADE"), nullable=False, index=True
    )
    goal_id = sa.Column(sa.ForeignKey("goals.id", ondelete="CASCADE"), nullable=False, index=True)
    public_title = sa.Column(sa.String(300), nullable=False)
    public_description = sa.Column(sa.Text, nullable=False, default="")
    is_status_shown = sa.Column(sa.Boolean, nullable=False, default=True)
    is_progress_shown = sa.Column(sa.Boolean, nullable=False, default=True)
    comment = sa.Column(sa.Text, nullable=False, default="")
    is_comment_shown = sa.Column(sa.Boolean, nullable=False, default=False)
    is_names_shown = sa.Column(sa.Boolean, nullable=False, default=False)
    status = enum_column(GoalStatus)
    progress = sa.Column(sa.Integer)

    publication = relationship("Publication", back_populates="goals")
    goal = relationship("Goal")
