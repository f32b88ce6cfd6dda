# Project-wide compile settings and the one-line test helper.

add_library(vi_warnings INTERFACE)
target_compile_options(vi_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wno-missing-field-initializers $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict> -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  $<$<BOOL:${VI_WARNINGS_AS_ERRORS}>:-Werror>)
# Clang checks the lock annotations (base/thread_annotations.h): state marked
# VI_GUARDED_BY is touched only with its lock held. GCC ignores them.
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  target_compile_options(vi_warnings INTERFACE -Wthread-safety -Wthread-safety-beta)
endif()

if(VI_SANITIZE)
  add_compile_options(-fsanitize=${VI_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${VI_SANITIZE})
endif()

# vi_include_root(TARGET SCOPE FOLDER)
# The architecture, enforced by the compiler: a component's headers are
# reachable only by targets that link it. Each target gets its own include
# root, ${PROJECT_BINARY_DIR}/include/<target>, holding just FOLDER (a path
# from the repository root, e.g. mock-server/core) as a symbolic link, so
# `#include "mock-server/core/sandbox.h"` works exactly where vi::core is
# linked, and a core file that includes "mock-server/soap/..." fails to
# compile. No target sees the repository root. The roots exist only in the
# build tree; installed targets (cmake/ViInstall.cmake) use <prefix>/include.
function(vi_include_root target scope folder)
  set(root ${PROJECT_BINARY_DIR}/include/${target})
  get_filename_component(parent ${root}/${folder} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  if(NOT EXISTS ${root}/${folder})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${folder} ${root}/${folder} SYMBOLIC)
  endif()
  target_include_directories(${target} ${scope} $<BUILD_INTERFACE:${root}>)
endfunction()

# The calling CMakeLists.txt's folder, relative to the repository root.
macro(vi_current_folder out)
  file(RELATIVE_PATH ${out} ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
endmacro()

# vi_library(NAME vi_x ALIAS vi::x SOURCES a.cc b.cc DEPS ...)
function(vi_library)
  cmake_parse_arguments(ARG "" "NAME;ALIAS" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${ARG_NAME} STATIC ${ARG_SOURCES})
  add_library(${ARG_ALIAS} ALIAS ${ARG_NAME})
  vi_current_folder(folder)
  vi_include_root(${ARG_NAME} PUBLIC ${folder})
  target_compile_features(${ARG_NAME} PUBLIC cxx_std_20)
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE vi_warnings ${ARG_PRIVATE_DEPS})
endfunction()

# vi_add_test(NAME core_tests SOURCES a_test.cc ... DEPS vi::core)
# One Catch2 executable per component; every TEST_CASE becomes a CTest test.
#
# A CTest entry must never pass without running something: the shared main
# (tests/testing/catch_main.cc) turns on Catch2's NoTests and NoAssertions
# warnings, so a name that matches no TEST_CASE exits non-zero (Catch2 v2
# otherwise prints "No test cases matched" and exits 0) and a test case that
# checks nothing fails. The executable is also recorded in the global
# property VI_CATCH_TESTS, which tests/registration_guard.py reads to prove
# that every TEST_CASE the binary lists became exactly one CTest entry.
function(vi_add_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS;PROPERTIES" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE vi_testing_main ${ARG_DEPS} vi_warnings)
  catch_discover_tests(${ARG_NAME}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES ${ARG_PROPERTIES})
  set_property(GLOBAL APPEND PROPERTY VI_CATCH_TESTS ${ARG_NAME})
endfunction()

# vi_embed_files(TARGET vi_x ALIAS vi::x HEADER dir/x.h NAMESPACE vi::x
#                FILES file.tsv:FunctionName ...)
# A static library whose functions return the files' bytes, regenerated when
# a file changes. HEADER (written by hand) declares the functions.
function(vi_embed_files)
  cmake_parse_arguments(ARG "" "TARGET;ALIAS;HEADER;NAMESPACE" "FILES" ${ARGN})
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_embedded.cc)
  set(inputs)
  foreach(entry IN LISTS ARG_FILES)
    string(REPLACE ":" ";" parts ${entry})
    list(GET parts 0 file)
    list(APPEND inputs ${CMAKE_CURRENT_SOURCE_DIR}/${file})
  endforeach()
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT ${gen}
    COMMAND ${CMAKE_COMMAND} -DOUT=${gen} -DSRC=${CMAKE_CURRENT_SOURCE_DIR}
            -DHEADER=${ARG_HEADER} -DNS=${ARG_NAMESPACE} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${ARG_TARGET}"
    VERBATIM)
  add_library(${ARG_TARGET} STATIC ${gen})
  add_library(${ARG_ALIAS} ALIAS ${ARG_TARGET})
  get_filename_component(folder ${ARG_HEADER} DIRECTORY)
  vi_include_root(${ARG_TARGET} PUBLIC ${folder})
  target_compile_features(${ARG_TARGET} PUBLIC cxx_std_20)
endfunction()
