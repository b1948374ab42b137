"""Each content model declares which of its boxes are clinical: a change to one needs a
clinical reviewer's approval and a change note, whoever makes it, and can never be published
without review.

Declared on the model (`class Cause(ClinicalBoxes, ...)`), as Wagtail's mixins say on the class
what takes part in its workflow, so the rule sits beside the boxes it is about and the
publishing app never needs a list of content models' names.
"""

from publishing.content import revised_fields


class ClinicalBoxes:
    """Mixed into a content model. Set `clinical_boxes_always` to the names of the boxes that
    are always clinical, or `every_box_clinical = True`; override `clinical_boxes` where it
    depends on what the item says (an urgent cause: every box)."""

    clinical_boxes_always = frozenset()
    every_box_clinical = False

    @classmethod
    def clinical_boxes(cls, content):
        """Names of the boxes that are clinical for an item holding `content` (a revision's
        snapshot: box name -> value; empty for an item that has none yet)."""
        if cls.every_box_clinical:
            return {field.name for field in revised_fields(cls)}
        return set(cls.clinical_boxes_always)


def clinical_boxes_of(model, *contents):
    """Names of `model`'s boxes that are clinical for an item holding any of `contents` (before
    and after a change, say: an urgent cause made self-care is a clinical change). A model that
    does not declare its part has none."""
    if not issubclass(model, ClinicalBoxes):
        return set()
    return set().union(*(model.clinical_boxes(content or {}) for content in contents))
