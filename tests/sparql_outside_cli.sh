#!/bin/sh
# The W3C SPARQL 1.0 + 1.1 query and update tests through the `sila` command line.
exec ./sparql_outside cli -j 2
