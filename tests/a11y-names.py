#!/usr/bin/python3
# a11y-names.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads the accessibility tree (AT-SPI) of the running process PID, as a screen
# reader such as Orca does, and checks that every interactive control in every
# window of it has a name that can be spoken: not empty, not a GTK class name
# ("GtkImage", "GtkToggleButton": what GTK 4.8 reports when a control has no name),
# and not a label doubled with its mnemonic ("_Open Open"). Prints one line per
# offender with its path in the tree, then "checked N controls in W windows", and
# exits 1 when there is an offender, 2 when the process never showed up.
#
#   a11y-names.py PID [--list]      (--list: print every control checked)

import re
import sys
import time

import pyatspi

INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM,
    pyatspi.ROLE_RADIO_MENU_ITEM, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_SLIDER, pyatspi.ROLE_LINK,
    pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_TEXT, pyatspi.ROLE_LIST,
    pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TABLE_ROW, pyatspi.ROLE_SCROLL_BAR,
}
# Scroll bars carry the class name in GTK 4.8 and Orca does not speak them by name.
NAME_NOT_NEEDED = {pyatspi.ROLE_SCROLL_BAR}
CLASS_NAME = re.compile(r"^(Gtk|Adw|Gloss|Gdk)[A-Z][A-Za-z]*$")


def problem(name):
    """What is wrong with @name as a spoken name, or None."""
    if name is None or not name.strip():
        return "no name"
    if CLASS_NAME.match(name):
        return "a class name"
    words = name.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half > 0 and \
            [w.replace("_", "") for w in words[:half]] == words[half:]:
        return "the label twice"
    if re.search(r"(^|\s)_\w", name):
        return "a mnemonic underscore"
    return None


def find_app(pid, timeout):
    end = time.time() + timeout
    while time.time() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except Exception:
                pass
        time.sleep(0.2)
    return None


def walk(node, path, found, checked, listing):
    try:
        role = node.getRole()
        name = node.name
        role_name = node.getRoleName()
        count = node.childCount
    except Exception:
        return
    here = path + [f"{role_name} '{name}'"]
    if role in INTERACTIVE and role not in NAME_NOT_NEEDED:
        checked.append(here)
        if listing:
            print("  " + " > ".join(here[-3:]))
        why = problem(name)
        # Plain read-only text (a label's own text object) is not a control.
        if why and role == pyatspi.ROLE_TEXT:
            try:
                if not node.getState().contains(pyatspi.STATE_EDITABLE) and \
                        not node.getState().contains(pyatspi.STATE_FOCUSABLE):
                    why = None
            except Exception:
                pass
        if why:
            found.append((why, here))
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            walk(child, here, found, checked, listing)


def main():
    pid = int(sys.argv[1])
    listing = "--list" in sys.argv[2:]
    app = find_app(pid, 30)
    if app is None:
        print(f"a11y-names: process {pid} did not appear on the accessibility bus", file=sys.stderr)
        return 2
    found, checked, windows = [], [], []
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is None:
            continue
        windows.append(window.name)
        walk(window, [], found, checked, listing)
    for why, path in found:
        print(f"UNNAMED ({why}): " + " > ".join(path[-7:]))
    print("windows: " + " | ".join(windows))
    print(f"checked {len(checked)} controls in {len(windows)} windows, {len(found)} without a usable name")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
