"""The record: case references, the append-only hash-chained timeline, and deadlines."""
