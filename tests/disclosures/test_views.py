"""Pages, API and command line of disclosures: the form keeps what was typed, the accounting page, PDF and CSV
(each production audited), the supervisor's list, authorisations with their signed form."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from carepath import cli
from carepath.accounts.services import api_token_create
from carepath.audit.models import AuditEntry
from carepath.clients.models import Authorisation
from carepath.core import clock
from carepath.disclosures.models import Disclosure
from carepath.disclosures.services import disclosure_record

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _warning(clinician, case):
    return disclosure_record(
        actor=clinician,
        case=case,
        recipient="Greg Dalton",
        recipient_type="victim",
        recipient_contact="12 Oak St",
        categories=["risk_status"],
        shared="A threat tonight.",
        purpose="To warn the person threatened",
        basis_id="us-hipaa-164-512-j",
        client_informed="later",
    ).record


def test_a_refused_disclosure_keeps_what_was_typed_and_shows_the_duty(signed_in, clinician, case):
    browser = signed_in(clinician)
    page = browser.get(f"/cases/{case.pk}/disclosures/new/").content.decode()
    assert "Duty to warn in" in page and "43.92" in page
    response = browser.post(
        f"/cases/{case.pk}/disclosures/new/",
        {
            "recipient": "Greg Dalton",
            "recipient_type": "victim",
            "shared": "He threatened you.",
            "purpose": "",
            "client_informed": "later",
            "occurred_at": "",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Greg Dalton" in body and "He threatened you." in body
    assert not Disclosure.objects.exists()


def test_the_accounting_page_pdf_and_csv_are_audited_and_for_the_care_team(
    signed_in, clinician, off_team_clinician, case
):
    _warning(clinician, case)
    browser = signed_in(clinician)
    url = f"/clients/{case.client_id}/disclosures/accounting/"
    page = browser.get(url).content.decode()
    assert "Greg Dalton" in page and "164.528" in page
    pdf = browser.get(url, {"start": "2020-01-01", "end": clock.today().isoformat(), "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Accounting of disclosures" in text and "Greg Dalton" in text and "To warn the person threatened" in text
    csv = browser.get(url, {"start": "2020-01-01", "end": clock.today().isoformat(), "format": "csv"}).content.decode()
    assert csv.splitlines()[0] == "date,recipient,recipient_address,description,purpose,legal_basis"
    bad = browser.get(url, {"start": "2026-12-01", "end": "2026-01-01"})
    assert bad.status_code == 400 and "The start is after the end" in bad.content.decode()
    assert AuditEntry.objects.filter(action="disclosure.accounting").count() == 3
    assert signed_in(off_team_clinician).get(url).status_code == 404


def test_the_supervisor_sees_every_disclosure_with_filters_and_csv(signed_in, clinician, supervisor, case):
    _warning(clinician, case)
    assert signed_in(clinician).get("/disclosures/").status_code == 403
    browser = signed_in(supervisor)
    assert "Greg Dalton" in browser.get("/disclosures/").content.decode()
    assert "Greg Dalton" not in browser.get("/disclosures/", {"recipient_type": "police"}).content.decode()
    csv = browser.get("/disclosures/", {"format": "csv"}).content.decode()
    assert "Greg Dalton" in csv and csv.startswith("date,client,recipient")


def test_an_authorisation_is_kept_with_its_signed_form_and_a_bad_file_is_refused(signed_in, clinician, case):
    browser = signed_in(clinician)
    url = f"/clients/{case.client_id}/authorisations/new/"
    form = {
        "recipient_name": "Dr Ana Cho",
        "recipient_type": "professional",
        "categories": ["risk_status"],
        "purpose": "Care coordination",
        "signed_on": clock.today(case.organisation.zone).isoformat(),
    }
    refused = browser.post(url, {**form, "document": SimpleUploadedFile("roi.pdf", b"GIF89a not a pdf")})
    assert refused.status_code == 400 and "not a PDF or an image" in refused.content.decode()
    assert "Dr Ana Cho" in refused.content.decode()
    assert browser.post(url, {**form, "document": SimpleUploadedFile("roi.pdf", PDF)}).status_code == 302
    authorisation = Authorisation.objects.get(recipient_name="Dr Ana Cho")
    assert authorisation.document.kind == "authorisation"
    page = browser.get(f"/clients/{case.client_id}/").content.decode()
    assert "Dr Ana Cho" in page and "signed form" in page


def test_the_api_records_a_disclosure_and_gives_the_accounting(client, clinician, case):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=clinician, member=clinician, name='t')}"}
    body = {
        "recipient": "Oakland PD",
        "recipient_type": "police",
        "categories": ["location"],
        "purpose": "Welfare check",
        "basis_id": "us-hipaa-164-512-j",
        "client_informed": "no",
        "client_not_informed_reason": "Asleep",
    }
    made = client.post(f"/api/v1/cases/{case.pk}/disclosures", body, content_type="application/json", **auth)
    assert made.status_code == 201 and made.json()["accountable"] is True
    rows = client.get(f"/api/v1/clients/{case.client_id}/accounting", **auth).json()
    assert rows[0]["recipient"] == "Oakland PD" and rows[0]["purpose"] == "Welfare check"
    empty = client.post(
        f"/api/v1/cases/{case.pk}/disclosures", {**body, "categories": []}, content_type="application/json", **auth
    )
    assert empty.status_code == 400


def test_the_command_line_accounting(clinician, case, capsys, tmp_path):
    _warning(clinician, case)
    start, end = (clock.today() - dt.timedelta(days=3)).isoformat(), clock.today().isoformat()
    assert cli.main(["disclosures", "account", str(case.client_id), "--from", start, "--to", end]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["recipient"] == "Greg Dalton" and set(rows[0]) >= {
        "date",
        "recipient",
        "recipient_address",
        "description",
        "purpose",
        "legal_basis",
    }
    assert cli.main(["disclosures", "account", str(case.client_id), "--from", end, "--to", start]) == 2
    assert "is after --to" in capsys.readouterr().err
    assert cli.main(["disclosures", "account", "not-an-id", "--from", start, "--to", end]) == 2
    assert (
        cli.main(["disclosures", "account", str(case.client_id), "--from", start, "--to", end, "--format", "pdf"]) == 2
    )
    out = tmp_path / "a.pdf"
    assert (
        cli.main(
            [
                "disclosures",
                "account",
                str(case.client_id),
                "--from",
                start,
                "--to",
                end,
                "--format",
                "pdf",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "Greg Dalton" in PdfReader(str(out)).pages[0].extract_text()
