"""The converter's hand-specialised hooks against cattrs' own: the same plain data, the same objects, the same errors."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from strategies import events, timelines, whens
from timeline import Citation, Event, Media, Place, Relation, Timeline, When
from timeline.formats import _fast_hooks
from timeline.formats._convert import converter, document, make_converter

REFERENCE = make_converter(fast=False)


@pytest.mark.parametrize("kind", list(_fast_hooks.FIELDS))
def test_the_fast_hooks_know_every_field_of_their_class(kind: type) -> None:
    # A new field must be added to the hooks (and FIELDS); until then they are not used, and this fails.
    assert tuple(field.name for field in attrs.fields(kind)) == _fast_hooks.FIELDS[kind]
    assert converter().get_unstructure_hook(kind) is _fast_hooks.WRITERS[kind]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_an_event_is_written_as_cattrs_writes_it(event: Event) -> None:
    ours: dict[str, Any] = converter().unstructure(event, Event)
    theirs: dict[str, Any] = REFERENCE.unstructure(event, Event)
    assert ours == theirs
    assert list(ours) == list(theirs)  # the same keys in the same order
    for name in ("place", "media"):
        if name in ours:
            assert list(ours[name]) == list(theirs[name])
    for mine, reference in zip(ours.get("citations", []), theirs.get("citations", []), strict=True):
        assert list(mine) == list(reference)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(timelines(max_events=5))
def test_a_document_is_written_as_cattrs_writes_it(line: Timeline) -> None:
    ours = document(line)
    reference = REFERENCE.unstructure(line, Timeline).get("events", [])
    assert ours["events"] == reference
    assert [list(event) for event in ours["events"]] == [list(event) for event in reference]


@given(whens())
def test_a_date_is_written_as_its_text(when: When) -> None:
    assert _fast_hooks.plain_when(when) == REFERENCE.unstructure(when, When)


def test_every_class_with_a_fast_hook_has_one_for_writing() -> None:
    assert set(_fast_hooks.WRITERS) == {Event, Citation, Place, Relation, Media}
