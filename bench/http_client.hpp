// A synchronous HTTP/1.1 client over one keep-alive connection, shared by the benchmarks for
// seeding and for measuring request latency. Include after the Boost and nlohmann headers.
#pragma once
#include <utility>  // Boost 1.74's Asio needs std::exchange declared first under GCC 12.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace bench {

struct Response {
  unsigned status = 0;
  std::string body;
  std::string set_cookie;
  nlohmann::json parsed() const {
    auto j = nlohmann::json::parse(body, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
  }
};

class HttpClient {
 public:
  HttpClient(std::string host, unsigned short port, std::string user_agent = "muster-bench/1")
      : host_(std::move(host)), port_(port), user_agent_(std::move(user_agent)), socket_(ioc_) {}

  // A body without a content type is sent as JSON.
  Response send(boost::beast::http::verb verb, const std::string& target, const std::string& body = "",
                const std::string& content_type = "", const std::string& token = "") {
    namespace http = boost::beast::http;
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, host_ + ":" + std::to_string(port_));
    req.set(http::field::user_agent, user_agent_);
    req.set(http::field::accept, "application/json");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (!body.empty()) req.set(http::field::content_type, content_type.empty() ? "application/json" : content_type);
    req.keep_alive(true);
    if (!body.empty() || verb == http::verb::post) {
      req.body() = body;
      req.prepare_payload();
    }
    // A reused connection may have been closed by the server while idle: reconnect once.
    for (int attempt = 0;; ++attempt) {
      bool fresh = !connected_;
      if (!connected_) connect();
      boost::beast::error_code ec, write_ec;
      http::write(socket_, req, write_ec);
      http::response_parser<http::string_body> parser;
      parser.body_limit(256ull * 1024 * 1024);
      // A server may answer (e.g. 413) and close before it has read the whole body: the write then
      // fails, but the answer may still be readable.
      http::read(socket_, buffer_, parser, ec);
      if (ec && write_ec) ec = write_ec;
      if (ec) {
        close();
        if (!fresh && attempt == 0) {
          ++reconnects_;
          continue;
        }
        throw std::runtime_error("HTTP " + std::string(http::to_string(verb)) + " " + target.substr(0, 80) +
                                 " failed: " + ec.message());
      }
      auto res = parser.release();
      Response out{res.result_int(), std::move(res.body()), ""};
      if (auto it = res.find(http::field::set_cookie); it != res.end()) out.set_cookie = std::string(it->value());
      if (!res.keep_alive()) {
        close();
        ++server_closes_;
      }
      return out;
    }
  }

  int reconnects() const { return reconnects_; }
  int server_closes() const { return server_closes_; }

 private:
  using tcp = boost::asio::ip::tcp;

  void connect() {
    socket_ = tcp::socket(ioc_);
    socket_.connect(tcp::endpoint(boost::asio::ip::make_address(host_), port_));
    socket_.set_option(tcp::no_delay(true));
    buffer_.clear();
    connected_ = true;
  }
  void close() {
    boost::beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    connected_ = false;
  }

  std::string host_;
  unsigned short port_;
  std::string user_agent_;
  boost::asio::io_context ioc_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
  int reconnects_ = 0;
  int server_closes_ = 0;
};

}  // namespace bench
