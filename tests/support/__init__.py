"""Helpers shared by the tests (and the demo/bench scripts): builders, fixtures, fake clients."""
