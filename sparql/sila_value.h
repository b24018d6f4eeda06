/* sila_value.h — typed values for SPARQL expression evaluation.
 *
 * A SilaValue is an RDF term (SilaTerm) together with what its lexical form
 * means: numbers with XSD type promotion, exact decimals, booleans, strings,
 * dates/times/durations with time zones.  Values are built from terms
 * (sila_value_from_term) and turned back into terms (sila_value_to_term);
 * a value made from a term keeps that term, so a non-canonical lexical form
 * such as "01"^^xsd:integer round-trips exactly, while computed values get
 * the form XPath's cast to xs:string gives (docs/numbers.md): integers and
 * decimals in XSD 1.1 canonical form ("3", "1.5"), floats and doubles in
 * plain notation for 1e-6 <= |x| < 1e6 ("6", "0.25"), else "1.0E6".
 *
 * Numbers:
 *   - xsd:integer and every type derived from it (xsd:int, xsd:long,
 *     xsd:nonNegativeInteger, ...) are held as signed 128-bit integers
 *     (about ±1.7e38).  Arithmetic that leaves that range is an error
 *     (SILA_ERR_TYPE), never a silent wrap.  A lexical form with more digits
 *     than fit is kept as an "other" literal (comparable only by sameTerm).
 *   - xsd:decimal is exact: a 128-bit mantissa and a decimal scale (digits
 *     after the point, 0..SILA_DEC_MAX_SCALE), so 0.1 + 0.2 = 0.3 exactly.
 *     Division keeps SILA_DEC_DIV_DIGITS digits after the point (truncated),
 *     e.g. 1/3 = 0.33333333333333333333 (20 threes).  Computed decimals are
 *     written in XSD 1.1 canonical form: "1", "0.5", "-2.25".
 *   - xsd:float / xsd:double are IEEE binary32 / binary64; computed ones
 *     are written with the shortest digits that read back to the same
 *     number: "6", "0.25" for 1e-6 <= |x| < 1e6, else "1.0E6", "-1.5E-7",
 *     and "INF", "NaN".
 * Literals of a known datatype whose lexical form is invalid
 * ("abc"^^xsd:integer) are valid terms of kind SILA_VAL_OTHER with
 * `ill_typed` set: they compare only by term equality, and arithmetic on
 * them is a type error.
 *
 * Memory: values never own memory.  Strings point at the source term or at
 * the SilaArena given to the function that made them; they live as long as
 * that memory.
 */
#ifndef SILA_VALUE_H
#define SILA_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_arena.h"
#include "sila_status.h"
#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef __int128 SilaInt128;

/* An exact decimal: m * 10^-scale. */
typedef struct {
  SilaInt128 m;
  int scale; /* 0 .. SILA_DEC_MAX_SCALE */
} SilaDecimal;

#define SILA_DEC_MAX_SCALE 38
#define SILA_DEC_DIV_DIGITS 20

typedef enum {
  SILA_VAL_UNBOUND = 0, /* no value (an unbound variable) */
  SILA_VAL_IRI,
  SILA_VAL_BLANK,
  SILA_VAL_STRING,     /* simple literal / xsd:string */
  SILA_VAL_LANGSTRING, /* rdf:langString */
  SILA_VAL_BOOLEAN,
  SILA_VAL_INTEGER, /* xsd:integer and derived types */
  SILA_VAL_DECIMAL,
  SILA_VAL_FLOAT,
  SILA_VAL_DOUBLE,
  SILA_VAL_DATETIME,
  SILA_VAL_DATE,
  SILA_VAL_TIME,
  SILA_VAL_DURATION,          /* xsd:duration */
  SILA_VAL_DAYTIMEDURATION,   /* xsd:dayTimeDuration */
  SILA_VAL_YEARMONTHDURATION, /* xsd:yearMonthDuration */
  SILA_VAL_OTHER, /* unknown datatype, or an ill-typed literal of a known one */
  SILA_VAL_TRIPLE /* RDF 1.2 triple term: term.triple holds s, p, o (not a literal) */
} SilaValueKind;

/* Date, time or dateTime.  Unused fields are 0 (a date has hour 0, a time
 * has year 0, month 1, day 1).  Seconds are exact. */
typedef struct {
  int64_t year; /* may be negative (XSD 1.1: year 0 = 1 BCE) */
  int month, day, hour, minute;
  SilaDecimal second; /* 0 <= second < 60 */
  bool has_tz;
  int tz_minutes; /* offset from UTC, -840 .. 840 */
} SilaDateTime;

/* A duration: months and seconds, with one sign for both. */
typedef struct {
  int64_t months;      /* >= 0 */
  SilaDecimal seconds; /* >= 0 */
  bool negative;
} SilaDuration;

typedef struct {
  SilaValueKind kind;
  /* The term form.  Valid for every kind except UNBOUND when `has_term`;
   * computed numbers, booleans, dates and durations have has_term false
   * until sila_value_to_term formats them. */
  SilaTerm term;
  bool has_term;
  bool ill_typed; /* OTHER only: a known datatype with an invalid lexical form */
  union {
    bool b;
    SilaInt128 i;
    SilaDecimal dec;
    double d; /* FLOAT holds a value rounded to float precision */
    SilaDateTime dt;
    SilaDuration dur;
  } u;
} SilaValue;

/* ---- construction ---------------------------------------------------- */

/* Interprets `t` (borrowed: the value points into t's strings).  A NULL term
 * or kind NONE gives UNBOUND.  Never fails: a literal that does not parse as
 * its datatype becomes OTHER with ill_typed set. */
void sila_value_from_term(const SilaTerm *t, SilaValue *out);

/* Constructors of computed values (no term yet). */
SilaValue sila_value_unbound(void);
SilaValue sila_value_bool(bool b);
SilaValue sila_value_int(SilaInt128 i);
SilaValue sila_value_decimal(SilaDecimal d);
SilaValue sila_value_double(double d);
SilaValue sila_value_float(float f);
/* Strings and IRIs borrow `s` (len bytes, UTF-8). lang may be NULL. */
SilaValue sila_value_string(const char *s, size_t len);
SilaValue sila_value_langstring(const char *s, size_t len, const char *lang, size_t lang_len);
SilaValue sila_value_iri(const char *s, size_t len);
SilaValue sila_value_blank(const char *s, size_t len);
/* A literal with a datatype IRI; interpreted as sila_value_from_term does
 * (dt == NULL or xsd:string gives a STRING). */
SilaValue sila_value_typed(const char *s, size_t len, const char *dt, size_t dt_len);

/* Fills out->term (formatting the canonical lexical form into `arena` when
 * the value has no term yet) and returns SILA_OK, SILA_ERR_NOMEM, or
 * SILA_ERR_INVALID for an UNBOUND value.  The term lives as long as the
 * value's strings and the arena. */
SilaStatus sila_value_to_term(SilaValue *v, SilaArena *arena, SilaTerm *out);

/* The lexical form of a computed numeric, boolean, date or duration value
 * (numbers as above: decimals "1", doubles "1", "1.0E6"), NUL-terminated in
 * `arena`; for other kinds the term's own lexical form (borrowed, not
 * NUL-terminated).  NULL when memory ran out or the value is UNBOUND. */
const char *sila_value_canonical(const SilaValue *v, SilaArena *arena, size_t *len);

/* The datatype IRI of a literal value (static or the term's), or NULL for
 * IRIs, blank nodes and UNBOUND.  *len receives its length. */
const char *sila_value_datatype(const SilaValue *v, size_t *len);

/* ---- classification ---------------------------------------------------- */

bool sila_value_is_numeric(const SilaValue *v);
bool sila_value_is_literal(const SilaValue *v);
/* STRING or LANGSTRING. */
bool sila_value_is_stringlike(const SilaValue *v);

/* ---- decimals ---------------------------------------------------------- */

/* Parses an xsd:decimal lexical form ("-1.50", ".5", "+3."); false when it
 * is not one or has more digits than fit. */
bool sila_decimal_parse(const char *s, size_t len, SilaDecimal *out);
/* Writes the canonical form ("1.0", "-0.25") into buf (>= 48 bytes);
 * returns the length. */
size_t sila_decimal_format(SilaDecimal d, char *buf);
/* Exact operations; SILA_ERR_TYPE on overflow or division by zero. */
SilaStatus sila_decimal_add(SilaDecimal a, SilaDecimal b, SilaDecimal *out);
SilaStatus sila_decimal_sub(SilaDecimal a, SilaDecimal b, SilaDecimal *out);
SilaStatus sila_decimal_mul(SilaDecimal a, SilaDecimal b, SilaDecimal *out);
SilaStatus sila_decimal_div(SilaDecimal a, SilaDecimal b, SilaDecimal *out);
/* -1, 0, 1. */
int sila_decimal_cmp(SilaDecimal a, SilaDecimal b);
/* Removes trailing fractional zeros. */
SilaDecimal sila_decimal_normalize(SilaDecimal d);
double sila_decimal_to_double(SilaDecimal d);
/* Exact conversion of a finite double; SILA_ERR_TYPE for NaN/INF or a
 * magnitude that does not fit. */
SilaStatus sila_decimal_from_double(double x, SilaDecimal *out);
/* Writes a 128-bit integer in decimal into buf (>= 42 bytes); returns length. */
size_t sila_int128_format(SilaInt128 v, char *buf);

/* ---- operators (SPARQL 1.1 §17.3) -------------------------------------- */

/* Effective boolean value (§17.2.2): SILA_OK with *out set, or
 * SILA_ERR_TYPE (IRIs, blank nodes, unbound, other datatypes). */
SilaStatus sila_value_ebv(const SilaValue *v, bool *out);

/* RDFterm-equal (§17.4.1.7) / sameTerm (§17.4.1.8): same kind, lexical
 * form and datatype; language tags compared case-insensitively (RDF 1.1).
 * A computed value is compared through its canonical form, so a computed
 * 1 is the term "1"^^xsd:integer but not "01"^^xsd:integer. */
bool sila_value_same_term(const SilaValue *a, const SilaValue *b);

/* The `=` operator: numeric, string, boolean, date/time and duration
 * equality by value, otherwise RDFterm-equal.  Two different literals of
 * known, disjoint types are unequal (false, the W3C "KnownTypesDefault2Neq"
 * reading), and a language-tagged literal never equals one without the same
 * tag; SILA_ERR_TYPE when a different literal has an unknown datatype or is
 * ill-typed, when a date without zone is within 14 hours of one with a zone,
 * or when an argument is UNBOUND. */
SilaStatus sila_value_equal(const SilaValue *a, const SilaValue *b, bool *out);

typedef enum { SILA_OP_EQ, SILA_OP_NE, SILA_OP_LT, SILA_OP_GT, SILA_OP_LE, SILA_OP_GE } SilaCmpOp;

/* `= != < > <= >=`.  < > <= >= are defined for numerics, simple/xsd:string
 * literals (codepoint order), booleans, dateTimes/dates/times, and the
 * ordered durations; everything else is SILA_ERR_TYPE.  NaN compares false
 * (and != true). */
SilaStatus sila_value_compare_op(SilaCmpOp op, const SilaValue *a, const SilaValue *b, bool *out);

/* A total order for ORDER BY (§15.1): unbound < blank nodes < IRIs <
 * literals; literals ordered by value inside the numeric / string /
 * boolean / dateTime groups and otherwise by kind, lexical form, datatype
 * and language, so the order is deterministic.  Returns <0, 0, >0; 0 only
 * for the same term (or equal unbound). */
int sila_value_order(const SilaValue *a, const SilaValue *b);

/* ---- arithmetic -------------------------------------------------------- */

typedef enum { SILA_ARITH_ADD, SILA_ARITH_SUB, SILA_ARITH_MUL, SILA_ARITH_DIV } SilaArithOp;

/* a op b with XPath numeric promotion (integer < decimal < float < double);
 * integer / integer is a decimal.  SILA_ERR_TYPE for non-numeric operands,
 * overflow, or integer/decimal division by zero (float/double division by
 * zero gives INF/NaN).
 * As an extension (§17.3.1, the XPath operators SPARQL 1.2 adopts):
 * dateTime - dateTime, date - date, time - time give an
 * xsd:dayTimeDuration (a missing zone is taken as UTC); date/dateTime/time
 * ± yearMonthDuration / dayTimeDuration shift the value (day clamped to the
 * month's end: 2011-01-31 + P1M = 2011-02-28); durations of one kind add
 * and subtract. */
SilaStatus sila_value_arith(SilaArithOp op, const SilaValue *a, const SilaValue *b,
                            SilaValue *out);
/* Unary + (identity on numerics) and unary -.  SILA_ERR_TYPE when not numeric. */
SilaStatus sila_value_unary_plus(const SilaValue *a, SilaValue *out);
SilaStatus sila_value_negate(const SilaValue *a, SilaValue *out);

/* ---- dates ------------------------------------------------------------- */

/* Parse xsd:dateTime / date / time / duration lexical forms; false when invalid. */
bool sila_datetime_parse(SilaValueKind kind, const char *s, size_t len, SilaDateTime *out);
bool sila_duration_parse(SilaValueKind kind, const char *s, size_t len, SilaDuration *out);
/* Canonical forms into buf (>= 128 bytes); return the length. */
size_t sila_datetime_format(SilaValueKind kind, const SilaDateTime *dt, char *buf);
size_t sila_duration_format(SilaValueKind kind, const SilaDuration *d, char *buf);

#ifdef __cplusplus
}
#endif
#endif
