"""The words of a safety case, defined once: risk levels, statuses, who is at risk, and the seven steps.

Plain choices and tuples (no database), so the protocol rules, follow-up rules and instrument definitions
can validate their data files against them without loading models.
"""

from __future__ import annotations

from django.db import models


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    IMMINENT = "imminent", "Imminent"


RISK_LEVELS: tuple[str, ...] = tuple(RiskLevel.values)  # lowest first
RISK_RANK = {level: rank for rank, level in enumerate(RISK_LEVELS, 1)}


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    MONITORING = "monitoring", "Monitoring"
    CLOSED = "closed", "Closed"


class AtRisk(models.TextChoices):
    SELF = "self", "The client"
    OTHERS = "others", "Others"
    BOTH = "both", "The client and others"


# The seven steps after a report of risk (DESIGN.md), in the order a clinician works through them.
STAGE_LABELS = {
    "emergency": "1 Emergency response",
    "disclosure": "2 Breaking confidentiality",
    "designated_person": "3 Designated person",
    "hospitalisation": "4 Hospitalisation",
    "safety_plan": "5 Safety plan",
    "collaboration": "6 Collaboration",
    "follow_up": "7 Follow-up",
}
STAGES: tuple[str, ...] = tuple(STAGE_LABELS)
