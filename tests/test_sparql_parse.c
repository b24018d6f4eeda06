/* test_sparql_parse.c — the SPARQL parser and algebra translation, checked
 * through the S-expression printer, plus error positions, IRI resolution,
 * the variable table, accessors and the nesting limit. */
#include <stdlib.h>
#include <string.h>

#include "sila_sparql.h"
#include "test_harness.h"

#define BASE "http://example.org/base/"
#define RDFNS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSDNS "http://www.w3.org/2001/XMLSchema#"

static char printed[16384];

/* Parses (query or update) and returns the printed algebra, or
 * "ERROR: message". */
static const char *run(const char *text, bool update) {
  SilaQuery *q = NULL;
  SilaError err = {0};
  sila_error_clear(&err);
  SilaStatus st = update ? sila_sparql_parse_update(text, strlen(text), BASE, &q, &err)
                         : sila_sparql_parse_query(text, strlen(text), BASE, &q, &err);
  if (st != SILA_OK) {
    snprintf(printed, sizeof printed, "ERROR: %s", err.message);
    return printed;
  }
  SilaBuf b = SILA_BUF_INIT;
  sila_query_print(q, &b);
  snprintf(printed, sizeof printed, "%.*s", (int)b.len, b.data ? b.data : "");
  sila_buf_free(&b);
  sila_query_free(q);
  return printed;
}

static const char *Q(const char *text) { return run(text, false); }
static const char *U(const char *text) { return run(text, true); }

/* Checks that `text` fails with SILA_ERR_SYNTAX at line:col and that the
 * message contains `msg`. */
static void check_error(const char *text, bool update, unsigned long line, unsigned long col,
                        const char *msg, int src_line) {
  SilaQuery *q = NULL;
  SilaError err = {0};
  sila_error_clear(&err);
  SilaStatus st = update ? sila_sparql_parse_update(text, strlen(text), NULL, &q, &err)
                         : sila_sparql_parse_query(text, strlen(text), NULL, &q, &err);
  bool ok = st == SILA_ERR_SYNTAX && q == NULL && err.line == line && err.column == col &&
            strstr(err.message, msg) != NULL;
  if (ok) {
    test_passed_++;
  } else {
    test_failed_++;
    fprintf(stderr, "%s:%d: error check failed for %s\n  got status %d at %lu:%lu: %s\n",
            __FILE__, src_line, text, st, err.line, err.column, err.message);
  }
  sila_query_free(q);
}
#define CHECK_ERR(text, line, col, msg) check_error(text, false, line, col, msg, __LINE__)
#define CHECK_UERR(text, line, col, msg) check_error(text, true, line, col, msg, __LINE__)

static void test_basic(void) {
  CHECK_STR("(project (?x) (bgp (triple ?x <http://ex/p> ?o)))",
            Q("SELECT ?x WHERE { ?x <http://ex/p> ?o }"));
  CHECK_STR("(project (?s ?o) (bgp (triple ?s <http://ex/p> ?o)))",
            Q("PREFIX ex: <http://ex/> SELECT * { ?s ex:p ?o . }"));
  CHECK_STR("(project () (bgp))", Q("SELECT * {}"));
  CHECK_STR("(ask (bgp (triple <http://ex/a> <http://ex/b> <http://ex/c>)))",
            Q("ASK { <http://ex/a> <http://ex/b> <http://ex/c> }"));
  /* ';' and ',' and 'a' */
  CHECK_STR("(project (?x) (bgp (triple ?x <" RDFNS "type> <http://ex/C>) (triple ?x "
            "<http://ex/p> 1) (triple ?x <http://ex/p> 2)))",
            Q("PREFIX : <http://ex/> SELECT ?x { ?x a :C ; :p 1, 2 ; }"));
  /* keywords are case-insensitive, 'a' is not */
  CHECK_STR("(project (?x) (bgp (triple ?x ?p ?o)))", Q("select ?x where { ?x ?p ?o }"));
  CHECK_ERR("SELECT ?x { ?x A ?o }", 1, 16, "expected a predicate but found 'A'");
  /* $var and ?var are the same variable */
  CHECK_STR("(project (?x) (bgp (triple ?x ?p ?x)))", Q("SELECT $x { ?x ?p $x }"));
}

static void test_terms(void) {
  /* numeric literals keep their lexical forms; the printer writes them bare */
  CHECK_STR("(project (?x) (bgp (triple ?x ?p 01) (triple ?x ?p -1.50) (triple ?x ?p "
            "1e3) (triple ?x ?p +7) (triple ?x ?p true)))",
            Q("SELECT ?x { ?x ?p 01, -1.50, 1e3, +7, true }"));
  /* strings: escapes, long forms, language tags, datatypes; ^^xsd:string
   * is the same as no datatype */
  CHECK_STR("(project (?x) (bgp (triple ?x ?p \"a\\\"b\\n\") (triple ?x ?p \"x\\ny\") "
            "(triple ?x ?p \"chat\"@fr-BE) (triple ?x ?p \"s\") (triple ?x ?p "
            "\"5\"^^<http://ex/t>) (triple ?x ?p \"\\\\u00e9\")))",
            Q("PREFIX xsd: <" XSDNS "> SELECT ?x { ?x ?p 'a\"b\\n', '''x\ny''', "
              "\"chat\"@fr-BE, \"s\"^^xsd:string, \"5\"^^<http://ex/t>, \"\\\\u00e9\" }"));
  CHECK_STR("(project (?x) (bgp (triple ?x ?p \"\xc3\xa9\")))",
            Q("SELECT ?x { ?x ?p \"\\u00E9\" }"));
  /* relative IRIs resolve against the base, then against BASE */
  CHECK_STR("(project (?x) (bgp (triple ?x <http://example.org/base/p> "
            "<http://example.org/o>)))",
            Q("SELECT ?x { ?x <p> <../o> }"));
  CHECK_STR("(project (?x) (bgp (triple ?x <http://other/a/q> <http://other/a/b/c>)))",
            Q("BASE <http://other/a/b> PREFIX : <b/> SELECT ?x { ?x <q> :c }"));
  /* with no base at all a relative IRI is an error at its position, not a
   * term kept as written */
  CHECK_ERR("SELECT ?x {\n ?x <http://e/p> <o> }", 2, 18, "relative IRI <o> and no base IRI");
  CHECK_ERR("PREFIX : <rel/> SELECT * {}", 1, 10, "relative IRI <rel/>");
  CHECK_UERR("INSERT DATA { <x> <http://e/p> 1 }", 1, 15, "relative IRI <x>");
  CHECK_UERR("BASE <a/> INSERT DATA { <x> <http://e/p> 1 }", 1, 6, "relative IRI <a/>");
  /* prefixed names: escapes and %-encoding in local parts */
  CHECK_STR("(project (?x) (bgp (triple ?x <http://ex/a.b> <http://ex/c%20d>) (triple ?x "
            "<http://ex/a-b:c> <http://ex/x>)))",
            Q("PREFIX : <http://ex/> SELECT ?x { ?x :a\\.b :c%20d . ?x :a-b:c :x }"));
  /* blank nodes become hidden variables in patterns */
  CHECK_STR("(project (?x) (bgp (triple ?_:b ?p ?x) (triple ?x ?q ?_:.0)))",
            Q("SELECT ?x { _:b ?p ?x . ?x ?q [] }"));
  /* blank node property lists and collections */
  CHECK_STR("(project (?x) (bgp (triple ?_:.0 <http://ex/q> 1) (triple ?x <http://ex/p> "
            "?_:.0)))",
            Q("PREFIX : <http://ex/> SELECT ?x { ?x :p [ :q 1 ] }"));
  CHECK_STR("(project (?x) (bgp (triple ?_:.0 <" RDFNS "first> 1) (triple ?_:.0 <" RDFNS
            "rest> ?_:.1) (triple ?_:.1 <" RDFNS "first> ?y) (triple ?_:.1 <" RDFNS
            "rest> <" RDFNS "nil>) (triple ?x <http://ex/p> ?_:.0) (triple ?x <http://ex/p> <"
            RDFNS "nil>)))",
            Q("PREFIX : <http://ex/> SELECT ?x { ?x :p (1 ?y), () }"));
}

static void test_patterns(void) {
  CHECK_STR("(project (?x ?y) (leftjoin (bgp (triple ?x <http://ex/p> ?y)) (bgp (triple ?y "
            "<http://ex/q> ?z)) (> ?z 1)))",
            Q("PREFIX : <http://ex/> SELECT ?x ?y { ?x :p ?y OPTIONAL { ?y :q ?z FILTER(?z > 1) } }"));
  CHECK_STR("(project (?x) (filter (exprs (isIRI ?x) (bound ?y)) (leftjoin (bgp (triple ?x ?p "
            "?o)) (bgp (triple ?o ?q ?y)))))",
            Q("SELECT ?x { FILTER isIRI(?x) ?x ?p ?o OPTIONAL { ?o ?q ?y } FILTER(bound(?y)) }"));
  CHECK_STR("(project (?x) (union (union (bgp (triple ?x ?p 1)) (bgp (triple ?x ?p 2))) (bgp "
            "(triple ?x ?p 3))))",
            Q("SELECT ?x { { ?x ?p 1 } UNION { ?x ?p 2 } UNION { ?x ?p 3 } }"));
  CHECK_STR("(project (?x) (minus (bgp (triple ?x ?p ?o)) (bgp (triple ?x ?q ?o))))",
            Q("SELECT ?x { ?x ?p ?o MINUS { ?x ?q ?o } }"));
  CHECK_STR("(project (?g ?x) (join (bgp (triple ?x ?p ?o)) (graph ?g (bgp (triple ?x ?q "
            "?o)))))",
            Q("SELECT ?g ?x { ?x ?p ?o GRAPH ?g { ?x ?q ?o } }"));
  CHECK_STR("(project (?x) (service silent <http://remote/sparql> (bgp (triple ?x ?p ?o))))",
            Q("SELECT ?x { SERVICE SILENT <http://remote/sparql> { ?x ?p ?o } }"));
  CHECK_STR("(project (?x ?y) (extend ((?y (+ ?o 1))) (bgp (triple ?x ?p ?o))))",
            Q("SELECT ?x ?y { ?x ?p ?o BIND(?o + 1 AS ?y) }"));
  CHECK_STR("(project (?x ?y) (join (bgp (triple ?x ?p ?y)) (table (vars ?x ?y) (row [?x 1] "
            "[?y \"a\"]) (row [?y 2]))))",
            Q("SELECT ?x ?y { ?x ?p ?y VALUES (?x ?y) { (1 'a') (UNDEF 2) } }"));
  /* trailing VALUES joins under the projection */
  CHECK_STR("(project (?x) (join (bgp (triple ?x ?p ?o)) (table (vars ?x) (row [?x "
            "<http://ex/a>]))))",
            Q("SELECT ?x { ?x ?p ?o } VALUES ?x { <http://ex/a> }"));
  /* nested groups: Join(Z, A) = A */
  CHECK_STR("(project (?x) (bgp (triple ?x ?p ?o)))", Q("SELECT ?x { { { ?x ?p ?o } } }"));
  CHECK_STR("(project (?x) (join (bgp (triple ?x ?p ?o)) (bgp (triple ?o ?q ?x))))",
            Q("SELECT ?x { ?x ?p ?o { ?o ?q ?x } }"));
  /* subquery */
  CHECK_STR("(project (?x ?c) (tomultiset (project (?x ?c) (extend ((?c ?.agg0)) (group (?x) "
            "((?.agg0 (count))) (bgp (triple ?x ?p ?o)))))))",
            Q("SELECT * { { SELECT ?x (COUNT(*) AS ?c) { ?x ?p ?o } GROUP BY ?x } }"));
  /* EXISTS / NOT EXISTS */
  CHECK_STR("(project (?x) (filter (&& (exists (bgp (triple ?x ?p 1))) (notexists (bgp "
            "(triple ?x ?p 2)))) (bgp (triple ?x ?q ?o))))",
            Q("SELECT ?x { ?x ?q ?o FILTER(EXISTS { ?x ?p 1 } && NOT EXISTS { ?x ?p 2 }) }"));
}

static void test_paths(void) {
  const char *pfx = "PREFIX : <http://ex/> ";
  char q[512];
#define PATHQ(body) (snprintf(q, sizeof q, "%sSELECT * { %s }", pfx, body), Q(q))
  CHECK_STR("(project (?s ?o) (bgp (triple ?o <http://ex/p> ?s)))", PATHQ("?s ^:p ?o"));
  CHECK_STR("(project (?s ?o) (bgp (triple ?s <http://ex/p> ?.p0) (triple ?.p0 "
            "<http://ex/q> ?o)))",
            PATHQ("?s :p/:q ?o"));
  CHECK_STR("(project (?s ?o) (path ?s (alt <http://ex/p> <http://ex/q>) ?o))",
            PATHQ("?s :p|:q ?o"));
  CHECK_STR("(project (?s ?o) (path ?s (path* <http://ex/p>) ?o))", PATHQ("?s :p* ?o"));
  CHECK_STR("(project (?s ?o) (path ?s (path+ (alt <http://ex/p> (inv <http://ex/q>))) ?o))",
            PATHQ("?s (:p|^:q)+ ?o"));
  CHECK_STR("(project (?s) (path ?s (path? <http://ex/p>) <http://ex/o>))",
            PATHQ("?s :p? :o"));
  CHECK_STR("(project (?s ?o) (path ?s (notoneof <http://ex/p> <" RDFNS
            "type> (inv <http://ex/q>)) ?o))",
            PATHQ("?s !(:p|a|^:q) ?o"));
  CHECK_STR("(project (?s ?o) (path ?s (notoneof <http://ex/p>) ?o))", PATHQ("?s !:p ?o"));
  /* sequence inside an inverse: ^(:p/:q) = ^:q/^:p */
  CHECK_STR("(project (?s ?o) (bgp (triple ?o <http://ex/p> ?.p0) (triple ?.p0 <http://ex/q> "
            "?s)))",
            PATHQ("?s ^(:p/:q) ?o"));
  /* triples and paths of one block: BGPs and paths joined in order */
  CHECK_STR("(project (?s ?o ?z) (join (join (bgp (triple ?s <http://ex/a> ?o)) (path ?o "
            "(path* <http://ex/b>) ?z)) (bgp (triple ?z <http://ex/c> 1))))",
            PATHQ("?s :a ?o . ?o :b* ?z . ?z :c 1"));
  CHECK_ERR("SELECT * { ?s <http://e/p>** ?o }", 1, 28, "found '*'");
}

static void test_expressions(void) {
  /* SPARQL 1.2: '!' UnaryExpression ('+' and '-' still take a primary) */
  CHECK_STR("(project (?x) (filter (! (! ?x)) (bgp (triple ?x ?p ?o))))",
            Q("SELECT ?x { ?x ?p ?o FILTER(!!?x) }"));
  CHECK_STR("(project (?x) (filter (|| (&& (= ?a 1) (!= ?b 2)) (! (< (+ ?c (* 2 3)) -4))) "
            "(bgp (triple ?x ?p ?o))))",
            Q("SELECT ?x { ?x ?p ?o FILTER(?a = 1 && ?b != 2 || !(?c + 2 * 3 < -4)) }"));
  /* signed literal after an operand is a binary operator */
  CHECK_STR("(project (?y) (extend ((?y (- (+ ?x 1) 2))) (bgp (triple ?x ?p ?o))))",
            Q("SELECT ?y { ?x ?p ?o BIND(?x+1-2 AS ?y) }"));
  CHECK_STR("(project (?y) (extend ((?y (+ ?x (* 1 2)))) (bgp (triple ?x ?p ?o))))",
            Q("SELECT ?y { ?x ?p ?o BIND(?x +1*2 AS ?y) }"));
  CHECK_STR("(project (?x) (filter (in ?x 1 2) (bgp (triple ?x ?p ?o))))",
            Q("SELECT ?x { ?x ?p ?o FILTER(?x IN (1, 2)) }"));
  CHECK_STR("(project (?x) (filter (notin ?x) (bgp (triple ?x ?p ?o))))",
            Q("SELECT ?x { ?x ?p ?o FILTER(?x NOT IN ()) }"));
  CHECK_STR("(project (?x) (filter (regex (str ?x) \"^a\" \"i\") (bgp (triple ?x ?p ?o))))",
            Q("SELECT ?x { ?x ?p ?o FILTER regex(str(?x), '^a', 'i') }"));
  CHECK_STR("(project (?x) (filter (<http://ex/f> distinct ?x 1) (bgp (triple ?x ?p ?o))))",
            Q("SELECT ?x { ?x ?p ?o FILTER <http://ex/f>(DISTINCT ?x, 1) }"));
  CHECK_STR("(project (?x) (filter (<" XSDNS "integer> ?x) (bgp (triple ?x ?p ?o))))",
            Q("PREFIX xsd: <" XSDNS "> SELECT ?x { ?x ?p ?o FILTER(xsd:integer(?x)) }"));
  CHECK_STR("(project (?v) (extend ((?v (concat (bnode) (struuid) (if true (coalesce) "
            "(substr \"abc\" 2))))) (bgp)))",
            Q("SELECT ?v { BIND(CONCAT(BNODE(), STRUUID(), IF(true, COALESCE(), "
              "SUBSTR('abc', 2))) AS ?v) }"));
  CHECK_ERR("SELECT ?x { FILTER(REGEX(?x)) }", 1, 28, "expected ',' but found ')'");
  CHECK_ERR("SELECT ?x { FILTER(BOUND(1)) }", 1, 26, "expected a variable");
}

/* Every builtin, written in lower case, reaches its operator. */
static void test_all_builtins(void) {
  static const struct {
    const char *call, *printed;
  } b[] = {
      {"str(?a)", "(str ?a)"}, {"lang(?a)", "(lang ?a)"},
      {"langmatches(?a, '*')", "(langMatches ?a \"*\")"}, {"datatype(?a)", "(datatype ?a)"},
      {"bound(?a)", "(bound ?a)"}, {"iri(?a)", "(iri ?a)"}, {"uri(?a)", "(uri ?a)"},
      {"bnode(?a)", "(bnode ?a)"}, {"rand()", "(rand)"}, {"abs(?a)", "(abs ?a)"},
      {"ceil(?a)", "(ceil ?a)"}, {"floor(?a)", "(floor ?a)"}, {"round(?a)", "(round ?a)"},
      {"concat(?a, ?a)", "(concat ?a ?a)"}, {"strlen(?a)", "(strlen ?a)"},
      {"ucase(?a)", "(ucase ?a)"}, {"lcase(?a)", "(lcase ?a)"},
      {"encode_for_uri(?a)", "(encode_for_uri ?a)"}, {"contains(?a, ?a)", "(contains ?a ?a)"},
      {"strstarts(?a, ?a)", "(strstarts ?a ?a)"}, {"strends(?a, ?a)", "(strends ?a ?a)"},
      {"strbefore(?a, ?a)", "(strbefore ?a ?a)"}, {"strafter(?a, ?a)", "(strafter ?a ?a)"},
      {"year(?a)", "(year ?a)"}, {"month(?a)", "(month ?a)"}, {"day(?a)", "(day ?a)"},
      {"hours(?a)", "(hours ?a)"}, {"minutes(?a)", "(minutes ?a)"},
      {"seconds(?a)", "(seconds ?a)"}, {"timezone(?a)", "(timezone ?a)"},
      {"tz(?a)", "(tz ?a)"}, {"now()", "(now)"}, {"uuid()", "(uuid)"},
      {"struuid()", "(struuid)"}, {"md5(?a)", "(md5 ?a)"}, {"sha1(?a)", "(sha1 ?a)"},
      {"sha256(?a)", "(sha256 ?a)"}, {"sha384(?a)", "(sha384 ?a)"},
      {"sha512(?a)", "(sha512 ?a)"}, {"coalesce(?a, 1)", "(coalesce ?a 1)"},
      {"if(?a, 1, 2)", "(if ?a 1 2)"}, {"strlang(?a, 'en')", "(strlang ?a \"en\")"},
      {"strdt(?a, <http://d>)", "(strdt ?a <http://d>)"},
      {"sameterm(?a, ?a)", "(sameTerm ?a ?a)"}, {"isiri(?a)", "(isIRI ?a)"},
      {"isuri(?a)", "(isURI ?a)"}, {"isblank(?a)", "(isBlank ?a)"},
      {"isliteral(?a)", "(isLiteral ?a)"}, {"isnumeric(?a)", "(isNumeric ?a)"},
      {"regex(?a, 'x')", "(regex ?a \"x\")"}, {"substr(?a, 1, 2)", "(substr ?a 1 2)"},
      {"replace(?a, 'x', 'y', 'i')", "(replace ?a \"x\" \"y\" \"i\")"},
  };
  char q[256], want[512];
  for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
    snprintf(q, sizeof q, "SELECT ?v { ?a ?p ?o BIND(%s AS ?v) }", b[i].call);
    snprintf(want, sizeof want, "(project (?v) (extend ((?v %s)) (bgp (triple ?a ?p ?o))))",
             b[i].printed);
    CHECK_STR(want, Q(q));
  }
  static const char *const aggs[] = {"count", "sum", "min", "max", "avg", "sample",
                                     "group_concat"};
  for (size_t i = 0; i < sizeof aggs / sizeof aggs[0]; i++) {
    snprintf(q, sizeof q, "SELECT (%s(?o) AS ?v) { ?a ?p ?o }", aggs[i]);
    snprintf(want, sizeof want, "(project (?v) (extend ((?v ?.agg0)) (group () ((?.agg0 (%s "
             "?o))) (bgp (triple ?a ?p ?o)))))", aggs[i]);
    CHECK_STR(want, Q(q));
  }
}

static void test_modifiers(void) {
  CHECK_STR("(slice 5 10 (distinct (project (?x) (order ((desc ?x) ?y) (bgp (triple ?x ?p "
            "?y))))))",
            Q("SELECT DISTINCT ?x { ?x ?p ?y } ORDER BY DESC(?x) ?y LIMIT 10 OFFSET 5"));
  CHECK_STR("(slice 3 _ (reduced (project (?x) (bgp (triple ?x ?p ?y)))))",
            Q("SELECT REDUCED ?x { ?x ?p ?y } OFFSET 3"));
  /* GROUP BY with expressions, HAVING, aggregates with DISTINCT and a
   * separator; aggregate results are hidden variables */
  CHECK_STR("(project (?k ?n ?l) (extend ((?l ?.agg1)) (extend ((?n ?.agg0)) (filter (> "
            "?.agg2 1) (group ((?k (str ?x))) ((?.agg0 (count distinct ?y)) (?.agg1 "
            "(group_concat separator \", \" ?y)) (?.agg2 (sum ?y))) (bgp (triple ?x ?p "
            "?y)))))))",
            Q("SELECT ?k (COUNT(DISTINCT ?y) AS ?n) (GROUP_CONCAT(?y; SEPARATOR=', ') AS ?l) "
              "{ ?x ?p ?y } GROUP BY (STR(?x) AS ?k) HAVING (SUM(?y) > 1)"));
  /* an implicit group when aggregates appear without GROUP BY */
  CHECK_STR("(project (?c) (extend ((?c ?.agg0)) (group () ((?.agg0 (count))) (bgp (triple ?x "
            "?p ?y)))))",
            Q("SELECT (COUNT(*) AS ?c) { ?x ?p ?y }"));
  /* an unnamed GROUP BY expression gets a hidden variable */
  CHECK_STR("(project (?c) (extend ((?c ?.agg0)) (group ((?.key0 (lang ?y))) ((?.agg0 (avg "
            "?x))) (bgp (triple ?x ?p ?y)))))",
            Q("SELECT (AVG(?x) AS ?c) { ?x ?p ?y } GROUP BY LANG(?y)"));
  /* ORDER BY an aggregate */
  CHECK_STR("(project (?x) (order ((desc ?.agg0)) (group (?x) ((?.agg0 (max ?y))) (bgp "
            "(triple ?x ?p ?y)))))",
            Q("SELECT ?x { ?x ?p ?y } GROUP BY ?x ORDER BY DESC(MAX(?y))"));
}

static void test_forms(void) {
  CHECK_STR("(construct (template (triple ?x <http://ex/q> _:b) (triple _:b <http://ex/r> "
            "?o)) (bgp (triple ?x <http://ex/p> ?o)))",
            Q("PREFIX : <http://ex/> CONSTRUCT { ?x :q _:b . _:b :r ?o } WHERE { ?x :p ?o }"));
  CHECK_STR("(construct (template (triple ?x <http://ex/p> ?o)) (bgp (triple ?x "
            "<http://ex/p> ?o)))",
            Q("PREFIX : <http://ex/> CONSTRUCT WHERE { ?x :p ?o }"));
  CHECK_STR("(describe (?x <http://ex/a>) (bgp (triple ?x ?p ?o)))",
            Q("DESCRIBE ?x <http://ex/a> { ?x ?p ?o }"));
  CHECK_STR("(describe (<http://ex/a>) (bgp))", Q("DESCRIBE <http://ex/a>"));
  CHECK_STR("(describe (*) (bgp (triple ?x ?p ?o)))", Q("DESCRIBE * WHERE { ?x ?p ?o }"));
  CHECK_STR("(dataset (from <http://ex/g1>) (named <http://ex/g2>) (project (?x) (bgp (triple "
            "?x ?p ?o))))",
            Q("SELECT ?x FROM <http://ex/g1> FROM NAMED <http://ex/g2> { ?x ?p ?o }"));
  CHECK_STR("(ask (slice _ 1 (bgp (triple ?x ?p ?o))))", Q("ASK { ?x ?p ?o } LIMIT 1"));
}

static void test_update(void) {
  CHECK_STR("(update (insertdata (triple <http://ex/s> <http://ex/p> \"o\") (quad <http://ex/g> "
            "<http://ex/s> <http://ex/p> _:b)))",
            U("PREFIX : <http://ex/> INSERT DATA { :s :p 'o' GRAPH :g { :s :p _:b } }"));
  CHECK_STR("(update (deletedata (triple <http://ex/s> <http://ex/p> 1)))",
            U("DELETE DATA { <http://ex/s> <http://ex/p> 1 }"));
  CHECK_STR("(update (deletewhere (triple ?s <http://ex/p> ?o) (quad ?g ?s ?p ?o)))",
            U("DELETE WHERE { ?s <http://ex/p> ?o . GRAPH ?g { ?s ?p ?o } }"));
  CHECK_STR("(update (modify (with <http://ex/g>) (delete (triple ?s ?p ?o)) (insert (quad "
            "<http://ex/h> ?s ?p ?o)) (using <http://ex/u>) (usingnamed <http://ex/n>) (bgp "
            "(triple ?s ?p ?o))))",
            U("WITH <http://ex/g> DELETE { ?s ?p ?o } INSERT { GRAPH <http://ex/h> { ?s ?p ?o } } "
              "USING <http://ex/u> USING NAMED <http://ex/n> WHERE { ?s ?p ?o }"));
  CHECK_STR("(update (load silent <http://ex/doc> <http://ex/g>) (clear default) (drop silent "
            "all) (create <http://ex/g>) (add default <http://ex/g>) (move silent <http://ex/a> "
            "default) (copy <http://ex/a> <http://ex/b>))",
            U("LOAD SILENT <http://ex/doc> INTO GRAPH <http://ex/g> ; CLEAR DEFAULT ; "
              "DROP SILENT ALL ; CREATE GRAPH <http://ex/g> ; ADD DEFAULT TO <http://ex/g> ; "
              "MOVE SILENT GRAPH <http://ex/a> TO DEFAULT ; PREFIX e: <http://ex/> "
              "COPY e:a TO GRAPH e:b ;"));
  /* blank node labels of WHERE patterns are scoped per operation */
  CHECK_STR("(update (modify (delete (triple ?x ?p ?o)) (bgp (triple ?_:a ?p ?o))) (modify "
            "(insert (triple <http://ex/s> ?p ?o)) (bgp (triple ?_:a ?p ?o))))",
            U("DELETE { ?x ?p ?o } WHERE { _:a ?p ?o } ; INSERT { <http://ex/s> ?p ?o } WHERE "
              "{ _:a ?p ?o }"));
  CHECK_STR("(update)", U(""));
  CHECK_STR("(update)", U("PREFIX : <http://ex/>"));
  CHECK_UERR("INSERT DATA { ?s <http://ex/p> 1 }", 1, 15, "variable ?s not allowed");
  CHECK_UERR("DELETE DATA { _:b <http://ex/p> 1 }", 1, 15, "blank node _:b not allowed");
  CHECK_UERR("DELETE { _:b ?p ?o } WHERE { ?s ?p ?o }", 1, 10, "blank node _:b");
  CHECK_UERR("INSERT DATA { _:a <http://ex/p> 1 } ; INSERT DATA { _:a <http://ex/p> 2 }", 1,
             53, "already used by an earlier operation");
  CHECK_UERR("CLEAR GRAPH <http://ex/g> ;; CLEAR ALL", 1, 28, "expected an update operation");
  CHECK_UERR("CLEAR DEFAULT CLEAR ALL", 1, 15, "expected ';' or end of request");
}

static void test_static_rules(void) {
  CHECK_ERR("SELECT (1 AS ?x) { ?x ?p ?o }", 1, 14, "variable ?x is already in scope");
  CHECK_ERR("SELECT ?x (1 AS ?y) (2 AS ?y) { ?x ?p ?o }", 1, 27, "already projected");
  CHECK_ERR("SELECT * { ?x ?p ?o BIND(1 AS ?o) }", 1, 31, "BIND variable ?o is already in scope");
  CHECK_ERR("SELECT ?x { ?x ?p ?o } GROUP BY ?p", 1, 8, "variable ?x is projected but not grouped");
  CHECK_ERR("SELECT * { ?x ?p ?o } GROUP BY ?x", 1, 8, "SELECT * is not allowed");
  CHECK_ERR("SELECT (?o + COUNT(*) AS ?c) { ?x ?p ?o }", 1, 26, "variable ?o in a SELECT "
            "expression is not grouped");
  CHECK_ERR("SELECT ?x { ?x ?p ?o FILTER(COUNT(?o) > 1) }", 1, 29, "aggregate COUNT not allowed");
  CHECK_ERR("SELECT (SUM(MAX(?o)) AS ?s) { ?x ?p ?o }", 1, 13, "nested in another aggregate");
  CHECK_ERR("SELECT * { _:a ?p ?o OPTIONAL { _:a ?q ?r } }", 1, 33,
            "blank node _:a used in more than one basic graph pattern");
  /* a FILTER does not end a basic graph pattern */
  CHECK_STR("(project (?p ?o ?q ?r) (filter true (bgp (triple ?_:a ?p ?o) (triple ?_:a ?q "
            "?r))))",
            Q("SELECT * { _:a ?p ?o FILTER(true) _:a ?q ?r }"));
  CHECK_ERR("SELECT * { ?x ?p ?o } VALUES (?x ?p) { (1) }", 1, 40, "VALUES row has 1 values");
  CHECK_ERR("SELECT ?x { ?x ex:p ?o }", 1, 16, "undeclared prefix 'ex:'");
}

static void test_errors(void) {
  CHECK_ERR("SELECT ?x\nWHERE {\n  ?x ?p ?o FILTER(?x) . FILTER\n", 4, 1,
            "expected a constraint");
  CHECK_ERR("PREFIX : <http://ex/>\nSELECT ?x\nWHERE { ?x :p ?o . OPTIONAL ?x }", 3, 29,
            "expected '{' but found '?x'");
  CHECK_ERR("SELECT ?x WHERE { ?x ?p ?o", 1, 27,
            "expected a graph pattern or '}' but found end of input");
  CHECK_ERR("SELECT ?x WHERE { ?x ?p ?o } }", 1, 30, "expected end of query but found '}'");
  CHECK_ERR("SELECT ?x { ?x ?p \"abc }", 1, 19, "unterminated string");
  CHECK_ERR("SELECT ?x { ?x ?p 'a\\qb' }", 1, 21, "invalid escape sequence");
  CHECK_ERR("SELECT ?x { ?x ?p '''abc\n\n }", 1, 19, "unterminated string");
  CHECK_ERR("SELECT ?x { ?x ?p \"a\xff\" }", 1, 21, "invalid UTF-8 in a string");
  CHECK_ERR("SELECT ?x { ?x ?p <http://a\xc3> }", 1, 28, "invalid UTF-8 in an IRI");
  CHECK_ERR("SELECT ?x\n{ ?x ?p ?o } LIMIT ?x", 2, 20, "expected an integer after LIMIT");
  /* columns count characters, not bytes */
  CHECK_ERR("SELECT ?x { ?x ?p \"\xc3\xa9\xc3\xa9\" ; ?q ?r ?z }", 1, 32, "found '?z'");
  CHECK_ERR("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } GROUP", 1, 48, "expected 'BY'");
  CHECK_ERR("", 1, 1, "expected SELECT, CONSTRUCT, DESCRIBE or ASK but found end of input");
  /* the error message of the brief's example */
  SilaQuery *q = NULL;
  SilaError err = {0};
  sila_error_clear(&err);
  const char *text = "SELECT *\nWHERE {\n  ?s ?p ?o OPTIONAL { ?s ?q ?r FILTER }\n";
  CHECK_INT(SILA_ERR_SYNTAX, sila_sparql_parse_query(text, strlen(text), NULL, &q, &err));
  CHECK_STR("line 3, column 39: expected a constraint: '(', a function call or a builtin but "
            "found '}'",
            err.message);
  CHECK_INT(3, err.line);
  CHECK_INT(39, err.column);
  char buf[600];
  sila_error_format(&err, buf, sizeof buf);
  buf[33] = '\0';
  CHECK_STR("3:39: line 3, column 39: expected", buf);
}

static void test_depth_limit(void) {
  size_t n = 100000;
  char *text = malloc(2 * n + 64);
  /* deep groups */
  strcpy(text, "SELECT * ");
  size_t o = strlen(text);
  for (size_t i = 0; i < n; i++)
    text[o++] = '{';
  for (size_t i = 0; i < n; i++)
    text[o++] = '}';
  text[o] = '\0';
  SilaQuery *q = NULL;
  SilaError err = {0};
  sila_error_clear(&err);
  CHECK_INT(SILA_ERR_LIMIT, sila_sparql_parse_query(text, o, NULL, &q, &err));
  CHECK(q == NULL);
  CHECK(strstr(err.message, "nesting deeper than") != NULL);
  /* deep brackets in an expression */
  strcpy(text, "SELECT * { FILTER");
  o = strlen(text);
  for (size_t i = 0; i < n; i++)
    text[o++] = '(';
  text[o] = '\0';
  sila_error_clear(&err);
  CHECK_INT(SILA_ERR_LIMIT, sila_sparql_parse_query(text, o, NULL, &q, &err));
  /* deep collections and property paths */
  strcpy(text, "SELECT * { ?s ?p ");
  o = strlen(text);
  for (size_t i = 0; i < n; i++)
    text[o++] = '(';
  text[o] = '\0';
  sila_error_clear(&err);
  CHECK_INT(SILA_ERR_LIMIT, sila_sparql_parse_query(text, o, NULL, &q, &err));
  strcpy(text, "SELECT * { ?s ");
  o = strlen(text);
  for (size_t i = 0; i < n; i++)
    text[o++] = '(';
  text[o] = '\0';
  sila_error_clear(&err);
  CHECK_INT(SILA_ERR_LIMIT, sila_sparql_parse_query(text, o, NULL, &q, &err));
  /* moderate nesting is fine */
  strcpy(text, "SELECT * { FILTER");
  o = strlen(text);
  for (size_t i = 0; i < 50; i++)
    text[o++] = '(';
  text[o++] = '1';
  for (size_t i = 0; i < 50; i++)
    text[o++] = ')';
  text[o++] = '}';
  text[o] = '\0';
  CHECK_INT(SILA_OK, sila_sparql_parse_query(text, o, NULL, &q, &err));
  sila_query_free(q);
  free(text);
}

/* Long left-deep chains (a || b || ..., UNION, sequences, SELECT
 * expressions) make trees as high as they are long: the height limit
 * refuses them, so recursive walkers of the algebra stay safe. */
static void test_height_limit(void) {
  SilaBuf b = SILA_BUF_INIT;
  SilaQuery *q = NULL;
  SilaError err = {0};
  const char *text = "SELECT ?x { ?x ?p ?o FILTER(?x = 1) }";
  CHECK_INT(SILA_OK, sila_sparql_parse_query(text, strlen(text), NULL, &q, &err));
  if (q) {
    const SilaAlg *a = sila_query_algebra(q);
    CHECK_INT(4, a->height);     /* project > filter > (= ?x 1) > ?x */
    CHECK_INT(3, a->a->height);
    CHECK_INT(2, a->a->exprs[0]->height);
    sila_query_free(q);
  }
  static const char *const pieces[][3] = {
      {"SELECT ?x { ?x ?p ?o FILTER(?x = 0", " || ?x = 1", ") }"},
      {"SELECT ?x { {?x ?p 0}", " UNION {?x ?p 1}", " }"},
      {"SELECT ?x { ?x <http://e/p>", "/<http://e/p>", " ?o }"},
      {"SELECT ?x { ?x ?p ?o OPTIONAL { ?o ?q ?r }", " OPTIONAL { ?o ?q ?r }", " }"},
      {"SELECT ?x", " (1 AS ?v)", " { ?x ?p ?o }"},
  };
  for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
    for (int n = 500; n <= 5000; n += 4500) {
      b.len = 0;
      sila_buf_puts(&b, pieces[i][0]);
      for (int k = 0; k < n; k++) {
        if (i == 4) /* distinct variables */
          sila_buf_printf(&b, " (%d AS ?v%d)", k, k);
        else
          sila_buf_puts(&b, pieces[i][1]);
      }
      sila_buf_puts(&b, pieces[i][2]);
      q = NULL;
      sila_error_clear(&err);
      SilaStatus st = sila_sparql_parse_query(b.data, b.len, NULL, &q, &err);
      if (n == 500) {
        CHECK_INT(SILA_OK, st);
        CHECK(q && sila_query_algebra(q)->height <= SILA_SPARQL_MAX_HEIGHT);
      } else {
        CHECK_INT(SILA_ERR_LIMIT, st);
        CHECK(strstr(err.message, "query too complex") != NULL);
      }
      sila_query_free(q);
    }
  }
  sila_buf_free(&b);
}

static void test_accessors(void) {
  const char *text = "PREFIX : <http://ex/> SELECT ?x (STR(?y) AS ?s) FROM <http://ex/g> "
                     "{ ?x :p ?y ; :q _:b }";
  SilaQuery *q = NULL;
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_sparql_parse_query(text, strlen(text), NULL, &q, &err));
  if (!q)
    return;
  CHECK_INT(SILA_QUERY_SELECT, sila_query_form(q));
  size_t n;
  const int32_t *proj = sila_query_projection(q, &n);
  CHECK_INT(2, n);
  CHECK_STR("x", sila_query_var(q, proj[0])->name);
  CHECK_STR("s", sila_query_var(q, proj[1])->name);
  /* x, y, s, then the hidden _:b */
  CHECK_INT(4, sila_query_var_count(q));
  CHECK(!sila_query_var(q, 1)->hidden);
  CHECK(sila_query_var(q, 3)->hidden);
  CHECK(sila_query_var(q, 4) == NULL);
  const SilaTerm *from = sila_query_from(q, &n);
  CHECK_INT(1, n);
  CHECK(n == 1 && sila_iri_is(from[0].value, from[0].value_len, "http://ex/g"));
  const SilaAlg *a = sila_query_algebra(q);
  CHECK_INT(SILA_ALG_PROJECT, a->kind);
  CHECK_INT(SILA_ALG_EXTEND, a->a->kind);
  CHECK_INT(SILA_EX_STR, a->a->expr->op);
  CHECK_INT(SILA_ALG_BGP, a->a->a->kind);
  CHECK_INT(2, a->a->a->ntriples);
  CHECK_STR("str", sila_expr_op_name(SILA_EX_STR));
  CHECK_INT(1, sila_query_var_lookup(q, "y", 1));
  CHECK_INT(3, sila_query_var_lookup(q, "_:b", 3));
  CHECK_INT(-1, sila_query_var_lookup(q, "z", 1));
  const SilaQueryPrefix *px = sila_query_prefixes(q, &n);
  CHECK_INT(1, n);
  CHECK(n == 1 && px[0].name_len == 0 && px[0].iri_len == 10 && !memcmp(px[0].iri, "http://ex/", 10));
  CHECK(sila_query_base(q) == NULL);
  sila_query_free(q);
  sila_query_free(NULL);
  sila_arena_free(NULL);

  text = "SELECT * { SERVICE <http://r/> { ?s ?p ?o } # }\n}";
  CHECK_INT(SILA_OK, sila_sparql_parse_query(text, strlen(text), NULL, &q, &err));
  if (q) {
    const SilaAlg *s = sila_query_algebra(q)->a;
    CHECK_INT(SILA_ALG_SERVICE, s->kind);
    CHECK(s->text_len == 12 && !memcmp(s->text, "{ ?s ?p ?o }", 12));
    sila_query_free(q);
  }
}

static void test_iri_resolve(void) {
  /* RFC 3986 §5.4 examples */
  static const char *const cases[][2] = {
      {"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"}, {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"}, {";x", "http://a/b/c/;x"}, {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"}, {"./", "http://a/b/c/"}, {"..", "http://a/b/"},
      {"../", "http://a/b/"}, {"../g", "http://a/b/g"}, {"../..", "http://a/"},
      {"../../g", "http://a/g"}, {"../../../g", "http://a/g"}, {"/./g", "http://a/g"},
      {"/../g", "http://a/g"}, {"g.", "http://a/b/c/g."}, {".g", "http://a/b/c/.g"},
      {"./../g", "http://a/b/g"}, {"./g/.", "http://a/b/c/g/"}, {"g;x=1/../y", "http://a/b/c/y"},
  };
  SilaArena *a = sila_arena_new(0);
  const char *base = "http://a/b/c/d;p?q";
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t n;
    char *r = sila_iri_resolve(a, base, strlen(base), cases[i][0], strlen(cases[i][0]), &n);
    CHECK_STR(cases[i][1], r);
    CHECK_INT(strlen(cases[i][1]), n);
  }
  sila_arena_free(a);
}

static void test_arena(void) {
  SilaArena *a = sila_arena_new(64);
  char *big = sila_arena_alloc(a, 1 << 20);
  CHECK(big != NULL);
  memset(big, 1, 1 << 20);
  for (int i = 0; i < 1000; i++) {
    char *p = sila_arena_alloc(a, (size_t)i + 1);
    CHECK(p != NULL && ((uintptr_t)p & 15) == 0);
  }
  char *s = sila_arena_strndup(a, "hello", 3);
  CHECK_STR("hel", s);
  CHECK(sila_arena_size(a) > (1 << 20));
  sila_arena_free(a);
}

/* SPARQL 1.2 triple terms: the translations of §18 (reified triples and
 * annotations to rdf:reifies), the hidden variable of a pattern's triple
 * term, and the errors with their positions. */
static void test_triple_terms(void) {
#define REIF "<" RDFNS "reifies>"
  CHECK_STR("(project (?s ?o) (bgp (triple <http://ex/a> <http://ex/said> <<( ?s <http://ex/p> ?o )>>)))",
            Q("PREFIX : <http://ex/> SELECT * { :a :said <<( ?s :p ?o )>> }"));
  CHECK_STR("(project (?s) (bgp (triple ?_:.0 " REIF " <<( ?s <http://ex/p> <http://ex/o> )>>) "
            "(triple ?_:.0 <http://ex/q> 1)))",
            Q("PREFIX : <http://ex/> SELECT ?s { << ?s :p :o >> :q 1 }"));
  CHECK_STR("(project (?r) (bgp (triple <http://ex/s> <http://ex/p> <http://ex/o>) "
            "(triple ?r " REIF " <<( <http://ex/s> <http://ex/p> <http://ex/o> )>>) "
            "(triple ?r <http://ex/q> 1)))",
            Q("PREFIX : <http://ex/> SELECT ?r { :s :p :o ~ ?r {| :q 1 |} }"));
  CHECK_STR("(project (?t) (extend ((?t (triple <http://ex/s> <http://ex/p> (triple "
            "<http://ex/a> <http://ex/b> \"c\")))) (bgp)))",
            Q("PREFIX : <http://ex/> SELECT ?t { BIND(<<( :s :p <<( :a :b \"c\" )>> )>> AS ?t) }"));
  CHECK_STR("(project (?x) (table (vars ?x) (row [?x <<( <http://ex/s> <http://ex/p> 1 )>>])))",
            Q("PREFIX : <http://ex/> SELECT * { VALUES ?x { <<( :s :p 1 )>> } }"));
  /* a path ending in a triple term: the components are matched after it */
  CHECK_STR("(project (?s) (join (path ?x (alt <http://ex/p> <http://ex/q>) "
            "<<( ?s <http://ex/r> 1 )>>) "
            "(bgp (tt ?.tt0 <<( ?s <http://ex/r> 1 )>>))))",
            Q("PREFIX : <http://ex/> SELECT ?s { ?x :p|:q <<( ?s :r 1 )>> }"));
  CHECK_ERR("SELECT * { <<( ?s ?p ?o )>> . }", 1, 29, "a predicate");
  CHECK_ERR("SELECT * { BIND(<<( \"x\" <http://ex/p> 1 )>> AS ?t) }", 1, 21,
            "subject of a triple term");
  CHECK_ERR("SELECT * { ?s ?p ?o . BIND(<< ?s ?p ?o >> AS ?t) }", 1, 28, "expression");
  CHECK_ERR("SELECT * { ?s <http://ex/p>/<http://ex/q> ?o {| ?a ?b |} }", 1, 46,
            "annotation cannot follow a property path");
  CHECK_ERR("SELECT * { <<( ?s <http://ex/p> () )>> <http://ex/q> 1 }", 1, 33, "collection");
  CHECK_UERR("DELETE DATA { <http://ex/s> <http://ex/p> <http://ex/o> {| <http://ex/q> 1 |} }", 1,
             60, "reifier without a name");
#undef REIF
}

int main(void) {
  test_basic();
  test_terms();
  test_patterns();
  test_paths();
  test_expressions();
  test_all_builtins();
  test_modifiers();
  test_forms();
  test_update();
  test_triple_terms();
  test_static_rules();
  test_errors();
  test_depth_limit();
  test_height_limit();
  test_accessors();
  test_iri_resolve();
  test_arena();
  return TEST_REPORT();
}
