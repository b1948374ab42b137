"""Submit admin forms as a browser would: every field the page renders, with its current value."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
            return
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind == "checkbox":
                if "checked" in attrs:
                    self.data[attrs["name"]] = attrs.get("value", "on")
                return
            self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
            self.data.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self._textarea:
            # Django writes a newline after <textarea>; browsers drop it, and so do we.
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(response, form_id):
    """The values a browser would send from the admin form `form_id` on this page."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    data = parser.data
    data.pop("csrfmiddlewaretoken", None)
    return data


def change_form_data(client, item):
    """Open `item`'s change form in the admin and return what saving it unchanged would send."""
    opts = item._meta
    response = client.get(f"/admin/{opts.app_label}/{opts.model_name}/{item.pk}/change/")
    assert response.status_code == 200
    return form_data(response, f"{opts.model_name}_form")


def admin_url(item, view="change"):
    opts = item._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{item.pk}/{view}/"


def save_in_admin(client, item, data=None, **changes):
    """Save `item` through its admin change form, as an editor pressing Save would.

    `data` is what the form held when it was opened (default: open it now); `changes` are what
    the editor typed before saving."""
    data = dict(change_form_data(client, item) if data is None else data)
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(admin_url(item), data)


def record_review(client, item, last_reviewed, next_review_due, reviewer, **changes):
    """Save `item` in the admin sending review boxes too: its date, the next one due and who.

    The boxes are read-only in the form now (a clinical reviewer records a review through the
    publishing workflow), so the admin ignores them: tests use this to check exactly that."""
    return save_in_admin(
        client,
        item,
        last_reviewed=last_reviewed,
        next_review_due=next_review_due,
        reviewed_by=reviewer.pk,
        **changes,
    )
