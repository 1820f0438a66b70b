// A readable name for the device behind a session ("Chrome on Android", "Safari on iPhone"), from
// its User-Agent header, by a small table of the browsers and systems people use. A name an API
// client chose for its token (not a browser's User-Agent) is shown as it is.
#pragma once
#include <string>
#include <string_view>

namespace muster::domain {

std::string device_name(std::string_view user_agent);

}  // namespace muster::domain
