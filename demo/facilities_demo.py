"""Demo facility residents and rolls (issue 6). Idempotent: returns how many rows were new."""

from demo.places import DemoPlaces


def facilities_demo_ensure(places: DemoPlaces) -> int:
    return 0
