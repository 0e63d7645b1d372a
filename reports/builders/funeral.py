"""Funeral support (Art. 11): people and money, from the funeral items of approved payment rolls."""

from ..layouts.forms import FUNERAL
from ..queries.money import funeral
from . import register
from .common import build_one_sheet


@register("funeral")
def build(out, *, request, progress) -> dict:
    return build_one_sheet(out, request=request, progress=progress, layout=FUNERAL, queries=[funeral])
