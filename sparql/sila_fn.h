/* sila_fn.h — SPARQL 1.1 builtin functions (§17.4), XSD casts (§17.5) and
 * aggregate accumulators (§18.5), on SilaValue.
 *
 * Independent of the parser: the executor maps a call in the algebra to a
 * SilaFnId (by keyword with sila_fn_lookup_name, by IRI for casts with
 * sila_fn_lookup_iri), evaluates the arguments to SilaValues and calls
 * sila_fn_call.  Functions that need lazy evaluation (BOUND, IF, COALESCE,
 * IN, NOT IN, EXISTS, && and ||) belong to the executor; sila_fn_in_step
 * helps with IN.
 *
 * Errors: SILA_ERR_TYPE is the spec's "expression error" (wrong argument
 * type, unbound argument, invalid lexical form, ...); SILA_ERR_NOMEM when
 * the arena ran out; SILA_ERR_INVALID for a wrong number of arguments
 * (normally caught by the parser).
 *
 * Memory: result strings are allocated in ctx->arena and live until that
 * arena is freed; results may also point into the argument values.
 *
 * Threads: a context belongs to one thread at a time.  REGEX and REPLACE
 * keep a small per-thread cache of compiled patterns, released when the
 * thread exits; nothing needs cleaning up by the caller.
 */
#ifndef SILA_FN_H
#define SILA_FN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_arena.h"
#include "sila_status.h"
#include "sila_value.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  SILA_FN_NONE = 0,
  /* terms */
  SILA_FN_STR, SILA_FN_LANG, SILA_FN_LANGMATCHES, SILA_FN_DATATYPE, SILA_FN_IRI,
  SILA_FN_BNODE, SILA_FN_STRDT, SILA_FN_STRLANG, SILA_FN_UUID, SILA_FN_STRUUID,
  SILA_FN_ISIRI, SILA_FN_ISBLANK, SILA_FN_ISLITERAL, SILA_FN_ISNUMERIC, SILA_FN_SAMETERM,
  /* SPARQL 1.2 base direction ("text"@ar--rtl: the tag holds the direction) */
  SILA_FN_LANGDIR, SILA_FN_HASLANG, SILA_FN_HASLANGDIR, SILA_FN_STRLANGDIR,
  /* SPARQL 1.2 triple terms */
  SILA_FN_TRIPLE, SILA_FN_SUBJECT, SILA_FN_PREDICATE, SILA_FN_OBJECT, SILA_FN_ISTRIPLE,
  /* strings */
  SILA_FN_STRLEN, SILA_FN_SUBSTR, SILA_FN_UCASE, SILA_FN_LCASE, SILA_FN_STRSTARTS,
  SILA_FN_STRENDS, SILA_FN_CONTAINS, SILA_FN_STRBEFORE, SILA_FN_STRAFTER,
  SILA_FN_ENCODE_FOR_URI, SILA_FN_CONCAT, SILA_FN_REGEX, SILA_FN_REPLACE,
  /* numerics */
  SILA_FN_ABS, SILA_FN_ROUND, SILA_FN_CEIL, SILA_FN_FLOOR, SILA_FN_RAND,
  /* dates */
  SILA_FN_NOW, SILA_FN_YEAR, SILA_FN_MONTH, SILA_FN_DAY, SILA_FN_HOURS, SILA_FN_MINUTES,
  SILA_FN_SECONDS, SILA_FN_TIMEZONE, SILA_FN_TZ,
  /* hashes */
  SILA_FN_MD5, SILA_FN_SHA1, SILA_FN_SHA256, SILA_FN_SHA384, SILA_FN_SHA512,
  /* casts (XSD constructor functions) */
  SILA_FN_CAST_STRING, SILA_FN_CAST_INTEGER, SILA_FN_CAST_DECIMAL, SILA_FN_CAST_FLOAT,
  SILA_FN_CAST_DOUBLE, SILA_FN_CAST_BOOLEAN, SILA_FN_CAST_DATETIME,
  /* casts beyond SPARQL 1.1's list (XPath constructor functions that users
   * of other stores expect): dates, durations, integer-derived types */
  SILA_FN_CAST_DATE, SILA_FN_CAST_TIME, SILA_FN_CAST_DURATION, SILA_FN_CAST_DAYTIMEDURATION,
  SILA_FN_CAST_YEARMONTHDURATION, SILA_FN_CAST_INT, SILA_FN_CAST_LONG, SILA_FN_CAST_SHORT,
  SILA_FN_CAST_BYTE, SILA_FN_CAST_NONNEGATIVEINTEGER, SILA_FN_CAST_POSITIVEINTEGER,
  SILA_FN_CAST_NONPOSITIVEINTEGER, SILA_FN_CAST_NEGATIVEINTEGER, SILA_FN_CAST_UNSIGNEDLONG,
  SILA_FN_CAST_UNSIGNEDINT, SILA_FN_CAST_UNSIGNEDSHORT, SILA_FN_CAST_UNSIGNEDBYTE,
  SILA_FN_COUNT_
} SilaFnId;

/* Per-query (and per-row) state the functions need.  Initialise with
 * sila_fn_context_init, set the fields, and call sila_fn_context_next_row
 * before evaluating each solution (BNODE(str) gives the same blank node
 * for the same string within one row only). */
typedef struct {
  SilaArena *arena;     /* where result strings go (required) */
  const char *base_iri; /* for IRI(): NULL = no base (relative IRIs kept as written) */
  size_t base_len;
  SilaDateTime now;     /* NOW(): one value per query, set once by the caller */
  uint64_t rand_state;  /* RAND / UUID state (xorshift); seeded by init */
  uint64_t row;         /* current solution number, for BNODE(str) scoping */
  uint64_t bnode_counter;
  uint64_t query_id;    /* distinguishes blank nodes of different queries */
} SilaFnContext;

/* Sets arena, clears the rest, takes NOW from the system clock (UTC, with
 * microseconds) and seeds RAND from the clock and the address of ctx. */
void sila_fn_context_init(SilaFnContext *ctx, SilaArena *arena);

/* Moves BNODE(str) scoping to the next solution. */
void sila_fn_context_next_row(SilaFnContext *ctx);

/* The function of a SPARQL keyword ("STRLEN", "isIRI", "ucase", ... case
 * insensitive), or SILA_FN_NONE. */
SilaFnId sila_fn_lookup_name(const char *name, size_t len);

/* The function of an IRI call: the XSD cast functions of SPARQL 1.1
 * (xsd:string, xsd:integer, xsd:decimal, xsd:float, xsd:double,
 * xsd:boolean, xsd:dateTime) and the extra ones above (xsd:date, xsd:time,
 * the durations, xsd:int, xsd:long, ... xsd:unsignedByte), or
 * SILA_FN_NONE. */
SilaFnId sila_fn_lookup_iri(const char *iri, size_t len);

/* The keyword of a function (upper case, casts as their xsd: IRI). */
const char *sila_fn_name(SilaFnId fn);

/* Minimum and maximum argument counts (max SIZE_MAX for CONCAT). */
void sila_fn_arity(SilaFnId fn, size_t *min, size_t *max);

/* Calls fn on args.  Returns SILA_OK with *out set, or SILA_ERR_TYPE for an
 * expression error (an UNBOUND argument is always one), SILA_ERR_INVALID
 * for a bad argument count, SILA_ERR_NOMEM. */
SilaStatus sila_fn_call(SilaFnId fn, const SilaValue *args, size_t nargs, SilaFnContext *ctx,
                        SilaValue *out);

/* Helper for `x IN (e1, ...)`: the executor evaluates the list lazily and
 * calls this per member.  `*found` becomes true on a match; `*had_error`
 * records an error from `=` (the result is an error only when nothing
 * matched and some comparison erred).  Member errors the executor sees
 * itself also set had_error. */
void sila_fn_in_step(const SilaValue *x, const SilaValue *member, bool *found, bool *had_error);

/* ---- aggregates -------------------------------------------------------- */

typedef enum {
  SILA_AGG_COUNT, /* COUNT(expr); COUNT(*) is the executor's row count */
  SILA_AGG_SUM,
  SILA_AGG_AVG,
  SILA_AGG_MIN,
  SILA_AGG_MAX,
  SILA_AGG_SAMPLE,
  SILA_AGG_GROUP_CONCAT
} SilaAggKind;

typedef struct SilaAgg SilaAgg;

/* A new accumulator.  `separator` (GROUP_CONCAT only; NULL = " ") is
 * copied.  With `distinct`, repeated values (same term) are skipped.
 * NULL when memory ran out. */
SilaAgg *sila_agg_new(SilaAggKind kind, bool distinct, const char *separator);

/* Adds one value (the aggregate expression's result for one row; pass an
 * UNBOUND value when the expression erred or was unbound).  COUNT, MIN,
 * MAX, SAMPLE and GROUP_CONCAT skip UNBOUND values; SUM and AVG become
 * errors on them, as on a non-number.  GROUP_CONCAT joins the lexical
 * forms of literals (numbers too, as STR does) and errs on IRIs and blank
 * nodes.  The value is copied when kept: it need not outlive the call.
 * Returns SILA_ERR_NOMEM only; errors are remembered in the accumulator. */
SilaStatus sila_agg_step(SilaAgg *agg, const SilaValue *value);

/* The aggregate's value.  COUNT of nothing is 0, SUM of nothing 0, AVG of
 * nothing 0, GROUP_CONCAT of nothing ""; MIN / MAX / SAMPLE of nothing
 * give an UNBOUND value.  SILA_ERR_TYPE when a step erred.  The result's
 * strings are copied into `arena`: it outlives the accumulator.  May be
 * called more than once. */
SilaStatus sila_agg_result(SilaAgg *agg, SilaArena *arena, SilaValue *out);

/* Releases the accumulator.  Safe with NULL. */
void sila_agg_free(SilaAgg *agg);

#ifdef __cplusplus
}
#endif
#endif
