"""Duels, seasons, CPU rivals and records: who sings against whom, and who goes home."""
