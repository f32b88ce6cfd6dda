# The only file that knows how dependencies are found. Everything comes from
# Debian 12 packages (see ci/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# cpp-httplib 0.11.4 is a compiled library with only a pkg-config file. Its
# Cflags (CPPHTTPLIB_OPENSSL/ZLIB/BROTLI_SUPPORT) must be used exactly, or our
# view of httplib::Request differs from the .so's (docs/hardening.md §0.2).
pkg_check_modules(VI_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(NOT TARGET vi::httplib)
  add_library(vi_httplib INTERFACE)
  target_link_libraries(vi_httplib INTERFACE PkgConfig::VI_HTTPLIB)
  add_library(vi::httplib ALIAS vi_httplib)
endif()

# The emulator's TLS (--tls-cert/--tls-key): OpenSSL 3, as httplib links it.
find_package(OpenSSL 3 REQUIRED)
find_package(pugixml REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CURL REQUIRED)
if(VI_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()
