"""Text helpers shared by search and duplicate detection."""

import re

from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, no diacritics, đ→d, single spaces: 'Nguyễn Văn Đức' → 'nguyen van duc'."""
    return _SPACES.sub(" ", unidecode(text or "")).strip().lower()
