/* csvw_datatype.h — CSVW built-in datatypes, derived datatypes and formats.
 *
 * A datatype description from the metadata (jansson object or string) is
 * compiled once per column; each cell's string is then checked and turned
 * into the lexical form of its RDF literal.  Internal to loaders/. */
#ifndef SILA_CSVW_DATATYPE_H
#define SILA_CSVW_DATATYPE_H

#include <jansson.h>
#include <stdbool.h>

#include "csvw_util.h"
#include "sila_status.h"

typedef struct SilaCsvwDatatype SilaCsvwDatatype;

/* Compiles a datatype (a built-in name, an absolute-IRI "@id" object, or a
 * derived datatype object with base/format/length/min.../max...).  `base_iri`
 * resolves a relative "@id".  Bad formats and unknown names are warnings
 * (the datatype falls back as CSVW says); contradictory facets are errors:
 * returns NULL with err set (SILA_ERR_INVALID).  With `dt` NULL compiles the
 * default (string).  `ext` enables Sila's extensions (two-digit years). */
SilaCsvwDatatype *sila_csvw_datatype_compile(json_t *dt, SilaCsvwDiag *diag, bool ext,
                                             SilaError *err);
void sila_csvw_datatype_free(SilaCsvwDatatype *dt);

/* The base's CSVW name ("string", "integer", ...). */
const char *sila_csvw_datatype_base(const SilaCsvwDatatype *dt);
/* The IRI of the RDF literal datatype; NULL for xsd:string. */
const char *sila_csvw_datatype_iri(const SilaCsvwDatatype *dt);
/* True for string-like bases that keep whitespace (string, json, xml,
 * html, anyAtomicType) / that only normalise it (normalizedString). */
bool sila_csvw_datatype_keeps_space(const SilaCsvwDatatype *dt);
bool sila_csvw_datatype_is_normalized_string(const SilaCsvwDatatype *dt);
/* True when the literal may carry the column's language (string types). */
bool sila_csvw_datatype_takes_lang(const SilaCsvwDatatype *dt);

/* Checks `s` against the datatype and its format and facets.  Returns true
 * and a new string in *lexical (the literal's lexical form, e.g. "1000.5"
 * for "1.000,5" with decimalChar ","), or false and a new message in *why. */
bool sila_csvw_datatype_parse(const SilaCsvwDatatype *dt, const char *s, char **lexical,
                              char **why);

/* Pieces usable on their own (unit tests, extensions).  Each returns true
 * and a new string on success. */
bool sila_csvw_number_parse(const char *s, const char *pattern, const char *decimal_char,
                            const char *group_char, bool allow_exp, bool allow_special,
                            char **out);
/* date_kind: 0 date, 1 time, 2 dateTime.  pivot: two-digit-year pivot
 * (yy < pivot → 20yy, else 19yy) or -1 when "yy" is not allowed. */
bool sila_csvw_date_parse(const char *s, const char *pattern, int date_kind, int pivot,
                          char **out);
/* True when `pattern` is a date/time format CSVW (or, with pivot >= 0, Sila) knows. */
bool sila_csvw_date_pattern_ok(const char *pattern, int date_kind, bool allow_yy);

#endif
