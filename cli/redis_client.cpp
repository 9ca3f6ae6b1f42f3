#include "cli/redis_client.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace cachestorm::cli {

RedisClient::RedisClient(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || found == nullptr)
    throw std::runtime_error("cannot resolve " + host);
  socket_ = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  const bool connected = socket_ >= 0 && ::connect(socket_, found->ai_addr, found->ai_addrlen) == 0;
  freeaddrinfo(found);
  if (!connected) throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port));
  const int on = 1;
  setsockopt(socket_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

RedisClient::~RedisClient() {
  if (socket_ >= 0) ::close(socket_);
}

void RedisClient::send_all(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(socket_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("connection to redis-server lost while sending");
    sent += static_cast<size_t>(n);
  }
}

std::string RedisClient::read_line() {
  for (;;) {
    const size_t end = buffer_.find("\r\n", read_at_);
    if (end != std::string::npos) {
      std::string line = buffer_.substr(read_at_, end - read_at_);
      read_at_ = end + 2;
      return line;
    }
    if (read_at_ > 0) {
      buffer_.erase(0, read_at_);
      read_at_ = 0;
    }
    char chunk[65536];
    const ssize_t n = ::recv(socket_, chunk, sizeof chunk, 0);
    if (n <= 0) throw std::runtime_error("connection to redis-server lost while reading");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

std::string RedisClient::read_exactly(size_t n) {
  while (buffer_.size() - read_at_ < n + 2) {
    char chunk[65536];
    const ssize_t got = ::recv(socket_, chunk, sizeof chunk, 0);
    if (got <= 0) throw std::runtime_error("connection to redis-server lost while reading");
    buffer_.append(chunk, static_cast<size_t>(got));
  }
  std::string data = buffer_.substr(read_at_, n);
  read_at_ += n + 2;  // the data and its CRLF
  return data;
}

void RedisClient::queue(const std::vector<std::string>& words) {
  out_ += "*" + std::to_string(words.size()) + "\r\n";
  for (const auto& word : words) {
    out_ += "$" + std::to_string(word.size()) + "\r\n";
    out_ += word;
    out_ += "\r\n";
  }
}

void RedisClient::flush() {
  send_all(out_);
  out_.clear();
}

RedisReply RedisClient::read_reply() {
  const std::string line = read_line();
  if (line.empty()) throw std::runtime_error("empty reply from redis-server");
  const std::string rest = line.substr(1);
  switch (line[0]) {
    case '+': return {RedisReply::Kind::kStatus, rest};
    case '-': return {RedisReply::Kind::kError, rest};
    case ':': return {RedisReply::Kind::kInteger, rest, std::stoll(rest)};
    case '$': {
      const long long size = std::stoll(rest);
      if (size < 0) return {RedisReply::Kind::kNil, ""};
      return {RedisReply::Kind::kBulk, read_exactly(static_cast<size_t>(size))};
    }
    default: throw std::runtime_error("unexpected reply from redis-server: " + line);
  }
}

std::string RedisClient::info_field(const std::string& section, const std::string& field) {
  const RedisReply reply = command({"INFO", section});
  const std::string key = field + ":";
  size_t at = reply.text.find("\n" + key);
  if (at == std::string::npos) {
    if (reply.text.compare(0, key.size(), key) != 0) throw std::runtime_error("INFO has no " + field);
    at = 0;
  } else {
    ++at;
  }
  const size_t end = reply.text.find('\r', at);
  return reply.text.substr(at + key.size(), end - at - key.size());
}

}  // namespace cachestorm::cli
