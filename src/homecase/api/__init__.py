"""The REST API: django-ninja assembly, API tokens for staff systems, and the domain routers."""
