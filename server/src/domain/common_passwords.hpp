// The most common passwords, refused wherever a password is set (setup, invitation acceptance,
// reset). The list is data compiled into the binary (server/data/common-passwords.txt).
#pragma once
#include <string>
#include <string_view>

namespace muster::domain {

// The form a password is looked up in: Latin letters lower case, Arabic-Indic (U+0660–0669) and
// Eastern Arabic-Indic (U+06F0–06F9) digits as ASCII digits, everything else as it is. So
// "١٢٣٤٥٦٧٨" and "PassWord" meet the list's "12345678" and "password".
std::string fold_password(std::string_view password);

bool is_common_password(std::string_view password);

// How many passwords the list holds (for tests and the docs).
std::size_t common_password_count();

}  // namespace muster::domain
