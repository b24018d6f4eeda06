/* sila_dataset.h — a dataset folder for a CSV, without writing JSON by
 * hand: from an inspection (sila_inspect.h) and, when one fits, a
 * template of vocabularies/templates/, writes
 *   DIR/FILE.csv                (a copy of the CSV, unchanged)
 *   DIR/FILE.csv-metadata.json  (CSVW: the file's dialect, one column per
 *                                header in the file's order — the
 *                                template's description where a header
 *                                matched it, else the kind found —, the
 *                                template's virtual columns)
 *   DIR/dataset.json            (DCAT-AP_IT: slug, modified, rights
 *                                holder, ontologies; empty title,
 *                                description, theme, frequency and contact
 *                                that a person must fill in)
 * and lists what a person must still say or check.  `sila publish
 * --dry-run DIR` then reports on the result. */
#ifndef SILA_DATASET_H
#define SILA_DATASET_H

#include "sila_inspect.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const char *out_dir;        /* the folder to create (must not exist, or be empty) */
  const char *slug;           /* NULL = from the file name */
  const SilaTemplateMatch *template_match; /* NULL = no template: a mapping of its own */
  const char *base;           /* NULL = https://dati.calabria.it (IRIs of a mapping of its own) */
  const char *today;          /* "yyyy-mm-dd" for dct:modified; NULL = the file's date */
  /* The project's vocabularies folder (NULL = none): in a mapping of its
   * own, a column of Calabrian municipality names (most of them found in
   * its comuni-calabria.csv) is linked to the national vocabulary. */
  const char *vocabularies;
  /* The to-do lines about the file and its columns in Italian (the
   * publishing area); the "dataset.json …" lines, which its form asks
   * instead, stay English. */
  bool italian;
} SilaDatasetOptions;

/* What a person must still do, one line each (owned by the list). */
typedef struct {
  char **items;
  size_t n;
} SilaTodo;

/* Writes the folder.  Returns SILA_OK, or SILA_ERR_EXISTS (out_dir holds
 * files), SILA_ERR_IO, SILA_ERR_NOMEM; todo gets the list (free it with
 * sila_todo_free, also after an error). */
SilaStatus sila_dataset_write(const SilaInspection *in, const SilaDatasetOptions *opts,
                              SilaTodo *todo, SilaError *err);
void sila_todo_free(SilaTodo *t);

#ifdef __cplusplus
}
#endif
#endif
