"""alienstage_game: a singing-duel arcade game."""

__version__ = "0.1.0"
