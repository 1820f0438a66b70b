// Separate compilation of Asio's SSL parts, kept out of asio_impl.cpp so only the binary links OpenSSL.
#include <utility>

#include <boost/asio/ssl/impl/src.hpp>
