"""MIDI and .kar files in the layouts found in the wild, written with mido, with the truth
of what a chart made from each should sing (asserted below; run as a script for the figure).

Run as a script to print the figure: the share of melody notes given the right syllable
and of lines within 16 notes, per layout:
    .venv/bin/python -m tests.charts.test_midi_layouts
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

import mido

TPB = 480
QUARTER = TPB
# Original words; "-" splits a word into syllables.
WORDS = [
    "Glow-ing lamps a-bove the hill",
    "wait for ships that sail the night",
    "hum a tune of cop-per light",
    "soft and low un-til the dawn",
]
PITCHES = [60, 62, 64, 65, 67, 65, 64, 62, 60, 67, 69, 67, 65, 64]


@dataclass
class Truth:
    tick: int
    length: int
    pitch: int
    syllable: str
    word_start: bool
    line: int


@dataclass
class Layout:
    name: str
    data: bytes
    truth: list[Truth]
    title: str = ""
    expect_lines: bool = True  # the truth's lines are what the importer should find
    extra: dict = field(default_factory=dict)


def melody(words: list[str] = WORDS, rest_between_lines: int = QUARTER, start: int = 4 * QUARTER,
           joiner: str = "-") -> list[Truth]:
    """Quarter notes, a half note ending each line, then a rest."""
    out: list[Truth] = []
    tick = start
    for line, text in enumerate(words):
        syllables = [(syl, k == 0) for word in text.split() for k, syl in enumerate(word.split(joiner))]
        for k, (syl, word_start) in enumerate(syllables):
            length = 2 * QUARTER if k == len(syllables) - 1 else QUARTER
            out.append(Truth(tick, length - 24, PITCHES[len(out) % len(PITCHES)], syl, word_start, line))
            tick += length
        tick += rest_between_lines
    return out


def _track(timed: list[tuple[int, int, mido.Message | mido.MetaMessage]], name: str | None = None) -> mido.MidiTrack:
    track = mido.MidiTrack()
    if name is not None:
        track.append(mido.MetaMessage("track_name", name=name, time=0))
    now = 0
    for tick, _, msg in sorted(timed, key=lambda e: (e[0], e[1])):
        track.append(msg.copy(time=tick - now))
        now = tick
    return track


def notes_of(truth: list[Truth], channel: int = 0) -> list[tuple[int, int, mido.Message]]:
    events = []
    for n in truth:
        events.append((n.tick, 2, mido.Message("note_on", channel=channel, note=n.pitch, velocity=90)))
        events.append((n.tick + n.length, 0, mido.Message("note_off", channel=channel, note=n.pitch)))
    return events


def drums(end: int, channel: int = 9) -> list:
    """A hit every eighth note: far more notes than the melody."""
    events = []
    for k, tick in enumerate(range(0, end, QUARTER // 2)):
        note = 36 if k % 4 == 0 else 42
        events.append((tick, 2, mido.Message("note_on", channel=channel, note=note, velocity=100)))
        events.append((tick + 60, 0, mido.Message("note_off", channel=channel, note=note)))
    return events


def bass(end: int, channel: int = 1) -> list:
    """A walking bass in quarters, as many notes as the melody and more."""
    events = []
    for k, tick in enumerate(range(0, end, QUARTER)):
        note = (36, 40, 43, 45)[k % 4]
        events.append((tick, 2, mido.Message("note_on", channel=channel, note=note, velocity=80)))
        events.append((tick + QUARTER - 10, 0, mido.Message("note_off", channel=channel, note=note)))
    return events


def chords(end: int, channel: int = 2) -> list:
    events = []
    for tick in range(0, end, 2 * QUARTER):
        for note in (60, 64, 67):
            events.append((tick, 2, mido.Message("note_on", channel=channel, note=note, velocity=60)))
            events.append((tick + 2 * QUARTER - 10, 0, mido.Message("note_off", channel=channel, note=note)))
    return events


def as_latin1(text: str, codec: str) -> str:
    """What mido must be given to write ``text`` as bytes in ``codec``."""
    return text.encode(codec).decode("latin-1")


def kar_syllables(truth: list[Truth]) -> list[tuple[int, str]]:
    """Soft Karaoke text: "\\" opens the song, "/" each line, a leading space each word."""
    out = []
    for k, n in enumerate(truth):
        if k == 0:
            out.append((n.tick, "\\" + n.syllable))
        elif n.line != truth[k - 1].line:
            out.append((n.tick, "/" + n.syllable))
        else:
            out.append((n.tick, (" " if n.word_start else "") + n.syllable))
    return out


def rp26_syllables(truth: list[Truth], marks: bool = True) -> list[tuple[int, str]]:
    """``lyrics`` meta style: a trailing "-" inside a word, a space after it, CR at a line end."""
    out = []
    for k, n in enumerate(truth):
        after = truth[k + 1] if k + 1 < len(truth) else None
        if after is None or after.line != n.line:
            tail = "\r" if marks else " "
        else:
            tail = " " if after.word_start else "-"
        out.append((n.tick, n.syllable + tail))
    return out


def save(tracks: list[mido.MidiTrack], kind: int = 1) -> bytes:
    midi = mido.MidiFile(type=kind, ticks_per_beat=TPB)
    midi.tracks.extend(tracks)
    out = io.BytesIO()
    midi.save(file=out)
    return out.getvalue()


def conductor(bpm: float = 100.0, name: str | None = None) -> mido.MidiTrack:
    return _track([(0, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm)))], name)


def kar(truth: list[Truth] | None = None, codec: str = "ascii", title: str = "Lamps on the Hill") -> Layout:
    """The usual .kar: tempo track, "Words" track of @-headers and text syllables, then
    the instruments, the melody among them, drums (more notes) on channel 10."""
    truth = truth or melody()
    end = truth[-1].tick + 4 * QUARTER
    words = [(0, 0, mido.MetaMessage("text", text=t)) for t in
             ("@KMIDI KARAOKE FILE", "@V0100", "@LENGL", as_latin1(f"@T{title}", codec), "@TAlien Stage Choir")]
    words += [(tick, 1, mido.MetaMessage("text", text=as_latin1(text, codec))) for tick, text in kar_syllables(truth)]
    tracks = [conductor(), _track(words, "Words"), _track(drums(end), "Drums"), _track(bass(end), "Bass"),
              _track(chords(end), "Piano"), _track(notes_of(truth, channel=3), "Melody")]
    return Layout(f"kar type 1 ({codec})", save(tracks), truth, title=title)


def lyrics_on_melody(truth: list[Truth] | None = None, codec: str = "ascii", marks: bool = True) -> Layout:
    """``lyrics`` meta events on the melody track; drums on channel 10 with more notes."""
    truth = truth or melody()
    end = truth[-1].tick + 4 * QUARTER
    lead = notes_of(truth) + [(tick, 1, mido.MetaMessage("lyrics", text=as_latin1(text, codec)))
                              for tick, text in rp26_syllables(truth, marks)]
    tracks = [conductor(name="Lamps"), _track(drums(end), "Kit"), _track(lead, "Voice"), _track(bass(end), "Bass")]
    return Layout(f"lyrics on melody ({codec}{'' if marks else ', no marks'})", save(tracks), truth)


def type0(truth: list[Truth] | None = None) -> Layout:
    """Every instrument in one track (type 0): the melody is one channel of it."""
    truth = truth or melody()
    end = truth[-1].tick + 4 * QUARTER
    events = (notes_of(truth, channel=0) + drums(end) + bass(end, channel=1) + chords(end, channel=2)
              + [(tick, 1, mido.MetaMessage("lyrics", text=text)) for tick, text in rp26_syllables(truth)])
    events.append((0, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(90))))
    return Layout("type 0, all channels in one track", save([_track(events, "Lamps")], kind=0), truth)


def sloppy_kar() -> Layout:
    """A .kar whose syllables sit off the notes: some 60 ticks early, some 20 late, one
    placed at the end of the previous line (early, in the rest)."""
    truth = melody()
    layout = kar(truth)
    syllables = kar_syllables(truth)
    moved = []
    for k, (tick, text) in enumerate(syllables):
        if k % 3 == 1:
            tick -= 60
        elif k % 3 == 2:
            tick += 20
        if k and truth[k].line != truth[k - 1].line:
            tick = truth[k - 1].tick + truth[k - 1].length  # at the previous note's end
        moved.append((max(0, tick), text))
    end = truth[-1].tick + 4 * QUARTER
    words = [(0, 0, mido.MetaMessage("text", text="@KMIDI KARAOKE FILE"))]
    words += [(tick, 1, mido.MetaMessage("text", text=text)) for tick, text in moved]
    tracks = [conductor(), _track(words, "Words"), _track(drums(end), "Drums"), _track(notes_of(truth, 3), "Melody")]
    layout.name, layout.data = "kar, syllables off the notes", save(tracks)
    return layout


def layouts() -> list[Layout]:
    german = melody(["Der Höl-le Ra-che kocht", "in mei-nem Her-zen"])
    kana = melody(["そ-ら-の う-み", "ほ-し-の か-ぜ", "ひ-か-る み-ち"])
    no_marks = melody()
    return [kar(), kar(german, "cp1252", title="Höllenlied"), kar(kana, "shift_jis", title="ほしのうた"),
            lyrics_on_melody(), lyrics_on_melody(german, "utf-8"), lyrics_on_melody(kana, "utf-8"),
            lyrics_on_melody(german, "cp1252"), lyrics_on_melody(no_marks, marks=False), type0(), sloppy_kar(),
            legato()] + [humanized(seed) for seed in range(3)]


def humanized(seed: int) -> Layout:
    """A played-in .kar: every fourth syllable sung over two notes (the second holds it,
    "~"), note starts off the grid by up to 12 ticks, syllables 50 ticks early to 15 late."""
    rng = random.Random(seed)
    truth: list[Truth] = []
    for k, n in enumerate(melody()):
        if k % 4 == 3:
            half = n.length // 2
            truth += [Truth(n.tick, half, n.pitch, n.syllable, n.word_start, n.line),
                      Truth(n.tick + half, n.length - half, n.pitch + 2, "~", False, n.line)]
        else:
            truth.append(n)
    for n in truth:
        n.tick += rng.randint(-12, 12)
    syllables = [(max(0, n.tick + rng.randint(-50, 15)), text) for n, (_, text) in
                 zip([t for t in truth if t.syllable != "~"], kar_syllables([t for t in truth if t.syllable != "~"]))]
    end = truth[-1].tick + 4 * QUARTER
    words = [(0, 0, mido.MetaMessage("text", text="@KMIDI KARAOKE FILE"))]
    words += [(tick, 1, mido.MetaMessage("text", text=text)) for tick, text in syllables]
    tracks = [conductor(), _track(words, "Words"), _track(drums(end), "Drums"), _track(bass(end), "Bass"),
              _track(notes_of(truth, 4), "Flute"), _track(notes_of(truth, 3), "Melody")]
    return Layout(f"kar humanized, melismas (seed {seed})", save(tracks), truth)


def legato() -> Layout:
    """84 notes without a rest or a line mark (12 phrases, each ending on a half note)."""
    truth = melody([w for _ in range(3) for w in WORDS], rest_between_lines=0)
    layout = lyrics_on_melody(truth, marks=False)
    layout.name, layout.expect_lines = "lyrics, no marks, no rests (84 notes)", False
    return layout


def score(layout: Layout, imported) -> tuple[int, int, int, int]:
    """(notes with the right syllable, notes, lines of at most 16 notes, lines)."""
    notes = imported.song.voices[0].notes
    right = sum(a.text.strip() == b.syllable and a.midi == b.pitch for a, b in zip(notes, layout.truth))
    lines = imported.song.voices[0].lines
    return right, len(layout.truth), sum(len(line.notes) <= 16 for line in lines), len(lines)


def main() -> None:
    from alienstage_game.charts.midi_import import import_midi_bytes

    totals = [0, 0, 0, 0]
    print(f"{'layout':42s} {'right syllable':>15s} {'lines <= 16':>12s}  melody track/channel (1-16), text")
    for layout in layouts():
        imported = import_midi_bytes(layout.data, f"{layout.name}.mid")
        right, notes, short, lines = score(layout, imported)
        totals = [t + v for t, v in zip(totals, (right, notes, short, lines))]
        print(f"{layout.name:42s} {right:>6d}/{notes:<4d} {right / notes:5.0%} {short:>5d}/{lines:<3d}"
              f"{short / lines:4.0%}  {imported.track}/{imported.channel + 1}, {imported.text_encoding}")
    print(f"{'all':42s} {totals[0]:>6d}/{totals[1]:<4d} {totals[0] / totals[1]:5.0%} {totals[2]:>5d}/{totals[3]:<3d}"
          f"{totals[2] / totals[3]:4.0%}")


if __name__ == "__main__":
    main()


# ---------------------------------------------------------------------------------------
# Tests: what a chart made from each layout sings.

import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from alienstage_game.charts import load_song, parse_song  # noqa: E402
from alienstage_game.charts.midi_import import MidiImportError, import_midi_bytes  # noqa: E402
from alienstage_game.charts.ultrastar_write import dump_song  # noqa: E402

LAMPS = ["Glowing lamps above the hill", "wait for ships that sail the night", "hum a tune of copper light",
         "soft and low until the dawn"]


def _import(layout: Layout, track: int | None = None):
    imported = import_midi_bytes(layout.data, f"{layout.name}.mid", track)
    parse_song(dump_song(imported.song).encode())  # whatever it makes, the chart reader takes back
    return imported


def _lines(imported) -> list[str]:
    return imported.song.voices[0].lyrics.split("\n")


def _line_lengths(imported) -> list[int]:
    return [len(line.notes) for line in imported.song.voices[0].lines]


def test_kar_lyrics_in_their_own_track_reach_the_melody_not_the_drums() -> None:
    imported = _import(kar())
    assert (imported.track, imported.channel, imported.lyrics_track) == (5, 3, 1)  # not the drums (track 2)
    assert _lines(imported) == LAMPS
    notes = imported.song.voices[0].notes
    assert [n.text for n in notes[:5]] == ["Glow", "ing", " lamps", " a", "bove"]
    assert [n.midi for n in notes] == [t.pitch for t in melody()]
    assert imported.song.headers["TITLE"] == "Lamps on the Hill"  # the .kar's first @T
    assert imported.song.headers["ARTIST"] == "Alien Stage Choir"  # and its second
    # Notes end 24 ticks early (played detached): still a sixteenth grid, not #BPM x4.
    assert imported.song.bpm == 100.0 and [(n.beat, n.length) for n in notes[:2]] == [(0, 4), (4, 4)]
    assert not [w for w in imported.warnings if "syllable" in w]


def test_lyrics_on_the_melody_track_beat_drums_and_bass_with_more_notes() -> None:
    imported = _import(lyrics_on_melody())
    assert (imported.track, imported.channel) == (2, 0)
    assert _lines(imported) == LAMPS
    assert imported.song.headers["TITLE"] == "Lamps"  # the sequence name (first track)


@pytest.mark.parametrize("layout, words, how", [
    (lambda: kar(melody(["Der Höl-le Ra-che kocht", "in mei-nem Her-zen"]), "cp1252", "Höllenlied"),
     ["Der Hölle Rache kocht", "in meinem Herzen"], "detected CP1252"),
    (lambda: lyrics_on_melody(melody(["Der Höl-le Ra-che kocht", "in mei-nem Her-zen"]), "cp1252"),
     ["Der Hölle Rache kocht", "in meinem Herzen"], "detected CP1252"),
    (lambda: lyrics_on_melody(melody(["Der Höl-le Ra-che kocht", "in mei-nem Her-zen"]), "utf-8"),
     ["Der Hölle Rache kocht", "in meinem Herzen"], "detected UTF-8"),
    (lambda: kar(melody(["そ-ら-の う-み", "ほ-し-の か-ぜ"]), "shift_jis", "ほしのうた"),
     ["そらの うみ", "ほしの かぜ"], "detected Shift-JIS"),
    (lambda: lyrics_on_melody(melody(["そ-ら-の う-み", "ほ-し-の か-ぜ"]), "utf-8"),
     ["そらの うみ", "ほしの かぜ"], "detected UTF-8"),
])
def test_lyrics_are_decoded_as_written(layout, words: list[str], how: str) -> None:
    imported = _import(layout())
    assert _lines(imported) == words
    assert imported.text_encoding == how
    assert "Ã" not in dump_song(imported.song)


def test_titles_are_decoded_with_the_lyrics() -> None:
    imported = _import(kar(melody(["そ-ら-の う-み"]), "shift_jis", "ほしのうた"))
    assert imported.song.headers["TITLE"] == "ほしのうた"


def test_an_rp26_language_tag_declares_the_encoding() -> None:
    truth = melody(["ひ-か-る み-ち"])
    lyric = [(tick, text) for tick, text in rp26_syllables(truth)]
    events = notes_of(truth) + [(tick, 1, mido.MetaMessage(
        "lyrics", text=as_latin1(("{@JP}" if k == 0 else "") + text, "cp932"))) for k, (tick, text) in enumerate(lyric)]
    imported = _import(Layout("jp", save([conductor(), _track(events, "Voice")]), truth))
    assert imported.text_encoding == "declared {@JP}"
    assert _lines(imported) == ["ひかる みち"]


def test_without_marks_lines_break_at_phrase_rests() -> None:
    imported = _import(lyrics_on_melody(marks=False))
    assert _lines(imported) == LAMPS
    plain = melody()
    silent = _import(Layout("plain", save([conductor(), _track(notes_of(plain), "Tune")]), plain))
    assert _line_lengths(silent) == [7, 7, 7, 7]
    assert any("no lyric events" in w for w in silent.warnings)


def test_a_long_line_without_rests_is_split_at_its_long_notes() -> None:
    # 12 phrases of 7 notes, legato, no rest anywhere and no marks: once an 84-note line.
    truth = melody([w for _ in range(3) for w in WORDS], rest_between_lines=0)
    imported = _import(Layout("legato", save([conductor(), _track(notes_of(truth), "Tune")]), truth))
    lengths = _line_lengths(imported)
    assert sum(lengths) == len(truth) and max(lengths) <= 16 and min(lengths) >= 3
    phrase_starts = {k for k, t in enumerate(truth) if k and t.line != truth[k - 1].line}
    heads = [sum(lengths[:k]) for k in range(1, len(lengths))]
    assert set(heads) <= phrase_starts  # every split after a phrase's long last note
    assert any("split" in w for w in imported.warnings)


def test_a_type0_file_takes_the_melody_channel_out_of_one_track() -> None:
    imported = _import(type0())
    assert (imported.track, imported.channel) == (0, 0)
    assert _lines(imported) == LAMPS


def test_syllables_off_their_notes_still_find_them() -> None:
    imported = _import(sloppy_kar())
    assert _lines(imported) == LAMPS  # early, late, and at the previous note's end
    assert not [w for w in imported.warnings if "syllable" in w]


def _words_layout(truth: list[Truth], syllables: list[tuple[int, str]], name: str = "w") -> Layout:
    words = [(tick, 1, mido.MetaMessage("text", text=text)) for tick, text in syllables]
    return Layout(name, save([conductor(), _track(words, "Words"), _track(notes_of(truth), "Melody")]), truth)


def test_extra_syllables_are_joined_and_said_not_dropped() -> None:
    truth = melody(["Glow-ing lamps"])
    syllables = kar_syllables(truth)
    # The melody sings "Glowing" on one note: the second syllable has no note of its own.
    syllables.insert(1, (truth[0].tick + 240, "ing"))
    truth = [truth[0]] + truth[2:]
    syllables = [syllables[0], syllables[1], syllables[3]]
    imported = _import(_words_layout(truth, syllables))
    assert [n.text for n in imported.song.voices[0].notes] == ["Glowing", " lamps"]
    assert any("joined" in w and "'ing'" in w for w in imported.warnings)


def test_notes_without_a_syllable_hold_the_vowel() -> None:
    truth = melody(["Glow-ing lamps a-bove"])
    imported = _import(_words_layout(truth, [s for k, s in enumerate(kar_syllables(truth)) if k != 1]))
    assert [n.text for n in imported.song.voices[0].notes] == ["Glow", "~", " lamps", " a", "bove"]
    assert any("1 note(s) have no syllable" in w for w in imported.warnings)


def test_text_before_the_first_note_is_listed_not_glued_to_it() -> None:
    truth = melody(["Glow-ing lamps"])
    imported = _import(_words_layout(truth, [(0, "Lamps on the Hill"), (0, "by nobody")] + kar_syllables(truth)))
    assert [n.text for n in imported.song.voices[0].notes] == ["Glow", "ing", " lamps"]
    assert any("before any melody note" in w and "'Lamps on the Hill'" in w for w in imported.warnings)


def test_the_track_override_still_works_and_never_sings_drums() -> None:
    layout = kar()
    bass_chart = _import(layout, track=3)
    assert bass_chart.track == 3 and bass_chart.song.voices[0].notes[0].midi == 36
    with pytest.raises(MidiImportError, match="track 2 .Drums. holds only drums"):
        import_midi_bytes(layout.data, "k.kar", track=2)
    with pytest.raises(MidiImportError, match="track 1 .Words. has no notes"):
        import_midi_bytes(layout.data, "k.kar", track=1)


def test_hostile_layouts_are_refused_with_a_reason() -> None:
    truth = melody(["Glow-ing lamps"])
    lyrics_only = save([conductor(), _track([(t, 1, mido.MetaMessage("lyrics", text=s))
                                             for t, s in rp26_syllables(truth)], "Words")])
    with pytest.raises(MidiImportError, match="no track has notes"):
        import_midi_bytes(lyrics_only, "lyrics.mid")
    with pytest.raises(MidiImportError, match="no track has notes"):
        import_midi_bytes(save([conductor()]), "empty.mid")
    with pytest.raises(MidiImportError, match="only notes are drums"):
        import_midi_bytes(save([conductor(), _track(drums(4000), "Kit")]), "drums.mid")


def test_mutated_layouts_raise_only_midi_import_errors() -> None:
    rng = random.Random(18)
    seeds = [kar(melody(["Der Höl-le Ra-che"]), "cp1252").data, lyrics_on_melody(melody(WORDS[:2])).data,
             type0(melody(WORDS[:1])).data]
    started = time.perf_counter()
    for k in range(300):
        data = bytearray(seeds[k % len(seeds)])
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(data))
            data[at] = rng.choice([0, 0x7F, 0x80, 0xFF, 0x2F, 0x5C, 0x0D, rng.randrange(256)])
        try:
            imported = import_midi_bytes(bytes(data), "mutant.mid")
        except MidiImportError:
            continue
        parse_song(dump_song(imported.song).encode())
    assert time.perf_counter() - started < 5.0


def test_the_command_imports_a_kar_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from alienstage_game.cli import main

    path = tmp_path / "lamps.kar"
    path.write_bytes(kar(melody(["Der Höl-le Ra-che kocht", "in mei-nem Her-zen"]), "cp1252").data)
    out = tmp_path / "song.txt"
    assert main(["chart", "from-midi", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "track 5" in err and "lyrics from track 1" in err and "CP1252" in err
    assert load_song(out).voices[0].lyrics == "Der Hölle Rache kocht\nin meinem Herzen"


def test_a_key_struck_again_before_its_note_off_keeps_both_notes() -> None:
    # note_on 64, note_on 64 again one beat later, then the first note's off at that tick.
    events = [(0, 0, mido.Message("note_on", note=64, velocity=90)),
              (480, 1, mido.Message("note_on", note=64, velocity=90)), (480, 2, mido.Message("note_off", note=64)),
              (960, 0, mido.Message("note_off", note=64)), (960, 1, mido.Message("note_on", note=67, velocity=90)),
              (1440, 0, mido.Message("note_off", note=67))]
    truth = [Truth(0, 480, 64, "la", True, 0), Truth(480, 480, 64, "la", True, 0), Truth(960, 480, 67, "la", True, 0)]
    imported = _import(Layout("restruck", save([conductor(), _track(events, "Tune")]), truth))
    assert [(n.beat, n.length, n.midi) for n in imported.song.voices[0].notes] == [(0, 4, 64), (4, 4, 64), (8, 4, 67)]


def test_the_title_is_the_sequence_name_unless_it_is_a_placeholder() -> None:
    truth = melody(["Glow-ing lamps"])
    lead = notes_of(truth) + [(t, 1, mido.MetaMessage("lyrics", text=s)) for t, s in rp26_syllables(truth)]
    named = _import(Layout("n", save([conductor(name="Harbour Song"), _track(lead, "Lead Vocal")]), truth))
    assert named.song.headers["TITLE"] == "Harbour Song"
    generic = import_midi_bytes(save([conductor(name="Tempo Track"), _track(lead, "Lead Vocal")]), "harbour_song.mid")
    assert generic.song.headers["TITLE"] == "harbour song"  # the file's name, not "Tempo Track" or "Lead Vocal"


def test_the_figure_every_layout_sings_its_syllables_in_short_lines() -> None:
    for layout in layouts():
        imported = _import(layout)
        right, notes, short, lines = score(layout, imported)
        assert right == notes and short == lines, layout.name
        if layout.expect_lines:
            heads = [k for k, t in enumerate(layout.truth) if k == 0 or t.line != layout.truth[k - 1].line]
            lengths = _line_lengths(imported)
            assert [sum(lengths[:k]) for k in range(len(lengths))] == heads, layout.name


def test_a_second_set_of_lyrics_is_said_not_silently_left() -> None:
    truth = melody(["Glow-ing lamps a-bove the hill"])
    lead = notes_of(truth) + [(t, 1, mido.MetaMessage("lyrics", text=s)) for t, s in rp26_syllables(truth)]
    echo = [(t + 10, 1, mido.MetaMessage("lyrics", text=s)) for t, s in rp26_syllables(truth)[:4]]
    copy = [(t, 1, mido.MetaMessage("text", text=s)) for t, s in rp26_syllables(truth)]  # the same, as text
    data = save([conductor(), _track(lead, "Voice"), _track(echo, "Echo"), _track(copy, "Copy")])
    imported = import_midi_bytes(data, "two.mid")
    assert imported.lyrics_track == 1 and _lines(imported) == ["Glowing lamps above the hill"]
    left = [w for w in imported.warnings if "not used" in w]
    assert len(left) == 1 and "track 2 also holds 4 'lyrics'" in left[0]  # the copy repeats, so is not said


def test_kana_without_spaces_stay_one_word_and_latin_ones_split_by_hyphens() -> None:
    truth = melody(["そ-ら-の-う-み"])
    events = notes_of(truth) + [(n.tick, 1, mido.MetaMessage("lyrics", text=as_latin1(n.syllable, "utf-8")))
                                for n in truth]
    assert _lines(_import(Layout("kana", save([conductor(), _track(events, "Voice")]), truth))) == ["そらのうみ"]
    truth = melody(["Glow-ing lamps"])
    marks = ["Glow-", "ing", "lamps"]  # no spaces anywhere: a syllable is a word unless it ends in "-"
    events = notes_of(truth) + [(n.tick, 1, mido.MetaMessage("lyrics", text=m)) for n, m in zip(truth, marks)]
    assert _lines(_import(Layout("latin", save([conductor(), _track(events, "Voice")]), truth))) == ["Glowing lamps"]


def test_megabytes_of_lyrics_are_cut_to_what_a_chart_can_show(monkeypatch: pytest.MonkeyPatch) -> None:
    truth = melody(["Glow-ing lamps"])
    huge = ("ひ" * 40_000).encode("utf-8")  # one event of 120 KB, cut mid-character
    events = notes_of(truth) + [(truth[0].tick, 1, mido.MetaMessage("lyrics", text=huge.decode("latin-1")))]
    events += [(truth[1].tick + k, 1, mido.MetaMessage("lyrics", text="la ")) for k in range(5000)]
    started = time.perf_counter()
    imported = _import(Layout("huge", save([conductor(), _track(events, "Voice")]), truth))
    assert time.perf_counter() - started < 3.0
    first, second = imported.song.voices[0].notes[:2]
    assert set(first.text) == {"ひ"} and len(first.text) == 85  # 256 bytes, the cut character left out
    assert len(second.text) <= 520
    assert any("cut" in w for w in imported.warnings)
    assert any("more left out" in w for w in imported.warnings)
    from alienstage_game.charts import midi_import

    monkeypatch.setattr(midi_import, "MAX_SYLLABLES", 500)  # 100,000 in earnest: the same path, faster
    too_many = save([conductor(), _track(notes_of(truth) + [(k, 1, mido.MetaMessage("lyrics", text="a"))
                                                           for k in range(501)], "Voice")])
    with pytest.raises(MidiImportError, match="501 lyric events, more than a chart can hold .500."):
        import_midi_bytes(too_many, "many.mid")


def test_notes_on_the_grid_with_ragged_ends_keep_sixteenth_beats() -> None:
    truth = [Truth(k * QUARTER, 380 + 17 * (k % 4), 60 + k, "la", True, 0) for k in range(6)]
    imported = _import(Layout("ragged", save([conductor(), _track(notes_of(truth), "Tune")]), truth))
    assert imported.song.bpm == 100.0
    assert [(n.beat, n.length) for n in imported.song.voices[0].notes] == [(k * 4, 3 + (k % 4 == 3)) for k in range(6)]
