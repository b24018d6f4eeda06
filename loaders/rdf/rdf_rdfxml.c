/* rdf_rdfxml.c — RDF/XML through raptor2: a parser wrapped in Sila's sink
 * interface (the writer is Sila's own, rdf_write_rdfxml.c).
 *
 * Raptor objects live in one process-wide world (URI interning off), used
 * under a recursive mutex: raptor worlds are not thread-safe, and freeing
 * one would clean up libxml2 under other users' feet. */
#include <pthread.h>
#include <raptor2.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "rdf_internal.h"
#include "rdf_writer.h"

static pthread_mutex_t raptor_lock;
static pthread_once_t raptor_once = PTHREAD_ONCE_INIT;
static raptor_world *world;

static void init_world(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&raptor_lock, &a);
  pthread_mutexattr_destroy(&a);
  world = raptor_new_world();
  if (world) {
    raptor_world_set_flag(world, RAPTOR_WORLD_FLAG_URI_INTERNING, 0);
    if (raptor_world_open(world)) {
      raptor_free_world(world);
      world = NULL;
    }
  }
}

static raptor_world *lock_world(void) {
  pthread_once(&raptor_once, init_world);
  pthread_mutex_lock(&raptor_lock);
  return world;
}

static void unlock_world(void) { pthread_mutex_unlock(&raptor_lock); }

/* The world has one log handler and raptor cannot tell which one is set:
 * keep it here so a nested user (an RDF/XML writer called from an RDF/XML
 * parser's sink) can put back the handler it replaced.  Lock held. */
typedef struct {
  raptor_log_handler fn;
  void *data;
} LogHandler;
static LogHandler current_log;

static LogHandler push_log(raptor_log_handler fn, void *data) {
  LogHandler saved = current_log;
  current_log.fn = fn;
  current_log.data = data;
  raptor_world_set_log_handler(world, data, fn);
  return saved;
}

static void pop_log(LogHandler saved) {
  current_log = saved;
  raptor_world_set_log_handler(world, saved.data, saved.fn);
}

/* --- parser --- */

/* raptor2 2.0.15 drops the in-scope xml:lang of property attributes
 * (<rdf:Description xml:lang="fr" eg:p="chat"/> gives "chat", not
 * "chat"@fr; W3C rdfms-xmllang-test006).  The workaround: a second, plain
 * SAX2 pass over each chunk, run just before raptor's, lists the property
 * attributes of the chunk with their in-scope language; a plain literal
 * raptor then emits for the same predicate and value (and subject, when
 * rdf:about names it) takes that language.  Both passes see the same
 * chunks, so they see the same elements. */
typedef struct {
  char *pred, *value, *lang, *about; /* about: NULL when not an rdf:about IRI */
} PropAttr;

typedef struct {
  raptor_parser *rp;
  SilaQuadSink sink;
  void *sink_ctx;
  SilaError *err;
  SilaStatus st;
  raptor_sax2 *sax2;   /* the side pass */
  raptor_locator side_locator;
  bool in_side_pass;   /* its XML errors are raptor's too: reported once, by raptor */
  PropAttr *attrs;     /* the chunk's property attributes, in document order */
  size_t nattrs, cap;
} XmlParse;

static void attrs_clear(XmlParse *X) {
  for (size_t i = 0; i < X->nattrs; i++)
    free(X->attrs[i].pred), free(X->attrs[i].value), free(X->attrs[i].lang),
        free(X->attrs[i].about);
  X->nattrs = 0;
}

static bool is_rdf_syntax_attr(const char *ns, const char *local) {
  static const char *const names[] = {"about",    "ID",    "nodeID",   "resource", "datatype",
                                      "parseType", "type", "bagID",    "aboutEach",
                                      "aboutEachPrefix", "li", NULL};
  if (strcmp(ns, SILA_NS_RDF))
    return false;
  for (size_t i = 0; names[i]; i++)
    if (!strcmp(local, names[i]))
      return true;
  return false;
}

static void side_start(void *data, raptor_xml_element *el) {
  XmlParse *X = data;
  const unsigned char *lang = raptor_sax2_inscope_xml_language(X->sax2);
  raptor_qname **attrs = raptor_xml_element_get_attributes(el);
  int n = raptor_xml_element_get_attributes_count(el);
  char *about = NULL;
  for (int i = 0; i < n && attrs; i++) {
    const raptor_namespace *ns = raptor_qname_get_namespace(attrs[i]);
    raptor_uri *nsu = ns ? raptor_namespace_get_uri(ns) : NULL;
    if (nsu && !strcmp((const char *)raptor_uri_as_string(nsu), SILA_NS_RDF) &&
        !strcmp((const char *)raptor_qname_get_local_name(attrs[i]), "about")) {
      raptor_uri *u = raptor_new_uri_relative_to_base(
          world, raptor_sax2_inscope_base_uri(X->sax2), raptor_qname_get_value(attrs[i]));
      if (u) {
        about = strdup((const char *)raptor_uri_as_string(u));
        raptor_free_uri(u);
      }
    }
  }
  for (int i = 0; i < n && attrs && lang && *lang; i++) {
    const raptor_namespace *ns = raptor_qname_get_namespace(attrs[i]);
    raptor_uri *nsu = ns ? raptor_namespace_get_uri(ns) : NULL;
    const char *nss = nsu ? (const char *)raptor_uri_as_string(nsu) : NULL;
    const char *local = (const char *)raptor_qname_get_local_name(attrs[i]);
    if (!nss || !strcmp(nss, "http://www.w3.org/XML/1998/namespace") ||
        is_rdf_syntax_attr(nss, local))
      continue;
    if (X->nattrs == X->cap) {
      size_t cap = X->cap ? 2 * X->cap : 16;
      PropAttr *a = realloc(X->attrs, cap * sizeof *a);
      if (!a)
        break; /* out of memory: these attributes keep raptor's reading */
      X->attrs = a, X->cap = cap;
    }
    PropAttr *pa = &X->attrs[X->nattrs];
    size_t nl = strlen(nss), ll = strlen(local);
    pa->pred = malloc(nl + ll + 1);
    pa->value = strdup((const char *)raptor_qname_get_value(attrs[i]));
    pa->lang = strdup((const char *)lang);
    pa->about = about ? strdup(about) : NULL;
    if (!pa->pred || !pa->value || !pa->lang || (about && !pa->about)) {
      free(pa->pred), free(pa->value), free(pa->lang), free(pa->about);
      break;
    }
    memcpy(pa->pred, nss, nl);
    memcpy(pa->pred + nl, local, ll + 1);
    X->nattrs++;
  }
  free(about);
}

/* Refuses every URI the side pass might load (DTDs, entities). */
static int side_uri_filter(void *data, raptor_uri *uri) {
  (void)data, (void)uri;
  return 1;
}

static void log_handler(void *data, raptor_log_message *m) {
  XmlParse *X = data;
  if (X->st != SILA_OK || X->in_side_pass)
    return;
  /* Raptor reports some constructs it drops (rdf:aboutEach, ...) only as
   * warnings that say "skipping": that is lost data, so it fails too. */
  if (m->level < RAPTOR_LOG_LEVEL_ERROR &&
      !(m->level == RAPTOR_LOG_LEVEL_WARN && m->text && strstr(m->text, "skipping")))
    return;
  unsigned long line = 0, col = 0;
  if (m->locator) {
    line = m->locator->line > 0 ? (unsigned long)m->locator->line : 0;
    col = m->locator->column > 0 ? (unsigned long)m->locator->column : 0;
  }
  X->st = sila_error_set(X->err, SILA_ERR_SYNTAX, line, col, "%s", m->text ? m->text : "RDF/XML error");
  raptor_parser_parse_abort(X->rp);
}

static void to_term(raptor_term *r, SilaTerm *t) {
  memset(t, 0, sizeof *t);
  size_t len;
  switch (r->type) {
  case RAPTOR_TERM_TYPE_URI:
    t->kind = SILA_TERM_IRI;
    t->value = (const char *)raptor_uri_as_counted_string(r->value.uri, &len);
    t->value_len = len;
    break;
  case RAPTOR_TERM_TYPE_BLANK:
    t->kind = SILA_TERM_BLANK;
    t->value = (const char *)r->value.blank.string;
    t->value_len = r->value.blank.string_len;
    break;
  case RAPTOR_TERM_TYPE_LITERAL:
    t->kind = SILA_TERM_LITERAL;
    t->value = (const char *)r->value.literal.string;
    t->value_len = r->value.literal.string_len;
    if (r->value.literal.language && r->value.literal.language_len) {
      t->lang = (const char *)r->value.literal.language;
      t->lang_len = r->value.literal.language_len;
    } else if (r->value.literal.datatype) {
      t->datatype = (const char *)raptor_uri_as_counted_string(r->value.literal.datatype, &len);
      t->datatype_len = len;
      if (sila_iri_is(t->datatype, t->datatype_len, SILA_XSD_STRING))
        t->datatype = NULL, t->datatype_len = 0;
    }
    break;
  default:
    break;
  }
}

/* The one IRI rule (sila_iri_valid) and well-formed language tags: raptor
 * passes rdf:about="a b{c}" and xml:lang="en us" on as they are, and the
 * store could then not be dumped and loaded back. */
static bool term_ok(XmlParse *X, const SilaTerm *t) {
  const char *what = NULL, *text = NULL;
  size_t len = 0;
  if (t->kind == SILA_TERM_IRI && !sila_iri_valid(t->value, t->value_len))
    what = "IRI", text = t->value, len = t->value_len;
  else if (t->datatype && !sila_iri_valid(t->datatype, t->datatype_len))
    what = "datatype IRI", text = t->datatype, len = t->datatype_len;
  else if (t->lang && !sila_lang_valid(t->lang, t->lang_len))
    what = "language tag", text = t->lang, len = t->lang_len;
  if (!what)
    return true;
  raptor_locator *loc = raptor_parser_get_locator(X->rp);
  unsigned long line = loc && loc->line > 0 ? (unsigned long)loc->line : 0;
  unsigned long col = loc && loc->column > 0 ? (unsigned long)loc->column : 0;
  X->st = sila_error_set(X->err, SILA_ERR_SYNTAX, line, col, "invalid %s <%.*s>", what,
                         len > 200 ? 200 : (int)len, text);
  raptor_parser_parse_abort(X->rp);
  return false;
}

/* The language the side pass found for a plain literal raptor emitted
 * from a property attribute, or NULL. */
static const char *attr_lang(XmlParse *X, const SilaTerm *s, const SilaTerm *p,
                             const SilaTerm *o) {
  if (o->kind != SILA_TERM_LITERAL || o->lang || o->datatype)
    return NULL;
  for (size_t i = 0; i < X->nattrs; i++) {
    PropAttr *a = &X->attrs[i];
    if (!a->lang || !sila_iri_is(p->value, p->value_len, a->pred) ||
        strlen(a->value) != o->value_len || memcmp(a->value, o->value, o->value_len))
      continue;
    if (a->about && (s->kind != SILA_TERM_IRI || !sila_iri_is(s->value, s->value_len, a->about)))
      continue;
    return a->lang; /* freed with the chunk's list */
  }
  return NULL;
}

static void statement_handler(void *data, raptor_statement *st) {
  XmlParse *X = data;
  if (X->st != SILA_OK)
    return;
  SilaTerm s, p, o;
  to_term(st->subject, &s);
  to_term(st->predicate, &p);
  to_term(st->object, &o);
  const char *lang = attr_lang(X, &s, &p, &o);
  if (lang) {
    o.lang = lang;
    o.lang_len = strlen(lang);
  }
  if (!term_ok(X, &s) || !term_ok(X, &p) || !term_ok(X, &o))
    return;
  SilaStatus rc = X->sink(X->sink_ctx, &s, &p, &o, NULL);
  if (rc != SILA_OK) {
    X->st = sila_error_set(X->err, rc, 0, 0, "statement rejected: %s", sila_strerror(rc));
    raptor_parser_parse_abort(X->rp);
  }
}

SilaStatus rdf_parse_rdfxml(SilaRdfReader read_fn, void *read_ctx, const char *base,
                            SilaQuadSink sink, void *sink_ctx, SilaError *err) {
  XmlParse X = {.sink = sink, .sink_ctx = sink_ctx, .err = err, .st = SILA_OK};
  enum { CHUNK = 64 * 1024 };
  char *buf = sila_malloc(CHUNK);
  if (!buf)
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  RdfXmlProlog prolog = {SILA_BUF_INIT, false};
  raptor_world *w = lock_world();
  raptor_uri *base_uri = NULL;
  LogHandler saved = {NULL, NULL};
  if (!w) {
    X.st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "cannot start raptor");
    goto out;
  }
  saved = push_log(log_handler, &X);
  X.rp = raptor_new_parser(w, "rdfxml");
  base_uri = raptor_new_uri(w, (const unsigned char *)(base && *base ? base : "file:///dev/stdin"));
  if (!X.rp || !base_uri) {
    X.st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "cannot create the raptor parser");
    goto out;
  }
  /* No document reads another: no network, no file, no external entity
   * (the prolog check below refuses their declarations outright). */
  raptor_parser_set_option(X.rp, RAPTOR_OPTION_NO_NET, NULL, 1);
  raptor_parser_set_option(X.rp, RAPTOR_OPTION_NO_FILE, NULL, 1);
  raptor_parser_set_option(X.rp, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, NULL, 0);
  raptor_parser_set_statement_handler(X.rp, &X, statement_handler);
  X.sax2 = raptor_new_sax2(w, &X.side_locator, &X);
  if (!X.sax2) {
    X.st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "cannot create the raptor parser");
    goto out;
  }
  raptor_sax2_set_start_element_handler(X.sax2, side_start);
  raptor_sax2_set_uri_filter(X.sax2, side_uri_filter, NULL);
  raptor_sax2_parse_start(X.sax2, base_uri);
  if (raptor_parser_parse_start(X.rp, base_uri)) {
    X.st = sila_error_set(err, SILA_ERR_SYNTAX, 0, 0, "raptor could not start parsing");
    goto out;
  }
  for (;;) {
    ssize_t n = read_fn(read_ctx, buf, CHUNK);
    if (n < 0) {
      X.st = sila_error_set(err, SILA_ERR_IO, 0, 0, "read error");
      break;
    }
    if (rdf_xml_prolog_feed(&prolog, buf, (size_t)n, n == 0, err)) {
      X.st = err ? err->status : SILA_ERR_SYNTAX;
      break;
    }
    attrs_clear(&X);
    X.in_side_pass = true;
    raptor_sax2_parse_chunk(X.sax2, (const unsigned char *)buf, (size_t)n, n == 0);
    X.in_side_pass = false;
    int rc = raptor_parser_parse_chunk(X.rp, (const unsigned char *)buf, (size_t)n, n == 0);
    if (X.st != SILA_OK)
      break;
    if (rc) {
      X.st = sila_error_set(err, SILA_ERR_SYNTAX, 0, 0, "RDF/XML syntax error");
      break;
    }
    if (n == 0)
      break;
  }
out:
  attrs_clear(&X);
  free(X.attrs);
  if (X.sax2)
    raptor_free_sax2(X.sax2);
  if (X.rp)
    raptor_free_parser(X.rp);
  if (base_uri)
    raptor_free_uri(base_uri);
  if (w)
    pop_log(saved);
  unlock_world();
  free(buf);
  rdf_xml_prolog_free(&prolog);
  return X.st;
}
