/* redland_storage.c — the "sila" librdf storage factory (interface version 1).
 *
 * Statements are Sila quads: a Redland context is a named graph, no
 * context is the default graph.  Every find goes through sila_scan_open,
 * which picks the index whose prefix is the bound positions. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "redland_internal.h"

#define CONTEXTS_FEATURE "http://feature.librdf.org/model-contexts"

typedef struct Stream Stream;

typedef struct {
  librdf_world *world;
  SilaStore *store;
  SilaRlBlankMap *blanks;
  SilaTxn *txn;       /* the Redland transaction, if one is open */
  void *txn_handle;   /* transaction_start_with_handle's handle */
  Stream *streams;    /* open streams reading `txn` (ended with it) */
} Instance;

static Instance *inst_of(librdf_storage *storage) {
  return (Instance *)librdf_storage_get_instance(storage);
}

static void log_error(Instance *in, const char *what, SilaStatus st) {
  librdf_log(in->world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL, "sila storage: %s: %s",
             what, sila_strerror(st));
}

/* ---- Life cycle --------------------------------------------------------- */

static int st_init(librdf_storage *storage, const char *name, librdf_hash *options) {
  librdf_world *world = librdf_storage_get_world(storage);
  char *dir = options ? librdf_hash_get(options, "dir") : NULL;
  /* rdfproc -n passes new='yes'; "create" is accepted as a clearer alias. */
  bool create = options && (librdf_hash_get_as_boolean(options, "new") > 0 ||
                            librdf_hash_get_as_boolean(options, "create") > 0);
  if (options)
    librdf_free_hash(options); /* the factory owns its options */
  if (!dir && name && *name)
    dir = strdup(name); /* librdf_new_storage(world, "sila", "/path", NULL) */
  if (!dir) {
    librdf_log(world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
               "sila storage: option dir='…' is required");
    return 1;
  }
  Instance *in = calloc(1, sizeof *in);
  if (!in) {
    free(dir);
    return 1;
  }
  in->world = world;
  librdf_storage_set_instance(storage, in);
  in->blanks = sila_rl_blanks_new();
  SilaStatus st = in->blanks ? sila_rl_store_acquire(dir, create, &in->store) : SILA_ERR_NOMEM;
  if (st != SILA_OK)
    librdf_log(world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL,
               "sila storage: cannot open %s: %s%s", dir, sila_strerror(st),
               st == SILA_ERR_NOT_FOUND ? " (use new='yes' to create it)" : "");
  free(dir);
  return st != SILA_OK; /* librdf_free_storage then calls terminate */
}

static void end_streams(Instance *in);

static void st_terminate(librdf_storage *storage) {
  Instance *in = inst_of(storage);
  if (!in)
    return;
  end_streams(in);
  sila_txn_abort(in->txn); /* an uncommitted Redland transaction is lost */
  sila_rl_blanks_free(in->blanks);
  sila_rl_store_release(in->store);
  free(in);
  librdf_storage_set_instance(storage, NULL);
}

static int st_open(librdf_storage *storage, librdf_model *model) { return 0; }

static int st_close(librdf_storage *storage) { return 0; }

/* ---- Write transactions --------------------------------------------------
 * Writes outside a Redland transaction get one of their own. */

static SilaStatus write_begin(Instance *in, SilaTxn **txn) {
  if (in->txn) {
    *txn = in->txn;
    return SILA_OK;
  }
  return sila_txn_begin_write(in->store, 0, txn);
}

static int write_end(Instance *in, SilaTxn *txn, SilaStatus st, const char *what) {
  if (txn != in->txn) {
    if (st == SILA_OK)
      st = sila_txn_commit(txn);
    else
      sila_txn_abort(txn);
    if (st != SILA_OK)
      sila_rl_blanks_clear(in->blanks); /* its new blank nodes are gone */
  }
  if (st != SILA_OK)
    log_error(in, what, st);
  return st != SILA_OK;
}

static SilaStatus graph_id(Instance *in, SilaTxn *txn, librdf_node *context, bool intern,
                           SilaId *g) {
  if (!context) {
    *g = SILA_ID_DEFAULT_GRAPH;
    return SILA_OK;
  }
  return sila_rl_node_id(txn, in->blanks, context, intern, g);
}

static SilaStatus add_one(Instance *in, SilaTxn *txn, librdf_node *context, librdf_statement *s) {
  SilaIdQuad q;
  SilaStatus st;
  if ((st = sila_rl_node_id(txn, in->blanks, librdf_statement_get_subject(s), true, &q.s)) ||
      (st = sila_rl_node_id(txn, in->blanks, librdf_statement_get_predicate(s), true, &q.p)) ||
      (st = sila_rl_node_id(txn, in->blanks, librdf_statement_get_object(s), true, &q.o)) ||
      (st = graph_id(in, txn, context, true, &q.g)))
    return st;
  st = sila_txn_add(txn, &q);
  return st == SILA_ERR_EXISTS ? SILA_OK : st; /* a graph is a set */
}

static int st_context_add_statement(librdf_storage *storage, librdf_node *context,
                                    librdf_statement *statement) {
  Instance *in = inst_of(storage);
  SilaTxn *txn;
  SilaStatus st = write_begin(in, &txn);
  if (st != SILA_OK)
    return write_end(in, NULL, st, "add");
  return write_end(in, txn, add_one(in, txn, context, statement), "add");
}

static int st_add_statement(librdf_storage *storage, librdf_statement *statement) {
  return st_context_add_statement(storage, NULL, statement);
}

/* A whole stream (a parse) is one write transaction: all or nothing. */
static int st_context_add_statements(librdf_storage *storage, librdf_node *context,
                                     librdf_stream *stream) {
  Instance *in = inst_of(storage);
  SilaTxn *txn;
  SilaStatus st = write_begin(in, &txn);
  if (st != SILA_OK)
    return write_end(in, NULL, st, "add");
  for (; st == SILA_OK && !librdf_stream_end(stream); librdf_stream_next(stream)) {
    librdf_statement *s = librdf_stream_get_object(stream);
    if (!s)
      break;
    /* Redland's own loop skips statements that are not RDF (a literal
     * subject): so does this one. */
    librdf_node *subj = librdf_statement_get_subject(s), *pred = librdf_statement_get_predicate(s);
    if (!subj || !pred || librdf_node_is_literal(subj) || !librdf_node_is_resource(pred) ||
        !librdf_statement_get_object(s))
      continue;
    st = add_one(in, txn, context, s);
  }
  return write_end(in, txn, st, "add statements");
}

static int st_add_statements(librdf_storage *storage, librdf_stream *stream) {
  return st_context_add_statements(storage, NULL, stream);
}

/* Returns 0 when removed, 1 when the statement was not in that graph. */
static int st_context_remove_statement(librdf_storage *storage, librdf_node *context,
                                       librdf_statement *s) {
  Instance *in = inst_of(storage);
  SilaTxn *txn;
  SilaIdQuad q;
  SilaStatus st = write_begin(in, &txn);
  if (st != SILA_OK)
    return write_end(in, NULL, st, "remove");
  if ((st = sila_rl_node_id(txn, in->blanks, librdf_statement_get_subject(s), false, &q.s)) ||
      (st = sila_rl_node_id(txn, in->blanks, librdf_statement_get_predicate(s), false, &q.p)) ||
      (st = sila_rl_node_id(txn, in->blanks, librdf_statement_get_object(s), false, &q.o)) ||
      (st = graph_id(in, txn, context, false, &q.g)) || (st = sila_txn_remove(txn, &q))) {
    if (st == SILA_ERR_NOT_FOUND) {
      write_end(in, txn, SILA_OK, "remove"); /* nothing changed: commit is a no-op */
      return 1;
    }
  }
  return write_end(in, txn, st, "remove");
}

static int st_remove_statement(librdf_storage *storage, librdf_statement *statement) {
  return st_context_remove_statement(storage, NULL, statement);
}

static int st_context_remove_statements(librdf_storage *storage, librdf_node *context) {
  Instance *in = inst_of(storage);
  SilaTxn *txn;
  SilaId g;
  SilaStatus st = write_begin(in, &txn);
  if (st != SILA_OK)
    return write_end(in, NULL, st, "remove context");
  st = graph_id(in, txn, context, false, &g);
  if (st == SILA_OK)
    st = sila_txn_clear_graph(txn, g, NULL);
  else if (st == SILA_ERR_NOT_FOUND)
    st = SILA_OK; /* an unknown graph is empty */
  return write_end(in, txn, st, "remove context");
}

/* ---- Reads ------------------------------------------------------------------ */

/* A read: the Redland transaction when one is open (to see its writes),
 * else a snapshot of its own. */
static SilaStatus read_begin(Instance *in, SilaTxn **txn) {
  if (in->txn) {
    *txn = in->txn;
    return SILA_OK;
  }
  return sila_txn_begin_read(in->store, txn);
}

static void read_end(Instance *in, SilaTxn *txn) { /* NULL is a no-op */
  if (txn && txn != in->txn)
    sila_txn_commit(txn); /* ends a read transaction */
}

static int st_size(librdf_storage *storage) {
  Instance *in = inst_of(storage);
  SilaTxn *txn;
  SilaStoreStats stats;
  if (read_begin(in, &txn) != SILA_OK)
    return -1;
  SilaStatus st = sila_txn_stats(txn, &stats);
  read_end(in, txn);
  if (st != SILA_OK)
    return -1;
  return stats.quads > INT_MAX ? INT_MAX : (int)stats.quads;
}

/* Fills a pattern from a partial statement; false when a bound node is
 * not in the store (nothing can match). */
static bool pattern_of(Instance *in, SilaTxn *txn, librdf_statement *s, SilaIdQuad *q) {
  librdf_node *n[3] = {NULL, NULL, NULL};
  SilaId *pos[3] = {&q->s, &q->p, &q->o};
  if (s) {
    n[0] = librdf_statement_get_subject(s);
    n[1] = librdf_statement_get_predicate(s);
    n[2] = librdf_statement_get_object(s);
  }
  for (int i = 0; i < 3; i++) {
    *pos[i] = SILA_ID_ANY;
    if (n[i] && sila_rl_node_id(txn, in->blanks, n[i], false, pos[i]) != SILA_OK)
      return false;
  }
  return true;
}

static int st_contains_statement(librdf_storage *storage, librdf_statement *statement) {
  Instance *in = inst_of(storage);
  SilaTxn *txn;
  SilaIdQuad q = {0, 0, 0, SILA_ID_ANY};
  if (read_begin(in, &txn) != SILA_OK)
    return 0;
  int found = pattern_of(in, txn, statement, &q) && sila_txn_count(txn, &q, 1) > 0;
  read_end(in, txn);
  return found;
}

/* ---- Streams of statements ---------------------------------------------- */

struct Stream {
  Instance *in;
  librdf_storage *storage; /* referenced while the stream lives */
  SilaTxn *txn;            /* own snapshot, or in->txn (borrowed) */
  SilaScan *scan;
  librdf_statement *current;
  librdf_node *context; /* of current; NULL = default graph */
  bool end;
  Stream *next_borrowing; /* in in->streams when txn is borrowed */
};

static void stream_release_txn(Stream *s) {
  sila_scan_free(s->scan);
  s->scan = NULL;
  if (s->txn && s->txn != s->in->txn)
    sila_txn_commit(s->txn);
  s->txn = NULL;
}

/* The transaction a stream borrowed is ending: the stream ends with it. */
static void end_streams(Instance *in) {
  for (Stream *s = in->streams; s; s = s->next_borrowing) {
    sila_scan_free(s->scan);
    s->scan = NULL;
    s->txn = NULL;
    s->end = true;
  }
  in->streams = NULL;
}

static void stream_clear_current(Stream *s) {
  if (s->current)
    librdf_free_statement(s->current);
  if (s->context)
    librdf_free_node(s->context);
  s->current = NULL;
  s->context = NULL;
}

static void stream_fetch(Stream *s) {
  stream_clear_current(s);
  if (s->end || !s->scan) {
    s->end = true;
    return;
  }
  SilaIdQuad q;
  int rc;
  /* Redland 1.0 has no node for an RDF 1.2 triple term: such statements
   * are refused, each with an error naming the term, and the stream goes on
   * with the others. */
  while ((rc = sila_scan_next(s->scan, &q)) == 1 && sila_id_tag(q.o) == SILA_TAG_TRIPLE)
    sila_rl_refuse_triple_term(s->in->world, s->txn, q.o);
  if (rc <= 0) {
    if (rc < 0)
      log_error(s->in, "scan", (SilaStatus)-rc);
    s->end = true;
    return;
  }
  librdf_world *w = s->in->world;
  librdf_node *subj = sila_rl_id_node(w, s->txn, q.s), *pred = sila_rl_id_node(w, s->txn, q.p),
              *obj = sila_rl_id_node(w, s->txn, q.o);
  if (subj && pred && obj)
    s->current = librdf_new_statement_from_nodes(w, subj, pred, obj); /* takes the nodes */
  else {
    if (subj)
      librdf_free_node(subj);
    if (pred)
      librdf_free_node(pred);
    if (obj)
      librdf_free_node(obj);
  }
  if (q.g != SILA_ID_DEFAULT_GRAPH)
    s->context = sila_rl_id_node(w, s->txn, q.g);
  if (!s->current) {
    log_error(s->in, "decoding a statement", SILA_ERR_CORRUPT);
    s->end = true;
  }
}

static int stream_is_end(void *ctx) { return ((Stream *)ctx)->end; }

static int stream_next(void *ctx) {
  stream_fetch((Stream *)ctx);
  return ((Stream *)ctx)->end;
}

static void *stream_get(void *ctx, int flags) {
  Stream *s = ctx;
  if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT)
    return s->current;
  if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT)
    return s->context;
  return NULL;
}

static void stream_finished(void *ctx) {
  Stream *s = ctx;
  for (Stream **p = &s->in->streams; *p; p = &(*p)->next_borrowing)
    if (*p == s) {
      *p = s->next_borrowing;
      break;
    }
  stream_clear_current(s);
  stream_release_txn(s);
  librdf_storage_remove_reference(s->storage);
  free(s);
}

/* A stream of the quads matching (statement, graph); g = SILA_ID_ANY reads
 * every graph, as a set of triples when `distinct`.  `context` NULL with
 * g_given means the default graph. */
static librdf_stream *open_stream(librdf_storage *storage, librdf_statement *statement,
                                  bool any_graph, librdf_node *context, bool distinct) {
  Instance *in = inst_of(storage);
  Stream *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->in = in;
  s->storage = storage;
  librdf_storage_add_reference(storage);
  SilaStatus st = read_begin(in, &s->txn);
  SilaIdQuad q = {0, 0, 0, SILA_ID_ANY};
  bool match = st == SILA_OK && pattern_of(in, s->txn, statement, &q);
  if (match && !any_graph)
    match = graph_id(in, s->txn, context, false, &q.g) == SILA_OK;
  if (match)
    st = sila_scan_open(s->txn, &q, distinct ? SILA_SCAN_DISTINCT_TRIPLES : 0, &s->scan);
  if (st != SILA_OK) {
    log_error(in, "find", st);
    stream_finished(s);
    return NULL;
  }
  if (s->txn == in->txn && s->txn) {
    s->next_borrowing = in->streams;
    in->streams = s;
  }
  stream_fetch(s);
  librdf_stream *out = librdf_new_stream(in->world, s, stream_is_end, stream_next, stream_get,
                                         stream_finished);
  if (!out)
    stream_finished(s);
  return out;
}

static librdf_stream *st_serialise(librdf_storage *storage) {
  return open_stream(storage, NULL, true, NULL, false);
}

static librdf_stream *st_context_serialise(librdf_storage *storage, librdf_node *context) {
  return open_stream(storage, NULL, false, context, false);
}

/* Without a context: the union of all graphs, each triple once. */
static librdf_stream *st_find_statements(librdf_storage *storage, librdf_statement *statement) {
  return open_stream(storage, statement, true, NULL, true);
}

static librdf_stream *st_find_statements_in_context(librdf_storage *storage,
                                                    librdf_statement *statement,
                                                    librdf_node *context) {
  return open_stream(storage, statement, false, context, false);
}

/* ---- Contexts ------------------------------------------------------------------ */

typedef struct {
  librdf_node **nodes;
  size_t count, pos;
} NodeList;

static int nodes_is_end(void *ctx) {
  NodeList *l = ctx;
  return l->pos >= l->count;
}

static int nodes_next(void *ctx) {
  NodeList *l = ctx;
  l->pos++;
  return l->pos >= l->count;
}

static void *nodes_get(void *ctx, int flags) {
  NodeList *l = ctx;
  if (flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT || l->pos >= l->count)
    return NULL;
  return l->nodes[l->pos];
}

static void nodes_finished(void *ctx) {
  NodeList *l = ctx;
  for (size_t i = 0; i < l->count; i++)
    librdf_free_node(l->nodes[i]);
  free(l->nodes);
  free(l);
}

/* The named graphs (the default graph is no context), read in one go:
 * graphs are few next to quads. */
static librdf_iterator *st_get_contexts(librdf_storage *storage) {
  Instance *in = inst_of(storage);
  SilaTxn *txn = NULL;
  SilaGraphIter *it = NULL;
  NodeList *l = calloc(1, sizeof *l);
  size_t cap = 0;
  bool ok = l && read_begin(in, &txn) == SILA_OK;
  if (ok && sila_graphs_open(txn, &it) != SILA_OK)
    ok = false;
  SilaId g;
  while (ok && sila_graphs_next(it, &g) == 1) {
    if (g == SILA_ID_DEFAULT_GRAPH)
      continue;
    if (l->count == cap) {
      librdf_node **n = realloc(l->nodes, (cap = cap ? cap * 2 : 16) * sizeof *n);
      if (!n) {
        ok = false;
        break;
      }
      l->nodes = n;
    }
    if (!(l->nodes[l->count] = sila_rl_id_node(in->world, txn, g)))
      ok = false;
    else
      l->count++;
  }
  sila_graphs_free(it);
  read_end(in, txn);
  if (!ok) {
    if (l)
      nodes_finished(l);
    return NULL;
  }
  librdf_iterator *out =
      librdf_new_iterator(in->world, l, nodes_is_end, nodes_next, nodes_get, nodes_finished);
  if (!out)
    nodes_finished(l);
  return out;
}

static librdf_node *st_get_feature(librdf_storage *storage, librdf_uri *feature) {
  Instance *in = inst_of(storage);
  const char *f = feature ? (const char *)librdf_uri_as_string(feature) : NULL;
  if (f && !strcmp(f, CONTEXTS_FEATURE))
    return librdf_new_node_from_typed_literal(in->world, (const unsigned char *)"1", NULL, NULL);
  return NULL;
}

static int st_sync(librdf_storage *storage) {
  return sila_store_sync(inst_of(storage)->store) != SILA_OK;
}

/* ---- Transactions ------------------------------------------------------------ */

static int st_transaction_start_with_handle(librdf_storage *storage, void *handle) {
  Instance *in = inst_of(storage);
  if (in->txn)
    return 1; /* Redland transactions do not nest */
  SilaStatus st = sila_txn_begin_write(in->store, 0, &in->txn);
  if (st != SILA_OK) {
    in->txn = NULL;
    log_error(in, "transaction start", st);
    return 1;
  }
  in->txn_handle = handle;
  return 0;
}

static int st_transaction_start(librdf_storage *storage) {
  return st_transaction_start_with_handle(storage, NULL);
}

static int st_transaction_commit(librdf_storage *storage) {
  Instance *in = inst_of(storage);
  if (!in->txn)
    return 1;
  end_streams(in);
  SilaStatus st = sila_txn_commit(in->txn);
  in->txn = NULL;
  in->txn_handle = NULL;
  if (st != SILA_OK) {
    sila_rl_blanks_clear(in->blanks);
    log_error(in, "transaction commit", st);
  }
  return st != SILA_OK;
}

static int st_transaction_rollback(librdf_storage *storage) {
  Instance *in = inst_of(storage);
  if (!in->txn)
    return 1;
  end_streams(in);
  sila_txn_abort(in->txn);
  in->txn = NULL;
  in->txn_handle = NULL;
  sila_rl_blanks_clear(in->blanks); /* blank nodes made in it are gone */
  return 0;
}

static void *st_transaction_get_handle(librdf_storage *storage) {
  return inst_of(storage)->txn_handle;
}

/* ---- Registration --------------------------------------------------------------- */

static void factory_fill(librdf_storage_factory *f) {
  f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
  f->init = st_init;
  f->terminate = st_terminate;
  f->open = st_open;
  f->close = st_close;
  f->size = st_size;
  f->add_statement = st_add_statement;
  f->add_statements = st_add_statements;
  f->remove_statement = st_remove_statement;
  f->contains_statement = st_contains_statement;
  f->serialise = st_serialise;
  f->find_statements = st_find_statements;
  f->context_add_statement = st_context_add_statement;
  f->context_add_statements = st_context_add_statements;
  f->context_remove_statement = st_context_remove_statement;
  f->context_remove_statements = st_context_remove_statements;
  f->context_serialise = st_context_serialise;
  f->find_statements_in_context = st_find_statements_in_context;
  f->get_contexts = st_get_contexts;
  f->get_feature = st_get_feature;
  f->sync = st_sync;
  f->transaction_start = st_transaction_start;
  f->transaction_start_with_handle = st_transaction_start_with_handle;
  f->transaction_commit = st_transaction_commit;
  f->transaction_rollback = st_transaction_rollback;
  f->transaction_get_handle = st_transaction_get_handle;
}

int sila_redland_register(librdf_world *world) {
  if (!world)
    return 1;
  librdf_world_open(world);
  const char *name;
  for (unsigned i = 0; !librdf_storage_enumerate(world, i, &name, NULL); i++)
    if (!strcmp(name, "sila"))
      return 0;
  return librdf_storage_register_factory(world, "sila", "Sila LMDB quad store", factory_fill);
}
