"""Timeline event kinds written by assessments."""

from __future__ import annotations

from carepath.cases.events import register

ASSESSMENT_RECORDED = register("assessment_recorded", "Assessment recorded")
