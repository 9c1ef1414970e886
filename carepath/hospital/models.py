"""Hospitalisation and inpatient care: the practice's facilities, the decision on a case (disposition), each
hospitalisation from recommendation to discharge, emergency holds with their legal clock, and the client's own
crisis preferences (a psychiatric advance directive, or what they agreed in session)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from carepath.cases.models import CaseRecord


class FacilityKind(models.TextChoices):
    EMERGENCY_DEPARTMENT = "ed", "Emergency department"
    PSYCHIATRIC_HOSPITAL = "psychiatric", "Psychiatric hospital or unit"
    CRISIS_STABILISATION = "crisis_unit", "Crisis stabilisation unit"
    RESIDENTIAL = "residential", "Residential crisis or treatment"


class Facility(models.Model):
    """A place the practice refers clients to; kept by the practice's admins."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=FacilityKind.choices)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    jurisdiction = models.CharField(max_length=10, blank=True, help_text="Where it is (ISO 3166 code, e.g. US-CA).")
    takes_involuntary = models.BooleanField(default=False, help_text="Accepts involuntary admissions (holds).")
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organisation", "jurisdiction", "name"], name="facility_by_org")]

    def __str__(self) -> str:
        return self.name

    def accepts_age(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (self.max_age is None or age <= self.max_age)


class Decision(models.TextChoices):
    EMERGENCY_EVALUATION = "emergency_evaluation", "Emergency evaluation arranged"
    ADMITTED = "admitted", "Admission arranged"
    OUTPATIENT_PLAN = "outpatient_plan", "Managed as an outpatient, with a written plan"
    NOT_INDICATED = "not_indicated", "Evaluated: hospitalisation not indicated"


class Disposition(CaseRecord):
    """The clinician's decision on hospitalisation for a case, with its reasons (the protocol's step)."""

    decision = models.CharField(max_length=24, choices=Decision.choices)
    where = models.CharField(max_length=200, blank=True)  # the evaluation's or admission's place
    reason = models.TextField(blank=True)  # why outpatient care is safe / why not indicated
    with_client = models.CharField(max_length=200, blank=True)  # who is with the client now (outpatient plan)
    next_contact_at = models.DateTimeField(null=True, blank=True)  # the contact within 24 hours (outpatient plan)


class Status(models.TextChoices):
    RECOMMENDED = "recommended", "Recommended"
    REFERRED = "referred", "Referred"
    ADMITTED = "admitted", "Admitted"
    DISCHARGED = "discharged", "Discharged"
    DECLINED = "declined", "Declined by the client"
    NOT_ADMITTED = "not_admitted", "Not admitted by the facility"


OPEN_STATUSES = (Status.RECOMMENDED, Status.REFERRED, Status.ADMITTED)


class Transport(models.TextChoices):
    AMBULANCE = "ambulance", "Ambulance"
    POLICE = "police", "Police"
    MOBILE_CRISIS = "mobile_crisis", "Mobile crisis team"
    FAMILY = "family", "Family or friend"
    SELF = "self", "On their own"
    UNKNOWN = "", "Not known yet"


class Hospitalisation(models.Model):
    """One hospitalisation on a case, from recommendation to discharge (or declined / not admitted, with why).

    Its fields say where it stands; every change is a timeline event written by the service that made it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.SafetyCase", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="hospitalisations")
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    facility_name = models.CharField(max_length=200, blank=True)  # when the facility is not in the directory
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.RECOMMENDED)
    involuntary = models.BooleanField(default=False)
    transport = models.CharField(max_length=16, choices=Transport.choices, blank=True)
    facility_contacts = models.TextField(blank=True, help_text="Who at the facility, and how to reach them.")
    reason = models.TextField(blank=True, help_text="Why declined or not admitted.")
    recommended_at = models.DateTimeField()
    referred_at = models.DateTimeField(null=True, blank=True)
    admitted_at = models.DateTimeField(null=True, blank=True)
    discharged_at = models.DateTimeField(null=True, blank=True)
    # The discharge
    discharge_summary = models.TextField(blank=True)
    discharge_document = models.ForeignKey(
        "clients.ClientDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    medications_changed = models.TextField(blank=True)
    followup_appointment = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    idempotency_key = models.UUIDField(unique=True, null=True, blank=True)  # a retried submit returns this row

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "status"], name="hospital_by_status"),
            models.Index(fields=["case", "-recommended_at"], name="hospital_by_case"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.place}"

    @property
    def place(self) -> str:
        return self.facility.name if self.facility_id else (self.facility_name or "facility not named")


class HoldEnd(models.TextChoices):
    RELEASED = "released", "Released: the criteria are no longer met"
    VOLUNTARY = "voluntary", "Stays as a voluntary patient"
    EXTENDED = "extended", "Held further under a new certification or court order"
    DISCHARGED = "discharged", "Discharged from the facility"
    TRANSFERRED = "transferred", "Transferred to another facility"


class Hold(models.Model):
    """An involuntary hold: its type from the client's jurisdiction pack, who started it, when it ends and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    hospitalisation = models.ForeignKey(Hospitalisation, on_delete=models.PROTECT, related_name="holds")
    case = models.ForeignKey("cases.SafetyCase", on_delete=models.PROTECT, related_name="+")
    hold_type = models.CharField(max_length=120)  # the pack's hold, e.g. "US-CA: Cal. Welf. & Inst. Code § 5150"
    hold_name = models.CharField(max_length=200)
    citation = models.TextField()
    initiated_by = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # How the expiry was found: computed from the pack's hours, or given by the clinician (hours unknown).
    expiry_basis = models.CharField(max_length=12, choices=[("computed", "Computed"), ("given", "Given")])
    max_hours = models.FloatField(null=True, blank=True)
    excludes = models.JSONField(default=list, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=HoldEnd.choices, blank=True)
    end_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organisation", "expires_at"], name="hold_expiry")]

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class CrisisPreferences(models.Model):
    """What the client asked for in advance (a psychiatric advance directive, or what they agreed in session)."""

    client = models.OneToOneField("clients.Client", on_delete=models.PROTECT, primary_key=True, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    preferred_facilities = models.TextField(blank=True)
    refused_facilities = models.TextField(blank=True)
    call = models.TextField(blank=True, help_text="Whom to call.")
    do_not_call = models.TextField(blank=True, help_text="Whom not to call.")
    helpful_medications = models.TextField(blank=True)
    harmful_medications = models.TextField(blank=True)
    agent_name = models.CharField(max_length=200, blank=True, help_text="Agent or proxy named by the client.")
    agent_phone = models.CharField(max_length=40, blank=True)
    agent_relationship = models.CharField(max_length=100, blank=True)
    directive = models.ForeignKey(
        "clients.ClientDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreed_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=20,
        choices=[("directive", "A signed psychiatric advance directive"), ("session", "Agreed in session")],
        default="session",
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    @property
    def is_empty(self) -> bool:
        fields = (
            "preferred_facilities",
            "refused_facilities",
            "call",
            "do_not_call",
            "helpful_medications",
            "harmful_medications",
            "agent_name",
        )
        return not any(getattr(self, f) for f in fields)
