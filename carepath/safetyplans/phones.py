"""Phone numbers on a safety plan: checked and written the way they are dialled in the client's country."""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext as _
from phonenumbers import shortnumberinfo


def region_of(jurisdiction: str) -> str:
    """The country of a jurisdiction code: US-CA -> US, GB-SCT -> GB."""
    return (jurisdiction or "").split("-")[0].upper() or "US"


def check_phone(text: str, region: str) -> tuple[str, str | None]:
    """(the number as written for `region`, or as typed; an error message or None).

    National numbers are formatted nationally ((415) 555-0134 in the US), numbers of another country
    internationally (+44 20 7946 0958); short codes such as 988, 911 or 116 123 are kept as they are.
    """
    text = (text or "").strip()
    if not text:
        return "", None
    if not any(c.isdigit() for c in text):
        return text, _("Give a phone number with digits.")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return text, _("This does not look like a phone number.")
    if shortnumberinfo.is_valid_short_number_for_region(number, region):
        return text, None
    if not phonenumbers.is_valid_number(number):
        return text, _("This does not look like a phone number in %(region)s.") % {"region": region}
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == region
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style), None


def tel_target(text: str, region: str) -> str:
    """The digits to dial (for a `tel:` link)."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return "".join(c for c in text if c.isdigit() or c == "+")
    if shortnumberinfo.is_valid_short_number_for_region(number, region):
        return "".join(c for c in text if c.isdigit())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
