# `cmake --install`: the client library with the headers it exposes
# (client/, wire/, model/, base/ under <prefix>/include), vi-client,
# vi-sandbox, and a CMake package so a project does
#   find_package(vi_client REQUIRED)
#   target_link_libraries(app PRIVATE vi::client)
# (client/examples/ is such a project; tests/client/install_consumer.sh
# builds it against an install prefix).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(_vi_exported vi_client vi_wire vi_model vi_base vi_warnings)
set_target_properties(vi_client PROPERTIES EXPORT_NAME client)
set_target_properties(vi_wire PROPERTIES EXPORT_NAME wire)
set_target_properties(vi_model PROPERTIES EXPORT_NAME model)
set_target_properties(vi_base PROPERTIES EXPORT_NAME base)
set_target_properties(vi_warnings PROPERTIES EXPORT_NAME warnings)
foreach(t vi_client vi_wire vi_model vi_base)
  target_include_directories(${t} INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
endforeach()

install(TARGETS ${_vi_exported} EXPORT vi_clientTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS vi-client vi-sandbox RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(dir base model wire)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${dir}
          FILES_MATCHING PATTERN "*.h")
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/client/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/client
        FILES_MATCHING PATTERN "*.h" PATTERN "cli" EXCLUDE PATTERN "examples" EXCLUDE)

set(_vi_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/vi_client)
install(EXPORT vi_clientTargets NAMESPACE vi:: DESTINATION ${_vi_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/vi_clientConfig.cmake.in
  ${PROJECT_BINARY_DIR}/vi_clientConfig.cmake INSTALL_DESTINATION ${_vi_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/vi_clientConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/vi_clientConfig.cmake ${PROJECT_BINARY_DIR}/vi_clientConfigVersion.cmake
        DESTINATION ${_vi_cmake_dir})
