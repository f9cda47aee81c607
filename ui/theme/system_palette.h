#pragma once

#include <QPalette>
#include <optional>

class QApplication;

namespace dnshound::ui::theme {

// Qt 6.4 takes its palette from the platform theme, which on many Linux desktops (plain xcb,
// no GTK/KDE theme plugin) stays light when the desktop is dark. This reads the desktop's own
// preference and, when it asks for dark and Qt's palette is light, switches to a dark palette.

// The desktop's colour preference: DNSHOUND_COLOR_SCHEME=dark|light wins, then GTK_THEME
// ("Adwaita:dark"), then GNOME's org.gnome.desktop.interface color-scheme. nullopt: unknown.
std::optional<bool> desktopPrefersDark();
bool isDark(const QPalette& palette);
QPalette darkPalette();
// Applies the preference to `app` (Fusion style with darkPalette() when dark is wanted and the
// platform gave a light palette); returns true when it changed the palette.
bool followDesktopColorScheme(QApplication& app);

}  // namespace dnshound::ui::theme
