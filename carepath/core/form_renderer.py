"""Form widgets drawn in Python: the same HTML as Django's widget templates, without a template per option.

Django draws every widget, every `<option>` of a select and every attribute list through its own small
template. On a case page that is about 150 template renders for a handful of forms (a select of the
practice's clinicians alone is one per clinician), a fifth of the page's time. This renderer draws the
common widgets (inputs, textareas, selects, radio and checkbox lists) with the same markup in Python and
leaves every other template to Django. `tests/core/test_form_renderer.py` checks it byte for byte against
Django's templates.

Settings: `FORM_RENDERER = "carepath.core.form_renderer.FastRenderer"`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

W = "django/forms/widgets/"


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(out)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    return (
        f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>\n"
    )


def _input_option(option: dict) -> str:
    # radio_option.html includes input_option.html, which includes input.html: each adds its closing newline
    html = _input(option) + "\n"
    if option.get("wrap_label"):
        target = option["attrs"].get("id")
        label_for = f' for="{conditional_escape(target)}"' if target else ""
        html = f"<label{label_for}>{html} {conditional_escape(option['label'])}</label>"
    return html + "\n\n"


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != W + "select_option.html":
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(widget: dict) -> str | None:
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{conditional_escape(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{conditional_escape(attrs["class"])}"')
    parts.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        for option in options:
            if option["template_name"] not in (W + "radio_option.html", W + "checkbox_option.html"):
                return None
            parts.append("<div>\n    " + _input_option(option) + "</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


_INPUTS = (  # Django's widget templates that are only `{% include "django/forms/widgets/input.html" %}`
    "text", "email", "number", "url", "password", "hidden", "date", "datetime", "time", "checkbox", "search",
    "tel", "color", "input",
)  # fmt: skip
FAST: dict[str, Callable[[dict], str | None]] = {
    **{f"{W}{name}.html": _input for name in _INPUTS},
    W + "textarea.html": _textarea,
    W + "select.html": _select,
    W + "radio.html": _multiple_input,
    W + "checkbox_select.html": _multiple_input,
}


class FastRenderer(DjangoTemplates):
    """Django's default form renderer, with the widgets above drawn in Python."""

    def render(self, template_name, context, request=None):
        draw = FAST.get(template_name)
        widget = context.get("widget") if draw is not None else None
        if widget is not None and widget.get("template_name") == template_name:
            html = draw(widget)
            if html is not None:
                return html.strip()  # as Django's renderer does
        return super().render(template_name, context, request=request)
