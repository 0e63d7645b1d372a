"""Form 10a: regular social assistance — people on the monthly allowance and money paid, by Art. 5 category."""

from ..layouts.forms import F10A
from ..queries.money import money_by_category
from ..queries.people import people_by_category
from . import register
from .common import build_one_sheet


@register("10a")
def build(out, *, request, progress) -> dict:
    return build_one_sheet(
        out, request=request, progress=progress, layout=F10A, queries=[people_by_category, money_by_category]
    )
