"""The editor's saving, leaving and recovery: a save the disk refuses keeps the edits in
memory and offers other folders; an autosave that cannot be restored is said, not raised."""

from __future__ import annotations

from pathlib import Path

from ...editor import DocumentError, Recovery, discard, restore
from ...editor.autosave import AutosaveError
from ...editor.document import rescue_targets
from ...storage import reason_for
from .. import theme
from ..editor.overlays import ChoiceDialog


def new_chart_target(title: str | None) -> Path:
    """Where a new chart goes: user songs/<its title>/song.txt, a folder no other chart has."""
    from ...paths import user_songs_dir

    stem = "".join(c if c.isalnum() else "-" for c in (title or "untitled").lower()).strip("-") or "untitled"
    stem = "-".join(part for part in stem.split("-") if part)
    folder, n = user_songs_dir() / stem, 2
    while (folder / "song.txt").exists():
        folder, n = user_songs_dir() / f"{stem}-{n}", n + 1
    return folder / "song.txt"


class EditorSaving:
    """Mixed into ``EditorScene`` (it uses the scene's ``doc``, ``say``, ``overlay``)."""

    # -- saving and leaving ----------------------------------------------------------------
    def save(self, then=None) -> bool:
        """Save to the chart's file (a new chart: a folder of its own in the user songs
        folder, which the library lists, so it can be sung at once). When the disk
        refuses, the edits stay here and a dialog offers other folders; ``then`` runs
        once a save has worked (leaving, say)."""
        doc = self.doc
        target = doc.path
        if target is None:
            target = new_chart_target(doc.song.title)
        return self._save_to(target, then)

    def _save_to(self, target, then=None) -> bool:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            backup = self.doc.save(target)
        except OSError as exc:  # the folder itself could not be made
            self._offer_rescue(target, f"{target} not saved: {reason_for(exc)}", then)
            return False
        except DocumentError as exc:
            if exc.unwritable is not None:
                self._offer_rescue(exc.unwritable, str(exc), then)
            else:
                self.say(str(exc), theme.WARNING, 6.0)
            return False
        from ...editor.recent import remember

        remember(target)
        kept = f" (the old file is kept as {backup.name})" if backup is not None else ""
        self.say(f"saved {target}{kept}", theme.ACCENT, 6.0)
        if then is not None:
            then()
        return True

    def _offer_rescue(self, refused, reason: str, then=None) -> None:
        """The disk refused the chart's file: say so, keep the edits, offer other folders."""
        places = rescue_targets(refused, self.doc.song.title)[:2]
        labels = ["Save in the data folder", "Save in the home folder"][:len(places)]
        self.say(f"{reason}: your edits are kept here, unsaved", theme.WARNING, 10.0)

        def chosen(option: str) -> None:
            if option in labels:
                self._save_to(places[labels.index(option)], then)

        home = str(Path.home())
        where = "\n".join(f"{label}: {str(place).replace(home, '~', 1)}" for label, place in zip(labels, places))
        self.overlay = ChoiceDialog("Not saved", f"{reason}.\nYour edits are still here. Save them elsewhere?\n{where}",
                                    labels + ["Keep editing"], chosen, width=1000)
    def ask_leave(self) -> None:
        if not self.doc.dirty:
            self.leave()
            return

        def chosen(option: str) -> None:
            if option == "Save and leave":
                self.save(then=self.leave)
            elif option == "Leave without saving":
                self.leave()

        self.overlay = ChoiceDialog("Unsaved changes", "This chart has edits that are not saved yet.",
                                    ["Save and leave", "Leave without saving", "Keep editing"], chosen)

    def leave(self) -> None:
        self._leaving = True
        self.app.pop()

    # -- recovery --------------------------------------------------------------------------
    def restore_recovery(self, found: Recovery) -> None:
        try:
            doc = restore(found, self.autosave_s)
        except AutosaveError as exc:
            self.say(f"cannot restore {found.name}: {exc.reason}", theme.WARNING, 8.0)
            return
        self.set_document(doc)
        self.say(f"restored {found.name} from {found.file.parent}: save it with Ctrl+S", theme.ACCENT, 8.0)

    def discard_recovery(self, found: Recovery) -> None:
        discard(found)
        self.say(f"discarded the autosave of {found.name}", theme.MUTED)
