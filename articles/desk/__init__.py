"""The editor's desk: what the admin adds for the people who write the guide.

- conflicts.py  what changed while an editor had a form open (a pure function)
- history.py    a past version against the current one, box by box, word by word
- versions.py   a box's value as the two above compare and show it (their shared part)
- forms.py      the admin's forms: editor-worded messages, the two-editor save check
- reviews.py    review discipline: last checked, due again, a page as fresh as its oldest item
- endpoints.py  markdownx's live Markdown preview and image upload, for staff only
"""
