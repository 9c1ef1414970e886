"""Schema of a jurisdiction pack: what a pack file may say, and what every fact must carry.

A pack is a YAML file in ``carepath/jurisdictions/data/`` named after its ISO 3166 code
(``US.yaml``, ``US-CA.yaml``, ``GB-SCT.yaml``). A subdivision names its country in
``parent`` and inherits every section it does not set itself.

Every fact is either researched (``status: known``, with ``citation``, ``source`` and
``reviewed``) or not (``status: unknown``, optionally with a ``note`` saying what was
looked at). Unknown facts are shown to the user as unknown; they are never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CODE_RE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(Strict):
    """Base of every sourced fact."""

    status: Literal["known", "unknown"] = "known"
    citation: str | None = None  # statute, regulation, case or official guidance
    source: str | None = None  # where it was read (URL or publication)
    reviewed: dt.date | None = None  # when a person last checked it against the source
    note: str | None = None  # conflicts between sources, caveats, what is still open
    # What kind of source it rests on, best first: the service's own page, the law itself, the government's
    # page, an international directory (named in `citation`), a secondary source (a law firm, a survey, news).
    source_type: Literal["service", "statute", "government", "directory", "secondary"] | None = None

    @model_validator(mode="after")
    def _known_facts_are_sourced(self):
        if self.status == "known":
            missing = [f for f in ("citation", "source", "reviewed") if not getattr(self, f)]
            if missing:
                raise ValueError(
                    f"a known fact needs {', '.join(missing)}; mark it 'status: unknown' if it is not researched"
                )
        return self


Service = Literal["single", "ambulance", "police", "fire", "rescue", "medical_advice", "coast_guard", "other"]


class Emergency(Fact):
    numbers: list[str] = Field(default_factory=list)  # first is the one to dial
    # what each number reaches: "single" (one number for every service), or the services it reaches
    reaches: dict[str, list[Service]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_has_number(self):
        if self.status == "known" and not self.numbers:
            raise ValueError("a known emergency entry needs at least one number")
        stray = [n for n in self.reaches if n not in self.numbers]
        if stray:
            raise ValueError(f"'reaches' names {', '.join(stray)}, which is not among the numbers")
        return self


class CrisisLine(Fact):
    name: str
    phone: str | None = None
    text: str | None = None  # SMS number or short code, with keyword if any
    chat: str | None = None  # URL of a web chat
    languages: list[str] = Field(default_factory=list)  # BCP 47 codes
    hours: str | None = None  # e.g. "24/7"
    audience: str | None = None  # e.g. "anyone", "young people", "veterans", "LGBTQ+ people"
    web: str | None = None  # the service's own page
    reachable_from: Literal["anywhere", "mobiles", "landlines", "in_country"] | None = None
    free_from: Literal["all", "mobiles", "landlines", "none"] | None = None  # whom a call costs nothing


DischargeOption = Literal[
    "warn_victim",  # warn the person threatened
    "notify_police",  # notify law enforcement
    "initiate_hospitalisation",  # start voluntary or involuntary hospitalisation
    "notify_county_official",  # report to a county / public official
    "other",  # described in `summary`
]


class DutyToWarn(Fact):
    type: Literal["mandatory", "permissive", "none", "unknown"]
    summary: str | None = None
    # what sets the duty off, e.g. "serious threat of physical violence against a reasonably identifiable victim"
    trigger: str | None = None
    discharge: list[DischargeOption] = Field(default_factory=list)
    professions: str | None = None  # which professions the law binds
    covers_self_harm: bool | None = None  # does the law also speak of harm to self
    immunity: str | None = None

    @model_validator(mode="after")
    def _unknown_type_consistent(self):
        if self.type == "unknown" and self.status == "known":
            raise ValueError("duty_to_warn type 'unknown' must have status 'unknown'")
        return self


RecipientKind = Literal["victim", "police", "family", "professional", "county_official", "other"]


class DisclosureBasis(Fact):
    id: str  # stable identifier, e.g. "us-hipaa-164-512-j"
    title: str
    # self_harm / harm_to_others: a basis for a crisis disclosure; care: for treatment and care coordination
    applies_to: list[Literal["self_harm", "harm_to_others", "care"]] = Field(default_factory=list)
    what_may_be_disclosed: str | None = None
    recipients: str | None = None
    conditions: str | None = None
    # Whether a disclosure on this basis goes into the client's accounting of disclosures (required), or the
    # accounting rule exempts it (exempt), with the rule's citation; None when not researched (then it is listed).
    accounting: Literal["required", "exempt"] | None = None
    accounting_citation: str | None = None


class AccountingOfDisclosures(Fact):
    """The client's right to a list of the disclosures made about them (in the US, 45 C.F.R. § 164.528)."""

    period_years: int | None = Field(default=None, ge=1, le=30)  # how far back the client may ask
    authorisation_exempt: bool | None = None  # disclosures under the client's own authorisation are left out
    summary: str | None = None


class EmergencyHold(Fact):
    name: str | None = None  # common name, e.g. "5150"
    initiators: str | None = None  # who may initiate it
    max_hours: float | None = None
    # What the statute leaves out of the count (e.g. "72 hours, excluding Saturdays, Sundays and holidays");
    # None when not researched, [] when the hours are counted straight through.
    excludes: list[Literal["weekends", "holidays"]] | None = None
    clock_starts: str | None = None  # custody, arrival at the facility, admission, the court's order...
    criteria: str | None = None


class Minors(Fact):
    age_of_majority: int | None = Field(default=None, ge=14, le=25)
    # The age from which a minor may consent alone to outpatient mental health care; None when no statute lets
    # a minor consent alone, or when the law sets no minimum age (then `consent_without_minimum_age`).
    mental_health_consent_age: int | None = Field(default=None, ge=0, le=25)
    consent_without_minimum_age: bool | None = None  # a minor of any age may consent (with the limits below)
    consent_limits: str | None = None  # number of sessions, medication, parental involvement, conditions
    parental_notification: str | None = None  # whether and when parents or guardians must or may be told


class ExtremeRiskOrder(Fact):
    """An extreme-risk protection order ("red flag") law: a court order removing firearms from a person at risk."""

    exists: bool | None = None
    name: str | None = None
    petitioners: list[Literal["law_enforcement", "family_household", "health_care_provider", "school", "other"]] = (
        Field(default_factory=list)
    )
    clinician_may_petition: bool | None = None
    petitioners_note: str | None = None  # who exactly may petition
    effective: str | None = None


class MandatoryReport(Fact):
    """A report the law requires of a treating clinician (e.g. New York's SAFE Act report, MHL § 9.46)."""

    id: str
    title: str
    who_must_report: str | None = None
    to_whom: str | None = None
    trigger: str | None = None
    within: str | None = None  # "as soon as practicable", "24 hours"
    within_hours: float | None = None
    applies_to: list[Literal["self_harm", "harm_to_others"]] = Field(default_factory=list)
    # Who receives it, in the disclosure vocabulary: a protocol step is done by a disclosure to them.
    recipient_type: Literal["police", "county_official", "professional", "other"] = "other"


class SudRecords(Fact):
    protected: bool | None = None
    summary: str | None = None
    emergency_basis: str | None = None  # the medical-emergency exception and its documentation
    # Who may be told under that exception, and what must be written down right after (field -> label).
    emergency_recipient_types: list[RecipientKind] = Field(default_factory=list)
    emergency_documentation: dict[str, str] = Field(default_factory=dict)
    emergency_accounting: Literal["required", "exempt"] | None = None


LEGAL_SECTIONS = (
    "duty_to_warn",
    "disclosure_bases",
    "accounting_of_disclosures",
    "emergency_hold",
    "minors",
    "sud_records",
    "extreme_risk_order",
    "mandatory_reports",
)


class Pack(Strict):
    code: str
    name: str
    parent: str | None = None
    version: int = 1
    # which parts the pack has: "full" (numbers, lines and the law), or "help" (the emergency numbers and crisis
    # lines only: the law of this country is not researched, and CarePath says so rather than guess)
    scope: Literal["full", "help"] = "full"
    languages: list[str] = Field(default_factory=list)
    emergency: Emergency | None = None
    crisis_lines: list[CrisisLine] | None = None
    # when no crisis line could be confirmed: what was searched, and when (status unknown)
    crisis_lines_search: Fact | None = None
    duty_to_warn: DutyToWarn | None = None
    disclosure_bases: list[DisclosureBasis] | None = None
    accounting_of_disclosures: AccountingOfDisclosures | None = None
    emergency_hold: EmergencyHold | None = None
    minors: Minors | None = None
    sud_records: SudRecords | None = None
    extreme_risk_order: ExtremeRiskOrder | None = None
    mandatory_reports: list[MandatoryReport] | None = None

    @field_validator("code", "parent")
    @classmethod
    def _iso_code(cls, value):
        if value is not None and not CODE_RE.match(value):
            raise ValueError(f"'{value}' is not an ISO 3166 code such as 'US' or 'US-CA'")
        return value

    @model_validator(mode="after")
    def _help_pack_has_no_law(self):
        if self.scope == "help":
            present = [name for name in LEGAL_SECTIONS if getattr(self, name) is not None]
            if present:
                raise ValueError(f"a help-only pack has no legal sections; remove {', '.join(present)}")
        return self

    @model_validator(mode="after")
    def _parent_is_country(self):
        if "-" in self.code and self.parent != self.code.split("-")[0]:
            raise ValueError(f"subdivision {self.code} must name its country {self.code.split('-')[0]} as parent")
        if "-" not in self.code and self.parent is not None:
            raise ValueError("a country pack has no parent")
        return self
