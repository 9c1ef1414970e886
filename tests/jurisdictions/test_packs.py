"""Jurisdiction packs: every pack validates, the command line's contract, and the US duty-to-warn coverage."""

from __future__ import annotations

import argparse
import io
import json
import shutil

import pytest

from carepath.jurisdictions import packs
from carepath.jurisdictions.cli import jurisdiction_command

US_STATES_AND_DC = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR "
    "PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()


def run(*argv, **extra):
    parser = argparse.Namespace(**extra)
    sub, *rest = argv
    parser.jurisdiction_command = sub
    if sub == "show":
        parser.code = rest[0]
        parser.json = "--json" in rest
    out, err = io.StringIO(), io.StringIO()
    code = jurisdiction_command(parser, out, err)
    return code, out.getvalue(), err.getvalue()


def test_every_pack_validates():
    loaded = packs.load_dir()
    assert len(loaded) >= 90
    for code in loaded:
        assert packs.get(code).code == code


def test_every_us_state_and_dc_has_a_classified_duty_to_warn_and_known_ones_are_cited():
    assert len(US_STATES_AND_DC) == 51
    unknown = []
    for state in US_STATES_AND_DC:
        duty = packs.get(f"US-{state}").pack.duty_to_warn  # the state's own entry, not the federal one inherited
        assert duty is not None, f"US-{state} has no duty_to_warn entry"
        assert duty.type in {"mandatory", "permissive", "none", "unknown"}
        if duty.type == "unknown":
            unknown.append(state)
        else:
            assert duty.citation and duty.source and duty.reviewed, f"US-{state} duty_to_warn is not cited"
    assert len(unknown) < 51


@pytest.mark.parametrize("code", ["US-CA", "GB-SCT", "CA-ON", "FR"])
def test_show_json_contract(code):
    status, out, _err = run("show", code, "--json")
    assert status == 0
    data = json.loads(out)
    assert data["code"] == code and isinstance(data["name"], str)
    assert data["emergency_number"] is None or isinstance(data["emergency_number"], str)
    assert isinstance(data["emergency_numbers"], list) and isinstance(data["crisis_lines"], list)
    for line in data["crisis_lines"]:
        assert isinstance(line["name"], str) and "phone" in line
    assert data["duty_to_warn"]["type"] in {"mandatory", "permissive", "none", "unknown"}
    for key in ("emergency_hold", "minors", "sud_records", "duty_to_warn"):
        assert data[key]["status"] in {"known", "unknown"}
    assert isinstance(data["disclosure_bases"], list)


def test_show_json_of_california():
    data = json.loads(run("show", "US-CA", "--json")[1])
    assert data["emergency_number"] == "911" and data["parent"] == "US"
    assert data["duty_to_warn"]["type"] == "mandatory" and "43.92" in data["duty_to_warn"]["citation"]
    assert data["emergency_hold"]["max_hours"] == 72
    assert any(line["phone"] == "988" for line in data["crisis_lines"])


def test_show_unknown_code_exits_2_suggesting_close_matches():
    status, out, err = run("show", "US-CX")
    assert status == 2 and not out
    assert "US-CX" in err and "Did you mean" in err and "US-TX" in err


def test_list_prints_codes_and_names():
    status, out, _err = run("list")
    lines = out.strip().splitlines()
    assert status == 0 and len(lines) == len(packs.codes())
    assert "US-CA\tCalifornia, United States" in lines


def test_check_of_the_shipped_packs_passes():
    status, out, _err = run("check")
    assert status == 0 and "packs valid" in out and "protocol rules" in out


@pytest.mark.parametrize(
    "mutation, file_field",
    [
        (("duty_to_warn", "citation", None), "US-CA.yaml: duty_to_warn"),  # a known fact without its citation
        (("emergency_hold", "max_hours", "three days"), "US-CA.yaml: emergency_hold.max_hours"),  # wrong type
        (("minors", "favourite_colour", "blue"), "US-CA.yaml: minors.favourite_colour"),  # unknown field
    ],
)
def test_check_of_a_folder_with_a_bad_pack_exits_1_naming_file_and_field(tmp_path, mutation, file_field):
    import yaml

    shutil.copy(packs.DATA_DIR / "US.yaml", tmp_path / "US.yaml")
    raw = yaml.safe_load((packs.DATA_DIR / "US-CA.yaml").read_text())
    section, field, value = mutation
    if value is None:
        raw[section].pop(field)
    else:
        raw[section][field] = value
    (tmp_path / "US-CA.yaml").write_text(yaml.safe_dump(raw))
    status, _out, err = run("check", dir=str(tmp_path))
    assert status == 1
    assert file_field in err
    if value is None:
        assert "citation" in err


def test_check_of_a_good_folder_passes(tmp_path):
    for name in ("US.yaml", "US-CA.yaml"):
        shutil.copy(packs.DATA_DIR / name, tmp_path / name)
    status, out, _err = run("check", dir=str(tmp_path))
    assert status == 0 and out.startswith("2 packs valid")
