"""The demo: the bundled sample archive replayed offline on a simulated clock."""
