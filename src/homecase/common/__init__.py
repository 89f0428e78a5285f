"""What every domain app shares: the base model, the one clock reading, domain errors."""
