# `cpack` (run in the build tree) builds vi-sandbox_<version>_amd64.deb:
# everything `cmake --install` puts in place (vi-sandbox, vi-client, the
# client library, its headers and package config: cmake/ViInstall.cmake),
# the man pages written from each tool's --help, and a systemd unit that is
# installed disabled and binds 127.0.0.1 (packaging/vi-sandbox.service).
# Depends: the Debian runtime packages of the binaries, found by
# dpkg-shlibdeps. tests/ci/deb_package_test.sh builds it, unpacks it into a
# scratch root and uses it.
include(GNUInstallDirs)

# cpack (and `make install`) package what is built, and build nothing
# themselves: ci.deb_package runs cpack while other tests run the binaries,
# which a relink would pull from under them.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

# Man pages: help2man turns each tool's --help into a page (the help texts
# are written to be the manual). help2man is required: the package would
# otherwise ship without them.
find_program(VI_HELP2MAN help2man REQUIRED)
set(_vi_man_dir ${PROJECT_BINARY_DIR}/man)
file(MAKE_DIRECTORY ${_vi_man_dir})
set(_vi_man_pages)
foreach(tool_and_name "vi-sandbox|emulator of the VoIP Innovations API 3.0 SOAP service"
                      "vi-client|call one operation of the VoIP Innovations API 3.0")
  string(REPLACE "|" ";" parts "${tool_and_name}")
  list(GET parts 0 tool)
  list(GET parts 1 name)
  add_custom_command(
    OUTPUT ${_vi_man_dir}/${tool}.1.gz
    COMMAND ${VI_HELP2MAN} --no-info --section=1 --version-string=${PROJECT_VERSION} "--name=${name}"
            --output=${_vi_man_dir}/${tool}.1 $<TARGET_FILE:${tool}>
    COMMAND gzip -9nf ${_vi_man_dir}/${tool}.1
    DEPENDS ${tool}
    COMMENT "Writing the man page of ${tool} from its --help"
    VERBATIM)
  list(APPEND _vi_man_pages ${_vi_man_dir}/${tool}.1.gz)
endforeach()
add_custom_target(vi_man_pages ALL DEPENDS ${_vi_man_pages})
install(FILES ${_vi_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/vi-sandbox.service DESTINATION lib/systemd/system)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vi-sandbox)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "vi-sandbox project")
set(CPACK_PACKAGE_CONTACT "vi-sandbox project <vi-sandbox@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "emulator of the VoIP Innovations API 3.0 SOAP service, and its client")
set(CPACK_PACKAGE_DESCRIPTION
    "A stateful, in-memory emulator of the VoIP Innovations API 3.0 SOAP service (vi-sandbox), \
a C++ client library with a CMake package (find_package(vi_client)) and its command-line tool (vi-client).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # vi-sandbox_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Building against the library (find_package) also needs these headers.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libcurl4-openssl-dev, libpugixml-dev, cmake")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
