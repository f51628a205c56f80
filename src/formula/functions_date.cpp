// Date and time functions (28). Inputs are Date or Datetime values; text must be parsed with
// to_date()/to_datetime() first (the compiler says so when it is not).
#include "flowfile/errors.hpp"
#include "formula/functions.hpp"
#include "frame/expr_sql.hpp"

namespace ff::formulas {
namespace {

using K = ArgKind;
using Emit = std::function<std::string(const Args&, const CallSite&)>;
using Rule = std::function<DataType(const Args&, const CallSite&)>;

FunctionSpec Date(std::string name, std::string signature, std::string description,
                  std::string example, int min_args, int max_args, std::vector<ArgKind> kinds,
                  std::vector<int> literal_args, Rule result, Emit emit) {
  return {
      std::move(name), "Date",   std::move(signature), std::move(description),  std::move(example),
      min_args,        max_args, std::move(kinds),     std::move(literal_args), std::move(result),
      std::move(emit)};
}

bool IsDate(const Typed& a) { return a.type.name == "Date"; }

// `d + n units`. Whole days keep a Date a Date; hours, minutes and seconds make a Datetime.
Emit AddUnits(int64_t days_per_unit, int64_t micros_per_unit) {
  return [=](const Args& a, const CallSite&) {
    if (IsNull(a[0].type)) return std::string("NULL");
    const std::string n = a[1].sql;
    if (days_per_unit > 0) {
      const std::string days = "CAST(" + n +
                               (days_per_unit == 1 ? "" : " * " + std::to_string(days_per_unit)) +
                               " AS INTEGER)";
      if (IsDate(a[0])) return "(" + a[0].sql + " + " + days + ")";
      return "(" + a[0].sql + " + to_days(" + days + "))";
    }
    return "(" + a[0].sql + " + to_microseconds(CAST(round(" + n + " * " +
           std::to_string(micros_per_unit) + ") AS BIGINT)))";
  };
}

Rule AddRule(bool whole_days) {
  return [whole_days](const Args& a, const CallSite&) {
    if (IsDate(a[0]) && !whole_days) return Type("Datetime");
    return a[0].type;
  };
}

// Microseconds (or nanoseconds) since the epoch of a Date or Datetime.
std::string Epoch(const Typed& a, const char* fn) {
  if (IsDate(a)) return std::string(fn) + "(CAST(" + a.sql + " AS TIMESTAMP))";
  return std::string(fn) + "(" + a.sql + ")";
}

Emit Difference(const char* fn, const std::string& divisor, const char* op) {
  return [=](const Args& a, const CallSite&) {
    if (IsDate(a[0]) && IsDate(a[1]) && divisor == "86400000000") {
      return "CAST((" + a[0].sql + " - " + a[1].sql + ") AS BIGINT)";
    }
    // BIGINT `//` truncates toward zero, as Polars' total_days / total_seconds.
    return "((" + Epoch(a[0], fn) + " - " + Epoch(a[1], fn) + ") " + op + " " + divisor + ")";
  };
}

Emit Part(const char* sql_fn, const char* sql_type) {
  return [=](const Args& a, const CallSite&) {
    return "CAST(" + std::string(sql_fn) + "(" + a[0].sql + ") AS " + sql_type + ")";
  };
}

std::string TruncateUnit(const std::string& every) {
  static const std::pair<const char*, const char*> kUnits[] = {
      {"1y", "year"},         {"1q", "quarter"},     {"1mo", "month"}, {"1w", "week"},
      {"1d", "day"},          {"1h", "hour"},        {"1m", "minute"}, {"1s", "second"},
      {"1ms", "millisecond"}, {"1us", "microsecond"}};
  for (const auto& [polars, unit] : kUnits)
    if (every == polars) return unit;
  return "";
}

std::string KeepDateType(const Typed& a, const std::string& sql) {
  return "CAST(" + sql + " AS " + a.type.ToSql() + ")";
}

Emit Truncate(bool named_parts) {
  return [=](const Args& a, const CallSite& s) {
    const std::string every = StringLiteralArg(a[1], s, named_parts ? "part" : "truncate_by");
    if (IsNull(a[0].type)) return std::string("NULL");
    if (named_parts) {
      static const char* const kParts[] = {"year", "month", "day", "hour", "minute", "second"};
      for (const char* part : kParts) {
        if (every == part) {
          return KeepDateType(a[0], "date_trunc('" + every + "', " + a[0].sql + ")");
        }
      }
      ThrowAt(s.formula, a[1].node->position,
              "date_trim(): part must be \"year\", \"month\", \"day\", \"hour\", \"minute\" or "
              "\"second\", not \"" +
                  every + "\"");
    }
    const std::string unit = TruncateUnit(every);
    if (!unit.empty()) return KeepDateType(a[0], "date_trunc('" + unit + "', " + a[0].sql + ")");
    std::string interval;
    try {
      interval = frame::DurationToInterval(every);
    } catch (const Error& e) {
      ThrowAt(s.formula, a[1].node->position, std::string("date_truncate(): ") + e.what());
    }
    // Buckets count from the Unix epoch (weeks from its first Monday), as Polars.
    const std::string day = every.find('w') != std::string::npos ? "1970-01-05" : "1970-01-01";
    const std::string origin = IsDate(a[0]) ? "DATE '" + day + "'" : "TIMESTAMP '" + day + "'";
    return KeepDateType(a[0], "time_bucket(" + interval + ", " + a[0].sql + ", " + origin + ")");
  };
}

}  // namespace

void AddDateFunctions(std::vector<FunctionSpec>& out) {
  const std::vector<ArgKind> dn = {K::kTemporal, K::kNumber};
  const std::vector<ArgKind> d1 = {K::kTemporal};
  const std::vector<ArgKind> dt1 = {K::kDatetime};
  out.push_back(Date("add_days", "add_days(date_value, days)", "The date plus days days.",
                     "add_days([order_date], 5)", 2, 2, dn, {}, AddRule(true), AddUnits(1, 0)));
  out.push_back(Date("add_hours", "add_hours(date_value, hours)", "The datetime plus hours.",
                     "add_hours([start], 3)", 2, 2, dn, {}, AddRule(false),
                     AddUnits(0, 3600000000LL)));
  out.push_back(Date("add_minutes", "add_minutes(date_value, minutes)",
                     "The datetime plus minutes.", "add_minutes([start], 15)", 2, 2, dn, {},
                     AddRule(false), AddUnits(0, 60000000LL)));
  out.push_back(Date("add_months", "add_months(date_value, months)",
                     "The date plus calendar months (the day is kept, or clamped to the month's "
                     "last day).",
                     "add_months([order_date], 2)", 2, 2, dn, {}, AddRule(true),
                     [](const Args& a, const CallSite&) {
                       if (IsNull(a[0].type)) return std::string("NULL");
                       return KeepDateType(a[0], "(" + a[0].sql + " + to_months(CAST(" + a[1].sql +
                                                     " AS INTEGER)))");
                     }));
  out.push_back(Date("add_seconds", "add_seconds(date_value, seconds)",
                     "The datetime plus seconds.", "add_seconds([start], 30)", 2, 2, dn, {},
                     AddRule(false), AddUnits(0, 1000000LL)));
  out.push_back(Date("add_weeks", "add_weeks(date_value, weeks)", "The date plus 7 * weeks days.",
                     "add_weeks([order_date], 2)", 2, 2, dn, {}, AddRule(true), AddUnits(7, 0)));
  out.push_back(Date("add_years", "add_years(date_value, years)",
                     "The date plus 365 * years days (not calendar years: leap days shift it).",
                     "add_years([order_date], 1)", 2, 2, dn, {}, AddRule(true), AddUnits(365, 0)));
  out.push_back(Date("date_diff_days", "date_diff_days(date1, date2)",
                     "Whole days from date2 to date1 (truncated toward zero).",
                     "date_diff_days([end_date], [start_date])", 2, 2, {K::kTemporal}, {},
                     Fixed("Int64"), Difference("epoch_us", "86400000000", "//")));
  out.push_back(Date("date_trim", "date_trim(date_value, part)",
                     "The date cut back to the start of its year, month, day, hour, minute or "
                     "second.",
                     "date_trim([created_at], \"day\")", 2, 2, {K::kTemporal, K::kText}, {1},
                     SameAs(0), Truncate(true)));
  out.push_back(Date("date_truncate", "date_truncate(date_value, truncate_by)",
                     "The date cut back to a multiple of a duration such as \"1d\", \"2h\", "
                     "\"15m\", \"1mo\".",
                     "date_truncate([created_at], \"1h\")", 2, 2, {K::kTemporal, K::kText}, {1},
                     SameAs(0), Truncate(false)));
  out.push_back(Date("datetime_diff_nanoseconds", "datetime_diff_nanoseconds(date1, date2)",
                     "Nanoseconds from date2 to date1.",
                     "datetime_diff_nanoseconds([end], [start])", 2, 2, {K::kTemporal}, {},
                     Fixed("Int64"), Difference("epoch_ns", "1", "*")));
  out.push_back(Date("datetime_diff_seconds", "datetime_diff_seconds(date1, date2)",
                     "Whole seconds from date2 to date1 (truncated toward zero).",
                     "datetime_diff_seconds([end], [start])", 2, 2, {K::kTemporal}, {},
                     Fixed("Int64"), Difference("epoch_us", "1000000", "//")));
  out.push_back(Date("day", "day(date_value)", "Day of the month, 1-31.", "day([order_date])", 1, 1,
                     d1, {}, Fixed("Int8"), Part("day", "TINYINT")));
  out.push_back(Date("dayofweek", "dayofweek(date_value)", "Day of the week, Monday 1 to Sunday 7.",
                     "dayofweek([order_date])", 1, 1, d1, {}, Fixed("Int8"),
                     Part("isodow", "TINYINT")));
  out.push_back(Date("dayofyear", "dayofyear(date_value)", "Day of the year, 1-366.",
                     "dayofyear([order_date])", 1, 1, d1, {}, Fixed("Int16"),
                     Part("dayofyear", "SMALLINT")));
  out.push_back(Date("end_of_month", "end_of_month(date_value)",
                     "The last day of the date's month (a datetime keeps its time of day).",
                     "end_of_month([order_date])", 1, 1, d1, {}, SameAs(0),
                     [](const Args& a, const CallSite&) {
                       if (IsDate(a[0]) || IsNull(a[0].type)) return "last_day(" + a[0].sql + ")";
                       return "(" + a[0].sql + " + to_days(CAST(day(last_day(" + a[0].sql +
                              ")) - day(" + a[0].sql + ") AS INTEGER)))";
                     }));
  out.push_back(Date("format_date", "format_date(date_value, date_format='%Y-%m-%d')",
                     "The date as text in a strftime format such as \"%d/%m/%Y\".",
                     "format_date([order_date], \"%Y-%m\")", 1, 2, {K::kTemporal, K::kText}, {1},
                     Fixed("String"), [](const Args& a, const CallSite& s) {
                       const std::string format =
                           a.size() > 1 ? StringLiteralArg(a[1], s, "date_format") : "%Y-%m-%d";
                       return "strftime(" + a[0].sql + ", " + Quoted(format) + ")";
                     }));
  out.push_back(Date("hour", "hour(datetime_value)", "Hour, 0-23.", "hour([created_at])", 1, 1, dt1,
                     {}, Fixed("Int8"), Part("hour", "TINYINT")));
  out.push_back(Date("minute", "minute(datetime_value)", "Minute, 0-59.", "minute([created_at])", 1,
                     1, dt1, {}, Fixed("Int8"), Part("minute", "TINYINT")));
  out.push_back(Date("month", "month(date_value)", "Month, 1-12.", "month([order_date])", 1, 1, d1,
                     {}, Fixed("Int8"), Part("month", "TINYINT")));
  out.push_back(Date("now", "now()",
                     "The current local date and time, fixed when the formula is compiled.",
                     "now()", 0, 0, {}, {}, Fixed("Datetime"),
                     [](const Args&, const CallSite& s) { return s.now_sql; }));
  out.push_back(Date("quarter", "quarter(date_value)", "Quarter of the year, 1-4.",
                     "quarter([order_date])", 1, 1, d1, {}, Fixed("Int8"),
                     Part("quarter", "TINYINT")));
  out.push_back(Date("second", "second(datetime_value)", "Second, 0-59.", "second([created_at])", 1,
                     1, dt1, {}, Fixed("Int8"), Part("second", "TINYINT")));
  out.push_back(Date(
      "start_of_month", "start_of_month(date_value)",
      "The first day of the date's month (a datetime keeps its time of day).",
      "start_of_month([order_date])", 1, 1, d1, {}, SameAs(0), [](const Args& a, const CallSite&) {
        if (IsDate(a[0]) || IsNull(a[0].type)) {
          return "CAST(date_trunc('month', " + a[0].sql + ") AS DATE)";
        }
        return "(" + a[0].sql + " - to_days(CAST(day(" + a[0].sql + ") - 1 AS INTEGER)))";
      }));
  out.push_back(Date("today", "today()",
                     "The current local date and time (with the time of day, as Flowfile), "
                     "fixed when the formula is compiled.",
                     "date_diff_days(today(), [hire_date])", 0, 0, {}, {}, Fixed("Datetime"),
                     [](const Args&, const CallSite& s) { return s.now_sql; }));
  out.push_back(Date("week", "week(date_value)", "ISO week number, 1-53.", "week([order_date])", 1,
                     1, d1, {}, Fixed("Int8"), Part("week", "TINYINT")));
  out.push_back(Date("weekday", "weekday(date_value)", "Same as dayofweek: Monday 1 to Sunday 7.",
                     "weekday([order_date])", 1, 1, d1, {}, Fixed("Int8"),
                     Part("isodow", "TINYINT")));
  out.push_back(Date("year", "year(date_value)", "The year.", "year([order_date])", 1, 1, d1, {},
                     Fixed("Int32"), Part("year", "INTEGER")));
}

}  // namespace ff::formulas
