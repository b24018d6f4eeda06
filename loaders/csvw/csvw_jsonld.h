/* csvw_jsonld.h — common properties and notes: the JSON-LD subset CSVW
 * allows in metadata, checked and turned into triples.  Internal. */
#ifndef SILA_CSVW_JSONLD_H
#define SILA_CSVW_JSONLD_H

#include <jansson.h>

#include "csvw_util.h"
#include "sila_csvw.h"

/* Triple output with blank-node numbering shared by one mapping. */
typedef struct {
  SilaTripleSink sink;
  void *ctx;
  unsigned long next_bnode;
} SilaCsvwEmit;

/* Writes a new blank node label ("b12") into buf (at least 24 bytes). */
const char *sila_csvw_bnode(SilaCsvwEmit *e, char *buf);
SilaStatus sila_csvw_emit(SilaCsvwEmit *e, const SilaTerm *s, const char *p, const SilaTerm *o);

/* Expands a property or type name: absolute IRI kept, a prefixed name of
 * the CSVW context expanded, a CSVW vocabulary term (`Table`) mapped to the
 * csvw namespace when `terms` is set.  NULL when it is none of these. */
char *sila_csvw_expand_iri(const char *s, bool terms);

/* Checks a common property's value as CSVW restricts JSON-LD (no @context,
 * @list, @set, unknown @keywords, blank-node @id, bad @type, @value with
 * other keys ...).  Returns SILA_OK or SILA_ERR_INVALID with err set. */
SilaStatus sila_csvw_jsonld_check(json_t *v, SilaError *err);

/* Emits `subject prop value` for a (checked) common property value.
 * `base` resolves @id values; `lang` is the metadata's default language
 * (may be NULL). */
SilaStatus sila_csvw_jsonld_emit(SilaCsvwEmit *e, const SilaTerm *subject, const char *prop,
                                 json_t *value, const char *base, const char *lang);

#endif
