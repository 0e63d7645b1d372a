"""factory_boy factories for the shared tables."""

from datetime import date

import factory

from accounts.models import User
from beneficiaries.models import Household, Person
from core.text import fold
from facilities.models import Facility
from locations.models import AdministrativeUnit, Level, Structure, Village


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    structure = Structure.THREE_LEVEL
    level = Level.COMMUNE
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    kind = "Xã"


def province(name="Tỉnh Thử", code="87", structure=Structure.THREE_LEVEL) -> AdministrativeUnit:
    unit = UnitFactory(level=Level.PROVINCE, code=code, name=name, kind="Tỉnh", structure=structure)
    unit.province = unit
    unit.save(update_fields=["province"])
    return unit


def district(parent, name, code) -> AdministrativeUnit:
    return UnitFactory(level=Level.DISTRICT, code=code, name=name, kind="Huyện", parent=parent, province=parent)


def commune(parent, name, code) -> AdministrativeUnit:
    return UnitFactory(
        level=Level.COMMUNE, code=code, name=name, parent=parent, province=parent.province, structure=parent.structure
    )


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    name = factory.Sequence(lambda n: f"Ấp {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Cán Bộ {n}")
    password = factory.PostGenerationMethodCall("set_password", "demo12345")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Trung tâm Bảo trợ xã hội {n}")
    ownership = Facility.Ownership.PUBLIC
    managing_level = Facility.ManagingLevel.PROVINCE
    capacity = 100


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    head_name = "Nguyễn Văn An"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Đức {n}")
    name_folded = factory.LazyAttribute(lambda p: fold(p.full_name))
    birth_date = date(1950, 5, 17)
    sex = Person.Sex.MALE
    id_number = factory.Sequence(lambda n: f"087050{n:06d}")
