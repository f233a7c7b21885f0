"""The `originwatch` command line. Each command is thin over a library call."""
