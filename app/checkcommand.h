// `gateway-wizard check`: the setup check on the command line, for support staff and scripts.
// Runs on a QCoreApplication (no display needed); see --help and the README for the options,
// the output formats and the exit codes.
#pragma once

// Exit statuses of `gateway-wizard check`.
namespace CheckExit {
constexpr int Ok = 0;        // nothing above info
constexpr int Problems = 1;  // warnings or errors found
constexpr int Unchecked = 2; // could not check (network, token, keychain)
constexpr int Usage = 64;    // bad usage (EX_USAGE)
} // namespace CheckExit

// argv[1] is "check". Creates its own QCoreApplication; returns the exit status.
int runCheckCommand(int argc, char *argv[]);
