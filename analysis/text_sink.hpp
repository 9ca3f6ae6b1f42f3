// Where long text output goes piece by piece (a time series of many windows), so it is written to
// its file as it is made and never held in memory whole. A sink may throw (a full disk).
#pragma once
#include <functional>
#include <string_view>

namespace cachestorm::analysis {

using TextSink = std::function<void(std::string_view)>;
// Something that writes a file's content into a sink.
using TextProducer = std::function<void(const TextSink&)>;

}  // namespace cachestorm::analysis
