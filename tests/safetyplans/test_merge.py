"""Two people editing one draft: what each changed survives, and what clashed is said."""

from carepath.safetyplans.merge import merge


def _draft(**sections):
    return {"sections": sections, "kept_at": "", "environment_reason": ""}


def test_additions_on_both_sides_are_all_kept():
    base = _draft(coping=[{"id": "a", "text": "Walk"}])
    mine = _draft(coping=[{"id": "a", "text": "Walk"}, {"id": "m", "text": "Music"}])
    theirs = _draft(coping=[{"id": "a", "text": "Walk"}, {"id": "t", "text": "Call Ana"}])
    result = merge(base, mine, theirs)
    assert [e["id"] for e in result.draft["sections"]["coping"]] == ["a", "t", "m"] and not result.conflicts


def test_my_change_wins_where_they_did_not_touch_it():
    base = _draft(coping=[{"id": "a", "text": "Walk"}])
    mine = _draft(coping=[{"id": "a", "text": "Walk the dog"}])
    result = merge(base, mine, base)
    assert result.draft["sections"]["coping"] == [{"id": "a", "text": "Walk the dog"}]


def test_both_changing_one_entry_keeps_both_versions_and_says_so():
    base = _draft(coping=[{"id": "a", "text": "Walk"}])
    mine = _draft(coping=[{"id": "a", "text": "Walk the dog"}])
    theirs = _draft(coping=[{"id": "a", "text": "Walk by the lake"}])
    result = merge(base, mine, theirs)
    texts = [e["text"] for e in result.draft["sections"]["coping"]]
    assert texts == ["Walk by the lake", "Walk the dog"] and len(result.conflicts) == 1


def test_a_deletion_only_removes_what_the_other_did_not_change():
    base = _draft(help=[{"id": "a", "name": "Ana"}, {"id": "b", "name": "Ben"}])
    mine = _draft(help=[])
    theirs = _draft(help=[{"id": "a", "name": "Ana"}, {"id": "b", "name": "Ben Ortiz", "phone": "555"}])
    result = merge(base, mine, theirs)
    assert [e["id"] for e in result.draft["sections"]["help"]] == ["b"]
    assert result.conflicts and "kept" in result.conflicts[0]


def test_text_fields_both_changed_keep_theirs_and_report_mine():
    base = {**_draft(), "kept_at": ""}
    result = merge(base, {**_draft(), "kept_at": "In my bag"}, {**_draft(), "kept_at": "On the fridge"})
    assert result.draft["kept_at"] == "On the fridge" and "In my bag" in result.conflicts[0]
