/* rdf_write_jsonld.c — streaming JSON-LD 1.1 output (flat node objects).
 *
 * Expanded form: [ {"@id": s, "p": [objects...]}, {"@id": g, "@graph": [...]} ]
 * Compact form:  {"@context": {prefixes}, "@graph": [ same, with compact IRIs ]}
 * Consecutive statements of one subject share a node object.  A node object
 * never repeats a key: when a predicate comes back after another one, a new
 * node object with the same @id is started (JSON-LD merges them).  Literals
 * are always value objects with string @value, so lexical forms survive. */
#include <string.h>
#include <strings.h>

#include "rdf_internal.h"
#include "rdf_writer.h"

static bool compact(const SilaRdfWriter *w) {
  return w->jsonld_form == SILA_JSONLD_COMPACT ||
         (w->jsonld_form == SILA_JSONLD_AUTO && w->nprefix > 0);
}

static int put_json_string(SilaBuf *b, const char *s, size_t n) {
  if (sila_buf_putc(b, '"'))
    return -1;
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    if (sila_buf_append(b, s + start, i - start))
      return -1;
    int rc;
    switch (c) {
    case '"': rc = sila_buf_puts(b, "\\\""); break;
    case '\\': rc = sila_buf_puts(b, "\\\\"); break;
    case '\n': rc = sila_buf_puts(b, "\\n"); break;
    case '\r': rc = sila_buf_puts(b, "\\r"); break;
    case '\t': rc = sila_buf_puts(b, "\\t"); break;
    default: rc = sila_buf_printf(b, "\\u%04x", c); break;
    }
    if (rc)
      return -1;
    start = i + 1;
  }
  if (sila_buf_append(b, s + start, n - start))
    return -1;
  return sila_buf_putc(b, '"');
}

/* A prefix is usable in JSON-LD 1.1 as a simple term definition only when
 * its IRI ends with a gen-delim character (the "prefix flag"). */
static bool usable_prefix(const SilaPrefix *p) {
  /* a prefix named like a scheme would turn full IRIs of that scheme
   * ("urn:x") into compact IRIs when read back */
  static const char *const schemes[] = {"http", "https", "urn", "mailto", "file", "ftp",
                                        "tag", "data", "doi", "info", NULL};
  for (int i = 0; schemes[i]; i++)
    if (strcasecmp(p->prefix, schemes[i]) == 0)
      return false;
  size_t l = strlen(p->iri);
  return l && strchr(":/?#[]@", p->iri[l - 1]) && p->prefix[0] && strcmp(p->prefix, "_") != 0 &&
         p->prefix[0] != '@' && !strchr(p->prefix, ':');
}

/* An IRI as a JSON string, compacted with a prefix when that is safe. */
static int put_iri(SilaRdfWriter *w, const char *iri, size_t len) {
  SilaBuf *b = &w->out;
  if (compact(w)) {
    const SilaPrefix *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < w->nprefix; i++) {
      const SilaPrefix *p = &w->prefixes[i];
      size_t l = strlen(p->iri);
      /* the suffix must not start with "//" (it would read as an absolute IRI) */
      if (usable_prefix(p) && l <= len && l > best_len && memcmp(iri, p->iri, l) == 0 &&
          !(len - l >= 2 && iri[l] == '/' && iri[l + 1] == '/')) {
        best = p;
        best_len = l;
      }
    }
    if (best) {
      SilaBuf tmp = SILA_BUF_INIT;
      int rc = sila_buf_puts(&tmp, best->prefix) || sila_buf_putc(&tmp, ':') ||
               sila_buf_append(&tmp, iri + best_len, len - best_len) ||
               put_json_string(b, tmp.data, tmp.len);
      sila_buf_free(&tmp);
      return rc ? -1 : 0;
    }
  }
  return put_json_string(b, iri, len);
}

static int put_id(SilaRdfWriter *w, const SilaTerm *t) {
  if (t->kind == SILA_TERM_BLANK) {
    SilaBuf tmp = SILA_BUF_INIT;
    int rc = rdf_put_blank(&tmp, t->value, t->value_len) || put_json_string(&w->out, tmp.data, tmp.len);
    sila_buf_free(&tmp);
    return rc ? -1 : 0;
  }
  return put_iri(w, t->value, t->value_len);
}

static int put_object(SilaRdfWriter *w, const SilaTerm *o) {
  SilaBuf *b = &w->out;
  if (o->kind != SILA_TERM_LITERAL)
    return sila_buf_puts(b, "{\"@id\": ") || put_id(w, o) || sila_buf_putc(b, '}') ? -1 : 0;
  if (sila_buf_puts(b, "{\"@value\": ") || put_json_string(b, o->value, o->value_len))
    return -1;
  if (o->lang) {
    /* an RDF 1.2 base direction ("ar--rtl") is JSON-LD 1.1's @direction */
    size_t ll = sila_lang_tag_len(o->lang, o->lang_len);
    if (sila_buf_puts(b, ", \"@language\": ") || put_json_string(b, o->lang, ll))
      return -1;
    if (ll < o->lang_len && (sila_buf_puts(b, ", \"@direction\": ") ||
                             put_json_string(b, o->lang + ll + 2, o->lang_len - ll - 2)))
      return -1;
  } else if (o->datatype) {
    if (sila_buf_puts(b, ", \"@type\": ") || put_iri(w, o->datatype, o->datatype_len))
      return -1;
  }
  return sila_buf_putc(b, '}');
}

static int start_doc(SilaRdfWriter *w) {
  SilaBuf *b = &w->out;
  w->first_node = true;
  if (!compact(w))
    return sila_buf_puts(b, "[");
  if (sila_buf_puts(b, "{\n  \"@context\": {"))
    return -1;
  bool first = true;
  for (size_t i = 0; i < w->nprefix; i++) {
    if (!usable_prefix(&w->prefixes[i]))
      continue;
    if (sila_buf_puts(b, first ? "\n    " : ",\n    ") ||
        put_json_string(b, w->prefixes[i].prefix, strlen(w->prefixes[i].prefix)) ||
        sila_buf_puts(b, ": ") ||
        put_json_string(b, w->prefixes[i].iri, strlen(w->prefixes[i].iri)))
      return -1;
    first = false;
  }
  return sila_buf_puts(b, "\n  },\n  \"@graph\": [");
}

/* Closes the open node object (its predicate array first). */
static int close_node(SilaRdfWriter *w) {
  if (!w->has_s)
    return 0;
  w->has_s = false;
  w->node_preds.len = 0;
  return sila_buf_puts(&w->out, "]}");
}

static int close_graph(SilaRdfWriter *w) {
  if (close_node(w))
    return -1;
  if (!w->has_g)
    return 0;
  w->has_g = false;
  return sila_buf_puts(&w->out, "\n  ]}");
}

static bool key_is(const SilaBuf *key, const SilaBuf *nt) {
  return key->len == nt->len && memcmp(key->data, nt->data, key->len) == 0;
}

static bool pred_seen(const SilaBuf *list, const SilaBuf *nt) {
  size_t i = 0;
  while (i < list->len) {
    const char *e = memchr(list->data + i, '\n', list->len - i);
    size_t l = (size_t)(e - (list->data + i));
    if (l == nt->len && memcmp(list->data + i, nt->data, l) == 0)
      return true;
    i += l + 1;
  }
  return false;
}

SilaStatus rdf_jsonld_quad(SilaRdfWriter *w, const SilaTerm *s, const SilaTerm *p,
                           const SilaTerm *o, const SilaTerm *g) {
  SilaBuf *b = &w->out;
  SilaBuf *ks = &w->key_s, *kp = &w->key_p, *kg = &w->key_g;
  int rc = 0;
  ks->len = kp->len = kg->len = 0;
  if (!w->in_block) { /* in_block marks "document started" for JSON-LD */
    rc |= start_doc(w);
    w->in_block = true;
  }
  rc |= rdf_put_term_nt(ks, s) | rdf_put_term_nt(kp, p);
  if (g)
    rc |= rdf_put_term_nt(kg, g);
  if (rc)
    goto done;
  bool same_graph = g ? (w->has_g && key_is(&w->cur_g, kg)) : !w->has_g;
  if (!same_graph) {
    rc |= close_graph(w);
    if (g) {
      rc |= sila_buf_puts(b, w->first_node ? "\n  " : ",\n  ");
      w->first_node = false;
      rc |= sila_buf_puts(b, "{\"@id\": ") | put_id(w, g) | sila_buf_puts(b, ", \"@graph\": [");
      w->cur_g.len = 0;
      rc |= sila_buf_append(&w->cur_g, kg->data, kg->len);
      w->has_g = true;
      w->first_in_graph = true;
    }
  }
  bool same_s = w->has_s && key_is(&w->cur_s, ks);
  if (same_s && key_is(&w->cur_p, kp)) {
    rc |= sila_buf_puts(b, ", ");
  } else {
    if (same_s && pred_seen(&w->node_preds, kp)) {
      rc |= close_node(w);
      same_s = false;
    }
    if (same_s) {
      rc |= sila_buf_puts(b, "], ");
    } else {
      rc |= close_node(w);
      bool *first = w->has_g ? &w->first_in_graph : &w->first_node;
      rc |= sila_buf_puts(b, *first ? "\n  " : ",\n  ");
      if (w->has_g)
        rc |= sila_buf_puts(b, "  ");
      *first = false;
      rc |= sila_buf_puts(b, "{\"@id\": ") | put_id(w, s) | sila_buf_puts(b, ", ");
      w->cur_s.len = 0;
      rc |= sila_buf_append(&w->cur_s, ks->data, ks->len);
      w->has_s = true;
    }
    rc |= put_iri(w, p->value, p->value_len) | sila_buf_puts(b, ": [");
    w->cur_p.len = 0;
    rc |= sila_buf_append(&w->cur_p, kp->data, kp->len);
    rc |= sila_buf_append(&w->node_preds, kp->data, kp->len) | sila_buf_putc(&w->node_preds, '\n');
  }
  rc |= put_object(w, o);
done:
  if (rc)
    return rdf_writer_nomem(w);
  return rdf_writer_flush(w, false);
}

SilaStatus rdf_jsonld_finish(SilaRdfWriter *w) {
  int rc = 0;
  if (!w->in_block) {
    rc |= start_doc(w);
    w->in_block = true;
  }
  rc |= close_graph(w);
  rc |= sila_buf_puts(&w->out, compact(w) ? "\n  ]\n}\n" : "\n]\n");
  return rc ? rdf_writer_nomem(w) : SILA_OK;
}
