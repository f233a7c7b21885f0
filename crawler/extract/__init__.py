"""One extraction layer shared by every spider."""
