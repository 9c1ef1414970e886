"""The auditor's view of the demo practice: every page and filter of the audit trail, and no clinical words in it."""

from __future__ import annotations

import re

import pytest

from carepath.accounts.models import Member
from carepath.audit.models import AuditEntry
from carepath.cases.models import SafetyCase, TimelineEvent
from carepath.clients.models import AccessGrant, CareTeamMember, Client
from carepath.demo.seed import seed_demo


def _clinical_strings(org) -> set[str]:
    """What clinicians wrote in the demo: concerns, notes, reasons, outcomes (long enough to be unmistakable)."""
    texts: set[str] = set()
    texts |= set(SafetyCase.objects.filter(organisation=org).values_list("concern", flat=True))
    texts |= set(SafetyCase.objects.filter(organisation=org).values_list("close_reason", flat=True))
    texts |= set(TimelineEvent.objects.filter(organisation=org).values_list("summary", flat=True))
    texts |= set(AccessGrant.objects.filter(client__organisation=org).values_list("reason", flat=True))
    texts |= {r for e in TimelineEvent.objects.filter(organisation=org) for r in [(e.details or {}).get("reason")] if r}
    texts |= set(CareTeamMember.objects.filter(client__organisation=org).values_list("role", flat=True))
    # Every run of 24 characters of each text: a fragment of a note is as bad as the note.
    fragments = set()
    for text in texts:
        text = " ".join((text or "").split())
        if len(text) >= 24:
            fragments |= {text[i : i + 24] for i in range(0, len(text) - 23, 12)}
    return fragments


@pytest.mark.django_db
def test_the_auditor_sees_no_clinical_text_on_any_audit_page_or_filter(client):
    org = seed_demo().organisation
    auditor = Member.objects.get(organisation=org, email="alex.kim@demo.carepath")
    client.force_login(auditor, backend="django.contrib.auth.backends.ModelBackend")
    fragments = _clinical_strings(org)
    assert len(fragments) > 200  # the demo has plenty to leak
    entries = AuditEntry.objects.filter(organisation_id=org.pk)
    prefixes = sorted({a.split(".")[0] + "." for a in entries.values_list("action", flat=True)})
    queries = [""] + [f"action={p}" for p in prefixes]
    queries += [f"client={c}" for c in Client.objects.filter(organisation=org).values_list("pk", flat=True)]
    queries += [f"actor={m}" for m in Member.objects.filter(organisation=org).values_list("pk", flat=True)]
    pages = 0
    for query in queries:
        page = 1
        while True:
            response = client.get(f"/audit/?{query}&page={page}")
            assert response.status_code == 200, query
            body = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
            leaked = [f for f in fragments if f in body]
            assert not leaked, f"/audit/?{query} page {page} shows clinical text: {leaked[:3]}"
            for word in ("imminent", "moderate risk", "high risk"):
                assert word not in body.lower(), f"/audit/?{query} shows a risk level ({word})"
            pages += 1
            if 'rel="next"' not in response.content.decode() and "Older</a>" not in response.content.decode():
                break
            page += 1
    assert pages >= len(queries)
    assert entries.filter(action="client.break_glass").exists()  # the demo's break-the-glass is in the trail...
    assert "Covering Sam" not in str(list(entries.values_list("detail", flat=True)))  # ...without its reason
