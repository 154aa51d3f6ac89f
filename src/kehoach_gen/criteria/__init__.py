"""Criteria sets and the reference lists that plans are validated against."""
