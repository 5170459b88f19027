# Build glue for the Debian packages imcontact uses. No third-party sources live here.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
# zlib's crc32: the checksum of outbox files (overlay/src/outbox_format.cpp).
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)

# stb_image / stb_image_write, compiled into Debian's libstb.
pkg_check_modules(IMCONTACT_STB REQUIRED IMPORTED_TARGET GLOBAL stb)
add_library(imcontact_stb INTERFACE)
target_link_libraries(imcontact_stb INTERFACE PkgConfig::IMCONTACT_STB)
add_library(imcontact::stb ALIAS imcontact_stb)

# Dear ImGui. imcontact::imgui_headers gives the headers only (the library compiles
# against the host's ImGui and never links it); imcontact::imgui links Debian's
# libimgui.a with its GLFW and OpenGL3 backends, for the demo and the tests.
if(IMCONTACT_IMGUI_TARGET)
  add_library(imcontact_imgui INTERFACE)
  target_link_libraries(imcontact_imgui INTERFACE ${IMCONTACT_IMGUI_TARGET})
  add_library(imcontact_imgui_headers INTERFACE)
  target_include_directories(imcontact_imgui_headers INTERFACE
    $<TARGET_PROPERTY:${IMCONTACT_IMGUI_TARGET},INTERFACE_INCLUDE_DIRECTORIES>)
else()
  find_path(IMCONTACT_IMGUI_INCLUDE_DIR imgui.h PATH_SUFFIXES imgui REQUIRED)
  find_library(IMCONTACT_IMGUI_LIBRARY NAMES libimgui.a imgui REQUIRED)
  add_library(imcontact_imgui_headers INTERFACE)
  target_include_directories(imcontact_imgui_headers SYSTEM INTERFACE
    ${IMCONTACT_IMGUI_INCLUDE_DIR} ${IMCONTACT_IMGUI_INCLUDE_DIR}/backends)
  add_library(imcontact_imgui INTERFACE)
  target_link_libraries(imcontact_imgui INTERFACE imcontact_imgui_headers
    ${IMCONTACT_IMGUI_LIBRARY} imcontact::stb ${CMAKE_DL_LIBS} m)
endif()
add_library(imcontact::imgui_headers ALIAS imcontact_imgui_headers)
add_library(imcontact::imgui ALIAS imcontact_imgui)

if(IMCONTACT_BUILD_SERVER)
  find_package(SQLite3 REQUIRED)
  pkg_check_modules(IMCONTACT_HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
  add_library(imcontact_httplib INTERFACE)
  target_link_libraries(imcontact_httplib INTERFACE PkgConfig::IMCONTACT_HTTPLIB Threads::Threads)
  add_library(imcontact::httplib ALIAS imcontact_httplib)
endif()

if(IMCONTACT_BUILD_DEMO OR IMCONTACT_BUILD_TESTS)
  find_package(glfw3 3.3 REQUIRED)
  set(OpenGL_GL_PREFERENCE GLVND)
  find_package(OpenGL REQUIRED)
endif()

if(IMCONTACT_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
endif()
