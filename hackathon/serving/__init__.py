"""Serving the app: the production server behind ``hackathon serve`` and the worker warm-up."""
