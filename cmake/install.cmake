# Installing imcontact: the ImGui-free layers as an exported CMake package, headers,
# the panel's sources and a pkg-config file.
#
#   <prefix>/lib/libimcontact_{core,submitter,gl}.a
#   <prefix>/include/imcontact/...                       public headers (+ internal/, no promise)
#   <prefix>/share/imcontact/panel/...                   the panel's sources, compiled in the host's build
#   <prefix>/lib/cmake/imcontact/imcontactConfig.cmake   find_package(imcontact CONFIG): imcontact::core,
#                                                        ::submitter, ::gl, and imcontact_add_overlay()
#   <prefix>/lib/pkgconfig/imcontact.pc                  the same layers for other build systems
#
# The panel is not installed prebuilt: it must see the host's Dear ImGui configuration
# (version, imconfig, ImWchar, ImDrawIdx), so the host builds it with
# imcontact_add_overlay(<name> IMGUI_TARGET <its ImGui>) (README.md, "Embedding the panel").
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(IMCONTACT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/imcontact")
set(IMCONTACT_INSTALL_PANELDIR "${CMAKE_INSTALL_DATADIR}/imcontact/panel")

# imcontact_stb (exported as imcontact::stb) carries the libstb link of the core's image
# codec into the export; the static libraries' private links (libcurl, zlib, Threads,
# nlohmann_json) are exported as $<LINK_ONLY:...> and found again by imcontactConfig.cmake.
set_target_properties(imcontact_stb PROPERTIES EXPORT_NAME stb)
install(TARGETS imcontact_core imcontact_submitter imcontact_gl imcontact_stb
  EXPORT imcontactTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT imcontactTargets NAMESPACE imcontact:: DESTINATION ${IMCONTACT_INSTALL_CMAKEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/overlay/include/imcontact DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "README.md")
# The panel's sources keep their folders below share/imcontact/panel.
foreach(f IN LISTS IMCONTACT_PANEL_SOURCES)
  get_filename_component(_sub "${f}" DIRECTORY)
  install(FILES ${PROJECT_SOURCE_DIR}/overlay/src/panel/${f} DESTINATION ${IMCONTACT_INSTALL_PANELDIR}/${_sub})
endforeach()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/imcontactConfig.cmake.in
  ${PROJECT_BINARY_DIR}/imcontactConfig.cmake
  INSTALL_DESTINATION ${IMCONTACT_INSTALL_CMAKEDIR}
  PATH_VARS IMCONTACT_INSTALL_PANELDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/imcontactConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/imcontactConfig.cmake ${PROJECT_BINARY_DIR}/imcontactConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/imcontact_overlay.cmake
  DESTINATION ${IMCONTACT_INSTALL_CMAKEDIR})

# pkg-config: relocatable (prefix found from the .pc file's own folder), so
# `cmake --install --prefix <anywhere>` gives a working file.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(IMCONTACT_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _up "/imcontact-prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/imcontact-prefix")
  set(IMCONTACT_PC_PREFIX "\${pcfiledir}/${_up}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/imcontact.pc.in ${PROJECT_BINARY_DIR}/imcontact.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/imcontact.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
