"""The public help page: emergency numbers and crisis lines of any country or region, no sign-in needed."""

from __future__ import annotations

from django.shortcuts import render

from . import packs, selectors


def help_page(request):
    """Emergency numbers and crisis lines for a chosen, searched or guessed country; public, no JavaScript needed.

    Which country: the one chosen (`code`), else the one searched for (`q`) when a single pack matches, else the
    browser's time zone (`tz`, sent by the page's script), else its language (Accept-Language).
    """
    requested = (request.GET.get("code") or "").strip().upper()
    query = (request.GET.get("q") or "").strip()[:80]
    matches = selectors.help_search(query) if query else []
    guessed = False
    if packs.is_known(requested):
        code = requested
    elif len(matches) == 1 or (matches and matches[0][0].lower() == query.lower()):
        code = matches[0][0]
    else:
        code = selectors.code_from_time_zone(request.GET.get("tz")) or selectors.code_from_accept_language(
            request.headers.get("Accept-Language")
        )
        guessed = not requested and not query
    suggestions = []
    if requested and requested != code:
        try:
            packs.get(requested)
        except packs.UnknownJurisdiction as exc:
            suggestions = [(c, packs.get(c).name) for c in exc.suggestions]
    context = {
        "info": selectors.guidance(code),
        "choices": selectors.help_choices(),
        "selected": code,
        "not_found": requested if requested and requested != code else "",
        "suggestions": suggestions,
        "query": query,
        "matches": matches if len(matches) > 1 else [],
        "no_match": bool(query) and not matches,
        "guessed": guessed,
        "zones": selectors.zones_of(code) if guessed else [],
    }
    response = render(request, "jurisdictions/help.html", context)
    response["Vary"] = "Accept-Language"
    return response
