"""Form 10d: people with severe and especially severe disability (5.6) by level and age group, money, care."""

from ..layouts.forms import F10D
from ..queries.money import disabled_money
from ..queries.people import disabled
from . import register
from .common import build_one_sheet


@register("10d")
def build(out, *, request, progress) -> dict:
    return build_one_sheet(out, request=request, progress=progress, layout=F10D, queries=[disabled, disabled_money])
