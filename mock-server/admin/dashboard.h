// The dashboard: one self-contained HTML page (no external assets) served at
// GET /_admin/ and /_admin/ui. It reads the control API every second and
// shows the clock (with freeze, resume and advance), the holdings with their
// reservations counting down on the emulator's clock, the latest journal
// entries and the fault rules. Script errors are counted in
// <body data-errors="N"> and listed in #errors, so a headless browser test
// can see them; <body data-ready="1"> once the first refresh has rendered.
#ifndef VI_MOCK_SERVER_ADMIN_DASHBOARD_H_
#define VI_MOCK_SERVER_ADMIN_DASHBOARD_H_

#include <string_view>

namespace vi::admin {

std::string_view DashboardPage();

}  // namespace vi::admin

#endif  // VI_MOCK_SERVER_ADMIN_DASHBOARD_H_
