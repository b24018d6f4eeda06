/* sila_fn_internal.h — helpers shared by the sila_value / sila_fn_* files
 * (not part of the public API). */
#ifndef SILA_FN_INTERNAL_H
#define SILA_FN_INTERNAL_H

#include "sila_fn.h"
#include "sila_value.h"

/* The kind an XSD datatype IRI maps to; SILA_VAL_OTHER when unknown. */
SilaValueKind sila_fn_xsd_kind(const char *dt, size_t len);

/* Lexical parsers (no surrounding whitespace allowed). */
bool sila_fn_parse_integer(const char *s, size_t len, SilaInt128 *out);
bool sila_fn_parse_double(const char *s, size_t len, double *out);

/* Canonical XSD double/float form ("1.0E0") and the XPath string-cast form
 * ("1", "0.5", "1.0E7") into buf (>= 64 bytes). */
size_t sila_fn_format_double(double d, bool is_float, char *buf);
size_t sila_fn_format_double_xpath(double d, bool is_float, char *buf);
/* The canonical lexical form of a computed literal value (boolean,
 * number, date, duration) into buf (>= 128 bytes); 0 for other kinds. */
size_t sila_fn_format_lexical(const SilaValue *v, char *buf);
/* XPath cast-to-string form of a decimal: "2", "2.5". */
size_t sila_fn_decimal_format_xpath(SilaDecimal d, char *buf);
/* Rounds half away from zero to `digits` fractional digits (no-op when the
 * scale is already smaller). */
SilaDecimal sila_fn_decimal_round_to(SilaDecimal d, int digits);
/* floor / ceiling / XPath round (half towards +INF) to an integer-valued decimal. */
SilaDecimal sila_fn_decimal_floor(SilaDecimal d);
SilaDecimal sila_fn_decimal_ceil(SilaDecimal d);
SilaDecimal sila_fn_decimal_round(SilaDecimal d);
/* Integer part (truncated) of a decimal as int128. */
SilaInt128 sila_fn_decimal_trunc(SilaDecimal d);
/* 10^n for 0 <= n <= 38. */
SilaInt128 sila_fn_pow10(int n);

/* Numeric value as double / as decimal (SILA_ERR_TYPE when not possible). */
double sila_fn_to_double(const SilaValue *v);
SilaStatus sila_fn_to_decimal(const SilaValue *v, SilaDecimal *out);

/* Date helpers: days since 1970-01-01 of a proleptic Gregorian date. */
int64_t sila_fn_days_from_civil(int64_t y, int m, int d);
void sila_fn_civil_from_days(int64_t z, int64_t *y, int *m, int *d);
/* The instant of a date/time as seconds since the epoch (tz applied when
 * present, else taken as UTC). */
SilaDecimal sila_fn_datetime_seconds(SilaValueKind kind, const SilaDateTime *dt);

/* The next number of the context's xorshift generator. */
uint64_t sila_fn_random(SilaFnContext *ctx);

/* + and - on dates/times/durations; SILA_ERR_TYPE when not defined. */
SilaStatus sila_fn_date_arith(SilaArithOp op, const SilaValue *a, const SilaValue *b,
                              SilaValue *out);

/* Case mapping for ASCII, Latin-1 and Latin Extended-A: the fallback when
 * the C.UTF-8 locale is missing (exposed for tests). */
uint32_t sila_fn_latin_case(uint32_t c, bool upper);

/* Arena helpers. */
char *sila_fn_strdup(SilaFnContext *ctx, const char *s, size_t len);

/* Result constructors that copy into the context's arena. */
SilaStatus sila_fn_make_string(SilaFnContext *ctx, const char *s, size_t len,
                               const SilaValue *like, SilaValue *out);

/* Groups of SilaFnId handled in each file. */
SilaStatus sila_fn_call_string(SilaFnId fn, const SilaValue *args, size_t nargs,
                               SilaFnContext *ctx, SilaValue *out);
SilaStatus sila_fn_call_regex(SilaFnId fn, const SilaValue *args, size_t nargs,
                              SilaFnContext *ctx, SilaValue *out);
SilaStatus sila_fn_call_numeric(SilaFnId fn, const SilaValue *args, size_t nargs,
                                SilaFnContext *ctx, SilaValue *out);
SilaStatus sila_fn_call_datetime(SilaFnId fn, const SilaValue *args, size_t nargs,
                                 SilaFnContext *ctx, SilaValue *out);
SilaStatus sila_fn_call_hash(SilaFnId fn, const SilaValue *args, size_t nargs,
                             SilaFnContext *ctx, SilaValue *out);
SilaStatus sila_fn_call_cast(SilaFnId fn, const SilaValue *args, size_t nargs,
                             SilaFnContext *ctx, SilaValue *out);
SilaStatus sila_fn_call_term(SilaFnId fn, const SilaValue *args, size_t nargs,
                             SilaFnContext *ctx, SilaValue *out);

#endif
