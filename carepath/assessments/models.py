"""Completed and draft assessments (one instrument each) and each organisation's reassessment intervals."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from carepath.cases.vocabulary import RiskLevel


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


# A level on the safety case's scale, plus "none" for a negative screen; blank means not applicable (PHQ-9).
AssessmentLevel = models.TextChoices(
    "AssessmentLevel", [("NONE", ("none", "None")), *((level.name, (level.value, level.label)) for level in RiskLevel)]
)


SHORT_NAMES = {
    "cssrs-screener": "C-SSRS screen (recent)",
    "cssrs-since-last-contact": "C-SSRS since last contact",
    "asq": "ASQ",
    "phq9": "PHQ-9",
    "formulation": "Risk formulation",
}


class Assessment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="assessments")
    case = models.ForeignKey(
        "cases.SafetyCase", null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    instrument = models.CharField(max_length=40)
    definition_version = models.CharField(max_length=20)
    answers = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)  # the pure scoring output, as the API and CLI return it
    # The screen's level mapped onto the case scale (see levels.py); for a formulation, the screen it was
    # compared with; blank for the PHQ-9, which never sets suicide risk on its own.
    computed_level = models.CharField(max_length=12, choices=AssessmentLevel.choices, blank=True)
    final_level = models.CharField(max_length=12, choices=AssessmentLevel.choices, blank=True)
    rationale = models.TextField(blank=True)
    # The PHQ-9 whose item 9 prompted this suicide-specific screen.
    prompted_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="prompted_screens"
    )
    status = models.CharField(max_length=8, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finalised_at = models.DateTimeField(null=True, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["client", "status", "occurred_at"], name="assessment_history"),
            models.Index(fields=["case", "status", "occurred_at"], name="assessment_by_case"),
            models.Index(fields=["created_by", "client", "instrument", "status"], name="assessment_draft"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="final") | models.Q(finalised_at__isnull=False),
                name="final_assessment_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} for {self.client_id} at {self.occurred_at:%Y-%m-%d}"

    @property
    def short_name(self) -> str:
        return SHORT_NAMES.get(self.instrument, self.instrument)

    @property
    def is_final(self) -> bool:
        return self.status == AssessmentStatus.FINAL

    @property
    def overridden(self) -> bool:
        """The clinician's level differs from the one the screen computed."""
        return bool(self.computed_level and self.final_level and self.computed_level != self.final_level)

    @property
    def total(self) -> int | None:
        return (self.result or {}).get("total")

    @property
    def item9_positive(self) -> bool:
        return bool((self.result or {}).get("item9_positive"))


class OrganisationAssessmentPolicy(models.Model):
    """The organisation's own reassessment intervals; without a row the defaults of data/reassessment.yaml apply."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, primary_key=True, related_name="assessment_policy"
    )
    low_days = models.PositiveSmallIntegerField()
    moderate_days = models.PositiveSmallIntegerField()
    high_days = models.PositiveSmallIntegerField()
    imminent_hours = models.PositiveSmallIntegerField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Reassessment policy of {self.organisation_id}"
