from .entitlements import EndReason, Entitlement, EntitlementEvent, LifeEvent, SuspendReason
from .imports import ImportBatch
from .people import DisabilityLevel, Household, PaymentMethod, Person

__all__ = [
    "DisabilityLevel",
    "EndReason",
    "Entitlement",
    "EntitlementEvent",
    "Household",
    "ImportBatch",
    "LifeEvent",
    "PaymentMethod",
    "Person",
    "SuspendReason",
]
