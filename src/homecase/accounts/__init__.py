"""Who can sign in: residents, representatives, staff in their roles, contractors, the board."""
