"""Settings of CarePath without one app (CAREPATH_WITHOUT_APP), for the step-app kit's contract test."""

import os

from carepath.settings import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != os.environ["CAREPATH_WITHOUT_APP"]]  # noqa: F405
