#include "transport/push/curl_push_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace muster::transport {

namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// Push services answer with a short body we do not need; only Retry-After matters.
size_t discard_body(char*, size_t size, size_t count, void*) { return size * count; }

size_t read_retry_after(char* data, size_t size, size_t count, void* out) {
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    bool match = true;
    for (size_t i = 0; i < kName.size() && match; ++i)
      match = static_cast<char>(std::tolower(static_cast<unsigned char>(line[i]))) == kName[i];
    if (match) {
      auto value = line.substr(kName.size());
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      int seconds = 0;  // an HTTP date instead of seconds is left to the back-off
      std::from_chars(value.data(), value.data() + value.size(), seconds);
      *static_cast<int*>(out) = std::max(0, std::min(seconds, 3600));
    }
  }
  return size * count;
}

class CurlPushTransport final : public app::PushTransport {
 public:
  app::PushAnswer post(const app::PushDelivery& d, const std::string& authorization) override {
    // One handle per sender thread: libcurl keeps that handle's connections alive between pushes.
    thread_local std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    CURL* c = easy.get();
    if (!c) return {};
    curl_easy_reset(c);
    std::unique_ptr<curl_slist, ListDeleter> headers;
    auto add = [&](const std::string& h) { headers.reset(curl_slist_append(headers.release(), h.c_str())); };
    add("Content-Type: application/octet-stream");
    add("Content-Encoding: aes128gcm");
    add("TTL: " + std::to_string(d.ttl_seconds));
    if (!d.urgency.empty()) add("Urgency: " + d.urgency);
    if (!d.topic.empty()) add("Topic: " + d.topic);
    add("Authorization: " + authorization);
    int retry_after = 0;
    curl_easy_setopt(c, CURLOPT_URL, d.endpoint.c_str());
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, d.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(d.body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, read_retry_after);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &retry_after);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 15000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for DNS timeouts in a threaded server
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (curl_easy_perform(c) != CURLE_OK) return {};
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    return {static_cast<int>(status), retry_after};
  }

 private:
  CurlGlobal global_;
};

}  // namespace

std::unique_ptr<app::PushTransport> make_curl_push_transport() { return std::make_unique<CurlPushTransport>(); }

}  // namespace muster::transport
