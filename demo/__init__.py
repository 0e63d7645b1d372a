"""Demo data: two demo provinces, facilities, one account per role and a synthetic beneficiary population."""
