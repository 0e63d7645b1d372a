"""Writes for people, households, entitlements, life events and imports (one module each)."""
