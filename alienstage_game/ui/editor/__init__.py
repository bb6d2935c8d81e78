"""The chart editor's views: piano roll, waveform and pitch curve, side panels, overlays.

The editor scene (``ui/scenes/editor.py``) owns the document and the input; these modules
only draw it and answer "what is under the mouse". Every change goes through the pure
core's ``ChartDocument.apply`` (alienstage_game/editor).
"""
