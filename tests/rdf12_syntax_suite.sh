#!/bin/sh
# Every W3C RDF 1.2 syntax test (rdf/rdf12: N-Triples, N-Quads, Turtle,
# TriG, RDF/XML; syntax, evaluation and canonical-form tests) through the
# parsers and `sila load` / `sila dump`; rdf-semantics entailment tests are
# skipped by type (not syntax).  The RDF 1.1 tests the RDF 1.2 manifests
# include run in rdf_syntax_suite.
exec ./rdf_syntax_suite --rdf12
