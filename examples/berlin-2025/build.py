"""The worked example: a news report on security guarantees for Ukraine, as a timeline.

The report (a news article relaying The New York Times, which cites unnamed
sources) says US and EU representatives met Ukrainian officials in Berlin "earlier
this week" and drafted two documents, and lists milestones that have no date yet.
This script models it with the public API and writes the timeline beside itself:

    python examples/berlin-2025/build.py            # writes the files, prints the timeline
    python examples/berlin-2025/build.py OUT_DIR    # writes them into OUT_DIR instead

Vague dates stay vague, planned milestones stay undated, and every event cites
where its claim comes from.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import timeline
from timeline import Citation, Event, Place, Relation, Source, Timeline, When

HERE = Path(__file__).resolve().parent

REPORT = Source(
    "Unnamed news outlet",
    title="US and EU Formalize Security Commitments to Strengthen Ukraine’s Defense Against Russian Aggression",
    published="2025-12-16~",
    key="report",
)
"""The article itself. It names no outlet, author or exact date; it appeared in the
week of the talks, so its date is written as about 16 Dec 2025."""

NYT = Source("The New York Times", via=REPORT, key="nyt")
"""The report's own source, as it reached us: through the report."""


def cite(quote: str, *, locator: str) -> Citation:
    """The New York Times, citing unnamed sources, as relayed by the report."""
    return Citation(NYT, attribution="unnamed sources", quote=quote, locator=locator)


BERLIN = Place("Berlin", country="Germany", lat=52.52, lon=13.405, zone="Europe/Berlin")
PARTIES = ("United States", "European Union", "Ukraine")


def build() -> Timeline:
    """The timeline of the report."""
    talks = Event(
        "berlin-talks",
        "US, EU and Ukrainian officials meet in Berlin",
        When.parse("2025-12-14/2025-12-15", phrase="earlier this week"),
        description=(
            "US and EU representatives meet Ukrainian officials in Berlin. The report dates the talks "
            "only as “earlier this week”; other public reporting places them on 14 and 15 December 2025."
        ),
        kind="meeting",
        status="happened",
        place=BERLIN,
        actors=PARTIES,
        tags=("security guarantees", "diplomacy"),
        citations=[
            cite(
                "US and EU representatives convened with Ukrainian officials in Berlin earlier this week",
                locator="paragraph 1",
            )
        ],
    )
    principles = Event(
        "principles-document",
        "First document drafted: general principles mirroring NATO’s Article 5",
        When.parse("2025-12-14/2025-12-15", phrase="earlier this week"),
        description=(
            "A set of general principles that mirror the collective defence obligations of Article 5 of "
            "the NATO treaty, short of NATO membership, with the US and EU pledging to coordinate."
        ),
        kind="document",
        status="happened",
        place=BERLIN,
        actors=PARTIES,
        tags=("security guarantees", "NATO Article 5"),
        citations=[
            cite(
                "a set of ‘general principles’ that mirror the collective defense obligations enshrined "
                "in Article 5 of the NATO charter",
                locator="paragraph 4",
            )
        ],
        relations=[Relation("part_of", talks.id)],
    )
    support = Event(
        "support-document",
        "Second document drafted: concrete military and logistical support",
        When.parse("2025-12-14/2025-12-15", phrase="earlier this week"),
        description=(
            "Concrete military and logistical support: US and European forces working with their "
            "Ukrainian counterparts."
        ),
        kind="document",
        status="happened",
        place=BERLIN,
        actors=PARTIES,
        tags=("security guarantees", "military support"),
        citations=[cite("concrete military and logistical support", locator="paragraph 8")],
        relations=[Relation("part_of", talks.id)],
    )
    troops = Event(
        "troops-800k",
        "Ukraine’s armed forces expanded to about 800,000 troops",
        description="A proposal to expand Ukraine’s armed forces, needing recruitment, training and infrastructure.",
        kind="milestone",
        status="proposed",
        actors=("Ukraine",),
        tags=("military support",),
        citations=[cite("approximately 800,000 well-trained troops", locator="paragraph 9")],
        relations=[Relation("derived_from", support.id)],
    )
    equipment = Event(
        "equipment-upgrades",
        "Ukraine’s military equipment upgraded, including drones and cyber-defence",
        description="Western nations commit to upgrading equipment: advanced weaponry, drones and cyber-defence.",
        kind="milestone",
        status="planned",
        actors=("Western nations", "Ukraine"),
        tags=("military support",),
        citations=[
            cite(
                "including the provision of advanced weaponry, drones, and cyber-defense capabilities",
                locator="paragraph 10",
            )
        ],
        relations=[Relation("derived_from", support.id)],
    )
    deterrent = Event(
        "european-deterrent-troops",
        "European troops deployed in western Ukraine as a deterrent",
        kind="milestone",
        status="proposed",
        place=Place("Western Ukraine", country="Ukraine"),
        actors=("European Union", "Ukraine"),
        tags=("military support", "deterrence"),
        citations=[
            cite(
                "the deployment of European troops to the western regions of Ukraine as a deterrent force",
                locator="paragraph 11",
            )
        ],
        relations=[Relation("derived_from", support.id)],
    )
    reconnaissance = Event(
        "us-reconnaissance",
        "US reconnaissance support and ceasefire monitoring, with no US troops",
        description="The United States rules out sending its own troops and is to provide reconnaissance instead.",
        kind="milestone",
        status="planned",
        actors=("United States",),
        tags=("military support", "ceasefire"),
        citations=[
            cite(
                "The United States has explicitly ruled out sending its own troops to Ukraine", locator="paragraph 12"
            ),
            cite("providing reconnaissance support and monitoring ceasefire agreements", locator="paragraph 13"),
        ],
        relations=[Relation("derived_from", support.id)],
    )
    guarantees = Event(
        "binding-guarantees",
        "Legally binding security guarantees through bilateral agreements",
        description=(
            "New security guarantees with mandatory legal force, to be formalised in bilateral agreements "
            "between Ukraine and each participating nation."
        ),
        kind="milestone",
        status="planned",
        actors=("Ukraine", "United States", "European Union"),
        tags=("security guarantees", "law"),
        citations=[
            cite("new security guarantees for Ukraine, which will carry mandatory legal force", locator="paragraph 16"),
            cite(
                "formalized through bilateral agreements between Ukraine and each participating nation",
                locator="paragraph 18",
            ),
        ],
        relations=[Relation("derived_from", principles.id)],
    )
    return Timeline(
        "Security guarantees for Ukraine",
        [talks, principles, support, troops, equipment, deterrent, reconnaissance, guarantees],
        description=(
            "A chronology built from one news report that relays The New York Times, which cites unnamed sources."
        ),
    )


OUTPUTS = ("timeline.json", "timeline.yaml", "timeline.ics", "timeline.md", "timeline.html")
"""The files written, by name; their format follows the suffix."""


def write(folder: Path) -> Timeline:
    """Build the timeline and save it into ``folder`` in every format of :data:`OUTPUTS`.

    A calendar cannot hold undated events: they are left out of ``timeline.ics``,
    and the :class:`~timeline.OmittedEventsWarning` that names them is printed.
    """
    built = build()
    folder.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", timeline.TimelineWarning)
        for name in OUTPUTS:
            timeline.save(built, folder / name)
    for warning in caught:
        print(f"note: {warning.message}")
    return built


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else HERE
    built = write(folder)
    print(f"{built.title} — {len(built)} events\n")
    for event in built:
        print(f"  {event.when.label():<24} {event.title} [{event.status.value}]")
    print(f"\nwrote {', '.join(str(folder / name) for name in OUTPUTS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
