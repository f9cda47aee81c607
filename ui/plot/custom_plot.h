#pragma once

// QCustomPlot's header uses the Qt keywords (signals, slots, emit, foreach) that this project
// switches off with QT_NO_KEYWORDS; map them onto the macro forms only while it is read.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>  // IWYU pragma: export
#undef foreach
#undef emit
#undef slots
#undef signals
