# Installs the build into PREFIX and checks the layout a package ships and that the installed
# dnshound-cli scores with the installed model (found relative to its own location).
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
foreach(f bin/dnshound-cli share/dnshound/models/dga.json share/dnshound/models/dga.manifest.json
        share/dnshound/models/tunnel.json share/dnshound/models/tunnel.manifest.json
          share/dnshound/config/default.yaml share/applications/dnshound.desktop
          share/icons/hicolor/scalable/apps/dnshound.svg)
    if(NOT EXISTS ${PREFIX}/${f})
        message(FATAL_ERROR "not installed: ${f}")
    endif()
endforeach()
file(WRITE ${PREFIX}/names.txt "google.com\nxjwqkzpvbtrm.biz\n")
# Prove the installed model is the one used (not the source tree's): a threshold of 0 in the
# installed manifest (the sha256 covers the model file only) makes every name DGA.
set(manifest ${PREFIX}/share/dnshound/models/dga.manifest.json)
file(READ ${manifest} text)
string(REGEX REPLACE "\"threshold\":[-+0-9.eE]+" "\"threshold\":0.0" text "${text}")
file(WRITE ${manifest} "${text}")
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=DNSHOUND_MODEL_DIR
                        ${PREFIX}/bin/dnshound-cli score ${PREFIX}/names.txt
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "installed dnshound-cli score failed (${rc}): ${err}")
endif()
string(REGEX MATCHALL "\"dga\":true" flagged "${out}")
list(LENGTH flagged n)
if(NOT n EQUAL 2)
    message(FATAL_ERROR "the installed model's manifest was not used: ${out}")
endif()
file(REMOVE_RECURSE ${PREFIX})
message(STATUS "install tree OK")
