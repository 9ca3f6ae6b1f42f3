// Name -> factory registry for every scenario block that has several implementations ("type").
//
// A new implementation registers itself from its own file with CACHESTORM_REGISTER, so adding one
// never edits a dispatch chain. Registries are function-local statics (no init-order fiasco); the
// libraries holding registrations are CMake OBJECT libraries, so the linker keeps them.
// Not a plug-in loader: everything is compiled in.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cachestorm::sim {

class ConfigReader;

template <class Base>
class Registry {
 public:
  // Builds an object from its block; reads its own keys through the reader and throws ConfigError.
  using Factory = std::function<std::unique_ptr<Base>(ConfigReader&)>;

  static Registry& instance() {
    static Registry registry;
    return registry;
  }
  // Adds a name; returns true so it can initialise a static. REQUIRES: name not yet registered.
  bool add(std::string name, Factory factory) {
    return factories_.emplace(std::move(name), std::move(factory)).second;
  }
  // nullptr when the name is unknown.
  const Factory* find(std::string_view name) const {
    auto it = factories_.find(name);
    return it == factories_.end() ? nullptr : &it->second;
  }
  // Registered names in sorted order (for error messages and --help).
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : factories_) out.push_back(entry.first);
    return out;
  }

 private:
  std::map<std::string, Factory, std::less<>> factories_;
};

}  // namespace cachestorm::sim

#define CACHESTORM_CONCAT_INNER(a, b) a##b
#define CACHESTORM_CONCAT(a, b) CACHESTORM_CONCAT_INNER(a, b)
// Registers `factory` under `name` in Registry<Base>; use at namespace scope in the implementation file.
#define CACHESTORM_REGISTER(Base, name, factory)                                     \
  static const bool CACHESTORM_CONCAT(cachestorm_registered_, __LINE__) [[maybe_unused]] = \
      ::cachestorm::sim::Registry<Base>::instance().add(name, factory)
