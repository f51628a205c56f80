// String functions (23). Regex where Flowfile uses regex (contains, count_match, `in`); literal
// text elsewhere (replace, starts_with, ends_with, find_position).
#include "formula/functions.hpp"

namespace ff::formulas {
namespace {

using K = ArgKind;

// Polars strips Unicode whitespace; these are the whitespace characters text usually holds.
const std::string kWhitespace = " \t\n\r\v\f\u00a0\u2000\u2009\u200a\u3000";

std::string Int(const Typed& a) { return "CAST(" + a.sql + " AS BIGINT)"; }

// Polars' slice(start, n): 0-based; a negative start counts from the end (DuckDB's substring
// does the same for negative starts).
std::string Slice(const Args& a, const CallSite&) {
  const LiteralValue& start = LiteralArg(a[1]);
  std::string from;
  if (auto* i = std::get_if<int64_t>(&start); i && *i >= 0) {
    from = std::to_string(*i + 1);
  } else {
    from = "(CASE WHEN " + a[1].sql + " >= 0 THEN " + a[1].sql + " + 1 ELSE " + a[1].sql + " END)";
  }
  return "substring(" + a[0].sql + ", " + from + ", " + Int(a[2]) + ")";
}

std::function<std::string(const Args&, const CallSite&)> Pad(const char* sql_name) {
  return [sql_name](const Args& a, const CallSite& s) {
    const int64_t length = IntLiteralArg(a[1], s, "length");
    std::string fill = " ";
    if (a.size() > 2) fill = StringLiteralArg(a[2], s, "pad_character");
    size_t chars = 0;
    for (unsigned char ch : fill) chars += (ch & 0xC0) != 0x80;
    if (chars != 1) {
      ThrowAt(
          s.formula, a[2].node->position,
          s.call.text + "(): pad_character must be exactly one character, got \"" + fill + "\"");
    }
    // Polars pads and never truncates; DuckDB's lpad/rpad would cut longer text.
    return "(CASE WHEN length(" + a[0].sql + ") >= " + std::to_string(length) + " THEN " +
           a[0].sql + " ELSE " + sql_name + "(" + a[0].sql + ", " + std::to_string(length) + ", " +
           Quoted(fill) + ") END)";
  };
}

std::string Bigrams(const std::string& x) {
  return "list_distinct(list_transform(range(1, length(" + x + ")), __ff_i -> substring(" + x +
         ", __ff_i, 2)))";
}

std::string Similarity(const Args& a, const CallSite& s) {
  const std::string method = a.size() > 2 ? StringLiteralArg(a[2], s, "method") : "levenshtein";
  const std::string x = a[0].sql, y = a[1].sql;
  const std::string longest = "greatest(length(" + x + "), length(" + y + "))";
  // Two empty strings are identical: similarity 1.
  auto normalised = [&](const std::string& distance) {
    return "(CASE WHEN " + longest + " = 0 THEN CAST(1 AS DOUBLE) ELSE 1 - CAST(" + distance +
           " AS DOUBLE) / " + longest + " END)";
  };
  if (method == "levenshtein") return normalised("levenshtein(" + x + ", " + y + ")");
  if (method == "damerau_levenshtein") {
    return normalised("damerau_levenshtein(" + x + ", " + y + ")");
  }
  if (method == "jaro") return "jaro_similarity(" + x + ", " + y + ")";
  if (method == "jaro_winkler") return "jaro_winkler_similarity(" + x + ", " + y + ")";
  if (method == "hamming") {
    // Hamming distance is defined for equal lengths only; otherwise null.
    return "(CASE WHEN length(" + x + ") <> length(" + y + ") THEN NULL ELSE " +
           normalised("hamming(" + x + ", " + y + ")") + " END)";
  }
  if (method == "jaccard" || method == "sorensen_dice") {
    // Sets of 2-character substrings, as polars-ds.
    const std::string p = Bigrams(x), q = Bigrams(y);
    const std::string both = "len(list_intersect(" + p + ", " + q + "))";
    const std::string sizes = "(len(" + p + ") + len(" + q + "))";
    const std::string ratio = method == "jaccard"
                                  ? "CAST(" + both + " AS DOUBLE) / (" + sizes + " - " + both + ")"
                                  : "CAST(2 * " + both + " AS DOUBLE) / " + sizes;
    return "(CASE WHEN " + x + " IS NULL OR " + y + " IS NULL THEN NULL WHEN " + sizes +
           " = 0 THEN (CASE WHEN " + x + " = " + y +
           " THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS "
           "DOUBLE) END) ELSE " +
           ratio + " END)";
  }
  if (method == "fuzzy" || method == "optimal_string_alignment") {
    ThrowAt(s.formula, a[2].node->position,
            "string_similarity(): method \"" + method +
                "\" is not supported here yet; use levenshtein, damerau_levenshtein, jaro, "
                "jaro_winkler, hamming, jaccard or sorensen_dice");
  }
  ThrowAt(s.formula, a[2].node->position,
          "string_similarity(): unknown method \"" + method +
              "\"; expected levenshtein, jaro, jaro_winkler, damerau_levenshtein, hamming, fuzzy, "
              "optimal_string_alignment, sorensen_dice or jaccard");
}

std::string TitleCase(const Args& a, const CallSite&) {
  // Upper-case a letter or digit that follows anything else, lower-case the rest (Polars).
  const std::string x = a[0].sql;
  return "array_to_string(list_transform(range(1, length(" + x +
         ") + 1), __ff_i -> CASE WHEN "
         "__ff_i = 1 OR NOT regexp_matches(" +
         x + "[__ff_i - 1], '[\\pL\\pN]') THEN upper(" + x + "[__ff_i]) ELSE lower(" + x +
         "[__ff_i]) END), '')";
}

FunctionSpec Text(std::string name, std::string signature, std::string description,
                  std::string example, int min_args, int max_args, std::vector<ArgKind> kinds,
                  std::vector<int> literal_args,
                  std::function<DataType(const Args&, const CallSite&)> result,
                  std::function<std::string(const Args&, const CallSite&)> emit) {
  return {
      std::move(name), "String", std::move(signature), std::move(description),  std::move(example),
      min_args,        max_args, std::move(kinds),     std::move(literal_args), std::move(result),
      std::move(emit)};
}

std::function<std::string(const Args&, const CallSite&)> Strip(const char* sql_name) {
  return [sql_name](const Args& a, const CallSite&) {
    return std::string(sql_name) + "(" + a[0].sql + ", " + Quoted(kWhitespace) + ")";
  };
}

}  // namespace

void AddStringFunctions(std::vector<FunctionSpec>& out) {
  const auto str = Fixed("String");
  out.push_back(Text("concat", "concat(*text_parts)",
                     "The parts joined as text; null when any part is null.",
                     "concat([first_name], \" \", [last_name])", 1, -1, {}, {}, str,
                     [](const Args& a, const CallSite&) {
                       std::string sql = "(";
                       for (size_t i = 0; i < a.size(); ++i) {
                         sql += (i ? " || " : "") + CastTo(a[i], Type("String"));
                       }
                       return a.size() == 1 ? "CAST(" + a[0].sql + " AS VARCHAR)" : sql + ")";
                     }));
  out.push_back(Text("count_match", "count_match(text, pattern)",
                     "How many times the regular expression pattern matches in text.",
                     "count_match([names], \"a\")", 2, 2, {K::kText, K::kText}, {1},
                     Fixed("UInt32"), [](const Args& a, const CallSite&) {
                       return "CAST(len(regexp_extract_all(" + a[0].sql + ", " + a[1].sql +
                              ")) AS UINTEGER)";
                     }));
  out.push_back(Text("ends_with", "ends_with(text, suffix)", "True when text ends with suffix.",
                     "ends_with([email], \".com\")", 2, 2, {K::kText, K::kText}, {},
                     Fixed("Boolean"), Fn("suffix")));
  out.push_back(
      Text("find_position", "find_position(text, sub)",
           "0-based position of the first occurrence of sub in text (in bytes); null if absent.",
           "find_position([order_id], \"-\")", 2, 2, {K::kText, K::kText}, {}, Fixed("UInt32"),
           [](const Args& a, const CallSite&) {
             const std::string at = "strpos(" + a[0].sql + ", " + a[1].sql + ")";
             return "(CASE WHEN " + at + " = 0 THEN NULL ELSE CAST(strlen(left(" + a[0].sql + ", " +
                    at + " - 1)) AS UINTEGER) END)";
           }));
  out.push_back(Text(
      "left", "left(text, num_chars)", "The first num_chars characters.", "left([order_id], 3)", 2,
      2, {K::kText, K::kNumber}, {}, str,
      [](const Args& a, const CallSite&) { return "left(" + a[0].sql + ", " + Int(a[1]) + ")"; }));
  out.push_back(Text("left_trim", "left_trim(text)", "text without leading whitespace.",
                     "left_trim([city])", 1, 1, {K::kText}, {}, str, Strip("ltrim")));
  out.push_back(Text("length", "length(text)", "The number of characters.", "length([city])", 1, 1,
                     {K::kText}, {}, Fixed("UInt32"), [](const Args& a, const CallSite&) {
                       return "CAST(length(" + a[0].sql + ") AS UINTEGER)";
                     }));
  out.push_back(Text("lowercase", "lowercase(text)", "text in lower case.",
                     "lowercase([department])", 1, 1, {K::kText}, {}, str, Fn("lower")));
  out.push_back(Text(
      "mid", "mid(text, start, num_chars)", "num_chars characters from the 0-based position start.",
      "mid([order_id], 4, 4)", 3, 3, {K::kText, K::kNumber, K::kNumber}, {}, str, Slice));
  out.push_back(Text("pad_left", "pad_left(text, length, pad_character=' ')",
                     "text padded on the left to length characters (never shortened).",
                     "pad_left([order_id], 12, \"0\")", 2, 3, {K::kText, K::kNumber, K::kText},
                     {1, 2}, str, Pad("lpad")));
  out.push_back(Text("pad_right", "pad_right(text, length, pad_character=' ')",
                     "text padded on the right to length characters (never shortened).",
                     "pad_right([order_id], 12, \"0\")", 2, 3, {K::kText, K::kNumber, K::kText},
                     {1, 2}, str, Pad("rpad")));
  out.push_back(Text("repeat", "repeat(text, count)", "text repeated count times (at most 100).",
                     "repeat([first_name], 2)", 2, 2, {K::kText, K::kNumber}, {}, str,
                     [](const Args& a, const CallSite&) {
                       return "repeat(" + a[0].sql + ", CAST(least(" + a[1].sql +
                              ", 100) AS BIGINT))";
                     }));
  out.push_back(Text("replace", "replace(text, find_text, replace_with)",
                     "Every occurrence of find_text (plain text, not a pattern) replaced.",
                     "replace([email], \".com\", \".org\")", 3, 3, {K::kText, K::kText, K::kText},
                     {}, str, Fn("replace")));
  out.push_back(Text("reverse", "reverse(text)", "text backwards.", "reverse([name])", 1, 1,
                     {K::kText}, {}, str, Fn("reverse")));
  out.push_back(Text("right", "right(text, num_chars)", "The last num_chars characters.",
                     "right([order_id], 4)", 2, 2, {K::kText, K::kNumber}, {}, str,
                     [](const Args& a, const CallSite&) {
                       // Polars' slice(-0) is the whole text.
                       return "(CASE WHEN " + a[1].sql + " = 0 THEN " + a[0].sql + " ELSE right(" +
                              a[0].sql + ", " + Int(a[1]) + ") END)";
                     }));
  out.push_back(Text("right_trim", "right_trim(text)", "text without trailing whitespace.",
                     "right_trim([city])", 1, 1, {K::kText}, {}, str, Strip("rtrim")));
  out.push_back(Text(
      "split", "split(text, delimiter)", "text split at every delimiter (a list).",
      "split([product], \" \")", 2, 2, {K::kText, K::kText}, {1},
      [](const Args&, const CallSite&) { return DataType::List(Type("String")); },
      Fn("string_split")));
  out.push_back(Text("starts_with", "starts_with(text, prefix)",
                     "True when text starts with prefix.", "starts_with([order_id], \"ORD\")", 2, 2,
                     {K::kText, K::kText}, {}, Fixed("Boolean"), Fn("starts_with")));
  out.push_back(Text("string_similarity", "string_similarity(text1, text2, method='levenshtein')",
                     "Similarity from 0 to 1. Methods: levenshtein, damerau_levenshtein, jaro, "
                     "jaro_winkler, hamming, jaccard, sorensen_dice.",
                     "string_similarity([name], \"Jones\")", 2, 3, {K::kText, K::kText, K::kText},
                     {2}, Fixed("Float64"), Similarity));
  out.push_back(Text("substring", "substring(text, start, num_chars)",
                     "Same as mid: num_chars characters from the 0-based position start.",
                     "substring([order_id], 0, 3)", 3, 3, {K::kText, K::kNumber, K::kNumber}, {},
                     str, Slice));
  out.push_back(Text("titlecase", "titlecase(text)",
                     "Every word capitalised, the rest in lower case.", "titlecase([event])", 1, 1,
                     {K::kText}, {}, str, TitleCase));
  out.push_back(Text("trim", "trim(text)", "text without leading and trailing whitespace.",
                     "trim([city])", 1, 1, {K::kText}, {}, str, Strip("trim")));
  out.push_back(Text("uppercase", "uppercase(text)", "text in upper case.", "uppercase([city])", 1,
                     1, {K::kText}, {}, str, Fn("upper")));
}

}  // namespace ff::formulas
