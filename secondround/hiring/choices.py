"""The hiring app's fixed lists: objectives, job statuses, competency kinds, stages (and
which of them are rounds or closed), candidate sources and rejection reasons."""

from django.db import models


class Objective(models.TextChoices):
    """The five reasons for a second round (DESIGN.md)."""

    CONCERNS = "concerns", "Clear up concerns from earlier rounds"
    FINALISTS = "finalists", "Choose between finalists"
    CULTURE = "culture", "Judge fit with how we work"
    BUY_IN = "buy_in", "Win buy-in from a manager or the team"
    CONFIRM = "confirm", "Confirm the first impression"


# How a round's purpose reads to an interviewer and to the candidate.
OBJECTIVE_PLAIN = {
    Objective.CONCERNS: "clear up open questions from the earlier round",
    Objective.FINALISTS: "compare the finalists on the same ground",
    Objective.CULTURE: "see how the candidate works with the team",
    Objective.BUY_IN: "let a senior manager and the wider team form their own view",
    Objective.CONFIRM: "confirm the first impression with fresh eyes",
}


class JobStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    ON_HOLD = "on_hold", "On hold"
    FILLED = "filled", "Filled"
    CLOSED = "closed", "Closed"


class CompetencyKind(models.TextChoices):
    SKILL = "skill", "Skill"
    VALUES = "values", "Values"


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    ROUND_1 = "round_1", "Round 1"
    ROUND_2 = "round_2", "Round 2"
    # Rounds 3 and beyond share one stage value; Application.current_round names the round.
    ROUND_LATER = "round_later", "Later round"
    FINALIST = "finalist", "Finalist"
    DECISION = "decision", "Awaiting decision"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Not hired"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The stages in which a candidate is in one of the job's rounds.
ROUND_STAGES = (Stage.ROUND_1, Stage.ROUND_2, Stage.ROUND_LATER)
# Stages a candidate no longer moves on from, unless someone reopens the application.
CLOSED_STAGES = (Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN)


def stage_for_round(number: int) -> str:
    """The stage value of a candidate in round ``number`` (1, 2, or later)."""
    return {1: Stage.ROUND_1, 2: Stage.ROUND_2}.get(number, Stage.ROUND_LATER)


class Source(models.TextChoices):
    """Where a candidate came from."""

    CAREERS_SITE = "careers_site", "Our careers site"
    REFERRAL = "referral", "Referral"
    JOB_BOARD = "job_board", "Job board"
    AGENCY = "agency", "Agency"
    SOURCED = "sourced", "We reached out"
    EVENT = "event", "Event or meetup"
    OTHER = "other", "Other"


class RejectionReason(models.TextChoices):
    SKILLS = "skills", "Skills do not match the role"
    EXPERIENCE = "experience", "Not enough experience for the level"
    WAYS_OF_WORKING = "ways_of_working", "How they work does not fit the team"
    STRONGER = "stronger", "Another candidate was stronger"
    PAY = "pay", "Pay expectations too far apart"
    NO_SHOW = "no_show", "Did not attend"
    ROLE_CLOSED = "role_closed", "The role was filled or closed"
    OTHER = "other", "Other (see the note)"
