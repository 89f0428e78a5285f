"""Homecase: repairs, complaints and ASB cases for social landlords and their residents."""
