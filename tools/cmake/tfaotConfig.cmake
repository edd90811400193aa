# tfaot's CMake package, installed by tools/install.sh as
# PREFIX/lib/cmake/tfaot/tfaotConfig.cmake. After find_package(tfaot REQUIRED):
#
#   tfaot_add_model(<target>
#                   GRAPH g.pb | CHECKPOINT prefix_or_dir | SAVED_MODEL dir
#                   [CONFIG c.pbtxt]          # required except with SAVED_MODEL
#                   CPP_CLASS ns::Name
#                   [TARGET_ISA generic|avx2|avx512|native]   # default avx2
#                   [FAST_MATH]
#                   [TFAOTC_FLAGS flag...])
#
# runs tfaotc at build time (again whenever the model files, the config or
# tfaotc change) and adds a static library <target> whose header <target>.h
# is on its include path; link it and `#include "<target>.h"`. Relative paths
# are taken from the calling CMakeLists.txt's directory. Also defined:
# tfaot::tfaotc (the compiler) and tfaot::runtime (the runtime headers).

get_filename_component(_tfaot_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT EXISTS "${_tfaot_prefix}/bin/tfaotc" OR NOT EXISTS "${_tfaot_prefix}/include/tfaot/runtime")
  set(tfaot_FOUND FALSE)
  set(tfaot_NOT_FOUND_MESSAGE
      "${_tfaot_prefix} lacks bin/tfaotc or include/tfaot/runtime; reinstall with tools/install.sh")
  return()
endif()
set_property(GLOBAL PROPERTY TFAOT_PREFIX "${_tfaot_prefix}")

if(NOT TARGET tfaot::tfaotc)
  add_executable(tfaot::tfaotc IMPORTED GLOBAL)
  set_target_properties(tfaot::tfaotc PROPERTIES IMPORTED_LOCATION "${_tfaot_prefix}/bin/tfaotc")
endif()
if(NOT TARGET tfaot::runtime)
  add_library(tfaot::runtime INTERFACE IMPORTED GLOBAL)
  # Generated sources include "runtime/<kernel>.h".
  set_target_properties(tfaot::runtime PROPERTIES
                        INTERFACE_INCLUDE_DIRECTORIES "${_tfaot_prefix}/include/tfaot")
endif()

function(tfaot_add_model target)
  set(where "tfaot_add_model(${target})")
  cmake_parse_arguments(PARSE_ARGV 1 arg "FAST_MATH"
                        "GRAPH;CHECKPOINT;SAVED_MODEL;CONFIG;CPP_CLASS;TARGET_ISA" "TFAOTC_FLAGS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${where}: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_CPP_CLASS)
    message(FATAL_ERROR "${where}: CPP_CLASS is required (the generated class, ns::Name)")
  endif()
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  if(NOT "CXX" IN_LIST languages)
    message(FATAL_ERROR "${where}: the generated code is C++; enable CXX in project()")
  endif()

  # The model: exactly one source; every file it consists of is a dependency.
  set(sources 0)
  foreach(kind GRAPH CHECKPOINT SAVED_MODEL)
    if(DEFINED arg_${kind})
      math(EXPR sources "${sources} + 1")
      get_filename_component(model "${arg_${kind}}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      set(model_kind ${kind})
    endif()
  endforeach()
  if(NOT sources EQUAL 1)
    message(FATAL_ERROR "${where}: give exactly one of GRAPH, CHECKPOINT, SAVED_MODEL")
  endif()
  if(model_kind STREQUAL "GRAPH")
    if(NOT EXISTS "${model}" OR IS_DIRECTORY "${model}")
      message(FATAL_ERROR "${where}: GRAPH ${model} is not a file")
    endif()
    set(model_flag "--graph=${model}")
    set(model_files "${model}")
  elseif(model_kind STREQUAL "CHECKPOINT")
    if(IS_DIRECTORY "${model}")  # resolved through its `checkpoint` file
      file(GLOB model_files CONFIGURE_DEPENDS "${model}/*")
    elseif(EXISTS "${model}.index")
      file(GLOB model_files CONFIGURE_DEPENDS "${model}.*")
    else()
      message(FATAL_ERROR "${where}: CHECKPOINT ${model} is neither a directory nor a prefix "
                          "with ${model}.index")
    endif()
    set(model_flag "--checkpoint=${model}")
  else()
    if(NOT EXISTS "${model}/saved_model.pb" AND NOT EXISTS "${model}/saved_model.pbtxt")
      message(FATAL_ERROR "${where}: SAVED_MODEL ${model} has no saved_model.pb")
    endif()
    file(GLOB_RECURSE model_files CONFIGURE_DEPENDS "${model}/*")
    set(model_flag "--saved_model=${model}")
  endif()

  set(config_flag "")
  if(DEFINED arg_CONFIG)
    get_filename_component(config "${arg_CONFIG}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${config}" OR IS_DIRECTORY "${config}")
      message(FATAL_ERROR "${where}: CONFIG ${config} is not a file")
    endif()
    set(config_flag "--config=${config}")
    list(APPEND model_files "${config}")
  elseif(NOT model_kind STREQUAL "SAVED_MODEL")
    message(FATAL_ERROR "${where}: CONFIG is required (only a SavedModel's signature can stand in for it)")
  endif()

  # Compiler flags per --target (mirrors compiler/codegen/target.cc and tools/tfaot.bzl).
  if(NOT DEFINED arg_TARGET_ISA)
    set(arg_TARGET_ISA avx2)
  endif()
  if(arg_TARGET_ISA STREQUAL "generic")
    set(isa_flags "")
  elseif(arg_TARGET_ISA STREQUAL "avx2")
    set(isa_flags -mavx2 -mfma)
  elseif(arg_TARGET_ISA STREQUAL "avx512")
    set(isa_flags -march=x86-64-v4)
  elseif(arg_TARGET_ISA STREQUAL "native")
    set(isa_flags -march=native)
  else()
    message(FATAL_ERROR "${where}: TARGET_ISA ${arg_TARGET_ISA} is not one of generic, avx2, avx512, native")
  endif()

  get_property(prefix GLOBAL PROPERTY TFAOT_PREFIX)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/tfaot_${target}")
  file(MAKE_DIRECTORY "${out}")
  add_custom_command(
    OUTPUT "${out}/${target}.h" "${out}/${target}.cc"
    COMMAND tfaot::tfaotc ${model_flag} ${config_flag} "--cpp_class=${arg_CPP_CLASS}"
            "--out_header=${out}/${target}.h" "--out_source=${out}/${target}.cc"
            "--header_include=${target}.h" "--target=${arg_TARGET_ISA}" ${arg_TFAOTC_FLAGS}
    DEPENDS "${prefix}/bin/tfaotc" ${model_files}
    COMMENT "tfaotc: compiling ${target}"
    VERBATIM)

  add_library(${target} STATIC "${out}/${target}.cc" "${out}/${target}.h")
  target_include_directories(${target} PUBLIC "${out}")
  target_link_libraries(${target} PRIVATE tfaot::runtime)
  target_compile_features(${target} PRIVATE cxx_std_17)
  # As the Bazel macro (tools/tfaot.bzl): -O3 vectorizes the generated loops;
  # -Wno-psabi: below AVX-512 GCC notes that the fast kernels' 16-float
  # vectors by value are passed differently than in an AVX-512 build, while
  # all of one model's calls are built with the same flags; -ffast-math only
  # on request (results then differ from TensorFlow's in the last bits).
  target_compile_options(${target} PRIVATE -O3 -Wno-psabi ${isa_flags})
  if(arg_FAST_MATH)
    target_compile_options(${target} PRIVATE -ffast-math)
  endif()
endfunction()
