"""The sections of a safety plan, in CarePath's own words, following the Safety Planning Intervention's steps.

The structure (warning signs; internal coping; people and places for distraction; people who can help;
professionals and agencies; making the environment safe; reasons for living) is the Safety Planning
Intervention of Stanley and Brown. The published Stanley-Brown form is copyrighted: the headings and prompts
below are CarePath's own. Fixed text is marked for translation (the client's copy is in their language).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

METHOD_CREDIT = _(
    "This plan follows the Safety Planning Intervention developed by Barbara Stanley and Gregory K. Brown "
    "(Stanley & Brown, Cognitive and Behavioral Practice, 2012)."
)


@dataclass(frozen=True)
class Field:
    name: str
    label: object  # a lazy translated string
    kind: str = "text"  # text / phone / date / choice / longtext
    choices: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Section:
    id: str
    heading: object
    prompt: object
    fields: tuple[Field, ...]
    people: bool = False  # entries are people to call (their phones are checked and shown large)


TEXT = Field("text", _("In my words"), "longtext")
NAME = Field("name", _("Name or place"))
PHONE = Field("phone", _("Phone"), "phone")

MEANS = (
    ("firearm", _("Firearms")),
    ("medication", _("Medicines")),
    ("other", _("Other means")),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "warning_signs",
        _("Signs that a crisis may be starting"),
        _("Thoughts, feelings, situations or things I do that tell me things are getting worse."),
        (TEXT,),
    ),
    Section(
        "coping",
        _("What I can do on my own to feel a little better"),
        _("Things that take my mind off my problems without needing anyone else."),
        (TEXT,),
    ),
    Section(
        "distraction",
        _("People and places that take my mind off things"),
        _("Friends to be with, places to go where there are other people."),
        (NAME, PHONE),
        people=True,
    ),
    Section(
        "help",
        _("People I can ask for help"),
        _("People I trust and can tell that I am not safe."),
        (Field("name", _("Name")), Field("relationship", _("Who they are to me")), PHONE),
        people=True,
    ),
    Section(
        "professionals",
        _("Professionals and services I can contact in a crisis"),
        _("My clinician, my doctor, a crisis line, the emergency number."),
        (Field("name", _("Who")), Field("role", _("Service or role")), PHONE, Field("hours", _("When they answer"))),
        people=True,
    ),
    Section(
        "environment",
        _("Making my surroundings safer"),
        _("What will be done about anything I could use to hurt myself: who will do it, and by when."),
        (
            Field("means", _("What"), "choice", MEANS),
            Field("action", _("What will be done")),
            Field("holder", _("Who will do it or keep it")),
            Field("by_when", _("By when"), "date"),
        ),
    ),
    Section(
        "reasons",
        _("My reasons for living"),
        _("The people, hopes and things that matter most to me."),
        (TEXT,),
    ),
)

BY_ID = {s.id: s for s in SECTIONS}
SECTION_IDS = tuple(BY_ID)


def empty_plan() -> dict:
    return {"sections": {s.id: [] for s in SECTIONS}, "kept_at": "", "environment_reason": ""}


# Words that come into a plan from data (the names of crisis lines, the roles CarePath fills in), translated on
# the client's copy when the catalogue has them.
DATA_WORDS = (
    gettext_noop("988 Suicide & Crisis Lifeline"),
    gettext_noop("Veterans Crisis Line"),
    gettext_noop("Emergency services"),
    gettext_noop("Crisis line"),
    gettext_noop("Emergency"),
    gettext_noop("24/7"),
)
