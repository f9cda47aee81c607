#pragma once

#include <string_view>
#include <vector>

// Ordinary English labels the feature tests train their small benign models on.
inline const std::vector<std::string_view> kBenignWords = {
    "weather",  "garden",   "together", "mother",  "another",   "theater", "gather",  "rather",
    "leather",  "feather",  "heather",  "whether", "brother",   "other",   "bother",  "gardener",
    "hardware", "software", "homeware", "market",  "marketing", "booking", "cooking", "looking"};
