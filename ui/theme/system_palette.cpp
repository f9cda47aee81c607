#include "ui/theme/system_palette.h"

#include <QApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>

namespace dnshound::ui::theme {

namespace {
constexpr int kGsettingsTimeoutMs = 500;
}

std::optional<bool> desktopPrefersDark() {
    const QString forced = qEnvironmentVariable("DNSHOUND_COLOR_SCHEME").toLower();
    if (forced == QLatin1String("dark")) return true;
    if (forced == QLatin1String("light")) return false;
    const QString gtkTheme = qEnvironmentVariable("GTK_THEME").toLower();
    if (!gtkTheme.isEmpty()) return gtkTheme.endsWith(QLatin1String(":dark"));
    const QString gsettings = QStandardPaths::findExecutable(QStringLiteral("gsettings"));
    if (gsettings.isEmpty() || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return std::nullopt;
    QProcess query;
    query.start(gsettings, {QStringLiteral("get"), QStringLiteral("org.gnome.desktop.interface"),
                            QStringLiteral("color-scheme")});
    if (!query.waitForFinished(kGsettingsTimeoutMs) || query.exitCode() != 0) {
        query.kill();
        query.waitForFinished(kGsettingsTimeoutMs);
        return std::nullopt;
    }
    const QString value = QString::fromUtf8(query.readAllStandardOutput());
    if (value.contains(QLatin1String("prefer-dark"))) return true;
    if (value.contains(QLatin1String("prefer-light")) || value.contains(QLatin1String("default")))
        return false;
    return std::nullopt;
}

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightness() < 128;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b);
    const QColor base(0x1e, 0x1e, 0x1e);
    const QColor text(0xe0, 0xe0, 0xe0);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x33, 0x33, 0x33));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xe8));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x6e, 0xa8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

bool followDesktopColorScheme(QApplication& app) {
    const std::optional<bool> dark = desktopPrefersDark();
    if (!dark || *dark == isDark(QApplication::palette())) return false;
    if (*dark) {
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    } else {
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
    return true;
}

}  // namespace dnshound::ui::theme
