"""Disclosures: each time confidentiality is broken, to whom, what, on which legal basis, authorised by whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from carepath.cases.models import CaseRecord


class RecipientType(models.TextChoices):
    VICTIM = "victim", "The person threatened"
    POLICE = "police", "Police"
    FAMILY = "family", "Family or friend"
    PROFESSIONAL = "professional", "Health or care professional"
    COUNTY_OFFICIAL = "county_official", "County or public official"
    OTHER = "other", "Someone else"


class ClientInformed(models.TextChoices):
    YES = "yes", "Yes, the client was told"
    LATER = "later", "Not yet: the client will be told"
    NO = "no", "No (say why)"


class Disclosure(CaseRecord):
    """One disclosure without the client's consent; the accounting of disclosures is built from these rows.

    `actor` is who recorded it (its column keeps the name `recorded_by_id`); `authorised_by` who decided it.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_column="recorded_by_id"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="disclosures")
    recipient = models.CharField(max_length=200)
    recipient_type = models.CharField(max_length=20, choices=RecipientType.choices)
    shared = models.TextField(help_text="What information was disclosed.")
    basis_id = models.CharField(max_length=80)
    basis_title = models.CharField(max_length=300, blank=True)
    basis_citation = models.TextField()
    # Documentation a basis requires, e.g. 42 CFR 2.51(c): medical personnel, affiliation, nature of the emergency.
    documentation = models.JSONField(default=dict, blank=True)
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # For the accounting of disclosures (45 C.F.R. § 164.528(b)(2) in the US): the recipient's address, a brief
    # description (the categories and `shared`), the purpose; and whether the rule asks it to be accounted.
    recipient_contact = models.TextField(blank=True)
    categories = models.JSONField(default=list, blank=True)  # clients.InformationCategory values
    purpose = models.CharField(max_length=300, blank=True)
    # Made under the client's own authorisation (then basis_id is "authorisation").
    authorisation = models.ForeignKey(
        "clients.Authorisation", null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures"
    )
    accountable = models.BooleanField(default=True)
    accounting_note = models.CharField(max_length=300, blank=True)  # why it is left out, with the rule's citation
    client_informed = models.CharField(max_length=10, choices=ClientInformed.choices, blank=True)
    client_informed_at = models.DateTimeField(null=True, blank=True)
    client_not_informed_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "-occurred_at"], name="disclosure_by_client")]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient} on {self.occurred_at:%Y-%m-%d}"

    @property
    def recorded_by(self):
        """Who wrote the disclosure down (the accounting's word for the record's actor)."""
        return self.actor
