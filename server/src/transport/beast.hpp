// The one header that brings in Boost.Beast and Asio. Only transport/ includes it.
#pragma once
#include <utility>  // Boost 1.74's Asio needs std::exchange declared first under GCC 12.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace muster::transport {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
}  // namespace muster::transport
