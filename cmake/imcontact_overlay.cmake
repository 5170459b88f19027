# The panel layer is compiled in the host's build, with the host's ImGui configuration:
# a prebuilt panel would be tied to one Dear ImGui version, imconfig, ImWchar and
# ImDrawIdx. This file is used by imcontact's own build and installed with the package
# (imcontactConfig.cmake includes it), so both routes build the panel the same way.

# imcontact_compile_against_imgui(<target> <PUBLIC|PRIVATE|INTERFACE> <imgui_target>)
#   <target> compiles with <imgui_target>'s include directories, compile definitions and
#   compile options (including what <imgui_target> carries from the targets it links
#   through INTERFACE_LINK_LIBRARIES: $<TARGET_PROPERTY> of an INTERFACE_ property is
#   transitive), and does not link it: one ImGui in the program, the host's.
function(imcontact_compile_against_imgui target scope imgui)
  if(NOT TARGET ${imgui})
    message(FATAL_ERROR "imcontact: '${imgui}' is not a target (the host's Dear ImGui target is expected)")
  endif()
  get_target_property(_aliased ${imgui} ALIASED_TARGET)
  if(_aliased)
    set(imgui ${_aliased})
  endif()
  target_include_directories(${target} SYSTEM ${scope} $<TARGET_PROPERTY:${imgui},INTERFACE_INCLUDE_DIRECTORIES>)
  target_compile_definitions(${target} ${scope} $<TARGET_PROPERTY:${imgui},INTERFACE_COMPILE_DEFINITIONS>)
  target_compile_options(${target} ${scope} $<TARGET_PROPERTY:${imgui},INTERFACE_COMPILE_OPTIONS>)
endfunction()

# The panel's sources, relative to the panel folder (overlay/src/panel in the source
# tree, share/imcontact/panel in an installed package). The one list: the build, the
# install and imcontact_add_overlay() all read it.
set(IMCONTACT_PANEL_SOURCES
  context.cpp
  capture.cpp
  events.cpp
  panel_validate.cpp
  technical.cpp
  panel.cpp
  panel_form.cpp
  panel_editor.cpp
  password_fields.cpp
  panel_outcome.cpp
  panel_requests.cpp
  widgets.cpp
  menu_icon.cpp
  imcontact_internal.h
  panel_widgets.h
)
if(NOT IMCONTACT_PANEL_SOURCE_DIR)
  set(IMCONTACT_PANEL_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/../overlay/src/panel")
endif()
get_filename_component(IMCONTACT_PANEL_SOURCE_DIR "${IMCONTACT_PANEL_SOURCE_DIR}" ABSOLUTE)
# Global, so that imcontact_add_overlay() works from any directory of the host's build
# (after add_subdirectory(imcontact) the variables above live only in imcontact's scope).
set_property(GLOBAL PROPERTY IMCONTACT_PANEL_SOURCES "${IMCONTACT_PANEL_SOURCES}")
set_property(GLOBAL PROPERTY IMCONTACT_PANEL_SOURCE_DIR "${IMCONTACT_PANEL_SOURCE_DIR}")

# imcontact_add_overlay(<name> IMGUI_TARGET <imgui_target> [OBSOLETE_FUNCTIONS_DISABLED])
#   Adds the static library <name>: the panel (ImContact::CreateContext, ShowContactWindow,
#   MenuContactButton, FrameRendered, ...) compiled against <imgui_target>'s include
#   directories, compile definitions and options, linking imcontact::core,
#   imcontact::submitter and imcontact::gl but not <imgui_target>. Link <name> and your
#   ImGui into your program. <name> passes the ImGui usage requirements on (PUBLIC), so
#   your code and the panel see the same ImGui configuration.
function(imcontact_add_overlay name)
  cmake_parse_arguments(A "OBSOLETE_FUNCTIONS_DISABLED" "IMGUI_TARGET" "" ${ARGN})
  if(NOT A_IMGUI_TARGET)
    message(FATAL_ERROR "imcontact_add_overlay(${name}): IMGUI_TARGET <your Dear ImGui target> is required")
  endif()
  get_property(_files GLOBAL PROPERTY IMCONTACT_PANEL_SOURCES)
  get_property(_dir GLOBAL PROPERTY IMCONTACT_PANEL_SOURCE_DIR)
  set(_srcs "")
  foreach(f IN LISTS _files)
    list(APPEND _srcs "${_dir}/${f}")
  endforeach()
  add_library(${name} STATIC ${_srcs})
  target_include_directories(${name} PRIVATE "${_dir}")
  target_compile_features(${name} PUBLIC cxx_std_17)
  target_link_libraries(${name} PUBLIC imcontact::core imcontact::submitter imcontact::gl)
  imcontact_compile_against_imgui(${name} PUBLIC ${A_IMGUI_TARGET})
  if(A_OBSOLETE_FUNCTIONS_DISABLED)
    target_compile_definitions(${name} PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
  endif()
endfunction()
