#include "mock-server/http/request_head.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace vi::http {
namespace {

HeadLimits SmallLimits() {
  HeadLimits limits;
  limits.max_line_bytes = 64;
  limits.max_header_count = 3;
  limits.payload_max_length = 100;
  return limits;
}

int RejectionStatus(std::string_view head) {
  const auto result = ParseRequestHead(head, SmallLimits());
  return result ? 0 : result.error().status;
}

TEST_CASE("FindRequestHeadEnd stops after the empty line", "[http][head]") {
  const std::string head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  CHECK(FindRequestHeadEnd(head + "BODY") == head.size());
  CHECK(FindRequestHeadEnd("GET / HTTP/1.1\r\nHost: a\r\n") == kHeadIncomplete);
  CHECK(FindRequestHeadEnd("GET / HTT") == kHeadIncomplete);
}

TEST_CASE("FindRequestHeadEnd resumes a scan from any offset", "[http][head]") {
  const std::string head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  for (std::size_t from = 0; from <= head.size() - 1; ++from) {
    CHECK(FindRequestHeadEnd(head, from) == head.size());
  }
}

TEST_CASE("FindRequestHeadEnd ends the head at a bare LF", "[http][head]") {
  CHECK(FindRequestHeadEnd("GET / HTTP/1.1\nHost: a\n\n") == 15);
}

TEST_CASE("ParseRequestHead returns method, target, version and length", "[http][head]") {
  const auto head =
      ParseRequestHead("POST /svc?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 42\r\n\r\n", SmallLimits());
  REQUIRE(head);
  CHECK(head->method == "POST");
  CHECK(head->target == "/svc?x=1");
  CHECK(head->version == "HTTP/1.1");
  CHECK(head->has_content_length);
  CHECK(head->content_length == 42);
}

TEST_CASE("ParseRequestHead lists the fields sent with an empty value", "[http][head]") {
  const auto head = ParseRequestHead("GET / HTTP/1.1\r\nSOAPAction:\r\nX: 1\r\nY:  \r\n\r\n", SmallLimits());
  REQUIRE(head);
  CHECK(head->empty_fields == std::vector<std::string>{"SOAPAction", "Y"});
}

TEST_CASE("ParseRequestHead accepts a GET without Content-Length", "[http][head]") {
  const auto head = ParseRequestHead("GET / HTTP/1.0\r\n\r\n", SmallLimits());
  REQUIRE(head);
  CHECK_FALSE(head->has_content_length);
  CHECK(head->content_length == 0);
}

TEST_CASE("ParseRequestHead accepts identical duplicate Content-Length", "[http][head]") {
  CHECK(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 5\r\n"
                        "content-length: 5\r\n\r\n") == 0);
}

TEST_CASE("ParseRequestHead rejects framing it cannot trust", "[http][head]") {
  SECTION("Transfer-Encoding alone is not implemented") {
    CHECK(RejectionStatus("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                          "\r\n") == 501);
  }
  SECTION("Transfer-Encoding with Content-Length is ambiguous") {
    CHECK(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 3\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n") == 400);
  }
  SECTION("any Content-Encoding is unsupported") {
    CHECK(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 3\r\n"
                          "Content-Encoding: gzip\r\n\r\n") == 415);
  }
  SECTION("POST, PUT and PATCH need a length") {
    CHECK(RejectionStatus("POST / HTTP/1.1\r\n\r\n") == 411);
    CHECK(RejectionStatus("PUT / HTTP/1.1\r\n\r\n") == 411);
    CHECK(RejectionStatus("PATCH / HTTP/1.1\r\n\r\n") == 411);
    CHECK(RejectionStatus("DELETE / HTTP/1.1\r\n\r\n") == 0);
  }
  SECTION("under bodiless_ok_path a POST without a length has no body") {
    HeadLimits limits = SmallLimits();
    limits.bodiless_ok_path = "/_admin";
    for (const char* target : {"/_admin", "/_admin/reset", "/_admin?x=1"}) {
      CAPTURE(target);
      auto head = ParseRequestHead(std::string("POST ") + target + " HTTP/1.1\r\n\r\n", limits);
      REQUIRE(head);
      CHECK(head->content_length == 0);
    }
    for (const char* target : {"/_adminx", "/", "/VOIP/Services/APIService.asmx"}) {
      CAPTURE(target);
      auto head = ParseRequestHead(std::string("POST ") + target + " HTTP/1.1\r\n\r\n", limits);
      REQUIRE(!head);
      CHECK(head.error().status == 411);
    }
  }
  SECTION("Content-Length must be plain decimal digits") {
    for (const char* bad : {"abc", "-1", "+5", "5 5", "0x10", "%35", "", "99999999999999999999"}) {
      CAPTURE(bad);
      CHECK(RejectionStatus(std::string("POST / HTTP/1.1\r\nContent-Length: ") + bad + "\r\n\r\n") == 400);
    }
  }
  SECTION("differing Content-Length values conflict") {
    CHECK(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 5\r\n"
                          "Content-Length: 6\r\n\r\n") == 400);
  }
  SECTION("a body over the limit is refused, with 417 if it was announced") {
    CHECK(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n") == 413);
    CHECK(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 101\r\n"
                          "Expect: 100-continue\r\n\r\n") == 417);
    CHECK(RejectionStatus("POST / HTTP/1.1\r\nContent-Length: 100\r\n"
                          "Expect: 100-continue\r\n\r\n") == 0);
  }
  SECTION("unknown expectations are refused") {
    CHECK(RejectionStatus("GET / HTTP/1.1\r\nExpect: teapot\r\n\r\n") == 417);
  }
}

TEST_CASE("ParseRequestHead rejects malformed heads", "[http][head]") {
  SECTION("bare LF line endings") { CHECK(RejectionStatus("GET / HTTP/1.1\n\n") == 400); }
  SECTION("request lines that are not METHOD SP TARGET SP VERSION") {
    CHECK(RejectionStatus("GET /\r\n\r\n") == 400);
    CHECK(RejectionStatus("GET  / HTTP/1.1\r\n\r\n") == 400);
    CHECK(RejectionStatus("GET / HTTP/1.1 x\r\n\r\n") == 400);
    CHECK(RejectionStatus("G(T / HTTP/1.1\r\n\r\n") == 400);
    CHECK(RejectionStatus("\r\n\r\n") == 400);
  }
  SECTION("methods httplib does not parse, which are case-sensitive") {
    CHECK(RejectionStatus("FOO / HTTP/1.1\r\n\r\n") == 400);
    CHECK(RejectionStatus("post / HTTP/1.1\r\nContent-Length: 0\r\n\r\n") == 400);
    CHECK(RejectionStatus("Get / HTTP/1.1\r\n\r\n") == 400);
    for (const char* method : {"GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PRI"}) {
      CHECK(RejectionStatus(std::string(method) + " / HTTP/1.1\r\n\r\n") == 0);
    }
  }
  SECTION("other HTTP versions") {
    CHECK(RejectionStatus("GET / HTTP/2.0\r\n\r\n") == 505);
    CHECK(RejectionStatus("GET / HTTP/0.9\r\n\r\n") == 505);
  }
  SECTION("header lines") {
    CHECK(RejectionStatus("GET / HTTP/1.1\r\nNoColon\r\n\r\n") == 400);
    CHECK(RejectionStatus("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n") == 400);
    CHECK(RejectionStatus("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n") == 400);
    CHECK(RejectionStatus("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n") == 400);
    const char with_nul[] = "GET / HTTP/1.1\r\nA: b\0c\r\n\r\n";
    CHECK(RejectionStatus(std::string_view(with_nul, sizeof(with_nul) - 1)) == 400);
  }
  SECTION("percent-encoded control characters that httplib would decode") {
    CHECK(RejectionStatus("GET / HTTP/1.1\r\nSOAPAction: \"x%0D%0AInjected: 1\""
                          "\r\n\r\n") == 400);
    CHECK(RejectionStatus("GET / HTTP/1.1\r\nA: %u000a\r\n\r\n") == 400);
    CHECK(RejectionStatus("GET / HTTP/1.1\r\nA: 100%25 %41\r\n\r\n") == 0);
  }
}

TEST_CASE("ParseRequestHead enforces line and count limits", "[http][head]") {
  const std::string long_target(80, 'a');
  CHECK(RejectionStatus("GET /" + long_target + " HTTP/1.1\r\n\r\n") == 414);
  CHECK(RejectionStatus("GET / HTTP/1.1\r\nA: " + long_target + "\r\n\r\n") == 431);
  CHECK(RejectionStatus("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n") == 0);
  CHECK(RejectionStatus("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n"
                        "\r\n") == 431);
}

TEST_CASE("ParseRequestLine splits a request line into its three parts", "[http][head]") {
  const Result<RequestLine, HeadRejection> line = ParseRequestLine("OPTIONS * HTTP/1.0", 64);
  REQUIRE(line);
  CHECK(line->method == "OPTIONS");
  CHECK(line->target == "*");
  CHECK(line->version == "HTTP/1.0");
}

TEST_CASE("ParseRequestLine rejects each malformed part with its status", "[http][head]") {
  auto status = [](std::string_view line) {
    const Result<RequestLine, HeadRejection> parsed = ParseRequestLine(line, 20);
    return parsed ? 0 : parsed.error().status;
  };
  CHECK(status("GET /12345 HTTP/1.1") == 0);      // 19 bytes
  CHECK(status("GET /123456 HTTP/1.1") == 0);     // 20 bytes: at the limit
  CHECK(status("GET /1234567 HTTP/1.1") == 414);  // 21 bytes
  CHECK(status("GET / HTTP/1.1 ") == 400);        // a third space
  CHECK(status("GET / HTTP/1.1") == 400);        // control byte in the target
  CHECK(status("GET / http/1.1") == 400);         // version is case-sensitive
  CHECK(status("GET / HTTP/11") == 400);
  CHECK(status("GET / HTTP/3.0") == 505);
  CHECK(status("") == 400);
}

TEST_CASE("ParseHeaderField trims the value and keeps the name as sent", "[http][head]") {
  const Result<HeaderField, HeadRejection> field = ParseHeaderField("SOAPAction: \t \"urn:x\" \t");
  REQUIRE(field);
  CHECK(field->name == "SOAPAction");
  CHECK(field->value == "\"urn:x\"");
  const Result<HeaderField, HeadRejection> empty = ParseHeaderField("X-Empty:");
  REQUIRE(empty);
  CHECK(empty->value.empty());
}

TEST_CASE("ParseHeaderField rejects what httplib would misread", "[http][head]") {
  for (std::string_view bad : {" Folded: x", "\tFolded: x", "NoColon", ": no name", "Bad Name: x", "A: b\rc",
                               "A: %0a", "A: %u000D"}) {
    CAPTURE(bad);
    const Result<HeaderField, HeadRejection> field = ParseHeaderField(bad);
    REQUIRE_FALSE(field);
    CHECK(field.error().status == 400);
  }
}

TEST_CASE("OversizedHeadRejection tells a long request line from long headers", "[http][head]") {
  CHECK(OversizedHeadRejection("GET /aaaaaaaa").status == 414);
  CHECK(OversizedHeadRejection("GET / HTTP/1.1\r\nA: aaaaa").status == 431);
}

}  // namespace
}  // namespace vi::http
