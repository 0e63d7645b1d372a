"""Form 10c: the elderly (60+) on the monthly allowance, by age band and 5.5 point, health insurance, money."""

from ..layouts.forms import F10C
from ..queries.money import elderly_money
from ..queries.people import elderly
from . import register
from .common import build_one_sheet


@register("10c")
def build(out, *, request, progress) -> dict:
    return build_one_sheet(out, request=request, progress=progress, layout=F10C, queries=[elderly, elderly_money])
