"""Audio: playback, capture, clocks and the synthesizers that make the game's own sound."""
