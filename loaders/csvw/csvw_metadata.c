/* csvw_metadata.c — checking and normalising CSVW metadata documents.
 *
 * CSVW separates errors (stop) from warnings (drop the property and go
 * on): an invalid value of a known property is a warning, as is an
 * unknown property; a broken @id/@type, a missing table url, duplicate
 * column names, bad references and bad common properties are errors. */
#include "csvw_metadata.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "csvw_jsonld.h"

enum { OT_GROUP = 1, OT_TABLE = 2, OT_SCHEMA = 4, OT_COLUMN = 8, OT_DIALECT = 16,
       OT_TRANSFORM = 32, OT_DATATYPE = 64, OT_FK = 128, OT_REF = 256 };
#define OT_INHERIT (OT_GROUP | OT_TABLE | OT_SCHEMA | OT_COLUMN)

enum { V_BOOL, V_UINT, V_STRING, V_STRING_OR_NULL, V_LINK, V_TEMPLATE, V_TRIM, V_TERMINATORS,
       V_TABLEDIR, V_TEXTDIR, V_LANG, V_NULL, V_TITLES, V_NOTES, V_DATATYPE, V_ANY, V_ID,
       V_TYPE, V_CHILD, V_STRING_OR_ARRAY };

typedef struct {
  const char *name;
  int where;
  int kind;
} Prop;

static const Prop props[] = {
    {"@id", ~0, V_ID},
    {"@type", ~0, V_TYPE},
    {"aboutUrl", OT_INHERIT, V_TEMPLATE},
    {"datatype", OT_INHERIT, V_DATATYPE},
    {"default", OT_INHERIT, V_STRING},
    {"lang", OT_INHERIT, V_LANG},
    {"null", OT_INHERIT, V_NULL},
    {"ordered", OT_INHERIT, V_BOOL},
    {"propertyUrl", OT_INHERIT, V_TEMPLATE},
    {"required", OT_INHERIT, V_BOOL},
    {"separator", OT_INHERIT, V_STRING_OR_NULL},
    {"textDirection", OT_INHERIT, V_TEXTDIR},
    {"valueUrl", OT_INHERIT, V_TEMPLATE},
    {"tables", OT_GROUP, V_CHILD},
    {"dialect", OT_GROUP | OT_TABLE, V_CHILD},
    {"notes", OT_GROUP | OT_TABLE, V_NOTES},
    {"tableDirection", OT_GROUP | OT_TABLE, V_TABLEDIR},
    {"tableSchema", OT_GROUP | OT_TABLE, V_CHILD},
    {"transformations", OT_GROUP | OT_TABLE, V_CHILD},
    {"url", OT_TABLE | OT_TRANSFORM, V_LINK},
    {"suppressOutput", OT_TABLE | OT_COLUMN, V_BOOL},
    {"columns", OT_SCHEMA, V_CHILD},
    {"foreignKeys", OT_SCHEMA, V_CHILD},
    {"primaryKey", OT_SCHEMA, V_STRING_OR_ARRAY},
    {"rowTitles", OT_SCHEMA, V_STRING_OR_ARRAY},
    {"name", OT_COLUMN, V_STRING},
    {"titles", OT_COLUMN | OT_TRANSFORM, V_TITLES},
    {"virtual", OT_COLUMN, V_BOOL},
    {"commentPrefix", OT_DIALECT, V_STRING},
    {"delimiter", OT_DIALECT, V_STRING},
    {"doubleQuote", OT_DIALECT, V_BOOL},
    {"encoding", OT_DIALECT, V_STRING},
    {"header", OT_DIALECT, V_BOOL},
    {"headerRowCount", OT_DIALECT, V_UINT},
    {"lineTerminators", OT_DIALECT, V_TERMINATORS},
    {"quoteChar", OT_DIALECT, V_STRING_OR_NULL},
    {"skipBlankRows", OT_DIALECT, V_BOOL},
    {"skipColumns", OT_DIALECT, V_UINT},
    {"skipInitialSpace", OT_DIALECT, V_BOOL},
    {"skipRows", OT_DIALECT, V_UINT},
    {"trim", OT_DIALECT, V_TRIM},
    {"scriptFormat", OT_TRANSFORM, V_LINK},
    {"targetFormat", OT_TRANSFORM, V_LINK},
    {"source", OT_TRANSFORM, V_STRING},
    {"base", OT_DATATYPE, V_STRING},
    {"format", OT_DATATYPE, V_ANY},
    {"length", OT_DATATYPE, V_UINT},
    {"minLength", OT_DATATYPE, V_UINT},
    {"maxLength", OT_DATATYPE, V_UINT},
    {"minimum", OT_DATATYPE, V_ANY},
    {"maximum", OT_DATATYPE, V_ANY},
    {"minInclusive", OT_DATATYPE, V_ANY},
    {"maxInclusive", OT_DATATYPE, V_ANY},
    {"minExclusive", OT_DATATYPE, V_ANY},
    {"maxExclusive", OT_DATATYPE, V_ANY},
    {"columnReference", OT_FK | OT_REF, V_STRING_OR_ARRAY},
    {"reference", OT_FK, V_CHILD},
    {"resource", OT_REF, V_LINK},
    {"schemaReference", OT_REF, V_LINK},
};

static const char *type_name(int ot) {
  switch (ot) {
  case OT_GROUP: return "TableGroup";
  case OT_TABLE: return "Table";
  case OT_SCHEMA: return "Schema";
  case OT_COLUMN: return "Column";
  case OT_DIALECT: return "Dialect";
  case OT_TRANSFORM: return "Template";
  case OT_DATATYPE: return "Datatype";
  default: return NULL;
  }
}

typedef struct {
  const SilaCsvwFetcher *f;
  SilaCsvwDiag *diag;
  SilaError *err;
  const char *base;
  bool failed;
} Ctx;

static bool fail(Ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(Ctx *c, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sila_error_set(c->err, SILA_ERR_INVALID, 0, 0, "%s: %s", c->diag->file ? c->diag->file : "metadata",
                 msg);
  c->failed = true;
  return false;
}

bool sila_csvw_lang_ok(const char *tag) {
  /* language-subtags: 2-8 letters, then subtags of 1-8 alphanumerics */
  const char *p = tag;
  size_t n = 0;
  while ((*p | 32) >= 'a' && (*p | 32) <= 'z') {
    p++;
    n++;
  }
  if (n < 2 || n > 8) {
    /* one-letter primary subtags: only private use (x-) and grandfathered (i-) */
    if (!(n == 1 && (tag[0] == 'x' || tag[0] == 'i' || tag[0] == 'X' || tag[0] == 'I') && *p == '-'))
      return false;
  }
  while (*p == '-') {
    p++;
    n = 0;
    while (((*p | 32) >= 'a' && (*p | 32) <= 'z') || (*p >= '0' && *p <= '9')) {
      p++;
      n++;
    }
    if (n < 1 || n > 8)
      return false;
  }
  return *p == '\0';
}

static bool name_ok(const char *s) {
  if (!*s || s[0] == '_')
    return false;
  for (const char *p = s; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')
      continue;
    if (*p == '%' && p[1] && p[2] && strchr("0123456789abcdefABCDEF", p[1]) &&
        strchr("0123456789abcdefABCDEF", p[2])) {
      p += 2;
      continue;
    }
    return false;
  }
  return true;
}

static bool is_common_key(const char *k) {
  return strchr(k, ':') != NULL;
}

static bool normalize_object(Ctx *c, json_t *o, int ot);

/* Titles: string | [string] | {lang: string | [string]} → {lang: [..]}. */
static json_t *norm_titles(Ctx *c, json_t *v, const char *lang) {
  json_t *out = json_object();
  const char *dl = lang ? lang : "und";
  if (json_is_string(v)) {
    json_object_set_new(out, dl, json_pack("[O]", v));
  } else if (json_is_array(v)) {
    json_t *arr = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      if (json_is_string(x))
        json_array_append(arr, x);
      else
        sila_csvw_problem(c->diag, 0, 0, "titles: ignoring a value that is not a string");
    }
    json_object_set_new(out, dl, arr);
  } else if (json_is_object(v)) {
    const char *k;
    json_t *x;
    json_object_foreach(v, k, x) {
      if (!sila_csvw_lang_ok(k)) {
        sila_csvw_problem(c->diag, 0, 0, "titles: invalid language tag \"%s\"", k);
        continue;
      }
      json_t *arr = json_array();
      if (json_is_string(x)) {
        json_array_append(arr, x);
      } else if (json_is_array(x)) {
        size_t i;
        json_t *y;
        json_array_foreach(x, i, y) {
          if (json_is_string(y))
            json_array_append(arr, y);
          else
            sila_csvw_problem(c->diag, 0, 0, "titles: ignoring a value that is not a string");
        }
      } else {
        sila_csvw_problem(c->diag, 0, 0, "titles: ignoring a value that is not a string");
      }
      json_object_set_new(out, k, arr);
    }
  } else {
    sila_csvw_problem(c->diag, 0, 0, "titles: invalid value");
  }
  return out;
}

/* Fetches an object given by URL (tableSchema, dialect).  NULL on failure. */
static json_t *fetch_object(Ctx *c, const char *ref, char **url_out) {
  char *url = sila_csvw_iri_resolve(c->base, ref);
  bool nf = false;
  SilaError e = {0};
  json_t *j = sila_csvw_fetch_json(c->f, url, &nf, &e);
  if (!j || !json_is_object(j)) {
    sila_csvw_problem(c->diag, 0, 0, "cannot load %s", url);
    json_decref(j);
    free(url);
    return NULL;
  }
  /* a referenced document has its own @context: drop it, keep @id */
  json_object_del(j, "@context");
  json_t *id = json_object_get(j, "@id");
  char *abs = sila_csvw_iri_resolve(url, json_is_string(id) ? json_string_value(id) : "");
  json_object_set_new(j, "@id", json_string(abs));
  free(abs);
  *url_out = url;
  return j;
}

static bool norm_child(Ctx *c, json_t *o, const char *k, json_t *v, int ot) {
  if (!strcmp(k, "tables")) {
    if (!json_is_array(v))
      return fail(c, "tables must be an array");
    json_t *arr = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      if (!json_is_object(x)) {
        sila_csvw_problem(c->diag, 0, 0, "tables: ignoring an entry that is not an object");
        continue;
      }
      if (!normalize_object(c, x, OT_TABLE)) {
        json_decref(arr);
        return false;
      }
      json_array_append(arr, x);
    }
    if (json_array_size(arr) == 0) {
      json_decref(arr);
      return fail(c, "a table group needs at least one table");
    }
    json_object_set_new(o, k, arr);
    return true;
  }
  if (!strcmp(k, "tableSchema") || !strcmp(k, "dialect")) {
    int t = k[0] == 't' ? OT_SCHEMA : OT_DIALECT;
    json_t *obj = NULL;
    char *url = NULL;
    if (json_is_string(v))
      obj = fetch_object(c, json_string_value(v), &url);
    else if (json_is_object(v))
      obj = json_incref(v);
    if (!obj) {
      /* an invalid schema acts as an empty one; an invalid dialect as none */
      sila_csvw_problem(c->diag, 0, 0, "%s: invalid value, ignored", k);
      if (t == OT_SCHEMA)
        json_object_set_new(o, k, json_object());
      else
        json_object_del(o, k);
      return true;
    }
    /* links inside a fetched document resolve against its own URL */
    const char *saved = c->base;
    if (url)
      c->base = url;
    bool ok = normalize_object(c, obj, t);
    c->base = saved;
    free(url);
    if (ok)
      json_object_set(o, k, obj);
    json_decref(obj);
    return ok;
  }
  if (!strcmp(k, "columns") || !strcmp(k, "foreignKeys") || !strcmp(k, "transformations")) {
    int t = k[0] == 'c' ? OT_COLUMN : k[0] == 'f' ? OT_FK : OT_TRANSFORM;
    if (!json_is_array(v)) {
      sila_csvw_problem(c->diag, 0, 0, "%s must be an array, ignored", k);
      json_object_del(o, k);
      return true;
    }
    json_t *arr = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      if (!json_is_object(x)) {
        sila_csvw_problem(c->diag, 0, 0, "%s: ignoring an entry that is not an object", k);
        continue;
      }
      if (!normalize_object(c, x, t)) {
        json_decref(arr);
        return false;
      }
      if (t == OT_TRANSFORM && (!json_object_get(x, "url") || !json_object_get(x, "targetFormat") ||
                                !json_object_get(x, "scriptFormat"))) {
        sila_csvw_problem(c->diag, 0, 0, "transformation lacks url, targetFormat or scriptFormat");
        continue;
      }
      json_array_append(arr, x);
    }
    json_object_set_new(o, k, arr);
    return true;
  }
  if (!strcmp(k, "reference")) {
    if (!json_is_object(v))
      return fail(c, "foreign key reference must be an object");
    return normalize_object(c, v, OT_REF);
  }
  (void)ot;
  return true;
}

static bool norm_prop(Ctx *c, json_t *o, const char *k, json_t *v, const Prop *p, int ot) {
  const char *bad = NULL;
  switch (p->kind) {
  case V_BOOL:
    if (!json_is_boolean(v))
      bad = "a boolean";
    break;
  case V_UINT:
    if (!json_is_integer(v) || json_integer_value(v) < 0)
      bad = "a non-negative integer";
    break;
  case V_STRING:
    if (!json_is_string(v))
      bad = "a string";
    else if (!strcmp(k, "name") && !name_ok(json_string_value(v)))
      bad = "a valid column name";
    else if (!strcmp(k, "encoding")) {
      /* an encoding must be one iconv knows */
      const char *e = json_string_value(v);
      static const char *const known[] = {"utf-8", "utf8", "windows-1252", "iso-8859-1", "iso-8859-15",
                                          "latin1", "cp1252", "us-ascii", "ascii", "utf-16",
                                          "utf-16le", "utf-16be", NULL};
      bool ok = false;
      for (int i = 0; known[i] && !ok; i++)
        ok = !strcasecmp(e, known[i]);
      if (!ok)
        bad = "a known encoding";
    }
    break;
  case V_STRING_OR_NULL:
    if (!json_is_string(v) && !json_is_null(v))
      bad = "a string or null";
    else if (!strcmp(k, "quoteChar") && json_is_string(v) && sila_utf8_count(json_string_value(v), strlen(json_string_value(v))) != 1)
      bad = "a single character";
    break;
  case V_LINK:
    if (!json_is_string(v)) {
      if (!strcmp(k, "url") && ot == OT_TABLE)
        return fail(c, "table url must be a string");
      bad = "a string";
    } else if (!strcmp(k, "url") || !strcmp(k, "resource") || !strcmp(k, "schemaReference")) {
      char *abs = sila_csvw_iri_resolve(c->base, json_string_value(v));
      json_object_set_new(o, k, json_string(abs));
      free(abs);
    }
    break;
  case V_TEMPLATE:
    if (!json_is_string(v)) {
      /* CSVW: an invalid URI template is taken as the empty template */
      sila_csvw_problem(c->diag, 0, 0, "property \"%s\" must be a string (URI template); using \"\"", k);
      json_object_set_new(o, k, json_string(""));
    }
    break;
  case V_TRIM:
    if (json_is_boolean(v))
      break;
    if (!json_is_string(v) || (strcmp(json_string_value(v), "true") && strcmp(json_string_value(v), "false") &&
                               strcmp(json_string_value(v), "start") && strcmp(json_string_value(v), "end")))
      bad = "true, false, \"start\" or \"end\"";
    break;
  case V_TERMINATORS:
    if (json_is_string(v))
      break;
    if (json_is_array(v)) {
      size_t i;
      json_t *x;
      json_array_foreach(v, i, x) if (!json_is_string(x)) bad = "a string or array of strings";
    } else {
      bad = "a string or array of strings";
    }
    break;
  case V_TABLEDIR:
    if (!json_is_string(v) || (strcmp(json_string_value(v), "rtl") && strcmp(json_string_value(v), "ltr") &&
                               strcmp(json_string_value(v), "auto")))
      bad = "\"rtl\", \"ltr\" or \"auto\"";
    break;
  case V_TEXTDIR:
    if (!json_is_string(v) || (strcmp(json_string_value(v), "rtl") && strcmp(json_string_value(v), "ltr") &&
                               strcmp(json_string_value(v), "auto") && strcmp(json_string_value(v), "inherit")))
      bad = "\"rtl\", \"ltr\", \"auto\" or \"inherit\"";
    break;
  case V_LANG:
    if (!json_is_string(v) || !sila_csvw_lang_ok(json_string_value(v)))
      bad = "a language tag";
    break;
  case V_NULL:
    if (json_is_array(v)) {
      json_t *arr = json_array();
      size_t i;
      json_t *x;
      json_array_foreach(v, i, x) {
        if (json_is_string(x))
          json_array_append(arr, x);
        else
          sila_csvw_problem(c->diag, 0, 0, "null: ignoring a value that is not a string");
      }
      json_object_set_new(o, k, arr);
    } else if (!json_is_string(v)) {
      bad = "a string or array of strings";
    }
    break;
  case V_TITLES: {
    json_t *lang = json_object_get(o, CSVW_KEY_LANG);
    json_object_set_new(o, k, norm_titles(c, v, json_is_string(lang) ? json_string_value(lang) : NULL));
    break;
  }
  case V_NOTES:
    if (!json_is_array(v)) {
      bad = "an array";
      break;
    }
    if (sila_csvw_jsonld_check(v, c->err)) {
      c->failed = true;
      return false;
    }
    break;
  case V_DATATYPE:
    if (json_is_string(v)) {
      const char *s = json_string_value(v);
      static const char *const dts[] = {
          "anyAtomicType", "anyURI", "base64Binary", "boolean", "date", "dateTime", "dateTimeStamp",
          "decimal", "integer", "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger",
          "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "nonPositiveInteger",
          "negativeInteger", "double", "duration", "dayTimeDuration", "yearMonthDuration", "float",
          "gDay", "gMonth", "gMonthDay", "gYear", "gYearMonth", "hexBinary", "QName", "string",
          "normalizedString", "token", "language", "Name", "NMTOKEN", "xml", "html", "json", "time",
          "number", "binary", "datetime", "any", NULL};
      bool ok = false;
      for (int i = 0; dts[i] && !ok; i++)
        ok = !strcmp(s, dts[i]);
      if (!ok)
        bad = "a built-in datatype name";
    } else if (json_is_object(v)) {
      if (!normalize_object(c, v, OT_DATATYPE))
        return false;
      json_t *id = json_object_get(v, "@id");
      if (id) {
        const char *s = json_is_string(id) ? json_string_value(id) : "";
        /* the @id of a derived datatype may not be a built-in's IRI */
        if (!strncmp(s, SILA_NS_XSD, strlen(SILA_NS_XSD)) || !strncmp(s, SILA_NS_RDF, strlen(SILA_NS_RDF)) ||
            !strcmp(s, "http://www.w3.org/ns/csvw#JSON"))
          return fail(c, "datatype @id may not be the IRI of a built-in datatype: %s", s);
        char *abs = sila_csvw_iri_resolve(c->base, s);
        json_object_set_new(v, "@id", json_string(abs));
        free(abs);
      }
      json_t *b = json_object_get(v, "base");
      if (b) {
        const char *s = json_is_string(b) ? json_string_value(b) : "";
        json_t *probe = json_string(s);
        Ctx c2 = *c;
        SilaCsvwDiag quiet = {.sink = NULL};
        c2.diag = &quiet;
        json_t *tmp = json_object();
        json_object_set(tmp, "datatype", probe);
        norm_prop(&c2, tmp, "datatype", probe, p, ot);
        bool ok = json_object_get(tmp, "datatype") != NULL;
        json_decref(tmp);
        json_decref(probe);
        if (!ok) {
          sila_csvw_problem(c->diag, 0, 0, "datatype base \"%s\" is not a built-in datatype; using string", s);
          json_object_set_new(v, "base", json_string("string"));
        }
      }
    } else {
      bad = "a datatype name or object";
    }
    break;
  case V_ID:
    if (!json_is_string(v)) {
      /* an invalid link is taken as "", i.e. the document's own URL */
      sila_csvw_problem(c->diag, 0, 0, "property \"@id\" must be a string; using \"\"");
      json_object_set_new(o, k, json_string(""));
    } else if (!strncmp(json_string_value(v), "_:", 2)) {
      return fail(c, "@id may not be a blank node identifier (%s)", json_string_value(v));
    } else if (ot == OT_SCHEMA) {
      char *abs = sila_csvw_iri_resolve(c->base, json_string_value(v));
      json_object_set_new(o, k, json_string(abs));
      free(abs);
    }
    break;
  case V_TYPE:
    if (!json_is_string(v) || !type_name(ot) || strcmp(json_string_value(v), type_name(ot)))
      return fail(c, "@type must be \"%s\"", type_name(ot) ? type_name(ot) : "?");
    break;
  case V_CHILD:
    return norm_child(c, o, k, v, ot);
  case V_STRING_OR_ARRAY:
    if (json_is_string(v))
      break;
    if (json_is_array(v)) {
      size_t i;
      json_t *x;
      json_array_foreach(v, i, x) if (!json_is_string(x)) bad = "a string or array of strings";
    } else {
      bad = "a string or array of strings";
    }
    break;
  default:
    break;
  }
  if (bad) {
    sila_csvw_problem(c->diag, 0, 0, "property \"%s\" must be %s; ignored", k, bad);
    json_object_del(o, k);
  }
  return true;
}

static bool normalize_object(Ctx *c, json_t *o, int ot) {
  /* iterate over a snapshot of the keys: properties get removed/replaced */
  size_t n = json_object_size(o);
  const char **keys = sila_csvw_alloc((n + 1) * sizeof(char *));
  if (!keys)
    return false; /* out of memory (noted) */
  size_t nk = 0;
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) keys[nk++] = k;
  char **owned = sila_csvw_alloc((nk + 1) * sizeof(char *));
  if (!owned) {
    free(keys);
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < nk; i++)
    if (!(owned[i] = sila_csvw_strdup(keys[i])))
      ok = false;
  free(keys);
  for (size_t i = 0; i < nk && ok; i++) {
    k = owned[i];
    v = json_object_get(o, k);
    if (!v || k[0] == '#')
      continue;
    if (!strcmp(k, "@context"))
      continue;
    if (is_common_key(k)) {
      if (ot == OT_FK || ot == OT_REF) {
        ok = fail(c, "property \"%s\" is not allowed in a foreign key", k);
        break;
      }
      if (sila_csvw_jsonld_check(v, c->err)) {
        c->failed = true;
        ok = false;
      }
      continue;
    }
    const Prop *p = NULL;
    for (size_t j = 0; j < sizeof props / sizeof props[0]; j++)
      if (!strcmp(props[j].name, k)) {
        p = &props[j];
        break;
      }
    if (!p || !(p->where & ot)) {
      if (ot == OT_FK || ot == OT_REF) {
        ok = fail(c, "property \"%s\" is not allowed in a foreign key", k);
        break;
      }
      sila_csvw_problem(c->diag, 0, 0, "property \"%s\" is not allowed here; ignored", k);
      json_object_del(o, k);
      continue;
    }
    ok = norm_prop(c, o, k, v, p, ot);
  }
  for (size_t i = 0; i < nk; i++)
    free(owned[i]);
  free(owned);
  if (!ok)
    return false;
  if (ot == OT_TABLE && !json_is_string(json_object_get(o, "url")))
    return fail(c, "a table needs a url");
  if (ot == OT_GROUP && !json_object_get(o, "tables"))
    return fail(c, "a table group needs tables");
  if (ot == OT_FK && (!json_object_get(o, "columnReference") || !json_object_get(o, "reference")))
    return fail(c, "a foreign key needs columnReference and reference");
  if (ot == OT_REF) {
    bool r = json_object_get(o, "resource") != NULL, s = json_object_get(o, "schemaReference") != NULL;
    if (r == s || !json_object_get(o, "columnReference"))
      return fail(c, "a foreign key reference needs one of resource/schemaReference and columnReference");
  }
  if (ot == OT_SCHEMA)
    json_object_del(o, "@context");
  return true;
}

char *sila_csvw_column_name(json_t *col, size_t index) {
  json_t *n = json_object_get(col, "name");
  if (json_is_string(n))
    return sila_csvw_strdup(json_string_value(n));
  /* the first title in the metadata's default language ("und" if none) */
  json_t *t = json_object_get(col, "titles");
  json_t *dl = json_object_get(col, CSVW_KEY_LANG);
  json_t *arr = json_object_get(t, json_is_string(dl) ? json_string_value(dl) : "und");
  if (json_array_size(arr) > 0)
    return sila_csvw_pct_encode_name(json_string_value(json_array_get(arr, 0)));
  return sila_csvw_aprintf("_col.%zu", index);
}

static json_t *find_table(json_t *group, const char *url) {
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(group, "tables"), i, t) {
    json_t *u = json_object_get(t, "url");
    if (json_is_string(u) && !strcmp(json_string_value(u), url))
      return t;
  }
  return NULL;
}

static bool columns_exist(json_t *schema, json_t *ref, bool explicit_names) {
  json_t *cols = json_object_get(schema, "columns");
  size_t n = json_is_array(ref) ? json_array_size(ref) : 1;
  for (size_t i = 0; i < n; i++) {
    json_t *r = json_is_array(ref) ? json_array_get(ref, i) : ref;
    if (!json_is_string(r))
      return false;
    bool found = false;
    size_t k;
    json_t *col;
    json_array_foreach(cols, k, col) {
      char *nm = explicit_names ? sila_csvw_strdup(json_string_value(json_object_get(col, "name")))
                                : sila_csvw_column_name(col, k + 1);
      found = found || (nm && !strcmp(nm, json_string_value(r)));
      free(nm);
    }
    if (!found)
      return false;
  }
  return true;
}

/* Checks what needs the whole group: names, keys, references. */
static bool check_group(Ctx *c, json_t *group) {
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(group, "tables"), i, t) {
    json_t *schema = json_object_get(t, "tableSchema");
    if (!schema)
      schema = json_object_get(group, "tableSchema");
    if (!schema)
      continue;
    json_t *cols = json_object_get(schema, "columns");
    size_t k, m;
    json_t *col, *col2;
    bool seen_virtual = false;
    json_array_foreach(cols, k, col) {
      char *nm = sila_csvw_column_name(col, k + 1);
      json_array_foreach(cols, m, col2) {
        if (m >= k)
          break;
        char *nm2 = sila_csvw_column_name(col2, m + 1);
        if (!nm || !nm2) { /* out of memory (noted) */
          free(nm);
          free(nm2);
          return false;
        }
        bool dup = !strcmp(nm, nm2);
        free(nm2);
        if (dup) {
          fail(c, "duplicate column name \"%s\"", nm);
          free(nm);
          return false;
        }
      }
      free(nm);
      bool virt = json_is_true(json_object_get(col, "virtual"));
      if (seen_virtual && !virt)
        return fail(c, "a non-virtual column follows a virtual one");
      seen_virtual = seen_virtual || virt;
    }
    json_t *pk = json_object_get(schema, "primaryKey");
    if (pk && !columns_exist(schema, pk, true)) {
      sila_csvw_problem(c->diag, 0, 0, "primaryKey names a column that does not exist; ignored");
      json_object_del(schema, "primaryKey");
    }
    json_t *rt = json_object_get(schema, "rowTitles");
    if (rt && !columns_exist(schema, rt, false)) {
      sila_csvw_problem(c->diag, 0, 0, "rowTitles names a column that does not exist; ignored");
      json_object_del(schema, "rowTitles");
    }
    json_t *fk;
    json_array_foreach(json_object_get(schema, "foreignKeys"), k, fk) {
      if (!columns_exist(schema, json_object_get(fk, "columnReference"), true))
        return fail(c, "foreign key columnReference names a column that does not exist");
      json_t *ref = json_object_get(fk, "reference");
      json_t *rt2 = NULL;
      json_t *res = json_object_get(ref, "resource");
      if (json_is_string(res)) {
        rt2 = find_table(group, json_string_value(res));
        if (!rt2)
          return fail(c, "foreign key references a table not in the group: %s", json_string_value(res));
        rt2 = json_object_get(rt2, "tableSchema");
      } else {
        json_t *sr = json_object_get(ref, "schemaReference");
        json_t *tt;
        json_array_foreach(json_object_get(group, "tables"), m, tt) {
          json_t *s2 = json_object_get(tt, "tableSchema");
          json_t *id = json_object_get(s2, "@id");
          if (json_is_string(id) && json_is_string(sr) && !strcmp(json_string_value(id), json_string_value(sr)))
            rt2 = s2;
        }
        if (!rt2)
          return fail(c, "foreign key references a schema not in the group");
      }
      if (!columns_exist(rt2, json_object_get(ref, "columnReference"), true))
        return fail(c, "foreign key reference names a column that does not exist");
    }
  }
  return true;
}

json_t *sila_csvw_metadata_normalize(json_t *doc, const char *doc_url, const SilaCsvwFetcher *f,
                                     SilaCsvwDiag *diag, SilaError *err) {
  Ctx c = {f, diag, err, doc_url, false};
  json_t *group = NULL;
  char *base = NULL;
  char *lang = NULL; /* owned: the @context is deleted below */
  if (!json_is_object(doc)) {
    sila_error_set(err, SILA_ERR_INVALID, 0, 0, "%s: metadata must be a JSON object", doc_url);
    goto out;
  }
  json_t *ctx = json_object_get(doc, "@context");
  base = sila_csvw_strdup(doc_url);
  bool ctx_ok = false;
  if (json_is_string(ctx)) {
    ctx_ok = !strcmp(json_string_value(ctx), "http://www.w3.org/ns/csvw");
  } else if (json_is_array(ctx) && json_array_size(ctx) == 2 &&
             json_is_string(json_array_get(ctx, 0)) &&
             !strcmp(json_string_value(json_array_get(ctx, 0)), "http://www.w3.org/ns/csvw") &&
             json_is_object(json_array_get(ctx, 1))) {
    ctx_ok = true;
    const char *k;
    json_t *v;
    json_object_foreach(json_array_get(ctx, 1), k, v) {
      if (!strcmp(k, "@base") && json_is_string(v)) {
        char *b = sila_csvw_iri_resolve(doc_url, json_string_value(v));
        free(base);
        base = b;
      } else if (!strcmp(k, "@language") && json_is_string(v)) {
        if (sila_csvw_lang_ok(json_string_value(v))) {
          free(lang);
          lang = sila_csvw_strdup(json_string_value(v));
        }
        else
          sila_csvw_problem(diag, 0, 0, "@context: invalid @language \"%s\"", json_string_value(v));
      } else {
        ctx_ok = false;
      }
    }
  }
  if (!ctx_ok) {
    sila_error_set(err, SILA_ERR_INVALID, 0, 0, "%s: @context must be \"http://www.w3.org/ns/csvw\" "
                   "(optionally with @base and @language)", doc_url);
    goto out;
  }
  c.base = base;
  if (json_object_get(doc, "tables")) {
    group = json_incref(doc);
  } else {
    group = json_object();
    json_t *tables = json_array();
    json_array_append(tables, doc);
    json_object_set_new(group, "tables", tables);
    /* the group takes the document's @id? no: a single table keeps it */
  }
  if (lang) {
    json_object_set_new(group, CSVW_KEY_LANG, json_string(lang));
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(group, "tables"), i, t) if (json_is_object(t))
        json_object_set_new(t, CSVW_KEY_LANG, json_string(lang));
  }
  if (group != doc) {
    json_t *t0 = json_array_get(json_object_get(group, "tables"), 0);
    json_object_del(t0, "@context");
  }
  /* columns pick the default language for their titles */
  if (lang) {
    size_t i, k;
    json_t *t, *col;
    json_array_foreach(json_object_get(group, "tables"), i, t) {
      json_t *s = json_object_get(t, "tableSchema");
      if (json_is_object(s))
        json_array_foreach(json_object_get(s, "columns"), k, col) if (json_is_object(col))
            json_object_set_new(col, CSVW_KEY_LANG, json_string(lang));
    }
  }
  if (!normalize_object(&c, group, OT_GROUP) || !check_group(&c, group)) {
    json_decref(group);
    group = NULL;
    goto out;
  }
  json_object_set_new(group, CSVW_KEY_BASE, json_string(base));
  if (sila_csvw_nomem() || !base) { /* an IRI or value lost to a failed allocation */
    sila_csvw_nomem_note();
    sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    json_decref(group);
    group = NULL;
  }
out:
  free(base);
  free(lang);
  json_decref(doc);
  return group;
}

bool sila_csvw_metadata_describes(json_t *group, const char *url) {
  return find_table(group, url) != NULL;
}
