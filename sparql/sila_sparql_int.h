/* sila_sparql_int.h — internals shared by the SPARQL parser's files.
 *
 * The parser is a recursive-descent parser over the SPARQL 1.1 grammar
 * (§19.8) with one token of lookahead.  It translates group graph patterns
 * to algebra while it parses them (§18.2.2), so no separate syntax tree is
 * built.  All memory comes from the query's arena; errors unwind with
 * longjmp to the entry point, which is safe because nothing on the C stack
 * owns memory.
 */
#ifndef SILA_SPARQL_INT_H
#define SILA_SPARQL_INT_H

#include <setjmp.h>

#include "sila_sparql.h"

/* Nesting deeper than this (groups, brackets, paths, collections) is
 * refused with SILA_ERR_LIMIT, so hostile input cannot exhaust the stack. */
#define SILA_SPARQL_MAX_DEPTH 200

typedef enum {
  T_EOF, T_IRI, T_PNAME_NS, T_PNAME_LN, T_BLANK, T_VAR, T_LANGTAG, T_INTEGER,
  T_DECIMAL, T_DOUBLE, T_STRING, T_NIL, T_ANON, T_WORD, T_LBRACE, T_RBRACE,
  T_LPAREN, T_RPAREN, T_LBRACKET, T_RBRACKET, T_DOT, T_COMMA, T_SEMI, T_STAR,
  T_SLASH, T_PLUS, T_MINUS, T_BANG, T_CARET, T_DCARET, T_PIPE, T_AND, T_OR,
  T_EQ, T_NE, T_LT, T_GT, T_LE, T_GE, T_QMARK,
  /* SPARQL 1.2: '<<(' ')>>' (triple term), '<<' '>>' (reified triple), '~',
   * '{|' '|}' (annotation block) */
  T_TT_OPEN, T_TT_CLOSE, T_RT_OPEN, T_RT_CLOSE, T_TILDE, T_ANN_OPEN, T_ANN_CLOSE
} TokType;

/* Keywords (case-insensitive, except 'a').  K_NONE for other words. */
typedef enum {
  K_NONE, K_A,
  K_ABS, K_ADD, K_ALL, K_AS, K_ASC, K_ASK, K_AVG, K_BASE, K_BIND, K_BNODE, K_BOUND,
  K_BY, K_CEIL, K_CLEAR, K_COALESCE, K_CONCAT, K_CONSTRUCT, K_CONTAINS, K_COPY,
  K_COUNT, K_CREATE, K_DATA, K_DATATYPE, K_DAY, K_DEFAULT, K_DELETE, K_DESC,
  K_DESCRIBE, K_DISTINCT, K_DROP, K_ENCODE_FOR_URI, K_EXISTS, K_FALSE, K_FILTER,
  K_FLOOR, K_FROM, K_GRAPH, K_GROUP, K_GROUP_CONCAT, K_HASLANG, K_HASLANGDIR, K_HAVING, K_HOURS, K_IF, K_IN,
  K_INSERT, K_INTO, K_IRI, K_ISBLANK, K_ISIRI, K_ISLITERAL, K_ISNUMERIC, K_ISURI,
  K_LANG, K_LANGDIR, K_LANGMATCHES, K_LCASE, K_LIMIT, K_LOAD, K_MAX, K_MD5, K_MIN, K_MINUS,
  K_MINUTES, K_MONTH, K_MOVE, K_NAMED, K_NOT, K_NOW, K_OFFSET, K_OPTIONAL, K_ORDER,
  K_PREFIX, K_RAND, K_REDUCED, K_REGEX, K_REPLACE, K_ROUND, K_SAMETERM, K_SAMPLE,
  K_SECONDS, K_SELECT, K_SEPARATOR, K_SERVICE, K_SHA1, K_SHA256, K_SHA384, K_SHA512,
  K_SILENT, K_STR, K_STRAFTER, K_STRBEFORE, K_STRDT, K_STRENDS, K_STRLANG, K_STRLANGDIR, K_STRLEN,
  K_STRSTARTS, K_STRUUID, K_SUBSTR, K_SUM, K_TIMEZONE, K_TO, K_TRUE, K_TZ, K_UCASE,
  K_UNDEF, K_UNION, K_URI, K_USING, K_UUID, K_VALUES, K_VERSION, K_WHERE, K_WITH, K_YEAR,
  K_TRIPLE, K_SUBJECT, K_PREDICATE, K_OBJECT, K_ISTRIPLE,
  K__COUNT
} Keyword;

typedef struct {
  TokType type;
  Keyword kw;
  const char *p;  /* token text in the source */
  size_t len;
  unsigned long line, col;
  /* Decoded value: IRIREF content with \u escapes applied, string content
   * unescaped, pname local part unescaped, variable / blank label / langtag
   * without their sigil.  Points into the source when nothing needed
   * decoding, else into the arena: copy before keeping it. */
  const char *val;
  size_t vlen;
  /* PNAME_NS / PNAME_LN: the prefix (without ':'), pointing into the source */
  const char *pfx;
  size_t pfx_len;
} Tok;

typedef SilaQueryPrefix Prefix;

/* Growable array in the arena (old storage is abandoned on growth). */
typedef struct {
  void *data;
  size_t n, cap;
} Vec;

typedef struct Parser Parser;

/* Per-SELECT state: the aggregates found in its expressions. */
typedef struct {
  Vec aggs; /* SilaAggregate */
  bool allow_aggs;
  bool in_agg;
} SelectScope;

struct Parser {
  SilaArena *arena;
  SilaQuery *q;
  const char *src, *s, *end;
  /* position tracking */
  unsigned long line;
  const char *col_from;   /* columns counted up to here */
  unsigned long col;      /* column of col_from */
  Tok tok;
  const char *prev_end; /* end of the token before tok */
  SilaError *err;
  SilaStatus st;
  jmp_buf jb;
  int depth;
  /* prologue */
  const char *base;
  size_t base_len;
  Vec prefixes; /* Prefix */
  /* variables: open-addressing hash of indices into q->vars */
  int32_t *vhash;
  size_t vhash_cap;
  /* blank node scoping */
  unsigned bgp_id;    /* counter of basic graph patterns */
  SilaAlg *own_filter; /* the FILTER node the group just parsed made of its
                        * own FILTER clauses (NULL when it had none) */
  unsigned cur_bgp;   /* the one being parsed */
  Vec bnode_bgp;     /* unsigned per variable: BGP id a blank-node var belongs to */
  unsigned anon_count, path_count, agg_count, key_count;
  SelectScope *sel;  /* innermost SELECT being parsed (NULL outside) */
  bool in_update;
  Vec update_bnodes; /* labels used by earlier INSERT DATA operations */
  Vec op_bnodes;     /* labels used by the current INSERT DATA operation */
  Vec raw;           /* heap scratch: triples of the block being parsed */
  Vec tquads;        /* heap scratch: quads of the template being parsed */
};

/* ---- errors ---- */
_Noreturn void sp_fail(Parser *P, SilaStatus st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
_Noreturn void sp_fail_at(Parser *P, const Tok *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
_Noreturn void sp_expected(Parser *P, const char *what);
void sp_depth_enter(Parser *P);
static inline void sp_depth_leave(Parser *P) { P->depth--; }

/* ---- lexer ---- */
void sp_lex_init(Parser *P, const char *text, size_t len);
void sp_next(Parser *P);
/* Describes the current token for messages ("'FILTER'", "end of input"). */
const char *sp_tok_describe(Parser *P, const Tok *t, char *buf, size_t size);

static inline bool sp_is(Parser *P, TokType t) { return P->tok.type == t; }
static inline bool sp_kw(Parser *P, Keyword k) { return P->tok.type == T_WORD && P->tok.kw == k; }
bool sp_accept(Parser *P, TokType t);
bool sp_accept_kw(Parser *P, Keyword k);
void sp_expect(Parser *P, TokType t, const char *what);
void sp_expect_kw(Parser *P, Keyword k, const char *what);

/* ---- memory helpers ---- */
void *sp_alloc(Parser *P, size_t size); /* zeroed, longjmps on NOMEM */
char *sp_strndup(Parser *P, const char *s, size_t len);
void sp_vec_push(Parser *P, Vec *v, const void *item, size_t size);
/* The same on the heap, for the parser's scratch arrays (reused, freed
 * when the parse ends): big requests do not leave abandoned copies in the
 * arena. */
void sp_hvec_push(Parser *P, Vec *v, const void *item, size_t size);
#define VEC_PUSH(P, v, T, item) do { T tmp_ = (item); sp_vec_push((P), (v), &tmp_, sizeof(T)); } while (0)
#define VEC_AT(v, T, i) (((T *)(v).data)[i])

/* ---- terms ---- */
SilaTerm sp_iri_term(Parser *P, const char *iri, size_t len);
SilaTerm sp_parse_iri(Parser *P);           /* iri: IRIREF | PrefixedName */
/* The current IRIREF token resolved against the base (into the arena);
 * fails with SILA_ERR_SYNTAX at the token when the result is relative. */
char *sp_resolve_iri(Parser *P, size_t *len);
bool sp_at_iri(Parser *P);
SilaTerm sp_parse_literal(Parser *P);       /* RDFLiteral | NumericLiteral | BooleanLiteral */
bool sp_at_literal(Parser *P);
int32_t sp_var(Parser *P, const char *name, size_t len, bool hidden);
int32_t sp_new_hidden(Parser *P, const char *prefix, unsigned n);
SilaNode sp_var_node(int32_t v);
SilaNode sp_term_node(SilaTerm t);

/* ---- expressions ---- */
SilaExpr *sp_expression(Parser *P);
SilaExpr *sp_bracketted(Parser *P);
SilaExpr *sp_constraint(Parser *P); /* FILTER's Constraint */
SilaExpr *sp_builtin_or_call(Parser *P); /* GroupCondition / OrderCondition primaries */
bool sp_at_builtin(Parser *P);
SilaExpr *sp_expr_new(Parser *P, SilaExprOp op, uint32_t nargs);
SilaExpr *sp_expr_var(Parser *P, int32_t v);

/* ---- patterns ---- */
/* GroupGraphPattern: '{' ... '}' translated to algebra. */
SilaAlg *sp_group_graph_pattern(Parser *P);
/* Templates: triples (CONSTRUCT) and quads (updates).  mode bits below. */
#define TMPL_NO_VARS 1   /* *DATA: variables are errors */
#define TMPL_NO_BNODES 2 /* DELETE: blank nodes are errors */
#define TMPL_QUADS 4     /* allow GRAPH blocks */
/* '{' ... '}' into an exact-size arena array of quads (*n of them). */
SilaQuad *sp_template(Parser *P, int mode, size_t *n);
/* SubSelect (sub) or SelectQuery after 'SELECT', through its VALUES;
 * *proj / *nproj (may be NULL) get the projected variables. */
SilaAlg *sp_select(Parser *P, bool sub, int32_t **proj, size_t *nproj);
SilaAlg *sp_values_block(Parser *P); /* DataBlock after VALUES */
/* CONSTRUCT WHERE { TriplesTemplate }: returns the pattern; the template
 * is the same triples. */
SilaAlg *sp_construct_where(Parser *P, SilaTriple **tmpl, size_t *n);

/* ---- algebra ---- */
SilaAlg *sp_alg(Parser *P, SilaAlgKind k);
/* Computes a finished node's height (children, expressions, path) and
 * refuses trees higher than SILA_SPARQL_MAX_HEIGHT; returns a. */
SilaAlg *sp_seal(Parser *P, SilaAlg *a);
void sp_expr_seal(Parser *P, SilaExpr *e);
_Noreturn void sp_too_high(Parser *P);
SilaAlg *sp_join(Parser *P, SilaAlg *a, SilaAlg *b);
bool sp_alg_is_empty(const SilaAlg *a);
/* Marks variables in scope of `a` (§18.2.1) in bits (nvars bits). */
void sp_inscope(const SilaAlg *a, uint8_t *bits);
uint8_t *sp_bits(Parser *P);
static inline bool bit_get(const uint8_t *b, int32_t i) { return i >= 0 && (b[i >> 3] >> (i & 7)) & 1; }
static inline void bit_set(uint8_t *b, int32_t i) { if (i >= 0) b[i >> 3] |= (uint8_t)(1u << (i & 7)); }

/* ---- SELECT and its solution modifiers ---- */

typedef struct {
  int32_t var;
  SilaExpr *expr; /* NULL for a plain variable */
  Tok at;
} ProjItem;

/* The SELECT clause as read. */
typedef struct {
  ProjItem *items;
  size_t nitems;
  bool star, distinct, reduced, is_select;
  Tok star_at;
} SelectInfo;

/* GROUP BY, HAVING, ORDER BY, LIMIT / OFFSET and VALUES as read. */
typedef struct {
  bool grouped;  /* GROUP BY was given */
  Vec keys;      /* SilaGroupKey */
  Vec having;    /* SilaExpr * */
  Vec order;     /* SilaOrderCond */
  int64_t limit; /* -1: none */
  int64_t offset;
  bool has_limit, has_offset;
  SilaAlg *values; /* the trailing VALUES block, or NULL */
} SolutionModifiers;

/* Translates the modifiers over the group pattern g (§18.2.4-5,
 * sila_sparql_algebra.c); *proj / *nproj (may be NULL) get the projected
 * variables.  Fails through sp_fail_at on a scope violation. */
SilaAlg *sp_translate_select(Parser *P, SilaAlg *g, const SelectInfo *si,
                             const SolutionModifiers *m, SelectScope *sc, int32_t **proj,
                             size_t *nproj);

struct SilaQuery {
  SilaArena *arena;
  SilaQueryForm form;
  SilaAlg *alg;
  int32_t *proj;
  size_t nproj;
  SilaTriple *tmpl;
  size_t ntmpl;
  SilaNode *describe;
  size_t ndescribe;
  bool describe_star;
  SilaTerm *from;
  size_t nfrom;
  SilaTerm *from_named;
  size_t nfrom_named;
  SilaUpdateOp *ops;
  size_t nops;
  Vec vars; /* SilaVar */
  SilaQueryPrefix *prefixes;
  size_t nprefixes;
  const char *base;
};

#endif
