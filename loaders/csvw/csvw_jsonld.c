/* csvw_jsonld.c — common properties (JSON-LD values) to RDF. */
#include "csvw_jsonld.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_iri.h"

#define CSVW_NS "http://www.w3.org/ns/csvw#"

const char *sila_csvw_bnode(SilaCsvwEmit *e, char *buf) {
  snprintf(buf, 24, "b%lu", e->next_bnode++);
  return buf;
}

SilaStatus sila_csvw_emit(SilaCsvwEmit *e, const SilaTerm *s, const char *p, const SilaTerm *o) {
  SilaTerm pt = sila_term_iri(p);
  return e->sink(e->ctx, s, &pt, o);
}

static const char *const csvw_terms[] = {
    "TableGroup", "Table", "Schema", "Column", "Dialect", "Template", "Datatype", "Row", "Cell",
    "ForeignKey", "TableReference", "Transformation", "Direction", "NumericFormat", "JSON",
    "uriTemplate", NULL};

char *sila_csvw_expand_iri(const char *s, bool terms) {
  if (!s || !*s)
    return NULL;
  char *x = sila_csvw_expand_prefixed(s);
  if (x)
    return x;
  if (sila_iri_has_scheme(s, strlen(s)))
    return sila_csvw_strdup(s);
  if (terms)
    for (int i = 0; csvw_terms[i]; i++)
      if (!strcmp(s, csvw_terms[i]))
        return sila_csvw_aprintf("%s%s", CSVW_NS, s);
  return NULL;
}

static bool is_type_ok(json_t *t, bool datatype) {
  if (!json_is_string(t))
    return false;
  const char *s = json_string_value(t);
  if (!strncmp(s, "_:", 2))
    return false;
  char *x = sila_csvw_expand_iri(s, !datatype);
  if (!x && datatype) {
    /* a CSVW built-in datatype name */
    static const char *const dts[] = {"string", "integer", "decimal", "double", "float",
                                      "boolean", "date", "dateTime", "time", "number",
                                      "anyURI", "json", "xml", "html", NULL};
    for (int i = 0; dts[i]; i++)
      if (!strcmp(s, dts[i]))
        return true;
  }
  free(x);
  return x != NULL;
}

SilaStatus sila_csvw_jsonld_check(json_t *v, SilaError *err) {
  if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      SilaStatus st = sila_csvw_jsonld_check(x, err);
      if (st)
        return st;
    }
    return SILA_OK;
  }
  if (!json_is_object(v))
    return SILA_OK;
  json_t *val = json_object_get(v, "@value");
  const char *k;
  json_t *x;
  if (val) {
    json_object_foreach(v, k, x) {
      if (strcmp(k, "@value") && strcmp(k, "@type") && strcmp(k, "@language"))
        return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                              "common property: @value with other property \"%s\"", k);
    }
    if (json_object_get(v, "@type") && json_object_get(v, "@language"))
      return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                            "common property: @value with both @type and @language");
    json_t *t = json_object_get(v, "@type");
    if (t && !is_type_ok(t, true))
      return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "common property: invalid @type");
    if (json_is_object(val) || json_is_array(val))
      return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "common property: invalid @value");
    return SILA_OK;
  }
  json_object_foreach(v, k, x) {
    if (k[0] == '@') {
      if (!strcmp(k, "@id")) {
        if (!json_is_string(x) || !strncmp(json_string_value(x), "_:", 2))
          return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "common property: invalid @id");
      } else if (!strcmp(k, "@type")) {
        if (json_is_array(x)) {
          size_t i;
          json_t *y;
          json_array_foreach(x, i, y) if (!is_type_ok(y, false)) return sila_error_set(
              err, SILA_ERR_INVALID, 0, 0, "common property: invalid @type");
        } else if (!is_type_ok(x, false)) {
          return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "common property: invalid @type");
        }
      } else if (!strcmp(k, "@language")) {
        return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                              "common property: @language without @value");
      } else {
        return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "common property: keyword \"%s\" not allowed",
                              k);
      }
    } else {
      SilaStatus st = sila_csvw_jsonld_check(x, err);
      if (st)
        return st;
    }
  }
  return SILA_OK;
}

static SilaStatus emit_value(SilaCsvwEmit *e, const SilaTerm *s, const char *prop, json_t *v,
                             const char *base, const char *lang) {
  char num[64];
  SilaTerm o;
  if (json_is_string(v)) {
    o = sila_term_literal(json_string_value(v), NULL, lang);
    return sila_csvw_emit(e, s, prop, &o);
  }
  if (json_is_integer(v)) {
    snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    o = sila_term_literal(num, SILA_NS_XSD "integer", NULL);
    return sila_csvw_emit(e, s, prop, &o);
  }
  if (json_is_real(v)) {
    double d = json_real_value(v);
    if (d == floor(d) && fabs(d) < 1e15)
      snprintf(num, sizeof num, "%.1fE0", d);
    else
      snprintf(num, sizeof num, "%.17gE0", d);
    o = sila_term_literal(num, SILA_NS_XSD "double", NULL);
    return sila_csvw_emit(e, s, prop, &o);
  }
  if (json_is_boolean(v)) {
    o = sila_term_literal(json_is_true(v) ? "true" : "false", SILA_NS_XSD "boolean", NULL);
    return sila_csvw_emit(e, s, prop, &o);
  }
  if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      SilaStatus st = emit_value(e, s, prop, x, base, lang);
      if (st)
        return st;
    }
    return SILA_OK;
  }
  if (!json_is_object(v))
    return SILA_OK;
  json_t *val = json_object_get(v, "@value");
  if (val) {
    json_t *t = json_object_get(v, "@type"), *l = json_object_get(v, "@language");
    char *dt = NULL;
    if (json_is_string(t)) {
      dt = sila_csvw_expand_iri(json_string_value(t), false);
      if (!dt)
        dt = sila_csvw_aprintf("%s%s", SILA_NS_XSD, json_string_value(t));
    }
    const char *lex = json_is_string(val) ? json_string_value(val) : NULL;
    char *tmp = NULL;
    if (!lex) {
      tmp = json_dumps(val, JSON_ENCODE_ANY);
      lex = tmp;
      if (!dt)
        dt = sila_csvw_strdup(json_is_boolean(val)   ? SILA_NS_XSD "boolean"
                              : json_is_integer(val) ? SILA_NS_XSD "integer"
                                                     : SILA_NS_XSD "double");
    }
    if (!lex || sila_csvw_nomem()) { /* out of memory */
      free(dt);
      free(tmp);
      sila_csvw_nomem_note();
      return SILA_ERR_NOMEM;
    }
    /* the default language applies to bare strings only, not to @value objects */
    o = sila_term_literal(lex, dt, json_is_string(l) ? json_string_value(l) : NULL);
    SilaStatus st = sila_csvw_emit(e, s, prop, &o);
    free(dt);
    free(tmp);
    return st;
  }
  char bn[24];
  char *id = NULL;
  json_t *idv = json_object_get(v, "@id");
  if (json_is_string(idv)) {
    id = sila_csvw_iri_resolve(base, json_string_value(idv));
    if (!id)
      return SILA_ERR_NOMEM; /* noted */
    o = sila_term_iri(id);
  } else {
    o = sila_term_blank(sila_csvw_bnode(e, bn));
  }
  SilaStatus st = sila_csvw_emit(e, s, prop, &o);
  const char *k;
  json_t *x;
  json_object_foreach(v, k, x) {
    if (st)
      break;
    if (!strcmp(k, "@type")) {
      json_t *arr = json_is_array(x) ? x : NULL;
      size_t n = arr ? json_array_size(arr) : 1;
      for (size_t i = 0; i < n && !st; i++) {
        json_t *t = arr ? json_array_get(arr, i) : x;
        char *ti = json_is_string(t) ? sila_csvw_expand_iri(json_string_value(t), true) : NULL;
        if (ti) {
          SilaTerm tt = sila_term_iri(ti);
          st = sila_csvw_emit(e, &o, SILA_NS_RDF "type", &tt);
          free(ti);
        }
      }
    } else if (k[0] != '@') {
      char *p = sila_csvw_expand_iri(k, false);
      if (p)
        st = emit_value(e, &o, p, x, base, lang);
      free(p);
    }
  }
  free(id);
  return st;
}

SilaStatus sila_csvw_jsonld_emit(SilaCsvwEmit *e, const SilaTerm *subject, const char *prop,
                                 json_t *value, const char *base, const char *lang) {
  return emit_value(e, subject, prop, value, base, lang);
}
