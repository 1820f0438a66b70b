// How attachments go out to browsers: the served type and whether they may show inline.
#pragma once
#include <string>
#include <string_view>

namespace muster::domain {

// How a stored file is served: only the raster images the app shows (png, jpeg, gif, webp) inline,
// everything else as a download; a type a browser could run (HTML, SVG, XML, script) or one not
// known never goes out under its own name, only as application/octet-stream. Text gets its charset.
struct ServedAs {
  std::string content_type;
  bool inline_display = false;
};
ServedAs served_as(std::string_view stored_content_type);

}  // namespace muster::domain
