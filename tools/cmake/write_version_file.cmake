# cmake -DVERSION=x.y.z -DOUT=.../tfaotConfigVersion.cmake -P write_version_file.cmake
# (tools/install.sh): find_package(tfaot 0.1) accepts 0.1.z only, while the
# version is 0.x (minor versions may change the generated API). tfaotc is an
# x86-64 program: a 32-bit project is refused.
include(CMakePackageConfigHelpers)
set(CMAKE_SIZEOF_VOID_P 8)
write_basic_package_version_file("${OUT}" VERSION "${VERSION}" COMPATIBILITY SameMinorVersion)
