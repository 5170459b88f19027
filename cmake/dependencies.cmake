# Build glue for the Debian packages imcontact uses. No third-party sources live here.
#   libcurl        the submitter's HTTP transport (TLS, timeouts, progress, no redirects)
#   zlib           crc32 of outbox files
#   nlohmann_json  the wire protocol and the local files
#   libstb         image decoding (overlay/src/core/png_codec.cpp)
#   libdeflate     PNG's deflate stream (overlay/src/core/png_codec.cpp)
#   libwebp        lossy screenshots, WebP decoding (overlay/src/core/screenshot_codec.cpp)
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)

# stb_image / stb_image_write, compiled into Debian's libstb.
if(NOT TARGET imcontact::stb)
  pkg_check_modules(IMCONTACT_STB REQUIRED IMPORTED_TARGET GLOBAL stb)
  add_library(imcontact_stb INTERFACE)
  target_link_libraries(imcontact_stb INTERFACE PkgConfig::IMCONTACT_STB)
  add_library(imcontact::stb ALIAS imcontact_stb)
endif()

# libdeflate (Debian's libdeflate-dev): whole-buffer deflate, much faster than zlib at
# level 1, for the PNG encoder. The core links the imported target PkgConfig::IMCONTACT_DEFLATE
# privately; imcontactConfig.cmake finds it again for the installed package.
if(NOT TARGET PkgConfig::IMCONTACT_DEFLATE)
  pkg_check_modules(IMCONTACT_DEFLATE REQUIRED IMPORTED_TARGET GLOBAL libdeflate)
endif()
# libwebp (Debian's libwebp-dev): the lossy codec for photographic screenshots
# (overlay/src/core/screenshot_codec.cpp) and WebP decoding (png_codec.cpp).
if(NOT TARGET PkgConfig::IMCONTACT_WEBP)
  pkg_check_modules(IMCONTACT_WEBP REQUIRED IMPORTED_TARGET GLOBAL libwebp)
endif()

if(IMCONTACT_BUILD_SERVER)
  find_package(SQLite3 REQUIRED)
  pkg_check_modules(IMCONTACT_HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
  add_library(imcontact_httplib INTERFACE)
  target_link_libraries(imcontact_httplib INTERFACE PkgConfig::IMCONTACT_HTTPLIB Threads::Threads)
  add_library(imcontact::httplib ALIAS imcontact_httplib)
endif()

if(IMCONTACT_BUILD_DEMO OR IMCONTACT_BUILD_TESTS OR IMCONTACT_BUILD_BENCH)
  find_package(glfw3 3.3 REQUIRED)
  set(OpenGL_GL_PREFERENCE GLVND)
  find_package(OpenGL REQUIRED)
endif()

if(IMCONTACT_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
endif()
