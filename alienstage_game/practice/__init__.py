"""Solo practice: the chart at another tempo or key, looped lines, note feedback.

Pure core: numpy and librosa only; the practice scene and the audio devices live elsewhere.
"""
