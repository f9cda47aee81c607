#include "core/sample/civil_time.h"

namespace dnshound::core::sample {

namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

void put2(char* out, int v) {
    out[0] = static_cast<char>('0' + v / 10);
    out[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

std::int64_t daysFromCivil(CivilDate date) {
    const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
    const std::int64_t era = floorDiv(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (date.month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civilFromDays(std::int64_t days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = floorDiv(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return CivilDate{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

std::int64_t epochMs(CivilDate date, int hour, int minute, int second) {
    return ((daysFromCivil(date) * 24 + hour) * 60 + minute) * 60000 +
           static_cast<std::int64_t>(second) * 1000;
}

void formatTimestamp(char* out, std::int64_t epochMilliseconds) {
    const std::int64_t days = floorDiv(epochMilliseconds, 86400000);
    const auto msOfDay = static_cast<int>(epochMilliseconds - days * 86400000);
    const CivilDate date = civilFromDays(days);
    const int year = date.year < 0 ? 0 : (date.year > 9999 ? 9999 : date.year);
    put2(out, year / 100);
    put2(out + 2, year % 100);
    out[4] = '-';
    put2(out + 5, date.month);
    out[7] = '-';
    put2(out + 8, date.day);
    out[10] = 'T';
    put2(out + 11, msOfDay / 3600000);
    out[13] = ':';
    put2(out + 14, msOfDay / 60000 % 60);
    out[16] = ':';
    put2(out + 17, msOfDay / 1000 % 60);
    out[19] = '.';
    const int ms = msOfDay % 1000;
    out[20] = static_cast<char>('0' + ms / 100);
    put2(out + 21, ms % 100);
    out[23] = 'Z';
}

}  // namespace dnshound::core::sample
