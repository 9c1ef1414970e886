"""Redirects decided in one place, only to paths of this site: odd `next` values never end in a server error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from carepath.clients.models import SupportContact
from carepath.core.views import is_local_path, safe_next


@pytest.mark.parametrize(
    "candidate, local",
    [
        ("/cases/", True),
        ("/clients/1/?x=1", True),
        ("x", False),
        ("cases:dashboard", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("https://evil.example/", False),
        ("", False),
        ("/ok\nSet-Cookie: x", False),
    ],
)
def test_only_paths_of_this_site_are_followed(candidate, local):
    assert is_local_path(candidate) is local
    request = RequestFactory().get("/", {"next": candidate})
    assert safe_next(request, "/fallback/") == (candidate if local else "/fallback/")


def test_odd_next_values_redirect_home_safely_and_save_once(signed_in, clinician, case):
    browser = signed_in(clinician)
    client = case.client
    contact = client.support_contacts.get()
    from carepath.followup.services import followup_create

    task = followup_create(actor=clinician, case=case, kind="custom", due_at=timezone.now() + dt.timedelta(hours=1))
    form = {"name": "Ada Odd", "relationship": "friend", "phone": "+1 415 555 0177", "priority": "3"}
    response = browser.post(f"/clients/{client.pk}/contacts/new/?next=x", form)
    assert response.status_code == 302 and response["Location"] == f"/clients/{client.pk}/"
    assert SupportContact.objects.filter(client=client, name="Ada Odd").count() == 1
    edit = {**form, "name": "Wilhelmina Zephyrine", "relationship": "sister", "priority": "1"}
    response = browser.post(f"/clients/{client.pk}/contacts/{contact.pk}/?next=x", edit)
    assert response.status_code == 302 and response["Location"] == f"/clients/{client.pk}/"
    response = browser.post(f"/followup/clients/{client.pk}/caring-opt-out/", {"next": "x", "note": "By phone"})
    assert response.status_code == 302 and response["Location"] == f"/clients/{client.pk}/"
    when = timezone.localtime(timezone.now(), case.organisation.zone).strftime("%Y-%m-%dT%H:%M")
    response = browser.post(
        f"/followup/tasks/{task.pk}/complete/", {"next": "x", "outcome": "Seen.", "occurred_at": when}
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"


def test_sign_in_with_an_odd_next_lands_on_the_members_own_page(client, clinician):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/sign-in/?next=x", {"email": clinician.email, "password": PASSWORD, "next": "x"})
    assert response.status_code == 302 and response["Location"] == "/"
