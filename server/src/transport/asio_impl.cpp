// Separate compilation: Asio's and Beast's implementation is compiled here, once.
#include <utility>

#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
