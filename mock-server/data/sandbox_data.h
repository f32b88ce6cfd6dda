// Loading the emulator's data: the coverage, pinned numbers, accounts, port
// orders and non-portable list, from the embedded fixtures or from files a
// user names. This is the only place that knows the fixture file formats
// (fixtures/README.md).
#ifndef VI_MOCK_SERVER_DATA_SANDBOX_DATA_H_
#define VI_MOCK_SERVER_DATA_SANDBOX_DATA_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "mock-server/core/account.h"
#include "mock-server/core/inventory.h"
#include "mock-server/core/port_order.h"
#include "mock-server/core/sandbox.h"

namespace vi::data {

struct DataOptions {
  core::InventoryOptions inventory;
  // False when inventory.size is the default: with a custom coverage the
  // inventory is then at most what the coverage holds (10,000 per exchange).
  bool inventory_size_given = false;
  std::optional<std::string> accounts_path;      // replaces fixtures/accounts.json
  std::optional<std::string> ports_path;         // replaces fixtures/ports.json
  std::optional<std::string> rate_centers_path;  // replaces fixtures/rate_centers.tsv
  std::optional<std::string>
      pinned_numbers_path;  // replaces fixtures/pinned_numbers.tsv; "none": no pinned numbers
};

// Builds everything a Sandbox needs. Fails with a message naming the file
// and what is wrong in it.
Result<core::SandboxData, std::string> LoadSandboxData(const DataOptions& options);

// The parsers, one per fixture format. Each fails with a message that names
// the offending entry. Dates (ports) must lie in [model::kMinTime,
// model::kMaxTime]; one outside is an error naming that range.
Result<std::vector<core::Account>, std::string> ParseAccounts(std::string_view json);
Result<std::vector<core::PortOrder>, std::string> ParsePorts(std::string_view json);
Result<std::vector<core::PinnedNumber>, std::string> ParsePinnedNumbers(std::string_view tsv);
Result<std::vector<core::Tn>, std::string> ParseNonPortable(std::string_view text);

}  // namespace vi::data

#endif  // VI_MOCK_SERVER_DATA_SANDBOX_DATA_H_
