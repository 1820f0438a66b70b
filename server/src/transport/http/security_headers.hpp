// The browser-hardening headers every answer carries (API, web app, attachments, errors, 404s).
// The HTTP server adds them to each response in one place; a handler may only make the
// Content-Security-Policy stricter (attachments add `sandbox`), never drop a header.
#pragma once
#include <span>
#include <string_view>

namespace muster::transport::http_api {

struct HeaderField {
  std::string_view name;
  std::string_view value;
};

// The web app's policy: everything from this origin, no inline script or style (the built app has
// none; React sets styles through the DOM, which CSP allows), no plugins, no framing, no <base>.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// What a downloaded file may do when opened in the browser: nothing (no script, no plugin, no
// same-origin access), only show images.
inline constexpr std::string_view kAttachmentContentSecurityPolicy =
    "default-src 'none'; img-src 'self'; style-src 'none'; sandbox";

// Sent on every answer, in this order. HSTS is added separately, only when the browser reached
// us over https.
std::span<const HeaderField> security_headers();

inline constexpr std::string_view kStrictTransportSecurity = "max-age=31536000";

}  // namespace muster::transport::http_api
