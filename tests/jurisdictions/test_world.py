"""Help in every country: a pack for every ISO 3166-1 code, the help page's search and defaults, a country without a
confirmed crisis line, and a client abroad (numbers shown, legal guidance said to be unavailable)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re

import pytest

from carepath.cases.services import case_open
from carepath.clients.services import client_create
from carepath.jurisdictions import packs, selectors
from carepath.jurisdictions.cli import jurisdiction_command


def test_every_iso_3166_1_code_has_a_pack_that_validates_with_its_sources():
    countries = selectors.iso_countries()["countries"]
    assert len(countries) == 249 and countries["NO"] == "Norway"  # "NO" is a string, not YAML's false
    loaded = packs.load_dir()
    assert sorted(set(countries) - set(loaded)) == []
    for code in countries:
        pack = loaded[code]
        assert pack.emergency is not None, code
        if pack.emergency.status == "known":
            assert pack.emergency.numbers and pack.emergency.source and pack.emergency.reviewed, code
        known_lines = [line for line in pack.crisis_lines or [] if line.status == "known"]
        # a country without a confirmed line says what was searched
        assert known_lines or pack.crisis_lines_search is not None or pack.scope == "full", code
        for line in known_lines:
            assert line.source and line.reviewed and (line.phone or line.text or line.chat or line.web), (code, line)
        if pack.scope == "help":
            assert pack.duty_to_warn is None and pack.emergency_hold is None, code


def test_a_help_only_pack_may_not_carry_law():
    from pydantic import ValidationError

    from carepath.jurisdictions.schema import Pack

    with pytest.raises(ValidationError, match="help-only pack has no legal sections; remove duty_to_warn"):
        Pack.model_validate(
            {"code": "KE", "name": "Kenya", "scope": "help", "duty_to_warn": {"type": "unknown", "status": "unknown"}}
        )
    with pytest.raises(ValidationError, match="'reaches' names 911"):
        Pack.model_validate(
            {
                "code": "KE",
                "name": "Kenya",
                "scope": "help",
                "emergency": {
                    "numbers": ["999"],
                    "reaches": {"911": ["police"]},
                    "citation": "c",
                    "source": "s",
                    "reviewed": "2026-12-02",
                },
            }
        )


@pytest.mark.parametrize("code", ["JP", "IN", "BR", "KE", "NO", "ZA", "MX", "PH"])
def test_the_help_page_shows_a_countrys_numbers_as_links(client, db, code):
    body = client.get(f"/help/?code={code}").content.decode()
    pack = packs.get(code)
    assert f'<option value="{code}" selected>' in body
    for number in pack.emergency.numbers:
        assert f'href="tel:{number}"' in body
    for line in pack.crisis_lines or []:
        if line.status == "known" and line.phone and re.fullmatch(r"[+\d][\d \-]*", line.phone):
            assert f'href="tel:{line.phone.replace(" ", "").replace("-", "")}"' in body, line.phone
        if line.status == "known":
            assert f"checked {line.reviewed.isoformat()}" in body


def test_a_country_without_a_confirmed_line_says_so_and_still_shows_the_emergency_number(client, db):
    code = next(
        c
        for c, p in sorted(packs.all_packs().items())
        if p.scope == "help" and p.emergency and p.emergency.status == "known" and not p.crisis_lines
    )
    number = packs.get(code).emergency.numbers[0]
    body = client.get(f"/help/?code={code}").content.decode()
    assert "No crisis line could be confirmed" in body
    assert f'If you are in danger now, call <a href="tel:{number}">{number}</a>' in body


def test_the_help_page_searches_by_name_or_code_ignoring_accents(client, db):
    assert '<option value="CI" selected>' in client.get("/help/?q=cote d'ivoire").content.decode()
    assert '<option value="KE" selected>' in client.get("/help/?q=Kenya").content.decode()
    assert '<option value="NZ" selected>' in client.get("/help/?q=nz").content.decode()
    several = client.get("/help/?q=guinea").content.decode()
    assert "More than one place matches" in several and "?code=GW" in several and "?code=PG" in several
    none = client.get("/help/?q=Atlantis", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert "No country or region matches" in none and 'href="tel:999"' in none


def test_the_help_page_defaults_from_the_time_zone_before_the_language(client, db):
    body = client.get("/help/?tz=Asia/Tokyo", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<option value="JP" selected>' in body
    body = client.get("/help/?tz=Nowhere/Else", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert '<option value="GB" selected>' in body
    guessed = client.get("/help/", HTTP_ACCEPT_LANGUAGE="fr-FR").content.decode()
    assert "data-guessed" in guessed and "Europe/Paris" in guessed  # the script compares the browser's zone


def test_an_unknown_code_suggests_and_is_never_an_error(client, db):
    response = client.get("/help/?code=KX", HTTP_ACCEPT_LANGUAGE="en-GB")
    body = response.content.decode()
    assert response.status_code == 200 and "We have no information for “KX”" in body and "did you mean" in body


def test_the_help_page_is_light_and_printable(client, db):
    body = client.get("/help/?code=US-CA").content
    assert len(body) < 100_000
    css = (packs.Path(__file__).resolve().parents[2] / "carepath/core/static/carepath/carepath.css").read_text()
    assert "@media print" in css and ".no-print" in css


def _run(*argv):
    ns = argparse.Namespace(jurisdiction_command=argv[0], dir=None)
    if argv[0] == "show":
        ns.code, ns.json = argv[1], True
    out, err = io.StringIO(), io.StringIO()
    return jurisdiction_command(ns, out, err, today=dt.date(2026, 12, 2)), out.getvalue(), err.getvalue()


def test_the_command_line_shows_any_country_and_counts_the_coverage():
    code, out, _ = _run("show", "KE")
    data = json.loads(out)
    assert code == 0 and data["scope"] == "help" and data["legal_guidance"] is False
    assert data["emergency_number"] == "999" and data["duty_to_warn"]["type"] == "unknown"
    code, out, _ = _run("check")
    assert code == 0 and "countries: 249 of 249 ISO 3166-1 codes have a pack" in out
    assert re.search(r"\d+ with a confirmed crisis line", out)
    code, _, err = _run("show", "KX")
    assert code == 2 and "Did you mean" in err


def test_a_client_abroad_gets_that_countrys_numbers_and_no_borrowed_law(signed_in, clinician):
    client = client_create(
        actor=clinician,
        given_name="Tomas",
        family_name="Eriksen",
        date_of_birth=dt.date(2001, 3, 4),
        jurisdiction="KE",
        preferred_language="en",
        phone="+254 700 000 000",
        address="Student residence, Nairobi",
        flags=[],
    )
    case = case_open(actor=clinician, client=client, risk_level="high", concern="Messaged from Nairobi: wants to die.")
    browser = signed_in(clinician)
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "Legal guidance is not available for Kenya" in page and 'href="tel:999"' in page
    assert "California" not in page and "Tarasoff" not in page
    console = browser.get(f"/cases/{case.pk}/console/").content.decode()
    assert "Legal guidance is not available for Kenya" in console and 'href="tel:999"' in console
