/* redland_terms.c — librdf_node ↔ SilaTerm / SilaId. */
#include <stdlib.h>
#include <string.h>

#include "redland_internal.h"

/* ---- Blank node labels chosen by Redland ----------------------------------
 * A chained hash table: parses add a few thousand labels at most between
 * two storages, so it only grows. */
typedef struct BlankEntry {
  SilaId id;
  size_t len;
  struct BlankEntry *next;
  char label[];
} BlankEntry;

struct SilaRlBlankMap {
  BlankEntry **slots;
  size_t nslots, count;
};

static size_t hash_label(const char *s, size_t len) {
  size_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

SilaRlBlankMap *sila_rl_blanks_new(void) {
  SilaRlBlankMap *m = calloc(1, sizeof *m);
  if (m && !(m->slots = calloc(m->nslots = 64, sizeof *m->slots))) {
    free(m);
    return NULL;
  }
  return m;
}

void sila_rl_blanks_clear(SilaRlBlankMap *m) {
  if (!m)
    return;
  for (size_t i = 0; i < m->nslots; i++)
    for (BlankEntry *e = m->slots[i], *next; e; e = next) {
      next = e->next;
      free(e);
    }
  memset(m->slots, 0, m->nslots * sizeof *m->slots);
  m->count = 0;
}

void sila_rl_blanks_free(SilaRlBlankMap *m) {
  if (!m)
    return;
  sila_rl_blanks_clear(m);
  free(m->slots);
  free(m);
}

static BlankEntry *blank_find(SilaRlBlankMap *m, const char *s, size_t len) {
  for (BlankEntry *e = m->slots[hash_label(s, len) % m->nslots]; e; e = e->next)
    if (e->len == len && !memcmp(e->label, s, len))
      return e;
  return NULL;
}

static int blank_add(SilaRlBlankMap *m, const char *s, size_t len, SilaId id) {
  if (m->count >= m->nslots) { /* keep chains short: double */
    size_t n = m->nslots * 2;
    BlankEntry **slots = calloc(n, sizeof *slots);
    if (!slots)
      return -1;
    for (size_t i = 0; i < m->nslots; i++)
      for (BlankEntry *e = m->slots[i], *next; e; e = next) {
        next = e->next;
        size_t k = hash_label(e->label, e->len) % n;
        e->next = slots[k];
        slots[k] = e;
      }
    free(m->slots);
    m->slots = slots;
    m->nslots = n;
  }
  BlankEntry *e = malloc(sizeof *e + len + 1);
  if (!e)
    return -1;
  e->id = id;
  e->len = len;
  memcpy(e->label, s, len);
  e->label[len] = '\0';
  size_t k = hash_label(s, len) % m->nslots;
  e->next = m->slots[k];
  m->slots[k] = e;
  m->count++;
  return 0;
}

/* ---- Nodes ------------------------------------------------------------------ */

bool sila_rl_node_term(librdf_node *node, SilaTerm *out) {
  memset(out, 0, sizeof *out);
  if (!node)
    return false;
  size_t len = 0;
  if (librdf_node_is_resource(node)) {
    out->kind = SILA_TERM_IRI;
    out->value = (const char *)librdf_uri_as_counted_string(librdf_node_get_uri(node), &len);
  } else if (librdf_node_is_blank(node)) {
    out->kind = SILA_TERM_BLANK;
    out->value = (const char *)librdf_node_get_counted_blank_identifier(node, &len);
  } else if (librdf_node_is_literal(node)) {
    out->kind = SILA_TERM_LITERAL;
    out->value = (const char *)librdf_node_get_literal_value_as_counted_string(node, &len);
    const char *lang = librdf_node_get_literal_value_language(node);
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(node);
    if (lang && *lang) {
      out->lang = lang;
      out->lang_len = strlen(lang);
    } else if (dt) {
      size_t dl = 0;
      const char *d = (const char *)librdf_uri_as_counted_string(dt, &dl);
      /* One term, one form: ^^xsd:string is the plain literal. */
      if (!sila_iri_is(d, dl, SILA_XSD_STRING)) {
        out->datatype = d;
        out->datatype_len = dl;
      }
    }
  } else {
    return false;
  }
  if (!out->value) {
    if (out->kind != SILA_TERM_LITERAL)
      return false;
    out->value = "";
    len = 0;
  }
  out->value_len = len;
  return true;
}

SilaStatus sila_rl_node_id(SilaTxn *txn, SilaRlBlankMap *blanks, librdf_node *node, bool intern,
                           SilaId *out) {
  SilaTerm t;
  if (!sila_rl_node_term(node, &t))
    return SILA_ERR_INVALID;
  if (t.kind == SILA_TERM_BLANK) {
    BlankEntry *e = blank_find(blanks, t.value, t.value_len);
    if (e) {
      *out = e->id;
      return SILA_OK;
    }
    /* A label the store gave ("b1f") names that node; any other is
     * Redland's name for a node new to the store. */
    SilaStatus st = sila_txn_lookup(txn, &t, out);
    if (st != SILA_ERR_NOT_FOUND || !intern)
      return st;
    if ((st = sila_txn_new_blank(txn, out)) != SILA_OK)
      return st;
    return blank_add(blanks, t.value, t.value_len, *out) ? SILA_ERR_NOMEM : SILA_OK;
  }
  return intern ? sila_txn_intern(txn, &t, out) : sila_txn_lookup(txn, &t, out);
}

librdf_node *sila_rl_id_node(librdf_world *world, SilaTxn *txn, SilaId id) {
  SilaTerm t;
  char buf[SILA_TERM_BUF];
  if (sila_txn_term(txn, id, &t, buf) != SILA_OK)
    return NULL;
  const unsigned char *v = (const unsigned char *)(t.value ? t.value : "");
  switch (t.kind) {
  case SILA_TERM_IRI:
    return librdf_new_node_from_counted_uri_string(world, v, t.value_len);
  case SILA_TERM_BLANK:
    return librdf_new_node_from_counted_blank_identifier(world, v, t.value_len);
  case SILA_TERM_LITERAL: {
    librdf_uri *dt = NULL;
    if (t.datatype && !(dt = librdf_new_uri2(world, (const unsigned char *)t.datatype, t.datatype_len)))
      return NULL;
    librdf_node *n = librdf_new_node_from_typed_counted_literal(world, v, t.value_len, t.lang,
                                                                t.lang ? t.lang_len : 0, dt);
    if (dt)
      librdf_free_uri(dt);
    return n;
  }
  default:
    return NULL;
  }
}

void sila_rl_refuse_triple_term(librdf_world *world, SilaTxn *txn, SilaId id) {
  SilaTerm t;
  char buf[SILA_TERM_BUF];
  SilaBuf text = SILA_BUF_INIT;
  if (sila_txn_term(txn, id, &t, buf) != SILA_OK || sila_buf_put_term_nt(&text, &t) || !text.data)
    sila_buf_puts(&text, "<<( … )>>");
  librdf_log(world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
             "sila storage: a statement whose object is the RDF 1.2 triple term %.300s was "
             "left out: Redland 1.0 has no node for triple terms (read it with sila query / "
             "sila dump)",
             text.data ? text.data : "");
  sila_buf_free(&text);
}
