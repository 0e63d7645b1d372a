"""Province-wide lists count at most 10,000 rows and say "hơn …" beyond that."""

from beneficiaries.models import Person
from core.pagination import CappedPaginator

from .. import factories as f


def test_count_stops_at_the_cap_and_says_so(world, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    for _ in range(3):
        f.PersonFactory(commune=world.commune_a)
    paginator = CappedPaginator(Person.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (3, True, 2)  # 4 + 3 people exist


def test_a_small_list_counts_exactly(world):
    paginator = CappedPaginator(Person.objects.order_by("pk"), 2)
    assert (paginator.count, paginator.capped) == (4, False)
