// The directory: search, profiles, facets; and the admin's people management, import and export.
#include "domain/text/arabic.hpp"
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

// ?x=&y=&side= (all three, whole numbers) or none: the centered square.
Result<std::optional<domain::Square>> crop_params(const Request& req) {
  ASSIGN_OR_RETURN(auto x, number_param(req, "x", "a whole number of pixels"));
  ASSIGN_OR_RETURN(auto y, number_param(req, "y", "a whole number of pixels"));
  ASSIGN_OR_RETURN(auto side, number_param(req, "side", "a whole number of pixels"));
  if (!x && !y && !side) return std::optional<domain::Square>{};
  constexpr std::int64_t kMax = 1'000'000;
  if (!x || !y || !side || *side < 1 || *x > kMax || *y > kMax || *side > kMax)
    return invalid("Give the crop as x, y and side, in pixels (side at least 1).", "side");
  return std::optional<domain::Square>{domain::Square{static_cast<int>(*x), static_cast<int>(*y), static_cast<int>(*side)}};
}

Response photo_response(app::PeopleService& people, Request& req, const app::Actor& actor) {
  std::string version = req.query_value("v");
  std::string size = req.query_value("size");
  if (!size.empty() && size != "small" && size != "large")
    return error_response(invalid("Size must be 'small' or 'large'.", "size"));
  bool current = version.empty();  // without ?v=, whatever the photo is now (not cached for long)
  if (current) {
    auto person = people.get(actor, req.params["id"]);
    RETURN_IF_ERROR(person);
    version = person->person.photo_version;
    if (version.empty()) return error_response(not_found("No such photo."));
  }
  auto bytes = people.photo(actor, req.params["id"], version,
                            size == "small" ? store::PhotoSize::Small : store::PhotoSize::Large);
  RETURN_IF_ERROR(bytes);
  Response r;
  r.content_type = "image/jpeg";
  r.body = std::move(bytes).value();
  // A version's bytes never change, so the browser keeps them; privately, as everything signed in.
  r.headers.push_back({"Cache-Control", current ? "private, no-cache" : "private, max-age=31536000, immutable"});
  return r;
}

Response photo_changed(const Result<app::PersonView>& person) {
  RETURN_IF_ERROR(person);
  return json_response(200, {{"person", person_json(person.value())}});
}

Json page_json(const app::PeoplePage& page) {
  Json items = Json::array();
  for (const auto& v : page.items) items.push_back(person_json(v));
  return {{"items", items}, {"next_cursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}};
}

}  // namespace

void register_people_routes(Router& router, Services& s) {
  router.add("GET", "/api/v1/people", Access::SignedIn, Body::None, [&s](Request& req, const app::Actor* actor) {
    auto limit = limit_param(req);
    RETURN_IF_ERROR(limit);
    app::PeopleFilter filter;
    filter.q = req.query_value("q");
    filter.department = req.query_value("department");
    filter.location = req.query_value("location");
    filter.tag = req.query_value("tag");
    if (req.query.count("status")) filter.status = req.query_value("status");
    filter.limit = limit.value();
    filter.cursor = req.query_value("cursor");
    if (filter.q.size() > 500) return error_response(invalid("The search is too long.", "q"));
    auto page = s.people.list(*actor, filter);
    RETURN_IF_ERROR(page);
    return json_response(200, page_json(page.value()));
  });

  router.add("GET", "/api/v1/people/export", Access::SignedIn, Body::None,
             [&s](Request&, const app::Actor* actor) {
               auto csv = s.people.export_csv(*actor);
               RETURN_IF_ERROR(csv);
               Response r;
               r.content_type = "text/csv; charset=utf-8";
               r.headers.push_back({"Content-Disposition", "attachment; filename=\"muster-directory.csv\""});
               r.headers.push_back({"Cache-Control", "no-store"});
               r.body = std::move(csv).value();
               return r;
             });

  router.add("GET", "/api/v1/people/photos", Access::SignedIn, Body::None, [&s](Request&, const app::Actor* actor) {
    auto versions = s.people.photo_versions(*actor);
    RETURN_IF_ERROR(versions);
    Json photos = Json::object();
    for (const auto& [id, version] : versions.value()) photos[id] = version;
    return json_response(200, {{"photos", photos}});
  });

  router.add("GET", "/api/v1/people/{id}/photo", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* actor) { return photo_response(s.people, req, *actor); });

  // One's own photo, and (admins) anyone's: the body is the image's bytes.
  router.add("PUT", "/api/v1/me/photo", Access::SignedIn, Body::Binary, [&s](Request& req, const app::Actor* actor) {
    auto crop = crop_params(req);
    RETURN_IF_ERROR(crop);
    return photo_changed(s.people.set_photo(*actor, actor->person.id, req.body, crop.value()));
  });
  router.add("DELETE", "/api/v1/me/photo", Access::SignedIn, Body::None, [&s](Request&, const app::Actor* actor) {
    return photo_changed(s.people.remove_photo(*actor, actor->person.id));
  });
  router.add("PUT", "/api/v1/people/{id}/photo", Access::SignedIn, Body::Binary,
             [&s](Request& req, const app::Actor* actor) {
               auto crop = crop_params(req);
               RETURN_IF_ERROR(crop);
               return photo_changed(s.people.set_photo(*actor, req.params["id"], req.body, crop.value()));
             });
  router.add("DELETE", "/api/v1/people/{id}/photo", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* actor) {
               return photo_changed(s.people.remove_photo(*actor, req.params["id"]));
             });

  router.add("GET", "/api/v1/people/{id}", Access::SignedIn, Body::None, [&s](Request& req, const app::Actor* actor) {
    auto person = s.people.get(*actor, req.params["id"]);
    RETURN_IF_ERROR(person);
    return json_response(200, person_json(person.value()));
  });

  router.add("GET", "/api/v1/directory/facets", Access::SignedIn, Body::None,
             [&s](Request&, const app::Actor* actor) {
               auto facets = s.people.facets(*actor);
               RETURN_IF_ERROR(facets);
               auto list = [](const std::vector<store::Facet>& fs) {
                 Json out = Json::array();
                 for (const auto& f : fs) out.push_back({{"name", f.name}, {"count", f.count}});
                 return out;
               };
               return json_response(200, {{"departments", list(facets->departments)},
                                          {"locations", list(facets->locations)}});
             });

  router.add("POST", "/api/v1/people", Access::SignedIn, Body::Json, [&s](Request& req, const app::Actor* actor) {
    PARSE_BODY(body, req);
    auto patch = read_person_patch(body);
    RETURN_IF_ERROR(patch);
    auto base = base_url(s, req);  // before creating: a link nobody can open is no invitation
    RETURN_IF_ERROR(base);
    auto created = s.people.create(*actor, patch.value());
    RETURN_IF_ERROR(created);
    return json_response(201, {{"person", person_json(created->person)},
                               {"invitation", invitation_json(created->invitation, base.value())}});
  });

  router.add("PATCH", "/api/v1/people/{id}", Access::SignedIn, Body::Json,
             [&s](Request& req, const app::Actor* actor) {
               PARSE_BODY(body, req);
               auto patch = read_person_patch(body);
               RETURN_IF_ERROR(patch);
               auto person = s.people.update(*actor, req.params["id"], patch.value());
               RETURN_IF_ERROR(person);
               return json_response(200, {{"person", person_json(person.value())}});
             });

  router.add("POST", "/api/v1/people/{id}/deactivate", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* actor) {
               auto person = s.people.deactivate(*actor, req.params["id"]);
               RETURN_IF_ERROR(person);
               return json_response(200, {{"person", person_json(person.value())}});
             });

  router.add("POST", "/api/v1/people/{id}/reactivate", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* actor) {
               auto person = s.people.reactivate(*actor, req.params["id"]);
               RETURN_IF_ERROR(person);
               return json_response(200, {{"person", person_json(person.value())}});
             });

  router.add("POST", "/api/v1/people/{id}/invitation", Access::SignedIn, Body::None,
             [&s](Request& req, const app::Actor* actor) {
               auto base = base_url(s, req);
               RETURN_IF_ERROR(base);
               auto link = s.people.new_invitation(*actor, req.params["id"]);
               RETURN_IF_ERROR(link);
               return json_response(201, {{"invitation", invitation_json(link.value(), base.value())}});
             });

  router.add("POST", "/api/v1/people/import", Access::SignedIn, Body::Csv,
             [&s](Request& req, const app::Actor* actor) {
               std::string mode = req.query_value("mode");
               if (mode != "dry-run" && mode != "apply")
                 return error_response(invalid("Mode must be 'dry-run' or 'apply'.", "mode"));
               if (!domain::is_valid_utf8(req.body))
                 return error_response(invalid("The file is not valid UTF-8. Save it as \"CSV UTF-8\" and try again."));
               auto report = s.people.import_csv(*actor, req.body, mode == "apply");
               RETURN_IF_ERROR(report);
               bool failed_apply = report->apply && !report->errors.empty();
               return json_response(failed_apply ? 400 : 200, import_report_json(report.value()));
             });
}

}  // namespace muster::transport::http_api
