"""A designated person who lives with the person the client threatened is flagged before anyone relies on them,
more strongly for records protected by 42 CFR Part 2 with no other contact."""

from __future__ import annotations

import datetime as dt

from carepath.cases.services import case_open
from carepath.clients.selectors import designated_person_caution
from carepath.clients.services import client_create, support_contact_create


def _client(clinician, flags):
    client = client_create(
        actor=clinician,
        given_name="Marcus",
        family_name="Hale",
        date_of_birth=dt.date(1979, 1, 30),
        jurisdiction="US-TX",
        flags=flags,
    )
    support_contact_create(
        actor=clinician,
        client=client,
        name="Teresa Hale",
        relationship="ex-wife",
        phone="+1 512 555 0160",
        priority=1,
        lives_with_person_at_risk=True,
    )
    return client


def test_a_part_2_client_whose_only_designated_person_lives_with_the_person_at_risk_is_flagged(signed_in, clinician):
    client = _client(clinician, ["part2"])
    case = case_open(
        actor=clinician,
        client=client,
        risk_level="high",
        concern="Said Greg will pay.",
        at_risk="both",
        potential_victims="Greg Dalton, who lives with Teresa.",
    )
    caution = designated_person_caution(client, case.at_risk)
    assert "Teresa Hale, the designated person, lives with someone" in caution and "42 CFR Part 2" in caution
    browser = signed_in(clinician)
    for url in (f"/cases/{case.pk}/console/", f"/cases/{case.pk}/"):
        assert "lives with someone Marcus Hale has threatened" in browser.get(url).content.decode(), url


def test_no_caution_when_only_the_client_is_at_risk_or_another_contact_can_be_called(clinician):
    client = _client(clinician, [])
    assert designated_person_caution(client, "self") is None
    support_contact_create(
        actor=clinician, client=client, name="Ray Hale", relationship="brother", phone="+1 512 555 0170", priority=2
    )
    caution = designated_person_caution(client, "others")
    assert "Consider Ray Hale first" in caution and "Part 2" not in caution
