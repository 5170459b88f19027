# The host's Dear ImGui.
#
#   IMCONTACT_IMGUI_TARGET   the host's ImGui target, set (as a normal or a cache variable)
#                            before add_subdirectory(imcontact). The panel is compiled with
#                            that target's include directories, compile definitions and
#                            compile options (the host's imconfig, ImWchar, ImDrawIdx,
#                            IM_ASSERT) and never links it.
#   empty                    Debian's libimgui-dev (1.86): imcontact's own build.
#
# Defines
#   imcontact::imgui_headers  INTERFACE: compile against that ImGui, link nothing (the panel)
#   imcontact::imgui          INTERFACE: link it (the demo, tests and benchmarks are hosts)

# A host's normal variable wins on the very first configure, with or without CMP0126.
if(DEFINED IMCONTACT_IMGUI_TARGET AND NOT DEFINED CACHE{IMCONTACT_IMGUI_TARGET})
  set(_imcontact_host_imgui "${IMCONTACT_IMGUI_TARGET}")
endif()
set(IMCONTACT_IMGUI_TARGET "" CACHE STRING "CMake target of the host's Dear ImGui (empty: system libimgui-dev)")
if(DEFINED _imcontact_host_imgui)
  set(IMCONTACT_IMGUI_TARGET "${_imcontact_host_imgui}")
endif()

if(IMCONTACT_IMGUI_TARGET)
  if(NOT TARGET ${IMCONTACT_IMGUI_TARGET})
    message(FATAL_ERROR "imcontact: IMCONTACT_IMGUI_TARGET is '${IMCONTACT_IMGUI_TARGET}', which is not a target. "
                        "Define your Dear ImGui target before add_subdirectory(imcontact).")
  endif()
  add_library(imcontact_imgui_headers INTERFACE)
  imcontact_compile_against_imgui(imcontact_imgui_headers INTERFACE ${IMCONTACT_IMGUI_TARGET})
  add_library(imcontact_imgui INTERFACE)
  target_link_libraries(imcontact_imgui INTERFACE ${IMCONTACT_IMGUI_TARGET})
  message(STATUS "imcontact: the panel compiles against the host's Dear ImGui target '${IMCONTACT_IMGUI_TARGET}'")
elseif(IMCONTACT_BUILD_OVERLAY)
  find_path(IMCONTACT_IMGUI_INCLUDE_DIR imgui.h PATH_SUFFIXES imgui)
  if(NOT IMCONTACT_IMGUI_INCLUDE_DIR)
    message(FATAL_ERROR "imcontact: no Dear ImGui found. Set IMCONTACT_IMGUI_TARGET to your ImGui target before "
                        "add_subdirectory(imcontact), install libimgui-dev, or set IMCONTACT_BUILD_OVERLAY=OFF to "
                        "build only the ImGui-free layers (core, submitter, gl).")
  endif()
  add_library(imcontact_imgui_headers INTERFACE)
  target_include_directories(imcontact_imgui_headers SYSTEM INTERFACE
    ${IMCONTACT_IMGUI_INCLUDE_DIR} ${IMCONTACT_IMGUI_INCLUDE_DIR}/backends)
  add_library(imcontact_imgui INTERFACE)
  target_link_libraries(imcontact_imgui INTERFACE imcontact_imgui_headers)
  if(IMCONTACT_BUILD_DEMO OR IMCONTACT_BUILD_TESTS OR IMCONTACT_BUILD_BENCH)
    find_library(IMCONTACT_IMGUI_LIBRARY NAMES libimgui.a imgui REQUIRED)
    target_link_libraries(imcontact_imgui INTERFACE ${IMCONTACT_IMGUI_LIBRARY} imcontact::stb ${CMAKE_DL_LIBS} m)
  endif()
endif()
if(TARGET imcontact_imgui_headers)
  add_library(imcontact::imgui_headers ALIAS imcontact_imgui_headers)
  add_library(imcontact::imgui ALIAS imcontact_imgui)
endif()
