/* sila_sparql.h — SPARQL 1.1 Query and Update: parser and algebra.
 *
 * sila_sparql_parse_query / sila_sparql_parse_update turn request text into
 * a SilaQuery: the algebra of SPARQL 1.1 §18.2 (a tree of SilaAlg nodes)
 * plus the query form (SELECT, CONSTRUCT, DESCRIBE, ASK) or the list of
 * update operations.  Everything a SilaQuery points to — nodes, terms,
 * strings, the variable table — lives in one arena owned by the query and
 * is released by sila_query_free (a few constant strings, such as the
 * datatypes of numeric literals and rdf:type, are static).  A parsed query
 * is immutable by convention; optimisers that rewrite it allocate new
 * nodes with sila_query_arena().
 *
 * Variables are small integers: every variable of the request (including
 * the hidden ones the translation introduces for blank nodes in patterns,
 * property-path sequences, aggregates and unnamed GROUP BY expressions) has
 * an index into one request-wide table (sila_query_var).
 *
 * SPARQL 1.2 triple terms: a triple term pattern <<( s p o )>> is a SilaNode
 * with `tt` set (in WHERE patterns it also carries a hidden variable ".ttN"
 * that the surrounding triple binds); a reified triple << s p o ~ r >> and
 * an annotation {| ... |} are translated to r rdf:reifies <<( s p o )>> (r a
 * fresh blank node when not written); triple terms in VALUES are SilaTerms
 * of kind SILA_TERM_TRIPLE; <<( )>> in an expression is TRIPLE(s, p, o).
 *
 * The parser is reentrant: distinct calls may run in distinct threads.
 * It enforces the static rules of the spec (scope of BIND / SELECT / GROUP
 * BY variables, grouping of projected variables, aggregates only in
 * SELECT / HAVING / ORDER BY, blank node labels per basic graph pattern,
 * no variables in DATA, no blank nodes in DELETE templates), bounds the
 * nesting of the text (SILA_ERR_LIMIT) and the height of the trees it
 * builds (SILA_SPARQL_MAX_HEIGHT).
 */
#ifndef SILA_SPARQL_H
#define SILA_SPARQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_arena.h"
#include "sila_status.h"
#include "sila_term.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- terms in patterns ------------------------------------------------- */

/* A position of a triple or quad pattern: a variable (var >= 0, term.kind
 * SILA_TERM_NONE) or an RDF term (var == -1).  In a quad, a graph position
 * with var == -1 and term.kind == SILA_TERM_NONE means the default graph.
 * Blank nodes of WHERE patterns are turned into hidden variables; blank
 * nodes remain SILA_TERM_BLANK only in templates (CONSTRUCT, INSERT). */
struct SilaTriple;

typedef struct {
  SilaTerm term;
  int32_t var;
  /* SPARQL 1.2: a triple term pattern <<( s p o )>> (var == -1, term.kind
   * SILA_TERM_NONE); its positions may be variables or triple terms again.
   * NULL for every other node. */
  const struct SilaTriple *tt;
} SilaNode;

typedef struct SilaTriple {
  SilaNode s, p, o;
} SilaTriple;

typedef struct {
  SilaNode s, p, o, g;
} SilaQuad;

/* Hidden variable names cannot clash with written ones: "_:b" for the blank
 * node _:b of a pattern, "_:.N" for [] and collection nodes, ".pN" for the
 * middle of a path sequence, ".aggN" for an aggregate's value, ".keyN" for
 * an unnamed GROUP BY expression. */
typedef struct {
  const char *name; /* without '?'; NUL-terminated */
  size_t len;
  bool hidden; /* introduced by the translation, never projected by SELECT * */
} SilaVar;

/* ---- property paths ---------------------------------------------------- */

typedef enum {
  SILA_PATH_LINK,         /* iri */
  SILA_PATH_INV,          /* ^a */
  SILA_PATH_SEQ,          /* a / b */
  SILA_PATH_ALT,          /* a | b */
  SILA_PATH_ZERO_OR_MORE, /* a* */
  SILA_PATH_ONE_OR_MORE,  /* a+ */
  SILA_PATH_ZERO_OR_ONE,  /* a? */
  SILA_PATH_NPS,          /* !(iri | ^iri ...): with both kinds of members it
                           * matches as the alternative of !(fwd) and
                           * ^!(inv) (SPARQL 1.1 §9.3) */
} SilaPathKind;

typedef struct SilaPath SilaPath;
struct SilaPath {
  SilaPathKind kind;
  SilaTerm iri;     /* LINK */
  SilaPath *a, *b;  /* INV, modifiers: a; SEQ, ALT: a and b */
  SilaTerm *fwd;    /* NPS: forward IRIs excluded */
  size_t nfwd;
  SilaTerm *inv;    /* NPS: inverse IRIs excluded (written ^iri) */
  size_t ninv;
  uint32_t height;  /* of this subtree (leaf = 1) */
};

/* ---- expressions ------------------------------------------------------- */

typedef enum {
  SILA_EX_VAR, SILA_EX_CONST,
  /* operators */
  SILA_EX_OR, SILA_EX_AND, SILA_EX_EQ, SILA_EX_NE, SILA_EX_LT, SILA_EX_GT,
  SILA_EX_LE, SILA_EX_GE, SILA_EX_IN, SILA_EX_NOT_IN, SILA_EX_ADD, SILA_EX_SUB,
  SILA_EX_MUL, SILA_EX_DIV, SILA_EX_NOT, SILA_EX_PLUS, SILA_EX_MINUS,
  /* function call by IRI (also casts such as xsd:integer(?x)) */
  SILA_EX_FUNCTION,
  /* EXISTS / NOT EXISTS: `pattern` holds the algebra */
  SILA_EX_EXISTS, SILA_EX_NOT_EXISTS,
  /* builtins (SPARQL 1.1 §17.4) */
  SILA_EX_STR, SILA_EX_LANG, SILA_EX_LANGMATCHES, SILA_EX_DATATYPE, SILA_EX_BOUND,
  SILA_EX_IRI, SILA_EX_URI, SILA_EX_BNODE, SILA_EX_RAND, SILA_EX_ABS, SILA_EX_CEIL,
  SILA_EX_FLOOR, SILA_EX_ROUND, SILA_EX_CONCAT, SILA_EX_STRLEN, SILA_EX_UCASE,
  SILA_EX_LCASE, SILA_EX_ENCODE_FOR_URI, SILA_EX_CONTAINS, SILA_EX_STRSTARTS,
  SILA_EX_STRENDS, SILA_EX_STRBEFORE, SILA_EX_STRAFTER, SILA_EX_YEAR, SILA_EX_MONTH,
  SILA_EX_DAY, SILA_EX_HOURS, SILA_EX_MINUTES, SILA_EX_SECONDS, SILA_EX_TIMEZONE,
  SILA_EX_TZ, SILA_EX_NOW, SILA_EX_UUID, SILA_EX_STRUUID, SILA_EX_MD5, SILA_EX_SHA1,
  SILA_EX_SHA256, SILA_EX_SHA384, SILA_EX_SHA512, SILA_EX_COALESCE, SILA_EX_IF,
  SILA_EX_STRLANG, SILA_EX_STRDT, SILA_EX_SAMETERM, SILA_EX_ISIRI, SILA_EX_ISURI,
  SILA_EX_ISBLANK, SILA_EX_ISLITERAL, SILA_EX_ISNUMERIC, SILA_EX_REGEX,
  SILA_EX_SUBSTR, SILA_EX_REPLACE,
  /* SPARQL 1.2 base direction */
  SILA_EX_LANGDIR, SILA_EX_HASLANG, SILA_EX_HASLANGDIR, SILA_EX_STRLANGDIR,
  /* SPARQL 1.2 triple terms: TRIPLE(s, p, o) (also written <<( s p o )>> in
   * an expression), SUBJECT, PREDICATE, OBJECT, isTRIPLE */
  SILA_EX_TRIPLE, SILA_EX_SUBJECT, SILA_EX_PREDICATE, SILA_EX_OBJECT, SILA_EX_ISTRIPLE,
  /* aggregates: appear only in SilaAggregate.expr, never inside other
   * expressions (the translation replaces them by hidden variables) */
  SILA_EX_COUNT, SILA_EX_SUM, SILA_EX_MIN, SILA_EX_MAX, SILA_EX_AVG,
  SILA_EX_SAMPLE, SILA_EX_GROUP_CONCAT,
  SILA_EX__COUNT
} SilaExprOp;

typedef struct SilaAlg SilaAlg;
typedef struct SilaExpr SilaExpr;
struct SilaExpr {
  SilaExprOp op;
  uint32_t nargs;
  SilaExpr **args;
  int32_t var;        /* SILA_EX_VAR */
  SilaTerm term;      /* SILA_EX_CONST; SILA_EX_FUNCTION: the function IRI */
  SilaAlg *pattern;   /* SILA_EX_EXISTS / SILA_EX_NOT_EXISTS */
  bool distinct;      /* aggregates, and function calls written f(DISTINCT ...) */
  bool star;          /* COUNT(*) (nargs == 0) */
  const char *separator; /* GROUP_CONCAT: NULL = default " " */
  size_t separator_len;
  uint32_t height; /* of this subtree, EXISTS patterns included (leaf = 1) */
  /* No variables, EXISTS, aggregates or per-call functions (RAND, BNODE,
   * UUID, STRUUID) below: the same value for every row, so the executor
   * evaluates it once per query (constant folding). */
  bool constant;
};

/* The spelling of an operator as the printer writes it ("+", "regex",
 * "group_concat", ...). */
const char *sila_expr_op_name(SilaExprOp op);

/* ---- algebra ----------------------------------------------------------- */

typedef enum {
  SILA_ALG_BGP,       /* triples[ntriples]; ntriples == 0 is the empty pattern Z */
  SILA_ALG_PATH,      /* path_s path path_o */
  SILA_ALG_JOIN,      /* a ⋈ b */
  SILA_ALG_LEFTJOIN,  /* a ⟕ b, filter (expr may be NULL = true) */
  SILA_ALG_FILTER,    /* exprs[nexprs] (conjunction) over a */
  SILA_ALG_UNION,     /* a ∪ b */
  SILA_ALG_MINUS,     /* a − b */
  SILA_ALG_GRAPH,     /* graph (term or variable) a */
  SILA_ALG_SERVICE,   /* service (iri or variable) silent? a; `text` = pattern source */
  SILA_ALG_EXTEND,    /* a extended with var := expr */
  SILA_ALG_TABLE,     /* VALUES: table_vars[nvars] x rows[nrows][nvars] */
  SILA_ALG_GROUP,     /* Group + Aggregation: keys, aggregates over a; with
                       * nkeys == 0 all solutions form one group (one row
                       * even when a has none: COUNT(*) = 0) */
  SILA_ALG_ORDERBY,   /* conds[nconds] over a */
  SILA_ALG_PROJECT,   /* vars[nvars] of a */
  SILA_ALG_DISTINCT,
  SILA_ALG_REDUCED,
  SILA_ALG_SLICE,     /* offset (0 = none), limit (-1 = none) */
  SILA_ALG_TOMULTISET /* subquery boundary */
} SilaAlgKind;

typedef struct {
  SilaExpr *expr;
  int32_t var; /* GROUP BY (expr AS ?v), a plain ?v, or a hidden variable */
} SilaGroupKey;

typedef struct {
  int32_t var;    /* hidden variable receiving the aggregate's value */
  SilaExpr *expr; /* op is one of SILA_EX_COUNT ... SILA_EX_GROUP_CONCAT */
} SilaAggregate;

typedef struct {
  SilaExpr *expr;
  bool descending;
} SilaOrderCond;

struct SilaAlg {
  SilaAlgKind kind;
  SilaAlg *a, *b;
  /* BGP */
  SilaTriple *triples;
  size_t ntriples;
  /* BGP: triple term patterns to match beyond those inside `triples` (the
   * ends of a property path, <<( … )>> :p+ ?x: the path binds their hidden
   * variable, this BGP joined after it matches the components) */
  SilaNode *tt_extra;
  size_t ntt_extra;
  /* PATH */
  SilaNode path_s, path_o;
  SilaPath *path;
  /* LEFTJOIN (filter, may be NULL), EXTEND */
  SilaExpr *expr;
  /* FILTER */
  SilaExpr **exprs;
  size_t nexprs;
  /* GRAPH, SERVICE: the graph or endpoint */
  SilaNode name;
  bool silent;
  const char *text; /* SERVICE: the group pattern's source text, '{' to '}',
                     * prefixed names unexpanded (the prologue is not part
                     * of it); a client may prefer to re-serialise `a` */
  size_t text_len;
  /* EXTEND: var; PROJECT: vars; TABLE: vars and rows (var = -1 unused).
   * A TABLE row cell with kind SILA_TERM_NONE is UNDEF. */
  int32_t var;
  int32_t *vars;
  size_t nvars;
  SilaTerm *rows; /* nrows * nvars cells, row-major */
  size_t nrows;
  /* GROUP */
  SilaGroupKey *keys;
  size_t nkeys;
  SilaAggregate *aggs;
  size_t naggs;
  /* ORDERBY */
  SilaOrderCond *conds;
  size_t nconds;
  /* SLICE */
  uint64_t offset;
  int64_t limit;
  /* Height of the subtree, expressions and paths included (leaf = 1).  The
   * parser refuses requests whose trees are higher than
   * SILA_SPARQL_MAX_HEIGHT, so code that walks them recursively has a
   * bounded stack. */
  uint32_t height;
};

/* The highest algebra/expression/path tree the parser builds. */
#define SILA_SPARQL_MAX_HEIGHT 2000

/* ---- requests ---------------------------------------------------------- */

typedef enum {
  SILA_QUERY_SELECT,
  SILA_QUERY_CONSTRUCT,
  SILA_QUERY_DESCRIBE,
  SILA_QUERY_ASK,
  SILA_QUERY_UPDATE
} SilaQueryForm;

typedef enum {
  SILA_UPDATE_INSERT_DATA,
  SILA_UPDATE_DELETE_DATA,
  SILA_UPDATE_DELETE_WHERE, /* delete_quads is both template and pattern (where) */
  SILA_UPDATE_MODIFY,       /* WITH? DELETE? INSERT? USING* WHERE */
  SILA_UPDATE_LOAD,
  SILA_UPDATE_CLEAR,
  SILA_UPDATE_DROP,
  SILA_UPDATE_CREATE,
  SILA_UPDATE_ADD,
  SILA_UPDATE_MOVE,
  SILA_UPDATE_COPY
} SilaUpdateKind;

/* Target of CLEAR/DROP/CREATE and the two sides of ADD/MOVE/COPY/LOAD INTO. */
typedef enum {
  SILA_GRAPHREF_NONE = 0,
  SILA_GRAPHREF_IRI,
  SILA_GRAPHREF_DEFAULT,
  SILA_GRAPHREF_NAMED,
  SILA_GRAPHREF_ALL
} SilaGraphRefKind;

typedef struct {
  SilaGraphRefKind kind;
  SilaTerm iri; /* SILA_GRAPHREF_IRI */
} SilaGraphRef;

typedef struct {
  SilaUpdateKind kind;
  bool silent;
  SilaQuad *insert_quads; /* INSERT DATA, MODIFY insert template */
  size_t ninsert;
  SilaQuad *delete_quads; /* DELETE DATA, DELETE WHERE, MODIFY delete template */
  size_t ndelete;
  SilaTerm with;          /* MODIFY: WITH iri (kind NONE when absent) */
  SilaTerm *using_iris;   /* MODIFY: USING iri */
  size_t nusing;
  SilaTerm *using_named;  /* MODIFY: USING NAMED iri */
  size_t nusing_named;
  SilaAlg *where;         /* MODIFY and DELETE WHERE: the pattern */
  SilaTerm source;        /* LOAD: document IRI */
  SilaGraphRef from, to;  /* LOAD INTO (to), CLEAR/DROP/CREATE (to), ADD/MOVE/COPY */
} SilaUpdateOp;

typedef struct SilaQuery SilaQuery;

/* Parses one SPARQL 1.1 query.  `len` is the text's length in bytes
 * (UTF-8); `base_iri` (may be NULL) is the base against which relative
 * IRIs resolve before any BASE of the query.  On success *out is a new
 * query (free with sila_query_free).  Errors: SILA_ERR_SYNTAX (err gets
 * 1-based line and column and a message "line L, column C: ..." naming the
 * token found), SILA_ERR_LIMIT (nesting deeper than the parser allows),
 * SILA_ERR_NOMEM. */
SilaStatus sila_sparql_parse_query(const char *text, size_t len, const char *base_iri,
                                   SilaQuery **out, SilaError *err);

/* Parses a SPARQL 1.1 Update request (a ';'-separated sequence of
 * operations, possibly empty).  Same conventions and errors as
 * sila_sparql_parse_query; the result's form is SILA_QUERY_UPDATE. */
SilaStatus sila_sparql_parse_update(const char *text, size_t len, const char *base_iri,
                                    SilaQuery **out, SilaError *err);

/* Releases a query and everything it points to.  Safe with NULL. */
void sila_query_free(SilaQuery *q);

/* Accessors.  Every returned pointer is owned by the query and lives until
 * sila_query_free. */
SilaQueryForm sila_query_form(const SilaQuery *q);
/* The algebra of the WHERE clause with all solution modifiers (Project,
 * Distinct, Slice, ...) on top; NULL for updates. */
SilaAlg *sila_query_algebra(const SilaQuery *q);
/* SELECT: the projected variables in order (also available from the
 * PROJECT node); *n gets their count. */
const int32_t *sila_query_projection(const SilaQuery *q, size_t *n);
/* CONSTRUCT template (blank nodes stay SILA_TERM_BLANK).  For the short
 * form CONSTRUCT WHERE { ... } the template is the pattern's triples, its
 * blank nodes being the pattern's hidden variables (as Jena does). */
const SilaTriple *sila_query_template(const SilaQuery *q, size_t *n);
/* DESCRIBE targets (variables or IRIs); *star set for DESCRIBE *. */
const SilaNode *sila_query_describe(const SilaQuery *q, size_t *n, bool *star);
/* FROM and FROM NAMED IRIs. */
const SilaTerm *sila_query_from(const SilaQuery *q, size_t *n);
const SilaTerm *sila_query_from_named(const SilaQuery *q, size_t *n);
/* Update operations in request order. */
const SilaUpdateOp *sila_query_updates(const SilaQuery *q, size_t *n);
/* Variable table: count, entry by index (NULL when out of range), and the
 * index of a variable by name without '?' (-1 when the request has none;
 * linear time). */
size_t sila_query_var_count(const SilaQuery *q);
const SilaVar *sila_query_var(const SilaQuery *q, int32_t index);
int32_t sila_query_var_lookup(const SilaQuery *q, const char *name, size_t len);

/* A PREFIX declaration of the request, in order of appearance (a prefix
 * declared twice appears twice; the later one wins).  Result writers may
 * use them to abbreviate IRIs. */
typedef struct {
  const char *name; /* without ':' */
  size_t name_len;
  const char *iri;  /* resolved against the base */
  size_t iri_len;
} SilaQueryPrefix;
const SilaQueryPrefix *sila_query_prefixes(const SilaQuery *q, size_t *n);
/* The base IRI in effect at the end of the request (the caller's base or
 * the last BASE), NULL when none. */
const char *sila_query_base(const SilaQuery *q);
/* The query's arena, for optimisers that build new nodes. */
SilaArena *sila_query_arena(SilaQuery *q);

/* Writes the request as an S-expression in the style of the SPARQL spec
 * and Jena's SSE, e.g. "(project (?x) (bgp (triple ?x <p> ?o)))", one
 * line, no trailing newline.  Queries print the algebra wrapped in the
 * form: "(construct (template ...) ALG)", "(describe (?x <i>) ALG)",
 * "(ask ALG)"; SELECT prints ALG alone; FROM clauses add
 * "(dataset (from <g>) (named <h>) ...)" around it; updates print
 * "(update OP ...)".  Returns 0, or -1 when memory ran out. */
int sila_query_print(const SilaQuery *q, SilaBuf *out);
int sila_alg_print(const SilaQuery *q, const SilaAlg *alg, SilaBuf *out);
int sila_expr_print(const SilaQuery *q, const SilaExpr *e, SilaBuf *out);

/* Resolves `rel` against the absolute IRI `base` (RFC 3986 §5.2, with
 * dot-segment removal: base/'s sila_iri_resolve_buf) into the arena;
 * returns NULL when memory ran out.  An absolute rel is taken as written;
 * with base NULL a relative rel is copied unchanged. */
char *sila_iri_resolve(SilaArena *a, const char *base, size_t base_len, const char *rel,
                       size_t rel_len, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif
