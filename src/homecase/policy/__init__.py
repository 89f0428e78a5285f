"""The landlord's configurable rules: its calendar, closure days and closing time (and, as the
domains arrive, its timescales, validated so it can be stricter than the law, never looser)."""
