"""Moved: labels are presentation and live beside the formats, in :mod:`timeline.formats._labels`.

Kept so that code written against the old place goes on working.
"""

from timeline.formats._labels import WORDS, Words, bound_label, label, month_name, words

__all__ = ["WORDS", "Words", "bound_label", "label", "month_name", "words"]
