"""The UK's numbers stay the UK's in every language: 999, 111 and A&E as the English has them,
in Western digits. A reader in Wales, Poland or anywhere reading Arabic who is in the UK dials
999; a translation that wrote ٩٩٩, or a local emergency number, would send them nowhere."""

import re
import unicodedata

KEPT_AS_THEY_ARE = ("A&E",)
NUMBER = re.compile(r"[0-9]+")


def number_problems(english, translation, box):
    """Why `translation` of `box` does not keep the English's numbers, as sentences ([] if it
    does): each number and each name in KEPT_AS_THEY_ARE the English has, and no digit but 0-9."""
    problems = []
    foreign = sorted({c for c in translation if unicodedata.category(c) == "Nd" and c > "9"})
    if foreign:
        problems.append(
            f"The translation of {box} writes numbers in digits other than Western digits "
            f"({' '.join(foreign)}): write them 0 to 9, as they are dialled in the UK."
        )
    for number in sorted(set(NUMBER.findall(english)), key=english.index):
        if number not in NUMBER.findall(translation):
            problems.append(
                f"The translation of {box} must keep {number} as the English has it: the UK's "
                "numbers stay the same in every language."
            )
    for kept in KEPT_AS_THEY_ARE:
        if kept in english and kept not in translation:
            problems.append(
                f"The translation of {box} must keep “{kept}” as the English has it: it is what "
                "the signs at a UK hospital say."
            )
    return problems
