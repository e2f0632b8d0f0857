// Execution context: see execution_context.h.
#include "engine/pipeline/execution_context.h"

#include <cstdlib>

#include "common/thread_pool.h"

namespace sluice::engine {

ExecutionContext::ExecutionContext(ExecutionOptions options)
    : options_(std::move(options)), threads_(options_.threads ? options_.threads : HardwareConcurrency()) {}

std::string ExecutionContext::TempDirectory() const {
  if (!options_.temp_directory.empty()) return options_.temp_directory;
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

}  // namespace sluice::engine
