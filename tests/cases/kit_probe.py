"""Run CarePath without one step app and use it: `python -m tests.cases.kit_probe` (see test_kit.py).

Migrates an in-memory database, seeds the demo practice, then signs in as a clinician and opens the pages
every practice uses. Prints one JSON object: the status of each page, the URLs that resolve, the API's paths.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.cases.kit_settings")
os.environ["DATABASE_URL"] = "sqlite:///:memory:"


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from carepath.cases.kit import step_apps
    from carepath.cases.models import SafetyCase
    from carepath.demo.seed import seed_demo

    call_command("migrate", verbosity=0)
    call_command("check", fail_level="ERROR")
    result = seed_demo()
    org = result.organisation
    clinician = org.members.get(email="sam.rivera@demo.carepath")
    case = SafetyCase.objects.filter(client__family_name="Whitaker").first()
    browser = Client()
    browser.force_login(clinician, backend="django.contrib.auth.backends.ModelBackend")
    pages = {
        "dashboard": "/cases/",
        "case": f"/cases/{case.pk}/",
        "client": f"/clients/{case.client_id}/",
        "clients": "/clients/",
        "help": "/help/",
        "openapi": "/api/v1/openapi.json",
    }
    status = {name: browser.get(url).status_code for name, url in pages.items()}
    names = {}
    for name in ("emergency:console", "contacts:attempt", "followup:mine", "safetyplans:edit", "hospital:case"):
        try:
            kwargs = {"followup:mine": {}, "safetyplans:edit": {"client_id": case.client_id}}.get(
                name, {"case_id": case.pk}
            )
            names[name] = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            names[name] = None
    api_paths = sorted(browser.get("/api/v1/openapi.json").json()["paths"])
    print(
        json.dumps(
            {"status": status, "urls": names, "api_paths": api_paths, "step_apps": [s.label for s in step_apps()]}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
