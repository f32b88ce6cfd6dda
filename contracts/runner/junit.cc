#include "contracts/runner/junit.h"

#include <fstream>

namespace vi::contracts {
namespace {

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

bool WriteJUnit(const std::string& file, const std::vector<CaseReport>& cases) {
  int failures = 0, skipped = 0;
  double total = 0;
  for (const CaseReport& c : cases) {
    failures += c.outcome.verdict == Verdict::kFail;
    skipped += c.outcome.verdict == Verdict::kSkip;
    total += c.outcome.seconds;
  }
  std::ofstream out(file, std::ios::binary);
  if (!out) return false;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites><testsuite name=\"vi-contracts\" tests=\"" << cases.size() << "\" failures=\""
      << failures << "\" errors=\"0\" skipped=\"" << skipped << "\" time=\"" << total << "\">\n";
  for (const CaseReport& c : cases) {
    out << "  <testcase classname=\"vi-contracts." << Escape(c.klass) << "\" name=\"" << Escape(c.name)
        << "\" time=\"" << c.outcome.seconds << "\">";
    if (c.outcome.verdict == Verdict::kFail) {
      std::string first = c.outcome.message.substr(0, c.outcome.message.find('\n'));
      out << "<failure message=\"" << Escape(first) << "\">" << Escape(c.outcome.message) << "</failure>";
    } else if (c.outcome.verdict == Verdict::kSkip) {
      out << "<skipped message=\"" << Escape(c.outcome.message) << "\"/>";
    }
    out << "</testcase>\n";
  }
  out << "</testsuite></testsuites>\n";
  return static_cast<bool>(out);
}

}  // namespace vi::contracts
