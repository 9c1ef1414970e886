"""The ``carepath score INSTRUMENT --answers JSON`` command: score answers and print one JSON object."""

from __future__ import annotations

import json
from typing import Any, TextIO

from carepath.assessments.definitions import INSTRUMENT_IDS
from carepath.assessments.scoring import AnswerError, score

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys silently; a doubled answer is ambiguous, so refuse it.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise AnswerError(key, "answered more than once")
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _fail(stderr: TextIO, message: str) -> int:
    # Exactly one line, whatever the message contains.
    stderr.write("error: " + " ".join(message.split()) + "\n")
    return EXIT_BAD_INPUT


def score_command(instrument: str, answers_json: str, stdout: TextIO, stderr: TextIO) -> int:
    """Score ``answers_json`` for ``instrument``; print the result as JSON and return the exit status."""
    if instrument not in INSTRUMENT_IDS:
        return _fail(stderr, f"unknown instrument {instrument!r}; known instruments: {', '.join(INSTRUMENT_IDS)}")
    try:
        answers = json.loads(answers_json, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except AnswerError as exc:
        return _fail(stderr, str(exc))
    except (ValueError, TypeError) as exc:
        return _fail(stderr, f"answers: invalid JSON: {exc}")
    if not isinstance(answers, dict):
        return _fail(stderr, "answers: must be a JSON object mapping item ids to answers")
    try:
        result = score(instrument, answers)
    except AnswerError as exc:
        return _fail(stderr, str(exc))
    stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return EXIT_OK


def add_parsers(sub) -> None:
    """`carepath score INSTRUMENT --answers JSON`."""
    import sys

    p = sub.add_parser("score", help="score a screening instrument: prints one JSON object")
    p.add_argument("instrument")
    p.add_argument("--answers", required=True, help="the answers as a JSON object")
    p.set_defaults(func=lambda args: score_command(args.instrument, args.answers, sys.stdout, sys.stderr))
