"""``chart sync --write`` changes only the #GAP/#BPM values of the chart's own text."""

from __future__ import annotations

from alienstage_game.timing.rewrite import rewrite_headers


def test_only_the_values_change_and_everything_else_stays_as_written() -> None:
    text = "\ufeff#TITLE:Sterne\r\n#bpm:300,5\r\n#GAP:1000\r\n#COMMENT:#GAP:7\r\n: 0 4 0 la\r\n#GAP:99\r\nE\r\n"
    out = rewrite_headers(text, {"GAP": "1234.5", "BPM": "301"})
    assert out == "\ufeff#TITLE:Sterne\r\n#bpm:301\r\n#GAP:1234.5\r\n#COMMENT:#GAP:7\r\n: 0 4 0 la\r\n#GAP:99\r\nE\r\n"


def test_a_missing_header_goes_after_the_last_one() -> None:
    out = rewrite_headers("#TITLE:x\n#BPM:200\n: 0 4 0 la\nE", {"GAP": "500"})
    assert out == "#TITLE:x\n#BPM:200\n#GAP:500\n: 0 4 0 la\nE"
    assert rewrite_headers("#BPM:200", {"GAP": "5"}) == "#BPM:200\n#GAP:5\n"
