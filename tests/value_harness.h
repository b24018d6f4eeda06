/* value_harness.h — SPARQL values for the unit tests of the value model and
 * the functions (test_values.c, test_functions.c): values made from terms,
 * and their N-Triples form for CHECK_STR.  Strings are kept in `arena`,
 * which the test creates. */
#ifndef SILA_TEST_VALUE_HARNESS_H
#define SILA_TEST_VALUE_HARNESS_H

#include "sila_value.h"

static SilaArena *arena;

static inline SilaValue value_of(SilaTerm t) {
  SilaValue v;
  sila_value_from_term(&t, &v);
  return v;
}
/* A literal with datatype dt (NULL: xsd:string), with a language tag, an IRI,
 * a blank node. */
static inline SilaValue lit(const char *lex, const char *dt) {
  return value_of(sila_term_literal(lex, dt, NULL));
}
static inline SilaValue lang(const char *lex, const char *tag) {
  return value_of(sila_term_literal(lex, NULL, tag));
}
static inline SilaValue iri(const char *s) { return value_of(sila_term_iri(s)); }
static inline SilaValue blank(const char *s) { return value_of(sila_term_blank(s)); }

/* N-Triples form of a value ("(error)" / "(unbound)"), kept in the arena. */
static inline const char *nt(SilaValue v) {
  if (v.kind == SILA_VAL_UNBOUND)
    return "(unbound)";
  SilaTerm t;
  if (sila_value_to_term(&v, arena, &t) != SILA_OK)
    return "(noterm)";
  SilaBuf b = SILA_BUF_INIT;
  sila_buf_put_term_nt(&b, &t);
  char *s = sila_arena_strndup(arena, b.data, b.len);
  sila_buf_free(&b);
  return s;
}

#endif
