"""Timeline event kinds written by assessments (declared in plugin.py)."""

ASSESSMENT_RECORDED = "assessment_recorded"
