"""The editor's desk: what the admin adds for the people who write the guide.

- conflicts.py  what changed while an editor had a form open (a pure function)
- history.py    two versions (publishing revisions) compared box by box, word by word, what
                each version changed, in sentences, and who saved it
- versions.py   a box's value as the two above compare and show it (their shared part)
- forms.py      the admin's forms: editor-worded messages, the two-editor save check
- notes.py      the editors' notes inline: author kept, last edit recorded, two-editor check
- reorder.py    "Move up" / "Move down" on each row of a list, and undo after a drag and drop
- reviews.py    review discipline: last checked, due again, a page as fresh as its oldest item
- endpoints.py  markdownx's live Markdown preview and image upload, for staff only
"""
