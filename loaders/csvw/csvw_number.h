/* csvw_number.h — UAX35 number patterns as CSVW uses them.  Internal. */
#ifndef SILA_CSVW_NUMBER_H
#define SILA_CSVW_NUMBER_H

#include <stdbool.h>

/* True when `pattern` is a number format pattern CSVW requires support for
 * (symbols 0 # decimalChar groupChar E + - % ‰ plus literal prefix/suffix). */
bool sila_csvw_number_pattern_ok(const char *pattern, const char *decimal_char,
                                 const char *group_char);

/* The PCRE2 regular expression equivalent to `pattern` (new string), or
 * NULL when the pattern is not valid. */
char *sila_csvw_number_pattern_regex(const char *pattern, const char *decimal_char,
                                     const char *group_char);

/* A pattern compiled once (for a column) and its use per cell: the same
 * as sila_csvw_number_parse with `pattern`, without recompiling.  NULL
 * when the pattern is invalid.  Free with sila_csvw_number_pattern_free. */
typedef struct SilaCsvwNumPattern SilaCsvwNumPattern;
SilaCsvwNumPattern *sila_csvw_number_pattern_compile(const char *pattern, const char *decimal_char,
                                                     const char *group_char);
void sila_csvw_number_pattern_free(SilaCsvwNumPattern *p);
bool sila_csvw_number_parse_compiled(const char *s, const SilaCsvwNumPattern *p,
                                     const char *decimal_char, const char *group_char,
                                     bool allow_exp, bool allow_special, char **out);

#endif
