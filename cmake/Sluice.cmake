# Helpers that every component's CMakeLists.txt uses, so that adding a component or a test
# is one line.

# sluice_component(NAME DEPS dep...): a static library `sluice_<NAME>` from every .cc file in
# src/<NAME>/ (recursively). Includes are full paths from src/ ("common/status.h").
function(sluice_component name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cc)
  list(FILTER sources EXCLUDE REGEX ".*_fuzz\\.cc$")
  if(NOT sources)
    # A component that has only headers so far.
    add_library(sluice_${name} INTERFACE)
    target_include_directories(sluice_${name} INTERFACE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(sluice_${name} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(sluice_${name} STATIC ${sources})
  target_include_directories(sluice_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(sluice_${name} PUBLIC ${ARG_DEPS})
endfunction()

# sluice_unit_tests(COMPONENT DEPS dep...): one GoogleTest binary `unit_<COMPONENT>` from
# tests/unit/<COMPONENT>/*_test.cc, every case registered with CTest as unit.<COMPONENT>.*
function(sluice_unit_tests component)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/${component}/*.cc)
  if(NOT sources)
    return()
  endif()
  add_executable(unit_${component} ${sources})
  target_include_directories(unit_${component} PRIVATE ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(unit_${component} PRIVATE sluice_${component} ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  include(GoogleTest)
  gtest_discover_tests(unit_${component} TEST_PREFIX "unit.${component}." DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS "unit" ENVIRONMENT "SLUICE_TEST_DATA=${CMAKE_SOURCE_DIR}/tests/data")
endfunction()
