"""Answer sets used across the assessment tests."""

CSSRS_HIGH = {"q1": True, "q2": True, "q3": True, "q4": True, "q5": False, "q6": False}
CSSRS_MODERATE = {"q1": True, "q2": True, "q3": True, "q4": False, "q5": False, "q6": False}
CSSRS_LOW = {"q1": True, "q2": False, "q6": False}
CSSRS_NONE = {"q1": False, "q2": False, "q6": False}
ASQ_ACUTE = {"q1": True, "q2": False, "q3": True, "q4": False, "q5": True}
ASQ_NON_ACUTE = {"q1": True, "q2": False, "q3": False, "q4": False, "q5": False}


def phq9(total_without_9: int = 6, item9: int = 0) -> dict:
    """A PHQ-9 whose items 1-8 add up to `total_without_9` (at most 24)."""
    answers, left = {}, total_without_9
    for i in range(1, 9):
        answers[f"q{i}"] = min(3, left)
        left -= answers[f"q{i}"]
    answers["q9"] = item9
    return answers
