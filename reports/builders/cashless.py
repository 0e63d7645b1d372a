"""Cashless payment (Art. 34, Directive 21/CT-TTg): people and money paid through accounts, share per commune."""

from ..layouts.forms import CASHLESS
from ..queries.money import cashless
from . import register
from .common import build_one_sheet


@register("cashless")
def build(out, *, request, progress) -> dict:
    return build_one_sheet(out, request=request, progress=progress, layout=CASHLESS, queries=[cashless])
