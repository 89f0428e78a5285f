"""Homes and the people in them: estates, blocks, homes, communal areas, tenancies, residents,
their vulnerabilities and reasonable adjustments, and representatives acting with consent."""
