# Writes a C++ file that holds the text of IN as dnshound::core::config::kDefaultConfigText.
file(READ ${IN} TEXT)
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace dnshound::core::config {\nextern const std::string_view kDefaultConfigText;\nconst std::string_view kDefaultConfigText = R\"dnshound_yaml(${TEXT})dnshound_yaml\";\n}\n")
