"""Reading and writing with Python's cyclic garbage collector paused.

Reading a large document makes hundreds of thousands of objects that live on,
and the cyclic collector walks every one of them again and again while they are
made: a fifth of the time of reading a large timeline. What ``from_json``, a log's
replay and ``to_markdown`` make holds no reference cycles, so reference counting
frees all of it (and all of it on an error); the collector only needs to run again
afterwards. Reading a calendar does not pause it: ``icalendar``'s components hold
cycles, which would pile up until the end."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector while the block runs, if it is running; it runs again however the block ends.

    Nothing is left uncollected: cycles made meanwhile (by another thread, say) are
    found at the collector's next run. A collector paused by the caller stays paused.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
