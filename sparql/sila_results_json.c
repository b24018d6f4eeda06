/* sila_results_json.c — SPARQL 1.1 Query Results JSON: writer and parser.
 *
 * The writer puts one solution per line so that the output is readable
 * and diffs well, yet stays compact. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_results_internal.h"

/* ---- writer ---- */

static SilaStatus put_jstr(SilaResultWriter *w, const char *s, size_t n) {
  if (sila_results_put(w, "\"", 1) || sila_results_put_escaped(w, s, n, SILA_ESC_JSON))
    return w->status;
  return sila_results_put(w, "\"", 1);
}

static SilaStatus jw_begin(SilaResultWriter *w) {
  if (sila_results_puts(w, "{\"head\":{\"vars\":["))
    return w->status;
  for (size_t i = 0; i < w->nvars; i++)
    if ((i && sila_results_put(w, ",", 1)) || put_jstr(w, w->vars[i], w->var_lens[i]))
      return w->status;
  return sila_results_puts(w, "]},\"results\":{\"bindings\":[");
}

static SilaStatus jw_term(SilaResultWriter *w, const SilaTerm *t);

/* {"type":"triple","value":{"subject":..,"predicate":..,"object":..}} */
static SilaStatus jw_triple(SilaResultWriter *w, const SilaTerm *t) {
  static const char *const keys[3] = {"{\"subject\":", ",\"predicate\":", ",\"object\":"};
  SilaTerm parts[3];
  char *store;
  SilaStatus st = SILA_OK;
  if (sila_results_triple_split(t->value, t->value_len, parts, &store))
    st = store ? SILA_ERR_INVALID : SILA_ERR_NOMEM;
  else if (sila_results_puts(w, "{\"type\":\"triple\",\"value\":"))
    st = w->status;
  for (int k = 0; k < 3 && !st; k++)
    if (!(st = sila_results_puts(w, keys[k])))
      st = jw_term(w, &parts[k]);
  if (!st)
    st = sila_results_puts(w, "}}");
  free(store);
  return st;
}

static SilaStatus jw_term(SilaResultWriter *w, const SilaTerm *t) {
  if (t->kind == SILA_RESULTS_TERM_TRIPLE)
    return jw_triple(w, t);
  switch (t->kind) {
  case SILA_TERM_IRI:
    sila_results_puts(w, "{\"type\":\"uri\",\"value\":");
    break;
  case SILA_TERM_BLANK:
    sila_results_puts(w, "{\"type\":\"bnode\",\"value\":");
    break;
  case SILA_TERM_LITERAL:
    sila_results_puts(w, "{\"type\":\"literal\",\"value\":");
    break;
  default: /* unreachable: sila_results_row checks kinds */
    return SILA_ERR_INVALID;
  }
  if (put_jstr(w, t->value, t->value_len))
    return w->status;
  if (t->kind == SILA_TERM_LITERAL && t->lang) {
    size_t lang_len, dir_len;
    const char *dir;
    sila_results_split_lang(t, &lang_len, &dir, &dir_len);
    if (sila_results_puts(w, ",\"xml:lang\":") || put_jstr(w, t->lang, lang_len))
      return w->status;
    if (dir && (sila_results_puts(w, ",\"its:dir\":") || put_jstr(w, dir, dir_len)))
      return w->status;
  } else if (t->kind == SILA_TERM_LITERAL && t->datatype) {
    if (sila_results_puts(w, ",\"datatype\":") || put_jstr(w, t->datatype, t->datatype_len))
      return w->status;
  }
  return sila_results_put(w, "}", 1);
}

static SilaStatus jw_row(SilaResultWriter *w, const SilaTerm *const *values) {
  if (sila_results_puts(w, w->nrows ? ",\n{" : "\n{"))
    return w->status;
  bool first = true;
  for (size_t i = 0; i < w->nvars; i++) {
    const SilaTerm *t = values[i];
    if (!t || t->kind == SILA_TERM_NONE)
      continue;
    if ((!first && sila_results_put(w, ",", 1)) || put_jstr(w, w->vars[i], w->var_lens[i]) ||
        sila_results_put(w, ":", 1))
      return w->status;
    SilaStatus st = jw_term(w, t);
    if (st)
      return st;
    first = false;
  }
  return sila_results_put(w, "}", 1);
}

static SilaStatus jw_boolean(SilaResultWriter *w, bool value) {
  return sila_results_puts(w, value ? "{\"head\":{},\"boolean\":true}\n"
                                    : "{\"head\":{},\"boolean\":false}\n");
}

static SilaStatus jw_finish(SilaResultWriter *w) {
  return sila_results_puts(w, w->nrows ? "\n]}}\n" : "]}}\n");
}

/* A JSON member "error" after the rows: the document stays unfinished. */
static SilaStatus jw_abort(SilaResultWriter *w, const char *msg, size_t n) {
  if (!sila_results_puts(w, "\n,\"error\":\"") &&
      !sila_results_put_escaped(w, msg, n, SILA_ESC_JSON))
    sila_results_puts(w, "\"\n");
  return w->status;
}

const SilaResultsFormatOps sila_results_json_ops = {jw_begin, jw_row, jw_boolean, jw_finish,
                                                    jw_abort};

/* ---- parser ---- */

typedef struct {
  SilaResultSet *rs;
  SilaError *err;
} JsonParse;

static SilaStatus jerr(JsonParse *p, const char *what) {
  return sila_error_set(p->err, SILA_ERR_SYNTAX, 0, 0, "SPARQL JSON results: %s", what);
}

static const char *jstr(json_t *obj, const char *key, size_t *len) {
  json_t *v = json_object_get(obj, key);
  if (!json_is_string(v))
    return NULL;
  *len = json_string_length(v);
  return json_string_value(v);
}

static SilaStatus parse_term(JsonParse *p, json_t *j, SilaTerm *t);

/* A triple term {"subject":..,"predicate":..,"object":..} as N-Triples 1.2 text. */
static SilaStatus parse_triple(JsonParse *p, json_t *v, SilaTerm *t) {
  static const char *const keys[3] = {"subject", "predicate", "object"};
  SilaTerm parts[3];
  if (!json_is_object(v))
    return jerr(p, "a triple term's value must be an object");
  for (int i = 0; i < 3; i++) {
    json_t *part = json_object_get(v, keys[i]);
    if (!part)
      return jerr(p, "a triple term lacks subject, predicate or object");
    SilaStatus st = parse_term(p, part, &parts[i]);
    if (st)
      return st;
  }
  SilaBuf b = SILA_BUF_INIT;
  if (sila_buf_puts(&b, "<<( ")) /* a first append makes b.data non-NULL */
    goto nomem;
  for (int i = 0; i < 3; i++) {
    int r = parts[i].kind == SILA_RESULTS_TERM_TRIPLE
                ? sila_buf_append(&b, parts[i].value, parts[i].value_len)
                : sila_buf_put_term_nt(&b, &parts[i]);
    if (r || sila_buf_putc(&b, ' '))
      goto nomem;
  }
  if (sila_buf_puts(&b, ")>>"))
    goto nomem;
  memset(t, 0, sizeof *t);
  t->kind = SILA_RESULTS_TERM_TRIPLE;
  t->value = sila_results_set_intern(p->rs, b.data, b.len);
  t->value_len = b.len;
  sila_buf_free(&b);
  return t->value ? SILA_OK : SILA_ERR_NOMEM;
nomem:
  sila_buf_free(&b);
  return SILA_ERR_NOMEM;
}

static SilaStatus parse_term(JsonParse *p, json_t *j, SilaTerm *t) {
  size_t tlen, vlen, llen = 0, dlen = 0, dirlen = 0;
  if (!json_is_object(j))
    return jerr(p, "a binding must be an object");
  const char *type = jstr(j, "type", &tlen);
  if (!type)
    return jerr(p, "a binding lacks \"type\"");
  memset(t, 0, sizeof *t);
  if (strcmp(type, "triple") == 0)
    return parse_triple(p, json_object_get(j, "value"), t);
  const char *value = jstr(j, "value", &vlen);
  if (!value)
    return jerr(p, "a binding lacks a string \"value\"");
  if (strcmp(type, "uri") == 0) {
    t->kind = SILA_TERM_IRI;
  } else if (strcmp(type, "bnode") == 0) {
    t->kind = SILA_TERM_BLANK;
    if (vlen == 0)
      return jerr(p, "empty blank node label");
  } else if (strcmp(type, "literal") == 0 || strcmp(type, "typed-literal") == 0) {
    t->kind = SILA_TERM_LITERAL;
  } else {
    return jerr(p, "unknown binding type");
  }
  if (!(t->value = sila_results_set_intern(p->rs, value, vlen)))
    return SILA_ERR_NOMEM;
  t->value_len = vlen;
  if (t->kind != SILA_TERM_LITERAL)
    return SILA_OK;
  const char *lang = jstr(j, "xml:lang", &llen);
  const char *dir = jstr(j, "its:dir", &dirlen);
  const char *dt = jstr(j, "datatype", &dlen);
  if (lang && llen) {
    SilaBuf b = SILA_BUF_INIT;
    if (sila_buf_append(&b, lang, llen) ||
        (dir && (sila_buf_puts(&b, "--") || sila_buf_append(&b, dir, dirlen)))) {
      sila_buf_free(&b);
      return SILA_ERR_NOMEM;
    }
    t->lang = sila_results_set_intern(p->rs, b.data, b.len);
    t->lang_len = b.len;
    sila_buf_free(&b);
    if (!t->lang)
      return SILA_ERR_NOMEM;
  } else if (dt && !sila_iri_is(dt, dlen, SILA_XSD_STRING)) {
    if (!(t->datatype = sila_results_set_intern(p->rs, dt, dlen)))
      return SILA_ERR_NOMEM;
    t->datatype_len = dlen;
  }
  return SILA_OK;
}

static SilaStatus parse_bindings(JsonParse *p, json_t *bindings) {
  SilaResultSet *rs = p->rs;
  SilaTerm *row = NULL;
  size_t row_cap = 0;
  SilaStatus st = SILA_OK;
  size_t i;
  json_t *sol;
  json_array_foreach(bindings, i, sol) {
    if (!json_is_object(sol)) {
      st = jerr(p, "a solution must be an object");
      break;
    }
    /* A variable missing from "head" widens the table rather than failing:
     * some producers leave head.vars incomplete. */
    const char *key;
    json_t *val;
    json_object_foreach(sol, key, val) {
      size_t klen = strlen(key);
      if (klen == 0) {
        st = jerr(p, "empty variable name in a solution");
        goto out;
      }
      if (sila_results_set_var_index(rs, key, klen) < 0 &&
          (st = sila_results_set_add_var(rs, key, klen)))
        goto out;
    }
    if (rs->nvars > row_cap) {
      free(row);
      row_cap = rs->nvars;
      if (!(row = sila_malloc(row_cap * sizeof *row))) {
        st = SILA_ERR_NOMEM;
        goto out;
      }
    }
    if (rs->nvars)
      memset(row, 0, rs->nvars * sizeof *row);
    json_object_foreach(sol, key, val) {
      long col = sila_results_set_var_index(rs, key, strlen(key));
      if ((st = parse_term(p, val, &row[col])))
        goto out;
    }
    if ((st = sila_results_set_add_row_nocopy(rs, row)))
      goto out;
  }
out:
  free(row);
  return st;
}

SilaStatus sila_results_parse_json(const char *data, size_t len, SilaResultSet *rs,
                                   SilaError *err) {
  json_error_t jerror;
  json_t *root = json_loadb(data, len, JSON_ALLOW_NUL, &jerror);
  if (!root)
    return sila_error_set(err, SILA_ERR_SYNTAX, jerror.line > 0 ? (unsigned long)jerror.line : 0,
                          jerror.column > 0 ? (unsigned long)jerror.column : 0,
                          "SPARQL JSON results: %s", jerror.text);
  JsonParse p = {rs, err};
  SilaStatus st = SILA_OK;
  if (!json_is_object(root)) {
    st = jerr(&p, "the document must be an object");
    goto out;
  }
  json_t *head = json_object_get(root, "head");
  if (head && !json_is_object(head)) {
    st = jerr(&p, "\"head\" must be an object");
    goto out;
  }
  json_t *boolean = json_object_get(root, "boolean");
  if (boolean) {
    if (!json_is_boolean(boolean)) {
      st = jerr(&p, "\"boolean\" must be true or false");
      goto out;
    }
    sila_results_set_set_boolean(rs, json_is_true(boolean));
    goto out;
  }
  json_t *vars = head ? json_object_get(head, "vars") : NULL;
  if (vars && !json_is_array(vars)) {
    st = jerr(&p, "\"vars\" must be an array");
    goto out;
  }
  size_t i;
  json_t *v;
  json_array_foreach(vars, i, v) {
    if (!json_is_string(v) || json_string_length(v) == 0) {
      st = jerr(&p, "variable names must be non-empty strings");
      goto out;
    }
    st = sila_results_set_add_var(rs, json_string_value(v), json_string_length(v));
    if (st == SILA_ERR_EXISTS)
      st = jerr(&p, "a variable is listed twice");
    if (st)
      goto out;
  }
  json_t *results = json_object_get(root, "results");
  json_t *bindings = json_is_object(results) ? json_object_get(results, "bindings") : NULL;
  if (!json_is_array(bindings)) {
    st = jerr(&p, "neither \"boolean\" nor \"results\".\"bindings\" is present");
    goto out;
  }
  st = parse_bindings(&p, bindings);
out:
  json_decref(root);
  return st;
}
