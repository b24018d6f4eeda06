/* csvw_keys.h — primary and foreign keys: sets of key values and the
 * reading of a referenced table's keys.  Memory grows with the number of
 * distinct keys only (the one place the mapper keeps per-row state).
 * Internal to loaders/. */
#ifndef SILA_CSVW_KEYS_H
#define SILA_CSVW_KEYS_H

#include "csvw_table.h"

typedef struct {
  char **slots;
  size_t cap, n;
} SilaCsvwKeySet;

/* Adds `key` (copied); false when it was already there. */
bool sila_csvw_keyset_add(SilaCsvwKeySet *s, const char *key);
bool sila_csvw_keyset_has(const SilaCsvwKeySet *s, const char *key);
void sila_csvw_keyset_clear(SilaCsvwKeySet *s);

/* The key of a row over columns idx[0..n): the values joined by U+001F.
 * NULL (no key) when one of them is null.  New string. */
char *sila_csvw_row_key(const SilaCsvwCell *cells, const size_t *idx, size_t n);

/* Column indexes of `names` (a string or array of column names) in `t`;
 * returns false when one is missing. *idx is new (caller frees). */
bool sila_csvw_column_indexes(const SilaCsvwTable *t, json_t *names, size_t **idx, size_t *n);

/* Reads the table described by `desc` (a table of the normalised `group`)
 * and adds the key over columns `names` of each of its rows to `set`. */
/* Keys seen more than once go to `dups` as well (a foreign key must
 * reference exactly one row). */
SilaStatus sila_csvw_collect_keys(json_t *group, json_t *desc, json_t *names,
                                  const SilaCsvwFetcher *f, bool ext, SilaCsvwKeySet *set,
                                  SilaCsvwKeySet *dups, SilaError *err);

#endif
