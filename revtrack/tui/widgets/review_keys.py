"""The review screen's keys (the footer, the help screen and the palette read these)."""

from __future__ import annotations

from textual.binding import Binding

from revtrack.tui.widgets.review_format import LABEL_FILTERS

__all__ = ["REVIEW_BINDINGS"]


def _label_binding(number: int, label: str) -> Binding:
    if number == 1:  # the one shown in the footer stands for all four
        return Binding(
            "1", "label(1)", "Label", key_display="1-4", id="review.label1",
            tooltip="Filter by label: 1 correction, 2 silent, 3 fact, 4 headline (again: all)",
        )  # fmt: skip
    return Binding(
        str(number), f"label({number})", label.capitalize(), show=False,
        tooltip=f"Only {label} changes (again: all)", id=f"review.label{number}",
    )  # fmt: skip


# Most used first: a narrow footer shows as many as fit, in this order (all are in help).
REVIEW_BINDINGS: tuple[Binding, ...] = (
    Binding("escape", "back", "Back", id="review.back"),
    Binding("r", "mark('reviewed')", "Reviewed", tooltip="Mark the change reviewed",
            id="review.reviewed"),
    Binding("f", "flag", "Flag", tooltip="Flag the change (again: unflag)", id="review.flag"),
    Binding("n", "note", "Note", tooltip="Add or edit the change's note", id="review.note"),
    Binding("v", "cycle_state", "State", id="review.state",
            tooltip="Next state filter: unreviewed, flagged, reviewed, all (also tab)"),
    # No description: one palette entry (v's) for both keys.
    Binding("tab", "cycle_state", show=False, id="review.state_tab"),
    *(_label_binding(n, label) for n, label in enumerate(LABEL_FILTERS, start=1)),
    Binding("u", "mark('unreviewed')", "Unreview", tooltip="Set the change back to unreviewed",
            id="review.unreviewed"),
    Binding("s", "open_story", "Story", tooltip="Open the change's story (also enter)",
            id="review.story"),
    Binding("0", "label(0)", "All labels", show=False, tooltip="Every label",
            id="review.label0"),
)  # fmt: skip
