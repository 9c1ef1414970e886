"""The public help page, and the start-up check of the packs."""

from __future__ import annotations

import re

import pytest
from django.core import checks


@pytest.mark.parametrize(
    "header, code, number",
    [
        ("en-GB,en;q=0.9", "GB", "999"),
        ("fr-CA,fr;q=0.8", "CA", "911"),
        ("de", "DE", "112"),
        ("ja-JP,ja", "JP", "119"),
        ("sw-KE", "KE", "999"),
        ("en-AU", "AU", "000"),
        ("", "US", "911"),
    ],
)
def test_help_page_defaults_from_the_browser_language(client, db, header, code, number):
    response = client.get("/help/", HTTP_ACCEPT_LANGUAGE=header)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{code}" selected>' in body
    assert f'If you are in danger now, call <a href="tel:{number}">{number}</a>' in body


def test_help_page_for_a_chosen_region_lists_crisis_lines_as_links(client, db):
    body = client.get("/help/?code=US-CA").content.decode()
    assert 'href="tel:988"' in body and 'href="sms:741741?&amp;body=HOME"' in body
    assert "https://988lifeline.org/chat/" in body and "24/7" in body
    # works without JavaScript: everything is in the page; the one script only guesses the country from the time zone
    scripts = re.findall(r"<script[^>]*>", body.split("</head>")[1])
    assert len(scripts) == 1 and "help" in scripts[0] and " src=" in scripts[0]


def test_help_page_with_an_unknown_code_falls_back_and_says_so(client, db):
    body = client.get("/help/?code=XX-YY", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert "We have no information" in body and 'call <a href="tel:999">' in body


def test_sign_in_page_and_footer_link_to_the_help_page(client, db):
    body = client.get("/accounts/sign-in/").content.decode()
    assert 'href="/help/">Need help now? Crisis lines</a>' in body
    assert 'href="/help/">Crisis lines</a>' in body


def test_system_check_reports_an_invalid_pack_naming_file_and_field(monkeypatch, tmp_path):
    from carepath.jurisdictions import apps, packs

    (tmp_path / "US.yaml").write_text("code: US\nname: United States\nemergency: {numbers: ['911']}\n")
    monkeypatch.setattr(packs, "DATA_DIR", tmp_path)
    monkeypatch.setattr(packs.load_dir, "__defaults__", (tmp_path,))
    errors = apps.check_packs()
    assert errors and all(isinstance(e, checks.Error) for e in errors)
    assert any("US.yaml: emergency" in e.msg for e in errors)


def test_system_check_passes_with_the_shipped_data():
    from carepath.jurisdictions import apps

    assert apps.check_packs() == []


def test_serve_refuses_to_start_with_an_invalid_pack(monkeypatch):
    from django.core.management.base import SystemCheckError

    from carepath import cli
    from carepath.jurisdictions import packs

    def broken(*args, **kwargs):
        raise packs.PackError("US.yaml: emergency.numbers: Input should be a valid list")

    monkeypatch.setattr(packs, "load_dir", broken)
    with pytest.raises(SystemCheckError, match=r"US.yaml: emergency.numbers"):
        cli._serve("127.0.0.1", 0, 1)
