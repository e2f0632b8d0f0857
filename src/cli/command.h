// Subcommands of the `sluice` binary register themselves here: each commands/<name>.cc holds
// one subcommand (its flags, help and action) and a static CommandRegistration, so adding a
// subcommand touches no other file.
//
// Thread safety: registration happens during static initialisation; everything else runs on
// the main thread.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace sluice::cli {

// Adds one subcommand (with its callback) to the application.
using CommandSetup = std::function<void(CLI::App& app)>;

struct CommandRegistration {
  // `order` sorts subcommands in --help.
  CommandRegistration(int order, CommandSetup setup);
};

// Every registered setup, in order.
std::vector<CommandSetup> RegisteredCommands();

// The process exit code a subcommand's callback chose (0 unless set).
void SetExitCode(int code);
int ExitCode();

}  // namespace sluice::cli
