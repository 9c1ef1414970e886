"""Demo disclosures, of several kinds (the warning calls of the crisis console are the contacts' and emergency
apps' part): Aisha Rahman's referral to the psychiatric emergency programme (treatment: left out of the
accounting), what her cousin Farah was told of the discharge plan under Aisha's authorisation (left out too), and
an authorisation Aisha revoked (her former employer's assistance programme)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from carepath.clients.models import Authorisation
from carepath.clients.services import authorisation_create, authorisation_revoke
from carepath.core import clock

from . import services
from .models import Disclosure


def seed(ctx) -> None:
    case = ctx.cases.get("Rahman")
    if case is None or Disclosure.objects.filter(case=case).exists():
        return
    priya, now = ctx.members["priya"], ctx.now
    client = ctx.clients["Rahman"]

    zone = client.organisation.zone

    def ago(**kw) -> dt.datetime:
        return now - dt.timedelta(**kw)

    def day(moment: dt.datetime) -> dt.date:  # the date in the practice's zone, as the clinician would write it
        return timezone.localdate(moment, zone)

    with clock.at(ago(days=90)):
        eap = authorisation_create(
            actor=priya,
            client=client,
            recipient_name="Brightwell Employee Assistance Program (counsellor J. Ortiz)",
            recipient_type="professional",
            recipient_contact="400 Lexington Ave, New York, NY 10017 · +1 212 555 0131",
            categories=["treatment"],
            purpose="Attendance at sessions, for her employer's assistance programme",
            signed_on=day(ago(days=90)),
            expires_on=day(now + dt.timedelta(days=275)),
        )
    with clock.at(ago(days=20)):
        authorisation_revoke(
            actor=priya,
            authorisation=eap,
            revoked_on=day(ago(days=20)),
            reason="After losing her job she does not want the programme told anything more.",
        )
    with clock.at(ago(days=5, hours=22, minutes=50)):
        services.disclosure_record(
            actor=priya,
            case=case,
            recipient="Atlantic Avenue Hospital CPEP, intake (Dr Okonkwo)",
            recipient_type="professional",
            recipient_contact="300 Atlantic Ave, Brooklyn, NY 11201",
            categories=["risk_status", "diagnosis", "medication"],
            shared="Thoughts of jumping tonight, no attempt; depression since her job loss; no current medication.",
            purpose="Emergency care and treatment",
            basis_id="us-hipaa-164-506-treatment",
            client_informed="yes",
            occurred_at=ago(days=5, hours=23),
        )
    farah = Authorisation.objects.filter(client=client, support_contact__name="Farah Rahman").first()
    if farah is not None:
        with clock.at(ago(days=4, hours=1, minutes=30)):
            services.disclosure_record(
                actor=priya,
                case=case,
                recipient="",
                recipient_type="family",
                categories=["risk_status"],
                shared="That Aisha was discharged today and needs someone with her this week.",
                purpose="To support the client after discharge",
                basis_id=f"authorisation:{farah.pk}",
                client_informed="yes",
                occurred_at=ago(days=4, hours=1, minutes=40),
            )
