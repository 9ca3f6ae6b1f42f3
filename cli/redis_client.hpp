// A minimal synchronous Redis client for the checks against a real redis-server: one TCP
// connection, one command at a time (no pipelining, as an application's cache-aside client
// sends them), RESP2 replies. Not a general client: it understands the reply types those checks
// get (status, error, integer, bulk string, nil).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cachestorm::cli {

struct RedisReply {
  enum class Kind { kStatus, kError, kInteger, kBulk, kNil } kind;
  std::string text;  // status, error or bulk content
  int64_t integer = 0;
};

class RedisClient {
 public:
  // Connects to host:port. Throws std::runtime_error if it cannot.
  RedisClient(const std::string& host, uint16_t port);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Sends one command and waits for its reply. Throws std::runtime_error on a broken connection.
  RedisReply command(const std::vector<std::string>& words) {
    queue(words);
    flush();
    return read_reply();
  }
  // Pipelining: queue commands, send them at once, then read one reply per command in order.
  void queue(const std::vector<std::string>& words);
  void flush();
  RedisReply read_reply();
  // The value of `field` in INFO `section` (e.g. "memory", "used_memory"); throws if absent.
  std::string info_field(const std::string& section, const std::string& field);

 private:
  void send_all(const std::string& bytes);
  std::string read_line();
  std::string read_exactly(size_t n);

  int socket_ = -1;
  std::string out_;
  std::string buffer_;
  size_t read_at_ = 0;
};

}  // namespace cachestorm::cli
