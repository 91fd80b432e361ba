"""Reading a found child's account of home against the districts the missing reports name.

A child says "Dumk" or "Guml" (Dumka, Gumla: the final vowel dropped, as it is spoken) or spells the district as
it sounds; the reports were written at police stations, which write the LGD name. A home district that no report
names is read as the one district of the reports it is a spelling or a truncation of (within the child's home
state when that is known), and a home district known without its state gets the state of the reports that name
it, when they all agree. Only the file engine needs this: a stored found child's home district is chosen from the
LGD list, not typed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from picket.tracing.records import Prepared
from picket.tracing.text import same_place, similarity

#: A truncated name must keep this many letters, and lose at most ``MAX_TRUNCATED`` (Dumk for Dumka, not Du).
MIN_PREFIX: Final = 4
MAX_TRUNCATED: Final = 2


class Gazetteer:
    """The districts (as ``place_key``) that a file of reports names, with the states each is named in."""

    def __init__(self) -> None:
        self._states: dict[str, set[str]] = {}
        self._resolved: dict[tuple[str, str], tuple[str, str]] = {}

    def add(self, p: Prepared) -> None:
        if p.district:
            states = self._states.setdefault(p.district, set())
            if p.state:
                states.add(p.state)

    def resolve(self, p: Prepared) -> Prepared:
        """``p`` with its home district read as a district of the reports (and its home state filled in)."""
        if not p.home_district:
            return p
        place = (p.home_district, p.home_state)
        home = self._resolved.get(place)
        if home is None:
            home = self._resolved[place] = self._home(*place)
        if home == place:
            return p
        return replace(p, home_district=home[0], home_state=home[1])

    def _home(self, district: str, state: str) -> tuple[str, str]:
        if district not in self._states:
            district = self._nearest(district, state) or district
        states = self._states.get(district, set())
        if not state and len(states) == 1:
            state = next(iter(states))
        return district, state

    def _nearest(self, district: str, state: str) -> str | None:
        """The one known district that ``district`` is a spelling or a truncation of, or ``None``."""
        scored = []
        for known, states in self._states.items():
            if state and states and not any(same_place(state, s) for s in states):
                continue
            truncated = (
                len(district) >= MIN_PREFIX
                and known.startswith(district)
                and len(known) - len(district) <= MAX_TRUNCATED
            )
            if truncated or same_place(district, known):
                scored.append((similarity(district, known), known))
        if not scored:
            return None
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return None  # two districts fit as well: guessing would mislead
        return scored[0][1]
