"""The risk chart is valid, self-contained, accessible SVG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from carepath.assessments import chart, selectors, services
from carepath.core import clock

from .factories import CSSRS_HIGH, CSSRS_LOW, phq9

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def test_chart_of_risk_and_phq9_is_valid_accessible_svg_without_network(clinician, case):
    start = clock.now() - dt.timedelta(days=20)
    for days, instrument, answers in [
        (0, "phq9", phq9(18, 1)),
        (1, "cssrs-screener", CSSRS_HIGH),
        (10, "phq9", phq9(9)),
        (19, "cssrs-screener", CSSRS_LOW),
    ]:
        with clock.at(start + dt.timedelta(days=days)):
            services.assessment_finalise(
                actor=clinician, client=case.client, instrument=instrument, answers=answers, case=case
            )
    svg = str(chart.risk_chart_svg(selectors.client_history(case.client)))
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img" and "PHQ-9 total" in root.get("aria-label")
    assert root.find(SVG + "title") is not None
    assert len(root.findall(SVG + "polyline")) == 2  # risk level and PHQ-9 total
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from anywhere
    assert "style=" not in svg  # the CSP forbids inline styles


def test_chart_of_a_single_assessment_still_renders(clinician, client_record):
    services.assessment_finalise(actor=clinician, client=client_record, instrument="cssrs-screener", answers=CSSRS_LOW)
    root = ET.fromstring(str(chart.risk_chart_svg(selectors.client_history(client_record))))
    assert len(root.findall(SVG + "circle")) == 1
