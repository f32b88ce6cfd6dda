// Command-line conventions shared by the project's tools, as a layer in
// front of each tool's own flag parser (which keeps reading `--opt value`):
//   - `--opt=value` is split into `--opt value`;
//   - every option documented in the tool's usage text can also come from
//     an environment variable named after it: PREFIX + the name in upper
//     case with '-' as '_' (`--inventory-size N` <- VI_SANDBOX_INVENTORY_SIZE,
//     the switch `--no-admin` <- VI_SANDBOX_NO_ADMIN=1). An option on the
//     command line wins over its variable;
//   - `--switch=value` for an option that takes no value is a usage error.
// The options are read from the usage text itself (a line that starts with
// two spaces and `--name`; a value when one space and a metavar follow), so
// a flag added to the usage gets its variable with no other change.
#pragma once

#include <unistd.h>  // environ

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vi::cli {

struct FlagSpec {
  std::string name;  // without the leading "--"
  bool takes_value = false;
};

// The options a usage text documents, in its order.
inline std::vector<FlagSpec> FlagsFromUsage(std::string_view usage) {
  std::vector<FlagSpec> flags;
  std::size_t pos = 0;
  while (pos < usage.size()) {
    std::size_t end = usage.find('\n', pos);
    if (end == std::string_view::npos) end = usage.size();
    std::string_view line = usage.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() < 5 || line.substr(0, 4) != "  --") continue;
    std::size_t i = 4;
    while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) != 0 || line[i] == '-')) ++i;
    if (i == 4) continue;
    FlagSpec f{std::string(line.substr(4, i - 4)), false};
    // "--name VALUE    description": one space, then a non-space.
    f.takes_value = i + 1 < line.size() && line[i] == ' ' && line[i + 1] != ' ';
    if (std::none_of(flags.begin(), flags.end(), [&](const FlagSpec& g) { return g.name == f.name; })) {
      flags.push_back(std::move(f));
    }
  }
  return flags;
}

// "inventory-size" -> "VI_SANDBOX_INVENTORY_SIZE" for prefix "VI_SANDBOX_".
inline std::string EnvName(std::string_view prefix, std::string_view flag) {
  std::string name(prefix);
  for (char c : flag) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

struct Normalized {
  std::vector<std::string> args;      // what the tool's parser reads (no argv[0])
  std::vector<std::string> warnings;  // e.g. a variable with the prefix that names no option
  std::optional<std::string> error;   // a usage error (exit 2)
};

// Splits `--opt=value` and adds the options set in the environment that the
// command line does not name (before the command line's arguments). `getenv`
// reads one variable (nullptr: unset); `environ_names` lists every variable
// name in the environment, to warn about one with the prefix that names no
// option. Switches take 1/true/yes/on (set) or 0/false/no/off/empty (not set).
// --help and --version are never read from the environment.
inline Normalized Normalize(const std::vector<std::string>& command_line, const std::vector<FlagSpec>& flags,
                            std::string_view env_prefix,
                            const std::function<const char*(const std::string&)>& getenv,
                            const std::vector<std::string>& environ_names = {}) {
  Normalized out;
  std::vector<std::string> given;  // each argument as the tool's parser will see it
  for (const std::string& a : command_line) {
    std::size_t eq = a.find('=');
    if (a.size() > 2 && a.compare(0, 2, "--") == 0 && eq != std::string::npos && eq > 2) {
      const std::string name = a.substr(2, eq - 2);
      if (std::any_of(flags.begin(), flags.end(),
                      [&](const FlagSpec& f) { return f.name == name && !f.takes_value; })) {
        out.error = "--" + name + " takes no value";
        return out;
      }
      given.push_back(a.substr(0, eq));
      given.push_back(a.substr(eq + 1));
    } else {
      given.push_back(a);
    }
  }
  auto named = [&](const std::string& flag) {
    return std::find(given.begin(), given.end(), "--" + flag) != given.end();
  };
  for (const FlagSpec& f : flags) {
    if (f.name == "help" || f.name == "version") continue;
    const std::string var = EnvName(env_prefix, f.name);
    const char* value = getenv(var);
    if (value == nullptr || named(f.name)) continue;
    std::string v = value;
    if (f.takes_value) {
      out.args.push_back("--" + f.name);
      out.args.push_back(v);
      continue;
    }
    std::string lower = v;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "1" || lower == "true" || lower == "yes" || lower == "on") {
      out.args.push_back("--" + f.name);
    } else if (!(lower.empty() || lower == "0" || lower == "false" || lower == "no" || lower == "off")) {
      out.error = var + " is a switch (1/true/yes/on or 0/false/no/off), got '" + v + "'";
      return out;
    }
  }
  for (const std::string& name : environ_names) {
    if (name.size() <= env_prefix.size() || name.compare(0, env_prefix.size(), env_prefix) != 0) continue;
    bool known = std::any_of(flags.begin(), flags.end(), [&](const FlagSpec& f) {
      return f.name != "help" && f.name != "version" && EnvName(env_prefix, f.name) == name;
    });
    if (!known) out.warnings.push_back(name + " is set but names no option (ignored)");
  }
  out.args.insert(out.args.end(), given.begin(), given.end());
  return out;
}

// Normalize for this process: argv[1..argc) and its environment.
inline Normalized NormalizeProcess(int argc, char** argv, std::string_view usage,
                                   std::string_view env_prefix) {
  std::vector<std::string> names;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry = *e;
    names.emplace_back(entry.substr(0, entry.find('=')));
  }
  return Normalize(
      std::vector<std::string>(argv + 1, argv + argc), FlagsFromUsage(usage), env_prefix,
      [](const std::string& var) { return std::getenv(var.c_str()); }, names);
}

}  // namespace vi::cli
