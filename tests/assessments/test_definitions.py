"""Tests for the instrument definition files and their schema and loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from carepath.assessments import definitions
from carepath.assessments.definitions import DATA_DIR, INSTRUMENT_IDS, DefinitionError, all_definitions, load, load_file

# Codes confirmed from LOINC or an authoritative source; anything else in a file would be an invented code.
CONFIRMED_LOINC = {"44249-1", "44261-6", "44260-8", "93373-9", "93374-7"}


def _all_loinc_codes(d: definitions.Definition) -> set[str]:
    codes = {d.loinc, d.scoring.total_loinc, d.triage.result_loinc}
    codes |= {i.loinc for i in d.items}
    codes |= {o.loinc for i in d.items for o in i.options}
    return {c for c in codes if c is not None}


def test_every_instrument_loads() -> None:
    defs = all_definitions()
    assert sorted(defs) == sorted(INSTRUMENT_IDS)
    for instrument_id, d in defs.items():
        assert d.id == instrument_id
        assert d.reviewed == dt.date(2026, 11, 26)
        assert d.source and all(s.strip() for s in d.source)
        assert d.licence.strip() and d.citation.strip() and d.version


def test_data_dir_holds_exactly_the_known_instruments() -> None:
    assert sorted(p.stem for p in DATA_DIR.glob("*.yaml")) == sorted(INSTRUMENT_IDS)


def test_load_is_cached() -> None:
    assert load("phq9") is load("phq9")
    assert all_definitions() is all_definitions()
    assert all_definitions()["asq"] is load("asq")


def test_unknown_instrument() -> None:
    with pytest.raises(DefinitionError, match="unknown instrument 'gad7'.*phq9"):
        load("gad7")


def test_only_confirmed_loinc_codes_are_used() -> None:
    for d in all_definitions().values():
        assert _all_loinc_codes(d) <= CONFIRMED_LOINC, d.id


def test_phq9_loinc_codes() -> None:
    d = load("phq9")
    assert d.loinc == "44249-1"
    assert d.scoring.total_loinc == "44261-6"
    assert d.item("q9").loinc == "44260-8"
    assert all(d.item(f"q{n}").loinc is None for n in range(1, 9))


def test_cssrs_loinc_codes() -> None:
    d = load("cssrs-screener")
    assert d.loinc == "93373-9"
    assert d.triage.result_loinc == "93374-7"
    # Item codes circulating in public code could not be confirmed from LOINC itself, so none are set.
    for instrument_id in ("cssrs-screener", "cssrs-since-last-contact"):
        assert all(i.loinc is None for i in load(instrument_id).items)


def test_asq_and_formulation_have_no_loinc() -> None:
    assert _all_loinc_codes(load("asq")) == set()
    assert _all_loinc_codes(load("formulation")) == set()


def test_cssrs_screener_items_and_skip_logic() -> None:
    d = load("cssrs-screener")
    assert [i.id for i in d.items] == ["q1", "q2", "q3", "q4", "q5", "q6", "q6_past_3_months"]
    assert d.item("q1").text == "Have you wished you were dead or wished you could go to sleep and not wake up?"
    assert d.item("q2").text == "Have you actually had any thoughts of killing yourself?"
    assert d.item("q6").text.startswith("Have you ever done anything, started to do anything, or prepared")
    assert d.item("q6_past_3_months").text == "Was this within the past 3 months?"
    for q in ("q3", "q4", "q5"):
        assert d.item(q).ask_if == {"q2": True}
    assert d.item("q6_past_3_months").ask_if == {"q6": True}
    for q in ("q1", "q2", "q6"):
        assert d.item(q).ask_if is None and d.item(q).required
    assert [lv.id for lv in d.triage.levels] == ["none", "low", "moderate", "high"]


def test_since_last_contact_has_no_recency_follow_up() -> None:
    d = load("cssrs-since-last-contact")
    assert [i.id for i in d.items] == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert {"q6": True} in d.level("high").when_any


def test_asq_items() -> None:
    d = load("asq")
    assert d.item("q1").text == "In the past few weeks, have you wished you were dead?"
    assert d.item("q5").text == "Are you having thoughts of killing yourself right now?"
    for q in ("q1", "q2", "q3", "q4"):
        assert [o.value for o in d.item(q).options] == [True, False, "refused"]
    assert d.item("q5").ask_if_any is not None and len(d.item("q5").ask_if_any) == 4


def test_phq9_items_and_bands() -> None:
    d = load("phq9")
    assert [o.label for o in d.item("q1").options] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    assert d.item("q9").text == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert not d.item("q10").required
    assert "q10" not in d.scoring.items
    bands = [(lv.id, lv.min_total, lv.max_total) for lv in d.triage.levels]
    assert bands == [
        ("minimal", 0, 4),
        ("mild", 5, 9),
        ("moderate", 10, 14),
        ("moderately_severe", 15, 19),
        ("severe", 20, 27),
    ]


def test_formulation_items() -> None:
    d = load("formulation")
    assert d.kind == "formulation"
    assert [o.value for o in d.item("risk_level").options] == ["low", "moderate", "high", "imminent"]
    assert d.item("risk_level").required
    assert d.item("rationale").required_unless_equal == ["risk_level", "screen_level"]
    for name in ("risk_factors", "protective_factors", "warning_signs"):
        assert d.item(name).type == "multi_choice" and d.item(name).allow_other


def test_every_level_has_a_response_and_source() -> None:
    for d in all_definitions().values():
        for lv in d.triage.levels:
            assert lv.response.strip() and lv.source.strip(), (d.id, lv.id)


# --- invalid files -----------------------------------------------------------------------------------------------


def _valid_raw() -> dict:
    return yaml.safe_load((DATA_DIR / "cssrs-screener.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw: object, name: str = "cssrs-screener.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, sort_keys=False) if not isinstance(raw, str) else raw, encoding="utf-8")
    return path


def test_copy_of_a_valid_file_loads(tmp_path: Path) -> None:
    assert load_file(_write(tmp_path, _valid_raw())).id == "cssrs-screener"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda r: r.update(colour="red"), r"cssrs-screener.yaml: colour: Extra inputs are not permitted"),
        (lambda r: r.pop("licence"), r"cssrs-screener.yaml: licence: Field required"),
        (lambda r: r["items"][0].update(wording="x"), r"cssrs-screener.yaml: items.0.wording: Extra inputs"),
        (lambda r: r.update(loinc="12345"), r"cssrs-screener.yaml: loinc: .*not a LOINC code"),
        (lambda r: r.update(kind="survey"), r"cssrs-screener.yaml: kind: "),
        (lambda r: r["items"][2].update(ask_if={"q9": True}), r"unknown item 'q9'"),
        (lambda r: r["items"][2].update(ask_if={"q2": "maybe"}), r"'maybe' is not an option of item 'q2'"),
        (lambda r: r["items"][2].update(ask_if={"q6": True}), r"not asked before it"),
        (lambda r: r["items"][2].pop("skipped_when"), r"needs asked_when and skipped_when"),
        (lambda r: r["items"][1].update(id="q1"), r"item ids must be unique"),
        (lambda r: r["items"][0].update(options=[]), r"needs options"),
        (lambda r: r["triage"]["levels"][0].update(when_any=[{"q1": True}]), r"is the default and takes no when_any"),
        (lambda r: r["triage"]["levels"][2].update(when_any=[]), r"triage level moderate: needs when_any"),
        (lambda r: r["triage"]["levels"][1].update(id="none"), r"unique ids"),
        (lambda r: r.update(id="asq"), r"id: 'asq' does not match the file name"),
        (lambda r: r["items"][0]["options"][0].update(value=[1]), r"items.0.options.0.value"),
    ],
)
def test_invalid_file_names_file_and_field(tmp_path: Path, mutate, expected: str) -> None:
    raw = _valid_raw()
    mutate(raw)
    with pytest.raises(DefinitionError, match=expected) as info:
        load_file(_write(tmp_path, raw))
    assert "cssrs-screener.yaml" in str(info.value)
    assert "\n" not in str(info.value)


def test_phq9_bands_must_be_contiguous(tmp_path: Path) -> None:
    raw = yaml.safe_load((DATA_DIR / "phq9.yaml").read_text(encoding="utf-8"))
    raw["triage"]["levels"][1]["min_total"] = 6
    with pytest.raises(DefinitionError, match="phq9.yaml: .*bands must be contiguous"):
        load_file(_write(tmp_path, raw, "phq9.yaml"))


def test_phq9_bands_must_cover_the_range(tmp_path: Path) -> None:
    raw = yaml.safe_load((DATA_DIR / "phq9.yaml").read_text(encoding="utf-8"))
    raw["triage"]["levels"][-1]["max_total"] = 26
    with pytest.raises(DefinitionError, match="phq9.yaml: .*must cover"):
        load_file(_write(tmp_path, raw, "phq9.yaml"))


def test_summed_items_need_integer_options(tmp_path: Path) -> None:
    raw = yaml.safe_load((DATA_DIR / "phq9.yaml").read_text(encoding="utf-8"))
    raw["scoring"]["items"].append("q10")
    with pytest.raises(DefinitionError, match="phq9.yaml: .*integer option values"):
        load_file(_write(tmp_path, raw, "phq9.yaml"))


def test_not_yaml(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="asq.yaml: not valid YAML"):
        load_file(_write(tmp_path, "id: [unclosed", "asq.yaml"))


def test_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match=r"asq.yaml: \(top level\): must be a mapping"):
        load_file(_write(tmp_path, "- 1\n- 2\n", "asq.yaml"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="cannot read definition file nope.yaml"):
        load_file(tmp_path / "nope.yaml")
