/* csvw_table.h — a table ready for conversion: its dialect, its columns
 * with inherited properties resolved and datatypes compiled, and the
 * parsing of cells (CSVW Tabular Data Model §6.4).  Internal. */
#ifndef SILA_CSVW_TABLE_H
#define SILA_CSVW_TABLE_H

#include <jansson.h>

#include "csvw_csv.h"
#include "csvw_datatype.h"
#include "csvw_fetch.h"
#include "csvw_util.h"

typedef struct SilaCsvwLookup SilaCsvwLookup; /* extension: csvw_ext.c */

typedef struct {
  char *name;
  json_t *titles; /* {lang: [titles]} (owned reference) or NULL */
  size_t number;  /* 1-based */
  bool is_virtual, suppress;
  char *about_url, *property_url, *value_url; /* templates or NULL */
  SilaCsvwDatatype *dt;
  char *default_value;
  char *lang; /* "und" when none */
  char **nulls;
  size_t n_nulls;
  bool ordered, required;
  char *separator; /* NULL = single values */
  /* Sila extensions */
  int zero_pad;
  bool slug; /* SILA_CSVW_NS "slug": values in slug form (csvw_slug.h) */
  SilaCsvwLookup *lookup;
} SilaCsvwColumn;

typedef struct {
  json_t *desc;  /* the table description (borrowed from the group) */
  json_t *group; /* borrowed */
  const char *url;
  SilaCsvwDialect dialect;
  bool suppress;
  SilaCsvwColumn *cols;
  size_t ncols;
  size_t *pk, npk;     /* primary key column indexes */
  size_t *titles, ntitles; /* rowTitles column indexes */
} SilaCsvwTable;

/* One parsed cell value (a list when the column has a separator). */
typedef struct {
  bool is_null;
  char *str;     /* the string value after whitespace/default processing */
  char *lexical; /* literal lexical form when valid, else NULL */
  bool valid;
} SilaCsvwValue;

typedef struct {
  bool is_null;     /* no value at all */
  bool is_list;
  SilaCsvwValue *items;
  size_t n;
} SilaCsvwCell;

/* Prepares `t` for the table description `desc` in normalised group
 * `group`: dialect (table, then group, then `content_type` hints, then
 * defaults) and the metadata's columns.  Errors: SILA_ERR_INVALID. */
SilaStatus sila_csvw_table_init(SilaCsvwTable *t, json_t *group, json_t *desc,
                                const char *content_type, const SilaCsvwFetcher *f, bool ext,
                                SilaCsvwDiag *diag, SilaError *err);
/* Merges the titles read from the header rows (`header` one array of
 * titles per column) with the metadata's columns: adds columns when the
 * metadata has none, warns on incompatible titles, adds "_col.N" columns
 * for extra cells. */
SilaStatus sila_csvw_table_set_header(SilaCsvwTable *t, char ***header, size_t *nheader,
                                      size_t ncols, bool ext, SilaCsvwDiag *diag, SilaError *err);
void sila_csvw_table_clear(SilaCsvwTable *t);

/* Parses the raw string of column `c` (NULL for a virtual column or a
 * missing cell); warnings name row and column. */
void sila_csvw_cell_parse(const SilaCsvwColumn *c, const char *raw, SilaCsvwCell *cell,
                          SilaCsvwDiag *diag, unsigned long row);
void sila_csvw_cell_clear(SilaCsvwCell *cell);

/* Sila extensions (csvw_ext.c). */
SilaCsvwLookup *sila_csvw_lookup_load(json_t *spec, const char *base, const SilaCsvwFetcher *f,
                                      SilaCsvwDiag *diag, SilaError *err);
/* The code for `name`, or NULL (borrowed from the lookup table). */
const char *sila_csvw_lookup_find(const SilaCsvwLookup *l, const char *name);
/* The closest names of the table to `name` that it lacks, as the table
 * writes them, and their codes; or, for a former municipality, when it
 * ceased and what it became (strings borrowed from the table). */
typedef struct {
  const char *names[SILA_CSVW_MSG_SUGGESTIONS_MAX], *codes[SILA_CSVW_MSG_SUGGESTIONS_MAX];
  size_t n;
  const char *former_until, *former_now, *former_now_code;
} SilaCsvwSuggestions;
void sila_csvw_lookup_suggestions(const SilaCsvwLookup *l, const char *name,
                                  SilaCsvwSuggestions *out);
/* The same in English for the text message: " — did you mean \"A\" (code),
 * …?", " — a former municipality, ceased on …", or the advice when nothing
 * is close ("" for an empty table); into buf, returned. */
char *sila_csvw_suggestions_text(const SilaCsvwLookup *l, const SilaCsvwSuggestions *found,
                                 char *buf, size_t size);
/* The table's file name ("" when unknown). */
const char *sila_csvw_lookup_table(const SilaCsvwLookup *l);
void sila_csvw_lookup_free(SilaCsvwLookup *l);
/* Folds a name for matching: lower case, accents and apostrophes removed,
 * runs of spaces/punctuation made one space.  New string. */
char *sila_csvw_fold_name(const char *s);

#endif
