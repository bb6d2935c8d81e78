"""The duel stage's renderers: small pieces, each drawing one part of the show.

Each piece pre-renders what does not change (note pills, lyric lines, silhouettes,
light cones) and per frame only blits and draws a few lines, so a frame stays well
under 4 ms at 1280x720. Everything moving follows the song time it is given.
"""
