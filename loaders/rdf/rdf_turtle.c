/* rdf_turtle.c — the Turtle and TriG grammars (RDF 1.2), recursive descent
 * over the lexer in rdf_turtle_lex.c.  Statements are emitted as soon as
 * their three terms are known; memory is bounded by the nesting depth of
 * `[ ]`, `( )`, `<< >>` and `<<( )>>` and by the longest token.
 *
 * RDF 1.2: triple terms <<( s p o )>> (objects only, nesting); reified
 * triples << s p o ~ r >> (a subject or object standing for the reifier r,
 * a fresh blank node without "~ r", and emitting r rdf:reifies <<( s p o )>>
 * but not the triple itself); annotations after an object, "~ r" and
 * "{| predicateObjectList |}" (the triple is asserted; each reifier, and a
 * fresh blank node for a block not preceded by one, reifies it; a block
 * describes its reifier); VERSION announcements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "rdf_turtle.h"

/* Nesting of [ ] and ( ) is recursion: bound it so a hostile document
 * cannot exhaust a server thread's stack. */
#define MAX_DEPTH 256

static const SilaTerm RDF_FIRST = {SILA_TERM_IRI, SILA_NS_RDF "first", sizeof SILA_NS_RDF + 4,
                                   NULL, 0, NULL, 0, NULL};
static const SilaTerm RDF_REST = {SILA_TERM_IRI, SILA_NS_RDF "rest", sizeof SILA_NS_RDF + 3,
                                  NULL, 0, NULL, 0, NULL};
static const char RDF_NIL[] = SILA_NS_RDF "nil";
static const char RDF_TYPE[] = SILA_NS_RDF "type";
static const SilaTerm RDF_REIFIES = {SILA_TERM_IRI, SILA_NS_RDF "reifies",
                                     sizeof SILA_NS_RDF + 6, NULL, 0, NULL, 0, NULL};

/* --- term slots --- */

static TTerm *acquire(TParser *P) {
  if (P->pool_top == P->pool_cap) {
    size_t ncap = P->pool_cap ? P->pool_cap * 2 : 16;
    TTerm **np = sila_realloc(P->pool, ncap * sizeof *np);
    if (!np)
      return tl_nomem(P), NULL;
    for (size_t i = P->pool_cap; i < ncap; i++)
      np[i] = NULL;
    P->pool = np;
    P->pool_cap = ncap;
  }
  TTerm *t = P->pool[P->pool_top];
  if (!t) {
    t = sila_calloc(1, sizeof *t);
    if (!t)
      return tl_nomem(P), NULL;
    P->pool[P->pool_top] = t;
  }
  P->pool_top++;
  t->kind = SILA_TERM_NONE;
  t->v.len = t->dt.len = t->lang.len = 0;
  return t;
}

static void release(TParser *P) { P->pool_top--; }

/* Component i of triple term t, a reset slot (allocated on first use). */
static TTerm *part(TParser *P, TTerm *t, int i) {
  if (!t->tt[i] && !(t->tt[i] = sila_calloc(1, sizeof *t->tt[i])))
    return tl_nomem(P), NULL;
  TTerm *c = t->tt[i];
  c->kind = SILA_TERM_NONE;
  c->v.len = c->dt.len = c->lang.len = 0;
  return c;
}

static void tterm_free(TTerm *t) {
  if (!t)
    return;
  sila_buf_free(&t->v);
  sila_buf_free(&t->dt);
  sila_buf_free(&t->lang);
  for (int i = 0; i < 3; i++)
    tterm_free(t->tt[i]);
  free(t);
}

static SilaTerm view(const TTerm *t) {
  if (t->kind == SILA_TERM_TRIPLE) {
    TTerm *m = (TTerm *)t; /* tv is a cache of the components' views */
    for (int i = 0; i < 3; i++)
      m->tv[i] = view(t->tt[i]);
    return sila_term_triple(m->tv);
  }
  SilaTerm s = {t->kind, t->v.data ? t->v.data : "", t->v.len, NULL, 0, NULL, 0, NULL};
  if (t->kind == SILA_TERM_LITERAL) {
    if (t->lang.len) {
      s.lang = t->lang.data;
      s.lang_len = t->lang.len;
    } else if (t->dt.len) {
      s.datatype = t->dt.data;
      s.datatype_len = t->dt.len;
    }
  }
  return s;
}

static bool set_str(TParser *P, SilaBuf *b, const char *s, size_t n) {
  b->len = 0;
  return sila_buf_append(b, s, n) ? tl_nomem(P) : true;
}

static bool fresh_blank(TParser *P, TTerm *t) {
  char label[32];
  int n = snprintf(label, sizeof label, "-b%lu", ++P->blank_counter);
  t->kind = SILA_TERM_BLANK;
  return set_str(P, &t->v, label, (size_t)n);
}

static bool emit(TParser *P, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  SilaTerm g;
  const SilaTerm *gp = NULL;
  if (P->graph) {
    g = view(P->graph);
    gp = &g;
  }
  SilaStatus st = P->sink(P->sink_ctx, s, p, o, gp);
  if (st != SILA_OK) {
    P->st = sila_error_set(P->err, st, P->line, P->col, "statement rejected: %s",
                           sila_strerror(st));
    return false;
  }
  return true;
}

/* --- IRIs --- */

/* Resolves P->tmp (an IRIREF's content) against the base into out. */
static bool resolve_into(TParser *P, const SilaBuf *ref, SilaBuf *out) {
  out->len = 0;
  const char *r = ref->data ? ref->data : "";
  if (!P->has_base || sila_iri_has_scheme(r, ref->len))
    return sila_buf_append(out, r, ref->len) ? tl_nomem(P) : true;
  return sila_iri_resolve_buf(out, P->base.data, P->base.len, r, ref->len) ? tl_nomem(P) : true;
}

static bool read_iriref_resolved(TParser *P, SilaBuf *out) {
  unsigned long line = P->line, col = P->col;
  P->tmp.len = 0;
  if (!tl_read_iriref(P, &P->tmp) || !resolve_into(P, &P->tmp, out))
    return false;
  /* RDF has only absolute IRIs: a relative one with no base to resolve it
   * against (standard input without --base) is refused where it stands. */
  if (!sila_iri_has_scheme(out->data ? out->data : "", out->len)) {
    P->st = sila_error_set(P->err, SILA_ERR_SYNTAX, line, col,
                           "relative IRI <%.*s> and no base IRI to resolve it against "
                           "(give one with @base, or --base)",
                           (int)(out->len > 200 ? 200 : out->len), out->data ? out->data : "");
    return false;
  }
  return true;
}

static const TPrefix *find_prefix(TParser *P, const char *name, size_t n) {
  for (size_t i = 0; i < P->nprefix; i++)
    if (P->prefixes[i].name_len == n && memcmp(P->prefixes[i].name, name, n) == 0)
      return &P->prefixes[i];
  return NULL;
}

/* PNAME_NS: PN_PREFIX? ':' into P->tmp (without the colon). */
static bool read_pname_ns(TParser *P) {
  P->tmp.len = 0;
  if (!tl_read_pn_prefix(P, &P->tmp))
    return false;
  return tl_expect(P, ':', "expected ':' of a prefixed name");
}

/* iri: IRIREF | PrefixedName, into out. */
static bool read_iri(TParser *P, SilaBuf *out) {
  if (tl_peek(P) == '<')
    return read_iriref_resolved(P, out);
  int c = tl_peek(P);
  if (c != ':' && !tl_is_pn_chars_base_at(P, 0))
    return tl_error(P, "expected an IRI or prefixed name");
  if (!read_pname_ns(P))
    return false;
  const TPrefix *pf = find_prefix(P, P->tmp.data ? P->tmp.data : "", P->tmp.len);
  if (!pf) {
    char msg[160];
    snprintf(msg, sizeof msg, "undefined prefix '%.*s:'", (int)(P->tmp.len > 100 ? 100 : P->tmp.len),
             P->tmp.data ? P->tmp.data : "");
    return tl_error(P, msg);
  }
  out->len = 0;
  if (sila_buf_append(out, pf->iri, pf->iri_len))
    return tl_nomem(P);
  return tl_read_pn_local(P, out);
}

/* --- directives --- */

static bool add_prefix(TParser *P, const SilaBuf *name, const SilaBuf *iri) {
  const char *nm = name->data ? name->data : "";
  for (size_t i = 0; i < P->nprefix; i++) {
    TPrefix *pf = &P->prefixes[i];
    if (pf->name_len == name->len && memcmp(pf->name, nm, name->len) == 0) {
      char *ni = sila_malloc(iri->len + 1);
      if (!ni)
        return tl_nomem(P);
      memcpy(ni, iri->data, iri->len);
      free(pf->iri);
      pf->iri = ni;
      pf->iri_len = iri->len;
      return true;
    }
  }
  if (P->nprefix == P->capprefix) {
    size_t ncap = P->capprefix ? P->capprefix * 2 : 8;
    TPrefix *np = sila_realloc(P->prefixes, ncap * sizeof *np);
    if (!np)
      return tl_nomem(P);
    P->prefixes = np;
    P->capprefix = ncap;
  }
  TPrefix *pf = &P->prefixes[P->nprefix];
  pf->name = sila_malloc(name->len + 1);
  pf->iri = sila_malloc(iri->len + 1);
  if (!pf->name || !pf->iri) {
    free(pf->name);
    free(pf->iri);
    return tl_nomem(P);
  }
  memcpy(pf->name, nm, name->len);
  memcpy(pf->iri, iri->data ? iri->data : "", iri->len);
  pf->name_len = name->len;
  pf->iri_len = iri->len;
  P->nprefix++;
  return true;
}

static bool prefix_body(TParser *P) {
  tl_skip_ws(P);
  if (!read_pname_ns(P))
    return false;
  SilaBuf name = P->tmp;
  P->tmp = (SilaBuf)SILA_BUF_INIT;
  tl_skip_ws(P);
  bool ok = read_iriref_resolved(P, &P->tmp2) && add_prefix(P, &name, &P->tmp2);
  sila_buf_free(&name);
  return ok;
}

static bool base_body(TParser *P) {
  tl_skip_ws(P);
  if (!read_iriref_resolved(P, &P->tmp2))
    return false;
  P->base.len = 0;
  if (sila_buf_append(&P->base, P->tmp2.data, P->tmp2.len))
    return tl_nomem(P);
  P->has_base = true;
  return true;
}

/* RDF 1.2 version announcement ("1.2", "1.2-basic", ...): a one-line
 * string, read and not acted on (1.2 syntax is accepted in any case). */
static bool version_body(TParser *P) {
  tl_skip_ws(P);
  int q = tl_peek(P);
  if (q != '"' && q != '\'')
    return tl_error(P, "expected a quoted version string after VERSION");
  if (tl_peek_at(P, 1) == q && tl_peek_at(P, 2) == q)
    return tl_error(P, "the version string is a one-line string, not a long one");
  P->tmp2.len = 0;
  return tl_read_string(P, &P->tmp2);
}

/* directive at the input: returns 1 if one was parsed, 0 if none is here,
 * -1 on error. */
static int directive(TParser *P) {
  if (tl_peek(P) == '@') {
    bool ok;
    if (tl_at_keyword(P, "@prefix", false)) {
      for (int i = 0; i < 7; i++)
        tl_advance(P);
      ok = prefix_body(P);
    } else if (tl_at_keyword(P, "@base", false)) {
      for (int i = 0; i < 5; i++)
        tl_advance(P);
      ok = base_body(P);
    } else if (tl_at_keyword(P, "@version", false)) {
      for (int i = 0; i < 8; i++)
        tl_advance(P);
      ok = version_body(P);
    } else {
      tl_error(P, "expected @prefix, @base or @version");
      return -1;
    }
    if (!ok)
      return -1;
    tl_skip_ws(P);
    return tl_expect(P, '.', "expected '.' after the directive") ? 1 : -1;
  }
  if (tl_at_keyword(P, "PREFIX", true)) {
    for (int i = 0; i < 6; i++)
      tl_advance(P);
    return prefix_body(P) ? 1 : -1;
  }
  if (tl_at_keyword(P, "BASE", true)) {
    for (int i = 0; i < 4; i++)
      tl_advance(P);
    return base_body(P) ? 1 : -1;
  }
  if (tl_at_keyword(P, "VERSION", true)) {
    for (int i = 0; i < 7; i++)
      tl_advance(P);
    return version_body(P) ? 1 : -1;
  }
  return 0;
}

/* --- triples --- */

static bool predicate_object_list(TParser *P, const TTerm *subj);

static bool enter(TParser *P) {
  if (++P->depth > MAX_DEPTH)
    return tl_error(P, "nesting too deep");
  return true;
}

/* blankNodePropertyList after its '[' (and white space) was consumed, when
 * the next byte is not ']': fills t with a fresh blank node. */
static bool property_list_body(TParser *P, TTerm *t) {
  if (!fresh_blank(P, t) || !enter(P))
    return false;
  bool ok = predicate_object_list(P, t);
  P->depth--;
  if (!ok)
    return false;
  tl_skip_ws(P);
  return tl_expect(P, ']', "expected ']'");
}

static bool object(TParser *P, TTerm *o);

/* collection after '(' : t becomes the list head (or rdf:nil). */
static bool collection(TParser *P, TTerm *t) {
  tl_advance(P);
  tl_skip_ws(P);
  if (tl_peek(P) == ')') {
    tl_advance(P);
    t->kind = SILA_TERM_IRI;
    return set_str(P, &t->v, RDF_NIL, sizeof RDF_NIL - 1);
  }
  if (!enter(P) || !fresh_blank(P, t))
    return false;
  TTerm *cur = acquire(P);
  if (!cur)
    return false;
  bool ok = false;
  cur->kind = SILA_TERM_BLANK;
  if (!set_str(P, &cur->v, t->v.data, t->v.len))
    goto out;
  for (;;) {
    TTerm *o = acquire(P);
    if (!o)
      goto out;
    bool good = object(P, o);
    if (good) {
      SilaTerm s = view(cur), ov = view(o);
      good = emit(P, &s, &RDF_FIRST, &ov);
    }
    release(P);
    if (!good)
      goto out;
    tl_skip_ws(P);
    SilaTerm s = view(cur);
    if (tl_peek(P) == ')') {
      tl_advance(P);
      SilaTerm nil = sila_term_iri(RDF_NIL);
      ok = emit(P, &s, &RDF_REST, &nil);
      goto out;
    }
    if (tl_peek(P) < 0) {
      tl_error(P, "expected ')'");
      goto out;
    }
    TTerm *next = acquire(P);
    if (!next || !fresh_blank(P, next))
      goto out;
    SilaTerm nv = view(next);
    good = emit(P, &s, &RDF_REST, &nv) && set_str(P, &cur->v, next->v.data, next->v.len);
    release(P);
    if (!good)
      goto out;
  }
out:
  release(P);
  P->depth--;
  return ok;
}

static bool literal(TParser *P, TTerm *o) {
  o->kind = SILA_TERM_LITERAL;
  if (!tl_read_string(P, &o->v))
    return false;
  int c = tl_peek(P);
  if (c == '@')
    return tl_read_langtag(P, &o->lang);
  if (c == '^' && tl_peek_at(P, 1) == '^') {
    tl_advance(P);
    tl_advance(P);
    if (!read_iri(P, &o->dt))
      return false;
    if (sila_iri_is(o->dt.data, o->dt.len, SILA_XSD_STRING))
      o->dt.len = 0;
    else if (sila_iri_is(o->dt.data, o->dt.len, SILA_RDF_LANGSTRING) ||
             sila_iri_is(o->dt.data, o->dt.len, SILA_NS_RDF "dirLangString"))
      return tl_error(P, "a language-tagged string is written \"text\"@lang, not with "
                         "^^rdf:langString or ^^rdf:dirLangString");
    return true;
  }
  if (c == '^')
    return tl_error(P, "expected '^^'");
  return true;
}

/* Where an object stands: a statement's object (anything), a reified
 * triple's (no collection, no [ ... ]) or a triple term's (neither, nor a
 * reified triple). */
enum { OBJ_FULL, OBJ_REIFIED, OBJ_TRIPLE_TERM };

static bool object_in(TParser *P, TTerm *o, int where);
static int verb(TParser *P, TTerm *p);

static bool reified_triple(TParser *P, TTerm *r);

/* The subject, verb and object inside a triple term (where ==
 * OBJ_TRIPLE_TERM: the subject an IRI or a blank node) or a reified triple
 * (OBJ_REIFIED: the subject may be a reified triple too) into s, p and o,
 * white space skipped around each.  The object is read as `where` allows. */
static bool inner_triple(TParser *P, TTerm *s, TTerm *p, TTerm *o, int where) {
  bool tt = where == OBJ_TRIPLE_TERM;
  tl_skip_ws(P);
  int c = tl_peek(P);
  if (c == '<' && tl_peek_at(P, 1) == '<') {
    if (tt)
      return tl_error(P, "the subject of a triple term is an IRI or a blank node");
    if (tl_peek_at(P, 2) == '(')
      return tl_error(P, "a triple term cannot be the subject of a reified triple");
    if (!reified_triple(P, s))
      return false;
  } else if (c == '[') {
    tl_advance(P);
    tl_skip_ws(P);
    if (!tl_expect(P, ']',
                   tt ? "expected ']' (a triple term's subject cannot have properties)"
                      : "expected ']' (a reified triple's subject cannot have properties)") ||
        !fresh_blank(P, s))
      return false;
  } else if (c == '_') {
    s->kind = SILA_TERM_BLANK;
    if (!tl_read_blank_label(P, &s->v))
      return false;
  } else if (c == '<' || c == ':' || tl_is_pn_chars_base_at(P, 0)) {
    s->kind = SILA_TERM_IRI;
    if (!read_iri(P, &s->v))
      return false;
  } else {
    return tl_error(P, tt ? "expected the subject of a triple term (IRI or blank node)"
                          : "expected the subject of a reified triple (IRI, blank node or << >>)");
  }
  tl_skip_ws(P);
  int r = verb(P, p);
  if (r == 0)
    tl_error(P, tt ? "expected the predicate of a triple term"
                   : "expected the predicate of a reified triple");
  if (r <= 0)
    return false;
  tl_skip_ws(P);
  if (!object_in(P, o, where))
    return false;
  tl_skip_ws(P);
  return true;
}

/* '<<(' at the input: ttSubject verb ttObject ')>>' into t. */
static bool triple_term(TParser *P, TTerm *t) {
  for (int i = 0; i < 3; i++)
    tl_advance(P);
  if (!enter(P))
    return false;
  bool ok = false;
  TTerm *s = part(P, t, 0), *p = part(P, t, 1), *o = part(P, t, 2);
  if (!s || !p || !o || !inner_triple(P, s, p, o, OBJ_TRIPLE_TERM))
    goto out;
  if (tl_peek(P) != ')' || tl_peek_at(P, 1) != '>' || tl_peek_at(P, 2) != '>') {
    tl_error(P, "expected ')>>' to close the triple term");
    goto out;
  }
  for (int i = 0; i < 3; i++)
    tl_advance(P);
  t->kind = SILA_TERM_TRIPLE;
  ok = true;
out:
  P->depth--;
  return ok;
}

/* r rdf:reifies <<( s p o )>> */
static bool emit_reifies(TParser *P, const TTerm *r, const SilaTerm *s, const SilaTerm *p,
                         const SilaTerm *o) {
  SilaTerm spo[3] = {*s, *p, *o};
  SilaTerm tt = sila_term_triple(spo), rv = view(r);
  return emit(P, &rv, &RDF_REIFIES, &tt);
}

/* A reifier after '~' (white space skipped): iri, blank node or nothing
 * (a fresh blank node), into r. */
static bool reifier(TParser *P, TTerm *r) {
  int c = tl_peek(P);
  if (c == '_') {
    r->kind = SILA_TERM_BLANK;
    return tl_read_blank_label(P, &r->v);
  }
  if (c == '[') {
    tl_advance(P);
    tl_skip_ws(P);
    return tl_expect(P, ']', "expected ']' (a reifier cannot have properties here)") &&
           fresh_blank(P, r);
  }
  if ((c == '<' && tl_peek_at(P, 1) != '<') || c == ':' || tl_is_pn_chars_base_at(P, 0)) {
    r->kind = SILA_TERM_IRI;
    return read_iri(P, &r->v);
  }
  return fresh_blank(P, r);
}

/* '<<' (not '<<(') at the input: rtSubject verb rtObject reifier? '>>'.
 * Emits r rdf:reifies <<( s p o )>>; r (the reifier, or a fresh blank
 * node) is what the reified triple stands for. */
static bool reified_triple(TParser *P, TTerm *r) {
  tl_advance(P);
  tl_advance(P);
  if (!enter(P))
    return false;
  bool ok = false;
  size_t top = P->pool_top;
  TTerm *s = acquire(P), *p = s ? acquire(P) : NULL, *o = p ? acquire(P) : NULL;
  if (!o || !inner_triple(P, s, p, o, OBJ_REIFIED))
    goto out;
  if (tl_peek(P) == '~') {
    tl_advance(P);
    tl_skip_ws(P);
    if (!reifier(P, r))
      goto out;
    tl_skip_ws(P);
  } else if (!fresh_blank(P, r)) {
    goto out;
  }
  if (tl_peek(P) != '>' || tl_peek_at(P, 1) != '>') {
    tl_error(P, "expected '>>' to close the reified triple");
    goto out;
  }
  tl_advance(P);
  tl_advance(P);
  SilaTerm sv = view(s), pv = view(p), ov = view(o);
  ok = emit_reifies(P, r, &sv, &pv, &ov);
out:
  P->pool_top = top;
  P->depth--;
  return ok;
}

/* object: iri | BlankNode | collection | blankNodePropertyList | literal |
 * tripleTerm | reifiedTriple, as `where` allows.  Emits the statements
 * inside nested structures; fills o. */
static bool object(TParser *P, TTerm *o) { return object_in(P, o, OBJ_FULL); }

static bool object_in(TParser *P, TTerm *o, int where) {
  int c = tl_peek(P);
  switch (c) {
  case '<':
    if (tl_peek_at(P, 1) == '<') {
      if (tl_peek_at(P, 2) == '(')
        return triple_term(P, o);
      if (where == OBJ_TRIPLE_TERM)
        return tl_error(P, "a reified triple (<< >>) cannot be inside a triple term");
      return reified_triple(P, o);
    }
    o->kind = SILA_TERM_IRI;
    return read_iri(P, &o->v);
  case '_':
    o->kind = SILA_TERM_BLANK;
    return tl_read_blank_label(P, &o->v);
  case '[':
    tl_advance(P);
    tl_skip_ws(P);
    if (tl_peek(P) == ']') {
      tl_advance(P);
      return fresh_blank(P, o);
    }
    if (where != OBJ_FULL)
      return tl_error(P, "expected ']' (no [ ... ] inside a triple term or reified triple)");
    return property_list_body(P, o);
  case '(':
    if (where != OBJ_FULL)
      return tl_error(P, "no collection inside a triple term or reified triple");
    return collection(P, o);
  case '"':
  case '\'':
    return literal(P, o);
  case '+':
  case '-':
  case '.':
  case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9': {
    const char *dt;
    o->kind = SILA_TERM_LITERAL;
    if (!tl_read_number(P, &o->v, &dt))
      return false;
    return set_str(P, &o->dt, dt, strlen(dt));
  }
  default:
    break;
  }
  if (tl_at_keyword(P, "true", false) || tl_at_keyword(P, "false", false)) {
    bool t = c == 't';
    for (int i = t ? 4 : 5; i > 0; i--)
      tl_advance(P);
    o->kind = SILA_TERM_LITERAL;
    const char *dt = SILA_NS_XSD "boolean";
    return set_str(P, &o->v, t ? "true" : "false", t ? 4 : 5) &&
           set_str(P, &o->dt, dt, strlen(dt));
  }
  if (c == ':' || tl_is_pn_chars_base_at(P, 0)) {
    o->kind = SILA_TERM_IRI;
    return read_iri(P, &o->v);
  }
  return tl_error(P, "expected an object (IRI, blank node, literal, '[' or '(')");
}

/* verb at the input (predicate or 'a'): returns 1 parsed, 0 none here, -1 error. */
static int verb(TParser *P, TTerm *p) {
  p->kind = SILA_TERM_IRI;
  if (tl_at_keyword(P, "a", false)) {
    tl_advance(P);
    return set_str(P, &p->v, RDF_TYPE, sizeof RDF_TYPE - 1) ? 1 : -1;
  }
  int c = tl_peek(P);
  if (c == '<' && tl_peek_at(P, 1) == '<') {
    tl_error(P, "a predicate is an IRI (not a triple term or reified triple)");
    return -1;
  }
  if (c == '<' || c == ':' || tl_is_pn_chars_base_at(P, 0))
    return read_iri(P, &p->v) ? 1 : -1;
  return 0;
}

/* annotation after the object of (subj, pred, o): ('~' reifier? |
 * '{|' predicateObjectList '|}')*.  Each reifier reifies the triple; a
 * block describes the reifier just before it, or a fresh one. */
static bool annotation(TParser *P, const TTerm *subj, const TTerm *pred, const TTerm *o) {
  size_t top = P->pool_top;
  TTerm *r = NULL;
  bool pending = false, ok = true;
  for (;;) {
    tl_skip_ws(P);
    int c = tl_peek(P);
    bool block = c == '{' && tl_peek_at(P, 1) == '|';
    if (c != '~' && !block)
      break;
    if (!r && !(r = acquire(P))) {
      ok = false;
      break;
    }
    SilaTerm sv = view(subj), pv = view(pred), ov = view(o);
    if (c == '~') {
      tl_advance(P);
      tl_skip_ws(P);
      ok = reifier(P, r) && emit_reifies(P, r, &sv, &pv, &ov);
      pending = true;
    } else {
      tl_advance(P);
      tl_advance(P);
      if (!pending)
        ok = fresh_blank(P, r) && emit_reifies(P, r, &sv, &pv, &ov);
      pending = false;
      if (ok)
        ok = enter(P);
      if (ok) {
        ok = predicate_object_list(P, r);
        P->depth--;
      }
      if (ok) {
        tl_skip_ws(P);
        ok = tl_peek(P) == '|' && tl_peek_at(P, 1) == '}';
        if (ok) {
          tl_advance(P);
          tl_advance(P);
        } else {
          tl_error(P, "expected '|}' to close the annotation");
        }
      }
    }
    if (!ok)
      break;
  }
  P->pool_top = top;
  return ok;
}

static bool object_list(TParser *P, const TTerm *subj, const TTerm *pred) {
  for (;;) {
    tl_skip_ws(P);
    TTerm *o = acquire(P);
    if (!o)
      return false;
    bool ok = object(P, o);
    if (ok) {
      SilaTerm s = view(subj), p = view(pred), ov = view(o);
      ok = emit(P, &s, &p, &ov) && annotation(P, subj, pred, o);
    }
    release(P);
    if (!ok)
      return false;
    tl_skip_ws(P);
    if (tl_peek(P) != ',')
      return true;
    tl_advance(P);
  }
}

/* predicateObjectList: verb objectList (';' (verb objectList)?)* */
static bool predicate_object_list(TParser *P, const TTerm *subj) {
  TTerm *p = acquire(P);
  if (!p)
    return false;
  bool ok = false;
  tl_skip_ws(P);
  int r = verb(P, p);
  if (r == 0)
    tl_error(P, "expected a predicate");
  if (r <= 0)
    goto out;
  for (;;) {
    if (!object_list(P, subj, p))
      goto out;
    tl_skip_ws(P);
    if (tl_peek(P) != ';')
      break;
    while (tl_peek(P) == ';') {
      tl_advance(P);
      tl_skip_ws(P);
    }
    r = verb(P, p);
    if (r < 0)
      goto out;
    if (r == 0)
      break;
  }
  ok = true;
out:
  release(P);
  return ok;
}

/* subject: iri | BlankNode | collection; fills s. */
static bool subject(TParser *P, TTerm *s) {
  int c = tl_peek(P);
  if (c == '_') {
    s->kind = SILA_TERM_BLANK;
    return tl_read_blank_label(P, &s->v);
  }
  if (c == '(')
    return collection(P, s);
  if (c == '<' && tl_peek_at(P, 1) == '<') {
    if (tl_peek_at(P, 2) == '(')
      return tl_error(P, "a triple term cannot be a subject (it is an object only)");
    return reified_triple(P, s);
  }
  if (c == '<' || c == ':' || tl_is_pn_chars_base_at(P, 0)) {
    s->kind = SILA_TERM_IRI;
    return read_iri(P, &s->v);
  }
  return tl_error(P, "expected a subject (IRI, blank node, '[', '(' or '<<')");
}

/* triples: subject predicateObjectList | blankNodePropertyList predicateObjectList? */
static bool triples(TParser *P) {
  TTerm *s = acquire(P);
  if (!s)
    return false;
  bool ok = false;
  if (tl_peek(P) == '[') {
    tl_advance(P);
    tl_skip_ws(P);
    if (tl_peek(P) == ']') {
      tl_advance(P);
      ok = fresh_blank(P, s) && predicate_object_list(P, s);
    } else if (property_list_body(P, s)) {
      tl_skip_ws(P);
      int c = tl_peek(P);
      ok = (c == '.' || c == '}' || c < 0) ? P->st == SILA_OK : predicate_object_list(P, s);
    }
  } else if (tl_peek(P) == '<' && tl_peek_at(P, 1) == '<' && tl_peek_at(P, 2) != '(') {
    if (reified_triple(P, s)) { /* reifiedTriple predicateObjectList? */
      tl_skip_ws(P);
      int c = tl_peek(P);
      ok = (c == '.' || c == '}' || c < 0) ? P->st == SILA_OK : predicate_object_list(P, s);
    }
  } else {
    ok = subject(P, s) && predicate_object_list(P, s);
  }
  release(P);
  return ok;
}

static bool end_statement(TParser *P) {
  tl_skip_ws(P);
  return tl_expect(P, '.', "expected '.' at the end of the statement");
}

/* wrappedGraph: '{' triplesBlock? '}' with P->graph set by the caller. */
static bool wrapped_graph(TParser *P) {
  if (!tl_expect(P, '{', "expected '{'"))
    return false;
  for (;;) {
    tl_skip_ws(P);
    if (tl_peek(P) == '}')
      break;
    if (!triples(P))
      return false;
    tl_skip_ws(P);
    if (tl_peek(P) == '.') {
      tl_advance(P);
      continue;
    }
    if (tl_peek(P) != '}')
      return tl_error(P, "expected '.' or '}'");
  }
  tl_advance(P);
  return true;
}

/* labelOrSubject (iri | BlankNode) into t. */
static bool graph_label(TParser *P, TTerm *t) {
  int c = tl_peek(P);
  if (c == '[') {
    tl_advance(P);
    tl_skip_ws(P);
    if (!tl_expect(P, ']', "expected ']' (a graph label cannot have properties)"))
      return false;
    return fresh_blank(P, t);
  }
  if (c == '_') {
    t->kind = SILA_TERM_BLANK;
    return tl_read_blank_label(P, &t->v);
  }
  t->kind = SILA_TERM_IRI;
  return read_iri(P, &t->v);
}

static bool with_graph(TParser *P, const TTerm *g) {
  P->graph = g;
  bool ok = wrapped_graph(P);
  P->graph = NULL;
  return ok;
}

/* One TriG block (not a directive). */
static bool trig_block(TParser *P) {
  int c = tl_peek(P);
  if (c == '{')
    return wrapped_graph(P);
  if (tl_at_keyword(P, "GRAPH", true)) {
    for (int i = 0; i < 5; i++)
      tl_advance(P);
    tl_skip_ws(P);
    TTerm *g = acquire(P);
    if (!g)
      return false;
    bool ok = graph_label(P, g);
    if (ok) {
      tl_skip_ws(P);
      ok = with_graph(P, g);
    }
    release(P);
    return ok;
  }
  TTerm *s = acquire(P);
  if (!s)
    return false;
  bool ok = false;
  if (c == '[') {
    tl_advance(P);
    tl_skip_ws(P);
    if (tl_peek(P) == ']') { /* ANON: a graph label or a subject */
      tl_advance(P);
      if (!fresh_blank(P, s))
        goto out;
      tl_skip_ws(P);
      if (tl_peek(P) == '{')
        ok = with_graph(P, s);
      else
        ok = predicate_object_list(P, s) && end_statement(P);
    } else if (property_list_body(P, s)) {
      tl_skip_ws(P);
      if (tl_peek(P) != '.' && !predicate_object_list(P, s))
        goto out;
      ok = end_statement(P);
    }
  } else if (c == '(') {
    ok = collection(P, s) && predicate_object_list(P, s) && end_statement(P);
  } else if (c == '<' && tl_peek_at(P, 1) == '<' && tl_peek_at(P, 2) != '(') {
    if (reified_triple(P, s)) { /* reifiedTriple predicateObjectList? '.' */
      tl_skip_ws(P);
      ok = (tl_peek(P) == '.' || predicate_object_list(P, s)) && end_statement(P);
    }
  } else if (subject(P, s)) {
    tl_skip_ws(P);
    if (tl_peek(P) == '{')
      ok = with_graph(P, s);
    else
      ok = predicate_object_list(P, s) && end_statement(P);
  }
out:
  release(P);
  return ok;
}

static void parser_free(TParser *P) {
  free(P->buf);
  for (size_t i = 0; i < P->pool_cap; i++)
    tterm_free(P->pool[i]);
  free(P->pool);
  for (size_t i = 0; i < P->nprefix; i++) {
    free(P->prefixes[i].name);
    free(P->prefixes[i].iri);
  }
  free(P->prefixes);
  sila_buf_free(&P->base);
  sila_buf_free(&P->tmp);
  sila_buf_free(&P->tmp2);
}

SilaStatus rdf_parse_turtle(bool trig, SilaRdfReader read_fn, void *read_ctx, const char *base,
                            SilaQuadSink sink, void *sink_ctx, SilaError *err) {
  TParser P;
  memset(&P, 0, sizeof P);
  P.read_fn = read_fn;
  P.read_ctx = read_ctx;
  P.line = P.col = 1;
  P.trig = trig;
  P.sink = sink;
  P.sink_ctx = sink_ctx;
  P.err = err;
  if (base && *base) {
    if (sila_buf_puts(&P.base, base)) {
      parser_free(&P);
      return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    }
    P.has_base = true;
  }
  if (tl_peek(&P) == 0xEF && tl_peek_at(&P, 1) == 0xBB && tl_peek_at(&P, 2) == 0xBF) {
    P.pos += 3; /* a UTF-8 byte order mark is not part of the document */
  }
  for (;;) {
    tl_skip_ws(&P);
    if (P.st != SILA_OK || tl_peek(&P) < 0)
      break;
    int d = directive(&P);
    if (d < 0)
      break;
    if (d > 0)
      continue;
    if (trig) {
      if (!trig_block(&P))
        break;
    } else if (!triples(&P) || !end_statement(&P)) {
      break;
    }
  }
  SilaStatus st = P.st;
  parser_free(&P);
  return st;
}
