"""Pagination for province-wide lists: counting 300,000 rows on every page costs more than the page itself."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most `CAP` + 1 rows (`SELECT COUNT(*) FROM (… LIMIT 10001)`); past that the list says
    "hơn 10.000 kết quả" and asks for a narrower filter instead of paging through thousands of pages."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        # django-tables2 hands over its BoundRows; the queryset is two wrappers down.
        queryset = getattr(getattr(rows, "data", rows), "data", rows)
        found = (
            queryset.order_by()[: self.CAP + 1].count() if hasattr(queryset, "query") else len(queryset[: self.CAP + 1])
        )
        self.capped = found > self.CAP
        return min(found, self.CAP)

    capped = False
