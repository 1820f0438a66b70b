// Expected failures as values: every domain, store and app call returns Result<T>.
#pragma once
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace muster {

enum class ErrorCode {
  InvalidArgument,
  Unauthenticated,
  PermissionDenied,
  CsrfFailed,
  NotFound,
  MethodNotAllowed,
  Conflict,
  Gone,
  PayloadTooLarge,
  UnsupportedMediaType,
  RateLimited,
  SetupRequired,
  Unavailable,
  Internal,
  // Session policies and passwords (docs/security.md): a password on the common-passwords list; a
  // session ended with "end and erase" (the device must erase what it keeps).
  PasswordTooCommon,
  SessionErased,
};

// What went wrong, for people and programs: `message` is English for API clients and logs;
// `reason` (a stable snake_case word, such as "field_required") and its `params` let an app say the
// same in its reader's language (docs/api/contract.md lists the reasons).
struct Error {
  using Params = std::vector<std::pair<std::string, std::string>>;
  Error() = default;
  Error(ErrorCode c, std::string m = {}, std::string f = {}) : code(c), message(std::move(m)), field(std::move(f)) {}

  // invalid("Name is required.", "name").because("name_required")
  Error because(std::string why, Params with = {}) && {
    reason = std::move(why);
    params = std::move(with);
    return std::move(*this);
  }

  ErrorCode code = ErrorCode::Internal;
  std::string message;
  std::string field;            // the input field at fault, when there is one
  int retry_after_seconds = 0;  // for RateLimited
  std::string reason;           // empty: the code says it all
  Params params;
};

inline Error invalid(std::string message, std::string field = {}) {
  return {ErrorCode::InvalidArgument, std::move(message), std::move(field)};
}
inline Error not_found(std::string message) { return {ErrorCode::NotFound, std::move(message)}; }
inline Error denied(std::string message) { return {ErrorCode::PermissionDenied, std::move(message)}; }
inline Error conflict(std::string message, std::string field = {}) {
  return {ErrorCode::Conflict, std::move(message), std::move(field)};
}
inline Error internal_error(std::string message) { return {ErrorCode::Internal, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace muster

// Propagate an error in one line: TRY(status_expr); ASSIGN_OR_RETURN(auto x, result_expr).
#define MUSTER_CONCAT_INNER(a, b) a##b
#define MUSTER_CONCAT(a, b) MUSTER_CONCAT_INNER(a, b)
#define TRY(expr)                                        \
  do {                                                   \
    auto muster_try_ = (expr);                           \
    if (!muster_try_.ok()) return muster_try_.error();   \
  } while (0)
#define ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.error();           \
  decl = std::move(tmp).value()
#define ASSIGN_OR_RETURN(decl, expr) ASSIGN_OR_RETURN_IMPL(MUSTER_CONCAT(muster_r_, __LINE__), decl, expr)
