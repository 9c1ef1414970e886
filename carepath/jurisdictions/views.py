"""The public help page: emergency numbers and crisis lines of any country or region, no sign-in needed."""

from __future__ import annotations

from django.shortcuts import render

from . import packs, selectors


def help_page(request):
    """Emergency number and crisis lines for a chosen country or region; public, no JavaScript needed."""
    requested = (request.GET.get("code") or "").strip().upper()
    code = (
        requested
        if packs.is_known(requested)
        else selectors.code_from_accept_language(request.headers.get("Accept-Language"))
    )
    context = {
        "info": selectors.guidance(code),
        "choices": selectors.help_choices(),
        "selected": code,
        "not_found": requested if requested and requested != code else "",
    }
    response = render(request, "jurisdictions/help.html", context)
    response["Vary"] = "Accept-Language"
    return response
