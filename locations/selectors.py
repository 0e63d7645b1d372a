"""Reads for administrative units."""

from datetime import date

from .models import AdministrativeUnit, DecidingLevel, DecidingLevelSetting, Structure


def deciding_level_on(province: AdministrativeUnit, day: date) -> str:
    """The deciding level in force in `province` on `day`.

    Without a setting, the structure answers: a two-level province decides at the commune
    (Decree 147/2025), a three-level one at the district (Decree 20/2021 as written).
    """
    setting = (
        DecidingLevelSetting.objects.filter(province=province, effective_from__lte=day)
        .order_by("-effective_from")
        .values_list("level", flat=True)
        .first()
    )
    if setting:
        return setting
    return DecidingLevel.COMMUNE if province.structure == Structure.TWO_LEVEL else DecidingLevel.DISTRICT
