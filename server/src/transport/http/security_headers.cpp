#include "transport/http/security_headers.hpp"

#include <array>

namespace muster::transport::http_api {

namespace {

constexpr std::array kHeaders{
    HeaderField{"Content-Security-Policy", kContentSecurityPolicy},
    // A response is what its Content-Type says, never what its bytes look like.
    HeaderField{"X-Content-Type-Options", "nosniff"},
    // Invitation links carry their token in the path: never let it leak to another site.
    HeaderField{"Referrer-Policy", "no-referrer"},
    // The app uses no camera, location, payment or sensors; the microphone only for its own
    // voice notes (to come). Notifications are not a Permissions-Policy feature.
    HeaderField{"Permissions-Policy",
                "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
                "fullscreen=(self), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(self), "
                "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
                "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"},
    // A window opened from another site gets no handle on ours (and ours none on it).
    HeaderField{"Cross-Origin-Opener-Policy", "same-origin"},
    // Other sites may not embed our answers (images, files) in their pages.
    HeaderField{"Cross-Origin-Resource-Policy", "same-origin"},
    // For browsers that predate frame-ancestors.
    HeaderField{"X-Frame-Options", "DENY"},
};

}  // namespace

std::span<const HeaderField> security_headers() { return kHeaders; }

}  // namespace muster::transport::http_api
