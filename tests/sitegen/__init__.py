"""Generates the demo marketplace (crawler/demo/site/) from catalog.yml."""
