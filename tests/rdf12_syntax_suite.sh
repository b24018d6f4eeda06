#!/bin/sh
# The W3C RDF 1.2 syntax tests of base direction and VERSION announcements
# (N-Triples, N-Quads, Turtle), through the parsers and `sila load`/dump.
exec ./rdf_syntax_suite --rdf12
