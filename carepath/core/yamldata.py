"""Reading YAML that people write (policies, data files): every mistake is a YAMLError naming its line.

PyYAML's safe loader raises ValueError, not a YAMLError, for a value it cannot build, such as the date
2024-02-30; this loader turns that into a ConstructorError pointing at the value, so callers catch one error.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError


class _Loader(yaml.SafeLoader):
    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except ConstructorError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:
            raise ConstructorError(None, None, f"{node.value!r} is not a valid value: {exc}", node.start_mark)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506  (a SafeLoader subclass)


def describe(exc: yaml.YAMLError) -> str:
    """'line 4, column 11: '2024-02-30' is not a valid value: day is out of range for month'."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return f"{where}{problem}"
