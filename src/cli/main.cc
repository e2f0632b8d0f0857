// The `sluice` binary: a server (`sluice serve`) and command-line tools, one subcommand per
// file under commands/.
#include <map>

#include "cli/command.h"
#include "common/allocator.h"

namespace sluice::cli {

namespace {
std::multimap<int, CommandSetup>& Registry() {
  static std::multimap<int, CommandSetup> registry;
  return registry;
}
int g_exit_code = 0;
}  // namespace

CommandRegistration::CommandRegistration(int order, CommandSetup setup) { Registry().emplace(order, std::move(setup)); }

std::vector<CommandSetup> RegisteredCommands() {
  std::vector<CommandSetup> out;
  for (auto& [order, setup] : Registry()) out.push_back(setup);
  return out;
}

void SetExitCode(int code) { g_exit_code = code; }
int ExitCode() { return g_exit_code; }

}  // namespace sluice::cli

int main(int argc, char** argv) {
  sluice::TuneAllocatorForBatches();
  CLI::App app{
      "Sluice: a self-hosted data-lake ETL platform. One binary serves S3, the Glue Data Catalog, crawlers, "
      "visual ETL jobs and Step Functions state machines, compatible with the AWS CLI, boto3 and the AWS SDKs."};
  app.set_version_flag("--version", SLUICE_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'sluice <command> --help' for the options of a command.");
  for (const auto& setup : sluice::cli::RegisteredCommands()) setup(app);
  CLI11_PARSE(app, argc, argv);
  return sluice::cli::ExitCode();
}
