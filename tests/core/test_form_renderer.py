"""The Python-drawn widgets give the same HTML as Django's templates, byte for byte, for every widget they draw."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from carepath.core.form_renderer import FAST, FastRenderer

TRICKY = 'O\'Brien & <Sons> "quoted"'


class Everything(forms.Form):
    name = forms.CharField(max_length=20, help_text="help", initial=TRICKY)
    email = forms.EmailField(required=False)
    count = forms.IntegerField(min_value=0, initial=0)
    when = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), initial=dt.date(2026, 12, 2))
    secret = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h&1")
    agree = forms.BooleanField(required=False, initial=True)
    refuse = forms.BooleanField(required=False, initial=False, disabled=True)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "placeholder": TRICKY}), initial="a\n<b>")
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    level = forms.ChoiceField(choices=[("", "Choose…"), ("low", "Low"), ("high", TRICKY)], initial="high")
    grouped = forms.ChoiceField(choices=[("Group & one", [("1", "One"), ("2", "Two")]), ("3", "Three")])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", TRICKY)], initial=["b"])
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("x", "X"), ("y", TRICKY)], initial="y")
    radio_grouped = forms.ChoiceField(widget=forms.RadioSelect, choices=[("G", [("1", "One")]), ("2", "Two")])
    boxes = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=[("p", "P"), ("q", "Q")])
    url = forms.URLField(required=False, assume_scheme="https")
    phone = forms.CharField(widget=forms.TelInput, initial="+1 212 555 0100")
    query = forms.CharField(widget=forms.SearchInput(attrs={"autocomplete": "off"}))
    colour = forms.CharField(widget=forms.ColorInput, initial="#ff0000")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "name": "<script>",
            "count": "x",
            "level": "nope",
            "many": ["a", "b"],
            "radio": "x",
            "boxes": ["q"],
            "agree": "on",
            "notes": "",
            "when": "bad",
        },
    ],
)
def test_every_widget_is_drawn_as_django_draws_it(data):
    def draw(renderer):
        form = Everything(data, renderer=renderer, auto_id="id_t_%s")
        return [str(field) for field in form]

    fast, django = draw(FastRenderer()), draw(DjangoTemplates())
    assert fast == django
    assert "&lt;script&gt;" in "".join(fast) or data is None
    assert "O&#x27;Brien &amp; &lt;Sons&gt; &quot;quoted&quot;" in "".join(fast)


def test_it_draws_in_python_what_it_claims_and_leaves_the_rest_to_django(monkeypatch):
    drawn = []
    for name, draw in list(FAST.items()):
        monkeypatch.setitem(FAST, name, lambda widget, draw=draw, name=name: drawn.append(name) or draw(widget))
    form = Everything(renderer=FastRenderer())
    html = str(form["level"]) + str(form["notes"]) + str(form["radio"])
    assert "<select" in html and set(drawn) >= {
        "django/forms/widgets/select.html",
        "django/forms/widgets/textarea.html",
        "django/forms/widgets/radio.html",
    }
    split = forms.SplitDateTimeField().widget.render("at", None, renderer=FastRenderer())
    assert split.count("<input") == 2  # a multi-widget's own template is Django's; its inputs are ours
