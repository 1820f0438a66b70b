// Attachments: upload (raw bytes), download, thumbnail, voice copy.
#include "app/attachment_service.hpp"
#include "domain/attachment.hpp"
#include "transport/http/api.hpp"
#include "transport/http/byte_range.hpp"
#include "transport/http/security_headers.hpp"

namespace muster::transport::http_api {

namespace {

Response file_response(const app::FileDownload& d, std::string_view download_name, std::string_view range_header) {
  Response r;
  r.status = 200;
  r.content_type = d.content_type;
  ByteRange range;
  switch (answer_range(range_header, d.bytes.size(), range)) {
    case RangeAnswer::Whole:
      r.body = d.bytes;
      break;
    case RangeAnswer::Part:
      r.status = 206;
      r.body = d.bytes.substr(range.first, range.last - range.first + 1);
      r.headers.push_back({"Content-Range", "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) +
                                                "/" + std::to_string(d.bytes.size())});
      break;
    case RangeAnswer::Unsatisfiable:
      r.status = 416;
      r.content_type = "text/plain; charset=utf-8";
      r.headers.push_back({"Content-Range", "bytes */" + std::to_string(d.bytes.size())});
      break;
  }
  r.headers.push_back({"Accept-Ranges", "bytes"});
  r.headers.push_back({"Content-Disposition", domain::content_disposition(download_name, d.inline_display)});
  // Access can end (a member leaves, the message is deleted): cache privately and not for long.
  r.headers.push_back({"Cache-Control", "private, max-age=3600"});
  // Even opened directly, a file runs no script and loads nothing.
  r.headers.push_back({"Content-Security-Policy", std::string(kAttachmentContentSecurityPolicy)});
  return r;
}

}  // namespace

void register_attachment_routes(Router& router, Services& s) {
  auto& attachments = s.attachments;
  router.set_upload_limit(attachments.max_upload());

  router.add("POST", "/api/v1/attachments", Access::SignedIn, Body::Binary,
             [&attachments](Request& req, const app::Actor* a) {
               if (req.query.find("name") == req.query.end())
                 return error_response(invalid("Give the file name: ?name=<file name>.", "name"));
               auto uploaded = attachments.upload(*a, req.query_value("name"), req.body);
               RETURN_IF_ERROR(uploaded);
               return json_response(201, app::AttachmentService::attachment_json(uploaded.value()));
             });

  router.add("GET", "/api/v1/attachments/{id}", Access::SignedIn, Body::None,
             [&attachments](Request& req, const app::Actor* a) {
               auto file = attachments.download(*a, req.params["id"]);
               RETURN_IF_ERROR(file);
               return file_response(file.value(), file->attachment.name, req.header("range"));
             });

  router.add("GET", "/api/v1/attachments/{id}/thumbnail", Access::SignedIn, Body::None,
             [&attachments](Request& req, const app::Actor* a) {
               auto file = attachments.thumbnail(*a, req.params["id"]);
               RETURN_IF_ERROR(file);
               return file_response(file.value(), "thumbnail-" + file->attachment.name, req.header("range"));
             });

  router.add("GET", "/api/v1/attachments/{id}/voice-copy", Access::SignedIn, Body::None,
             [&attachments](Request& req, const app::Actor* a) {
               auto file = attachments.voice_copy(*a, req.params["id"]);
               RETURN_IF_ERROR(file);
               const auto& name = file->attachment.name;
               return file_response(file.value(), name.substr(0, name.rfind('.')) + ".mp3", req.header("range"));
             });
}

}  // namespace muster::transport::http_api
